# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every module's main() does before its own work: send requests to the CA's region, through AcmPcaApi.

Private to this collection: the names here may change without notice.
"""

from __future__ import annotations

from ansible_collections.privateca.aws.plugins.module_utils._acmpca import CaArn
from ansible_collections.privateca.aws.plugins.module_utils._acmpca import choose_region
from ansible_collections.privateca.aws.plugins.module_utils._acmpca import explicit_region
from ansible_collections.privateca.aws.plugins.module_utils._acmpca_api import AcmPcaApi
from ansible_collections.privateca.aws.plugins.module_utils._acmpca_api import module_api
from ansible_collections.privateca.aws.plugins.module_utils._acmpca_retry import Budget


def ca_region(module, ca_arn: CaArn | None) -> str | None:
    """The region of the CA's ARN (None without an ARN: the module's configured region applies).

    Warns only when the task itself set a different region (the option or module_defaults); a region
    from a profile or the environment is replaced silently, as the user did not set it for these tasks.
    module.params is left alone, so invocation.module_args shows what the user passed.
    """
    if ca_arn is None:
        return None
    region, warning = choose_region(ca_arn, explicit_region(module))
    if warning:
        module.warn(warning)
    return region


def ca_api(module, ca_arn: CaArn | None, *, budget: Budget | None = None, per_call: bool = True) -> AcmPcaApi:
    """An AcmPcaApi in the CA's region (see ca_region), within the task's time budget (see module_api)."""
    return module_api(module, ca_region(module, ca_arn), budget=budget, per_call=per_call)


def exit_with_diff(module, result: dict) -> None:
    """End the task with ``result``; its ``diff`` (before/after) is returned only in diff mode."""
    diff = result.pop("diff", None)
    if module._diff and diff is not None:
        result["diff"] = diff
    module.exit_json(**result)
