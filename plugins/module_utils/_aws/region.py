# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one region rule of every module and lookup of the collection.

A resource lives in the region its ARN names, so a request about an ARN the user gave goes there.
No warning is given for that, except when a region set for the task itself (the ``region`` option,
or module_defaults) names another region: then the task warns that the ARN's region wins. A region
from a profile or the environment (AWS_REGION, AWS_DEFAULT_REGION) is not set for the task, and a
lookup's ``region`` is the region to read from when a term does not say, so neither warns.

Private to this collection: the names here may change without notice.
"""

from __future__ import annotations

import os

from ansible.module_utils.common.warnings import warn

_ENVIRONMENT_REGIONS = ("AWS_REGION", "AWS_DEFAULT_REGION")


def task_region(module) -> str | None:
    """The region set for this task (option or module_defaults), not one from the environment.

    amazon.aws fills ``region`` from AWS_REGION and AWS_DEFAULT_REGION when the task does not set it,
    so a value equal to those is taken as theirs. module.params is only read.
    """
    region = module.params.get("region")
    if not region or region in {os.environ.get(name) for name in _ENVIRONMENT_REGIONS}:
        return None
    return region


def arn_region(
    arn_region_name: str, set_region: str | None, what: str = "certificate_authority_arn"
) -> tuple[str, str | None]:
    """The region to send a request about an ARN to, and a warning when a region set for the task disagrees."""
    if set_region and set_region != arn_region_name:
        return arn_region_name, (
            f"The configured region {set_region} differs from the region {arn_region_name} in {what}; the request "
            f"goes to {arn_region_name}, where the CA lives."
        )
    return arn_region_name, None


def module_region(module, ca_arn) -> str | None:
    """The region for a module's requests about ``ca_arn`` (None without an ARN: the configured region applies).

    The warning goes through ansible-core's own warn(), as AnsibleModule.warn does: amazon.aws's warn()
    would pass ``warnings`` to exit_json, which ansible-core 2.19 deprecates.
    """
    if ca_arn is None:
        return None
    region, warning = arn_region(ca_arn.region, task_region(module))
    if warning:
        warn(warning)
    return region
