# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One time budget per task (or per lookup) for every AWS request, retry, backoff and wait.

amazon.aws's AWSRetry retries up to 10 times, up to a minute apart, on top of botocore's own
attempts: a persistent throttle kept a task busy for three minutes and 30 requests, and
aws_config's retries could not shorten it. Here botocore makes one attempt per call (unless the
user's aws_config sets retries, which are then honoured as they are and not repeated), and
``BudgetRetry`` retries throttling, server errors and unanswered requests only while the budget
lasts. A failure carries a ``RetryReport`` that says what the server answered, how many attempts
were made and over how long.

One mode: a task has one deadline, ``time_budget`` seconds after its first request, read by every
call and every wait of the task. Only AWS saying that it is still at work (a waiter's retry state:
CREATING, RequestInProgressException) moves it, to the end of that wait (``Budget.keep_until``), so
polls late in a wait of minutes still have their retries; a persistent fault still fails within
``time_budget``.

Private to this collection: the names here may change without notice.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any
from typing import NamedTuple

try:
    import botocore
    import botocore.config
    import botocore.exceptions
    from botocore.retries.standard import ThrottledRetryableChecker
except ImportError:
    ThrottledRetryableChecker = None  # The module and the lookup report a missing botocore themselves.

# The clock of every Budget made without one; tests replace it.
monotonic = time.monotonic

DEFAULT_TIME_BUDGET = 60
# For modules that offer the option (document it with the fragment privateca.aws.acmpca.time_budget).
TIME_BUDGET_ARGUMENT_SPEC = {"time_budget": {"type": "int", "default": DEFAULT_TIME_BUDGET}}
MAX_TIME_BUDGET = 3600
# Client timeouts unless aws_config sets them; each is also cut to half the time budget, so that
# a retry after a dropped connection still fits in a small budget.
DEFAULT_CONNECT_TIMEOUT = 10
DEFAULT_READ_TIMEOUT = 30
# Backoff between attempts: equal jitter (half fixed, half random), doubling up to the cap.
BACKOFF_FIRST = 0.5
BACKOFF_MAX = 8.0
# Kept free at the end of the budget for the last attempt's own round trip.
LAST_ATTEMPT_MARGIN = 0.25

# botocore's own list of throttling codes (standard retry mode), less the codes that are not
# throttling for the services called here: ACM PCA's and ACM's LimitExceededException is a quota.
_NOT_THROTTLING = frozenset({"LimitExceededException", "TransactionInProgressException", "PriorRequestNotComplete"})
THROTTLING_CODES = (
    frozenset(getattr(ThrottledRetryableChecker, "_THROTTLED_ERROR_CODES", ())) - _NOT_THROTTLING
) or frozenset({"Throttling", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded", "SlowDown"})
SERVER_ERROR_CODES = frozenset(
    {"InternalServerException", "InternalFailure", "InternalError", "ServiceUnavailable", "ServiceUnavailableException"}
)

THROTTLED = "throttled"
SERVER_ERROR = "server error"
NO_ANSWER = "no answer"


class BudgetStopped(Exception):
    """A wait was cut short because the lookup had already failed; nothing to report for it."""


class Budget:
    """The deadline shared by every request and wait of a task or of a lookup, counted from its first request.

    ``keep_until(end)`` moves the deadline to ``end`` when later (a wait in which AWS is making
    progress); ``capped(end)`` keeps the retries of the calls made inside it (a wait's polls, in this
    thread) from outlasting ``end``. ``stop()`` ends every wait at once (the lookup calls it when it has failed).
    """

    def __init__(
        self,
        seconds: float = DEFAULT_TIME_BUDGET,
        *,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], Any] | None = None,
    ) -> None:
        self.seconds = seconds
        self._clock = clock or monotonic
        self._stopped = threading.Event()
        self._sleep = sleep
        self._lock = threading.Lock()
        self._deadline: float | None = None
        self._cap = threading.local()

    def start(self) -> None:
        with self._lock:
            if self._deadline is None:
                self._deadline = self._clock() + self.seconds

    def keep_until(self, end: float) -> None:
        """Let the budget last until ``end`` (a time of ``now()``) when that is later than its deadline."""
        self.start()
        with self._lock:
            self._deadline = max(self._deadline or 0.0, end)

    def now(self) -> float:
        return self._clock()

    @property
    def deadline(self) -> float | None:
        """The task's deadline (a time of ``now()``), whatever ``capped`` says; None before the first request."""
        return self._deadline

    def remaining(self) -> float:
        left = self.seconds if self._deadline is None else self._deadline - self._clock()
        cap = getattr(self._cap, "end", None)
        return left if cap is None else min(left, cap - self._clock())

    @contextmanager
    def capped(self, end: float) -> Iterator[None]:
        """Within this block (in this thread), retries end at ``end`` at the latest."""
        outer = getattr(self._cap, "end", None)
        self._cap.end = end if outer is None else min(outer, end)
        try:
            yield
        finally:
            self._cap.end = outer

    @property
    def stopped(self) -> bool:
        return self._stopped.is_set()

    def stop(self) -> None:
        self._stopped.set()

    def sleep(self, seconds: float) -> None:
        """Wait, unless the budget is stopped (then raise BudgetStopped at once)."""
        if self._stopped.is_set():
            raise BudgetStopped()
        if self._sleep is not None:
            self._sleep(seconds)
        elif self._stopped.wait(max(seconds, 0)):
            raise BudgetStopped()
        if self._stopped.is_set():
            raise BudgetStopped()


class RetryReport(NamedTuple):
    """What a failed call went through: attached to its exception as ``acmpca_retry_report``."""

    kind: str  # THROTTLED, SERVER_ERROR or NO_ANSWER
    attempts: int
    seconds: float
    budget: float
    botocore_retries: bool  # True when aws_config's retries were honoured instead of the budget's

    def describe(self) -> str:
        attempts = "1 attempt" if self.attempts == 1 else f"all {self.attempts} attempts"
        how = "with the retries aws_config sets" if self.botocore_retries else f"time_budget {self.budget:g} s"
        return f"{attempts} over {self.seconds:.1f} s ({how})"


def failure_kind(error: BaseException) -> str | None:
    """THROTTLED, SERVER_ERROR or NO_ANSWER for a failure that may pass if retried; None otherwise."""
    if isinstance(error, botocore.exceptions.ClientError):
        response = error.response or {}
        code = response.get("Error", {}).get("Code") or ""
        status = response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
        if code in THROTTLING_CODES or status == 429:
            return THROTTLED
        if code in SERVER_ERROR_CODES or status >= 500 or (code.isdigit() and int(code) >= 500):
            return SERVER_ERROR
        return None
    # No answer at all: the read timed out or the connection was dropped. A refused connection
    # or an unknown host is a setting to fix, not something that passes: not retried.
    if isinstance(error, (botocore.exceptions.ReadTimeoutError, botocore.exceptions.ConnectionClosedError)):
        return NO_ANSWER
    return None


def retry_report(error: BaseException) -> RetryReport | None:
    return getattr(error, "acmpca_retry_report", None)


def strip_botocore_retries(error: BaseException) -> None:
    """Drop botocore's "(reached max retries: 0)": it counts only botocore's (no) retries, not the budget's."""
    if error.args and isinstance(error.args[0], str) and " (reached max retries: " in error.args[0]:
        text = error.args[0]
        start = text.index(" (reached max retries: ")
        end = text.index(")", start) + 1
        error.args = (text[:start] + text[end:], *error.args[1:])


def answer_of(error: BaseException) -> str:
    """What the server answered, in a few words: 'HTTP 500 (InternalFailure)'."""
    response = getattr(error, "response", None) or {}
    code = response.get("Error", {}).get("Code") or ""
    status = response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    if status and code and code != str(status):
        return f"HTTP {status} ({code})"
    if status:
        return f"HTTP {status}"
    return code or type(error).__name__


class BudgetRetry:
    """A retry decorator for amazon.aws's RetryingBotoClientWrapper, bounded by a Budget.

    An attempt is retried only when there is time left for its backoff and, after a request that
    got no answer, for the client's read timeout (at most half the budget, see client_config), so a
    task fails within its budget. With ``retry=False`` (aws_config sets retries) each call is made
    once, as botocore retries it.
    """

    def __init__(
        self,
        budget: Budget,
        *,
        retry: bool = True,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
        jitter: Callable[[], float] | None = None,
    ) -> None:
        self.budget = budget
        self.retry = retry
        self.read_timeout = read_timeout
        self._jitter = jitter
        self.attempts = 0  # every attempt through this decorator, for tests and reports

    def __call__(self, function: Callable) -> Callable:
        @wraps(function)
        def retrying(*args: Any, **kwargs: Any) -> Any:
            budget = self.budget
            if budget.stopped:
                raise BudgetStopped()
            budget.start()
            first, attempts, delay = budget.now(), 0, BACKOFF_FIRST
            while True:
                attempts += 1
                self.attempts += 1
                try:
                    return function(*args, **kwargs)
                except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
                    if self.retry:  # botocore made one attempt: its count says nothing (the report counts ours)
                        strip_botocore_retries(e)
                    kind = failure_kind(e)
                    if kind is None:
                        raise
                    pause = delay / 2 + (self._jitter or random.random)() * delay / 2
                    # The last pause is cut to what is left, so that the budget is used, not given up early;
                    # after a request that got no answer, the next attempt's read timeout must fit too.
                    left = budget.remaining() - LAST_ATTEMPT_MARGIN
                    if kind == NO_ANSWER:
                        left -= min(self.read_timeout, budget.seconds / 2)
                    pause = min(pause, left)
                    if not self.retry or budget.stopped or pause <= 0:
                        e.acmpca_retry_report = RetryReport(
                            kind, attempts, budget.now() - first, budget.seconds, botocore_retries=not self.retry
                        )
                        raise
                    budget.sleep(pause)
                    delay = min(delay * 2, BACKOFF_MAX)

        return retrying


def check_time_budget(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_TIME_BUDGET:
        raise ValueError(f"time_budget must be a whole number of seconds from 1 to {MAX_TIME_BUDGET}, got {value!r}.")
    return value


def client_config(aws_config: dict[str, Any] | None, budget: Budget) -> tuple[dict[str, Any], bool]:
    """The botocore Config settings for a client under ``budget``, and whether aws_config sets retries.

    The user's aws_config wins, except that no timeout may outlast the budget. The default timeouts
    are cut to half the budget, so that under a small budget a dropped connection can still be retried
    with the shorter read timeout. Without retries in aws_config, botocore makes one attempt per call
    and BudgetRetry does the retrying. Raises ValueError for settings botocore does not know.
    """
    user = dict(aws_config or {})
    try:
        botocore.config.Config(**user)
    except TypeError as e:
        known = ", ".join(sorted(botocore.config.Config.OPTION_DEFAULTS))
        raise ValueError(f"aws_config has a setting botocore does not know ({e}); known settings: {known}.") from None
    user_sets_retries = bool(user.get("retries"))
    half = max(budget.seconds / 2, 1)
    config: dict[str, Any] = {
        "connect_timeout": min(DEFAULT_CONNECT_TIMEOUT, half),
        "read_timeout": min(DEFAULT_READ_TIMEOUT, half),
        "retries": {"total_max_attempts": 1},
        **user,
    }
    for timeout in ("connect_timeout", "read_timeout"):
        if isinstance(config[timeout], (int, float)) and not isinstance(config[timeout], bool):
            config[timeout] = min(config[timeout], budget.seconds)
    return config, user_sets_retries
