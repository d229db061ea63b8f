# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A small in-memory ACM PCA for the CA modules' unit tests: the status rules of the API reference, and a call log.

Only what the modules call. Errors are botocore ClientErrors with the codes AWS documents, so the modules'
error handling runs as it would against AWS.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import botocore.exceptions

from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import client_error as _client_error
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import install_clients
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import known_members

ACCOUNT = "123456789012"
REGION = "us-east-1"
CSR = "-----BEGIN CERTIFICATE REQUEST-----\nMIIBfake\n-----END CERTIFICATE REQUEST-----\n"
WRITES = {
    "create_certificate_authority",
    "update_certificate_authority",
    "delete_certificate_authority",
    "restore_certificate_authority",
    "tag_certificate_authority",
    "untag_certificate_authority",
}


def echoed(revocation: dict[str, Any]) -> dict[str, Any]:
    """A RevocationConfiguration as AWS stores it: an enabled CRL gets AWS's defaults filled in."""
    crl = dict(revocation.get("CrlConfiguration") or {"Enabled": False})
    if crl.get("Enabled"):
        defaults = {
            "ExpirationInDays": 7,
            "S3ObjectAcl": "PUBLIC_READ",
            "CrlType": "COMPLETE",
            "CrlDistributionPointExtensionConfiguration": {"OmitExtension": False},
        }
        crl = {**known_members("acm-pca", "CrlConfiguration", defaults), **crl}
    return {"CrlConfiguration": crl, "OcspConfiguration": revocation.get("OcspConfiguration") or {"Enabled": False}}


def client_error(code: str, operation: str, message: str = "") -> botocore.exceptions.ClientError:
    return _client_error(code, operation, message or code)


class FakeAcmPca:
    def __init__(self, now: datetime.datetime | None = None) -> None:
        self.cas: dict[str, dict[str, Any]] = {}
        self.tags: dict[str, list[dict[str, str]]] = {}
        self.calls: list[str] = []
        self.now = now or datetime.datetime(2026, 11, 29, 12, 0, tzinfo=datetime.timezone.utc)
        self.creating_polls = 0  # Describe calls that still answer CREATING after a create
        self.fail_creation = False
        self.page_size = 2
        self.tokens: dict[str, str] = {}
        self.tags_of_deleted_readable = True  # the stand-in answers InvalidStateException for them
        # The tagging API's GetResources (the fake answers for both services): its index of the CAs' tags.
        self.tagging_denied = False  # AccessDeniedException: the credentials lack tag:GetResources
        self.unindexed: set[str] = set()  # CAs the index has not seen yet (eventual consistency)
        self.index_lists_deleted = False  # whether the index lists DELETED CAs
        self.stale_index: dict[str, list[dict[str, str]]] = {}  # ARN -> tags the index shows instead of today's
        self.resources_page_size = 2

    @property
    def writes(self) -> list[str]:
        return [call for call in self.calls if call in WRITES]

    # -- helpers for tests

    def add(self, status: str = "PENDING_CERTIFICATE", name: str | None = None, **fields: Any) -> str:
        arn = f"arn:aws:acm-pca:{REGION}:{ACCOUNT}:certificate-authority/{uuid.uuid4()}"
        ca = {
            "Arn": arn,
            "OwnerAccount": ACCOUNT,
            "CreatedAt": self.now,
            "Type": "SUBORDINATE",
            "Status": status,
            "CertificateAuthorityConfiguration": {
                "KeyAlgorithm": "RSA_2048",
                "SigningAlgorithm": "SHA256WITHRSA",
                "Subject": {"CommonName": "Unit CA"},
            },
            "KeyStorageSecurityStandard": "FIPS_140_2_LEVEL_3_OR_HIGHER",
            "UsageMode": "GENERAL_PURPOSE",
        }
        if status in ("ACTIVE", "DISABLED", "EXPIRED"):
            ca["NotBefore"] = self.now
            ca["NotAfter"] = self.now + datetime.timedelta(days=365)
        ca.update(fields)
        self.cas[arn] = ca
        self.tags[arn] = [{"Key": "Name", "Value": name}] if name else []
        return arn

    def _ca(self, arn: str, operation: str) -> dict[str, Any]:
        if arn not in self.cas:
            raise client_error("ResourceNotFoundException", operation, f"Could not find {arn}")
        return self.cas[arn]

    def _log(self, name: str) -> None:
        self.calls.append(name)

    # -- the API

    def create_certificate_authority(self, aws_retry=False, **request):
        self._log("create_certificate_authority")
        token = request.pop("IdempotencyToken", None)
        if token and token in self.tokens:
            return {"CertificateAuthorityArn": self.tokens[token]}
        arn = self.add(
            status="FAILED" if self.fail_creation else "CREATING",
            Type=request["CertificateAuthorityType"],
            CertificateAuthorityConfiguration=request["CertificateAuthorityConfiguration"],
        )
        if self.fail_creation:
            self.cas[arn]["FailureReason"] = "OTHER"
        if "RevocationConfiguration" in request:
            self.cas[arn]["RevocationConfiguration"] = echoed(request["RevocationConfiguration"])
        for key in ("KeyStorageSecurityStandard", "UsageMode"):
            if key in request:
                self.cas[arn][key] = request[key]
        self.tags[arn] = list(request.get("Tags", []))
        if token:
            self.tokens[token] = arn
        return {"CertificateAuthorityArn": arn}

    def describe_certificate_authority(self, CertificateAuthorityArn, aws_retry=False):
        self._log("describe_certificate_authority")
        ca = self._ca(CertificateAuthorityArn, "DescribeCertificateAuthority")
        if ca["Status"] == "CREATING":
            if self.creating_polls > 0:
                self.creating_polls -= 1
            else:
                ca["Status"] = "PENDING_CERTIFICATE"
        return {"CertificateAuthority": dict(ca)}

    def list_certificate_authorities(self, aws_retry=False, ResourceOwner="SELF", NextToken=None, MaxResults=None):
        self._log("list_certificate_authorities")
        arns = list(self.cas)
        start = int(NextToken or 0)
        page = arns[start : start + self.page_size]
        answer: dict[str, Any] = {"CertificateAuthorities": [dict(self.cas[arn]) for arn in page]}
        if start + self.page_size < len(arns):
            answer["NextToken"] = str(start + self.page_size)
        return answer

    def list_tags(self, CertificateAuthorityArn, aws_retry=False, NextToken=None, MaxResults=None):
        self._log("list_tags")
        ca = self._ca(CertificateAuthorityArn, "ListTags")
        if ca["Status"] == "DELETED" and not self.tags_of_deleted_readable:
            raise client_error("InvalidStateException", "ListTags")
        return {"Tags": list(self.tags[CertificateAuthorityArn])}

    def get_resources(
        self, aws_retry=False, ResourceTypeFilters=(), TagFilters=(), ResourcesPerPage=50, PaginationToken=None
    ):
        """GetResources of the Resource Groups Tagging API, for CAs only, with the index's own view of them."""
        self._log("get_resources")
        if self.tagging_denied:
            raise client_error("AccessDeniedException", "GetResources", "not authorized to perform tag:GetResources")
        assert list(ResourceTypeFilters) == ["acm-pca:certificate-authority"]
        listed = []
        for arn in [*self.cas, *(arn for arn in self.stale_index if arn not in self.cas)]:
            ca = self.cas.get(arn, {"Status": "GONE"})
            if arn in self.unindexed or (ca["Status"] == "DELETED" and not self.index_lists_deleted):
                continue
            tags = {tag["Key"]: tag["Value"] for tag in self.stale_index.get(arn, self.tags.get(arn, []))}
            if all(f["Key"] in tags and (not f.get("Values") or tags[f["Key"]] in f["Values"]) for f in TagFilters):
                listed.append({"ResourceARN": arn, "Tags": [{"Key": k, "Value": v} for k, v in tags.items()]})
        start = int(PaginationToken or 0)
        size = min(ResourcesPerPage, self.resources_page_size)
        answer: dict[str, Any] = {"ResourceTagMappingList": listed[start : start + size]}
        if start + size < len(listed):
            answer["PaginationToken"] = str(start + size)
        return answer

    def tag_certificate_authority(self, CertificateAuthorityArn, Tags, aws_retry=False):
        self._log("tag_certificate_authority")
        self._ca(CertificateAuthorityArn, "TagCertificateAuthority")
        current = {tag["Key"]: tag["Value"] for tag in self.tags[CertificateAuthorityArn]}
        current.update({tag["Key"]: tag["Value"] for tag in Tags})
        self.tags[CertificateAuthorityArn] = [{"Key": k, "Value": v} for k, v in current.items()]
        return {}

    def untag_certificate_authority(self, CertificateAuthorityArn, Tags, aws_retry=False):
        self._log("untag_certificate_authority")
        self._ca(CertificateAuthorityArn, "UntagCertificateAuthority")
        gone = {tag["Key"] for tag in Tags}
        self.tags[CertificateAuthorityArn] = [t for t in self.tags[CertificateAuthorityArn] if t["Key"] not in gone]
        return {}

    def update_certificate_authority(self, CertificateAuthorityArn, aws_retry=False, **update):
        self._log("update_certificate_authority")
        ca = self._ca(CertificateAuthorityArn, "UpdateCertificateAuthority")
        if ca["Status"] not in ("ACTIVE", "DISABLED"):
            raise client_error("InvalidStateException", "UpdateCertificateAuthority")
        if "Status" in update:
            ca["Status"] = update["Status"]
        if "RevocationConfiguration" in update:
            ca["RevocationConfiguration"] = echoed(update["RevocationConfiguration"])
        return {}

    def delete_certificate_authority(self, CertificateAuthorityArn, PermanentDeletionTimeInDays=30, aws_retry=False):
        self._log("delete_certificate_authority")
        ca = self._ca(CertificateAuthorityArn, "DeleteCertificateAuthority")
        if ca["Status"] in ("ACTIVE", "DELETED"):
            raise client_error("InvalidStateException", "DeleteCertificateAuthority")
        ca["Status"] = "DELETED"
        ca["RestorableUntil"] = self.now + datetime.timedelta(days=PermanentDeletionTimeInDays)
        return {}

    def restore_certificate_authority(self, CertificateAuthorityArn, aws_retry=False):
        self._log("restore_certificate_authority")
        ca = self._ca(CertificateAuthorityArn, "RestoreCertificateAuthority")
        if ca["Status"] != "DELETED":
            raise client_error("InvalidStateException", "RestoreCertificateAuthority")
        ca["Status"] = "DISABLED" if ca.get("NotAfter") else "PENDING_CERTIFICATE"
        ca.pop("RestorableUntil", None)
        return {}

    def get_certificate_authority_csr(self, CertificateAuthorityArn, aws_retry=False):
        self._log("get_certificate_authority_csr")
        ca = self._ca(CertificateAuthorityArn, "GetCertificateAuthorityCsr")
        if ca["Status"] == "CREATING":
            raise client_error("RequestInProgressException", "GetCertificateAuthorityCsr")
        if ca["Status"] in ("DELETED", "FAILED"):
            raise client_error("InvalidStateException", "GetCertificateAuthorityCsr")
        return {"Csr": CSR}

    def get_certificate_authority_certificate(self, CertificateAuthorityArn, aws_retry=False):
        self._log("get_certificate_authority_certificate")
        ca = self._ca(CertificateAuthorityArn, "GetCertificateAuthorityCertificate")
        if ca["Status"] not in ("ACTIVE", "DISABLED", "EXPIRED"):
            raise client_error("InvalidStateException", "GetCertificateAuthorityCertificate")
        return {
            "Certificate": "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n",
            "CertificateChain": "-----BEGIN CERTIFICATE-----\nPARENT\n-----END CERTIFICATE-----\n",
        }


def install(monkeypatch, fake: FakeAcmPca) -> list[dict[str, Any]]:
    """Make AnsibleAWSModule.client hand out ``fake`` for ACM PCA and the tagging API (the one seam); return the clients made, with their region."""
    return install_clients(monkeypatch, {"acm-pca": fake, "resourcegroupstaggingapi": fake})
