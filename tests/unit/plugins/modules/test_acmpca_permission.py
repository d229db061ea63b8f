# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""acmpca_permission through main(), against a fake ACM PCA that keeps permissions as AWS does."""

import pytest
import yaml

from ansible_collections.privateca.aws.plugins.module_utils._aws.advice import ACM_PCA
from ansible_collections.privateca.aws.plugins.modules import acmpca_permission
from ansible_collections.privateca.aws.tests.unit.conftest import warning_texts
from ansible_collections.privateca.aws.tests.unit.plugins.modules._access_helpers import CA_ARN
from ansible_collections.privateca.aws.tests.unit.plugins.modules._access_helpers import MISSING_ARN
from ansible_collections.privateca.aws.tests.unit.plugins.modules._access_helpers import STANDARD_KEYS
from ansible_collections.privateca.aws.tests.unit.plugins.modules._access_helpers import documented_keys_mismatch

ALL_ACTIONS = ["GetCertificate", "IssueCertificate", "ListPermissions"]


def run(run_module, **args):
    return run_module(acmpca_permission.main, {"certificate_authority_arn": CA_ARN, **args})


def test_grants_acm_all_three_actions_by_default(run_module, fake_aws):
    acmpca, _s3 = fake_aws
    result = run(run_module)
    assert result["changed"] is True
    assert acmpca.writes == ["CreatePermission"]
    assert acmpca.calls[1][1] == {
        "CertificateAuthorityArn": CA_ARN,
        "Principal": "acm.amazonaws.com",
        "Actions": ALL_ACTIONS,
    }
    permission = result["permission"]
    assert permission["principal"] == "acm.amazonaws.com"
    assert permission["actions"] == ALL_ACTIONS
    assert permission["source_account"] == "123456789012"
    assert permission["created_at"] == "2026-11-29T12:00:00+00:00"


def test_rerun_with_actions_in_another_order_and_duplicated_sends_no_write(run_module, fake_aws):
    acmpca, _s3 = fake_aws
    run(run_module)
    acmpca.calls.clear()
    result = run(run_module, actions=["ListPermissions", "IssueCertificate", "GetCertificate", "IssueCertificate"])
    assert result["changed"] is False
    assert acmpca.operations == ["ListPermissions"]
    assert result["permission"]["actions"] == ALL_ACTIONS


def test_other_actions_replace_the_permission_delete_then_create(run_module, fake_aws):
    acmpca, _s3 = fake_aws
    run(run_module)
    acmpca.calls.clear()
    result = run(run_module, actions=["GetCertificate"], _ansible_diff=True)
    assert result["changed"] is True
    assert acmpca.writes == ["DeletePermission", "CreatePermission"]
    assert [p["Actions"] for p in acmpca.permissions] == [["GetCertificate"]]
    assert result["diff"]["before"]["actions"] == ALL_ACTIONS
    assert result["diff"]["after"]["actions"] == ["GetCertificate"]
    assert result["permission"]["actions"] == ["GetCertificate"]


def test_check_mode_reports_the_change_and_sends_no_write(run_module, fake_aws):
    acmpca, _s3 = fake_aws
    result = run(run_module, _ansible_check_mode=True, _ansible_diff=True)
    assert result["changed"] is True
    assert acmpca.writes == []
    assert acmpca.permissions == []
    assert result["diff"] == {
        "before": {},
        "after": {"actions": ALL_ACTIONS, "principal": "acm.amazonaws.com", "source_account": "123456789012"},
    }
    assert "created_at" not in result["permission"]


def test_check_mode_of_a_change_of_actions_keeps_the_permission(run_module, fake_aws):
    acmpca, _s3 = fake_aws
    run(run_module)
    acmpca.calls.clear()
    result = run(run_module, actions=["GetCertificate"], _ansible_check_mode=True)
    assert result["changed"] is True
    assert acmpca.writes == []
    assert acmpca.permissions[0]["Actions"] == ALL_ACTIONS


def test_absent_deletes_then_absent_again_is_no_change(run_module, fake_aws):
    acmpca, _s3 = fake_aws
    run(run_module)
    result = run(run_module, state="absent", _ansible_diff=True)
    assert result["changed"] is True
    assert result["permission"] == {}
    assert result["diff"]["after"] == {}
    assert acmpca.permissions == []
    acmpca.calls.clear()
    again = run(run_module, state="absent")
    assert again["changed"] is False
    assert acmpca.writes == []


def test_absent_in_check_mode_keeps_the_permission(run_module, fake_aws):
    acmpca, _s3 = fake_aws
    run(run_module)
    result = run(run_module, state="absent", _ansible_check_mode=True)
    assert result["changed"] is True
    assert len(acmpca.permissions) == 1


def test_source_account_tells_permissions_apart(run_module, fake_aws):
    acmpca, _s3 = fake_aws
    run(run_module)
    acmpca.calls.clear()
    result = run(run_module, source_account="210987654321", actions=["GetCertificate"])
    assert result["changed"] is True
    assert acmpca.writes == ["CreatePermission"], "a permission of another source account is not replaced"
    created = [params for name, params in acmpca.calls if name == "CreatePermission"]
    assert created[0]["SourceAccount"] == "210987654321"
    assert len(acmpca.permissions) == 2
    removed = run(run_module, source_account="210987654321", state="absent")
    assert removed["changed"] is True
    assert [p["SourceAccount"] for p in acmpca.permissions] == ["123456789012"]


def test_finds_the_permission_on_a_later_page(run_module, fake_aws):
    acmpca, _s3 = fake_aws
    acmpca.permissions_page_size = 1
    for account in ("111111111111", "222222222222"):
        run(run_module, source_account=account)
    acmpca.calls.clear()
    result = run(run_module, source_account="222222222222")
    assert result["changed"] is False
    assert acmpca.operations == ["ListPermissions", "ListPermissions"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ({"certificate_authority_arn": "arn:aws:acm:us-east-1:123456789012:certificate/x"}, "Invalid certificate"),
        ({"source_account": "12345"}, "12 digits"),
        ({"source_account": 12345678901}, "quote it in YAML"),
        ({"source_account": "12345678901a"}, "12 digits"),
        ({"actions": []}, "at least one"),
        ({"actions": ["IssueCertificates"]}, "IssueCertificates"),
        ({"principal": "*"}, "service principal"),
        ({"time_budget": 0}, "time_budget must be"),
        ({"aws_config": {"no_such_setting": 1}}, "aws_config has a setting botocore does not know"),
    ],
)
def test_bad_input_fails_before_any_request(run_module, no_client, args, words):
    result = run(run_module, **args)
    assert result["failed"] is True
    assert words in result["msg"]


@pytest.mark.parametrize(
    ("operation", "code", "words"),
    [
        ("ListPermissions", "AccessDeniedException", "acm-pca:ListPermissions"),
        ("ListPermissions", "InvalidStateException", "not in a state"),
        ("CreatePermission", "LimitExceededException", "quota"),
        ("CreatePermission", "PermissionAlreadyExistsException", "already exists"),
        ("CreatePermission", "InvalidStateException", "not in a state that allows CreatePermission"),
        ("CreatePermission", "RequestFailedException", "retry later"),
        ("ListPermissions", "InvalidArnException", "rejected an ARN"),
        ("ListPermissions", "InvalidNextTokenException", "pagination token"),
    ],
)
def test_documented_errors_become_advice(run_module, fake_aws, operation, code, words):
    acmpca, _s3 = fake_aws
    acmpca.fail_next(operation, code)
    result = run(run_module)
    assert result["failed"] is True
    assert words in result["msg"]
    if "{subject}" in ACM_PCA.errors[code]:
        assert CA_ARN in result["msg"]
    assert result["error"]["code"] == code


def test_missing_ca_says_so(run_module, fake_aws):
    result = run_module(acmpca_permission.main, {"arn": MISSING_ARN})
    assert result["failed"] is True
    assert result["msg"].startswith(f"The CA {MISSING_ARN} was not found")


def test_delete_error_on_replace_is_advice(run_module, fake_aws):
    acmpca, _s3 = fake_aws
    run(run_module)
    acmpca.fail_next("DeletePermission", "AccessDeniedException")
    result = run(run_module, actions=["GetCertificate"])
    assert result["failed"] is True
    assert "acm-pca:DeletePermission" in result["msg"]


def test_requests_go_to_the_region_of_the_arn_with_a_warning(run_module, fake_aws):
    acmpca, _s3 = fake_aws
    result = run(run_module, region="eu-west-1")
    assert acmpca.regions == [("acm-pca", "us-east-1")]
    assert any("eu-west-1" in w for w in warning_texts(result))


@pytest.mark.parametrize("state", ["present", "absent"])
def test_return_documentation_matches_what_the_module_returns(run_module, fake_aws, state):
    run(run_module)
    result = run(run_module, state=state)
    documented = yaml.safe_load(acmpca_permission.RETURN)
    own_keys = {k: v for k, v in result.items() if k not in STANDARD_KEYS}
    assert documented_keys_mismatch(own_keys, documented) == []
    assert own_keys["permission"] or state == "absent"


def test_the_return_check_catches_drift():
    documented = yaml.safe_load(acmpca_permission.RETURN)
    assert documented_keys_mismatch({"permission": {"surprise": 1}}, documented) == [
        "permission.surprise is returned but not documented"
    ]
