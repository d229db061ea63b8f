# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fakes for the unit tests of acmpca_permission, acmpca_policy and acmpca_audit_report.

FakeAcmPca keeps permissions, policies and audit reports like ACM PCA does, checks every request against
botocore's model of the API (so a misspelt or missing parameter fails the test, as AWS would reject it),
records the operations sent, and can be told to answer an operation with a given error code.
"""

from __future__ import annotations

import datetime
import io
import uuid
from typing import Any

import boto3
import botocore.exceptions
import botocore.validate

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import client_error as _client_error
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import install_clients

CA_ACCOUNT = "123456789012"
CA_ID = "12345678-1234-1234-1234-123456789012"
CA_ARN = f"arn:aws:acm-pca:us-east-1:{CA_ACCOUNT}:certificate-authority/{CA_ID}"
MISSING_ARN = f"arn:aws:acm-pca:us-east-1:{CA_ACCOUNT}:certificate-authority/00000000-0000-4000-8000-000000000000"
# Result keys every module gets from AnsibleModule rather than from its own code.
STANDARD_KEYS = {"changed", "invocation", "warnings", "deprecations", "failed", "msg", "diff"}
CREATED_AT = datetime.datetime(2026, 11, 29, 12, 0, tzinfo=datetime.timezone.utc)

_SERVICE_MODELS: dict[str, Any] = {}


def _model(service: str):
    if service not in _SERVICE_MODELS:
        _SERVICE_MODELS[service] = boto3.session.Session().client(service, region_name="us-east-1").meta.service_model
    return _SERVICE_MODELS[service]


def client_error(code: str, operation: str, message: str = "from AWS") -> botocore.exceptions.ClientError:
    return _client_error(code, operation, message)


class FakeService:
    """Calls by boto3 method name, validated against botocore's model, with errors on demand."""

    service = ""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.errors: dict[str, list[str]] = {}

    def fail_next(self, operation: str, code: str) -> None:
        self.errors.setdefault(operation, []).append(code)

    @property
    def regions(self) -> list[tuple[str, str]]:
        """(service, region) of each client made."""
        return [(made["service"], made["region"]) for made in getattr(self, "made", ())]

    @property
    def operations(self) -> list[str]:
        return [name for name, _params in self.calls]

    def __getattr__(self, method: str):
        model = _model(self.service)
        operation = next((name for name in model.operation_names if _snake(name) == method), None)
        handler = getattr(type(self), f"_{method}", None)
        if operation is None or handler is None:
            raise AttributeError(method)

        def call(aws_retry: bool = False, **params: Any) -> dict[str, Any]:
            botocore.validate.validate_parameters(params, model.operation_model(operation).input_shape)
            self.calls.append((operation, params))
            if self.errors.get(operation):
                raise client_error(self.errors[operation].pop(0), operation)
            return handler(self, **params)

        return call


def _snake(name: str) -> str:
    import re

    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class FakeAcmPca(FakeService):
    service = "acm-pca"

    def __init__(self) -> None:
        super().__init__()
        self.cas = {CA_ARN}
        self.permissions: list[dict[str, Any]] = []
        self.policies: dict[str, str] = {}
        self.reports: dict[str, dict[str, Any]] = {}
        # Statuses each new report goes through on successive describes; the last one stays.
        self.report_statuses = ["SUCCESS"]
        self.page_size = 100

    def _check_ca(self, arn: str, operation: str) -> None:
        if arn not in self.cas:
            raise client_error("ResourceNotFoundException", operation, f"Could not find certificate authority {arn}")

    def _describe_certificate_authority(self, CertificateAuthorityArn):
        self._check_ca(CertificateAuthorityArn, "DescribeCertificateAuthority")
        return {"CertificateAuthority": {"Arn": CertificateAuthorityArn, "Status": "ACTIVE"}}

    # Permissions
    def _list_permissions(self, CertificateAuthorityArn, NextToken=None, MaxResults=None):
        self._check_ca(CertificateAuthorityArn, "ListPermissions")
        start = int(NextToken or 0)
        page = self.permissions[start : start + self.page_size]
        response: dict[str, Any] = {"Permissions": [dict(p) for p in page]}
        if start + self.page_size < len(self.permissions):
            response["NextToken"] = str(start + self.page_size)
        return response

    def _create_permission(self, CertificateAuthorityArn, Principal, Actions, SourceAccount=None):
        self._check_ca(CertificateAuthorityArn, "CreatePermission")
        account = SourceAccount or CA_ACCOUNT
        if any(p["Principal"] == Principal and p["SourceAccount"] == account for p in self.permissions):
            raise client_error("PermissionAlreadyExistsException", "CreatePermission")
        self.permissions.append(
            {
                "CertificateAuthorityArn": CertificateAuthorityArn,
                "CreatedAt": CREATED_AT,
                "Principal": Principal,
                "SourceAccount": account,
                "Actions": list(Actions),
                "Policy": '{"Version":"2012-10-17","Statement":[]}',
            }
        )
        return {}

    def _delete_permission(self, CertificateAuthorityArn, Principal, SourceAccount=None):
        self._check_ca(CertificateAuthorityArn, "DeletePermission")
        account = SourceAccount or CA_ACCOUNT
        kept = [p for p in self.permissions if not (p["Principal"] == Principal and p["SourceAccount"] == account)]
        if len(kept) == len(self.permissions):
            raise client_error("ResourceNotFoundException", "DeletePermission")
        self.permissions = kept
        return {}

    # Policies
    def _get_policy(self, ResourceArn):
        self._check_ca(ResourceArn, "GetPolicy")
        if ResourceArn not in self.policies:
            raise client_error("ResourceNotFoundException", "GetPolicy", "No policy")
        return {"Policy": self.policies[ResourceArn]}

    def _put_policy(self, ResourceArn, Policy):
        self._check_ca(ResourceArn, "PutPolicy")
        self.policies[ResourceArn] = Policy
        return {}

    def _delete_policy(self, ResourceArn):
        self._check_ca(ResourceArn, "DeletePolicy")
        if ResourceArn not in self.policies:
            raise client_error("ResourceNotFoundException", "DeletePolicy")
        del self.policies[ResourceArn]
        return {}

    # Audit reports
    def _create_certificate_authority_audit_report(
        self, CertificateAuthorityArn, S3BucketName, AuditReportResponseFormat
    ):
        self._check_ca(CertificateAuthorityArn, "CreateCertificateAuthorityAuditReport")
        report_id = str(uuid.uuid4())
        key = (
            f"audit-report/{CertificateAuthorityArn.rsplit('/', 1)[1]}/{report_id}.{AuditReportResponseFormat.lower()}"
        )
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


class FakeS3(FakeService):
    service = "s3"

    def __init__(self) -> None:
        super().__init__()
        self.objects: dict[tuple[str, str], bytes] = {}
        self.body_for_any_key: bytes | None = None

    def _get_object(self, Bucket, Key):
        body = self.objects.get((Bucket, Key), self.body_for_any_key)
        if body is None:
            raise client_error("NoSuchKey", "GetObject")
        return {"Body": io.BytesIO(body)}


def install_fakes(monkeypatch) -> tuple[FakeAcmPca, FakeS3]:
    """Hand the modules fake ACM PCA and S3 clients (the one seam); record the regions the clients were made for."""
    acmpca, s3 = FakeAcmPca(), FakeS3()
    made = install_clients(monkeypatch, {"acm-pca": acmpca, "s3": s3})

    acmpca.made = made  # {"service", "region"} of each client made
    return acmpca, s3


def refuse_clients(monkeypatch) -> None:
    """Fail the test if the module builds a client: bad input and check mode must send nothing."""

    def refuse(*args, **kwargs):
        raise AssertionError("the module built an AWS client where it must send nothing")

    monkeypatch.setattr(AnsibleAWSModule, "client", refuse)


def documented_keys_mismatch(result: dict, documented: dict, path: str = "") -> list[str]:
    """Compare a result with RETURN, key by key and level by level (list elements too)."""
    problems = []
    for key in result.keys() - documented.keys():
        problems.append(f"{path}{key} is returned but not documented")
    for key, doc in documented.items():
        if key not in result:
            if doc["returned"] in ("success", "always"):
                problems.append(f"{path}{key} is documented as always returned but missing")
            continue
        value = result[key]
        python_type = {"str": str, "bool": bool, "int": int, "dict": dict, "list": list}[doc["type"]]
        if value is not None and not isinstance(value, python_type):
            problems.append(f"{path}{key} is a {type(value).__name__}, documented as {doc['type']}")
        if "contains" in doc and isinstance(value, dict) and value:
            problems.extend(documented_keys_mismatch(value, doc["contains"], f"{path}{key}."))
        if "contains" in doc and isinstance(value, list):
            for index, item in enumerate(value):
                problems.extend(documented_keys_mismatch(item, doc["contains"], f"{path}{key}[{index}]."))
    return problems
