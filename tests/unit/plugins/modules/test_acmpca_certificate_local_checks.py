# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""acmpca_certificate refuses, before IssueCertificate, what the CA it has read cannot issue."""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.privateca.aws.plugins.modules import acmpca_certificate as module
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import fake_time
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import Hierarchy
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import make_csr
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import new_key
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import pem
from ansible_collections.privateca.aws.tests.unit.plugins.modules._one_ca import CA_ARN
from ansible_collections.privateca.aws.tests.unit.plugins.modules._one_ca import one_ca
from ansible_collections.privateca.aws.tests.unit.plugins.modules._one_ca import patch_api

CA_END = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=100)


@pytest.fixture
def fake(monkeypatch):
    """The fake CA (an EC_prime256v1 key), whose certificate ends in 100 days."""
    fake_time(monkeypatch)
    ca = one_ca(Hierarchy("ec"))
    ca.activate()
    ca.cas[CA_ARN]["NotAfter"] = CA_END
    return ca


@pytest.fixture
def apis(monkeypatch, fake):
    return patch_api(monkeypatch, module, fake)


def run_issue(run_module, **extra):
    args = {
        "certificate_authority_arn": CA_ARN,
        "csr": pem(make_csr(new_key("ec"), "web.example.internal")),
        "validity": {"value": 90, "type": "DAYS"},
        **extra,
    }
    return run_module(module.main, args)


def test_a_signing_algorithm_that_does_not_fit_the_cas_key_is_refused_before_issuing(run_module, fake, apis):
    result = run_issue(run_module, signing_algorithm="SHA256WITHRSA")
    assert result["failed"] is True
    assert "SHA256WITHRSA does not fit the CA's key" in result["msg"]
    assert "EC_prime256v1" in result["msg"] and "SHA384WITHECDSA" in result["msg"]
    assert apis[0].write_operations == []
    fitting = run_issue(run_module, signing_algorithm="SHA384WITHECDSA")
    assert fitting["changed"] is True


@pytest.mark.parametrize(
    "validity",
    [
        {"value": 101, "type": "DAYS"},
        {"value": 4, "type": "MONTHS"},
        {"value": 1, "type": "YEARS"},
        {"value": int((CA_END + datetime.timedelta(days=1)).strftime("%Y%m%d%H%M%S")), "type": "END_DATE"},
        {"value": int((CA_END + datetime.timedelta(hours=1)).timestamp()), "type": "ABSOLUTE"},
    ],
)
def test_a_validity_past_the_cas_certificate_is_refused_before_issuing(run_module, fake, apis, validity):
    result = run_issue(run_module, validity=validity)
    assert result["failed"] is True, result
    assert "after the certificate of the CA" in result["msg"]
    assert f"({CA_END:%Y-%m-%d %H:%M:%S} UTC)" in result["msg"]
    assert apis[0].write_operations == []


@pytest.mark.parametrize(
    "validity",
    [
        {"value": 99, "type": "DAYS"},
        {"value": 3, "type": "MONTHS"},
        {"value": int((CA_END - datetime.timedelta(days=1)).strftime("%Y%m%d%H%M%S")), "type": "END_DATE"},
    ],
)
def test_a_validity_within_the_cas_certificate_is_issued(run_module, fake, apis, validity):
    assert run_issue(run_module, validity=validity)["changed"] is True
    assert apis[0].write_operations == ["IssueCertificate"]


def test_a_short_validity_under_remaining_days_does_not_advise_past_seven_days(run_module, fake, apis, tmp_path):
    short = run_issue(run_module, validity={"value": 7, "type": "DAYS"}, path=str(tmp_path / "a.pem"))
    assert short["failed"] is True
    assert "Lower remaining_days below 7" in short["msg"]
    assert "SHORT_LIVED_CERTIFICATE CA issues certificates of at most 7 days" in short["msg"]
    assert "or raise validity" not in short["msg"]
    long = run_issue(run_module, validity={"value": 20, "type": "DAYS"}, path=str(tmp_path / "a.pem"))
    assert "Lower remaining_days below 20 (for example remaining_days: 10), or raise validity." in long["msg"]
    assert apis == []  # both refused before any client was built
