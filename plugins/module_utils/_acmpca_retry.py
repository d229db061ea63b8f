# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One time budget per task (or per lookup) for every ACM PCA request, retry and backoff.

amazon.aws's AWSRetry retries up to 10 times, up to a minute apart, on top of botocore's own
attempts: a persistent throttle kept a task busy for three minutes and 30 requests, and
aws_config's retries could not shorten it. Here botocore makes one attempt per call (unless the
user's aws_config sets retries, which are then honoured as they are and not repeated), and
``BudgetRetry`` retries throttling, server errors and unanswered requests only while the budget
lasts. A failure carries a ``RetryReport`` that says what the server answered, how many attempts
were made and over how long.

Private to this collection: the names here may change without notice.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from typing import NamedTuple

try:
    import botocore
    import botocore.config
    import botocore.exceptions
except ImportError:
    pass  # The module and the lookup report a missing botocore themselves.

# The clock of every Budget made without one; tests replace it.
monotonic = time.monotonic

DEFAULT_TIME_BUDGET = 60
# For modules that offer the option (document it with the fragment privateca.aws.acmpca.time_budget).
TIME_BUDGET_ARGUMENT_SPEC = {"time_budget": {"type": "int", "default": DEFAULT_TIME_BUDGET}}
MAX_TIME_BUDGET = 3600
# Client timeouts unless aws_config sets them; each is also cut to the time budget.
DEFAULT_CONNECT_TIMEOUT = 10
DEFAULT_READ_TIMEOUT = 30
# Backoff between attempts: equal jitter (half fixed, half random), doubling up to the cap.
BACKOFF_FIRST = 0.5
BACKOFF_MAX = 8.0
# Kept free at the end of the budget for the last attempt's own round trip.
LAST_ATTEMPT_MARGIN = 0.25

THROTTLING_CODES = frozenset(
    {
        "ThrottlingException",
        "Throttling",
        "ThrottledException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "RequestThrottled",
        "RequestThrottledException",
        "SlowDown",
    }
)
SERVER_ERROR_CODES = frozenset(
    {"InternalServerException", "InternalFailure", "InternalError", "ServiceUnavailable", "ServiceUnavailableException"}
)

THROTTLED = "throttled"
SERVER_ERROR = "server error"
NO_ANSWER = "no answer"


class BudgetStopped(Exception):
    """A wait was cut short because the lookup had already failed; nothing to report for it."""


class Budget:
    """A deadline shared by every request of a task or of a lookup, counted from its first request.

    ``extend_to(seconds)`` moves the deadline to that many seconds after the first request, when
    that is later: waiting for a CSR that AWS is still creating may last until wait_timeout.
    ``stop()`` ends every wait at once (the lookup calls it when it has failed).
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
        self._started: float | None = None
        self._allowed = float(seconds)

    def fresh(self) -> Budget:
        """A budget of the same length, clock and stop switch, not started yet."""
        budget = Budget(self.seconds, clock=self._clock, sleep=self._sleep)
        budget._stopped = self._stopped
        return budget

    def start(self) -> None:
        with self._lock:
            if self._started is None:
                self._started = self._clock()

    def extend_to(self, seconds: float) -> None:
        with self._lock:
            self._allowed = max(self._allowed, float(seconds))

    def now(self) -> float:
        return self._clock()

    def elapsed(self) -> float:
        return 0.0 if self._started is None else self._clock() - self._started

    def remaining(self) -> float:
        return self._allowed - self.elapsed()

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
    got no answer, for a whole read timeout, so a task fails within its budget.
    With ``retry=False`` (aws_config sets retries) each call is made once, as botocore retries it.
    With ``per_call=True`` each call gets the whole budget from its own first attempt (for modules that
    poll for minutes, where a throttle late in the wait must still be retried); stopping still applies.
    """

    def __init__(
        self,
        budget: Budget,
        *,
        retry: bool = True,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
        jitter: Callable[[], float] | None = None,
        per_call: bool = False,
    ) -> None:
        self.budget = budget
        self.per_call = per_call
        self.retry = retry
        self.read_timeout = read_timeout
        self._jitter = jitter
        self.attempts = 0  # every attempt through this decorator, for tests and reports

    def __call__(self, function: Callable) -> Callable:
        @wraps(function)
        def retrying(*args: Any, **kwargs: Any) -> Any:
            budget = self.budget.fresh() if self.per_call else self.budget
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
                    kind = failure_kind(e)
                    if kind is None:
                        raise
                    pause = delay / 2 + (self._jitter or random.random)() * delay / 2
                    # The last pause is cut to what is left, so that the budget is used, not given up early;
                    # after a request that got no answer, a whole read timeout must fit too.
                    left = budget.remaining() - LAST_ATTEMPT_MARGIN
                    if kind == NO_ANSWER:
                        left -= self.read_timeout
                    pause = min(pause, left)
                    if not self.retry or budget.stopped or pause <= 0:
                        e.acmpca_retry_report = RetryReport(
                            kind, attempts, budget.now() - first, budget.seconds, botocore_retries=not self.retry
                        )
                        if self.retry and e.args and isinstance(e.args[0], str):
                            # botocore counts only its own (no) retries; the report above counts ours.
                            e.args = (e.args[0].replace(" (reached max retries: 0)", ""), *e.args[1:])
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

    The user's aws_config wins, except that no timeout may outlast the budget. Without retries in
    aws_config, botocore makes one attempt per call and BudgetRetry does the retrying. Raises
    ValueError for settings botocore does not know.
    """
    user = dict(aws_config or {})
    try:
        botocore.config.Config(**user)
    except TypeError as e:
        known = ", ".join(sorted(botocore.config.Config.OPTION_DEFAULTS))
        raise ValueError(f"aws_config has a setting botocore does not know ({e}); known settings: {known}.") from None
    user_sets_retries = bool(user.get("retries"))
    config: dict[str, Any] = {
        "connect_timeout": DEFAULT_CONNECT_TIMEOUT,
        "read_timeout": DEFAULT_READ_TIMEOUT,
        "retries": {"total_max_attempts": 1},
        **user,
    }
    for timeout in ("connect_timeout", "read_timeout"):
        if isinstance(config[timeout], (int, float)) and not isinstance(config[timeout], bool):
            config[timeout] = min(config[timeout], budget.seconds)
    return config, user_sets_retries
