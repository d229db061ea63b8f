# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one way to wait: botocore's waiter definitions, polled through the call layer within the task's deadline.

The definitions come from botocore (acm-pca's ``CertificateAuthorityCSRCreated``, ``CertificateIssued``,
``AuditReportCreated``) through amazon.aws's ``BaseWaiterFactory``, plus the one botocore lacks
(``CertificateAuthorityCreated``: leaving CREATING). ``wait`` polls them itself rather than with
botocore's ``Waiter.wait``, so that every poll is an ``AwsApi.call`` (advice, budget retries, the
record of calls), the wait ends at the user's ``wait_timeout`` and stops when a lookup has failed.

Private to this collection: the names here may change without notice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

try:
    import botocore
    import botocore.exceptions
    import botocore.session
except ImportError:
    pass

from ansible_collections.amazon.aws.plugins.module_utils.waiter import BaseWaiterFactory

from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import AwsCallError

# Polling: quick first checks, then every few seconds (botocore's acm-pca waiters poll every 1 to 3 s).
POLL_FIRST_DELAY = 1.0
POLL_MAX_DELAY = 5.0

# What botocore does not define: a CA leaving CREATING (any other status ends the wait).
_CUSTOM = {
    "acm-pca": {
        "CertificateAuthorityCreated": {
            "operation": "DescribeCertificateAuthority",
            "delay": 3,
            "maxAttempts": 60,
            "acceptors": [
                {"state": "retry", "matcher": "path", "argument": "CertificateAuthority.Status", "expected": "CREATING"},
                {"state": "failure", "matcher": "path", "argument": "CertificateAuthority.Status", "expected": "FAILED"},
                {"state": "success", "matcher": "path", "argument": "length(CertificateAuthority.Status) > `0`", "expected": True},
            ],
        }
    }
}


class WaiterFactory(BaseWaiterFactory):
    """botocore's waiters of a service plus ours, through amazon.aws (which adds retries on throttling and 5xx)."""

    def __init__(self, service: str):
        self._service = service
        super().__init__()

    @property
    def _waiter_model_data(self):
        loader = botocore.session.get_session().get_component("data_loader")
        try:
            data = dict(loader.load_service_model(self._service, "waiters-2")["waiters"])
        except botocore.exceptions.DataNotFoundError:
            data = {}
        data.update(_CUSTOM.get(self._service, {}))
        return data

    def config(self, name: str):
        """botocore's SingleWaiterConfig of ``name``: its operation and acceptors."""
        return self._model.get_waiter(name)


_FACTORIES: dict[str, WaiterFactory] = {}


class WaitFailed(Exception):
    """The waiter reached a failure state: ``response`` is the last answer."""

    def __init__(self, response: dict[str, Any]):
        super().__init__("waiter failure")
        self.response = response


def waiter_config(service: str, name: str):
    """botocore's SingleWaiterConfig of ``name`` (operation, acceptors)."""
    factory = _FACTORIES.get(service) or _FACTORIES.setdefault(service, WaiterFactory(service))
    return factory.config(name)


def wait(
    api,
    name: str,
    subject: str,
    *,
    timeout: float,
    timed_out: Callable[[dict[str, Any] | None], str],
    wait: bool = True,
    context: dict[str, Any] | None = None,
    **params: Any,
) -> dict[str, Any]:
    """Poll waiter ``name`` of ``api``'s service until success, for at most ``timeout`` seconds.

    Returns the successful answer. Raises WaitFailed on a failure state, AwsCallError with
    ``timed_out(last answer)`` once ``timeout`` has passed (or at once with ``wait=False``), and the
    call layer's AwsCallError for every error the waiter does not name.
    """
    config = waiter_config(api.service, name)
    retry_codes = tuple(
        a.expected for a in config.acceptors if a.matcher == "error" and a.state == "retry" and isinstance(a.expected, str)
    )
    budget = api.budget
    deadline = budget.wait_deadline(timeout) if wait else budget.now()
    delay = POLL_FIRST_DELAY
    while True:
        error = None
        try:
            response = api.call(config.operation, subject, expected=retry_codes, context=context, **params)
        except botocore.exceptions.ClientError as e:
            error, response = e, e.response
        state = next((a.state for a in config.acceptors if a.matcher_func(response)), "retry")
        if state == "success":
            return response
        if state == "failure":
            raise WaitFailed(response)
        remaining = deadline - budget.now()
        if remaining <= 0:
            raise AwsCallError(message=timed_out(response), exception=error)
        budget.sleep(min(delay, remaining))
        delay = min(delay * 2, POLL_MAX_DELAY)
