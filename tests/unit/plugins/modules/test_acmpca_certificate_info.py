# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""acmpca_certificate_info with a fake ACM PCA client."""

from __future__ import annotations

import pytest
import yaml

from ansible_collections.privateca.aws.plugins.modules import acmpca_certificate
from ansible_collections.privateca.aws.plugins.modules import acmpca_certificate_info as module
from ansible_collections.privateca.aws.tests.unit.conftest import warning_texts
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import fake_time
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import Hierarchy
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import make_csr
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import new_key
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import pem
from ansible_collections.privateca.aws.tests.unit.plugins.modules._one_ca import CA_ARN
from ansible_collections.privateca.aws.tests.unit.plugins.modules._one_ca import one_ca
from ansible_collections.privateca.aws.tests.unit.plugins.modules._one_ca import patch_api

STANDARD_KEYS = {"changed", "invocation", "warnings", "deprecations", "failed"}
OTHER_CA = "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/99999999-1234-1234-1234-123456789012"


@pytest.fixture
def issued(run_module, monkeypatch):
    fake_time(monkeypatch)
    fake = one_ca(Hierarchy("ec"))
    fake.activate()
    patch_api(monkeypatch, acmpca_certificate, fake)
    result = run_module(
        acmpca_certificate.main,
        {
            "certificate_authority_arn": CA_ARN,
            "csr": pem(make_csr(new_key("ec"), "web")),
            "validity": {"value": 10, "type": "DAYS"},
            "wait": False,
        },
    )
    return fake, result["certificate_arn"]


def test_gets_the_certificate_chain_and_parsed_view_waiting_while_in_progress(run_module, monkeypatch, issued):
    fake, arn = issued
    apis = patch_api(monkeypatch, module, fake)
    fake.polls[arn] = 1
    result = run_module(module.main, {"certificate_authority_arn": CA_ARN, "certificate_arn": arn})
    assert result["changed"] is False
    assert result["certificate"] == pem(fake.issued[arn])
    assert result["certificate_chain"] == pem(
        fake.trees[CA_ARN].ca, fake.trees[CA_ARN].intermediate, fake.trees[CA_ARN].root
    )
    assert result["certificate_info"]["issuer"]["commonName"] == "Example Subordinate CA"
    assert apis[0].operations == ["GetCertificate", "GetCertificate"]
    assert set(result) - STANDARD_KEYS <= set(yaml.safe_load(module.RETURN))


def test_the_ca_arn_may_be_left_out(run_module, monkeypatch, issued):
    fake, arn = issued
    patch_api(monkeypatch, module, fake)
    fake.polls.clear()
    result = run_module(module.main, {"certificate_arn": arn, "_ansible_check_mode": True})
    assert result["certificate_authority_arn"] == CA_ARN


def test_a_certificate_of_another_ca_is_refused_before_any_request(run_module, monkeypatch, issued):
    fake, arn = issued
    apis = patch_api(monkeypatch, module, fake)
    result = run_module(module.main, {"certificate_authority_arn": OTHER_CA, "certificate_arn": arn})
    assert result["failed"] is True
    assert "belongs to the CA" in result["msg"]
    assert apis == []


def test_not_ready_without_wait_fails_with_advice(run_module, monkeypatch, issued):
    fake, arn = issued
    patch_api(monkeypatch, module, fake)
    fake.polls[arn] = 1
    result = run_module(module.main, {"certificate_arn": arn, "wait": False})
    assert result["failed"] is True
    assert "still issuing" in result["msg"]


@pytest.mark.parametrize("main", [module.main, acmpca_certificate.main])
def test_a_profile_region_is_replaced_by_the_arn_region_without_a_warning(
    run_module, monkeypatch, issued, profile_region, main
):
    fake, arn = issued
    patch_api(monkeypatch, module, fake)  # asserts that the requests go to us-east-1, the ARN's region
    result = run_module(main, {"certificate_authority_arn": CA_ARN, "certificate_arn": arn, "profile": "pki"})
    assert "failed" not in result, result.get("msg")
    assert warning_texts(result) == [], "the user set no region for this task"
    assert result["invocation"]["module_args"]["region"] is None, "module.params is not rewritten"


def test_a_region_set_for_the_task_that_differs_warns(run_module, monkeypatch, issued):
    fake, arn = issued
    patch_api(monkeypatch, module, fake)
    result = run_module(module.main, {"certificate_arn": arn, "region": "eu-west-1"})
    assert any("eu-west-1" in w and "us-east-1" in w for w in warning_texts(result))
    assert result["invocation"]["module_args"]["region"] == "eu-west-1"
