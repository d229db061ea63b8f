# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The option wait_timeout, which every module that waits and the lookup share: its default, spec and check.

Apart from ``waiter`` so that a task that does not wait never imports the waiter: AnsiballZ imports a
module's files from a zip, where Python compiles each file on the path twice a run.

Private to this collection: the names here may change without notice.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import InvalidInputError

# Every module and the lookup wait at most this long by default: the longest of their waits in AWS's own
# time (a CA's creation, an audit report, an ACM certificate), one default for all.
WAIT_TIMEOUT_DEFAULT = 300
WAIT_TIMEOUT_ARGUMENT_SPEC = {"wait_timeout": {"type": "int", "default": WAIT_TIMEOUT_DEFAULT}}


def check_wait_timeout(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInputError(f"wait_timeout must be a whole number of seconds of at least 1, got {value!r}.")
    return value
