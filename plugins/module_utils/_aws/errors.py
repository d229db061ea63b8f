# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The errors of the call layer, and the one place that says what a failed request means.

Private to this collection: the names here may change without notice.
"""

from __future__ import annotations

try:
    import botocore
    import botocore.exceptions
except ImportError:
    pass  # AnsibleAWSModule and the lookup report a missing botocore themselves.

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError

from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import NO_ANSWER
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import SERVER_ERROR
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import THROTTLED
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import answer_of
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import retry_report


class AwsCallError(AnsibleAWSError):
    """A failed AWS request, with a message that says what to do (``module.fail_json_aws_error`` reports it)."""


# The name the task files have always used.
AcmPcaError = AwsCallError


class InvalidInputError(ValueError):
    """Raised for option values that are wrong before any request is sent."""


def error_code(error: Exception) -> str | None:
    """The AWS error code of a botocore ClientError, or None."""
    response = getattr(error, "response", None) or {}
    return response.get("Error", {}).get("Code")


def transport_advice(error: Exception, endpoint: str, what: str) -> str:
    """What to check when a request got no answer: ``endpoint`` is "the ACM PCA endpoint for us-east-1"."""
    if isinstance(error, botocore.exceptions.ReadTimeoutError):
        return (
            f"{endpoint[:1].upper()}{endpoint[1:]} did not answer {what} in time; retry later "
            "(aws_config can raise read_timeout, up to time_budget)"
        )
    if isinstance(error, botocore.exceptions.ConnectionClosedError):
        return (
            f"{endpoint[:1].upper()}{endpoint[1:]} closed the connection without answering {what}; retry later, "
            "and check endpoint_url and any proxy in between"
        )
    if isinstance(error, botocore.exceptions.ConnectionError):
        return f"Could not connect to {endpoint} for {what}; check endpoint_url and the network or proxy settings"
    if isinstance(error, botocore.exceptions.NoCredentialsError):
        return f"No AWS credentials were found for {what}; set a profile, keys or an IAM role"
    return ""


def exhausted_advice(error: Exception, what: str, label: str, region: str, advice: str | None = None) -> str | None:
    """The message for a call that failed after its retries, or None when it was not retried (``label``: "ACM PCA")."""
    report = retry_report(error)
    if report is None:
        return None
    tried = report.describe()
    if report.kind == THROTTLED:
        return (
            f"AWS throttled {what} on {tried}; lower the request rate (the lookup's max_concurrency, the play's "
            f"forks, or other jobs calling {label} in {region} with this account), raise time_budget, or ask "
            "AWS for a higher request-rate quota in Service Quotas"
        )
    if report.kind == SERVER_ERROR:
        return (
            f"The {label} endpoint answered {answer_of(error)} to {what} on {tried}; AWS (or "
            "whatever answers at endpoint_url) may be failing: retry later, or raise time_budget"
        )
    if report.kind == NO_ANSWER and advice:
        return f"{advice}; {tried}"
    return None
