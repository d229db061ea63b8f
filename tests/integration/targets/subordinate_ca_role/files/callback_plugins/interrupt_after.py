# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test helper of the subordinate_ca_role target: interrupts ansible-playbook as Ctrl-C does.

When the environment variable ROLE_TEST_INTERRUPT_AFTER names a task, the first time that task succeeds on a
host, this callback ends ansible-playbook at once (exit status 130), as a killed controller, a cancelled CI job or
a Ctrl-C would: nothing after that task runs. Enabled with ANSIBLE_CALLBACKS_ENABLED=interrupt_after.

It does not send itself SIGINT: ansible-playbook's own Ctrl-C handling, raised in its main thread while that
thread held the lock of the workers' queue, hung the run for good (seen in a make test run, 2026-12-03).
"""

from __future__ import annotations

import os
import sys

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = r"""
name: interrupt_after
type: aggregate
short_description: Interrupt ansible-playbook after a named task (test helper)
description:
  - Sends SIGINT to ansible-playbook once the task named by the environment variable ROLE_TEST_INTERRUPT_AFTER has
    succeeded on a host.
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "interrupt_after"
    CALLBACK_NEEDS_ENABLED = True

    def v2_runner_on_ok(self, result, **kwargs):
        wanted = os.environ.get("ROLE_TEST_INTERRUPT_AFTER")
        if wanted and result._task.name == wanted:
            self._display.display(f"interrupt_after: interrupting after {wanted!r} on {result._host.get_name()}")
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(130)  # 128 + SIGINT, what a shell reports for a run stopped with Ctrl-C
