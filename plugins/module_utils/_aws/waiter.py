# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one way to wait: botocore's waiter definitions, polled through the call layer within the task's deadline.

The definitions come from botocore (acm-pca's ``CertificateAuthorityCSRCreated``, ``CertificateIssued``,
``AuditReportCreated``) through amazon.aws's ``BaseWaiterFactory``, plus the ones botocore lacks
(``CertificateAuthorityCreated``: leaving CREATING), in ``waiter_models``. ``wait`` polls them itself
rather than with botocore's ``Waiter.wait``, so that every poll is an ``AwsApi.call`` (advice, budget
retries, the record of calls), the wait ends at the user's ``wait_timeout`` and stops when a lookup has
failed.

Private to this collection: the names here may change without notice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

try:
    import botocore
    import botocore.exceptions
except ImportError:
    pass

from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import AwsCallError
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import SERVER_ERROR_CODES
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import THROTTLING_CODES
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import failure_kind

# Polling: quick first checks, then every few seconds (botocore's acm-pca waiters poll every 1 to 3 s).
POLL_FIRST_DELAY = 1.0
POLL_MAX_DELAY = 5.0


class WaitFailed(Exception):
    """The waiter reached a failure state: ``response`` is the last answer."""

    def __init__(self, response: dict[str, Any]):
        super().__init__("waiter failure")
        self.response = response


def waiter_config(service: str, name: str):
    """botocore's SingleWaiterConfig of ``name`` (operation, acceptors)."""
    # Deferred to the first wait (see waiter_models).
    from ansible_collections.privateca.aws.plugins.module_utils._aws import waiter_models

    return waiter_models.waiter_config(service, name)


def wait(
    api,
    name: str,
    subject: str,
    *,
    timeout: float | None,
    timed_out: Callable[[dict[str, Any] | None], str] | None = None,
    context: dict[str, Any] | None = None,
    polled: bool = False,
    **params: Any,
) -> dict[str, Any] | None:
    """Poll waiter ``name`` of ``api``'s service until success, for at most ``timeout`` seconds.

    Returns the successful answer; with ``timeout=None`` one poll only, and None when it is not a
    success yet. Raises WaitFailed on a failure state, AwsCallError with ``timed_out(last answer)``
    once ``timeout`` has passed, and the call layer's AwsCallError for every error the waiter does
    not retry. ``polled``: the caller's own request has just been answered with the waiter's retry
    state, so the first poll comes after the first delay, as the next poll of a wait would.
    """
    config = waiter_config(api.service, name)
    # The codes the waiter itself retries (RequestInProgressException). Throttling and server errors,
    # which amazon.aws's factory adds, were already retried by the budget: they fail the wait.
    retry_codes = tuple(
        a.expected
        for a in config.acceptors
        if a.matcher == "error"
        and a.state == "retry"
        and isinstance(a.expected, str)
        and a.expected not in THROTTLING_CODES
        and a.expected not in SERVER_ERROR_CODES
    )
    budget = api.budget
    deadline = None if timeout is None else budget.now() + timeout
    delay = POLL_FIRST_DELAY
    # With ``polled`` the first turn has the caller's answer, a retry state: it sleeps before polling.
    state, response, error = ("retry", None, None) if polled else (None, None, None)
    while True:
        if state is None:
            error = None
            try:
                with budget.capped(deadline if deadline is not None else float("inf")):
                    response = api.call(config.operation, subject, expected=retry_codes, context=context, **params)
            except botocore.exceptions.ClientError as e:
                error, response = e, e.response
            except AwsCallError as e:
                # A poll still throttled (or failing on the server side) when its retries ended with the wait: the
                # wait timed out. When the task's budget ended first, its own message says so.
                if deadline is None or failure_kind(e.exception) is None or deadline > (budget.deadline or 0.0):
                    raise
                message = timed_out(e.exception.response) if timed_out else e.message
                raise AwsCallError(message=message, exception=e.exception) from None
            state = next((a.state for a in config.acceptors if a.matcher_func(response)), "retry")
        if state == "success":
            return response
        if state == "failure":
            raise WaitFailed(response)
        if deadline is None:
            return None
        budget.keep_until(deadline)  # AWS is at work: polling may go on until the wait's end
        remaining = deadline - budget.now()
        if remaining <= 0:
            message = timed_out(response) if timed_out else f"Timed out after {timeout:g} s waiting for {subject}"
            raise AwsCallError(message=message, exception=error)
        budget.sleep(min(delay, remaining))
        delay = min(delay * 2, POLL_MAX_DELAY)
        state = None


class Poller:
    """How long a task waits (``wait_timeout``), for the task files that wait on several things."""

    def __init__(self, timeout: int) -> None:
        self.timeout = timeout

    def until(self, api, name: str, subject: str, waiting_for: str, **params: Any) -> dict[str, Any]:
        """Wait with waiter ``name``; the timeout message names ``waiting_for``."""
        return wait(
            api,
            name,
            subject,
            timeout=self.timeout,
            timed_out=lambda last: (
                f"Timed out after {self.timeout} s waiting for {waiting_for}; "
                "raise wait_timeout or check the CA in the console"
            ),
            **params,
        )
