#!/usr/bin/python
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Test helper: one ACM or ACM PCA API call with boto3, for the acm_private_certificate target only.

The target uses it to make and activate a CA and to read back what ACM holds, independently of the module under
test. It is not part of the collection. Options: service (acm or acm-pca), operation (a boto3 method name),
parameters (its keyword arguments), endpoint_url (none: AWS's), region, access_key, secret_key, session_token.
Returns the answer as response, without ResponseMetadata, with datetimes and bytes as strings.
"""

import datetime
import traceback

from ansible.module_utils.basic import AnsibleModule

try:
    import boto3
    import botocore.exceptions
except ImportError:
    IMPORT_ERROR = traceback.format_exc()
else:
    IMPORT_ERROR = None

# Operations that change something; the rest only read.
CHANGING_PREFIXES = (
    "create_",
    "delete_",
    "import_",
    "update_",
    "put_",
    "tag_",
    "untag_",
    "issue_",
    "revoke_",
    "request_",
    "renew_",
    "export_",
    "add_",
    "remove_",
)


def json_safe(value):
    if isinstance(value, dict):
        return {key: json_safe(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_safe(item) for item in value]
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode()
    return value


def main():
    module = AnsibleModule(
        argument_spec=dict(
            service=dict(type="str", choices=["acm", "acm-pca"], default="acm"),
            operation=dict(type="str", required=True),
            parameters=dict(type="dict", default={}),
            endpoint_url=dict(type="str"),
            region=dict(type="str", required=True),
            access_key=dict(type="str", required=True),
            secret_key=dict(type="str", required=True, no_log=True),
            session_token=dict(type="str", no_log=True),
        ),
    )
    if IMPORT_ERROR:
        module.fail_json(msg="boto3 is required", exception=IMPORT_ERROR)

    client = boto3.client(
        module.params["service"],
        endpoint_url=module.params["endpoint_url"] or None,
        region_name=module.params["region"],
        aws_access_key_id=module.params["access_key"],
        aws_secret_access_key=module.params["secret_key"],
        aws_session_token=module.params["session_token"],
    )
    operation = module.params["operation"]
    try:
        response = getattr(client, operation)(**module.params["parameters"])
    except botocore.exceptions.ClientError as e:
        module.fail_json(msg=f"{operation} failed: {e}", error=json_safe(e.response.get("Error", {})))
    response.pop("ResponseMetadata", None)
    response.pop("PrivateKey", None)  # never into a test's output
    module.exit_json(changed=operation.startswith(CHANGING_PREFIXES), response=json_safe(response))


if __name__ == "__main__":
    main()
