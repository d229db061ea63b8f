# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""acmpca_audit_report through main(), against fake ACM PCA and S3; report parsing against the documented formats."""

import json

import pytest
import yaml

from ansible_collections.privateca.aws.plugins.module_utils import _audit_report
from ansible_collections.privateca.aws.plugins.module_utils._aws import waiter as _waiter
from ansible_collections.privateca.aws.plugins.module_utils._aws.arn import parse_ca_arn
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import AcmPcaError
from ansible_collections.privateca.aws.plugins.modules import acmpca_audit_report
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import ModelChecked
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import api_for
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import fake_time
from ansible_collections.privateca.aws.tests.unit.plugins.modules._access_helpers import CA_ARN
from ansible_collections.privateca.aws.tests.unit.plugins.modules._access_helpers import STANDARD_KEYS
from ansible_collections.privateca.aws.tests.unit.plugins.modules._access_helpers import documented_keys_mismatch
from ansible_collections.privateca.aws.tests.unit.plugins.modules._access_helpers import one_active_ca

BUCKET = "example-pca-audit-reports"
CERTIFICATE_BASE = f"{CA_ARN}/certificate/"
# The two formats as the AWS Private CA user guide shows them ("Use audit reports with your private CA"):
# the same two certificates, one revoked; JSON leaves out what CSV leaves empty.
JSON_REPORT = json.dumps(
    [
        {
            "awsAccountId": "123456789012",
            "certificateArn": CERTIFICATE_BASE + "e8cbd2bedb122329f97706bcfec990f8",
            "serial": "e8:cb:d2:be:db:12:23:29:f9:77:06:bc:fe:c9:90:f8",
            "subject": "CN=www.example1.com,OU=Sales,O=Example Company,L=Seattle,ST=Washington,C=US",
            "notBefore": "2020-02-26T18:39:57+0000",
            "notAfter": "2021-02-26T19:39:57+0000",
            "issuedAt": "2020-02-26T19:39:58+0000",
            "revokedAt": "2020-02-26T20:00:36+0000",
            "revocationReason": "KEY_COMPROMISE",
            "templateArn": "arn:aws:acm-pca:::template/EndEntityCertificate/V1",
        },
        {
            "awsAccountId": "123456789012",
            "requestedByServicePrincipal": "acm.amazonaws.com",
            "certificateArn": CERTIFICATE_BASE + "2bae9a75d71b42b4e41e36f8b4b488fc",
            "serial": "2b:ae:9a:75:d7:1b:42:b4:e4:1e:36:f8:b4:b4:88:fc",
            "subject": "CN=www.example2.com,OU=Sales,O=Example Company,L=Seattle,ST=Washington,C=US",
            "notBefore": "2020-01-22T20:10:49+0000",
            "notAfter": "2021-01-17T21:10:49+0000",
            "issuedAt": "2020-01-22T21:10:49+0000",
            "templateArn": "arn:aws:acm-pca:::template/EndEntityCertificate/V1",
        },
    ]
)
CSV_REPORT = (
    "awsAccountId,requestedByServicePrincipal,certificateArn,serial,subject,notBefore,notAfter,issuedAt,"
    "revokedAt,revocationReason,templateArn\n"
    f"123456789012,,{CERTIFICATE_BASE}e8cbd2bedb122329f97706bcfec990f8,e8:cb:d2:be:db:12:23:29:f9:77:06:bc:fe:c9:90:f8,"
    '"CN=www.example1.com,OU=Sales,O=Example Company,L=Seattle,ST=Washington,C=US",'
    "2020-02-26T18:39:57+0000,2021-02-26T19:39:57+0000,2020-02-26T19:39:58+0000,2020-02-26T20:00:36+0000,"
    "KEY_COMPROMISE,arn:aws:acm-pca:::template/EndEntityCertificate/V1\n"
    f"123456789012,acm.amazonaws.com,{CERTIFICATE_BASE}2bae9a75d71b42b4e41e36f8b4b488fc,"
    "2b:ae:9a:75:d7:1b:42:b4:e4:1e:36:f8:b4:b4:88:fc,"
    '"CN=www.example2.com,OU=Sales,O=Example Company,L=Seattle,ST=Washington,C=US",'
    "2020-01-22T20:10:49+0000,2021-01-17T21:10:49+0000,2020-01-22T21:10:49+0000,,,"
    "arn:aws:acm-pca:::template/EndEntityCertificate/V1\n"
)
# The report writes its times with +0000; the module returns them in ISO 8601 UTC, as every module does.
FIRST_ROW = {
    "aws_account_id": "123456789012",
    "requested_by_service_principal": None,
    "certificate_arn": CERTIFICATE_BASE + "e8cbd2bedb122329f97706bcfec990f8",
    "serial": "e8:cb:d2:be:db:12:23:29:f9:77:06:bc:fe:c9:90:f8",
    "subject": "CN=www.example1.com,OU=Sales,O=Example Company,L=Seattle,ST=Washington,C=US",
    "not_before": "2020-02-26T18:39:57+00:00",
    "not_after": "2021-02-26T19:39:57+00:00",
    "issued_at": "2020-02-26T19:39:58+00:00",
    "revoked_at": "2020-02-26T20:00:36+00:00",
    "revocation_reason": "KEY_COMPROMISE",
    "template_arn": "arn:aws:acm-pca:::template/EndEntityCertificate/V1",
    "revoked": True,
}


@pytest.fixture
def no_sleep(monkeypatch):
    return fake_time(monkeypatch)


def run(run_module, **args):
    return run_module(acmpca_audit_report.main, {"certificate_authority_arn": CA_ARN, "s3_bucket_name": BUCKET, **args})


@pytest.mark.parametrize("report_format", ["JSON", "CSV"])
def test_fetch_returns_the_rows_in_one_shape_whatever_the_format(run_module, fake_aws, no_sleep, report_format):
    acmpca, s3 = fake_aws
    s3.body_for_any_key = (JSON_REPORT if report_format == "JSON" else CSV_REPORT).encode()
    result = run(run_module, fetch=True, format=report_format)
    assert result["changed"] is True
    assert result["status"] == "SUCCESS"
    assert result["s3_key"].endswith(f"{result['audit_report_id']}.{report_format.lower()}")
    assert result["s3_bucket_name"] == BUCKET
    assert result["created_at"] == "2026-11-29T12:00:00+00:00"
    assert result["certificates"][0] == FIRST_ROW
    second = result["certificates"][1]
    assert second["revoked"] is False
    assert second["revoked_at"] is None and second["revocation_reason"] is None
    assert second["requested_by_service_principal"] == "acm.amazonaws.com"
    assert s3.calls == [("GetObject", {"Bucket": BUCKET, "Key": result["s3_key"]})]
    create = acmpca.calls[0]
    assert create == (
        "CreateCertificateAuthorityAuditReport",
        {"CertificateAuthorityArn": CA_ARN, "S3BucketName": BUCKET, "AuditReportResponseFormat": report_format},
    )


def test_a_byte_order_mark_is_not_part_of_the_first_field(run_module, fake_aws, no_sleep):
    _acmpca, s3 = fake_aws
    s3.body_for_any_key = b"\xef\xbb\xbf" + CSV_REPORT.encode()
    result = run(run_module, fetch=True, format="CSV")
    assert result["certificates"][0] == FIRST_ROW


def test_parse_report_keeps_undocumented_fields_in_snake_case():
    rows = _audit_report.parse_report(json.dumps([{"serial": "01", "someNewField": "x"}]), "JSON")
    assert rows[0]["some_new_field"] == "x"
    assert rows[0]["serial"] == "01"
    assert rows[0]["certificate_arn"] is None


@pytest.mark.parametrize(
    ("text", "report_format"), [("", "JSON"), ("", "CSV"), (CSV_REPORT.split("\n", maxsplit=1)[0], "CSV")]
)
def test_an_empty_report_has_no_rows(text, report_format):
    assert _audit_report.parse_report(text, report_format) == []


def test_a_report_that_is_not_json_fails_plainly():
    with pytest.raises(AcmPcaError, match="not the JSON that AWS documents"):
        _audit_report.parse_report('{"serial": "01"}', "JSON")


def test_waits_while_the_report_is_creating(run_module, fake_aws, no_sleep):
    acmpca, _s3 = fake_aws
    acmpca.report_statuses = ["CREATING", "CREATING", "SUCCESS"]
    result = run(run_module)
    assert result["status"] == "SUCCESS"
    assert acmpca.operations.count("DescribeCertificateAuthorityAuditReport") == 3
    assert no_sleep == [1.0, 2.0]
    assert "certificates" not in result


def test_without_wait_returns_creating_after_one_describe(run_module, fake_aws, no_sleep):
    acmpca, s3 = fake_aws
    acmpca.report_statuses = ["CREATING", "SUCCESS"]
    result = run(run_module, wait=False)
    assert result["status"] == "CREATING"
    assert acmpca.operations == ["CreateCertificateAuthorityAuditReport", "DescribeCertificateAuthorityAuditReport"]
    assert s3.calls == []


def test_fetch_waits_even_with_wait_false(run_module, fake_aws, no_sleep):
    acmpca, s3 = fake_aws
    acmpca.report_statuses = ["CREATING", "SUCCESS"]
    s3.body_for_any_key = b"[]"
    result = run(run_module, wait=False, fetch=True)
    assert result["status"] == "SUCCESS"
    assert result["certificates"] == []


def test_a_failed_report_names_the_bucket_policy(run_module, fake_aws, no_sleep):
    acmpca, s3 = fake_aws
    acmpca.report_statuses = ["CREATING", "FAILED"]
    result = run(run_module, fetch=True)
    assert result["failed"] is True
    assert "acm-pca.amazonaws.com" in result["msg"] and "s3:PutObject" in result["msg"]
    assert s3.calls == []


def test_wait_is_bounded_by_wait_timeout(monkeypatch):
    acmpca = one_active_ca()
    acmpca.report_statuses = ["CREATING"]
    slept = fake_time(monkeypatch)
    reporter = _audit_report.AuditReporter(api_for(ModelChecked(acmpca, "acm-pca")), parse_ca_arn(CA_ARN))
    report_id = reporter.create(BUCKET, "JSON")["audit_report_id"]
    with pytest.raises(AcmPcaError, match=r"Timed out after 12 s .* still CREATING; raise wait_timeout"):
        reporter.wait(report_id, 12)
    assert sum(slept) == 12
    assert max(slept) == _waiter.POLL_MAX_DELAY


def test_a_throttled_poll_is_one_poll_less_while_wait_timeout_lasts(run_module, fake_aws, no_sleep):
    acmpca, _s3 = fake_aws
    acmpca.report_statuses = ["CREATING", "SUCCESS"]
    acmpca.fail_next("DescribeCertificateAuthorityAuditReport", "ThrottlingException")
    result = run(run_module)
    assert result["status"] == "SUCCESS"
    assert acmpca.operations.count("DescribeCertificateAuthorityAuditReport") == 3


def test_throttling_until_the_deadline_fails_with_advice(monkeypatch):
    acmpca = one_active_ca()
    clock = fake_time(monkeypatch)
    reporter = _audit_report.AuditReporter(api_for(ModelChecked(acmpca, "acm-pca")), parse_ca_arn(CA_ARN))
    report_id = reporter.create(BUCKET, "JSON")["audit_report_id"]
    for _attempt in range(100):
        acmpca.fail_next("DescribeCertificateAuthorityAuditReport", "ThrottlingException")
    with pytest.raises(AcmPcaError, match=r"kept throttling DescribeCertificateAuthorityAuditReport .* 5 s") as raised:
        reporter.wait(report_id, 5)
    assert raised.value.exception.response["Error"]["Code"] == "ThrottlingException"
    assert 4 <= clock.now <= 5, "the budget's retries of the last poll end with wait_timeout"


def test_check_mode_sends_nothing(run_module, no_client):
    result = run(run_module, fetch=True, _ansible_check_mode=True)
    assert result["changed"] is True
    assert "Would create a JSON audit report" in result["msg"]
    assert result["s3_bucket_name"] == BUCKET


@pytest.mark.parametrize("fetch", [True, False])
def test_check_mode_returns_every_key_of_a_run_with_placeholders(run_module, fake_aws, no_sleep, fetch):
    _acmpca, s3 = fake_aws
    s3.body_for_any_key = JSON_REPORT.encode()
    real = run(run_module, fetch=fetch)
    checked = run(run_module, fetch=fetch, _ansible_check_mode=True)
    assert set(real) - {"msg"} <= set(checked)
    assert checked["audit_report_id"] == "00000000-0000-0000-0000-000000000000"
    assert checked["s3_key"].startswith("audit-report/") and checked["s3_key"].endswith(".json")
    assert checked["status"] == real["status"]
    if fetch:
        assert checked["certificates"] == []  # so `audit.certificates | selectattr(...)` runs under --check


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ({"s3_bucket_name": "s3://my-bucket"}, "not an S3 bucket name"),
        ({"s3_bucket_name": "arn:aws:s3:::my-bucket"}, "not its ARN"),
        ({"s3_bucket_name": "My_Bucket"}, "lower-case"),
        ({"wait_timeout": 0}, "wait_timeout"),
        ({"time_budget": 0}, "time_budget must be"),
        ({"certificate_authority_arn": "arn:aws:acm-pca:us-east-1:123456789012:ca/x"}, "Invalid certificate"),
    ],
)
def test_bad_input_fails_before_any_request(run_module, no_client, args, words):
    result = run(run_module, **args)
    assert result["failed"] is True
    assert words in result["msg"]


@pytest.mark.parametrize(
    ("operation", "code", "words"),
    [
        ("CreateCertificateAuthorityAuditReport", "RequestInProgressException", "still processing"),
        ("CreateCertificateAuthorityAuditReport", "InvalidStateException", "not in a state"),
        ("CreateCertificateAuthorityAuditReport", "InvalidArgsException", "bucket's policy lets"),
        ("CreateCertificateAuthorityAuditReport", "AccessDeniedException", "CreateCertificateAuthorityAuditReport"),
        ("CreateCertificateAuthorityAuditReport", "RequestFailedException", "retry later"),
        ("CreateCertificateAuthorityAuditReport", "ResourceNotFoundException", "or no bucket"),
        ("DescribeCertificateAuthorityAuditReport", "InvalidArgsException", "rejected an argument"),
    ],
)
def test_documented_errors_become_advice(run_module, fake_aws, no_sleep, operation, code, words):
    acmpca, _s3 = fake_aws
    acmpca.fail_next(operation, code)
    result = run(run_module)
    assert result["failed"] is True
    assert words in result["msg"]
    assert result["error"]["code"] == code


@pytest.mark.parametrize(
    ("code", "words"),
    [("AccessDenied", "s3:GetObject"), ("NoSuchKey", "not in the bucket"), ("NoSuchBucket", "does not exist")],
)
def test_s3_errors_become_advice(run_module, fake_aws, no_sleep, code, words):
    _acmpca, s3 = fake_aws
    s3.fail_next("GetObject", code)
    result = run(run_module, fetch=True)
    assert result["failed"] is True
    assert words in result["msg"]
    assert result["error"]["code"] == code


def test_s3_is_asked_in_the_region_of_the_ca(run_module, fake_aws, no_sleep):
    acmpca, s3 = fake_aws
    s3.body_for_any_key = b"[]"
    run(run_module, fetch=True, region="eu-west-1")
    assert [(made["service"], made["region"]) for made in acmpca.made] == [
        ("acm-pca", "us-east-1"),
        ("s3", "us-east-1"),
    ]


@pytest.mark.parametrize(("fetch", "check_mode"), [(True, False), (False, False), (False, True)])
def test_return_documentation_matches_what_the_module_returns(run_module, fake_aws, no_sleep, fetch, check_mode):
    _acmpca, s3 = fake_aws
    s3.body_for_any_key = JSON_REPORT.encode()
    result = run(run_module, fetch=fetch, _ansible_check_mode=check_mode)
    documented = yaml.safe_load(acmpca_audit_report.RETURN)
    own_keys = {k: v for k, v in result.items() if k not in STANDARD_KEYS}
    assert documented_keys_mismatch(own_keys, documented) == []
    assert ("certificates" in own_keys) == fetch


def test_every_documented_report_field_is_documented_in_return():
    documented = yaml.safe_load(acmpca_audit_report.RETURN)["certificates"]["contains"]
    assert set(_audit_report.REPORT_FIELDS.values()) | {"revoked"} == set(documented)


@pytest.mark.parametrize(
    ("written", "returned"),
    [
        ("2020-02-26T18:39:57+0000", "2020-02-26T18:39:57+00:00"),
        ("2020-02-26T18:39:57-0500", "2020-02-26T23:39:57+00:00"),
        ("2020-02-26T18:39:57.250Z", "2020-02-26T18:39:57.250000+00:00"),
        ("not a time", "not a time"),
    ],
)
def test_report_times_are_returned_in_iso_8601_utc(written, returned):
    [row] = _audit_report.parse_report(json.dumps([{"issuedAt": written}]), "JSON")
    assert row["issued_at"] == returned
