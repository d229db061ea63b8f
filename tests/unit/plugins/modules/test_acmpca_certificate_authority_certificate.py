# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""acmpca_certificate_authority_certificate's decisions, with a fake ACM PCA client."""

from __future__ import annotations

import pytest
import yaml

from ansible_collections.privateca.aws.plugins.modules import acmpca_certificate_authority_certificate as module
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import fake_time
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import Hierarchy
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import key_pem
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import make_certificate
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import new_key
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import pem
from ansible_collections.privateca.aws.tests.unit.plugins.modules._one_ca import CA_ARN
from ansible_collections.privateca.aws.tests.unit.plugins.modules._one_ca import client_error
from ansible_collections.privateca.aws.tests.unit.plugins.modules._one_ca import one_ca
from ansible_collections.privateca.aws.tests.unit.plugins.modules._one_ca import patch_api

STANDARD_KEYS = {"changed", "invocation", "warnings", "deprecations", "failed", "msg", "diff"}


@pytest.fixture(scope="module")
def tree():
    return Hierarchy("ec")


@pytest.fixture
def fake(tree):
    return one_ca(tree)


@pytest.fixture
def apis(monkeypatch, fake):
    return patch_api(monkeypatch, module, fake)


def args(tree, **extra):
    return {
        "certificate_authority_arn": CA_ARN,
        "certificate": pem(tree.ca),
        "certificate_chain": pem(tree.intermediate, tree.root),
        **extra,
    }


def test_first_run_imports_and_waits_for_active_second_run_sends_no_write(run_module, tree, fake, apis):
    first = run_module(module.main, args(tree))
    assert first["changed"] is True
    assert first["status"] == "ACTIVE"
    assert fake.ca_certificates[CA_ARN]["Certificate"] == pem(tree.ca)
    assert fake.ca_certificates[CA_ARN]["CertificateChain"] == pem(tree.intermediate, tree.root)
    assert first["certificate_info"]["subject"]["commonName"] == "Example Subordinate CA"
    assert apis[0].write_operations == ["ImportCertificateAuthorityCertificate"]

    second = run_module(module.main, args(tree))
    assert second["changed"] is False
    assert apis[1].write_operations == []
    assert second["certificate"] == first["certificate"]


def test_check_mode_sends_no_write_and_diff_shows_serials(run_module, tree, fake, apis):
    result = run_module(module.main, args(tree, _ansible_check_mode=True, _ansible_diff=True))
    assert result["changed"] is True
    assert result["status"] == "ACTIVE"  # the status the import leads to
    assert apis[0].write_operations == []
    assert CA_ARN not in fake.ca_certificates
    assert result["diff"]["before"] == {}
    assert result["diff"]["after"]["serial_number"] == result["certificate_info"]["serial_number_hex"]


def test_a_renewal_for_the_same_key_is_imported(run_module, tree, fake, apis):
    fake.activate()
    renewed = tree.sign(tree.ca_key)
    result = run_module(module.main, args(tree, certificate=pem(renewed), _ansible_diff=True))
    assert result["changed"] is True
    assert fake.ca_certificates[CA_ARN]["Certificate"] == pem(renewed)
    assert result["diff"]["before"]["serial_number"] != result["diff"]["after"]["serial_number"]


def test_a_certificate_for_another_key_is_refused_before_any_write(run_module, tree, fake, apis):
    other = tree.sign(new_key("ec"))
    result = run_module(module.main, args(tree, certificate=pem(other)))
    assert result["failed"] is True
    assert "fingerprint" in result["msg"]
    assert apis[0].write_operations == []


def test_a_chain_that_does_not_match_is_refused_before_any_request(run_module, tree, fake, apis):
    other = Hierarchy("ec")
    result = run_module(module.main, args(tree, certificate_chain=pem(other.intermediate, other.root)))
    assert result["failed"] is True
    assert "not signed by certificate 1 of certificate_chain" in result["msg"]
    assert fake.calls == []


def test_a_pasted_private_key_is_refused_and_not_echoed(run_module, tree, fake, apis):
    secret = key_pem(tree.ca_key)
    result = run_module(module.main, args(tree, certificate=secret))
    assert result["failed"] is True
    assert secret.splitlines()[1] not in str(result)
    assert fake.calls == []


def test_a_subordinate_ca_needs_a_chain(run_module, tree, fake, apis):
    result = run_module(module.main, args(tree, certificate=pem(tree.root), certificate_chain=None))
    assert result["failed"] is True
    assert "SUBORDINATE" in result["msg"]
    assert apis[0].write_operations == []


def test_a_root_ca_takes_its_self_signed_certificate_without_chain(run_module, monkeypatch):
    root_tree = Hierarchy("ec")
    root_tree.csr = root_tree.csr  # the CA's key is ca_key; make its self-signed certificate
    certificate = make_certificate(root_tree.ca_key, "Example Root in AWS")
    fake = one_ca(root_tree, ca_type="ROOT")
    apis = patch_api(monkeypatch, module, fake)
    result = run_module(
        module.main, {"certificate_authority_arn": CA_ARN, "certificate": pem(certificate), "wait": False}
    )
    assert result["changed"] is True, result
    assert result["certificate_chain"] is None
    assert "CertificateChain" not in fake.ca_certificates[CA_ARN]
    with_chain = run_module(
        module.main,
        {"certificate_authority_arn": CA_ARN, "certificate": pem(certificate), "certificate_chain": pem(certificate)},
    )
    assert with_chain["failed"] is True
    assert "ROOT" in with_chain["msg"]
    assert apis[1].write_operations == []


def test_a_malformed_arn_is_refused_before_building_a_client(run_module, tree, apis):
    result = run_module(module.main, args(tree, certificate_authority_arn="arn:aws:acm-pca:us-east-1:1:ca/x"))
    assert result["failed"] is True
    assert "Invalid certificate authority ARN" in result["msg"]
    assert apis == []


def test_returned_keys_are_documented(run_module, tree, fake, apis):
    result = run_module(module.main, args(tree, _ansible_diff=True))
    documented = set(yaml.safe_load(module.RETURN))
    assert set(result) - STANDARD_KEYS <= documented
    info_keys = set(yaml.safe_load(module.RETURN)["certificate_info"]["contains"])
    assert set(result["certificate_info"]) == info_keys


def test_it_waits_while_aws_creates_the_csr_and_while_the_ca_is_not_active_yet(
    run_module, tree, fake, apis, monkeypatch
):
    fake_time(monkeypatch)
    answers = {"csr": 2, "pending": 2}
    real_csr, real_describe = fake._get_certificate_authority_csr, fake._describe_certificate_authority

    def csr_later(**params):
        if answers["csr"]:
            answers["csr"] -= 1
            raise client_error("RequestInProgressException", "GetCertificateAuthorityCsr")
        return real_csr(**params)

    def active_later(**params):
        described = real_describe(**params)
        if CA_ARN in fake.ca_certificates and answers["pending"]:
            answers["pending"] -= 1
            described["CertificateAuthority"]["Status"] = "PENDING_CERTIFICATE"
        return described

    monkeypatch.setattr(fake, "_get_certificate_authority_csr", csr_later, raising=False)
    monkeypatch.setattr(fake, "_describe_certificate_authority", active_later, raising=False)
    result = run_module(module.main, args(tree))
    assert result["status"] == "ACTIVE"
    assert apis[0].operations.count("GetCertificateAuthorityCsr") == 3
    assert apis[0].operations.count("DescribeCertificateAuthority") == 4


def test_without_wait_the_status_right_after_the_import_is_returned(run_module, tree, fake, apis, monkeypatch):
    real_describe = fake._describe_certificate_authority

    def still_pending(**params):
        described = real_describe(**params)
        described["CertificateAuthority"]["Status"] = "PENDING_CERTIFICATE"
        return described

    monkeypatch.setattr(fake, "_describe_certificate_authority", still_pending, raising=False)
    result = run_module(module.main, args(tree, wait=False))
    assert result["changed"] is True
    assert result["status"] == "PENDING_CERTIFICATE"


def test_waiting_for_active_is_bounded_by_wait_timeout(run_module, tree, fake, apis, monkeypatch):
    real_describe = fake._describe_certificate_authority
    fake_time(monkeypatch)

    def never_active(**params):
        described = real_describe(**params)
        described["CertificateAuthority"]["Status"] = "PENDING_CERTIFICATE"
        return described

    monkeypatch.setattr(fake, "_describe_certificate_authority", never_active, raising=False)
    result = run_module(module.main, args(tree, wait_timeout=20))
    assert result["failed"] is True
    assert "Timed out after 20 s" in result["msg"]


@pytest.mark.parametrize("status", ["DELETED", "FAILED"])
def test_a_deleted_or_failed_ca_is_refused_before_any_write(run_module, tree, fake, apis, status):
    fake.cas[CA_ARN]["Status"] = status
    result = run_module(module.main, args(tree))
    assert result["failed"] is True
    assert status in result["msg"]
    assert apis[0].write_operations == []


def test_aws_errors_become_advice(run_module, tree, fake, apis, monkeypatch):
    def mismatch(**params):
        raise client_error("CertificateMismatchException", "ImportCertificateAuthorityCertificate")

    monkeypatch.setattr(fake, "_import_certificate_authority_certificate", mismatch, raising=False)
    result = run_module(module.main, args(tree))
    assert result["failed"] is True
    assert "public key is not the CA's own" in result["msg"]
