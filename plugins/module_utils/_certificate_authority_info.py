# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What privateca.aws.acmpca_certificate_authority_info does: list or describe CAs, with tags, certificate, CSR.

Private to this collection: the names here may change without notice.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code

from ansible_collections.privateca.aws.plugins.module_utils import _ca_model as model
from ansible_collections.privateca.aws.plugins.module_utils._aws.arn import parse_ca_arn
from ansible_collections.privateca.aws.plugins.module_utils._aws.client import AwsApi
from ansible_collections.privateca.aws.plugins.module_utils._ca_by_tag import fallback_warning
from ansible_collections.privateca.aws.plugins.module_utils._ca_by_tag import tagged_cas
from ansible_collections.privateca.aws.plugins.module_utils._certificate_authority import HAS_CSR
from ansible_collections.privateca.aws.plugins.module_utils._certificate_authority import read_tags
from ansible_collections.privateca.aws.plugins.module_utils._csr import get_csr

# Statuses in which GetCertificateAuthorityCertificate has a certificate to give.
HAS_CERTIFICATE = ("ACTIVE", "DISABLED", "EXPIRED")
MAX_CONCURRENCY_LIMIT = 32
# "Valid Range: Minimum value of 1. Maximum value of 1000." (ListCertificateAuthorities, MaxResults)
LISTING_PAGE_SIZE = 1000


class MissingCa(Exception):
    """The CA asked for by ARN does not exist, or is DELETED (and DELETED was not asked for)."""


def _matches_cheap_filters(ca: dict[str, Any], statuses: list[str] | None, ca_type: str | None) -> bool:
    return (not statuses or ca.get("Status") in statuses) and (not ca_type or ca.get("Type") == ca_type)


def _matches_tags(tags: dict[str, str], name: str | None, wanted_tags: dict[str, str] | None) -> bool:
    if name is not None and tags.get(model.NAME_TAG) != name:
        return False
    return all(tags.get(key) == str(value) for key, value in (wanted_tags or {}).items())


class CertificateAuthorityInfo:
    def __init__(
        self,
        api: AwsApi,
        params: dict[str, Any],
        tagging: Callable[[], Any] | None = None,
        warn: Callable[[str], None] = lambda message: None,
    ) -> None:
        self.api = api
        self.params = params
        self.tags_denied: list[str] = []  # shared CAs whose tags the credentials may not read
        self.tagging = tagging  # makes the tagging API's client, to find CAs by name or tags (by_tags)
        self.warn = warn
        self.index_tags: dict[str, dict[str, str]] = {}  # what GetResources gave, for CAs ListTags does not answer

    def _extras(self, ca: dict[str, Any]) -> dict[str, str | None]:
        """The certificate and CSR when asked for and the CA's status has them."""
        arn, status = ca["Arn"], ca.get("Status")
        extras: dict[str, str | None] = {}
        if self.params["include_certificate"] and status in HAS_CERTIFICATE:
            answer = self.api.call("GetCertificateAuthorityCertificate", f"the CA {arn}", CertificateAuthorityArn=arn)
            extras["certificate"] = answer.get("Certificate")
            extras["certificate_chain"] = answer.get("CertificateChain")
        if self.params["include_csr"] and status in HAS_CSR:
            # Not there yet (in progress): the CA is listed without it.
            csr = get_csr(self.api, parse_ca_arn(arn), wait=False, wait_timeout=0, required=False)
            if csr is not None:
                extras["csr"] = csr
        return extras

    def _tags(self, ca: dict[str, Any]) -> dict[str, str]:
        """The CA's tags; none where AWS will not give them (a DELETED CA, or a shared CA whose RAM permission
        does not allow ListTags), so that one such CA does not fail the listing."""
        expected = ("AccessDeniedException",) if self.params["resource_owner"] == "OTHER_ACCOUNTS" else ()
        try:
            tags = read_tags(self.api, ca["Arn"], expected=expected)
            return tags if tags is not None else self.index_tags.get(ca["Arn"], {})
        except is_boto3_error_code("AccessDeniedException"):
            self.tags_denied.append(ca["Arn"])
            return {}

    def _each(self, function, cas: list[dict[str, Any]]) -> list[Any]:
        """function(ca) for each CA, with at most max_concurrency requests in flight, in the listing's order."""
        if len(cas) <= 1 or self.params["max_concurrency"] == 1:
            return [function(ca) for ca in cas]
        with ThreadPoolExecutor(max_workers=min(self.params["max_concurrency"], len(cas))) as pool:
            return list(pool.map(function, cas))

    def by_arn(self, arn: str) -> list[dict[str, Any]]:
        try:
            answer = self.api.call(
                "DescribeCertificateAuthority",
                f"the CA {arn}",
                expected=("ResourceNotFoundException",),
                CertificateAuthorityArn=arn,
            )
        except is_boto3_error_code("ResourceNotFoundException"):
            raise MissingCa(f"No CA {arn} exists (or it was deleted for good)") from None
        ca = answer["CertificateAuthority"]
        statuses = self.params.get("status")
        if ca.get("Status") == "DELETED" and "DELETED" not in (statuses or []):
            raise MissingCa(f"The CA {arn} is DELETED (restorable until {ca.get('RestorableUntil')})")
        return self._filtered([ca])

    def listing(self) -> list[dict[str, Any]]:
        """The CAs that match the filters: by GetResources when name or tags narrow them (see by_tags), else by
        listing every CA of the region and reading each one's tags."""
        found = self.by_tags()
        if found is not None:
            return found
        params = {"ResourceOwner": self.params["resource_owner"]}
        cas = list(
            self.api.paginate("ListCertificateAuthorities", "the account's CAs", "CertificateAuthorities", **params)
        )
        return self._filtered(cas)

    def by_tags(self) -> list[dict[str, Any]] | None:
        """The CAs that match the name and tags filters, found with the tagging API; None when it cannot be asked
        (no name or tags filter, shared CAs, no tagging client, access denied: then the caller lists as before).

        One listing (ListCertificateAuthorities, up to 1000 CAs a page) describes every CA; GetResources names the
        CAs that carry the tags; only those, and the DELETED CAs as before, have their tags read (ListTags) and
        matched. Whether the tagging API lists DELETED CAs is not documented; where ListTags gives nothing for
        one, the tags the tagging API gave are used.

        The tagging API is eventually consistent: a CA created or tagged moments ago may be missing for a short
        while (the documentation says so). Its answer is taken as it is, also when empty: this module changes
        nothing, so a miss costs no second CA (acmpca_certificate_authority confirms a miss with the listing
        before it creates one), and reading the tags of CAs it does not name (all of them, or the young ones:
        a play that makes many CAs and then looks them up) would bring back one request per CA. A CA whose own
        tags no longer match is left out, and an ARN the index keeps after the CA is gone for good is not in
        the listing.

        Only this account's CAs are in the tag index, so resource_owner OTHER_ACCOUNTS lists as before.
        """
        name, tags = self.params.get("name"), self.params.get("tags")
        if (name is None and not tags) or self.params["resource_owner"] != "SELF" or self.tagging is None:
            return None
        filters: dict[str, list[str] | None] = {key: [str(value)] for key, value in (tags or {}).items()}
        if name is not None:
            if str(filters.get(model.NAME_TAG, [name])[0]) != name:
                return None  # the Name tag asked for twice with two values: nothing matches; the listing says so
            filters[model.NAME_TAG] = [name]
        named = tagged_cas(self.tagging(), filters, "the CAs with these tags")
        if named is None:
            self.warn(fallback_warning("the CAs matching name and tags"))
            return None
        self.index_tags = named
        cas = self.api.paginate(
            "ListCertificateAuthorities",
            "the account's CAs",
            "CertificateAuthorities",
            ResourceOwner="SELF",
            MaxResults=LISTING_PAGE_SIZE,
        )
        return self._filtered([ca for ca in cas if ca["Arn"] in named or ca.get("Status") == "DELETED"])

    def _filtered(self, cas: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Status and type first (no request), then tags (one request per CA), then the extras of the rest."""
        cas = [ca for ca in cas if _matches_cheap_filters(ca, self.params.get("status"), self.params.get("type"))]
        tags_by_ca = self._each(self._tags, cas)
        kept = [
            (ca, tags)
            for ca, tags in zip(cas, tags_by_ca)
            if _matches_tags(tags, self.params.get("name"), self.params.get("tags"))
        ]
        extras = self._each(self._extras, [ca for ca, _tags in kept])
        return [model.ca_result(ca, tags, **extra) for (ca, tags), extra in zip(kept, extras)]
