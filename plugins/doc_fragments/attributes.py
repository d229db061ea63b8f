# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# The attributes every module of this collection documents, in the style of community.crypto and
# community.docker. How to use them:
#
#   a module that writes:  extends_documentation_fragment:
#                            - privateca.aws.attributes
#                            - privateca.aws.attributes.actiongroup_aws
#   an info module:        extends_documentation_fragment:
#                            - privateca.aws.attributes.info_module
#                            - privateca.aws.attributes.actiongroup_aws
#
# INFO_MODULE is complete on its own; use it INSTEAD of the plain fragment, not with it: when two
# fragments set the same attribute, ansible-doc keeps the one listed first, so listing both would make
# the result depend on their order.


class ModuleDocFragment:
    # For modules that change AWS resources: check mode and diff mode are fully supported, and a
    # second run with the same options reports no change and sends no write call.
    DOCUMENTATION = r"""
options: {}
attributes:
  check_mode:
    description: Can run in C(check_mode) and return changed status prediction without modifying target.
    support: full
    details:
      - Check mode sends no write call to AWS; it only reads what is there and reports what would change.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in C(check_mode)), when in diff mode.
    support: full
  idempotent:
    description:
      - When run twice in a row outside check mode, with the same arguments, the second invocation indicates no change.
      - This assumes that the system controlled/queried by the module has not changed in a relevant way.
    support: full
    details:
      - The second run sends no write call to AWS.
"""

    # For modules that only read: complete on its own (use it instead of DOCUMENTATION).
    INFO_MODULE = r"""
options: {}
attributes:
  check_mode:
    description: Can run in C(check_mode) and return changed status prediction without modifying target.
    support: full
    details:
      - This action does not modify state.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in C(check_mode)), when in diff mode.
    support: N/A
    details:
      - This action does not modify state.
  idempotent:
    description:
      - When run twice in a row outside check mode, with the same arguments, the second invocation indicates no change.
      - This assumes that the system controlled/queried by the module has not changed in a relevant way.
    support: full
    details:
      - This action does not modify state.
"""

    # Every module of this collection is in the action group privateca.aws.aws (meta/runtime.yml).
    ACTIONGROUP_AWS = r"""
options: {}
attributes:
  action_group:
    description: Use C(group/privateca.aws.aws) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - privateca.aws.aws
"""
