# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every module's main() does before its own work: send requests to the CA's region, through AwsApi.

Private to this collection: the names here may change without notice.
"""

from __future__ import annotations

from ansible_collections.privateca.aws.plugins.module_utils._aws.arn import CaArn
from ansible_collections.privateca.aws.plugins.module_utils._aws.client import AwsApi
from ansible_collections.privateca.aws.plugins.module_utils._aws.client import module_api
from ansible_collections.privateca.aws.plugins.module_utils._aws.region import module_region
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import Budget


def ca_api(module, ca_arn: CaArn | None, *, budget: Budget | None = None, service: str = "acm-pca") -> AwsApi:
    """An AwsApi in the CA's region (the one region rule: ``_aws.region``), within the task's time budget."""
    return module_api(module, module_region(module, ca_arn), service=service, budget=budget)


def exit_with_diff(module, result: dict) -> None:
    """End the task with ``result``; its ``diff`` (before/after) is returned only in diff mode."""
    diff = result.pop("diff", None)
    if module._diff and diff is not None:
        result["diff"] = diff
    module.exit_json(**result)
