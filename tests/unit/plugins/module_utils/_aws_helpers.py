# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers shared by the unit tests: a client error, and an AwsApi around a fake client with the retry layer."""

from __future__ import annotations

from botocore.exceptions import ClientError

from ansible_collections.amazon.aws.plugins.module_utils.retries import RetryingBotoClientWrapper

from ansible_collections.privateca.aws.plugins.module_utils._aws.client import AwsApi
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import Budget
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import BudgetRetry


def client_error(code: str, operation: str = "Operation", message: str | None = None, status: int = 400) -> ClientError:
    """A botocore ClientError as AWS answers it."""
    return ClientError(
        {"Error": {"Code": code, "Message": message or f"{code} from AWS"}, "ResponseMetadata": {"HTTPStatusCode": status}},
        operation,
    )


def api_for(client, region: str = "us-east-1", *, service: str = "acm-pca", budget: Budget | None = None) -> AwsApi:
    """An AwsApi around ``client`` with the retry layer in the path, as connect() makes it."""
    budget = budget or Budget()
    return AwsApi(RetryingBotoClientWrapper(client, BudgetRetry(budget)), region, service=service, budget=budget)
