# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Failures after a write name what the write did and what a rerun does (issue 19), for the modules that
write then read: acmpca_certificate (issue, then get), acmpca_certificate_authority_certificate (import, then
describe) and acmpca_audit_report (create, then describe). acmpca_certificate_authority's own cases are in
test_acmpca_certificate_authority_races.py. Also the import's warnings about keyUsage and path length."""

from __future__ import annotations

import pytest

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError

from ansible_collections.privateca.aws.plugins.module_utils import _audit_report
from ansible_collections.privateca.aws.plugins.module_utils import _ca_certificate
from ansible_collections.privateca.aws.plugins.module_utils._after_write import WriteLog
from ansible_collections.privateca.aws.plugins.module_utils._after_write import add_note
from ansible_collections.privateca.aws.plugins.modules import acmpca_audit_report
from ansible_collections.privateca.aws.plugins.modules import acmpca_certificate
from ansible_collections.privateca.aws.plugins.modules import acmpca_certificate_authority_certificate
from ansible_collections.privateca.aws.tests.unit.conftest import warning_texts
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import Hierarchy
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import make_csr
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import new_key
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import pem
from ansible_collections.privateca.aws.tests.unit.plugins.modules import _access_helpers
from ansible_collections.privateca.aws.tests.unit.plugins.modules._one_ca import CA_ARN
from ansible_collections.privateca.aws.tests.unit.plugins.modules._one_ca import client_error
from ansible_collections.privateca.aws.tests.unit.plugins.modules._one_ca import one_ca
from ansible_collections.privateca.aws.tests.unit.plugins.modules._one_ca import patch_api


@pytest.fixture(scope="module")
def tree():
    return Hierarchy("ec")


@pytest.fixture
def no_sleep(monkeypatch):
    for module in (_ca_certificate, _audit_report):
        if hasattr(module, "time"):  # modules that poll with time.sleep themselves
            monkeypatch.setattr(module.time, "sleep", lambda seconds: None)


# ---- the note itself


def test_the_note_is_added_once_and_keeps_the_error():
    log = WriteLog()
    log.record("the CA X was created (it exists now)", "a rerun of the task finds it")
    error = AnsibleAWSError(message="Could not connect to the endpoint; check endpoint_url", exception=ValueError("x"))
    log.annotate(error)
    log.annotate(error)
    assert error.message == (
        "Could not connect to the endpoint; check endpoint_url. Before this failure, this run had already changed "
        "AWS: the CA X was created (it exists now). A rerun of the task finds it"
    )
    assert str(error).endswith(": x")


def test_nothing_written_adds_nothing():
    error = AnsibleAWSError(message="Throttled")
    WriteLog().annotate(error)
    assert error.message == "Throttled"
    add_note(error, "note")
    assert error.message == "Throttled. note"


# ---- acmpca_certificate: IssueCertificate, then GetCertificate


def test_a_failed_get_after_the_issue_names_the_certificate_and_how_to_fetch_it(
    run_module, monkeypatch, tree, no_sleep
):
    fake = one_ca(tree)
    fake.activate()
    patch_api(monkeypatch, acmpca_certificate, fake)

    def denied(**params):
        raise client_error("AccessDeniedException", "GetCertificate")

    monkeypatch.setattr(fake, "_get_certificate", denied)
    result = run_module(
        acmpca_certificate.main,
        {
            "certificate_authority_arn": CA_ARN,
            "csr": pem(make_csr(new_key(), "web.example.internal")),
            "validity": {"value": 90, "type": "DAYS"},
        },
    )
    arns = list(fake.issued)
    assert len(arns) == 1
    arn = arns[0]
    assert result["failed"] is True
    assert "acm-pca:GetCertificate" in result["msg"]
    assert f"AWS issued the certificate {arn}" in result["msg"]
    assert f"certificate_arn: {arn}" in result["msg"]


# ---- acmpca_certificate_authority_certificate: import, then describe; warnings


def import_args(tree, **extra):
    return {
        "certificate_authority_arn": CA_ARN,
        "certificate": pem(tree.ca),
        "certificate_chain": pem(tree.intermediate, tree.root),
        **extra,
    }


def test_a_failed_describe_after_the_import_says_it_was_imported(run_module, monkeypatch, tree, no_sleep):
    fake = one_ca(tree)
    patch_api(monkeypatch, acmpca_certificate_authority_certificate, fake)
    describe = fake._describe_certificate_authority

    def refused_after_import(**params):
        if CA_ARN in fake.ca_certificates:
            raise client_error("AccessDeniedException", "DescribeCertificateAuthority")
        return describe(**params)

    monkeypatch.setattr(fake, "_describe_certificate_authority", refused_after_import)
    result = run_module(acmpca_certificate_authority_certificate.main, import_args(tree))
    assert result["failed"] is True
    assert f"was imported into the CA {CA_ARN}" in result["msg"]
    assert "finds it imported and changes nothing" in result["msg"]


def test_the_import_warns_about_a_certificate_without_key_usage(run_module, monkeypatch, tree, no_sleep):
    fake = one_ca(tree)
    patch_api(monkeypatch, acmpca_certificate_authority_certificate, fake)
    result = run_module(acmpca_certificate_authority_certificate.main, import_args(tree))
    assert result["changed"] is True
    assert any("no keyUsage" in text and "csr_extensions.key_usage" in text for text in warning_texts(result))


def test_a_certificate_already_imported_is_not_warned_about_again(run_module, monkeypatch, tree, no_sleep):
    fake = one_ca(tree)
    fake.activate()  # the CA already holds this certificate and chain
    patch_api(monkeypatch, acmpca_certificate_authority_certificate, fake)
    result = run_module(acmpca_certificate_authority_certificate.main, import_args(tree))
    assert result["changed"] is False
    assert not any("keyUsage" in text for text in warning_texts(result))


# ---- acmpca_audit_report: create, then describe


def test_a_failed_describe_after_the_create_names_the_report_and_where_it_goes(run_module, monkeypatch, no_sleep):
    acmpca, _s3 = _access_helpers.install_fakes(monkeypatch)
    acmpca.fail_next("DescribeCertificateAuthorityAuditReport", "AccessDeniedException")
    result = run_module(
        acmpca_audit_report.main,
        {"certificate_authority_arn": _access_helpers.CA_ARN, "s3_bucket_name": "example-bucket", "wait": False},
    )
    report_ids = list(acmpca.reports)
    assert len(report_ids) == 1
    report_id = report_ids[0]
    assert result["failed"] is True
    assert f"AWS is writing the audit report {report_id}" in result["msg"]
    assert "s3://example-bucket/audit-report/" in result["msg"]
    assert "does not find this report but creates another" in result["msg"]


def test_a_report_aws_failed_to_write_gets_no_note(run_module, monkeypatch, no_sleep):
    acmpca, _s3 = _access_helpers.install_fakes(monkeypatch)
    acmpca.report_statuses = ["FAILED"]
    result = run_module(
        acmpca_audit_report.main,
        {"certificate_authority_arn": _access_helpers.CA_ARN, "s3_bucket_name": "example-bucket"},
    )
    assert result["failed"] is True
    assert "could not write the audit report" in result["msg"]
    assert "Before this failure" not in result["msg"]
