# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""acmpca_policy through main(), against a fake ACM PCA that keeps policies as AWS does."""

import json

import pytest
import yaml

from ansible_collections.privateca.aws.plugins.modules import acmpca_audit_report
from ansible_collections.privateca.aws.plugins.modules import acmpca_permission
from ansible_collections.privateca.aws.plugins.modules import acmpca_policy
from ansible_collections.privateca.aws.tests.unit.conftest import warning_texts
from ansible_collections.privateca.aws.tests.unit.plugins.modules._access_helpers import CA_ARN
from ansible_collections.privateca.aws.tests.unit.plugins.modules._access_helpers import MISSING_ARN
from ansible_collections.privateca.aws.tests.unit.plugins.modules._access_helpers import STANDARD_KEYS
from ansible_collections.privateca.aws.tests.unit.plugins.modules._access_helpers import documented_keys_mismatch


def share_policy(*actions: str, account: str = "555555555555") -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "Share",
                "Effect": "Allow",
                "Principal": {"AWS": account},
                "Action": list(actions) or ["acm-pca:IssueCertificate", "acm-pca:GetCertificate"],
                "Resource": CA_ARN,
            }
        ],
    }


def run(run_module, **args):
    return run_module(acmpca_policy.main, {"certificate_authority_arn": CA_ARN, **args})


def test_puts_a_policy_given_as_a_dict(run_module, fake_aws):
    acmpca, _s3 = fake_aws
    result = run(run_module, policy=share_policy(), _ansible_diff=True)
    assert result["changed"] is True
    assert acmpca.writes == ["PutPolicy"]
    assert json.loads(acmpca.policies[CA_ARN]) == share_policy()
    assert result["policy"] == share_policy()
    assert result["diff"] == {"before": {}, "after": share_policy()}


def test_equivalent_json_text_in_another_order_is_no_change(run_module, fake_aws):
    acmpca, _s3 = fake_aws
    run(run_module, policy=share_policy())
    acmpca.calls.clear()
    reordered = share_policy("acm-pca:GetCertificate", "acm-pca:IssueCertificate")
    text = json.dumps({"Statement": reordered["Statement"], "Version": "2012-10-17"}, indent=4, sort_keys=True)
    result = run(run_module, policy=text)
    assert result["changed"] is False
    assert acmpca.writes == []
    assert acmpca.operations == ["GetPolicy"]
    assert result["policy"] == share_policy()


def test_a_changed_policy_is_put_with_before_and_after(run_module, fake_aws):
    acmpca, _s3 = fake_aws
    run(run_module, policy=share_policy())
    result = run(run_module, policy=share_policy(account="666666666666"), _ansible_diff=True)
    assert result["changed"] is True
    assert result["diff"]["before"] == share_policy()
    assert result["diff"]["after"] == share_policy(account="666666666666")
    assert json.loads(acmpca.policies[CA_ARN]) == share_policy(account="666666666666")


def test_check_mode_sends_no_write(run_module, fake_aws):
    acmpca, _s3 = fake_aws
    result = run(run_module, policy=share_policy(), _ansible_check_mode=True)
    assert result["changed"] is True
    assert acmpca.writes == []
    assert acmpca.policies == {}
    assert result["policy"] == share_policy()


def test_absent_deletes_then_is_no_change(run_module, fake_aws):
    acmpca, _s3 = fake_aws
    run(run_module, policy=share_policy())
    result = run(run_module, state="absent", _ansible_diff=True)
    assert result["changed"] is True
    assert result["policy"] is None
    assert result["diff"] == {"before": share_policy(), "after": {}}
    assert acmpca.policies == {}
    acmpca.calls.clear()
    again = run(run_module, state="absent")
    assert again["changed"] is False
    assert acmpca.writes == []
    # GetPolicy cannot tell "no policy" from "no CA"; DescribeCertificateAuthority does.
    assert acmpca.operations == ["GetPolicy", "DescribeCertificateAuthority"]


def test_absent_in_check_mode_keeps_the_policy(run_module, fake_aws):
    acmpca, _s3 = fake_aws
    run(run_module, policy=share_policy())
    result = run(run_module, state="absent", _ansible_check_mode=True)
    assert result["changed"] is True
    assert CA_ARN in acmpca.policies


def test_a_missing_ca_is_not_taken_for_a_ca_without_policy(run_module, fake_aws):
    acmpca, _s3 = fake_aws
    result = run_module(acmpca_policy.main, {"certificate_authority_arn": MISSING_ARN, "state": "absent"})
    assert result["failed"] is True
    assert result["msg"].startswith(f"The CA {MISSING_ARN} was not found")
    assert acmpca.writes == []


@pytest.mark.parametrize(
    ("policy", "words"),
    [
        ('{"Version": "2012-10-17",\n "Statement": [}', "line 2, column 16"),
        ("{'Statement': []}", "line 1, column 2"),
        ("[1, 2]", "got a JSON list"),
        ('{"Version": "2012-10-17"}', "no Statement"),
        (json.dumps({"Statement": [{"Sid": "x" * 21000}]}), "at most 20480"),
    ],
)
def test_malformed_policy_fails_before_any_request(run_module, no_client, policy, words):
    result = run(run_module, policy=policy)
    assert result["failed"] is True
    assert words in result["msg"]


def test_bad_time_budget_fails_before_any_request(run_module, no_client):
    result = run(run_module, policy=share_policy(), time_budget=4000)
    assert result["failed"] is True
    assert "time_budget must be" in result["msg"]


def test_present_needs_a_policy(run_module, no_client):
    result = run(run_module)
    assert result["failed"] is True
    assert "policy" in result["msg"]


@pytest.mark.parametrize("option", ["certificate_authority_arn", "resource_arn", "arn"])
def test_bad_arn_fails_before_any_request(run_module, no_client, option):
    """certificate_authority_arn as in every module; resource_arn (its earlier name) and arn are aliases."""
    result = run_module(acmpca_policy.main, {option: "555555555555", "policy": share_policy()})
    assert result["failed"] is True
    assert "Invalid certificate authority ARN" in result["msg"]


@pytest.mark.parametrize(
    ("operation", "code", "words"),
    [
        ("PutPolicy", "LockoutPreventedException", "take away your own account's access"),
        ("PutPolicy", "InvalidPolicyException", "check its JSON, its principals and its actions"),
        ("PutPolicy", "ConcurrentModificationException", "at the same time"),
        ("PutPolicy", "InvalidStateException", "not in a state that allows PutPolicy"),
        ("GetPolicy", "AccessDeniedException", "acm-pca:GetPolicy"),
        ("GetPolicy", "RequestFailedException", "retry later"),
        ("GetPolicy", "InvalidArnException", "rejected an ARN"),
    ],
)
def test_documented_errors_become_advice(run_module, fake_aws, operation, code, words):
    acmpca, _s3 = fake_aws
    acmpca.fail_next(operation, code)
    result = run(run_module, policy=share_policy())
    assert result["failed"] is True
    assert words in result["msg"]
    assert result["error"]["code"] == code


def test_delete_refused_by_lockout_prevention_is_advice(run_module, fake_aws):
    acmpca, _s3 = fake_aws
    run(run_module, policy=share_policy())
    acmpca.fail_next("DeletePolicy", "LockoutPreventedException")
    result = run(run_module, state="absent")
    assert result["failed"] is True
    assert "own account's access" in result["msg"]


@pytest.mark.parametrize("state", ["present", "absent"])
def test_return_documentation_matches_what_the_module_returns(run_module, fake_aws, state):
    result = run(run_module, policy=share_policy(), state=state)
    documented = yaml.safe_load(acmpca_policy.RETURN)
    own_keys = {k: v for k, v in result.items() if k not in STANDARD_KEYS}
    assert documented_keys_mismatch(own_keys, documented) == []


ACCESS_MODULES = {
    "acmpca_policy": (acmpca_policy.main, {"certificate_authority_arn": CA_ARN, "state": "absent"}),
    "acmpca_permission": (acmpca_permission.main, {"certificate_authority_arn": CA_ARN, "state": "absent"}),
    "acmpca_audit_report": (
        acmpca_audit_report.main,
        {"certificate_authority_arn": CA_ARN, "s3_bucket_name": "audit-bucket", "wait": False},
    ),
}


@pytest.mark.parametrize("name", ACCESS_MODULES)
def test_a_profile_region_is_replaced_by_the_arn_region_without_a_warning(run_module, fake_aws, profile_region, name):
    acmpca, _s3 = fake_aws
    main, args = ACCESS_MODULES[name]
    result = run_module(main, {**args, "profile": "pki"})
    assert "failed" not in result, result.get("msg")
    assert warning_texts(result) == [], "the user set no region for this task"
    assert acmpca.regions == [("acm-pca", "us-east-1")], "the request goes to the ARN's region"
    assert result["invocation"]["module_args"]["region"] is None, "module.params is not rewritten"


@pytest.mark.parametrize("name", ACCESS_MODULES)
def test_a_region_set_for_the_task_that_differs_warns(run_module, fake_aws, name):
    acmpca, _s3 = fake_aws
    main, args = ACCESS_MODULES[name]
    result = run_module(main, {**args, "region": "eu-west-1"})
    assert any("eu-west-1" in w and "us-east-1" in w for w in warning_texts(result))
    assert acmpca.regions == [("acm-pca", "us-east-1")]
    assert result["invocation"]["module_args"]["region"] == "eu-west-1"
