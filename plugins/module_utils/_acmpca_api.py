# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One way for the collection's modules to call ACM PCA: a client, plain error messages, a count of calls.

Private to this collection: the names here may change without notice.

Every module that writes goes through ``AcmPcaApi.call``, so that:
- each documented ACM PCA error becomes a message that says what to do (``AcmPcaError``, which
  ``module.fail_json_aws_error`` turns into amazon.aws's usual ``error`` / ``response_metadata``);
- throttling, 5xx answers and unanswered requests are retried within the task's time budget
  (``_acmpca_retry.Budget``, the ``time_budget`` option where a module offers it, else 60 s), as in
  ``acmpca_csr_info``;
- the operations sent are recorded, so that tests can prove that a rerun makes no write call.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

try:
    import botocore
    import botocore.exceptions
    import botocore.parsers
except ImportError:
    pass  # AnsibleAWSModule reports a missing botocore itself.

from ansible_collections.privateca.aws.plugins.module_utils._acmpca import AcmPcaError
from ansible_collections.privateca.aws.plugins.module_utils._acmpca import InvalidInputError
from ansible_collections.privateca.aws.plugins.module_utils._acmpca import error_code
from ansible_collections.privateca.aws.plugins.module_utils._acmpca import exhausted_advice
from ansible_collections.privateca.aws.plugins.module_utils._acmpca import module_budget
from ansible_collections.privateca.aws.plugins.module_utils._acmpca import module_client
from ansible_collections.privateca.aws.plugins.module_utils._acmpca_retry import Budget

# Operations that change something in AWS. A rerun with unchanged input must send none of them.
WRITE_OPERATIONS = frozenset(
    {
        "CreateCertificateAuthority",
        "CreateCertificateAuthorityAuditReport",
        "CreatePermission",
        "DeleteCertificateAuthority",
        "DeletePermission",
        "DeletePolicy",
        "ImportCertificateAuthorityCertificate",
        "IssueCertificate",
        "PutPolicy",
        "RestoreCertificateAuthority",
        "RevokeCertificate",
        "TagCertificateAuthority",
        "UntagCertificateAuthority",
        "UpdateCertificateAuthority",
    }
)

# Advice for every error the ACM PCA API reference documents, plus the generic AWS ones users meet.
# {operation} is the API call, {subject} what it was about ("the CA arn:..."). amazon.aws appends
# ": <AWS's own message>", so each text ends without a full stop.
ERROR_ADVICE = {
    "AccessDeniedException": (
        "Access denied: the credentials need the IAM action acm-pca:{operation} on {subject} "
        "(a CA shared through AWS RAM allows only what its RAM permission grants)"
    ),
    "CertificateMismatchException": (
        "AWS refused the certificate for {subject}: its public key is not the CA's own (the one in the CA's CSR), "
        "or it was not signed by the first certificate of the chain"
    ),
    "ConcurrentModificationException": (
        "Another request is changing {subject} at the same time; rerun the task once it has finished"
    ),
    "InvalidArgsException": "AWS rejected an argument of {operation} for {subject}; check the values named below",
    "InvalidArnException": "AWS rejected an ARN given for {subject} as invalid; check it against the console",
    "InvalidNextTokenException": "AWS rejected the pagination token of {operation}; rerun the task",
    "InvalidPolicyException": (
        "AWS rejected the policy for {subject}: check its JSON, its principals and its actions "
        "(ACM PCA resource policies allow only acm-pca actions on this CA)"
    ),
    "InvalidRequestException": "AWS rejected {operation} for {subject} as invalid",
    "InvalidStateException": (
        "{subject} is not in a state that allows {operation}; check its status "
        "(privateca.aws.acmpca_certificate_authority_info) and what the call needs"
    ),
    "InvalidTagException": (
        "AWS rejected a tag of {subject}: keys have 1 to 128 characters, values at most 256, "
        "and neither may start with 'aws:'"
    ),
    "LimitExceededException": (
        "An ACM PCA quota was reached by {operation} for {subject} (for example CAs per region or certificates "
        "issued); delete what you no longer need or ask AWS for a higher quota in Service Quotas"
    ),
    "LockoutPreventedException": (
        "AWS refused the policy for {subject} because it would take away your own account's access to the CA; "
        "keep a statement that lets the CA's account manage it"
    ),
    "MalformedCertificateException": (
        "AWS could not parse the certificate given for {subject}; give PEM text that begins with "
        "-----BEGIN CERTIFICATE-----"
    ),
    "MalformedCSRException": "AWS could not parse the CSR given for {subject}; give a PEM certificate signing request",
    "PermissionAlreadyExistsException": (
        "A permission for this principal already exists on {subject}; it was probably created by another run"
    ),
    "RequestAlreadyProcessedException": (
        "AWS already processed this request for {subject} (same idempotency token); nothing more was done"
    ),
    "RequestFailedException": "AWS failed {operation} for {subject}; retry later",
    "RequestInProgressException": (
        "AWS is still processing an earlier request for {subject}; retry later, or let the task wait (wait: true)"
    ),
    "ResourceNotFoundException": (
        "{subject} was not found; check the ARN, the region, and that the credentials belong to the CA's account"
    ),
    "TooManyTagsException": "{subject} would have more than the 50 tags AWS allows; remove some tags",
    "ValidationException": "AWS rejected the values given to {operation} for {subject}",
    "ThrottlingException": (
        "AWS kept throttling {operation} for {subject}; lower the number of parallel tasks (forks) or retry later"
    ),
}


def _snake(operation: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation).lower()


def _sentence(message: str) -> str:
    """The message with a capital first letter: advice that starts with {subject} reads "the CA ..."."""
    return message[:1].upper() + message[1:]


def transport_advice(error: Exception, operation: str, subject: str) -> str:
    """What to check when a request got no answer from AWS."""
    if isinstance(error, botocore.exceptions.ReadTimeoutError):
        return f"The ACM PCA endpoint did not answer {operation} for {subject} in time; retry later"
    if isinstance(error, botocore.exceptions.ConnectionClosedError):
        return (
            f"The ACM PCA endpoint closed the connection during {operation} for {subject}; retry later, "
            "and check endpoint_url and any proxy in between"
        )
    if isinstance(error, botocore.exceptions.ConnectionError):
        return (
            f"Could not connect to the ACM PCA endpoint for {operation} on {subject}; "
            "check endpoint_url and the network or proxy settings"
        )
    if isinstance(error, botocore.exceptions.NoCredentialsError):
        return f"No AWS credentials were found for {operation} on {subject}; set a profile, keys or an IAM role"
    return f"{operation} failed for {subject}"


class AcmPcaApi:
    """A boto3 ``acm-pca`` client whose calls are retried, recorded and turned into plain errors."""

    def __init__(self, client, region: str | None = None) -> None:
        self.client = client
        self.region = region or "the configured region"
        self.operations: list[str] = []

    @property
    def write_operations(self) -> list[str]:
        return [name for name in self.operations if name in WRITE_OPERATIONS]

    def call(self, operation: str, subject: str, *, expected: tuple[str, ...] = (), **params: Any) -> dict[str, Any]:
        """Send one API call, named as AWS names it (``DescribeCertificateAuthority``).

        Errors whose codes are in ``expected`` are raised as botocore's ClientError for the caller
        to handle (``is_boto3_error_code``); every other error becomes an AcmPcaError.
        """
        self.operations.append(operation)
        method = getattr(self.client, _snake(operation))
        try:
            return method(aws_retry=True, **params)
        except botocore.exceptions.ClientError as e:
            code = error_code(e)
            if code in expected:
                raise
            template = ERROR_ADVICE.get(code, "{operation} failed for {subject}")
            message = exhausted_advice(e, f"{operation} for {subject}", self.region)
            message = message or template.format(operation=operation, subject=subject)
            raise AcmPcaError(message=_sentence(message), exception=e) from e
        except (botocore.exceptions.BotoCoreError, botocore.parsers.ResponseParserError) as e:
            advice = transport_advice(e, operation, subject)
            message = exhausted_advice(e, f"{operation} for {subject}", self.region, advice)
            raise AcmPcaError(message=_sentence(message or advice), exception=e) from e

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


def module_api(module, region: str | None = None, *, budget: Budget | None = None, per_call: bool = True) -> AcmPcaApi:
    """An AcmPcaApi for an AnsibleAWSModule, in ``region`` (the CA ARN's) or the module's configured one.

    Each call's retries and their backoff keep within ``budget``: by default the module's ``time_budget``
    option (argument spec ``_acmpca_retry.TIME_BUDGET_ARGUMENT_SPEC``, doc fragment
    ``privateca.aws.acmpca.time_budget``) or 60 s. With ``per_call`` (the default) every call gets the
    whole budget from its own first attempt, so that a module polling for minutes still retries a late
    throttle; pass ``per_call=False`` for one deadline shared by all calls of the task. aws_config's retries
    and timeouts are honoured (see ``_acmpca_retry.client_config``). module.params is not changed, so
    invocation.module_args shows what the user gave.
    """
    try:
        budget = budget or module_budget(module)
        client = module_client(module, region, budget, per_call=per_call)
    except (InvalidInputError, ValueError) as e:
        module.fail_json(msg=str(e))
    return AcmPcaApi(client, region or module.params.get("region"))
