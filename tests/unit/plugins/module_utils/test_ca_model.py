# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pure rules of the CA modules: names, defaults, comparisons, restore window, tags, tokens."""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.privateca.aws.plugins.module_utils import _ca_model as model
from ansible_collections.privateca.aws.plugins.module_utils import _certificate_authority as task
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import InvalidInputError

NOW = datetime.datetime(2026, 11, 29, 12, 0, tzinfo=datetime.timezone.utc)


def test_option_names_become_the_apis_including_the_irregular_one():
    assert model.to_api({"crl_sign": True, "s3_bucket_name": "b", "rfc822_name": "a@b", "dns_name": None}) == {
        "CRLSign": True,
        "S3BucketName": "b",
        "Rfc822Name": "a@b",
    }
    assert model.to_options({"CRLSign": True, "OcspCustomCname": "x"}) == {"crl_sign": True, "ocsp_custom_cname": "x"}


@pytest.mark.parametrize(
    "key, signing",
    [
        ("RSA_2048", "SHA256WITHRSA"),
        ("EC_secp521r1", "SHA256WITHECDSA"),
        ("ML_DSA_65", "ML_DSA_65"),
        ("SM2", "SM3WITHSM2"),
    ],
)
def test_default_signing_algorithm_follows_the_key_family(key, signing):
    assert model.default_signing_algorithm(key) == signing
    assert model.signing_fits_key(key, signing)


def test_every_key_algorithm_has_a_default_that_is_a_signing_algorithm():
    for key in model.KEY_ALGORITHMS:
        assert model.default_signing_algorithm(key) in model.SIGNING_ALGORITHMS


@pytest.mark.parametrize(
    "key, signing",
    [("RSA_2048", "SHA256WITHECDSA"), ("EC_prime256v1", "SHA384WITHRSA_PSS"), ("ML_DSA_44", "ML_DSA_87")],
)
def test_signing_algorithms_of_another_family_do_not_fit(key, signing):
    assert not model.signing_fits_key(key, signing)


def test_restore_window():
    deleted = {"Status": "DELETED", "RestorableUntil": NOW + datetime.timedelta(seconds=1)}
    assert model.restorable(deleted, NOW)
    assert not model.restorable(deleted, NOW + datetime.timedelta(seconds=1))
    assert not model.restorable({"Status": "DELETED"}, NOW)  # CREATING/FAILED CAs deleted have no window
    assert not model.restorable({"Status": "ACTIVE", "RestorableUntil": NOW + datetime.timedelta(days=1)}, NOW)
    assert model.restorable({"Status": "DELETED", "RestorableUntil": "2099-01-01T00:00:00+00:00"}, NOW)


def test_revocation_defaults_echoed_by_aws_compare_equal():
    echoed = {
        "RevocationConfiguration": {
            "CrlConfiguration": {
                "Enabled": True,
                "S3BucketName": "b",
                "ExpirationInDays": 5,
                "S3ObjectAcl": "PUBLIC_READ",
                "CrlType": "COMPLETE",
                "CrlDistributionPointExtensionConfiguration": {"OmitExtension": False},
            },
            "OcspConfiguration": {"Enabled": False, "OcspCustomCname": "ignored.example"},
        }
    }
    wanted = model.desired_revocation({"crl_configuration": {"enabled": True, "s3_bucket_name": "b"}}, echoed)
    assert wanted == model.current_revocation(echoed)


def test_revocation_differences_are_seen():
    current = {
        "RevocationConfiguration": {"CrlConfiguration": {"Enabled": True, "S3BucketName": "b", "CustomCname": "c"}}
    }
    # custom_cname left out means "none": the whole CRL configuration is what the task gives.
    assert model.desired_revocation({"crl_configuration": {"enabled": True, "s3_bucket_name": "b"}}, current) != (
        model.current_revocation(current)
    )
    # An omitted crl_configuration means disabled.
    assert model.desired_revocation({"ocsp_configuration": {"enabled": False}}, current)["CrlConfiguration"] == {
        "Enabled": False
    }
    assert model.desired_revocation(None, current) is None


def test_desired_tags_keep_the_name_tag_and_purge_only_with_tags():
    assert model.desired_tags("n", {"a": "1"}, True, {}) == ({"a": "1", "Name": "n"}, True)
    assert model.desired_tags(None, {"a": "1"}, True, {"Name": "old"}) == ({"a": "1", "Name": "old"}, True)
    assert model.desired_tags("n", None, True, {"x": "y"}) == ({"Name": "n"}, False)


def test_idempotency_token_depends_on_the_content_only():
    first = model.idempotency_token({"a": 1, "b": [1, 2]})
    assert first == model.idempotency_token({"b": [1, 2], "a": 1})
    assert first != model.idempotency_token({"a": 2, "b": [1, 2]})
    assert len(first) <= 36


def test_key_usages_that_are_off_are_no_difference():
    params = {"csr_extensions": {"key_usage": {"key_cert_sign": True, "crl_sign": True, "digital_signature": False}}}
    description = {
        "CertificateAuthorityConfiguration": {
            "CsrExtensions": {"KeyUsage": {"KeyCertSign": True, "CRLSign": True, "DigitalSignature": False}}
        }
    }
    assert model.create_only_differences(params, description) == []


def test_empty_subject_fields_are_no_difference():
    params = {"subject": {"common_name": "CA", "organization": None}}
    description = {"CertificateAuthorityConfiguration": {"Subject": {"CommonName": "CA", "Organization": ""}}}
    assert model.create_only_differences(params, description) == []


BASE = {"state": "present", "certificate_authority_arn": None, "name": "n"}


@pytest.mark.parametrize(
    "params, words",
    [
        ({"name": None}, "Give certificate_authority_arn or name"),
        ({"name": ""}, "Give certificate_authority_arn or name"),
        ({"name": "x" * 257}, "1 to 256"),
        ({"permanent_deletion_time_in_days": 6}, "between 7 and 30"),
        ({"tags": {"Name": "other"}}, "differs from name"),
        (
            {
                "csr_extensions": {
                    "subject_information_access": [
                        {"access_method": {"access_method_type": "CA_REPOSITORY"}, "access_location": {}}
                    ]
                }
            },
            "exactly one of",
        ),
        (
            {
                "csr_extensions": {
                    "subject_information_access": [{"access_method": {}, "access_location": {"dns_name": "x"}}]
                }
            },
            "exactly one of access_method_type",
        ),
        (
            {
                "csr_extensions": {
                    "subject_information_access": [
                        {
                            "access_method": {"access_method_type": "CA_REPOSITORY"},
                            "access_location": {"directory_name": {"cn": "x"}},
                        }
                    ]
                }
            },
            "unknown fields cn",
        ),
    ],
)
def test_local_checks(params, words):
    with pytest.raises(InvalidInputError, match=words):
        model.check_options({**BASE, **params})


# ---- the state rules, status by status


def _ca(status, **fields):
    return {"Arn": "arn:x", "Status": status, **fields}


@pytest.mark.parametrize(
    "status, enabled, update",
    [
        ("ACTIVE", True, {}),
        ("ACTIVE", False, {"Status": "DISABLED"}),
        ("DISABLED", True, {"Status": "ACTIVE"}),
        ("DISABLED", False, {}),
    ],
)
def test_enabled_on_updatable_statuses(status, enabled, update):
    assert task.plan_in_place({"enabled": enabled}, _ca(status), {})["update"] == update


@pytest.mark.parametrize("status", ["CREATING", "PENDING_CERTIFICATE", "EXPIRED"])
def test_enabled_and_revocation_on_other_statuses_fail(status):
    with pytest.raises(task.TaskError, match=f"status is {status}"):
        task.plan_in_place({"enabled": True}, _ca(status), {})
    with pytest.raises(task.TaskError, match=f"while its status is {status}"):
        task.plan_in_place({"revocation_configuration": {"ocsp_configuration": {"enabled": True}}}, _ca(status), {})


@pytest.mark.parametrize("status", ["CREATING", "PENDING_CERTIFICATE", "EXPIRED", "ACTIVE", "DISABLED"])
def test_tags_and_unchanged_revocation_are_fine_in_any_live_status(status):
    plan = task.plan_in_place(
        {"tags": {"a": "b"}, "revocation_configuration": {"ocsp_configuration": {"enabled": False}}}, _ca(status), {}
    )
    assert plan == {"update": {}, "tag": {"a": "b"}, "untag": []}


def test_failed_status_fails_with_the_reason():
    with pytest.raises(task.TaskError, match="REQUEST_TIMED_OUT"):
        task.plan_in_place({}, _ca("FAILED", FailureReason="REQUEST_TIMED_OUT"), {})


def test_restored_ca_is_predicted_from_whether_it_had_a_certificate():
    assert task.predicted_after_restore(_ca("DELETED", NotAfter=NOW, RestorableUntil=NOW))["Status"] == "DISABLED"
    predicted = task.predicted_after_restore(_ca("DELETED", RestorableUntil=NOW))
    assert predicted["Status"] == "PENDING_CERTIFICATE" and "RestorableUntil" not in predicted


def test_create_request_defaults_and_token():
    request = task.create_params({"name": "n", "subject": {"common_name": "CA"}, "key_algorithm": "EC_secp384r1"})
    assert request["CertificateAuthorityType"] == "SUBORDINATE"
    assert request["CertificateAuthorityConfiguration"]["SigningAlgorithm"] == "SHA256WITHECDSA"
    assert request["Tags"] == [{"Key": "Name", "Value": "n"}]
    assert (
        request["IdempotencyToken"]
        == task.create_params({"name": "n", "subject": {"common_name": "CA"}, "key_algorithm": "EC_secp384r1"})[
            "IdempotencyToken"
        ]
    )


def test_revocation_request_sends_what_the_task_gives_and_keeps_the_expiration():
    current = {"RevocationConfiguration": {"CrlConfiguration": {"Enabled": True, "ExpirationInDays": 30}}}
    request = model.revocation_request({"crl_configuration": {"enabled": True, "s3_bucket_name": "b"}}, current)
    assert request == {
        "CrlConfiguration": {"Enabled": True, "S3BucketName": "b", "ExpirationInDays": 30},
        "OcspConfiguration": {"Enabled": False},
    }
    assert model.revocation_request({"ocsp_configuration": {"enabled": True}}) == {
        "CrlConfiguration": {"Enabled": False},
        "OcspConfiguration": {"Enabled": True},
    }


def test_tag_values_compare_as_the_strings_aws_keeps():
    assert model.desired_tags("n", {"version": 2, "on": True}, True, {}) == (
        {"version": "2", "on": "True", "Name": "n"},
        True,
    )
