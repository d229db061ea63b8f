# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The unit tests' one fake of ACM PCA: an in-memory account with the rules of the API reference.

CAs with their statuses, tags, CSRs and certificates; certificates issued, fetched and revoked; permissions,
policies and audit reports; and the Resource Groups Tagging API's view of the CAs (FakeTagging). Errors are
botocore ClientErrors with the codes AWS documents, so the plugins' error handling runs as it would against
AWS. The plugins get it through the one seam, install_clients, which checks every request and answer against
botocore's model and keeps amazon.aws's retry layer in the path.

A CA added with a key ``tree`` (_certs_helpers.Hierarchy) has a real CSR and signs real certificates; one
without gives a placeholder CSR and CA certificate, for tests that never parse them.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import FakeService
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import client_error
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import install_clients
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import known_members
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import Hierarchy
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import make_certificate
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import pem

ACCOUNT = "123456789012"
REGION = "us-east-1"
CA_ARN = f"arn:aws:acm-pca:{REGION}:{ACCOUNT}:certificate-authority/12345678-1234-1234-1234-123456789012"
PLACEHOLDER_CSR = "-----BEGIN CERTIFICATE REQUEST-----\nMIIBfake\n-----END CERTIFICATE REQUEST-----\n"
PLACEHOLDER_CERTIFICATE = {
    "Certificate": "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n",
    "CertificateChain": "-----BEGIN CERTIFICATE-----\nPARENT\n-----END CERTIFICATE-----\n",
}
CREATED_AT = datetime.datetime(2026, 11, 29, 12, 0, tzinfo=datetime.timezone.utc)
WRITES = {
    "CreateCertificateAuthority",
    "UpdateCertificateAuthority",
    "DeleteCertificateAuthority",
    "RestoreCertificateAuthority",
    "TagCertificateAuthority",
    "UntagCertificateAuthority",
    "ImportCertificateAuthorityCertificate",
    "IssueCertificate",
    "RevokeCertificate",
    "CreatePermission",
    "DeletePermission",
    "PutPolicy",
    "DeletePolicy",
    "CreateCertificateAuthorityAuditReport",
}
_SIGNED = ("ACTIVE", "DISABLED", "EXPIRED")  # statuses of a CA that holds its certificate


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


class FakeAcmPca(FakeService):
    service = "acm-pca"

    def __init__(self, now: datetime.datetime | None = None) -> None:
        super().__init__()
        self.now = now or CREATED_AT
        self.cas: dict[str, dict[str, Any]] = {}  # ARN -> what DescribeCertificateAuthority answers
        self.tags: dict[str, list[dict[str, str]]] = {}
        self.trees: dict[str, Hierarchy] = {}  # ARN -> the keys of a CA that signs real certificates
        self.ca_certificates: dict[str, dict[str, str]] = {}  # ARN -> GetCertificateAuthorityCertificate's answer
        self.page_size = 2  # ListCertificateAuthorities
        self.creating_polls = 0  # Describe calls that still answer CREATING after a create
        self.fail_creation = False
        self.tokens: dict[str, str] = {}  # CreateCertificateAuthority's idempotency tokens
        self.tags_of_deleted_readable = True  # the stand-in answers InvalidStateException for them
        # Certificates
        self.issued: dict[str, x509.Certificate] = {}
        self.issue_tokens: dict[str, str] = {}
        self.polls: dict[str, int] = {}  # certificate ARN -> GetCertificate calls still answering RequestInProgress
        self.in_progress_polls = 1  # ... for each new certificate
        self.revoked: set[tuple[str, int]] = set()
        # Permissions, policies, audit reports
        self.permissions: list[dict[str, Any]] = []
        self.permissions_page_size = 100
        self.policies: dict[str, str] = {}
        self.reports: dict[str, dict[str, Any]] = {}
        self.report_statuses = ["SUCCESS"]  # statuses a new report shows on successive describes; the last stays
        # What the Resource Groups Tagging API shows of these CAs (answered by self.tagging).
        self.tagging = FakeTagging(self)
        self.tagging_denied = False  # AccessDeniedException: the credentials lack tag:GetResources
        self.unindexed: set[str] = set()  # CAs the index has not seen yet (eventual consistency)
        self.index_lists_deleted = False  # whether the index lists DELETED CAs
        self.stale_index: dict[str, list[dict[str, str]]] = {}  # ARN -> tags the index shows instead of today's
        self.resources_page_size = 2

    @property
    def writes(self) -> list[str]:
        return [name for name in self.operations if name in WRITES]

    # -- for the tests to set the scene

    def add(
        self,
        status: str = "PENDING_CERTIFICATE",
        name: str | None = None,
        *,
        arn: str | None = None,
        tree: Hierarchy | None = None,
        **fields: Any,
    ) -> str:
        """A CA in ``status``, tagged Name=``name``; ``fields`` override members of its description."""
        arn = arn or f"arn:aws:acm-pca:{REGION}:{ACCOUNT}:certificate-authority/{uuid.uuid4()}"
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
        if status in _SIGNED:
            ca["NotBefore"] = self.now
            ca["NotAfter"] = self.now + datetime.timedelta(days=365)
        ca.update(fields)
        self.cas[arn] = ca
        self.tags[arn] = [{"Key": "Name", "Value": name}] if name else []
        if tree:
            self.trees[arn] = tree
        elif status in _SIGNED:
            self.ca_certificates[arn] = dict(PLACEHOLDER_CERTIFICATE)
        return arn

    def activate(self, arn: str = CA_ARN) -> None:
        """The CA holds its certificate from its tree, signed by the tree's intermediate: ACTIVE."""
        tree = self.trees[arn]
        self.ca_certificates[arn] = {
            "Certificate": pem(tree.ca),
            "CertificateChain": pem(tree.intermediate, tree.root),
        }
        self.cas[arn]["Status"] = "ACTIVE"

    def _ca(self, arn: str, operation: str) -> dict[str, Any]:
        if arn not in self.cas:
            raise client_error("ResourceNotFoundException", operation, f"Could not find certificate authority {arn}")
        return self.cas[arn]

    # -- CAs

    def _create_certificate_authority(self, **request):
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

    def _describe_certificate_authority(self, CertificateAuthorityArn):
        ca = self._ca(CertificateAuthorityArn, "DescribeCertificateAuthority")
        if ca["Status"] == "CREATING":
            if self.creating_polls > 0:
                self.creating_polls -= 1
            else:
                ca["Status"] = "PENDING_CERTIFICATE"
        return {"CertificateAuthority": dict(ca)}

    def _list_certificate_authorities(self, ResourceOwner="SELF", NextToken=None, MaxResults=None):
        arns = list(self.cas)
        start = int(NextToken or 0)
        page = arns[start : start + self.page_size]
        answer: dict[str, Any] = {"CertificateAuthorities": [dict(self.cas[arn]) for arn in page]}
        if start + self.page_size < len(arns):
            answer["NextToken"] = str(start + self.page_size)
        return answer

    def _list_tags(self, CertificateAuthorityArn, NextToken=None, MaxResults=None):
        ca = self._ca(CertificateAuthorityArn, "ListTags")
        if ca["Status"] == "DELETED" and not self.tags_of_deleted_readable:
            raise client_error("InvalidStateException", "ListTags")
        return {"Tags": list(self.tags[CertificateAuthorityArn])}

    def _tag_certificate_authority(self, CertificateAuthorityArn, Tags):
        self._ca(CertificateAuthorityArn, "TagCertificateAuthority")
        current = {tag["Key"]: tag["Value"] for tag in self.tags[CertificateAuthorityArn]}
        current.update({tag["Key"]: tag["Value"] for tag in Tags})
        self.tags[CertificateAuthorityArn] = [{"Key": k, "Value": v} for k, v in current.items()]
        return {}

    def _untag_certificate_authority(self, CertificateAuthorityArn, Tags):
        self._ca(CertificateAuthorityArn, "UntagCertificateAuthority")
        gone = {tag["Key"] for tag in Tags}
        self.tags[CertificateAuthorityArn] = [t for t in self.tags[CertificateAuthorityArn] if t["Key"] not in gone]
        return {}

    def _update_certificate_authority(self, CertificateAuthorityArn, **update):
        ca = self._ca(CertificateAuthorityArn, "UpdateCertificateAuthority")
        if ca["Status"] not in ("ACTIVE", "DISABLED"):
            raise client_error("InvalidStateException", "UpdateCertificateAuthority")
        if "Status" in update:
            ca["Status"] = update["Status"]
        if "RevocationConfiguration" in update:
            ca["RevocationConfiguration"] = echoed(update["RevocationConfiguration"])
        return {}

    def _delete_certificate_authority(self, CertificateAuthorityArn, PermanentDeletionTimeInDays=30):
        ca = self._ca(CertificateAuthorityArn, "DeleteCertificateAuthority")
        if ca["Status"] in ("ACTIVE", "DELETED"):
            raise client_error("InvalidStateException", "DeleteCertificateAuthority")
        ca["Status"] = "DELETED"
        ca["RestorableUntil"] = self.now + datetime.timedelta(days=PermanentDeletionTimeInDays)
        return {}

    def _restore_certificate_authority(self, CertificateAuthorityArn):
        ca = self._ca(CertificateAuthorityArn, "RestoreCertificateAuthority")
        if ca["Status"] != "DELETED":
            raise client_error("InvalidStateException", "RestoreCertificateAuthority")
        ca["Status"] = "DISABLED" if ca.get("NotAfter") else "PENDING_CERTIFICATE"
        ca.pop("RestorableUntil", None)
        return {}

    # -- the CA's CSR and certificate

    def _get_certificate_authority_csr(self, CertificateAuthorityArn):
        ca = self._ca(CertificateAuthorityArn, "GetCertificateAuthorityCsr")
        if ca["Status"] == "CREATING":
            raise client_error("RequestInProgressException", "GetCertificateAuthorityCsr")
        if ca["Status"] in ("DELETED", "FAILED"):
            raise client_error("InvalidStateException", "GetCertificateAuthorityCsr")
        tree = self.trees.get(CertificateAuthorityArn)
        return {"Csr": pem(tree.csr) if tree else PLACEHOLDER_CSR}

    def _get_certificate_authority_certificate(self, CertificateAuthorityArn):
        self._ca(CertificateAuthorityArn, "GetCertificateAuthorityCertificate")
        if CertificateAuthorityArn not in self.ca_certificates:
            raise client_error("InvalidStateException", "GetCertificateAuthorityCertificate")
        return dict(self.ca_certificates[CertificateAuthorityArn])

    def _import_certificate_authority_certificate(self, CertificateAuthorityArn, Certificate, CertificateChain=None):
        ca = self._ca(CertificateAuthorityArn, "ImportCertificateAuthorityCertificate")
        self.ca_certificates[CertificateAuthorityArn] = {"Certificate": Certificate.decode()}
        if CertificateChain:
            self.ca_certificates[CertificateAuthorityArn]["CertificateChain"] = CertificateChain.decode()
        ca["Status"] = "ACTIVE"
        return {}

    # -- certificates

    def _issue_certificate(self, CertificateAuthorityArn, Csr, IdempotencyToken=None, TemplateArn="", **params):
        ca = self._ca(CertificateAuthorityArn, "IssueCertificate")
        tree = self.trees[CertificateAuthorityArn]  # a CA without keys cannot sign: add it with a tree
        own_root = ca["Type"] == "ROOT" and "/RootCACertificate" in TemplateArn
        if ca["Status"] != "ACTIVE" and not (own_root and ca["Status"] == "PENDING_CERTIFICATE"):
            raise client_error("InvalidStateException", "IssueCertificate")
        if IdempotencyToken in self.issue_tokens:
            return {"CertificateArn": self.issue_tokens[IdempotencyToken]}
        csr = x509.load_pem_x509_csr(Csr)
        if own_root:
            certificate = make_certificate(tree.ca_key, "Example Subordinate CA")
        else:
            try:  # templates copy the CSR's subject and subject alternative names
                alt_names = list(csr.extensions.get_extension_for_class(x509.SubjectAlternativeName).value)
            except x509.ExtensionNotFound:
                alt_names = None
            certificate = make_certificate(
                csr.public_key(), "", tree.ca_key, tree.ca, ca=False, subject=csr.subject, alt_names=alt_names
            )
        arn = f"{CertificateAuthorityArn}/certificate/{certificate.serial_number:032x}"
        self.issued[arn] = certificate
        self.polls[arn] = self.in_progress_polls
        if IdempotencyToken:
            self.issue_tokens[IdempotencyToken] = arn
        return {"CertificateArn": arn}

    def _get_certificate(self, CertificateAuthorityArn, CertificateArn):
        self._ca(CertificateAuthorityArn, "GetCertificate")
        if CertificateArn not in self.issued:
            raise client_error("ResourceNotFoundException", "GetCertificate")
        if self.polls.get(CertificateArn):
            self.polls[CertificateArn] -= 1
            raise client_error("RequestInProgressException", "GetCertificate")
        certificate = self.issued[CertificateArn]
        answer = {"Certificate": certificate.public_bytes(serialization.Encoding.PEM).decode()}
        if certificate.issuer != certificate.subject:
            tree = self.trees[CertificateAuthorityArn]
            answer["CertificateChain"] = pem(tree.ca, tree.intermediate, tree.root)
        return answer

    def _revoke_certificate(self, CertificateAuthorityArn, CertificateSerial, RevocationReason):
        self._ca(CertificateAuthorityArn, "RevokeCertificate")
        serial = int(CertificateSerial.replace(":", ""), 16)  # with or without colons, as AWS takes it
        if (CertificateAuthorityArn, serial) in self.revoked:
            raise client_error("RequestAlreadyProcessedException", "RevokeCertificate")
        self.revoked.add((CertificateAuthorityArn, serial))
        return {}

    # -- permissions

    def permit(self, principal: str, actions: list[str], ca_arn: str = CA_ARN, account: str = ACCOUNT) -> None:
        self.permissions.append(
            {
                "CertificateAuthorityArn": ca_arn,
                "CreatedAt": CREATED_AT,
                "Principal": principal,
                "SourceAccount": account,
                "Actions": list(actions),
                "Policy": '{"Version":"2012-10-17","Statement":[]}',
            }
        )

    def _list_permissions(self, CertificateAuthorityArn, NextToken=None, MaxResults=None):
        self._ca(CertificateAuthorityArn, "ListPermissions")
        own = [p for p in self.permissions if p["CertificateAuthorityArn"] == CertificateAuthorityArn]
        start = int(NextToken or 0)
        size = min(MaxResults or self.permissions_page_size, self.permissions_page_size)
        answer: dict[str, Any] = {"Permissions": [dict(p) for p in own[start : start + size]]}
        if start + size < len(own):
            answer["NextToken"] = str(start + size)
        return answer

    def _matching(self, ca_arn: str, principal: str, account: str | None):
        account = account or self.cas[ca_arn].get("OwnerAccount", ACCOUNT)
        return [
            p
            for p in self.permissions
            if (p["CertificateAuthorityArn"], p["Principal"], p["SourceAccount"]) == (ca_arn, principal, account)
        ]

    def _create_permission(self, CertificateAuthorityArn, Principal, Actions, SourceAccount=None):
        self._ca(CertificateAuthorityArn, "CreatePermission")
        if self._matching(CertificateAuthorityArn, Principal, SourceAccount):
            raise client_error("PermissionAlreadyExistsException", "CreatePermission")
        self.permit(Principal, Actions, CertificateAuthorityArn, SourceAccount or ACCOUNT)
        return {}

    def _delete_permission(self, CertificateAuthorityArn, Principal, SourceAccount=None):
        self._ca(CertificateAuthorityArn, "DeletePermission")
        gone = self._matching(CertificateAuthorityArn, Principal, SourceAccount)
        if not gone:
            raise client_error("ResourceNotFoundException", "DeletePermission")
        self.permissions = [p for p in self.permissions if p not in gone]
        return {}

    # -- resource policies

    def _get_policy(self, ResourceArn):
        self._ca(ResourceArn, "GetPolicy")
        if ResourceArn not in self.policies:
            raise client_error("ResourceNotFoundException", "GetPolicy", "No policy")
        return {"Policy": self.policies[ResourceArn]}

    def _put_policy(self, ResourceArn, Policy):
        self._ca(ResourceArn, "PutPolicy")
        self.policies[ResourceArn] = Policy
        return {}

    def _delete_policy(self, ResourceArn):
        self._ca(ResourceArn, "DeletePolicy")
        if ResourceArn not in self.policies:
            raise client_error("ResourceNotFoundException", "DeletePolicy")
        del self.policies[ResourceArn]
        return {}

    # -- audit reports

    def _create_certificate_authority_audit_report(
        self, CertificateAuthorityArn, S3BucketName, AuditReportResponseFormat
    ):
        self._ca(CertificateAuthorityArn, "CreateCertificateAuthorityAuditReport")
        report_id = str(uuid.uuid4())
        ca_id = CertificateAuthorityArn.rsplit("/", 1)[1]
        key = f"audit-report/{ca_id}/{report_id}.{AuditReportResponseFormat.lower()}"
        self.reports[report_id] = {"bucket": S3BucketName, "key": key, "statuses": list(self.report_statuses)}
        return {"AuditReportId": report_id, "S3Key": key}

    def _describe_certificate_authority_audit_report(self, CertificateAuthorityArn, AuditReportId):
        report = self.reports.get(AuditReportId)
        if report is None:
            raise client_error("ResourceNotFoundException", "DescribeCertificateAuthorityAuditReport")
        status = report["statuses"].pop(0) if len(report["statuses"]) > 1 else report["statuses"][0]
        return {
            "AuditReportStatus": status,
            "S3BucketName": report["bucket"],
            "S3Key": report["key"],
            "CreatedAt": CREATED_AT,
        }


class FakeTagging(FakeService):
    """The Resource Groups Tagging API's GetResources, for these CAs only, with the index's own view of them.

    It shares the ACM PCA fake's call log (a test sees the order of the requests across both services), its
    ``fail_next`` errors and its ``answers``.
    """

    service = "resourcegroupstaggingapi"

    def __init__(self, pca: FakeAcmPca) -> None:
        super().__init__()
        self.pca = pca
        self.calls = pca.calls
        self.errors = pca.errors
        self.answers = pca.answers

    def _get_resources(self, ResourceTypeFilters=(), TagFilters=(), ResourcesPerPage=50, PaginationToken=None):
        pca = self.pca
        if pca.tagging_denied:
            raise client_error("AccessDeniedException", "GetResources", "not authorized to perform tag:GetResources")
        assert list(ResourceTypeFilters) == ["acm-pca:certificate-authority"]
        listed = []
        for arn in [*pca.cas, *(arn for arn in pca.stale_index if arn not in pca.cas)]:
            ca = pca.cas.get(arn, {"Status": "GONE"})
            if arn in pca.unindexed or (ca["Status"] == "DELETED" and not pca.index_lists_deleted):
                continue
            tags = {tag["Key"]: tag["Value"] for tag in pca.stale_index.get(arn, pca.tags.get(arn, []))}
            if all(f["Key"] in tags and (not f.get("Values") or tags[f["Key"]] in f["Values"]) for f in TagFilters):
                listed.append({"ResourceARN": arn, "Tags": [{"Key": k, "Value": v} for k, v in tags.items()]})
        start = int(PaginationToken or 0)
        size = min(ResourcesPerPage, pca.resources_page_size)
        answer: dict[str, Any] = {"ResourceTagMappingList": listed[start : start + size]}
        if start + size < len(listed):
            answer["PaginationToken"] = str(start + size)
        return answer


def install(monkeypatch, fake: FakeAcmPca, **others: FakeService) -> list[dict[str, Any]]:
    """Hand the modules ``fake`` for ACM PCA and its tagging view, and ``others`` by service name (acm, s3),
    through the one seam; return the clients made ({"service", "region", ...} each)."""
    services = {"acm-pca": fake, "resourcegroupstaggingapi": fake.tagging}
    services.update({name.replace("_", "-"): other for name, other in others.items()})
    return install_clients(monkeypatch, services)
