# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ACM PCA logic shared by the acmpca_csr_info module and the acmpca_csr lookup.

Private to this collection: the names here may change without notice.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any
from typing import NamedTuple

try:
    import botocore
    import botocore.parsers
except ImportError:
    pass  # The module and the lookup report a missing botocore themselves.

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError

from ansible_collections.privateca.aws.plugins.module_utils import _csr_info
from ansible_collections.privateca.aws.plugins.module_utils._acmpca_retry import DEFAULT_CONNECT_TIMEOUT
from ansible_collections.privateca.aws.plugins.module_utils._acmpca_retry import DEFAULT_READ_TIMEOUT
from ansible_collections.privateca.aws.plugins.module_utils._acmpca_retry import DEFAULT_TIME_BUDGET
from ansible_collections.privateca.aws.plugins.module_utils._acmpca_retry import NO_ANSWER
from ansible_collections.privateca.aws.plugins.module_utils._acmpca_retry import SERVER_ERROR
from ansible_collections.privateca.aws.plugins.module_utils._acmpca_retry import THROTTLED
from ansible_collections.privateca.aws.plugins.module_utils._acmpca_retry import Budget
from ansible_collections.privateca.aws.plugins.module_utils._acmpca_retry import BudgetRetry
from ansible_collections.privateca.aws.plugins.module_utils._acmpca_retry import answer_of
from ansible_collections.privateca.aws.plugins.module_utils._acmpca_retry import check_time_budget
from ansible_collections.privateca.aws.plugins.module_utils._acmpca_retry import client_config
from ansible_collections.privateca.aws.plugins.module_utils._acmpca_retry import retry_report

ARN_FORM = "arn:<partition>:acm-pca:<region>:<12-digit account id>:certificate-authority/<CA id>"
ARN_EXAMPLE = "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012"
# The API caps an ARN at 200 characters; a longer value is a mistake, and echoing
# all of it would bury the message.
ARN_MAX_LENGTH = 200
_SHOWN_CHARACTERS = 210

# Partitions and regions are matched by shape, not by a list, so that new ones
# (aws-eusc / eusc-de-east-1, aws-iso-f, ...) work the day AWS opens them.
_PARTITION = re.compile(r"aws(?:-[a-z]+)*")
_REGION = re.compile(r"[a-z]{2,}(?:-[a-z]+)+-\d{1,2}")
_ACCOUNT = re.compile(r"\d{12}")
_CA_ID = re.compile(r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
_RESOURCE_TYPE = "certificate-authority"

# Timeouts for the client; a user's aws_config overrides them.  botocore's own
# defaults (60 s read timeout, several attempts) leave a task hanging for minutes
# on a stalled endpoint, for a call that answers in well under a second.  One attempt
# per botocore call: BudgetRetry retries within the task's time budget.
CLIENT_CONFIG = {
    "connect_timeout": DEFAULT_CONNECT_TIMEOUT,
    "read_timeout": DEFAULT_READ_TIMEOUT,
    "retries": {"total_max_attempts": 1},
}

# Polling while AWS creates the CSR: quick first checks, then every few seconds,
# like botocore's waiters (which poll every 3 s).
POLL_FIRST_DELAY = 1.0
POLL_MAX_DELAY = 5.0


class CaArn(NamedTuple):
    arn: str
    partition: str
    region: str
    account_id: str
    ca_id: str


class InvalidInputError(ValueError):
    """Raised for option values that are wrong before any request is sent."""


class AcmPcaError(AnsibleAWSError):
    """A failed ACM PCA request, with a message that says what to do."""


def retry_decorator(budget: Budget | None = None, *, per_call: bool = True) -> BudgetRetry:
    """Retries throttling, 5xx and unanswered requests within ``budget`` (by default 60 s for each call).

    Use it with CLIENT_CONFIG (one attempt per botocore call), or build the client with module_client().
    """
    return BudgetRetry(budget or Budget(), per_call=per_call)


def _shown(value: str) -> str:
    if len(value) <= _SHOWN_CHARACTERS:
        return repr(value)
    return f"{value[:_SHOWN_CHARACTERS]!r}... ({len(value)} characters)"


def _arn_problem(value: Any) -> str | None:
    """Say what is wrong with a candidate CA ARN, or None when it is well formed."""
    if not isinstance(value, str):
        return f"it is a {type(value).__name__}, not a string; give one ARN per value"
    if not value:
        return "it is empty"
    if len(value) > ARN_MAX_LENGTH:
        return f"it is {len(value)} characters long, and an ARN has at most {ARN_MAX_LENGTH}"
    if value != value.strip():
        return "it has leading or trailing whitespace"
    for position, character in enumerate(value):
        if character.isspace() or not character.isprintable():
            return f"it contains the character {character!r} at position {position}"

    if value.startswith("[") and value.endswith("]"):
        return "it is a list, not a single ARN; give one ARN per task, or use the privateca.aws.acmpca_csr lookup"
    fields = value.split(":", 5)
    if len(fields) != 6 or fields[0] != "arn":
        return "it does not have the six colon-separated fields of an ARN"
    partition, service, region, account, resource = fields[1:]
    if not _PARTITION.fullmatch(partition):
        return f"the partition {partition!r} is not an AWS partition such as 'aws' or 'aws-cn'"
    if service != "acm-pca":
        return f"the service is {service!r}, not 'acm-pca'"
    if not _REGION.fullmatch(region):
        return f"the region {region!r} is not a region name such as 'us-east-1'"
    if not _ACCOUNT.fullmatch(account):
        return f"the account id {account!r} is not 12 digits"
    resource_type, _slash, ca_id = resource.partition("/")
    if resource_type != _RESOURCE_TYPE:
        return f"the resource {resource!r} is not a certificate-authority/<CA id>"
    ca_id, _slash, inside = ca_id.partition("/")
    if inside and _CA_ID.fullmatch(ca_id):
        # ACM PCA names what belongs to a CA under the CA's own ARN, e.g. the certificates it issued.
        ca_arn = value.rsplit(":", 1)[0] + f":{_RESOURCE_TYPE}/{ca_id}"
        kind = "a certificate issued by a CA" if inside.startswith("certificate/") else "something that belongs to a CA"
        return f"it is the ARN of {kind}, not of the CA itself; give the CA's ARN, {ca_arn}"
    if not _CA_ID.fullmatch(ca_id):
        return f"the CA id {ca_id!r} is not a UUID such as 12345678-1234-1234-1234-123456789012"
    return None


def parse_ca_arn(value: Any) -> CaArn:
    """Check a private CA's ARN and split it; raise InvalidInputError when malformed."""
    problem = _arn_problem(value)
    if problem:
        shown = _shown(value) if isinstance(value, str) else _shown(repr(value))
        raise InvalidInputError(
            f"Invalid certificate authority ARN {shown}: {problem}. Expected {ARN_FORM}, for example {ARN_EXAMPLE}."
        )
    fields = value.split(":", 5)
    return CaArn(value, partition=fields[1], region=fields[3], account_id=fields[4], ca_id=fields[5].split("/", 1)[1])


def check_wait_timeout(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInputError(f"wait_timeout must be a whole number of seconds of at least 1, got {value!r}.")
    return value


_REGION_OPTION_NAMES = ("region", "aws_region", "ec2_region")


def explicit_region(module) -> str | None:
    """The region set for this task (as an option or through module_defaults), not one from a profile or the environment.

    module.params holds the AWS_REGION fallback too, so the arguments as Ansible sent them are read again.
    """
    try:
        from ansible.module_utils.basic import _load_params

        sent = _load_params()
    except Exception:  # a module run some other way: its params are all there is
        sent = module.params
    for name in _REGION_OPTION_NAMES:
        if sent.get(name):
            return sent[name]
    return None


def choose_region(ca_arn: CaArn, configured_region: str | None) -> tuple[str, str | None]:
    """A CA lives in the region its ARN names: send the request there, and say so when the configuration disagrees.

    Pass the region set explicitly for the task (explicit_region(module)), so that a profile's or the
    environment's default region, which the user did not set for these tasks, does not warn on every task.
    """
    if configured_region and configured_region != ca_arn.region:
        return ca_arn.region, (
            f"The configured region {configured_region} differs from the region {ca_arn.region} in "
            f"certificate_authority_arn; the request goes to {ca_arn.region}, where the CA lives."
        )
    return ca_arn.region, None


# amazon.aws appends ": <AWS's own message>" to these, so they end without a full stop.
_ERROR_ADVICE = {
    "ResourceNotFoundException": (
        "No private CA {arn} exists in account {account_id} and region {region}; "
        "check the ARN, and that your credentials belong to that account"
    ),
    "InvalidArnException": "AWS rejected the ARN {arn} as invalid; check it against the CA's ARN in the console",
    "InvalidStateException": (
        "The private CA {arn} is in a state that has no CSR to give (for example DELETED or FAILED); "
        "check its status with DescribeCertificateAuthority, then restore or recreate the CA"
    ),
    "RequestFailedException": "AWS failed the request for the CSR of {arn}; retry later",
    "RequestInProgressException": (
        "The CSR of {arn} is still being created; retry later, or set wait: true to poll until it is ready"
    ),
    "AccessDeniedException": (
        "Access denied to the CSR of {arn}: the credentials need the IAM action acm-pca:GetCertificateAuthorityCsr "
        "on this CA (a CA shared through AWS RAM with the default permission does not allow it)"
    ),
}


def module_budget(module) -> Budget:
    """The task's time budget, from its time_budget option when it has one."""
    seconds = module.params.get("time_budget")
    return Budget(check_time_budget(DEFAULT_TIME_BUDGET if seconds is None else seconds))


def module_client(module, region: str | None, budget: Budget, service: str = "acm-pca", *, per_call: bool = False):
    """A client for ``service`` in ``region`` whose every call (with aws_retry=True) keeps within ``budget``.

    module.params is left as the user gave it (it is what invocation.module_args shows); the region
    is put there only while the client is made, which spares amazon.aws a boto3 session to look it up.
    Raises InvalidInputError for aws_config settings botocore does not know.
    """
    try:
        config, user_sets_retries = client_config(module.params.get("aws_config"), budget)
    except ValueError as e:
        raise InvalidInputError(str(e)) from None
    retry = BudgetRetry(budget, retry=not user_sets_retries, read_timeout=config["read_timeout"], per_call=per_call)
    given = module.params.get("region")
    if region:
        module.params["region"] = region
    try:
        return module.client(service, retry_decorator=retry, aws_config=config)
    finally:
        module.params["region"] = given


def exhausted_advice(error: Exception, what: str, region: str, transport_advice: str | None = None) -> str | None:
    """The message for a call that failed after its retries, or None when it was not retried."""
    report = retry_report(error)
    if report is None:
        return None
    tried = report.describe()
    if report.kind == THROTTLED:
        return (
            f"AWS throttled {what} on {tried}; lower the request rate (the lookup's max_concurrency, the play's "
            f"forks, or other jobs calling ACM PCA in {region} with this account), raise time_budget, or ask AWS "
            "for a higher request-rate quota in Service Quotas"
        )
    if report.kind == SERVER_ERROR:
        return (
            f"The ACM PCA endpoint answered {answer_of(error)} to {what} on {tried}; AWS (or whatever answers at "
            "endpoint_url) may be failing: retry later, or raise time_budget"
        )
    if report.kind == NO_ANSWER and transport_advice:
        return f"{transport_advice}; {tried}"
    return None


def error_code(error: Exception) -> str | None:
    """The AWS error code of a botocore ClientError, or None."""
    response = getattr(error, "response", None) or {}
    return response.get("Error", {}).get("Code")


def _transport_advice(error: Exception, ca_arn: CaArn) -> str:
    """Say what to check when the request did not get an answer from AWS."""
    if isinstance(error, botocore.exceptions.ReadTimeoutError):
        return (
            f"The ACM PCA endpoint for {ca_arn.region} did not answer the request for the CSR of {ca_arn.arn} "
            "in time; retry later (aws_config can raise read_timeout, up to time_budget)"
        )
    if isinstance(error, botocore.exceptions.ConnectionClosedError):
        return (
            f"The ACM PCA endpoint for {ca_arn.region} closed the connection without answering the request for "
            f"the CSR of {ca_arn.arn}; retry later, and check endpoint_url and any proxy in between"
        )
    if isinstance(error, botocore.exceptions.ConnectionError):
        return (
            f"Could not connect to the ACM PCA endpoint for {ca_arn.region} to get the CSR of {ca_arn.arn}; "
            "check endpoint_url and the network or proxy settings"
        )
    if isinstance(error, botocore.exceptions.NoCredentialsError):
        return f"No AWS credentials were found to get the CSR of {ca_arn.arn}; set a profile, keys or an IAM role"
    return f"Failed to get the CSR of {ca_arn.arn}"


def _request_csr(client, ca_arn: CaArn) -> str:
    """One GetCertificateAuthorityCsr call, with throttling retried; errors become AcmPcaError."""
    try:
        response = client.get_certificate_authority_csr(CertificateAuthorityArn=ca_arn.arn, aws_retry=True)
    except is_boto3_error_code("RequestInProgressException"):
        raise  # The caller decides whether to wait.
    except botocore.exceptions.ClientError as e:
        template = _ERROR_ADVICE.get(error_code(e), "Failed to get the CSR of {arn}")
        message = exhausted_advice(e, f"the request for the CSR of {ca_arn.arn}", ca_arn.region)
        raise AcmPcaError(message=message or template.format(**ca_arn._asdict()), exception=e) from e
    except (botocore.exceptions.BotoCoreError, botocore.parsers.ResponseParserError) as e:
        advice = _transport_advice(e, ca_arn)
        message = exhausted_advice(e, f"the request for the CSR of {ca_arn.arn}", ca_arn.region, advice)
        raise AcmPcaError(message=message or advice, exception=e) from e
    # botocore turns a 200 whose body is not JSON into an empty result rather than an error.
    if not response.get("Csr"):
        raise AcmPcaError(
            message=f"The endpoint answered the request for the CSR of {ca_arn.arn} without a CSR; "
            "check endpoint_url, or retry later"
        )
    return response["Csr"]


def get_csr(
    client,
    ca_arn: CaArn,
    wait: bool = True,
    wait_timeout: int = 180,
    sleep: Callable[[float], None] | None = None,
    clock: Callable[[], float] | None = None,
    budget: Budget | None = None,
) -> str:
    """Return the CA's PEM CSR, polling while AWS is still creating it when asked to wait.

    With a budget (the one the client's BudgetRetry keeps to), polling may go on until wait_timeout
    after the budget's first request, and stops at once when the budget is stopped.
    """
    clock = clock or (budget.now if budget else time.monotonic)
    sleep = sleep or (budget.sleep if budget else time.sleep)
    deadline = clock() + wait_timeout
    delay = POLL_FIRST_DELAY
    while True:
        try:
            return _request_csr(client, ca_arn)
        except is_boto3_error_code("RequestInProgressException") as e:
            if not wait:
                message = _ERROR_ADVICE["RequestInProgressException"].format(arn=ca_arn.arn)
                raise AcmPcaError(message=message, exception=e) from e
            remaining = deadline - clock()
            if budget is not None:
                # AWS is making progress: waiting for it may last until wait_timeout.
                budget.extend_to(wait_timeout)
                remaining = min(remaining, budget.remaining())
            if remaining <= 0:
                message = (
                    f"Timed out after {wait_timeout} s waiting for AWS to create the CSR of {ca_arn.arn}, "
                    "which is still in progress; raise wait_timeout or retry later"
                )
                raise AcmPcaError(message=message, exception=e) from e
            sleep(min(delay, remaining))
            delay = min(delay * 2, POLL_MAX_DELAY)


def csr_result(ca_arn: CaArn, pem: str) -> dict[str, Any]:
    """What the module returns for one CA (and the lookup with output=info)."""
    result: dict[str, Any] = {"certificate_authority_arn": ca_arn.arn, "csr": pem}
    if _csr_info.HAS_CRYPTOGRAPHY:
        try:
            result["csr_info"] = _csr_info.parse_csr(pem)
        except _csr_info.CsrParseError as e:
            raise AcmPcaError(message=f"AWS returned a CSR for {ca_arn.arn} that cannot be parsed", exception=e) from e
    return result


def missing_cryptography_warning() -> str | None:
    if _csr_info.HAS_CRYPTOGRAPHY:
        return None
    return (
        "The Python library cryptography is not importable on the host that ran this task, so csr_info is left out "
        f"({_csr_info.CRYPTOGRAPHY_IMPORT_ERROR}). Install cryptography there to get the parsed CSR."
    )


def is_deleted(client, ca_arn: CaArn) -> bool:
    """Whether the CA is DELETED (in its restore period), for an InvalidStateException; False when that cannot be told.

    GetCertificateAuthorityCsr answers a deleted CA with InvalidStateException, like a FAILED one;
    only DescribeCertificateAuthority says which (it needs acm-pca:DescribeCertificateAuthority).
    """
    try:
        response = client.describe_certificate_authority(CertificateAuthorityArn=ca_arn.arn, aws_retry=True)
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError):
        return False
    return (response.get("CertificateAuthority") or {}).get("Status") == "DELETED"
