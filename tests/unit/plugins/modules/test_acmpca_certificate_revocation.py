# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""acmpca_certificate: a certificate revoked with path is moved aside, so it never counts as valid again."""

from __future__ import annotations

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


@pytest.fixture(scope="module")
def tree():
    return Hierarchy("ec")


@pytest.fixture(scope="module")
def csr():
    return pem(make_csr(new_key("ec"), "web.example.internal"))


@pytest.fixture
def fake(tree, monkeypatch):
    fake_time(monkeypatch)
    ca = one_ca(tree)
    ca.activate()
    return ca


@pytest.fixture
def apis(monkeypatch, fake):
    return patch_api(monkeypatch, module, fake)


def issue(run_module, csr, path):
    return run_module(
        module.main,
        {"certificate_authority_arn": CA_ARN, "csr": csr, "validity": {"value": 90, "type": "DAYS"}, "path": path},
    )


def revoke(run_module, **args):
    return run_module(module.main, {"certificate_authority_arn": CA_ARN, "state": "revoked", **args})


def test_revoking_at_path_moves_the_certificate_aside_and_the_next_present_issues_anew(
    run_module, fake, apis, csr, tmp_path
):
    path = tmp_path / "web.pem"
    first = issue(run_module, csr, str(path))
    revoked = revoke(run_module, path=str(path))
    assert revoked["changed"] is True
    assert revoked["serial_number"] == first["serial_number"]
    assert revoked["revoked_path"] == f"{path}.revoked"
    assert not path.exists()
    assert (tmp_path / "web.pem.revoked").read_text() == first["certificate"]

    again = issue(run_module, csr, str(path))
    assert again["changed"] is True
    assert again["serial_number"] != first["serial_number"]
    assert apis[-1].write_operations == ["IssueCertificate"]
    assert path.read_text() == again["certificate"]


@pytest.mark.parametrize("check_mode", [False, True])
def test_a_rerun_of_a_revocation_recorded_at_path_sends_no_write_request(
    run_module, fake, apis, csr, tmp_path, check_mode
):
    path = tmp_path / "web.pem"
    first = issue(run_module, csr, str(path))
    revoke(run_module, path=str(path))
    by_path = revoke(run_module, path=str(path), _ansible_check_mode=check_mode)
    by_arn = revoke(
        run_module, path=str(path), certificate_arn=first["certificate_arn"], _ansible_check_mode=check_mode
    )
    for rerun, api in ((by_path, apis[-2]), (by_arn, apis[-1])):
        assert rerun["changed"] is False, rerun
        assert rerun["serial_number"] == first["serial_number"]
        assert api.write_operations == []
    assert [name for name, _params in fake.calls].count("RevokeCertificate") == 1


def test_revoking_by_arn_with_path_moves_only_that_certificate(run_module, fake, apis, csr, tmp_path):
    path = tmp_path / "web.pem"
    first = issue(run_module, csr, str(path))
    revoke(run_module, path=str(path))
    second = issue(run_module, csr, str(path))
    # The first one again, by ARN: the record says it is revoked, and the new certificate at path stays.
    rerun = revoke(run_module, path=str(path), certificate_arn=first["certificate_arn"])
    assert rerun["changed"] is False
    assert apis[-1].write_operations == []
    assert path.read_text() == second["certificate"]
    # The second one by ARN, with path: revoked and moved aside.
    revoked = revoke(run_module, path=str(path), certificate_arn=second["certificate_arn"])
    assert revoked["changed"] is True
    assert apis[-1].write_operations == ["RevokeCertificate"]
    assert not path.exists()
    assert (tmp_path / "web.pem.revoked").read_text() == second["certificate"]


def test_without_path_a_rerun_asks_aws_and_reports_no_change(run_module, fake, apis, csr, tmp_path):
    first = issue(run_module, csr, str(tmp_path / "web.pem"))
    assert revoke(run_module, certificate_arn=first["certificate_arn"])["changed"] is True
    rerun = revoke(run_module, certificate_arn=first["certificate_arn"])
    assert rerun["changed"] is False
    assert apis[-1].write_operations == ["RevokeCertificate"]  # the documented case that cannot be known


def test_a_revoked_certificate_put_back_at_path_is_replaced(run_module, fake, apis, csr, tmp_path):
    path = tmp_path / "web.pem"
    first = issue(run_module, csr, str(path))
    revoke(run_module, path=str(path))
    path.write_text(first["certificate"])  # restored from a backup, say
    again = issue(run_module, csr, str(path))
    assert again["changed"] is True
    assert again["serial_number"] != first["serial_number"]
