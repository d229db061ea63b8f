# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""acm_private_certificate through main(), against fake ACM and ACM PCA clients (_acm_fakes.py)."""

from __future__ import annotations

import datetime
import os

import pytest
import yaml
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from ansible_collections.privateca.aws.plugins.module_utils import _acm_certificate
from ansible_collections.privateca.aws.plugins.modules import acm_private_certificate
from ansible_collections.privateca.aws.tests.unit.conftest import warning_texts
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import fake_time
from ansible_collections.privateca.aws.tests.unit.plugins.modules._access_helpers import STANDARD_KEYS
from ansible_collections.privateca.aws.tests.unit.plugins.modules._access_helpers import documented_keys_mismatch
from ansible_collections.privateca.aws.tests.unit.plugins.modules._acm_fakes import CA_ARN
from ansible_collections.privateca.aws.tests.unit.plugins.modules._acm_fakes import install

WRITES = set(_acm_certificate.WRITE_OPERATIONS)
PASSPHRASE = "unit-test passphrase"
DOMAIN = "web01.internal.example.com"


@pytest.fixture
def fakes(monkeypatch):
    fake_time(monkeypatch)
    return install(monkeypatch)


def run(run_module, **args):
    return run_module(
        acm_private_certificate.main, {"certificate_authority_arn": CA_ARN, "domain_name": DOMAIN, **args}
    )


def writes(acm) -> list[str]:
    return [name for name in acm.operations if name in WRITES]


def export_args(tmp_path, **extra) -> dict:
    return {
        "certificate_path": str(tmp_path / "web01.crt"),
        "chain_path": str(tmp_path / "web01-chain.crt"),
        "private_key_path": str(tmp_path / "web01.key"),
        "passphrase": PASSPHRASE,
        **extra,
    }


def test_request_returns_the_documented_keys_and_a_rerun_sends_no_write(run_module, fakes):
    acm, pca = fakes
    result = run(run_module, name="web01", tags={"team": "platform"})
    assert result["changed"] is True
    assert writes(acm) == ["RequestCertificate"]
    request = acm.calls[acm.operations.index("RequestCertificate")][1]
    assert request["KeyAlgorithm"] == "EC_prime256v1"  # the EC CA's family, when not given
    assert {"Key": "Name", "Value": "web01"} in request["Tags"]
    assert result["status"] == "ISSUED"
    assert result["key_algorithm"] == "EC_prime256v1"
    assert result["tags"] == {"Name": "web01", "team": "platform"}
    assert result["certificate"].startswith("-----BEGIN CERTIFICATE-----")
    documented = yaml.safe_load(acm_private_certificate.RETURN)
    assert documented_keys_mismatch({k: v for k, v in result.items() if k not in STANDARD_KEYS}, documented) == []
    acm.calls.clear()
    pca.calls.clear()
    again = run(run_module, name="web01", tags={"team": "platform"})
    assert again["changed"] is False
    assert writes(acm) == [] and pca.operations == []
    assert again["certificate_arn"] == result["certificate_arn"]
    assert acm.operations == ["ListCertificates", "DescribeCertificate", "ListTagsForCertificate", "GetCertificate"]


def test_check_mode_sends_no_write_and_writes_no_file(run_module, fakes, tmp_path):
    acm, _pca = fakes
    result = run(run_module, export=export_args(tmp_path), _ansible_check_mode=True, _ansible_diff=True)
    assert result["changed"] is True
    assert writes(acm) == []
    assert list(tmp_path.iterdir()) == []
    assert result["certificate_arn"] is None
    assert result["diff"]["before"] == {}
    assert result["diff"]["after"]["files"] == {
        str(tmp_path / n): "written" for n in ("web01.crt", "web01-chain.crt", "web01.key")
    }


def test_export_writes_the_files_key_0600_and_a_rerun_writes_nothing(run_module, fakes, tmp_path):
    acm, _pca = fakes
    result = run(run_module, export=export_args(tmp_path, private_key_encrypted=False))
    assert result["changed"] is True
    assert writes(acm) == ["RequestCertificate", "ExportCertificate"]
    key_file = tmp_path / "web01.key"
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert oct((tmp_path / "web01.crt").stat().st_mode & 0o777) == "0o644"
    key = serialization.load_pem_private_key(key_file.read_bytes(), None)
    certificate = x509.load_pem_x509_certificate((tmp_path / "web01.crt").read_bytes())
    assert key.public_key() == certificate.public_key()
    assert result["renewal_eligibility"] == "ELIGIBLE"
    stamps = {path.name: path.stat().st_mtime_ns for path in tmp_path.iterdir()}
    acm.calls.clear()
    again = run(run_module, export=export_args(tmp_path, private_key_encrypted=False))
    assert again["changed"] is False
    assert writes(acm) == []
    assert {path.name: path.stat().st_mtime_ns for path in tmp_path.iterdir()} == stamps


def test_encrypted_key_is_written_as_acm_gives_it(run_module, fakes, tmp_path):
    run(run_module, export=export_args(tmp_path))
    content = (tmp_path / "web01.key").read_bytes()
    assert content.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    serialization.load_pem_private_key(content, PASSPHRASE.encode())


def test_a_key_file_that_does_not_match_is_exported_again(run_module, fakes, tmp_path):
    acm, _pca = fakes
    run(run_module, export=export_args(tmp_path))
    (tmp_path / "web01.key").write_bytes(b"not a key")
    acm.calls.clear()
    result = run(run_module, export=export_args(tmp_path))
    assert result["changed"] is True
    assert writes(acm) == ["ExportCertificate"]


def test_remaining_days_renews_and_rewrites_the_certificate_file(run_module, fakes, tmp_path):
    acm, _pca = fakes
    first = run(run_module, export=export_args(tmp_path))
    acm.calls.clear()
    renewed = run(run_module, export=export_args(tmp_path), remaining_days=395)
    assert renewed["changed"] is True
    assert "RenewCertificate" in writes(acm)
    assert renewed["serial"] != first["serial"]
    in_file = x509.load_pem_x509_certificate((tmp_path / "web01.crt").read_bytes())
    assert in_file.serial_number == int(renewed["serial"].replace(":", ""), 16)
    acm.calls.clear()
    kept = run(run_module, export=export_args(tmp_path), remaining_days=30)
    assert kept["changed"] is False and writes(acm) == []


def test_renewal_of_a_certificate_never_exported_fails_with_advice(run_module, fakes):
    acm, _pca = fakes
    run(run_module)
    result = run(run_module, remaining_days=395)
    assert result["failed"] is True
    assert "exported" in result["msg"] and "RenewCertificate" not in acm.operations


def test_create_only_fields_that_differ_fail_naming_both_values(run_module, fakes):
    acm, _pca = fakes
    arn = acm.add(DOMAIN, "EC_prime256v1")
    result = run_module(
        acm_private_certificate.main,
        {"certificate_arn": arn, "domain_name": "other.internal.example.com", "key_algorithm": "EC_secp384r1"},
    )
    assert result["failed"] is True
    assert (
        f"domain_name: the certificate has '{DOMAIN}', the task asks for 'other.internal.example.com'" in result["msg"]
    )
    assert "key_algorithm: the certificate has 'EC_prime256v1', the task asks for 'EC_secp384r1'" in result["msg"]
    assert writes(acm) == []


def test_two_matching_certificates_fail_listing_both(run_module, fakes):
    acm, _pca = fakes
    first, second = acm.add(DOMAIN), acm.add(DOMAIN)
    result = run(run_module)
    assert result["failed"] is True
    assert first in result["msg"] and second in result["msg"]
    assert writes(acm) == []


def test_the_name_tag_tells_certificates_apart(run_module, fakes):
    acm, _pca = fakes
    acm.add(DOMAIN)
    named = acm.add(DOMAIN, tags={"Name": "web01"})
    result = run(run_module, name="web01")
    assert result["changed"] is False and result["certificate_arn"] == named


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"Status": "DISABLED"}, "is DISABLED; ACM issues certificates only from an ACTIVE CA"),
        ({"UsageMode": "SHORT_LIVED_CERTIFICATE"}, "short-lived certificate CA"),
        (
            {
                "CertificateAuthorityConfiguration": {
                    "KeyAlgorithm": "RSA_2048",
                    "SigningAlgorithm": "SHA256WITHRSA",
                    "Subject": {"CommonName": "unit test CA"},
                }
            },
            "not of the CA's key family",
        ),
        (
            {"NotAfter": datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=300)},
            "before the 395 days",
        ),
    ],
)
def test_a_ca_that_cannot_issue_fails_before_the_request(run_module, fakes, change, words):
    acm, pca = fakes
    pca.cas[CA_ARN].update(change)
    result = run(run_module, key_algorithm="EC_prime256v1")
    assert result["failed"] is True
    assert words in result["msg"]
    assert "RequestCertificate" not in acm.operations


def test_warns_when_the_ca_does_not_let_acm_renew(run_module, fakes):
    _acm, pca = fakes
    pca.permissions = []
    warned = run(run_module)
    assert any("privateca.aws.acmpca_permission" in text for text in warning_texts(warned))


def test_no_permission_check_when_the_caller_may_not_list_permissions(run_module, fakes):
    acm, pca = fakes
    pca.permissions = []
    pca.fail_next("ListPermissions", "AccessDeniedException")
    quiet = run(run_module)
    assert quiet["changed"] is True and writes(acm) == ["RequestCertificate"]
    assert not any("acmpca_permission" in text for text in warning_texts(quiet))


def test_a_failed_request_fails_with_the_reason_in_plain_words(run_module, fakes):
    acm, _pca = fakes
    acm.pending_describes = 2
    acm.failure_reason = "PCA_ACCESS_DENIED"
    result = run(run_module)
    assert result["failed"] is True
    assert "has not given ACM the permissions" in result["msg"] and "PCA_ACCESS_DENIED" in result["msg"]


def test_without_wait_a_pending_certificate_is_returned_as_it_is(run_module, fakes):
    acm, _pca = fakes
    acm.pending_describes = 5
    result = run(run_module, wait=False)
    assert result["changed"] is True and result["status"] == "PENDING_VALIDATION"


def test_wait_timeout_bounds_the_wait(run_module, fakes, monkeypatch):
    acm, _pca = fakes
    acm.pending_describes = 1000
    clock = fake_time(monkeypatch)
    result = run(run_module, wait_timeout=20)
    assert result["failed"] is True and "wait_timeout=20" in result["msg"]
    assert 0 < clock.now <= 20 and len(clock) >= 3


def test_tags_are_changed_in_place_and_purged(run_module, fakes):
    acm, _pca = fakes
    arn = acm.add(DOMAIN, tags={"Name": "web01", "old": "yes"})
    result = run(run_module, name="web01", tags={"team": "platform"}, _ansible_diff=True)
    assert result["changed"] is True
    assert writes(acm) == ["RemoveTagsFromCertificate", "AddTagsToCertificate"]
    assert acm.certificates[arn]["tags"] == {"Name": "web01", "team": "platform"}
    assert result["diff"]["before"]["tags"] == {"Name": "web01", "old": "yes"}
    assert result["diff"]["after"]["tags"] == {"Name": "web01", "team": "platform"}


def test_absent_refuses_a_certificate_in_use_before_any_delete(run_module, fakes):
    acm, _pca = fakes
    balancer = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/internal/0123456789abcdef"
    arn = acm.add(DOMAIN, in_use_by=[balancer])
    result = run_module(acm_private_certificate.main, {"certificate_arn": arn, "state": "absent"})
    assert result["failed"] is True and balancer in result["msg"]
    assert "DeleteCertificate" not in acm.operations
    acm.certificates[arn]["in_use_by"] = []
    deleted = run_module(acm_private_certificate.main, {"certificate_arn": arn, "state": "absent"})
    assert deleted["changed"] is True and arn not in acm.certificates
    again = run_module(acm_private_certificate.main, {"certificate_arn": arn, "state": "absent"})
    assert again["changed"] is False


def test_the_key_and_passphrase_never_appear_in_the_output(run_module, fakes, tmp_path, capsys):
    result = run(
        run_module, export=export_args(tmp_path, private_key_encrypted=False), _ansible_verbosity=4, _ansible_diff=True
    )
    shown = repr(result)
    assert "PRIVATE KEY" not in shown
    assert PASSPHRASE not in shown
    assert result["invocation"]["module_args"]["export"]["passphrase"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ({"export": {"private_key_path": "/tmp/k", "passphrase": "abc"}}, "4 to 128"),
        ({"export": {"private_key_path": "/tmp/k", "passphrase": "with $dollar"}}, "except #, $ and %"),
        ({"export": {"private_key_path": "/tmp/k"}}, "passphrase"),
        ({"domain_name": "not a domain"}, "is not a domain name"),
        (
            {"certificate_authority_arn": "arn:aws:acm:us-east-1:123456789012:certificate/x"},
            "Invalid certificate authority ARN",
        ),
        (
            {"certificate_arn": "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/x"},
            "not the ARN of an ACM",
        ),
        ({"remaining_days": 0}, "remaining_days must be at least 1"),
    ],
)
def test_bad_input_fails_before_any_request(run_module, monkeypatch, args, words):
    from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

    def refuse(*args, **kwargs):
        raise AssertionError("the module built an AWS client where it must send nothing")

    monkeypatch.setattr(AnsibleAWSModule, "client", refuse)
    result = run(run_module, **args)
    assert result["failed"] is True
    assert words in result["msg"]


# --- the pure decisions -----------------------------------------------------------------------------


def test_needs_renewal_counts_days_left():
    now = datetime.datetime(2027, 1, 1, tzinfo=datetime.timezone.utc)
    not_after = now + datetime.timedelta(days=29, hours=23)
    assert _acm_certificate.needs_renewal(not_after, 30, now) is True
    assert _acm_certificate.needs_renewal(not_after, 29, now) is False
    assert _acm_certificate.needs_renewal(not_after, None, now) is False


def test_create_only_differences_compare_only_what_is_given():
    detail = {
        "DomainName": DOMAIN,
        "SubjectAlternativeNames": [DOMAIN, "api.internal.example.com"],
        "KeyAlgorithm": "RSA-2048",
        "CertificateAuthorityArn": CA_ARN,
    }
    wanted = {
        "domain_name": DOMAIN,
        "subject_alternative_names": ["api.internal.example.com", DOMAIN],
        "key_algorithm": "RSA_2048",
        "certificate_authority_arn": None,
    }
    assert _acm_certificate.create_only_differences(detail, wanted) == []
    wanted["subject_alternative_names"] = [DOMAIN]
    assert _acm_certificate.create_only_differences(detail, wanted) == [
        f"subject_alternative_names: the certificate has {[DOMAIN, 'api.internal.example.com']!r}, "
        f"the task asks for {[DOMAIN]!r}"
    ]


def test_tag_changes_keep_other_tags_without_tags_option():
    current = {"Name": "old", "team": "x"}
    assert _acm_certificate.tag_changes(current, None, "new", True) == (
        {"Name": "new"},
        [],
        {"Name": "new", "team": "x"},
    )
    assert _acm_certificate.tag_changes(current, None, None, True) == ({}, [], current)
    to_set, to_remove, after = _acm_certificate.tag_changes(current, {}, None, True)
    assert (to_set, sorted(to_remove), after) == ({}, ["Name", "team"], {})


def test_file_writer_never_leaves_a_temporary_file(run_module, fakes, tmp_path):
    run(run_module, export=export_args(tmp_path))
    assert sorted(os.listdir(tmp_path)) == ["web01-chain.crt", "web01.crt", "web01.key"]
