# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the parts of the ACM PCA stand-in (acmpca_standin.py) share: its knobs, its lock, its errors."""

from __future__ import annotations

import os
import threading

from moto.core.exceptions import JsonRESTError

CONFIG: dict[str, float] = {
    "creating_seconds": float(os.environ.get("ACMPCA_STANDIN_CREATING_SECONDS", "2")),
    "audit_report_seconds": float(os.environ.get("ACMPCA_STANDIN_AUDIT_REPORT_SECONDS", "1")),
    "day_seconds": float(os.environ.get("ACMPCA_STANDIN_DAY_SECONDS", "86400")),
    "certificate_seconds": float(os.environ.get("ACMPCA_STANDIN_CERTIFICATE_SECONDS", "0")),
    "idempotency_seconds": 300.0,
}
# moto serves requests in threads; every ACM PCA request runs under this lock.
LOCK = threading.RLock()


class ApiError(JsonRESTError):
    """An error as ACM PCA answers it: HTTP 400 with its code as ``__type`` and a message."""

    code = 400

    def __init__(self, error_code: str, message: str) -> None:
        super().__init__(error_code, message)


def invalid_args(message: str) -> ApiError:
    return ApiError("InvalidArgsException", message)


def state_error(arn: str, status: str, operation: str, needed: str) -> ApiError:
    return ApiError(
        "InvalidStateException", f"The certificate authority {arn} is {status}; {operation} needs it {needed}."
    )
