# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The client for a service and region, and ``AwsApi``: the one call wrapper of every module and lookup.

``AwsApi.call`` (and ``paginate``) makes sure that:
- each documented error becomes a message that says what to do (``AwsCallError``, which
  ``module.fail_json_aws_error`` turns into amazon.aws's usual ``error`` / ``response_metadata``),
  from the service's table in ``advice``;
- throttling, 5xx answers and unanswered requests are retried within the task's time budget
  (``retry.Budget``, the ``time_budget`` option where a module offers it, else 60 s);
- the operations sent are recorded, so that tests can prove that a rerun makes no write call.

``connect`` makes the client the amazon.aws way, for modules (AnsibleAWSModule) and lookups
(AWSLookupBase) alike: ``plugin.client(service, region=..., retry_decorator=..., aws_config=...)``.

The package ``_aws`` is the one call layer of the collection, for every AWS service it calls (acm-pca, s3,
acm, the tagging API): ``client`` (this file); ``advice``, one advice table per service; ``errors``, the one
transport-error classifier; ``retry``, the task's time budget; ``waiter``, the one poller, on botocore's
waiter definitions (``waiter_models``, loaded at the first wait); ``wait_timeout``, the option that bounds
each wait; ``arn``, ARNs on amazon.aws's ``parse_aws_arn``; ``region``, the one region rule.
Adding a service is one entry in ``advice.SERVICES``. (Its __init__.py stays empty, as ansible-test requires.)

Private to this collection: the names here may change without notice.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING
from typing import Any

try:
    import botocore
    import botocore.exceptions
    import botocore.parsers
    from botocore import xform_name
except ImportError:
    pass  # AnsibleAWSModule and the lookup report a missing botocore themselves.

from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import AwsCallError
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import InvalidInputError
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import error_code
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import exhausted_advice
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import transport_advice
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import DEFAULT_TIME_BUDGET
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import Budget
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import BudgetRetry
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import check_time_budget
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import client_config

if TYPE_CHECKING:
    from ansible_collections.privateca.aws.plugins.module_utils._aws.advice import ServiceAdvice

# Operations that only read: every other operation changes something, and a rerun with unchanged
# input must send none of those.
READ_PREFIXES = ("Describe", "Get", "List", "Head")


def is_write(operation: str) -> bool:
    return not operation.startswith(READ_PREFIXES)


def _sentence(message: str) -> str:
    """The message with a capital first letter: advice that starts with {subject} reads "the CA ..."."""
    return message[:1].upper() + message[1:]


class AwsApi:
    """A boto3 client of ``service`` whose calls are retried, recorded and turned into plain errors."""

    def __init__(self, client, region: str | None = None, *, service: str = "acm-pca", budget: Budget | None = None):
        self.client = client
        self.service = service
        self.region = region or "the configured region"
        self.budget = budget or Budget()
        self.operations: list[str] = []

    @property
    def advice(self) -> ServiceAdvice:
        """The service's advice table, read only when a call fails.

        Every module run imports this file from AnsiballZ's zip, where Python compiles each source file twice
        (once to find its file name, once to run it): the tables stay off the path of a run whose calls succeed.
        """
        from ansible_collections.privateca.aws.plugins.module_utils._aws.advice import SERVICES

        return SERVICES[self.service]

    @property
    def write_operations(self) -> list[str]:
        return [name for name in self.operations if is_write(name)]

    def call(
        self,
        operation: str,
        subject: str,
        *,
        expected: tuple[str, ...] = (),
        context: dict[str, Any] | None = None,
        **params: Any,
    ) -> dict[str, Any]:
        """Send one API call, named as AWS names it (``DescribeCertificateAuthority``).

        Errors whose codes are in ``expected`` are raised as botocore's ClientError for the caller
        to handle (``is_boto3_error_code``); every other error becomes an AwsCallError. ``context``
        fills the advice's other fields ({arn}, {bucket}, ...).
        """
        self.operations.append(operation)
        try:
            return getattr(self.client, xform_name(operation))(aws_retry=True, **params)
        except botocore.exceptions.ClientError as e:
            code = error_code(e)
            if code in expected:
                raise
            service, fields = self.advice, self._fields(operation, subject, context)
            what = service.for_operation(operation).what.format(**fields)
            message = exhausted_advice(e, what, service.label, fields["region"])
            message = message or service.template(operation, code).format(**fields)
            raise AwsCallError(message=_sentence(message), exception=e) from e
        except (botocore.exceptions.BotoCoreError, botocore.parsers.ResponseParserError) as e:
            service, fields = self.advice, self._fields(operation, subject, context)
            specific = service.for_operation(operation)
            what = specific.what.format(**fields)
            endpoint = f"the {service.label} endpoint for {fields['region']}"
            advice = transport_advice(e, endpoint, what) or specific.failed.format(**fields)
            message = exhausted_advice(e, what, service.label, fields["region"], advice)
            raise AwsCallError(message=_sentence(message or advice), exception=e) from e

    def _fields(self, operation: str, subject: str, context: dict[str, Any] | None) -> dict[str, Any]:
        """What an advice template may name: the region, the caller's context, the operation and its subject."""
        return {"region": self.region, **(context or {}), "operation": operation, "subject": subject}

    def paginate(
        self, operation: str, subject: str, result_key: str, *, expected: tuple[str, ...] = (), **params: Any
    ) -> Iterator[dict[str, Any]]:
        """Yield every item of a paginated list call, one page request at a time (``expected`` as in call)."""
        token = None
        while True:
            page_params = dict(params, NextToken=token) if token else params
            page = self.call(operation, subject, expected=expected, **page_params)
            yield from page.get(result_key, [])
            token = page.get("NextToken")
            if not token:
                return


def connect(
    plugin,
    service: str,
    region: str | None,
    budget: Budget,
    aws_config: dict[str, Any] | None,
    **extra_config: Any,
) -> AwsApi:
    """An AwsApi for ``service`` in ``region`` (None: the plugin's configured region), within ``budget``.

    ``plugin`` is an AnsibleAWSModule or an amazon.aws AWSLookupBase: both make clients with
    ``client(service, retry_decorator=..., region=..., aws_config=...)``. aws_config's retries and
    timeouts are honoured (see ``retry.client_config``); ``extra_config`` adds botocore settings
    (the lookup's max_pool_connections). Raises InvalidInputError for aws_config settings botocore
    does not know. module.params is never written.
    """
    try:
        config, user_sets_retries = client_config(aws_config, budget)
    except ValueError as e:
        raise InvalidInputError(str(e)) from None
    retry = BudgetRetry(budget, retry=not user_sets_retries, read_timeout=config["read_timeout"])
    kwargs = {"region": region} if region else {}
    params = getattr(plugin, "params", None)
    maker = plugin
    if region and isinstance(params, dict) and params.get("region") != region:
        maker = _ForRegion(plugin, region)
    # The plugin's own client() (AnsibleAWSModule's or the lookup's), run on the view when there is one.
    client = type(plugin).client(maker, service, retry_decorator=retry, aws_config={**config, **extra_config}, **kwargs)
    configured = (params or {}).get("region")
    return AwsApi(client, region or configured, service=service, budget=budget)


class _ForRegion:
    """A module as AnsibleAWSModule.client() reads it, with the region of the client it is to make.

    Without a region in the module's params, client() first resolves the configured one (a boto3 session of
    its own, about 15 ms a task) only for ``region=`` to replace it. This view names the region instead;
    module.params stays as the user gave it (it is the task's invocation).
    """

    def __init__(self, module, region: str) -> None:
        self._module = module
        self.params = {**module.params, "region": region}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._module, name)


def module_budget(module) -> Budget:
    """The task's time budget, from its time_budget option when it has one."""
    seconds = module.params.get("time_budget")
    return Budget(check_time_budget(DEFAULT_TIME_BUDGET if seconds is None else seconds))


def module_api(module, region: str | None = None, *, service: str = "acm-pca", budget: Budget | None = None) -> AwsApi:
    """An AwsApi for an AnsibleAWSModule, failing the task on a bad time_budget or aws_config."""
    try:
        return connect(module, service, region, budget or module_budget(module), module.params.get("aws_config"))
    except (InvalidInputError, ValueError) as e:
        module.fail_json(msg=str(e))
