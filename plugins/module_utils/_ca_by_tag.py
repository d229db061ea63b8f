# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which of the account's CAs carry given tags, in one request: the Resource Groups Tagging API's GetResources.

Finding a CA by its Name tag (or the info module's tag filters) by listing every CA and reading each one's
tags costs one ListTags request per CA in the region, against a quota of 20 a second shared by the whole
account: at 200 CAs, 10 seconds of it for one task. GetResources with ``ResourceTypeFilters`` and
``TagFilters`` names the matching CAs in one request (one per 100 matches); the callers then read only
those. Three properties of the tagging API shape how they use the answer:

- It needs its own IAM action, ``tag:GetResources``. A caller refused it (AccessDeniedException) falls back
  to the listing, with one warning naming the action to add. A refusal is the only reason to fall back;
  an empty answer is an answer, and any other error fails the task.
- It is eventually consistent (AWS documents no delay): a CA created or tagged moments ago may be missing, a
  CA whose Name tag just changed may still show the old one, and a CA deleted for good may linger. So the
  callers read each named CA's own tags (ListTags) before they count it as a match and skip ARNs that no
  longer exist. ``acmpca_certificate_authority`` confirms with the listing whenever no live CA carries the
  name, before it creates or restores a CA, so that a second run moments after the first never makes a
  second CA (a rerun that finds its CA sends no listing). ``acmpca_certificate_authority_info``, which
  changes nothing, takes the answer as it is and says so in its documentation.
- Whether it lists DELETED CAs in their restore period is not documented. Nothing here depends on it: the
  callers find DELETED CAs through the listing as before, and use the tags GetResources gives for one where
  ListTags answers nothing (AWS answers InvalidStateException for a DELETED CA).

Private to this collection: the names here may change without notice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict

from ansible_collections.privateca.aws.plugins.module_utils._aws.client import AwsApi
from ansible_collections.privateca.aws.plugins.module_utils._aws.client import module_api

SERVICE = "resourcegroupstaggingapi"
RESOURCE_TYPE = "acm-pca:certificate-authority"
PERMISSION = "tag:GetResources"
# "You can specify a minimum of 1 and a maximum value of 100" (GetResources, ResourcesPerPage).
PAGE_SIZE = 100
DENIED = ("AccessDeniedException", "AccessDenied")


def fallback_warning(what: str) -> str:
    return (
        f"The credentials may not call {PERMISSION} (AccessDeniedException), so {what} was found by listing every CA "
        "of the region and reading its tags: one ListTags request per CA. Add the IAM action "
        f"{PERMISSION} to find CAs by tag in one request."
    )


def tagged_cas(
    tagging: AwsApi, tag_filters: dict[str, list[str] | None], subject: str
) -> dict[str, dict[str, str]] | None:
    """ARN -> tags of the CAs of the tagging API's region that carry every tag of ``tag_filters``
    (key -> accepted values, or None for any value); None when the caller may not call GetResources.

    ``tagging`` is the call layer's AwsApi for the tagging service (its retries and time budget apply).
    """
    request: dict[str, Any] = {
        "ResourceTypeFilters": [RESOURCE_TYPE],
        "TagFilters": [
            {"Key": key, **({"Values": list(values)} if values is not None else {})}
            for key, values in tag_filters.items()
        ],
        "ResourcesPerPage": PAGE_SIZE,
    }
    found: dict[str, dict[str, str]] = {}
    token = None
    while True:
        try:
            page = tagging.call(
                "GetResources",
                subject,
                expected=DENIED,
                **request,
                **({"PaginationToken": token} if token else {}),
            )
        except is_boto3_error_code(list(DENIED)):
            return None
        for mapping in page.get("ResourceTagMappingList", []):
            arn = mapping.get("ResourceARN", "")
            if ":certificate-authority/" in arn:
                found[arn] = boto3_tag_list_to_ansible_dict(mapping.get("Tags", []))
        token = page.get("PaginationToken")
        if not token:
            return found


def module_tagging(module, api: AwsApi) -> Callable[[], AwsApi]:
    """What a module passes to its task: makes the tagging API's client in the configured region (a CA is found
    by name there), within the task's time budget, when the task first looks for a CA by tag."""
    return lambda: module_api(module, service=SERVICE, budget=api.budget)
