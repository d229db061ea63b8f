# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""acmpca_certificate_authority: what check mode returns, what diffs show, and what is refused before a write."""

from __future__ import annotations

import pytest
import yaml

from ansible_collections.privateca.aws.plugins.modules import acmpca_certificate_authority as module
from ansible_collections.privateca.aws.tests.unit.conftest import runner

SUBJECT = {"common_name": "Unit CA", "organization": "Example Corp"}
CREATE = dict(name="unit", subject=SUBJECT, type="ROOT", key_algorithm="EC_secp384r1", tags={"team": "pki"})


@pytest.fixture
def run(run_module, fake):
    return runner(run_module, module.main)


def _documented_keys(doc: dict) -> set[str]:
    return set(doc["certificate_authority"]["contains"])


def test_check_mode_create_returns_the_ca_as_it_would_be_with_documented_placeholders(run, fake):
    checked = run(check_mode=True, **CREATE)
    assert fake.writes == []
    ca = checked["certificate_authority"]
    assert ca["status"] == "PENDING_CERTIFICATE"
    assert ca["arn"] == (
        "arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/00000000-0000-0000-0000-000000000000"
    )
    assert ca["csr"].startswith("(check mode")

    created = run(**CREATE)["certificate_authority"]
    # Every key the real run returns is there in check mode, except the dates AWS sets (documented so).
    assert set(created) - set(ca) <= {"created_at", "last_state_change_at"}
    assert "created_at" in created
    assert set(ca) <= _documented_keys(yaml.safe_load(module.RETURN))
    for key in ("type", "status", "certificate_authority_configuration", "tags", "name", "usage_mode"):
        assert ca[key] == created[key], key
    assert ca["key_storage_security_standard"] == "FIPS_140_2_LEVEL_3_OR_HIGHER"
    assert ca["revocation_configuration"] == {
        "crl_configuration": {"enabled": False},
        "ocsp_configuration": {"enabled": False},
    }


def test_check_mode_create_without_wait_predicts_creating_and_no_csr(run, fake):
    ca = run(check_mode=True, wait=False, **CREATE)["certificate_authority"]
    assert ca["status"] == "CREATING"
    assert "csr" not in ca


def test_the_create_diff_shows_what_will_exist(run, fake):
    diff = run(check_mode=True, diff=True, **CREATE)["diff"]
    assert diff["before"] == {}
    after = diff["after"]
    assert after["status"] == "PENDING_CERTIFICATE"
    assert after["type"] == "ROOT"
    assert after["key_algorithm"] == "EC_secp384r1"
    assert after["signing_algorithm"] == "SHA256WITHECDSA"
    assert after["subject"] == {"common_name": "Unit CA", "organization": "Example Corp"}
    assert after["tags"] == {"Name": "unit", "team": "pki"}
    real = run(diff=True, **CREATE)["diff"]["after"]
    assert real == after


@pytest.mark.parametrize("check_mode", [True, False])
def test_the_restore_diff_shows_the_status_before_and_after(run, fake, check_mode):
    arn = fake.add(name="unit", status="ACTIVE")
    run(certificate_authority_arn=arn, state="absent")
    result = run(check_mode=check_mode, diff=True, name="unit")
    before, after = result["diff"]["before"], result["diff"]["after"]
    assert before["status"] == "DELETED" and "restorable_until" in before
    assert after["status"] == "DISABLED"
    assert before["subject"] == after["subject"] == {"common_name": "Unit CA"}
    assert before["key_algorithm"] == after["key_algorithm"] == "RSA_2048"
    assert result["certificate_authority"]["status"] == "DISABLED"
    assert "csr" in result["certificate_authority"]


def test_renaming_onto_a_name_another_ca_carries_fails_before_any_write_naming_both(run, fake):
    first = fake.add(name="dupe-a", status="ACTIVE")
    second = fake.add(name="dupe-b", status="ACTIVE")
    for check_mode in (True, False):
        result = run(check_mode=check_mode, certificate_authority_arn=second, name="dupe-a")
        assert result["failed"] is True
        assert first in result["msg"] and second in result["msg"]
        assert "'dupe-a'" in result["msg"] and "'dupe-b'" in result["msg"]
    assert fake.writes == []
    # A free name is a rename; the same name again is no change and lists nothing.
    assert run(certificate_authority_arn=second, name="dupe-c")["changed"] is True
    fake.calls.clear()
    assert run(certificate_authority_arn=second, name="dupe-c")["changed"] is False
    assert "ListCertificateAuthorities" not in fake.operations


def test_renaming_is_allowed_over_a_deleted_ca(run, fake):
    fake.add(name="dupe-a", status="DELETED")
    second = fake.add(name="dupe-b", status="ACTIVE")
    assert run(certificate_authority_arn=second, name="dupe-a")["changed"] is True


@pytest.mark.parametrize("subject", [{}, {"common_name": None}, {"common_name": ""}])
def test_an_empty_subject_is_refused_before_any_request(run, fake, subject):
    result = run(name="unit", subject=subject)
    assert result["failed"] is True
    assert "subject is empty" in result["msg"] and "common_name" in result["msg"]
    assert fake.operations == []


@pytest.mark.parametrize("key", ["aws:team", "AWS:cost-center", "rds:x"])
def test_reserved_tag_keys_are_refused_before_any_request(run, fake, key):
    result = run(name="unit", subject=SUBJECT, tags={key: "x", "team": "pki"})
    assert result["failed"] is True
    assert key in result["msg"] and "reserved for AWS" in result["msg"]
    assert "team" not in result["msg"].split("reserved")[0].replace(key, "")
    assert fake.operations == []
