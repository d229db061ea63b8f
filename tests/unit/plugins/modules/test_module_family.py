# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every module of the collection shares: the time_budget option, checked before any request."""

from __future__ import annotations

import importlib

import pytest
import yaml

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import RetryingBotoClientWrapper

from ansible_collections.privateca.aws.tests.unit.conftest import warning_texts
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import client_error

CA_ARN = "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012"
CERTIFICATE_ARN = f"{CA_ARN}/certificate/0123456789abcdef0123456789abcdef"

# The fewest arguments with which each module gets as far as building its client.
MODULE_ARGS = {
    "acmpca_audit_report": {"certificate_authority_arn": CA_ARN, "s3_bucket_name": "audit-bucket"},
    "acmpca_certificate": {"certificate_authority_arn": CA_ARN, "certificate_arn": CERTIFICATE_ARN, "state": "revoked"},
    "acmpca_certificate_authority": {"certificate_authority_arn": CA_ARN, "state": "absent"},
    "acmpca_certificate_authority_certificate": {"certificate_authority_arn": CA_ARN, "certificate": "not read yet"},
    "acmpca_certificate_authority_info": {},
    "acmpca_certificate_info": {"certificate_arn": CERTIFICATE_ARN},
    "acmpca_csr_info": {"certificate_authority_arn": CA_ARN},
    "acmpca_permission": {"certificate_authority_arn": CA_ARN, "state": "absent"},
    "acmpca_policy": {"certificate_authority_arn": CA_ARN, "state": "absent"},
}


def load(name: str):
    return importlib.import_module(f"ansible_collections.privateca.aws.plugins.modules.{name}")


@pytest.mark.parametrize("name", MODULE_ARGS)
@pytest.mark.parametrize("time_budget", [0, 3601])
def test_time_budget_out_of_range_fails_before_any_request(run_module, no_client, name, time_budget):
    result = run_module(load(name).main, {**MODULE_ARGS[name], "region": "us-east-1", "time_budget": time_budget})
    assert result["failed"] is True
    assert "time_budget" in result["msg"] and "3600" in result["msg"], result["msg"]


@pytest.mark.parametrize("name", MODULE_ARGS)
def test_every_module_uses_the_shared_fragments(name):
    fragments = yaml.safe_load(load(name).DOCUMENTATION)["extends_documentation_fragment"]
    assert "privateca.aws.acmpca.requirements" in fragments
    assert "amazon.aws.boto3" not in fragments, "it says python >= 3.6; this collection needs 3.9"
    assert {"amazon.aws.common.modules", "amazon.aws.region.modules"} <= set(fragments)
    assert "privateca.aws.attributes.actiongroup_aws" in fragments
    assert {"privateca.aws.acmpca.time_budget", "privateca.aws.acmpca.time_budget_wait"} & set(fragments)


class _Refusing:
    """A client whose every call is refused: the tests below need only the client's region and the warnings."""

    def __getattr__(self, name):
        def refuse(**params):
            raise client_error("AccessDeniedException", name)

        return refuse


@pytest.fixture
def made(monkeypatch):
    clients = []

    def fake_client(module, service, retry_decorator=None, **kwargs):
        clients.append(kwargs.get("region") or module.params.get("region"))
        return RetryingBotoClientWrapper(_Refusing(), retry_decorator)

    monkeypatch.setattr(AnsibleAWSModule, "client", fake_client)
    return clients


def _region_warnings(result) -> list[str]:
    return [w for w in warning_texts(result) if "differs from the region" in w]


@pytest.mark.parametrize("name", MODULE_ARGS)
def test_region_rule_a_region_set_for_the_task_that_differs_warns_and_the_arn_wins(run_module, made, name):
    """The one region rule (doc fragment privateca.aws.acmpca, README's Region): issue 16."""
    result = run_module(load(name).main, {**MODULE_ARGS[name], "region": "eu-west-1"})
    if name == "acmpca_certificate_authority_info":
        pytest.skip("lists the CAs of its configured region: no ARN to follow")
    assert made and set(made) == {"us-east-1"}, "every request goes to the ARN's region"
    [warning] = _region_warnings(result)
    assert "eu-west-1" in warning and "us-east-1" in warning
    # ansible-core 2.19 deprecates passing warnings to exit_json/fail_json: the modules never do.
    # (Its message names `warnings`; 2.20 also reports amazon.aws's own deprecated imports, with tracebacks.)
    messages = [d.get("msg") or (d.get("event") or {}).get("msg", "") for d in result.get("deprecations") or []]
    assert not [m for m in messages if "`warnings`" in m or "warnings to" in m], messages


@pytest.mark.parametrize("name", MODULE_ARGS)
@pytest.mark.parametrize("how", ["same region", "environment"])
def test_region_rule_no_warning_when_no_region_set_for_the_task_is_overridden(run_module, made, monkeypatch, name, how):
    args = dict(MODULE_ARGS[name])
    if how == "same region":
        args["region"] = "us-east-1"
    else:
        monkeypatch.setenv("AWS_REGION", "ap-south-1")
    result = run_module(load(name).main, args)
    assert _region_warnings(result) == []
