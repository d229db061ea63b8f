# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""acmpca_certificate_authority through main(), against an in-memory ACM PCA that keeps the status rules."""

from __future__ import annotations

import datetime
import json

import pytest
import yaml

from ansible_collections.privateca.aws.plugins.modules import acmpca_certificate_authority as module
from ansible_collections.privateca.aws.tests.unit.conftest import runner
from ansible_collections.privateca.aws.tests.unit.conftest import warning_texts
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._acmpca_fake import PLACEHOLDER_CSR as CSR
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import known_members

STANDARD_KEYS = {"changed", "invocation", "warnings", "deprecations", "failed", "msg", "diff"}
SUBJECT = {"common_name": "Unit CA"}


@pytest.fixture
def run(run_module, fake):
    return runner(run_module, module.main)


# ---- creation and reruns


def test_creates_waits_and_returns_the_csr_then_a_rerun_writes_nothing(run, fake):
    fake.creating_polls = 2
    created = run(name="unit", subject=SUBJECT, type="ROOT", key_algorithm="EC_prime256v1", tags={"team": "pki"})
    assert created["changed"] is True
    ca = created["certificate_authority"]
    assert ca["status"] == "PENDING_CERTIFICATE"
    assert ca["csr"] == CSR
    assert ca["tags"] == {"Name": "unit", "team": "pki"}
    assert ca["certificate_authority_configuration"]["signing_algorithm"] == "SHA256WITHECDSA"
    assert fake.writes == ["CreateCertificateAuthority"]

    fake.calls.clear()
    again = run(name="unit", subject=SUBJECT, type="ROOT", key_algorithm="EC_prime256v1", tags={"team": "pki"})
    assert again["changed"] is False
    assert fake.writes == []
    assert again["certificate_authority"]["arn"] == ca["arn"]


def test_create_sends_an_idempotency_token_derived_from_the_request(run, fake):
    run(name="unit", subject=SUBJECT, wait=False)
    arn = next(iter(fake.cas))
    # The same request again (as a retry would send it) returns the same CA; nothing new is made.
    token = next(iter(fake.tokens))
    del fake.tags[arn]
    fake.tags[arn] = []  # hide it from the name lookup, as a retry racing the first request would not see it
    run(name="unit", subject=SUBJECT, wait=False)
    assert len(fake.cas) == 1
    assert list(fake.tokens) == [token]


def test_check_mode_create_sends_no_write_and_diff_shows_after(run, fake):
    result = run(check_mode=True, diff=True, name="unit", subject=SUBJECT, tags={"a": "b"})
    assert result["changed"] is True
    assert fake.writes == []
    assert fake.cas == {}
    assert result["diff"]["before"] == {}
    assert result["diff"]["after"]["tags"] == {"Name": "unit", "a": "b"}


def test_create_without_subject_fails_before_writing(run, fake):
    result = run(name="unit")
    assert result["failed"] is True
    assert "subject is needed" in result["msg"]
    assert fake.writes == []


def test_enabled_on_creation_fails_before_writing(run, fake):
    result = run(name="unit", subject=SUBJECT, enabled=True)
    assert result["failed"] is True
    assert "enabled applies only to a CA with its certificate" in result["msg"]
    assert fake.writes == []


def test_failed_creation_is_a_clear_failure(run, fake):
    fake.fail_creation = True
    result = run(name="unit", subject=SUBJECT)
    assert result["failed"] is True
    assert "AWS failed to create the CA" in result["msg"] and "OTHER" in result["msg"]


def test_wait_timeout_bounds_the_wait(run, fake):
    fake.creating_polls = 10**6
    result = run(name="unit", subject=SUBJECT, wait_timeout=1)
    assert result["failed"] is True
    assert "still CREATING after wait_timeout (1 s)" in result["msg"]


def test_no_wait_returns_creating_without_csr(run, fake):
    fake.creating_polls = 5
    result = run(name="unit", subject=SUBJECT, wait=False)
    assert result["certificate_authority"]["status"] == "CREATING"
    assert "csr" not in result["certificate_authority"]


# ---- identity


def test_no_arn_and_no_name_fails_before_any_request(run, fake):
    result = run(subject=SUBJECT)
    assert result["failed"] is True
    assert fake.operations == []


def test_malformed_arn_fails_before_any_request(run, fake):
    result = run(certificate_authority_arn="arn:aws:acm-pca:us-east-1:123:certificate-authority/x")
    assert result["failed"] is True
    assert "Invalid certificate authority ARN" in result["msg"]
    assert fake.operations == []


def test_two_cas_with_the_name_fail_and_list_both(run, fake):
    first, second = fake.add(name="twin"), fake.add(name="twin")
    fake.add(name="other")
    result = run(name="twin", subject=SUBJECT)
    assert result["failed"] is True
    assert first in result["msg"] and second in result["msg"]
    assert fake.writes == []


def test_name_lookup_follows_pages(run, fake):
    fake.tagging_denied = True  # the listing, as without tag:GetResources (test_ca_by_tag.py has the rest)
    for index in range(5):
        fake.add(name=f"ca{index}")
    result = run(name="ca4")
    assert result["changed"] is False
    assert result["certificate_authority"]["name"] == "ca4"
    assert fake.operations.count("ListCertificateAuthorities") == 3


def test_unknown_arn_with_state_present_fails_and_says_how_to_create(run, fake):
    arn = "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012"
    result = run(certificate_authority_arn=arn, subject=SUBJECT)
    assert result["failed"] is True
    assert "leave certificate_authority_arn out and give name" in result["msg"]


# ---- create-only fields never lead to replacement

DRIFTS = [
    ("type", "ROOT", "SUBORDINATE"),
    ("key_algorithm", "RSA_4096", "RSA_2048"),
    ("signing_algorithm", "SHA512WITHRSA", "SHA256WITHRSA"),
    ("subject", {"common_name": "Other CA"}, {"CommonName": "Unit CA"}),
    ("csr_extensions", {"key_usage": {"key_cert_sign": True}}, {}),
    ("key_storage_security_standard", "FIPS_140_2_LEVEL_2_OR_HIGHER", "FIPS_140_2_LEVEL_3_OR_HIGHER"),
    ("usage_mode", "SHORT_LIVED_CERTIFICATE", "GENERAL_PURPOSE"),
]


@pytest.mark.parametrize("field, wanted, have", DRIFTS, ids=[d[0] for d in DRIFTS])
def test_each_create_only_field_that_differs_fails_and_names_both_values(run, fake, field, wanted, have):
    fake.add(name="unit")
    result = run(name="unit", **{field: wanted})
    assert result["failed"] is True
    assert f"{field}: AWS has {json.dumps(have, sort_keys=True)}" in result["msg"]
    assert fake.writes == []


def test_all_differing_fields_are_named_at_once(run, fake):
    fake.add(name="unit")
    result = run(name="unit", type="ROOT", key_algorithm="RSA_4096", subject={"common_name": "X"})
    assert all(f"{field}: AWS has" in result["msg"] for field in ("type", "key_algorithm", "subject"))


def test_omitted_create_only_fields_are_not_compared(run, fake):
    fake.add(name="unit", Type="ROOT", KeyStorageSecurityStandard="FIPS_140_2_LEVEL_2_OR_HIGHER")
    result = run(name="unit")
    assert result["changed"] is False


def test_signing_algorithm_that_does_not_fit_the_key_fails_locally(run, fake):
    result = run(name="unit", subject=SUBJECT, key_algorithm="EC_secp384r1", signing_algorithm="SHA256WITHRSA")
    assert result["failed"] is True
    assert "signing_algorithm SHA256WITHRSA does not fit key_algorithm EC_secp384r1" in result["msg"]
    assert " a EC" not in result["msg"]
    assert fake.operations == []


# ---- in-place changes and status rules


def test_disable_then_enable_with_diff(run, fake):
    arn = fake.add(name="unit", status="ACTIVE")
    result = run(diff=True, certificate_authority_arn=arn, enabled=False)
    assert result["changed"] is True
    assert result["diff"]["before"]["status"] == "ACTIVE"
    assert result["diff"]["after"]["status"] == "DISABLED"
    assert fake.cas[arn]["Status"] == "DISABLED"
    fake.calls.clear()
    assert run(certificate_authority_arn=arn, enabled=False)["changed"] is False
    assert fake.writes == []
    assert run(certificate_authority_arn=arn, enabled=True)["changed"] is True
    assert fake.cas[arn]["Status"] == "ACTIVE"


@pytest.mark.parametrize("status", ["PENDING_CERTIFICATE", "EXPIRED"])
def test_enabled_on_a_ca_without_a_usable_certificate_fails_without_calling(run, fake, status):
    arn = fake.add(name="unit", status=status)
    result = run(certificate_authority_arn=arn, enabled=True)
    assert result["failed"] is True
    assert f"whose status is {status}" in result["msg"]
    assert fake.writes == []


REVOCATION = {
    "crl_configuration": {"enabled": True, "s3_bucket_name": "crl-bucket", "expiration_in_days": 7},
    "ocsp_configuration": {"enabled": True},
}


def test_revocation_update_and_echoed_defaults_are_no_change(run, fake):
    arn = fake.add(name="unit", status="ACTIVE")
    assert run(certificate_authority_arn=arn, revocation_configuration=REVOCATION)["changed"] is True
    # AWS echoes its defaults (ACL, CRL type, distribution point) alongside what was sent.
    stored = fake.cas[arn]["RevocationConfiguration"]["CrlConfiguration"]
    assert stored["S3ObjectAcl"] == "PUBLIC_READ"
    fake.calls.clear()
    assert run(certificate_authority_arn=arn, revocation_configuration=REVOCATION)["changed"] is False
    assert fake.writes == []


def test_revocation_as_aws_echoes_it_without_defaults_is_no_change(run, fake):
    arn = fake.add(
        name="unit",
        status="ACTIVE",
        RevocationConfiguration={
            "CrlConfiguration": known_members(
                "acm-pca",
                "CrlConfiguration",
                {
                    "Enabled": True,
                    "S3BucketName": "crl-bucket",
                    "ExpirationInDays": 7,
                    "S3ObjectAcl": "PUBLIC_READ",
                    "CrlType": "COMPLETE",
                    "CrlDistributionPointExtensionConfiguration": {"OmitExtension": False},
                },
            ),
            "OcspConfiguration": {"Enabled": False},
        },
    )
    wanted = {"crl_configuration": {"enabled": True, "s3_bucket_name": "crl-bucket"}}
    assert run(certificate_authority_arn=arn, revocation_configuration=wanted)["changed"] is False


def test_revocation_change_on_a_pending_ca_fails_and_says_to_import_first(run, fake):
    arn = fake.add(name="unit")
    result = run(certificate_authority_arn=arn, revocation_configuration=REVOCATION)
    assert result["failed"] is True
    assert "Import the CA's certificate first" in result["msg"]
    assert fake.writes == []


def test_check_mode_update_writes_nothing(run, fake):
    arn = fake.add(name="unit", status="ACTIVE")
    result = run(check_mode=True, diff=True, certificate_authority_arn=arn, enabled=False, tags={"x": "y"})
    assert result["changed"] is True
    after = result["diff"]["after"]
    assert after["status"] == "DISABLED"
    assert after["revocation_configuration"] == {
        "crl_configuration": {"enabled": False},
        "ocsp_configuration": {"enabled": False},
    }
    assert after["tags"] == {"Name": "unit", "x": "y"}
    assert {key: after[key] for key in ("type", "key_algorithm")} == {
        key: result["diff"]["before"][key] for key in ("type", "key_algorithm")
    }
    assert fake.writes == []


def test_failed_ca_says_to_delete_it(run, fake):
    fake.add(name="unit", status="FAILED", FailureReason="UNSUPPORTED_ALGORITHM")
    result = run(name="unit")
    assert result["failed"] is True
    assert "UNSUPPORTED_ALGORITHM" in result["msg"] and "state: absent" in result["msg"]


# ---- tags


def test_tags_add_change_and_purge_but_never_the_name(run, fake):
    arn = fake.add(name="unit")
    fake.tags[arn] += [{"Key": "keep", "Value": "1"}, {"Key": "change", "Value": "old"}]
    result = run(certificate_authority_arn=arn, tags={"change": "new", "add": "x"}, purge_tags=False)
    assert result["certificate_authority"]["tags"] == {"Name": "unit", "keep": "1", "change": "new", "add": "x"}
    assert fake.writes == ["TagCertificateAuthority"]
    fake.calls.clear()
    result = run(certificate_authority_arn=arn, tags={"add": "x"})
    assert result["certificate_authority"]["tags"] == {"Name": "unit", "add": "x"}
    assert fake.writes == ["UntagCertificateAuthority"]
    fake.calls.clear()
    assert run(certificate_authority_arn=arn, tags={"add": "x"})["changed"] is False
    assert fake.writes == []


def test_tags_omitted_leaves_tags_alone(run, fake):
    arn = fake.add(name="unit")
    fake.tags[arn].append({"Key": "keep", "Value": "1"})
    assert run(certificate_authority_arn=arn)["changed"] is False


def test_name_tag_conflicting_with_name_fails_locally(run, fake):
    result = run(name="unit", tags={"Name": "other"})
    assert result["failed"] is True
    assert fake.operations == []


# ---- absent, restore


def test_absent_disables_an_active_ca_then_deletes_it_and_again_is_no_change(run, fake):
    arn = fake.add(name="unit", status="ACTIVE")
    result = run(diff=True, name="unit", state="absent", permanent_deletion_time_in_days=7)
    assert result["changed"] is True
    assert fake.writes == ["UpdateCertificateAuthority", "DeleteCertificateAuthority"]
    assert fake.cas[arn]["Status"] == "DELETED"
    assert result["diff"]["after"] == {}
    assert result["certificate_authority"]["restorable_until"].startswith("2026-12-06")
    fake.calls.clear()
    assert run(name="unit", state="absent")["changed"] is False
    assert run(certificate_authority_arn=arn, state="absent")["changed"] is False
    assert fake.writes == []


def test_absent_for_a_missing_ca_is_no_change(run, fake):
    result = run(name="nothing", state="absent")
    assert result == {**result, "changed": False, "certificate_authority": {}}


def test_absent_in_check_mode_writes_nothing(run, fake):
    arn = fake.add(name="unit", status="ACTIVE")
    assert run(check_mode=True, certificate_authority_arn=arn, state="absent")["changed"] is True
    assert fake.writes == [] and fake.cas[arn]["Status"] == "ACTIVE"


def test_deletion_days_out_of_range_fail_locally(run, fake):
    result = run(name="unit", state="absent", permanent_deletion_time_in_days=31)
    assert "between 7 and 30" in result["msg"]
    assert fake.operations == []


@pytest.mark.parametrize("by", ["arn", "name"])
def test_restores_a_deleted_ca_and_applies_enabled(run, fake, by):
    arn = fake.add(name="unit", status="ACTIVE")
    run(certificate_authority_arn=arn, state="absent")
    identity = {"certificate_authority_arn": arn} if by == "arn" else {"name": "unit"}
    fake.calls.clear()
    result = run(**identity, enabled=True)
    assert result["changed"] is True
    assert fake.writes == ["RestoreCertificateAuthority", "UpdateCertificateAuthority"]
    assert fake.cas[arn]["Status"] == "ACTIVE"
    assert len(fake.cas) == 1


def test_restore_in_check_mode_predicts_and_writes_nothing(run, fake):
    arn = fake.add(name="unit", status="ACTIVE")
    run(certificate_authority_arn=arn, state="absent")
    fake.calls.clear()
    result = run(check_mode=True, diff=True, name="unit", enabled=True)
    assert result["changed"] is True
    assert result["diff"]["before"]["status"] == "DELETED"  # a restore, not a creation
    assert result["diff"]["after"]["status"] == "ACTIVE"
    assert fake.writes == []


def test_restore_window_passed_fails_by_arn(run, fake):
    arn = fake.add(
        name="unit", status="DELETED", RestorableUntil=datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
    )
    result = run(certificate_authority_arn=arn)
    assert result["failed"] is True
    assert "cannot be restored" in result["msg"]
    assert fake.writes == []


def test_restore_window_passed_by_name_creates_a_new_ca(run, fake):
    old = fake.add(
        name="unit", status="DELETED", RestorableUntil=datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
    )
    result = run(name="unit", subject=SUBJECT)
    assert result["changed"] is True
    assert result["certificate_authority"]["arn"] != old
    assert fake.writes == ["CreateCertificateAuthority"]


def test_deleted_cas_whose_tags_aws_hides_are_named_in_a_warning_and_a_new_ca_is_made(run, fake):
    fake.tags_of_deleted_readable = False
    hidden = fake.add(
        name="unit", status="DELETED", RestorableUntil=datetime.datetime(2099, 1, 1, tzinfo=datetime.timezone.utc)
    )
    result = run(name="unit", subject=SUBJECT)
    assert result["changed"] is True
    assert any(hidden in text and "certificate_authority_arn" in text for text in warning_texts(result))
    assert fake.writes == ["CreateCertificateAuthority"]


def test_a_live_ca_wins_over_a_deleted_one_with_the_same_name(run, fake):
    fake.add(name="unit", status="DELETED", RestorableUntil=datetime.datetime(2099, 1, 1, tzinfo=datetime.timezone.utc))
    live = fake.add(name="unit")
    result = run(name="unit")
    assert result["changed"] is False
    assert result["certificate_authority"]["arn"] == live


# ---- errors, return documentation


def test_aws_errors_become_advice(run, fake, monkeypatch):
    from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._acmpca_fake import client_error

    def denied(**kwargs):
        raise client_error("AccessDeniedException", "ListCertificateAuthorities")

    monkeypatch.setitem(fake.answers, "ListCertificateAuthorities", denied)
    result = run(name="unit")
    assert result["failed"] is True
    assert "acm-pca:ListCertificateAuthorities" in result["msg"]


def _undocumented(result: dict, documented: dict, path: str = "") -> list[str]:
    problems = [f"{path}{key} is returned but not documented" for key in result.keys() - documented.keys()]
    for key, doc in documented.items():
        if key in result and "contains" in doc and isinstance(result[key], dict):
            problems += _undocumented(result[key], doc["contains"], f"{path}{key}.")
    return problems


def test_return_documentation_covers_what_is_returned(run, fake):
    arn = fake.add(
        name="unit", status="ACTIVE", Serial="01", RevocationConfiguration={"OcspConfiguration": {"Enabled": True}}
    )
    result = run(certificate_authority_arn=arn)
    documented = yaml.safe_load(module.RETURN)
    own = {key: value for key, value in result.items() if key not in STANDARD_KEYS}
    assert _undocumented(own, documented) == []
    assert set(own) == set(documented)
    deleted = run(certificate_authority_arn=arn, state="absent")["certificate_authority"]
    assert _undocumented({"certificate_authority": deleted}, documented) == []


def test_the_return_check_catches_drift():
    documented = yaml.safe_load(module.RETURN)
    assert _undocumented({"certificate_authority": {"surprise": 1}}, documented) == [
        "certificate_authority.surprise is returned but not documented"
    ]


def _documented_options(options: dict) -> dict:
    return {
        name: {"type": doc.get("type", "str"), "sub": _documented_options(doc.get("suboptions") or {})}
        for name, doc in options.items()
    }


def _spec_options(spec: dict) -> dict:
    return {
        name: {"type": value.get("type", "str"), "sub": _spec_options(value.get("options") or {})}
        for name, value in spec.items()
    }


def test_documentation_parses_and_matches_the_argument_spec():
    documented = yaml.safe_load(module.DOCUMENTATION)
    assert documented["module"] == "acmpca_certificate_authority"
    yaml.safe_load(module.EXAMPLES)
    # tags and purge_tags come from the amazon.aws.tags fragment, time_budget from privateca.aws.acmpca.time_budget_wait.
    from_fragments = ("tags", "purge_tags", "time_budget")
    own = {k: v for k, v in _spec_options(module.ARGUMENT_SPEC).items() if k not in from_fragments}
    assert _documented_options(documented["options"]) == own
