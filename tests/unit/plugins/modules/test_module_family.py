# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every module of the collection shares: the time_budget option, checked before any request."""

from __future__ import annotations

import importlib

import pytest
import yaml

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

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
    "acmpca_policy": {"resource_arn": CA_ARN, "state": "absent"},
}


def load(name: str):
    return importlib.import_module(f"ansible_collections.privateca.aws.plugins.modules.{name}")


@pytest.fixture
def no_client(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the module built an AWS client although its input was invalid")

    monkeypatch.setattr(AnsibleAWSModule, "client", refuse)


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
