"""Fixtures for the modules' tests."""

from __future__ import annotations

import pytest

from ansible.module_utils.common import warnings

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
