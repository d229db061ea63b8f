#!/usr/bin/python
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: acmpca_policy
short_description: Set or delete the resource policy of a private CA of AWS Private CA
version_added: 0.2.0
description:
  - Sets or deletes the resource-based policy of a private CA of AWS Private CA (ACM PCA), with the API calls
    C(GetPolicy), C(PutPolicy) and C(DeletePolicy).
  - A resource policy lets other AWS accounts use the CA, for example to issue certificates from it.
    AWS Resource Access Manager (RAM) writes such a policy when you share the CA with RAM; this module
    sets one yourself, for a share across accounts without RAM or with RAM's customer-managed permissions.
  - Policies are compared as amazon.aws compares them, whatever the order of statements, lists and keys;
    an equivalent policy is no change and sends no write call.
  - A CA exists in one region only, and its ARN names that region. The requests always go to the ARN's
    region. When a different region is set for the task (O(region), directly or through
    C(module_defaults)), the module warns and uses the ARN's; a default region from a profile or the
    environment is replaced silently.
author:
  - privateca.aws maintainers (@privateca)
options:
  certificate_authority_arn:
    description:
      - The ARN of the private CA, of the form
        C(arn:<partition>:acm-pca:<region>:<account id>:certificate-authority/<CA id>).
      - Checked before any request is sent; a malformed value fails the task.
      - The option is named as in every other module of the collection; C(resource_arn), its name in the
        API's C(PutPolicy) and this module's earlier name, stays an alias.
    type: str
    required: true
    aliases: [resource_arn, arn]
  policy:
    description:
      - The policy, as a dictionary or as JSON text (for example from a file lookup).
      - Required when O(state=present). Its JSON is checked before any request is sent; a mistake fails the
        task with its line and column.
      - AWS accepts a policy of at most 20480 characters.
    type: json
  state:
    description:
      - V(present) makes sure the CA has O(policy); V(absent) deletes the CA's policy, and is no change when
        it has none.
    type: str
    choices: [present, absent]
    default: present
notes:
  - The credentials need the IAM actions C(acm-pca:GetPolicy), C(acm-pca:DescribeCertificateAuthority) (read
    only when the CA has no policy, to tell a CA without one from a missing CA), and C(acm-pca:PutPolicy) or
    C(acm-pca:DeletePolicy) on the CA.
  - AWS refuses a policy that would lock the CA's own account out (C(LockoutPreventedException)), and a
    policy with other principals or actions than ACM PCA allows (C(InvalidPolicyException)); the task fails
    and says so.
  - Requests that AWS throttles, that fail with a server error or that get no answer are retried within
    O(time_budget).
seealso:
  - module: privateca.aws.acmpca_permission
  - name: PutPolicy API reference
    description: The AWS API call that sets the policy, with the policy's rules.
    link: https://docs.aws.amazon.com/privateca/latest/APIReference/API_PutPolicy.html
  - name: Resource-based policies for AWS Private CA
    description: Sharing a CA with other accounts, with and without AWS RAM.
    link: https://docs.aws.amazon.com/privateca/latest/userguide/pca-rbp.html
extends_documentation_fragment:
  - privateca.aws.acmpca.time_budget
  - privateca.aws.acmpca.requirements
  - privateca.aws.attributes
  - privateca.aws.attributes.actiongroup_aws
  - amazon.aws.common.modules
  - amazon.aws.region.modules
"""

EXAMPLES = r"""
- name: Let account 555555555555 issue end-entity certificates from the CA
  privateca.aws.acmpca_policy:
    certificate_authority_arn: "{{ ca_arn }}"
    policy:
      Version: "2012-10-17"
      Statement:
        - Sid: CrossAccountRead
          Effect: Allow
          Principal:
            AWS: "555555555555"
          Action:
            - acm-pca:DescribeCertificateAuthority
            - acm-pca:GetCertificate
            - acm-pca:GetCertificateAuthorityCertificate
            - acm-pca:ListPermissions
            - acm-pca:ListTags
          Resource: "{{ ca_arn }}"
        - Sid: CrossAccountIssue
          Effect: Allow
          Principal:
            AWS: "555555555555"
          Action: acm-pca:IssueCertificate
          Resource: "{{ ca_arn }}"
          Condition:
            StringEquals:
              acm-pca:TemplateArn: arn:aws:acm-pca:::template/EndEntityCertificate/V1

- name: Set the policy kept in a file
  privateca.aws.acmpca_policy:
    certificate_authority_arn: "{{ ca_arn }}"
    policy: "{{ lookup('ansible.builtin.file', 'policies/ca-share.json') }}"

- name: Delete the CA's policy
  privateca.aws.acmpca_policy:
    certificate_authority_arn: "{{ ca_arn }}"
    state: absent
"""

RETURN = r"""
policy:
  description:
    - The CA's policy after the task, as a dictionary; V(null) when the CA has none.
    - In check mode, the policy as it would be.
  returned: success
  type: dict
  sample:
    Version: "2012-10-17"
    Statement:
      - Effect: Allow
        Principal: {AWS: "555555555555"}
        Action: acm-pca:IssueCertificate
        Resource: arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.privateca.aws.plugins.module_utils._aws.arn import parse_ca_arn
from ansible_collections.privateca.aws.plugins.module_utils._aws.client import module_budget
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import AcmPcaError
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import InvalidInputError
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import TIME_BUDGET_ARGUMENT_SPEC
from ansible_collections.privateca.aws.plugins.module_utils._module import ca_api
from ansible_collections.privateca.aws.plugins.module_utils._module import exit_with_diff
from ansible_collections.privateca.aws.plugins.module_utils._policy import PolicyManager
from ansible_collections.privateca.aws.plugins.module_utils._policy import parse_policy


def main():
    argument_spec = dict(
        certificate_authority_arn=dict(type="str", required=True, aliases=["resource_arn", "arn"]),
        policy=dict(type="json"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        **TIME_BUDGET_ARGUMENT_SPEC,
    )
    module = AnsibleAWSModule(
        argument_spec=argument_spec,
        required_if=[("state", "present", ["policy"])],
        supports_check_mode=True,
    )

    try:
        ca_arn = parse_ca_arn(module.params["certificate_authority_arn"])
        wanted = parse_policy(module.params["policy"]) if module.params["state"] == "present" else None
        budget = module_budget(module)
    except (InvalidInputError, ValueError) as e:
        module.fail_json(msg=str(e))

    manager = PolicyManager(ca_api(module, ca_arn, budget=budget), ca_arn)

    try:
        if module.params["state"] == "present":
            outcome = manager.ensure_present(wanted, module.check_mode)
        else:
            outcome = manager.ensure_absent(module.check_mode)
    except AcmPcaError as e:
        module.fail_json_aws_error(e)

    exit_with_diff(module, outcome)


if __name__ == "__main__":
    main()
