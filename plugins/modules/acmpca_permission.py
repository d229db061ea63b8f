#!/usr/bin/python
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: acmpca_permission
short_description: Let an AWS service use a private CA of AWS Private CA
version_added: 0.2.0
description:
  - Grants or revokes a permission on a private CA of AWS Private CA (ACM PCA) for an AWS service
    principal, with the API calls C(CreatePermission) and C(DeletePermission).
  - The usual one lets AWS Certificate Manager (C(acm.amazonaws.com)) renew the private certificates it
    issued from the CA, without which ACM cannot renew them automatically.
  - The module reads the CA's permissions with C(ListPermissions). The same permission is no change, and
    sends no write call. A permission for the same principal and source account with other actions is
    replaced, deleted then created, because the API has no call to change one; the task reports a change.
  - A CA exists in one region only, and its ARN names that region. The requests always go to the ARN's
    region. When a different region is set for the task (O(region), directly or through
    C(module_defaults)), the module warns and uses the ARN's; a default region from a profile or the
    environment is replaced silently.
author:
  - privateca.aws maintainers (@privateca)
options:
  principal:
    description:
      - The AWS service principal that gets the permission. AWS accepts C(acm.amazonaws.com) only.
    type: str
    default: acm.amazonaws.com
  actions:
    description:
      - The actions that the principal may perform on the CA.
      - Their order and any duplicates do not matter.
      - Ignored when O(state=absent).
    type: list
    elements: str
    choices: [IssueCertificate, GetCertificate, ListPermissions]
    default: [IssueCertificate, GetCertificate, ListPermissions]
  source_account:
    description:
      - The ID of the account (12 digits) from which the principal acts on the CA.
      - When not set, the CA's own account, the one in O(certificate_authority_arn).
    type: str
  state:
    description:
      - V(present) makes sure the permission exists with exactly O(actions).
      - V(absent) deletes the permission of O(principal) and O(source_account); a missing one is no change.
    type: str
    choices: [present, absent]
    default: present
notes:
  - The credentials need the IAM actions C(acm-pca:ListPermissions), and C(acm-pca:CreatePermission) or
    C(acm-pca:DeletePermission) on the CA.
  - AWS allows permissions on a CA only in its own account; to share a CA with another account, use a
    resource policy (M(privateca.aws.acmpca_policy)) and AWS RAM.
  - Requests that AWS throttles, that fail with a server error or that get no answer are retried within
    O(time_budget).
seealso:
  - module: privateca.aws.acmpca_policy
  - name: CreatePermission API reference
    description: The AWS API call that grants the permission.
    link: https://docs.aws.amazon.com/privateca/latest/APIReference/API_CreatePermission.html
  - name: Assign certificate renewal permissions to ACM
    description: Why ACM needs this permission to renew private certificates.
    link: https://docs.aws.amazon.com/privateca/latest/userguide/assign-permissions.html
extends_documentation_fragment:
  - privateca.aws.acmpca.certificate_authority_arn
  - privateca.aws.acmpca.time_budget
  - privateca.aws.acmpca.requirements
  - privateca.aws.attributes
  - privateca.aws.attributes.actiongroup_aws
  - amazon.aws.common.modules
  - amazon.aws.region.modules
"""

EXAMPLES = r"""
- name: Let AWS Certificate Manager renew the certificates it issues from the CA
  privateca.aws.acmpca_permission:
    certificate_authority_arn: arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012

- name: Let ACM get certificates only
  privateca.aws.acmpca_permission:
    arn: "{{ ca_arn }}"
    actions: [GetCertificate, ListPermissions]

- name: Revoke ACM's permission
  privateca.aws.acmpca_permission:
    arn: "{{ ca_arn }}"
    state: absent
"""

RETURN = r"""
permission:
  description:
    - The permission, with the keys of C(ListPermissions) in snake_case; V({}) after O(state=absent).
    - In check mode, the permission as it would be, without RV(permission.created_at) and RV(permission.policy).
  returned: success
  type: dict
  contains:
    actions:
      description: The actions the principal may perform, sorted.
      returned: when the permission exists
      type: list
      elements: str
      sample: [GetCertificate, IssueCertificate, ListPermissions]
    certificate_authority_arn:
      description: The CA's ARN.
      returned: when the permission exists
      type: str
      sample: arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012
    created_at:
      description: When the permission was created, in ISO 8601 format.
      returned: when the permission exists, and not in check mode
      type: str
      sample: "2026-11-29T12:00:00+00:00"
    policy:
      description: The resource policy that AWS made for the permission, as a JSON string.
      returned: when the permission exists and AWS returns it
      type: str
    principal:
      description: The service principal.
      returned: when the permission exists
      type: str
      sample: acm.amazonaws.com
    source_account:
      description: The account from which the principal acts.
      returned: when the permission exists
      type: str
      sample: "123456789012"
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.privateca.aws.plugins.module_utils._aws.arn import CA_ARN_ARGUMENT_SPEC
from ansible_collections.privateca.aws.plugins.module_utils._aws.arn import parse_ca_arn
from ansible_collections.privateca.aws.plugins.module_utils._aws.client import module_budget
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import AcmPcaError
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import InvalidInputError
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import TIME_BUDGET_ARGUMENT_SPEC
from ansible_collections.privateca.aws.plugins.module_utils._module import ca_api
from ansible_collections.privateca.aws.plugins.module_utils._module import exit_with_diff
from ansible_collections.privateca.aws.plugins.module_utils._permission import VALID_ACTIONS
from ansible_collections.privateca.aws.plugins.module_utils._permission import PermissionManager
from ansible_collections.privateca.aws.plugins.module_utils._permission import check_actions
from ansible_collections.privateca.aws.plugins.module_utils._permission import check_principal
from ansible_collections.privateca.aws.plugins.module_utils._permission import check_source_account


def main():
    argument_spec = dict(
        **CA_ARN_ARGUMENT_SPEC,
        principal=dict(type="str", default="acm.amazonaws.com"),
        actions=dict(type="list", elements="str", choices=list(VALID_ACTIONS), default=list(VALID_ACTIONS)),
        source_account=dict(type="str"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        **TIME_BUDGET_ARGUMENT_SPEC,
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)

    try:
        ca_arn = parse_ca_arn(module.params["certificate_authority_arn"])
        principal = check_principal(module.params["principal"])
        actions = check_actions(module.params["actions"])
        source_account = check_source_account(module.params["source_account"])
        budget = module_budget(module)
    except (InvalidInputError, ValueError) as e:
        module.fail_json(msg=str(e))

    manager = PermissionManager(ca_api(module, ca_arn, budget=budget), ca_arn, principal, source_account)

    try:
        if module.params["state"] == "present":
            outcome = manager.ensure_present(actions, module.check_mode)
        else:
            outcome = manager.ensure_absent(module.check_mode)
    except AcmPcaError as e:
        module.fail_json_aws_error(e)

    exit_with_diff(module, outcome)


if __name__ == "__main__":
    main()
