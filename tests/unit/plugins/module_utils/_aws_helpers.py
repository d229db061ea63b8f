# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers shared by the unit tests: a client error, the base of the fake AWS services, the one seam that hands
them to the plugins (install_clients), and an AwsApi around a fake client with the retry layer."""

from __future__ import annotations

import threading
from collections.abc import Callable

from botocore.exceptions import ClientError

from ansible_collections.amazon.aws.plugins.module_utils.retries import RetryingBotoClientWrapper

from ansible_collections.privateca.aws.plugins.module_utils._aws.client import AwsApi
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import Budget
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import BudgetRetry


def client_error(code: str, operation: str = "Operation", message: str | None = None, status: int = 400) -> ClientError:
    """A botocore ClientError as AWS answers it."""
    return ClientError(
        {
            "Error": {"Code": code, "Message": message or f"{code} from AWS"},
            "ResponseMetadata": {"HTTPStatusCode": status},
        },
        operation,
    )


def api_for(
    client, region: str = "us-east-1", *, service: str = "acm-pca", budget: Budget | None = None, api_class=AwsApi
) -> AwsApi:
    """An AwsApi (or ``api_class``) around ``client`` with the retry layer in the path, as connect() makes it."""
    budget = budget or Budget()
    return api_class(RetryingBotoClientWrapper(client, BudgetRetry(budget)), region, service=service, budget=budget)


_MODELS: dict = {}


def service_model(service: str):
    if service not in _MODELS:
        import botocore.session

        _MODELS[service] = botocore.session.get_session().get_service_model(service)
    return _MODELS[service]


class ModelChecked:
    """A fake client seen through botocore's model: each call's parameters and answer are checked against it.

    An unknown method, a parameter the operation does not take, or an answer that does not fit the
    operation's output shape (unknown members, wrong types, nested shapes included) fails the test, so a
    fake cannot drift from the API.
    """

    def __init__(self, fake, service: str) -> None:
        self.fake = fake
        self.service = service

    def __getattr__(self, method: str):
        import botocore.exceptions
        import botocore.validate

        model = service_model(self.service)
        operation = operation_name(self.service, method)
        if operation is None:
            raise AttributeError(f"{self.service} has no operation {method}")
        target = getattr(self.fake, method)

        def call(**params):
            operation_model = model.operation_model(operation)
            botocore.validate.validate_parameters(params, operation_model.input_shape)
            answer = target(**params)
            if operation_model.output_shape is not None and isinstance(answer, dict):
                shown = {key: value for key, value in answer.items() if key != "ResponseMetadata"}
                report = botocore.validate.ParamValidator().validate(shown, operation_model.output_shape)
                # Length limits are for requests (AWS answers an empty tag list, for one): the rest must hold.
                problems = [
                    line
                    for line in (report.generate_report().splitlines() if report.has_errors() else [])
                    if line.strip() and not line.startswith(("Parameter validation failed", "Invalid length"))
                ]
                assert not problems, f"{operation} answers what its model does not: {problems}"
            return with_response_metadata(answer)

        return call


def with_response_metadata(answer):
    """``answer`` as botocore returns it: with ResponseMetadata. botocore 1.34's waiters match success on its
    HTTPStatusCode (``matcher: status``), so a fake answer without it would keep a wait polling to its end."""
    if isinstance(answer, dict) and "ResponseMetadata" not in answer:
        return {**answer, "ResponseMetadata": {"HTTPStatusCode": 200, "RetryAttempts": 0}}
    return answer


def known_members(service: str, shape: str, data: dict) -> dict:
    """``data`` without the members that the installed botocore's ``shape`` lacks: what AWS would echo to a
    client of that release (botocore 1.34, the minimum-versions run, predates CrlType, for one)."""
    members = service_model(service).shape_for(shape).members
    return {key: value for key, value in data.items() if key in members}


def operation_name(service: str, method: str) -> str | None:
    """The API's name of the operation a boto3 client method calls (get_certificate_authority_csr ->
    GetCertificateAuthorityCsr), or None when the service has no such operation."""
    return next((name for name in service_model(service).operation_names if xform(name) == method), None)


def xform(name: str) -> str:
    from botocore import xform_name

    return xform_name(name)


class FakeService:
    """The base of the fake AWS services: calls by boto3 method name, answered by the ``_<method>`` handler.

    Each call is recorded as (operation name, parameters), as CloudTrail names it. ``fail_next`` makes the next
    call of an operation fail with an error code; ``answers[operation]`` replaces the fake's rules for an
    operation with a function of the parameters (for timing and concurrency tests). Parameters and answers are
    checked against botocore's model at the seam (install_clients), not here.
    """

    service = ""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []
        self.errors: dict[str, list[tuple[str, str | None, int]]] = {}
        self.answers: dict[str, Callable[..., dict]] = {}
        self.made: list[dict] = []  # the clients made of every service installed with it (install_clients)

    @property
    def regions(self) -> list[tuple[str, str]]:
        """(service, region) of each client made."""
        return [(made["service"], made["region"]) for made in self.made]

    def fail_next(self, operation: str, code: str, message: str | None = None, status: int = 400) -> None:
        self.errors.setdefault(operation, []).append((code, message, status))

    @property
    def operations(self) -> list[str]:
        return [name for name, _params in self.calls]

    def __getattr__(self, method: str):
        if method.startswith("_"):
            raise AttributeError(method)
        operation = operation_name(self.service, method)
        if operation is None:
            raise AttributeError(f"{self.service} has no operation {method}")

        def call(**params):
            self.calls.append((operation, params))
            if self.errors.get(operation):
                code, message, status = self.errors[operation].pop(0)
                raise client_error(code, operation, message, status)
            if operation in self.answers:
                return self.answers[operation](**params)
            return getattr(self, f"_{method}")(**params)

        return call


def install_clients(monkeypatch, fakes: dict, *, plugin=None) -> list[dict]:
    """The one seam of the unit tests: AnsibleAWSModule.client (or ``plugin``'s) hands out ``fakes[service]``.

    Each fake is checked against botocore's model and wrapped in the retry decorator the call layer
    passes, as amazon.aws does, so the retry layer stays in the path. Returns the clients made:
    {"service", "region", "main_thread"} and the other keyword arguments each (the region the call layer asked
    for, else the module's).
    """
    from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

    made: list[dict] = []

    def fake_client(owner, service, retry_decorator=None, **kwargs):
        region = kwargs.get("region") or getattr(owner, "params", {}).get("region")
        made.append(
            {
                "service": service,
                "region": region,
                "main_thread": threading.current_thread() is threading.main_thread(),
                **{k: v for k, v in kwargs.items() if k != "region"},
            }
        )
        service_model(service)  # loaded here, where the client is made, not in the first request's thread
        client = ModelChecked(fakes[service], service)
        return client if retry_decorator is None else RetryingBotoClientWrapper(client, retry_decorator)

    monkeypatch.setattr(plugin or AnsibleAWSModule, "client", fake_client)
    for fake in fakes.values():
        if isinstance(fake, FakeService):
            fake.made = made
    return made


class FakeTime(list):
    """The time budget's clock and sleeps, faked: a list of the pauses taken; ``now`` advances only by them."""

    def __init__(self) -> None:
        super().__init__()
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.append(seconds)
        self.now += seconds


def fake_time(monkeypatch) -> FakeTime:
    """Every Budget made from now on (each task's, each lookup's) runs on a FakeTime: waits take no time."""
    from ansible_collections.privateca.aws.plugins.module_utils._aws import retry

    clock = FakeTime()
    monkeypatch.setattr(retry, "monotonic", clock)
    monkeypatch.setattr(retry.Budget, "sleep", lambda budget, seconds: clock.sleep(seconds))
    return clock
