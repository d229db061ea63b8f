"""Fixtures for the modules' tests."""

from __future__ import annotations

import time

import pytest

from ansible.module_utils.common import warnings

from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._acmpca_fake import FakeAcmPca
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._acmpca_fake import install
from ansible_collections.privateca.aws.tests.unit.plugins.modules._access_helpers import install_fakes
from ansible_collections.privateca.aws.tests.unit.plugins.modules._access_helpers import refuse_clients

try:
    from ansible.module_utils import _internal
except ImportError:  # ansible-core before 2.19
    _internal = None


@pytest.fixture(autouse=True)
def module_process(monkeypatch):
    """Run each module as in a process of its own, and fail a module that passes ``warnings`` to exit_json.

    - Once a test of the same pytest worker has imported controller code (the lookup's tests do),
      ansible-core 2.19+ takes the process for the controller, and a module's warnings and deprecations go to
      the controller's display instead of into its result: a test that asserts a warning would pass or fail
      by the order pytest-xdist gives it.
    - The warnings and deprecations of earlier tests would show in this test's results (``run_module`` also
      clears the warnings before each run).
    - amazon.aws's module.warn() passes ``warnings`` to exit_json, which ansible-core 2.19 deprecates, and
      users would see the deprecation: the modules warn through ansible-core's warn() instead.
    """
    if _internal is not None and hasattr(_internal, "is_controller"):
        monkeypatch.setattr(_internal, "is_controller", False)
    monkeypatch.setattr(warnings, "_global_warnings", type(warnings._global_warnings)())
    monkeypatch.setattr(warnings, "_global_deprecations", type(warnings._global_deprecations)())
    yield
    texts = [str(getattr(getattr(d, "event", None), "msg", d)) for d in warnings._global_deprecations]
    assert not [text for text in texts if "`warnings`" in text], texts


@pytest.fixture
def fake(monkeypatch) -> FakeAcmPca:
    """An empty ACM PCA fake, handed to the modules through the one seam; the modules' pauses take no time.

    The certificate and access modules' tests give ``fake`` a CA of their own (_one_ca, _access_helpers)."""
    fake = FakeAcmPca()
    install(monkeypatch, fake)
    monkeypatch.setattr(time, "sleep", lambda seconds: None)
    return fake


@pytest.fixture
def fake_aws(monkeypatch):
    """(ACM PCA fake with one ACTIVE CA, S3 fake), handed to the modules through the one seam."""
    return install_fakes(monkeypatch)


@pytest.fixture
def no_client(monkeypatch):
    """Fail the test if the module builds a client: bad input and check mode must send nothing."""
    refuse_clients(monkeypatch)
