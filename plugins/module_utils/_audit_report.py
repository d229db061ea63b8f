# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Logic of the acmpca_audit_report module: create an audit report, wait for it, read it back from S3.

Private to this collection: the names here may change without notice.

The audit report is the only way the ACM PCA API lists the certificates a CA issued or revoked. AWS writes
it to S3 as JSON or CSV; both are read into one shape, the documented fields in snake_case.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.botocore import normalize_boto3_result

from ansible_collections.privateca.aws.plugins.module_utils._after_write import WriteLog
from ansible_collections.privateca.aws.plugins.module_utils._aws import waiter
from ansible_collections.privateca.aws.plugins.module_utils._aws.arn import CaArn
from ansible_collections.privateca.aws.plugins.module_utils._aws.client import AwsApi
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import AcmPcaError
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import InvalidInputError
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import THROTTLING_CODES

FORMATS = ("JSON", "CSV")
# The fields of a report row that the AWS Private CA user guide documents ("Use audit reports with your
# private CA"), in the order of the CSV header, and the names the module returns them under.
REPORT_FIELDS = {
    "awsAccountId": "aws_account_id",
    "requestedByServicePrincipal": "requested_by_service_principal",
    "certificateArn": "certificate_arn",
    "serial": "serial",
    "subject": "subject",
    "notBefore": "not_before",
    "notAfter": "not_after",
    "issuedAt": "issued_at",
    "revokedAt": "revoked_at",
    "revocationReason": "revocation_reason",
    "templateArn": "template_arn",
}
_TIME_FIELDS = ("not_before", "not_after", "issued_at", "revoked_at")
# S3 bucket names: 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter
# or digit (the API checks the length only; S3 the rest, much later).
_BUCKET_NAME = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")


def check_bucket_name(value: str) -> str:
    if not _BUCKET_NAME.fullmatch(value or "") or ".." in value:
        raise InvalidInputError(
            f"s3_bucket_name {value!r} is not an S3 bucket name: 3 to 63 lower-case letters, digits, dots and "
            "hyphens, beginning and ending with a letter or digit. Give the bucket's name, not its ARN or URL."
        )
    return value


def _snake(name: str) -> str:
    return REPORT_FIELDS.get(name) or re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _row(record: dict[str, Any]) -> dict[str, Any]:
    """One certificate of the report: every documented field (None when the report leaves it out or empty)."""
    row: dict[str, Any] = dict.fromkeys(REPORT_FIELDS.values())
    for name, value in record.items():
        row[_snake(name)] = value if value != "" else None
    # The user guide's CSV example has a revocationReason without revokedAt: revokedAt alone says revoked.
    row["revoked"] = bool(row["revoked_at"])
    for name in _TIME_FIELDS:
        row[name] = _report_time(row[name])
    return row


def parse_report(text: str, report_format: str) -> list[dict[str, Any]]:
    """The rows of an audit report, from its JSON (a list of objects) or CSV (a header line, then rows)."""
    try:
        if report_format == "JSON":
            records = json.loads(text) if text.strip() else []
            if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
                raise ValueError("not a JSON list of objects")
        else:
            records = list(csv.DictReader(io.StringIO(text)))
    except (ValueError, csv.Error) as e:
        raise AcmPcaError(message=f"The audit report is not the {report_format} that AWS documents: {e}") from e
    return [_row(record) for record in records]


def _report_time(value: Any) -> Any:
    """A time of a report row in ISO 8601 as every module returns times (the report writes ``+0000``)."""
    for layout in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S.%f%z"):
        try:
            return datetime.datetime.strptime(value, layout).astimezone(datetime.timezone.utc).isoformat()
        except (TypeError, ValueError):
            continue
    return value  # not a time the user guide documents: as the report has it


class AuditReporter:
    """Creates one audit report of a CA, waits for it, and reads it back."""

    def __init__(self, api: AwsApi, ca_arn: CaArn) -> None:
        self.api = api
        self.ca_arn = ca_arn
        self.subject = f"the CA {ca_arn.arn}"
        # The report created, named in the message of a failure after it (annotate errors with it).
        self.writes = WriteLog()

    def create(self, bucket: str, report_format: str) -> dict[str, Any]:
        # ResourceNotFound and InvalidArgs are about the bucket as often as about the CA: the advice table
        # has texts for this operation that name both.
        response = self.api.call(
            "CreateCertificateAuthorityAuditReport",
            self.subject,
            context={**self.ca_arn._asdict(), "bucket": bucket},
            CertificateAuthorityArn=self.ca_arn.arn,
            S3BucketName=bucket,
            AuditReportResponseFormat=report_format,
        )
        self.writes.record(
            f"AWS is writing the audit report {response['AuditReportId']} of the CA {self.ca_arn.arn} to "
            f"s3://{bucket}/{response['S3Key']}",
            "read it there once AWS has written it; a rerun of the task does not find this report but creates another",
        )
        return {"audit_report_id": response["AuditReportId"], "s3_key": response["S3Key"]}

    def describe(self, report_id: str, expected: tuple[str, ...] = ()) -> dict[str, Any]:
        response = self.api.call(
            "DescribeCertificateAuthorityAuditReport",
            f"the audit report {report_id} of the CA {self.ca_arn.arn}",
            expected=expected,
            CertificateAuthorityArn=self.ca_arn.arn,
            AuditReportId=report_id,
        )
        return self._view(response)

    @staticmethod
    def _view(response: dict[str, Any]) -> dict[str, Any]:
        return {
            "status": response.get("AuditReportStatus"),
            "created_at": normalize_boto3_result(response.get("CreatedAt")),
            "s3_bucket_name": response.get("S3BucketName"),
            "s3_key": response.get("S3Key"),
        }

    def wait(self, report_id: str, wait_timeout: int) -> dict[str, Any]:
        """Wait (botocore's AuditReportCreated) until AWS has written the report, for at most wait_timeout s."""
        what = f"the audit report {report_id} of {self.ca_arn.arn}"

        def timed_out(last: dict[str, Any] | None) -> str:
            if (last or {}).get("Error", {}).get("Code") in THROTTLING_CODES:
                # A poll still throttled after the retry layer's retries is one poll less, not a failure.
                return (
                    "AWS kept throttling DescribeCertificateAuthorityAuditReport while the module waited "
                    f"{wait_timeout} s for {what}; lower the number of parallel tasks, raise wait_timeout, "
                    "or retry later"
                )
            status = (last or {}).get("AuditReportStatus") or "CREATING"
            return (
                f"Timed out after {wait_timeout} s waiting for AWS to write {what}, which is still {status}; "
                "raise wait_timeout, or read it later from S3"
            )

        try:
            response = waiter.wait(
                self.api,
                "AuditReportCreated",
                f"the audit report {report_id} of the CA {self.ca_arn.arn}",
                timeout=wait_timeout,
                timed_out=timed_out,
                CertificateAuthorityArn=self.ca_arn.arn,
                AuditReportId=report_id,
            )
        except waiter.WaitFailed as e:
            raise AcmPcaError(
                message=(
                    f"AWS could not write the audit report {report_id} of {self.ca_arn.arn} to the bucket "
                    f"{e.response.get('S3BucketName')}: check that the bucket's policy lets the service principal "
                    "acm-pca.amazonaws.com call s3:PutObject, s3:PutObjectAcl, s3:GetBucketAcl and "
                    "s3:GetBucketLocation, and that a KMS key of the bucket lets it encrypt"
                )
            ) from None
        return self._view(response)


def read_report(s3: AwsApi, bucket: str, key: str) -> str:
    """The report's text from S3 (through the call layer: S3's advice table and the task's budget)."""
    response = s3.call(
        "GetObject",
        f"the audit report {key} in the bucket {bucket}",
        context={"bucket": bucket, "key": key},
        Bucket=bucket,
        Key=key,
    )
    try:
        # utf-8-sig: a byte order mark, as spreadsheet tools write, is not part of the first field name.
        return response["Body"].read().decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise AcmPcaError(message=f"The audit report {key} in the bucket {bucket} is not UTF-8 text") from e
