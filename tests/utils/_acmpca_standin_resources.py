# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ACM PCA stand-in's rules for what hangs off a CA: tags, policies, permissions, audit reports.

A mixin of the stand-in's backend (_acmpca_standin_backend.py); the rules are listed in acmpca_standin.py.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import time
import unicodedata
from typing import Any
from typing import ClassVar

import _acmpca_standin_x509 as x
from _acmpca_standin_common import CONFIG
from _acmpca_standin_common import ApiError
from _acmpca_standin_common import invalid_args
from _acmpca_standin_common import state_error
from moto.core.utils import unix_time
from moto.moto_api._internal import mock_random
from moto.utilities.paginator import paginate
from moto.utilities.utils import get_partition

PERMISSION_ACTIONS = ("IssueCertificate", "GetCertificate", "ListPermissions")
# The actions a private CA's resource-based policy may grant. The PutPolicy page names none ("If this policy
# [...] includes any statement that is not allowed, the PutPolicy action returns an InvalidPolicyException");
# the user guide lists "the following actions [...] available for customer managed permissions on the
# acm-pca:certificate-authority resource type" (pca-cmp.html), the set its resource-based policy examples
# (pca-rbp.html) draw on.
POLICY_ACTIONS = (
    "acm-pca:DescribeCertificateAuthority",
    "acm-pca:GetCertificate",
    "acm-pca:GetCertificateAuthorityCertificate",
    "acm-pca:ListPermissions",
    "acm-pca:ListTags",
    "acm-pca:IssueCertificate",
    "acm-pca:RevokeCertificate",
)
# AWSPolicy: "Length Constraints: Minimum length of 1. Maximum length of 81920."
MAX_POLICY_LENGTH = 81920
# Tag: Key "Length Constraints: Minimum length of 1. Maximum length of 128. Pattern: ([\p{L}\p{Z}\p{N}_.:/=+\-@]*)";
# Value "Minimum length of 0. Maximum length of 256", the same pattern.
MAX_TAG_KEY_LENGTH = 128
MAX_TAG_VALUE_LENGTH = 256
TAG_PUNCTUATION = set("_.:/=+-@")
AUDIT_FIELDS = (
    "awsAccountId",
    "requestedByServicePrincipal",
    "certificateArn",
    "serial",
    "subject",
    "notBefore",
    "notAfter",
    "issuedAt",
    "revokedAt",
    "revocationReason",
    "templateArn",
)


def _check_tag_text(text: Any, what: str, shortest: int, longest: int) -> None:
    """A tag key or value of the API's length and pattern ([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*), else InvalidTagException.

    The reference names no error code for these constraints; the stand-in answers InvalidTagException ("The
    tag associated with the CA is not valid"), the tag error TagCertificateAuthority and
    CreateCertificateAuthority document.
    """
    if not isinstance(text, str) or not shortest <= len(text) <= longest:
        raise ApiError("InvalidTagException", f"Tag {what} {text!r} must be {shortest} to {longest} characters long")
    for character in text:
        if character not in TAG_PUNCTUATION and unicodedata.category(character)[0] not in "LZN":
            raise ApiError(
                "InvalidTagException",
                f"Tag {what} {text!r}: {character!r} is not a letter, number, space or one of _.:/=+-@",
            )


def _audit_time(value: datetime.datetime) -> str:
    return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+0000")


class CaResourceRules:
    """Tags, policies, permissions and audit reports of the CAs of one account and region."""

    PAGINATION_MODEL: ClassVar[dict[str, Any]] = {
        "list_permissions": {
            "input_token": "next_token",
            "limit_key": "max_results",
            "limit_default": 100,
            "unique_attribute": ["Principal", "SourceAccount"],
        },
        "list_tags_page": {
            "input_token": "next_token",
            "limit_key": "max_results",
            "limit_default": 50,
            "unique_attribute": "Key",
        },
    }

    # --- tags ---------------------------------------------------------------------------------------

    def _check_tags(self, new: list[dict[str, str]], existing: list[dict[str, str]]) -> None:
        for tag in new:
            if str(tag.get("Key", "")).startswith("aws:"):
                raise ApiError("InvalidTagException", f"Tag keys may not start with 'aws:': {tag.get('Key')}")
            _check_tag_text(tag.get("Key"), "key", 1, MAX_TAG_KEY_LENGTH)
            _check_tag_text(tag.get("Value", ""), "value", 0, MAX_TAG_VALUE_LENGTH)
        if len({tag["Key"] for tag in [*existing, *new]}) > 50:
            raise ApiError("TooManyTagsException", "A private CA can have at most 50 tags")

    def tag_certificate_authority(self, certificate_authority_arn: str, tags: list[dict[str, str]]) -> None:
        ca = self.describe_certificate_authority(certificate_authority_arn)
        if ca.status == "DELETED":
            raise state_error(ca.arn, "DELETED", "TagCertificateAuthority", "not DELETED")
        self._check_tags(tags, self.tagger.list_tags_for_resource(ca.arn)["Tags"])
        super().tag_certificate_authority(certificate_authority_arn, tags)

    def untag_certificate_authority(self, certificate_authority_arn: str, tags: list[dict[str, str]]) -> None:
        ca = self.describe_certificate_authority(certificate_authority_arn)
        if ca.status == "DELETED":
            raise state_error(ca.arn, "DELETED", "UntagCertificateAuthority", "not DELETED")
        super().untag_certificate_authority(certificate_authority_arn, tags)

    @paginate(pagination_model=PAGINATION_MODEL)
    def list_tags_page(self, certificate_authority_arn: str) -> list[dict[str, str]]:
        ca = self.describe_certificate_authority(certificate_authority_arn)
        if ca.status == "DELETED":
            raise state_error(ca.arn, "DELETED", "ListTags", "not DELETED")
        return self.tagger.list_tags_for_resource(certificate_authority_arn)["Tags"]

    # --- policies -----------------------------------------------------------------------------------

    def put_policy(self, resource_arn: str, policy: str) -> None:
        ca = self.describe_certificate_authority(resource_arn)
        ca.require(("PENDING_CERTIFICATE", "ACTIVE", "DISABLED", "EXPIRED"), "PutPolicy")
        if isinstance(policy, str) and len(policy) > MAX_POLICY_LENGTH:
            # The model's constraint; the reference names no error code for it, and AWS answers a request that
            # breaks the model's constraints with ValidationException.
            raise ApiError(
                "ValidationException",
                "1 validation error detected: Value at 'policy' failed to satisfy constraint: "
                f"Member must have length less than or equal to {MAX_POLICY_LENGTH}",
            )
        try:
            document = json.loads(policy)
        except (TypeError, ValueError):
            raise ApiError("InvalidPolicyException", "The resource policy is not valid JSON.") from None
        if not isinstance(document, dict) or not document.get("Statement"):
            raise ApiError(
                "InvalidPolicyException", "The resource policy is invalid or is missing a required statement."
            )
        statements = document["Statement"] if isinstance(document["Statement"], list) else [document["Statement"]]
        allowed = {action.lower() for action in POLICY_ACTIONS}
        for statement in statements:
            if not isinstance(statement, dict) or "NotAction" in statement or "Action" not in statement:
                raise ApiError(
                    "InvalidPolicyException", f"The statement {statement!r} is not allowed: it must name its Action"
                )
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            refused = [action for action in actions if not isinstance(action, str) or action.lower() not in allowed]
            if refused:
                raise ApiError(
                    "InvalidPolicyException",
                    f"The statement {statement.get('Sid', '')!r} grants {', '.join(map(str, refused))}, which a "
                    f"private CA's policy may not; allowed: {', '.join(POLICY_ACTIONS)}",
                )
        ca.policy = policy

    def delete_policy(self, resource_arn: str) -> None:
        ca = self.describe_certificate_authority(resource_arn)
        if ca.policy is None:
            raise ApiError("ResourceNotFoundException", f"The certificate authority {ca.arn} has no policy")
        ca.policy = None

    # --- permissions --------------------------------------------------------------------------------

    def create_permission(self, ca_arn: str, principal: Any, source_account: Any, actions: Any) -> None:
        ca = self.describe_certificate_authority(ca_arn)
        if ca.status in ("DELETED", "FAILED"):
            raise state_error(ca.arn, ca.status, "CreatePermission", "not DELETED or FAILED")
        if principal != "acm.amazonaws.com":
            raise invalid_args(f"Principal {principal!r}: the only valid principal is acm.amazonaws.com")
        if not isinstance(actions, list) or not actions or not set(actions) <= set(PERMISSION_ACTIONS):
            raise invalid_args(f"Actions {actions!r} must be a non-empty subset of {', '.join(PERMISSION_ACTIONS)}")
        source_account = source_account or ca.account_id
        if any(p["Principal"] == principal and p["SourceAccount"] == source_account for p in ca.permissions):
            raise ApiError(
                "PermissionAlreadyExistsException", f"The permission for {principal} already exists on {ca.arn}"
            )
        statement = {
            "Sid": f"{principal}-{source_account}",
            "Effect": "Allow",
            "Principal": {"Service": principal},
            "Action": [f"acm-pca:{action}" for action in actions],
            "Resource": ca.arn,
            "Condition": {"StringEquals": {"aws:SourceAccount": source_account}},
        }
        ca.permissions.append(
            {
                "CertificateAuthorityArn": ca.arn,
                "CreatedAt": unix_time(),
                "Principal": principal,
                "SourceAccount": source_account,
                "Actions": list(actions),
                "Policy": json.dumps({"Version": "2012-10-17", "Statement": [statement]}),
            }
        )

    def delete_permission(self, ca_arn: str, principal: Any, source_account: Any) -> None:
        ca = self.describe_certificate_authority(ca_arn)
        if ca.status == "DELETED":
            raise state_error(ca.arn, "DELETED", "DeletePermission", "not DELETED")
        source_account = source_account or ca.account_id
        for permission in ca.permissions:
            if permission["Principal"] == principal and permission["SourceAccount"] == source_account:
                ca.permissions.remove(permission)
                return
        raise ApiError("ResourceNotFoundException", f"No permission for {principal} on {ca.arn}")

    @paginate(pagination_model=PAGINATION_MODEL)
    def list_permissions(self, ca_arn: str) -> list[dict[str, Any]]:
        ca = self.describe_certificate_authority(ca_arn)
        if ca.status == "DELETED":
            raise state_error(ca.arn, "DELETED", "ListPermissions", "not DELETED")
        return list(ca.permissions)

    # --- audit reports ------------------------------------------------------------------------------

    def create_audit_report(self, ca_arn: str, bucket_name: Any, response_format: Any) -> tuple[str, str]:
        from moto.s3.models import s3_backends

        ca = self.describe_certificate_authority(ca_arn)
        ca.require(("ACTIVE", "DISABLED"), "CreateCertificateAuthorityAuditReport")
        if response_format not in ("JSON", "CSV"):
            raise invalid_args(f"AuditReportResponseFormat {response_format!r} is not JSON or CSV")
        s3 = s3_backends[self.account_id][get_partition(self.region_name)]
        if bucket_name not in s3.buckets:
            raise ApiError("ResourceNotFoundException", f"The S3 bucket {bucket_name} does not exist")
        rows = []
        for arn, record in ca.issued.items():
            row = {
                "awsAccountId": self.account_id,
                "requestedByServicePrincipal": "",
                "certificateArn": arn,
                "serial": x.serial_colons(record["serial"]),
                "subject": record["subject"],
                "notBefore": _audit_time(record["not_before"]),
                "notAfter": _audit_time(record["not_after"]),
                "issuedAt": _audit_time(record["issued_at"]),
                "revokedAt": _audit_time(record["revoked_at"]) if "revoked_at" in record else "",
                "revocationReason": record.get("revocation_reason", ""),
                "templateArn": record["template_arn"],
            }
            rows.append(row)
        if response_format == "JSON":
            body = json.dumps([{key: value for key, value in row.items() if value} for row in rows]).encode()
        else:
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=AUDIT_FIELDS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
            body = text.getvalue().encode()
        report_id = str(mock_random.uuid4())
        key = f"audit-report/{ca.id}/{report_id}.{response_format.lower()}"
        s3.put_object(bucket_name, key, body)
        self.audit_reports[report_id] = {
            "ca_arn": ca.arn,
            "S3BucketName": bucket_name,
            "S3Key": key,
            "CreatedAt": unix_time(),
            "ready_at": time.monotonic() + CONFIG["audit_report_seconds"],
        }
        return report_id, key

    def describe_audit_report(self, ca_arn: str, report_id: str) -> dict[str, Any]:
        ca = self.describe_certificate_authority(ca_arn)
        report = self.audit_reports.get(report_id)
        if report is None or report["ca_arn"] != ca.arn:
            raise ApiError("ResourceNotFoundException", f"Audit report {report_id} not found for {ca.arn}")
        status = "SUCCESS" if time.monotonic() >= report["ready_at"] else "CREATING"
        return {
            "AuditReportStatus": status,
            **{name: report[name] for name in ("S3BucketName", "S3Key", "CreatedAt")},
        }
