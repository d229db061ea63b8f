# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""acmpca_certificate's decisions (issue, keep, fetch, revoke), with a fake ACM PCA client."""

from __future__ import annotations

import os
import pathlib
import stat

import pytest
import yaml
from cryptography import x509

from ansible_collections.privateca.aws.plugins.module_utils import _certificate
from ansible_collections.privateca.aws.plugins.modules import acmpca_certificate as module
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import fake_time
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import DAY
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import NOW
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import Hierarchy
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import key_pem
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import make_certificate
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import make_csr
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import new_key
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import pem
from ansible_collections.privateca.aws.tests.unit.plugins.modules._docs_helpers import attributes
from ansible_collections.privateca.aws.tests.unit.plugins.modules._one_ca import CA_ARN
from ansible_collections.privateca.aws.tests.unit.plugins.modules._one_ca import client_error
from ansible_collections.privateca.aws.tests.unit.plugins.modules._one_ca import one_ca
from ansible_collections.privateca.aws.tests.unit.plugins.modules._one_ca import patch_api

STANDARD_KEYS = {"changed", "invocation", "warnings", "deprecations", "failed", "diff"}
OTHER_CA = "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/99999999-1234-1234-1234-123456789012"


@pytest.fixture(scope="module")
def tree():
    return Hierarchy("ec")


@pytest.fixture(scope="module")
def leaf_key():
    return new_key("ec")


@pytest.fixture
def fake(tree, monkeypatch):
    fake_time(monkeypatch)
    ca = one_ca(tree)
    ca.activate()
    return ca


@pytest.fixture
def apis(monkeypatch, fake):
    return patch_api(monkeypatch, module, fake)


_CSRS: dict = {}


def issue_args(leaf_key, **extra):
    # One CSR per key, as a retried task has: an ECDSA signature differs each time a CSR is signed.
    csr = _CSRS.setdefault(id(leaf_key), pem(make_csr(leaf_key, "web.example.internal")))
    return {
        "certificate_authority_arn": CA_ARN,
        "csr": csr,
        "validity": {"value": 90, "type": "DAYS"},
        **extra,
    }


def issued_calls(fake):
    return [params for name, params in fake.calls if name == "IssueCertificate"]


def test_with_path_the_first_run_issues_and_the_second_keeps_it(run_module, fake, apis, leaf_key, tmp_path):
    path = str(tmp_path / "web.pem")
    first = run_module(module.main, issue_args(leaf_key, path=path))
    assert first["changed"] is True
    assert apis[0].write_operations == ["IssueCertificate"]
    assert pathlib.Path(path).read_text() == first["certificate"]
    assert first["certificate_arn"] in fake.issued
    assert first["serial_number"] == first["certificate_info"]["serial_number_hex"]

    second = run_module(module.main, issue_args(leaf_key, path=path))
    assert second["changed"] is False
    assert apis[1].write_operations == []
    assert second["certificate"] == first["certificate"]
    assert second["certificate_arn"] == first["certificate_arn"]
    assert second["certificate_chain"] == first["certificate_chain"]


def test_the_issue_request_has_the_cas_signing_algorithm_a_template_arn_and_a_token(run_module, fake, apis, leaf_key):
    run_module(module.main, issue_args(leaf_key, template="EndEntityServerAuthCertificate/V1"))
    (request,) = issued_calls(fake)
    assert request["SigningAlgorithm"] == "SHA256WITHECDSA"
    assert request["TemplateArn"] == "arn:aws:acm-pca:::template/EndEntityServerAuthCertificate/V1"
    assert request["Validity"] == {"Value": 90, "Type": "DAYS"}
    assert 1 <= len(request["IdempotencyToken"]) <= 36


def test_without_path_each_run_issues_with_the_same_token(run_module, fake, apis, leaf_key):
    first = run_module(module.main, issue_args(leaf_key))
    second = run_module(module.main, issue_args(leaf_key))
    assert first["changed"] is second["changed"] is True
    tokens = [request["IdempotencyToken"] for request in issued_calls(fake)]
    assert len(tokens) == 2 and tokens[0] == tokens[1]
    other = run_module(module.main, issue_args(leaf_key, validity={"value": 30, "type": "DAYS"}))
    assert other["changed"] is True
    assert issued_calls(fake)[-1]["IdempotencyToken"] != tokens[0]
    # So the module is only partly idempotent, and says so in its attributes.
    assert attributes("acmpca_certificate")["idempotent"]["support"] == "partial"


def test_a_validity_just_longer_than_remaining_days_is_accepted(run_module, fake, apis, leaf_key, tmp_path):
    args = issue_args(leaf_key, path=str(tmp_path / "web.pem"), validity={"value": 31, "type": "DAYS"})
    assert run_module(module.main, args)["changed"] is True
    assert len(issued_calls(fake)) == 1


def test_check_mode_issues_nothing_and_writes_nothing(run_module, fake, apis, leaf_key, tmp_path):
    path = tmp_path / "web.pem"
    result = run_module(module.main, issue_args(leaf_key, path=str(path), _ansible_check_mode=True))
    assert result["changed"] is True
    assert "would be issued" in result["msg"]
    assert apis[0].write_operations == []
    assert not path.exists()


def test_a_certificate_that_expires_soon_is_replaced(run_module, fake, apis, leaf_key, tmp_path, tree):
    path = tmp_path / "web.pem"
    path.write_text(pem(make_certificate(leaf_key, "web", tree.ca_key, tree.ca, ca=False, not_after=NOW + 10 * DAY)))
    result = run_module(module.main, issue_args(leaf_key, path=str(path), _ansible_diff=True))
    assert result["changed"] is True
    assert apis[0].write_operations == ["IssueCertificate"]
    assert result["diff"]["before"]["serial_number"] != result["diff"]["after"]["serial_number"]
    kept = run_module(module.main, issue_args(leaf_key, path=str(path), remaining_days=5))
    assert kept["changed"] is False


def test_a_certificate_for_another_key_or_from_another_ca_is_replaced(run_module, fake, apis, leaf_key, tmp_path, tree):
    path = tmp_path / "web.pem"
    path.write_text(pem(make_certificate(new_key("ec"), "web", tree.ca_key, tree.ca, ca=False)))
    assert run_module(module.main, issue_args(leaf_key, path=str(path)))["changed"] is True
    path.write_text(pem(make_certificate(leaf_key, "web", tree.intermediate_key, tree.intermediate, ca=False)))
    assert run_module(module.main, issue_args(leaf_key, path=str(path)))["changed"] is True
    assert len(issued_calls(fake)) == 2


def test_a_private_key_at_path_is_never_overwritten(run_module, fake, apis, leaf_key, tmp_path):
    path = tmp_path / "web.pem"
    secret = key_pem(leaf_key)
    path.write_text(secret)
    result = run_module(module.main, issue_args(leaf_key, path=str(path)))
    assert result["failed"] is True
    assert "private key" in result["msg"]
    assert path.read_text() == secret
    assert apis[0].write_operations == []


def test_file_attributes_are_applied_and_reported(run_module, fake, apis, leaf_key, tmp_path):
    path = tmp_path / "web.pem"
    run_module(module.main, issue_args(leaf_key, path=str(path), mode="0644"))
    result = run_module(module.main, issue_args(leaf_key, path=str(path), mode="0600"))
    assert result["changed"] is True
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert apis[1].write_operations == []


def test_a_ca_that_is_not_active_is_refused_before_any_write(run_module, fake, apis, leaf_key):
    fake.cas[CA_ARN]["Status"] = "PENDING_CERTIFICATE"
    result = run_module(module.main, issue_args(leaf_key))
    assert result["failed"] is True
    assert "PENDING_CERTIFICATE" in result["msg"]
    assert apis[0].write_operations == []


@pytest.mark.parametrize(
    "extra, words",
    [
        ({"template": "EndEntityCertificate/V9"}, "not an AWS Private CA template"),
        ({"validity": {"value": 2030, "type": "END_DATE"}}, "YYYYMMDDHHMMSS"),
        ({"validity": {"value": 0, "type": "DAYS"}}, "positive"),
        ({"validity": None}, "Give validity"),
        ({"csr": "not a csr"}, "not one PEM certificate signing request"),
        ({"api_passthrough": {"extensions": {"key_usage": {"digital_signature": "yes"}}}}, "DigitalSignature"),
        ({"certificate_arn": f"{OTHER_CA}/certificate/0a1b"}, "belongs to the CA"),
        ({"certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/abc"}, "not a certificate ARN"),
        ({"remaining_days": -1}, "remaining_days"),
        ({"path": "/tmp/web.pem", "validity": {"value": 30, "type": "DAYS"}}, "every run would issue a new one"),
        ({"path": "/tmp/web.pem", "validity": {"value": 1, "type": "MONTHS"}}, "not longer than remaining_days"),
    ],
)
def test_bad_input_is_refused_before_any_request(run_module, fake, apis, leaf_key, extra, words):
    result = run_module(module.main, issue_args(leaf_key, **extra))
    assert result["failed"] is True
    assert words in result["msg"]
    assert fake.calls == []


def test_api_passthrough_in_snake_case_reaches_the_api_in_its_shape(run_module, fake, apis, leaf_key):
    passthrough = {
        "subject": {"common_name": "agent-17", "organizational_unit": "CI"},
        "extensions": {"subject_alternative_names": [{"dns_name": "agent-17.example.internal"}]},
    }
    run_module(
        module.main,
        issue_args(leaf_key, api_passthrough=passthrough, template="EndEntityCertificate_APIPassthrough/V1"),
    )
    (request,) = issued_calls(fake)
    assert request["ApiPassthrough"] == {
        "Subject": {"CommonName": "agent-17", "OrganizationalUnit": "CI"},
        "Extensions": {"SubjectAlternativeNames": [{"DnsName": "agent-17.example.internal"}]},
    }


def test_certificate_arn_fetches_without_issuing_and_writes_path(run_module, fake, apis, leaf_key, tmp_path):
    issued = run_module(module.main, issue_args(leaf_key))
    path = tmp_path / "fetched.pem"
    args = {"certificate_authority_arn": CA_ARN, "certificate_arn": issued["certificate_arn"], "path": str(path)}
    fetched = run_module(module.main, args)
    assert fetched["changed"] is True
    assert path.read_text() == issued["certificate"]
    again = run_module(module.main, args)
    assert again["changed"] is False
    assert apis[1].write_operations == apis[2].write_operations == []


def test_revoking_twice_is_one_change_and_check_mode_sends_nothing(run_module, fake, apis, leaf_key):
    issued = run_module(module.main, issue_args(leaf_key))
    args = {
        "certificate_authority_arn": CA_ARN,
        "certificate_arn": issued["certificate_arn"],
        "state": "revoked",
        "revocation_reason": "SUPERSEDED",
    }
    checked = run_module(module.main, dict(args, _ansible_check_mode=True))
    assert checked["changed"] is True
    assert apis[1].write_operations == []
    first = run_module(module.main, args)
    assert first["changed"] is True
    assert first["serial_number"] == issued["serial_number"]
    second = run_module(module.main, args)
    assert second["changed"] is False
    revocations = [params for name, params in fake.calls if name == "RevokeCertificate"]
    assert revocations[0]["CertificateSerial"] == issued["serial_number"]
    assert revocations[0]["RevocationReason"] == "SUPERSEDED"


def test_revoking_the_certificate_at_path_uses_its_serial(run_module, fake, apis, leaf_key, tmp_path, tree):
    path = tmp_path / "web.pem"
    issued = run_module(module.main, issue_args(leaf_key, path=str(path)))
    result = run_module(module.main, {"certificate_authority_arn": CA_ARN, "path": str(path), "state": "revoked"})
    assert result["changed"] is True
    assert result["serial_number"] == issued["serial_number"]
    path.write_text(pem(make_certificate(leaf_key, "web", tree.intermediate_key, tree.intermediate, ca=False)))
    foreign = run_module(module.main, {"certificate_authority_arn": CA_ARN, "path": str(path), "state": "revoked"})
    assert foreign["failed"] is True
    assert "not issued by the CA" in foreign["msg"]


def test_wait_false_returns_the_arn_with_a_warning_when_not_ready(run_module, fake, apis, leaf_key):
    result = run_module(module.main, issue_args(leaf_key, wait=False))
    assert result["changed"] is True
    assert result["certificate_arn"] in fake.issued
    assert "certificate" not in result


def test_waiting_is_bounded(run_module, fake, apis, leaf_key, monkeypatch):
    fake.in_progress_polls = 10**6
    fake_time(monkeypatch)
    result = run_module(module.main, issue_args(leaf_key, wait_timeout=30))
    assert result["failed"] is True
    assert "Timed out after 30 s" in result["msg"]


def test_documented_errors_become_advice(run_module, fake, apis, leaf_key, monkeypatch):
    def refuse(**params):
        raise client_error("LimitExceededException", "IssueCertificate")

    monkeypatch.setattr(fake, "_issue_certificate", refuse, raising=False)
    result = run_module(module.main, issue_args(leaf_key))
    assert result["failed"] is True
    assert "quota" in result["msg"]


def test_template_names_and_arns():
    ca = _certificate.parse_ca_arn(CA_ARN.replace("arn:aws:", "arn:aws-cn:").replace("us-east-1", "cn-north-1"))
    assert _certificate.template_arn("SubordinateCACertificate_PathLen0/V1", ca) == (
        "arn:aws-cn:acm-pca:::template/SubordinateCACertificate_PathLen0/V1"
    )
    full = "arn:aws:acm-pca:::template/EndEntityCertificate/V1"
    assert _certificate.template_arn(full, ca) == full
    assert _certificate.template_arn(None, ca) is None


def test_returned_keys_are_documented(run_module, fake, apis, leaf_key, tmp_path):
    documented = set(yaml.safe_load(module.RETURN))
    path = str(tmp_path / "web.pem")
    results = [
        run_module(module.main, issue_args(leaf_key, path=path, _ansible_diff=True)),
        run_module(module.main, issue_args(leaf_key, path=path)),
        run_module(module.main, issue_args(leaf_key, _ansible_check_mode=True)),
        run_module(module.main, {"certificate_authority_arn": CA_ARN, "path": path, "state": "revoked"}),
    ]
    for result in results:
        assert "failed" not in result, result
        assert set(result) - STANDARD_KEYS <= documented


def test_a_root_ca_issues_its_own_certificate_then_imports_it(run_module, monkeypatch, tmp_path):
    from ansible_collections.privateca.aws.plugins.modules import acmpca_certificate_authority_certificate

    fake_time(monkeypatch)
    fake = one_ca(Hierarchy("ec"), ca_type="ROOT")
    apis = patch_api(monkeypatch, module, fake)
    path = tmp_path / "root.pem"
    args = {
        "certificate_authority_arn": CA_ARN,
        "csr": pem(fake.trees[CA_ARN].csr),
        "template": "RootCACertificate/V1",
        "validity": {"value": 10, "type": "YEARS"},
        "path": str(path),
    }
    issued = run_module(module.main, args)
    assert issued["changed"] is True, issued
    assert issued["certificate_chain"] is None
    again = run_module(module.main, args)
    assert again["changed"] is False
    assert apis[1].write_operations == []

    # Both modules build their API through _module.ca_api: from here on the new list receives them.
    apis = patch_api(monkeypatch, acmpca_certificate_authority_certificate, fake)
    imported = run_module(
        acmpca_certificate_authority_certificate.main,
        {"certificate_authority_arn": CA_ARN, "certificate": issued["certificate"]},
    )
    assert imported["status"] == "ACTIVE"
    after_import = run_module(module.main, args)
    assert after_import["changed"] is False
    assert apis[1].write_operations == []


def test_a_subordinate_ca_that_is_pending_does_not_issue_a_root_template(run_module, fake, apis, leaf_key):
    fake.cas[CA_ARN]["Status"] = "PENDING_CERTIFICATE"
    result = run_module(module.main, issue_args(leaf_key, template="RootCACertificate/V1"))
    assert result["failed"] is True
    assert apis[0].write_operations == []


def test_serials_with_leading_zero_bytes_match_between_arn_and_file(run_module, fake, apis, leaf_key, tmp_path, tree):
    path = tmp_path / "web.pem"
    path.write_text(
        pem(make_certificate(leaf_key, "web.example.internal", tree.ca_key, tree.ca, ca=False, serial=0xAB))
    )
    kept = run_module(module.main, issue_args(leaf_key, path=str(path)))
    assert kept["changed"] is False
    assert kept["certificate_arn"].endswith("/certificate/" + "0" * 30 + "ab")
    assert kept["serial_number"] == "ab"


def test_a_certificate_for_an_older_csr_of_the_same_key_is_replaced(run_module, fake, apis, leaf_key, tmp_path, tree):
    path = tmp_path / "web.pem"
    path.write_text(pem(make_certificate(leaf_key, "old name", tree.ca_key, tree.ca, ca=False)))
    renamed = run_module(module.main, issue_args(leaf_key, path=str(path), _ansible_check_mode=True))
    assert renamed["changed"] is True
    assert "CN=old name" in renamed["msg"]

    with_san = pem(make_csr(leaf_key, "web.example.internal", [x509.DNSName("www.example.internal")]))
    path.write_text(pem(make_certificate(leaf_key, "web.example.internal", tree.ca_key, tree.ca, ca=False)))
    result = run_module(module.main, issue_args(leaf_key, path=str(path), csr=with_san, _ansible_check_mode=True))
    assert result["changed"] is True
    assert "DNS:www.example.internal" in result["msg"]
    issued = run_module(module.main, issue_args(leaf_key, path=str(path), csr=with_san))
    assert issued["certificate_info"]["subject"]["commonName"] == "web.example.internal"
    kept = run_module(module.main, issue_args(leaf_key, path=str(path), csr=with_san))
    assert kept["changed"] is False
    assert apis[-1].write_operations == []


def test_a_subject_given_through_the_api_is_not_compared_with_the_csr(run_module, fake, apis, leaf_key, tmp_path, tree):
    path = tmp_path / "web.pem"
    path.write_text(pem(make_certificate(leaf_key, "agent-17", tree.ca_key, tree.ca, ca=False)))
    result = run_module(
        module.main,
        issue_args(
            leaf_key,
            path=str(path),
            template="EndEntityCertificate_APIPassthrough/V1",
            api_passthrough={"subject": {"common_name": "agent-17"}},
        ),
    )
    assert result["changed"] is False
    assert apis[0].write_operations == []


def test_a_path_in_a_missing_directory_fails_with_advice(run_module, fake, apis, leaf_key, tmp_path):
    result = run_module(module.main, issue_args(leaf_key, path=str(tmp_path / "missing" / "web.pem")))
    assert result["failed"] is True
    assert "must exist" in result["msg"]
    assert apis[0].write_operations == []


def test_certificate_arn_with_a_csr_of_another_key_is_refused(run_module, fake, apis, leaf_key):
    issued = run_module(module.main, issue_args(leaf_key))
    other_csr = pem(make_csr(new_key("ec"), "other"))
    result = run_module(
        module.main,
        {"certificate_authority_arn": CA_ARN, "certificate_arn": issued["certificate_arn"], "csr": other_csr},
    )
    assert result["failed"] is True
    assert "another key than csr's" in result["msg"]
