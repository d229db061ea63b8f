# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Under --check, a playbook whose later tasks use what an earlier task would create runs through.

As the guide's "root CA in AWS Private CA" does: create the root CA, have it issue its own certificate, import
it. In check mode the CA module returns a placeholder ARN and CSR, the certificate module a placeholder
certificate, and the import module accepts both; no module sends a request about the placeholder.
"""

from __future__ import annotations

import time

import pytest

from ansible_collections.privateca.aws.plugins.module_utils import _ca_model
from ansible_collections.privateca.aws.plugins.modules import acmpca_certificate
from ansible_collections.privateca.aws.plugins.modules import acmpca_certificate_authority
from ansible_collections.privateca.aws.plugins.modules import acmpca_certificate_authority_certificate
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils import _acmpca_fake
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import fake_time
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import Hierarchy
from ansible_collections.privateca.aws.tests.unit.plugins.modules._one_ca import one_ca
from ansible_collections.privateca.aws.tests.unit.plugins.modules._one_ca import patch_api


@pytest.fixture
def no_sleep(monkeypatch):
    monkeypatch.setattr(time, "sleep", lambda seconds: None)
    fake_time(monkeypatch)


def test_the_aws_root_ca_tasks_run_under_check_with_no_write_and_no_request_about_placeholders(
    run_module, monkeypatch, no_sleep, tmp_path
):
    authorities = _acmpca_fake.FakeAcmPca()
    _acmpca_fake.install(monkeypatch, authorities)
    root = run_module(
        acmpca_certificate_authority.main,
        {
            "name": "example-root-ca",
            "type": "ROOT",
            "subject": {"common_name": "Example Root CA"},
            "key_algorithm": "EC_secp384r1",
            "region": "us-east-1",
            "_ansible_check_mode": True,
        },
    )["certificate_authority"]
    assert authorities.writes == []
    assert _ca_model.is_check_mode_arn(root["arn"])
    assert root["arn"].startswith("arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/")

    # A request about the placeholder CA would show in the fake's call log: none may be sent.
    certificates = one_ca(Hierarchy("ec"))
    apis = patch_api(monkeypatch, acmpca_certificate, certificates)
    own = run_module(
        acmpca_certificate.main,
        {
            "certificate_authority_arn": root["arn"],
            "csr": root["csr"],
            "template": "RootCACertificate/V1",
            "validity": {"value": 10, "type": "YEARS"},
            "path": str(tmp_path / "aws-root-ca.pem"),
            "_ansible_check_mode": True,
        },
    )
    assert own.get("changed") is True, own
    assert own["certificate"] == _ca_model.CHECK_MODE_CERTIFICATE
    assert own["certificate_arn"].startswith(root["arn"] + "/certificate/")
    assert own["serial_number"] == "00"

    imported = run_module(
        acmpca_certificate_authority_certificate.main,
        {"certificate_authority_arn": root["arn"], "certificate": own["certificate"], "_ansible_check_mode": True},
    )
    assert imported["changed"] is True, imported
    assert imported["status"] == "ACTIVE"
    assert certificates.calls == []
    assert [api.write_operations for api in apis] == [[], []]
    assert not (tmp_path / "aws-root-ca.pem").exists()
