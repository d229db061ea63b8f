#!/usr/bin/python
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Test helper of acmpca_certificate_authority_by_name: makes or deletes many CAs with a Name tag, with boto3.

As a user's other tooling would, and in one task (a loop of modules would take minutes). Options:
endpoint_url, region, access_key, secret_key, prefix, and count (state present: CAs <prefix>-<n> for n from
start to count - 1, ROOT with an EC key) or state absent (every CA of the region whose Name tag starts with
prefix and that is not DELETED yet). Returns arns. Not part of the collection.
"""

import traceback

from ansible.module_utils.basic import AnsibleModule

try:
    import boto3
    import botocore.exceptions
except ImportError:
    IMPORT_ERROR = traceback.format_exc()
else:
    IMPORT_ERROR = None


def main():
    module = AnsibleModule(
        argument_spec=dict(
            prefix=dict(type="str", required=True),
            state=dict(type="str", choices=["present", "absent"], default="present"),
            start=dict(type="int", default=0),
            count=dict(type="int", default=0),
            endpoint_url=dict(type="str"),
            region=dict(type="str", required=True),
            access_key=dict(type="str", required=True),
            secret_key=dict(type="str", required=True, no_log=True),
            session_token=dict(type="str", no_log=True),
        ),
    )
    if IMPORT_ERROR:
        module.fail_json(msg="boto3 is required", exception=IMPORT_ERROR)
    params = module.params
    client = boto3.client(
        "acm-pca",
        endpoint_url=params["endpoint_url"],
        region_name=params["region"],
        aws_access_key_id=params["access_key"],
        aws_secret_access_key=params["secret_key"],
        aws_session_token=params["session_token"],
    )
    arns = []
    try:
        if params["state"] == "present":
            for number in range(params["start"], params["count"]):
                arns.append(
                    client.create_certificate_authority(
                        CertificateAuthorityType="ROOT",
                        CertificateAuthorityConfiguration={
                            "KeyAlgorithm": "EC_prime256v1",
                            "SigningAlgorithm": "SHA256WITHECDSA",
                            "Subject": {"CommonName": f"{params['prefix']}-{number}"},
                        },
                        Tags=[{"Key": "Name", "Value": f"{params['prefix']}-{number}"}],
                    )["CertificateAuthorityArn"]
                )
        else:
            for page in client.get_paginator("list_certificate_authorities").paginate():
                for ca in page["CertificateAuthorities"]:
                    if ca["Status"] == "DELETED":
                        continue
                    tags = client.list_tags(CertificateAuthorityArn=ca["Arn"])["Tags"]
                    name = next((tag["Value"] for tag in tags if tag["Key"] == "Name"), "")
                    if not name.startswith(params["prefix"]):
                        continue
                    if ca["Status"] == "ACTIVE":
                        client.update_certificate_authority(CertificateAuthorityArn=ca["Arn"], Status="DISABLED")
                    client.delete_certificate_authority(
                        CertificateAuthorityArn=ca["Arn"], PermanentDeletionTimeInDays=7
                    )
                    arns.append(ca["Arn"])
    except botocore.exceptions.ClientError as e:
        module.fail_json(msg=f"{e}", arns=arns)
    module.exit_json(changed=bool(arns), arns=arns)


if __name__ == "__main__":
    main()
