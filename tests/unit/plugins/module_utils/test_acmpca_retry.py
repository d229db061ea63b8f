# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The time budget: retries of throttling, 5xx and unanswered requests, on a fake clock; client settings; module_api."""

import threading
import time

import pytest
from botocore.exceptions import ClientError
from botocore.exceptions import ConnectionClosedError
from botocore.exceptions import EndpointConnectionError
from botocore.exceptions import ReadTimeoutError

from ansible_collections.amazon.aws.plugins.module_utils.retries import RetryingBotoClientWrapper

from ansible_collections.privateca.aws.plugins.module_utils._aws import client as _client
from ansible_collections.privateca.aws.plugins.module_utils._aws.arn import parse_ca_arn
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import AcmPcaError
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import InvalidInputError
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import NO_ANSWER
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import SERVER_ERROR
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import THROTTLED
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import Budget
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import BudgetRetry
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import BudgetStopped
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import check_time_budget
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import client_config
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import failure_kind
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import retry_report
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._acmpca_fake import FakeAcmPca
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import ModelChecked

CA_ID = "12345678-1234-1234-1234-123456789012"
CA_ARN = f"arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/{CA_ID}"


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def error(code: str, status: int = 400) -> ClientError:
    return ClientError(
        {"Error": {"Code": code, "Message": "m"}, "ResponseMetadata": {"HTTPStatusCode": status}}, "GetThing"
    )


def persistent(failure, clock: FakeClock, seconds_per_request: float = 0.05):
    calls = []

    def call():
        calls.append(clock.now)
        clock.now += seconds_per_request
        raise failure

    return call, calls


@pytest.mark.parametrize(
    ("failure", "kind"),
    [
        (error("ThrottlingException"), THROTTLED),
        (error("TooManyRequestsException", 429), THROTTLED),
        (error("SomethingNew", 429), THROTTLED),
        (error("InternalFailure", 500), SERVER_ERROR),
        (error("500", 500), SERVER_ERROR),  # a plain-text 500 parses to its status
        (error("503", 503), SERVER_ERROR),
        (error("ServiceUnavailable", 400), SERVER_ERROR),
        (ReadTimeoutError(endpoint_url="http://x"), NO_ANSWER),
        (ConnectionClosedError(endpoint_url="http://x"), NO_ANSWER),
        (error("AccessDeniedException"), None),
        (error("RequestInProgressException"), None),
        (EndpointConnectionError(endpoint_url="http://x"), None),  # a setting to fix: not retried
    ],
)
def test_failure_kind(failure, kind):
    assert failure_kind(failure) == kind


@pytest.mark.parametrize("seconds", [1, 5, 60, 600])
@pytest.mark.parametrize("failure", [error("ThrottlingException"), error("InternalFailure", 500)])
def test_a_persistent_fault_fails_within_the_budget_using_most_of_it(seconds, failure):
    clock = FakeClock()
    budget = Budget(seconds, clock=clock, sleep=clock.sleep)
    call, calls = persistent(failure, clock)
    with pytest.raises(ClientError) as raised:
        BudgetRetry(budget)(call)()
    report = retry_report(raised.value)
    assert clock.now <= seconds
    assert clock.now >= seconds - 1, "the budget is used, not given up early"
    assert report.attempts == len(calls) and report.seconds == pytest.approx(clock.now)
    assert report.kind == failure_kind(failure) and report.budget == seconds
    assert all(pause <= 8.0 for pause in clock.sleeps)
    assert len(calls) <= 5 + seconds / 4, "backoff keeps the request count down"


def test_backoff_doubles_with_equal_jitter_up_to_the_cap():
    clock = FakeClock()
    budget = Budget(600, clock=clock, sleep=clock.sleep)
    call, _calls = persistent(error("ThrottlingException"), clock, seconds_per_request=0)
    with pytest.raises(ClientError):
        BudgetRetry(budget, jitter=lambda: 0.0)(call)()
    assert clock.sleeps[:6] == [0.25, 0.5, 1.0, 2.0, 4.0, 4.0]
    clock = FakeClock()
    budget = Budget(600, clock=clock, sleep=clock.sleep)
    call, _calls = persistent(error("ThrottlingException"), clock, seconds_per_request=0)
    with pytest.raises(ClientError):
        BudgetRetry(budget, jitter=lambda: 1.0)(call)()
    assert clock.sleeps[:6] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]


def test_a_success_after_faults_returns_the_answer():
    clock = FakeClock()
    answers = [error("ThrottlingException"), error("InternalFailure", 500), ReadTimeoutError(endpoint_url="x")]

    def call():
        if answers:
            raise answers.pop(0)
        return {"ok": True}

    retry = BudgetRetry(Budget(60, clock=clock, sleep=clock.sleep))
    assert retry(call)() == {"ok": True}
    assert retry.attempts == 4


def test_after_a_request_that_got_no_answer_a_retry_needs_a_whole_read_timeout():
    clock = FakeClock()
    budget = Budget(100, clock=clock, sleep=clock.sleep)
    call, calls = persistent(ReadTimeoutError(endpoint_url="x"), clock, seconds_per_request=30)
    with pytest.raises(ReadTimeoutError) as raised:
        BudgetRetry(budget, read_timeout=30)(call)()
    assert len(calls) == 3 and clock.now <= 100
    assert retry_report(raised.value).describe().startswith("all 3 attempts over ")


@pytest.mark.parametrize("failure", [error("AccessDeniedException"), EndpointConnectionError(endpoint_url="x")])
def test_other_failures_are_not_retried_and_carry_no_report(failure):
    clock = FakeClock()
    call, calls = persistent(failure, clock)
    with pytest.raises(type(failure)) as raised:
        BudgetRetry(Budget(60, clock=clock, sleep=clock.sleep))(call)()
    assert len(calls) == 1 and retry_report(raised.value) is None


def test_without_retry_each_call_is_made_once_and_says_aws_config_retried():
    clock = FakeClock()
    call, calls = persistent(error("ThrottlingException"), clock)
    with pytest.raises(ClientError) as raised:
        BudgetRetry(Budget(60, clock=clock, sleep=clock.sleep), retry=False)(call)()
    assert len(calls) == 1
    assert retry_report(raised.value).describe() == "1 attempt over 0.1 s (with the retries aws_config sets)"


def test_the_budget_is_counted_from_the_first_request_and_shared():
    clock = FakeClock()
    budget = Budget(10, clock=clock, sleep=clock.sleep)
    clock.now = 100.0  # time before the first request does not count
    first, _calls = persistent(error("ThrottlingException"), clock)
    with pytest.raises(ClientError):
        BudgetRetry(budget)(first)()
    assert 109 <= clock.now <= 110
    second, calls = persistent(error("ThrottlingException"), clock)
    with pytest.raises(ClientError):
        BudgetRetry(budget)(second)()
    assert len(calls) == 1, "the budget is spent: a later request of the same task gets no retries"


def test_keep_until_moves_the_deadline_only_later():
    clock = FakeClock()
    budget = Budget(60, clock=clock)
    budget.start()
    budget.keep_until(30)
    assert budget.remaining() == 60
    budget.keep_until(180)
    clock.now = 100
    assert budget.remaining() == 80


def test_stop_ends_a_real_backoff_at_once():
    budget = Budget(60)
    started = time.monotonic()
    outcome = []

    def worker():
        try:
            BudgetRetry(budget)(persistent(error("ThrottlingException"), FakeClock())[0])()
        except BudgetStopped:
            outcome.append("stopped")

    thread = threading.Thread(target=worker)
    thread.start()
    time.sleep(0.3)
    budget.stop()
    thread.join(timeout=30)
    # Backing off until the budget is spent takes 60 s; the bound leaves a busy CI machine room.
    assert outcome == ["stopped"] and time.monotonic() - started < 20
    with pytest.raises(BudgetStopped):
        BudgetRetry(budget)(lambda: "never called")()


@pytest.mark.parametrize("value", [1, 60, 3600])
def test_check_time_budget_accepts(value):
    assert check_time_budget(value) == value


@pytest.mark.parametrize("value", [0, -1, 3601, True, "60", 1.5, None])
def test_check_time_budget_rejects(value):
    with pytest.raises(ValueError, match="time_budget must be a whole number of seconds from 1 to 3600"):
        check_time_budget(value)


def test_client_config_defaults_to_one_attempt_and_short_timeouts():
    assert client_config(None, Budget(60)) == (
        {"connect_timeout": 10, "read_timeout": 30, "retries": {"total_max_attempts": 1}},
        False,
    )


def test_client_config_honours_aws_config_but_no_timeout_outlasts_the_budget():
    user = {"read_timeout": 120, "connect_timeout": 2, "retries": {"max_attempts": 4, "mode": "standard"}}
    config, user_sets_retries = client_config(user, Budget(45))
    assert config == {"connect_timeout": 2, "read_timeout": 45, "retries": {"max_attempts": 4, "mode": "standard"}}
    assert user_sets_retries is True
    assert user["read_timeout"] == 120, "the user's dict is not changed"


def test_client_config_rejects_settings_botocore_does_not_know():
    with pytest.raises(
        ValueError, match=r"aws_config has a setting botocore does not know .*known settings: .*read_timeout"
    ):
        client_config({"read_timout": 5}, Budget(60))


@pytest.mark.parametrize(
    ("value", "ca_arn"),
    [
        (f"{CA_ARN}/certificate/0123456789abcdef0123456789abcdef", CA_ARN),
        (f"{CA_ARN.replace('eu-west-1', 'us-gov-west-1').replace(':aws:', ':aws-us-gov:')}/certificate/ab", None),
    ],
)
def test_a_certificate_arn_is_recognised_and_the_ca_arn_shown(value, ca_arn):
    with pytest.raises(InvalidInputError) as raised:
        parse_ca_arn(value)
    message = str(raised.value)
    assert "it is the ARN of a certificate issued by a CA, not of the CA itself; give the CA's ARN, " in message
    expected = ca_arn or value.split("/certificate/")[0]
    assert f"give the CA's ARN, {expected}. Expected" in message


def test_an_arn_of_something_else_inside_a_ca_is_recognised():
    with pytest.raises(
        InvalidInputError, match=f"something that belongs to a CA, not of the CA itself; give the CA's ARN, {CA_ARN}"
    ):
        parse_ca_arn(f"{CA_ARN}/permission/xyz")


class FakeModule:
    """What module_api and explicit_region read from an AnsibleAWSModule."""

    def __init__(self, **params):
        self.params = {"region": None, "aws_config": None, **params}
        self.made = []
        self.failed = None

    def client(self, service, retry_decorator=None, **kwargs):
        self.made.append({"service": service, "region": self.params["region"], "retry": retry_decorator, **kwargs})
        return object()

    def fail_json(self, **kwargs):
        self.failed = kwargs
        raise SystemExit(1)


def test_module_api_keeps_module_params_as_given_and_applies_the_budget():
    module = FakeModule(region="us-west-2", time_budget=12, aws_config={"read_timeout": 50})
    api = _client.module_api(module, "eu-west-1")
    assert module.params["region"] == "us-west-2", "invocation.module_args must show what the user gave"
    [made] = module.made
    assert made["region"] == "eu-west-1"
    # The default timeouts are cut to half the budget (a retry after a dropped connection must fit),
    # the user's read_timeout to the whole budget.
    assert made["aws_config"] == {"connect_timeout": 6, "read_timeout": 12, "retries": {"total_max_attempts": 1}}
    assert isinstance(made["retry"], BudgetRetry) and made["retry"].budget.seconds == 12
    assert api.region == "eu-west-1"


def test_module_api_defaults_to_a_60_second_budget_and_fails_cleanly_on_bad_aws_config():
    module = FakeModule()
    _client.module_api(module)
    assert module.made[0]["retry"].budget.seconds == 60 and module.params["region"] is None
    module = FakeModule(aws_config={"retry": 3})
    with pytest.raises(SystemExit):
        _client.module_api(module)
    assert "aws_config has a setting botocore does not know" in module.failed["msg"]


def test_api_call_says_how_a_persistent_throttle_went(monkeypatch):
    clock = FakeClock()

    def throttled(**params):
        clock.now += 0.05
        raise error("ThrottlingException")

    fake = FakeAcmPca()
    fake.answers["DescribeCertificateAuthority"] = throttled
    client = RetryingBotoClientWrapper(
        ModelChecked(fake, "acm-pca"), BudgetRetry(Budget(20, clock=clock, sleep=clock.sleep))
    )
    api = _client.AwsApi(client, "eu-west-1")
    with pytest.raises(AcmPcaError) as raised:
        api.call("DescribeCertificateAuthority", f"the CA {CA_ARN}", CertificateAuthorityArn=CA_ARN)
    message = raised.value.message
    assert message.startswith(f"AWS throttled DescribeCertificateAuthority for the CA {CA_ARN} on all ")
    assert "(time_budget 20 s)" in message and "eu-west-1" in message and clock.now <= 20


def test_one_deadline_for_the_task_moved_only_while_aws_is_at_work():
    clock = FakeClock()
    budget = Budget(10, clock=clock, sleep=clock.sleep)
    retry = BudgetRetry(budget)
    call, calls = persistent(error("ThrottlingException"), clock)
    with pytest.raises(ClientError):
        retry(call)()
    assert len(calls) > 1 and 9 <= clock.now <= 10
    budget.keep_until(clock.now + 100)  # a waiter saw CREATING: polls late in the wait keep their retries
    clock.now += 90
    call, calls = persistent(error("ThrottlingException"), clock)
    with pytest.raises(ClientError):
        retry(call)()
    assert len(calls) > 1 and clock.now <= 110


@pytest.mark.parametrize("seconds", [3, 5, 8])
def test_a_dropped_connection_is_retried_under_a_small_budget(seconds):
    """Issue 19: the read timeout reserved for the next attempt is the shorter one a small budget allows."""
    clock = FakeClock()
    budget = Budget(seconds, clock=clock, sleep=clock.sleep)
    config, _user_retries = client_config(None, budget)
    assert config["read_timeout"] <= seconds / 2
    calls = []

    def dropped_once():
        calls.append(clock.now)
        clock.now += 0.1
        if len(calls) == 1:
            raise ConnectionClosedError(endpoint_url="http://x")
        return "answer"

    assert BudgetRetry(budget, read_timeout=config["read_timeout"])(dropped_once)() == "answer"
    assert len(calls) == 2


def test_a_dropped_connection_is_not_retried_when_no_read_timeout_fits():
    clock = FakeClock()
    budget = Budget(3, clock=clock, sleep=clock.sleep)
    call, calls = persistent(ConnectionClosedError(endpoint_url="http://x"), clock, seconds_per_request=1.5)
    with pytest.raises(ConnectionClosedError):
        BudgetRetry(budget, read_timeout=1.5)(call)()
    assert len(calls) == 1 and clock.now <= 3


def test_botocore_s_count_of_its_own_retries_leaves_the_message():
    clock = FakeClock()
    failure = ClientError(
        {
            "Error": {"Code": "ThrottlingException", "Message": "Rate exceeded"},
            "ResponseMetadata": {"MaxAttemptsReached": True, "RetryAttempts": 0},
        },
        "GetCertificateAuthorityCsr",
    )
    assert "(reached max retries: 0)" in str(failure)
    call, _calls = persistent(failure, clock)
    with pytest.raises(ClientError) as raised:
        BudgetRetry(Budget(5, clock=clock, sleep=clock.sleep))(call)()
    assert str(raised.value) == (
        "An error occurred (ThrottlingException) when calling the GetCertificateAuthorityCsr operation: Rate exceeded"
    )


def test_botocore_s_throttling_codes_are_used_without_its_quota_code():
    from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import THROTTLING_CODES

    assert {"ThrottlingException", "Throttling", "TooManyRequestsException", "SlowDown"} <= THROTTLING_CODES
    assert "LimitExceededException" not in THROTTLING_CODES, "a quota reached does not pass by retrying"
