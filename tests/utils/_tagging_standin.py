# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The stand-in's Resource Groups Tagging API for ACM PCA: GetResources lists the stand-in's CAs as AWS does.

moto 5.2.5 serves GetResources, but its ACM PCA backend is not a taggable backend, so no CA is ever
listed. acmpca_standin.py installs this file (``install()``), which keeps these rules (quotes are from the
Resource Groups Tagging API reference, API_GetResources.html and supported-services.html; each rule is
proven by a test in tests/unit/tagging_standin/):

- "The GetResources, GetTagKeys, and GetTagValues operations support all resource types": the CAs of the
  request's account and region are listed beside whatever moto lists for its other services.
- ResourceTypeFilters: "The format of each resource type is service[:resourceType]"; a CA is of type
  ``acm-pca:certificate-authority`` and matches that string and ``acm-pca``.
- TagFilters: "If you specify multiple filters connected by an AND operator ... only resources that match all
  filters"; a filter with Values matches a tag of that Key with one of the Values (OR), a filter without
  Values any tag of that Key (moto's own matcher, shared with its other services).
- Pagination: ResourcesPerPage (1 to 100, default 50; else InvalidParameterException) and PaginationToken,
  as moto pages its other services (an unknown token answers PaginationTokenExpiredException).
- "does not return untagged resources", but "all the tagged or previously tagged resources": a CA is listed
  once it carried a tag, also after its tags were removed.
- Eventual consistency: the API page documents no delay; AWS's tag index is updated after the change. The
  index here sees a CA (or a change of its tags or status) ``tagging_delay_seconds`` after the ACM PCA
  request that made it (knob ACMPCA_STANDIN_TAGGING_DELAY_SECONDS, default 0): until then GetResources
  answers with what it saw before (nothing, for a new CA).
- DELETED CAs (in their restoration period): the reference does not say whether GetResources lists them. A
  maintainer of the AWS SDKs explained (aws/aws-sdk#302) that the API is meant to list "the tagged resources
  which are currently active", deleted resources showing only where a service is not onboarded to the tag
  index. The stand-in therefore leaves DELETED CAs out by default; ``tagging_lists_deleted`` = 1 (knob
  ACMPCA_STANDIN_TAGGING_LISTS_DELETED) lists them with the tags they had, so that modules are tested both ways.
- A CA deleted for good (moto's reset) leaves the index ``tagging_delay_seconds`` later, like any change.
- Refusal: ``tagging_denied`` = 1 (knob ACMPCA_STANDIN_TAGGING_DENIED, or ``POST /_standin/config``) makes
  GetResources answer HTTP 400 AccessDeniedException, as AWS does for a caller without ``tag:GetResources``
  (the reference lists no such error for GetResources; AccessDeniedException is what IAM answers on every
  JSON-protocol API).

The index is fed by ``observe()``, which acmpca_standin.py's call log runs after each ACM PCA request
(every one that can create, tag, untag, delete or restore a CA) and before each GetResources.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from typing import Any

from _acmpca_standin_common import CONFIG
from _acmpca_standin_common import LOCK
from moto.core.resource_tagging import TaggedResource
from moto.resourcegroupstaggingapi.exceptions import ResourceGroupsTaggingAPIError
from moto.resourcegroupstaggingapi.models import ResourceGroupsTaggingAPIBackend

RESOURCE_TYPE = "acm-pca:certificate-authority"
TARGET_PREFIX = "ResourceGroupsTaggingAPI_20170126."

CONFIG.setdefault("tagging_delay_seconds", float(os.environ.get("ACMPCA_STANDIN_TAGGING_DELAY_SECONDS", "0")))
CONFIG.setdefault("tagging_lists_deleted", float(os.environ.get("ACMPCA_STANDIN_TAGGING_LISTS_DELETED", "0")))
CONFIG.setdefault("tagging_denied", float(os.environ.get("ACMPCA_STANDIN_TAGGING_DENIED", "0")))


class TagIndex:
    """What the tagging API has seen of each CA: (time seen, tags, status) records, newest last.

    A record with tags None says the CA was gone (deleted for good) from that time on.
    """

    def __init__(self) -> None:
        self.records: dict[str, list[tuple[float, dict[str, str] | None, str | None]]] = {}
        self.lock = threading.Lock()

    def observe(self) -> None:
        """Record each CA whose tags or status differ from what the index last saw, with the time now."""
        from _acmpca_standin_backend import standin_backends

        now = time.monotonic()
        seen: dict[str, tuple[dict[str, str], str]] = {}
        with LOCK:
            for account in list(standin_backends.keys()):
                for backend in list(standin_backends[account].values()):
                    for arn, ca in list(backend.certificate_authorities.items()):
                        tags = {tag["Key"]: tag["Value"] for tag in backend.tagger.list_tags_for_resource(arn)["Tags"]}
                        seen[arn] = (tags, ca.status)
        with self.lock:
            for arn, (tags, status) in seen.items():
                history = self.records.setdefault(arn, [])
                if not history or history[-1][1:] != (tags, status):
                    history.append((now, tags, status))
            for arn, history in self.records.items():
                if arn not in seen and history[-1][1] is not None:
                    history.append((now, None, None))

    def visible(self, account: str, region: str) -> Iterator[TaggedResource]:
        """The CAs of one account and region as GetResources shows them now (after the delay)."""
        cutoff = time.monotonic() - CONFIG["tagging_delay_seconds"]
        lists_deleted = bool(CONFIG["tagging_lists_deleted"])
        with self.lock:
            histories = {arn: list(history) for arn, history in self.records.items()}
        for arn, history in histories.items():
            if arn.split(":")[3:5] != [region, account]:
                continue
            known = [record for record in history if record[0] <= cutoff]
            if not known:
                continue  # not in the index yet
            _at, tags, status = known[-1]
            if tags is None or (status == "DELETED" and not lists_deleted):
                continue
            if not tags and not any(record[1] for record in known):
                continue  # never tagged: "does not return untagged resources"
            yield TaggedResource(arn=arn, tags=dict(tags), resource_type=RESOURCE_TYPE)


INDEX = TagIndex()


class StandinTaggingBackend(ResourceGroupsTaggingAPIBackend):
    """moto's tagging backend, with the stand-in's CAs among the resources it lists."""

    def get_resources(self, *args: Any, **kwargs: Any):
        if CONFIG["tagging_denied"]:
            raise ResourceGroupsTaggingAPIError(
                "AccessDeniedException",
                "User is not authorized to perform: tag:GetResources (the stand-in's tagging_denied knob is set)",
            )
        INDEX.observe()
        return super().get_resources(*args, **kwargs)

    def _get_resources_generator(
        self,
        tag_filters: list[dict[str, Any]] | None = None,
        resource_type_filters: list[str] | None = None,
        resource_arn_list: list[str] | None = None,
    ) -> Iterator[TaggedResource]:
        from moto.core.resource_tagging import make_tag_matcher
        from moto.core.resource_tagging import match_resource_type

        yield from super()._get_resources_generator(tag_filters, resource_type_filters, resource_arn_list)
        matcher = make_tag_matcher(tag_filters)
        for resource in INDEX.visible(self.account_id, self.region_name):
            if not match_resource_type(resource.resource_type, resource_type_filters):
                continue
            if not matcher(resource.tags):
                continue
            if resource_arn_list and resource.arn not in resource_arn_list:
                continue
            yield resource


def observe_after(environ: dict[str, Any]) -> None:
    """The call log's hook: after an ACM PCA request, let the index see what it changed."""
    if environ.get("HTTP_X_AMZ_TARGET", "").startswith("ACMPrivateCA."):
        INDEX.observe()


def install() -> None:
    """Make moto's tagging API the stand-in's, in this process: before moto's server starts."""
    from moto.core.base_backend import BackendDict
    from moto.resourcegroupstaggingapi import models
    from moto.resourcegroupstaggingapi import responses

    backends = BackendDict(StandinTaggingBackend, "resourcegroupstaggingapi")
    models.resourcegroupstaggingapi_backends = backends
    responses.resourcegroupstaggingapi_backends = backends
