# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ACM PCA stand-in keeps the API's rules for what hangs off a CA: permissions, policies, audit reports.

The stand-in (tests/utils/acmpca_standin.py) runs once for these tests (conftest.py); each test drives it
with boto3 as a module would and is named after the rule it proves, with the API reference's words in its
docstring. A moto upgrade that changes what the stand-in builds on shows up here.
"""

from __future__ import annotations

import csv
import io
import json
import time
import uuid

import pytest
from botocore.exceptions import ClientError

from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import ACCOUNT
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import POLL_SECONDS
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import REGION
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import TEMPLATE
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import create
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import error_code
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import issue
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import wait_status

# --- Permissions, policies, audit reports, tags, listing, call log -------------------------------------


def test_permissions_for_acm(pca, active_root):
    """CreatePermission: "At this time, the only valid principal is acm.amazonaws.com"; Actions are
    IssueCertificate, GetCertificate and ListPermissions; PermissionAlreadyExistsException "The designated
    permission has already been given to the user"."""
    arn = active_root[0]
    actions = ["IssueCertificate", "GetCertificate", "ListPermissions"]
    pca.create_permission(CertificateAuthorityArn=arn, Principal="acm.amazonaws.com", Actions=actions)
    with pytest.raises(ClientError) as raised:
        pca.create_permission(CertificateAuthorityArn=arn, Principal="acm.amazonaws.com", Actions=actions)
    assert error_code(raised) == "PermissionAlreadyExistsException"
    for principal, wanted in (("ec2.amazonaws.com", actions), ("acm.amazonaws.com", ["DeleteCertificateAuthority"])):
        with pytest.raises(ClientError) as raised:
            pca.create_permission(
                CertificateAuthorityArn=arn, Principal=principal, Actions=wanted, SourceAccount="111122223333"
            )
        assert error_code(raised) == "InvalidArgsException"
    pca.create_permission(
        CertificateAuthorityArn=arn,
        Principal="acm.amazonaws.com",
        Actions=["GetCertificate"],
        SourceAccount="111122223333",
    )
    first_page = pca.list_permissions(CertificateAuthorityArn=arn, MaxResults=1)
    second_page = pca.list_permissions(CertificateAuthorityArn=arn, MaxResults=1, NextToken=first_page["NextToken"])
    permissions = first_page["Permissions"] + second_page["Permissions"]
    assert "NextToken" not in second_page
    assert {(p["SourceAccount"], tuple(p["Actions"])) for p in permissions} == {
        (ACCOUNT, tuple(actions)),
        ("111122223333", ("GetCertificate",)),
    }
    policy = json.loads(permissions[0]["Policy"])
    assert policy["Statement"][0]["Principal"] == {"Service": "acm.amazonaws.com"}
    assert policy["Statement"][0]["Resource"] == arn
    pca.delete_permission(CertificateAuthorityArn=arn, Principal="acm.amazonaws.com")
    with pytest.raises(ClientError) as raised:
        pca.delete_permission(CertificateAuthorityArn=arn, Principal="acm.amazonaws.com")
    assert error_code(raised) == "ResourceNotFoundException"
    assert [p["SourceAccount"] for p in pca.list_permissions(CertificateAuthorityArn=arn)["Permissions"]] == [
        "111122223333"
    ]


def test_policies(pca, active_root):
    """PutPolicy: InvalidPolicyException "The resource policy is invalid or is missing a required statement";
    GetPolicy and DeletePolicy without a policy: ResourceNotFoundException."""
    arn = active_root[0]
    with pytest.raises(ClientError) as raised:
        pca.get_policy(ResourceArn=arn)
    assert error_code(raised) == "ResourceNotFoundException"
    for bad in ("{not json", json.dumps({"Version": "2012-10-17"})):
        with pytest.raises(ClientError) as raised:
            pca.put_policy(ResourceArn=arn, Policy=bad)
        assert error_code(raised) == "InvalidPolicyException"
    policy = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": "111122223333"},
                    "Action": "acm-pca:GetCertificate",
                    "Resource": arn,
                }
            ],
        }
    )
    pca.put_policy(ResourceArn=arn, Policy=policy)
    assert pca.get_policy(ResourceArn=arn)["Policy"] == policy
    pca.delete_policy(ResourceArn=arn)
    with pytest.raises(ClientError) as raised:
        pca.delete_policy(ResourceArn=arn)
    assert error_code(raised) == "ResourceNotFoundException"


def test_audit_report_lists_every_certificate_in_s3(pca, s3, active_root):
    """CreateCertificateAuthorityAuditReport: "Creates an audit report that lists every time that your CA private
    key is used", saved at audit-report/<CA id>/<report id>.json|csv in the bucket;
    DescribeCertificateAuthorityAuditReport says CREATING, then SUCCESS."""
    arn = active_root[0]
    kept = issue(pca, arn)
    revoked = issue(pca, arn)
    pca.revoke_certificate(
        CertificateAuthorityArn=arn, CertificateSerial=f"{revoked.serial_number:x}", RevocationReason="SUPERSEDED"
    )
    bucket = f"standin-audit-{uuid.uuid4().hex[:12]}"
    with pytest.raises(ClientError) as raised:
        pca.create_certificate_authority_audit_report(
            CertificateAuthorityArn=arn, S3BucketName=bucket, AuditReportResponseFormat="JSON"
        )
    assert error_code(raised) == "ResourceNotFoundException"
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    ca_id = arn.rsplit("/", 1)[1]
    for response_format in ("JSON", "CSV"):
        report = pca.create_certificate_authority_audit_report(
            CertificateAuthorityArn=arn, S3BucketName=bucket, AuditReportResponseFormat=response_format
        )
        assert report["S3Key"] == f"audit-report/{ca_id}/{report['AuditReportId']}.{response_format.lower()}"
        deadline = time.monotonic() + POLL_SECONDS
        while True:
            described = pca.describe_certificate_authority_audit_report(
                CertificateAuthorityArn=arn, AuditReportId=report["AuditReportId"]
            )
            assert described["AuditReportStatus"] in ("CREATING", "SUCCESS")
            if described["AuditReportStatus"] == "SUCCESS":
                break
            assert time.monotonic() < deadline
            time.sleep(0.1)
        assert (described["S3BucketName"], described["S3Key"]) == (bucket, report["S3Key"])
        body = s3.get_object(Bucket=bucket, Key=report["S3Key"])["Body"].read().decode()
        rows = json.loads(body) if response_format == "JSON" else list(csv.DictReader(io.StringIO(body)))
        by_serial = {row["serial"].replace(":", ""): row for row in rows}
        assert by_serial[f"{revoked.serial_number:032x}"]["revocationReason"] == "SUPERSEDED"
        assert by_serial[f"{revoked.serial_number:032x}"]["revokedAt"]
        kept_row = by_serial[f"{kept.serial_number:032x}"]
        assert not kept_row.get("revokedAt")
        assert kept_row["awsAccountId"] == ACCOUNT
        assert kept_row["subject"] == "CN=host.example.com"
        assert kept_row["templateArn"] == TEMPLATE.format("EndEntityCertificate")
        assert kept_row["notAfter"] == kept.not_valid_after_utc.strftime("%Y-%m-%dT%H:%M:%S+0000")
    pending = create(pca)
    wait_status(pca, pending)
    with pytest.raises(ClientError) as raised:
        pca.create_certificate_authority_audit_report(
            CertificateAuthorityArn=pending, S3BucketName=bucket, AuditReportResponseFormat="CSV"
        )
    assert error_code(raised) == "InvalidStateException"
