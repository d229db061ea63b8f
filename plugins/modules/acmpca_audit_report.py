#!/usr/bin/python
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: acmpca_audit_report
short_description: Create an audit report of a private CA of AWS Private CA, and read what it lists
version_added: 0.2.0
description:
  - Creates an audit report of a private CA of AWS Private CA (ACM PCA) with the API call
    C(CreateCertificateAuthorityAuditReport). AWS writes it to an S3 bucket, as JSON or CSV.
  - The audit report is the only way the API offers to list the certificates that a CA issued and revoked.
    With O(fetch=true) the module reads the report back from S3 and returns its rows as RV(certificates), the
    same whatever O(format), so that a playbook can list and filter what the CA issued in one task.
  - With O(wait=true) the module polls C(DescribeCertificateAuthorityAuditReport) until AWS has written the
    report, for at most O(wait_timeout) seconds.
  - Every run creates a new report and reports a change. AWS allows one report every 30 minutes per CA.
  - A CA exists in one region only, and its ARN names that region. The requests, to S3 as well, go to the
    ARN's region. When a different region is set for the task (O(region), directly or through
    C(module_defaults)), the module warns and uses the ARN's; a default region from a profile or the
    environment is replaced silently.
author:
  - privateca.aws maintainers (@privateca)
options:
  s3_bucket_name:
    description:
      - The name of the S3 bucket that AWS writes the report to, under C(audit-report/<CA id>/).
      - Its bucket policy must let the service principal C(acm-pca.amazonaws.com) write to it; see the notes.
    type: str
    required: true
  format:
    description:
      - The report's format in S3 (the API's C(AuditReportResponseFormat)).
      - RV(certificates) has the same shape for both.
    type: str
    choices: [JSON, CSV]
    default: JSON
  wait:
    description:
      - Wait until AWS has written the report (status C(SUCCESS)); fail when AWS could not (C(FAILED)).
      - When V(false), return once the report is requested, with status C(CREATING).
      - O(fetch=true) waits whatever this option says.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait for the report, at least 1. A report that is not written after this time
        is a failure; AWS still writes it later.
    type: int
    default: 300
  fetch:
    description:
      - Read the report from S3 and return its rows as RV(certificates).
    type: bool
    default: false
notes:
  - The credentials need the IAM actions C(acm-pca:CreateCertificateAuthorityAuditReport) and
    C(acm-pca:DescribeCertificateAuthorityAuditReport) on the CA, and with O(fetch=true) C(s3:GetObject) on
    C(arn:aws:s3:::<bucket>/audit-report/*) (and C(kms:Decrypt) when the bucket encrypts with a KMS key).
  - "The bucket's policy must let AWS Private CA write the report: a statement that allows the principal
    C({\"Service\": \"acm-pca.amazonaws.com\"}) the actions C(s3:PutObject), C(s3:PutObjectAcl),
    C(s3:GetBucketAcl) and C(s3:GetBucketLocation) on the bucket and its objects, best limited with the
    conditions C(aws:SourceAccount) and C(aws:SourceArn) (the CA's ARN). The user guide has an example."
  - In check mode the module sends no request at all and reports that it would create a report. It returns
    every key it returns outside check mode, with placeholders for what AWS assigns (see RV(audit_report_id),
    RV(s3_key), RV(created_at)), and with O(fetch=true) an empty RV(certificates) list, so that later tasks that
    read them run under C(--check).
  - Requests that AWS throttles, that fail with a server error or that get no answer are retried within
    O(time_budget).
seealso:
  - name: Use audit reports with your private CA
    description: The report's fields, and the bucket policy AWS Private CA needs.
    link: https://docs.aws.amazon.com/privateca/latest/userguide/PcaAuditReport.html
  - name: CreateCertificateAuthorityAuditReport API reference
    description: The AWS API call that creates the report.
    link: https://docs.aws.amazon.com/privateca/latest/APIReference/API_CreateCertificateAuthorityAuditReport.html
extends_documentation_fragment:
  - privateca.aws.acmpca.certificate_authority_arn
  - privateca.aws.acmpca.time_budget_wait
  - privateca.aws.acmpca.requirements
  - privateca.aws.attributes.actiongroup_aws
  - amazon.aws.common.modules
  - amazon.aws.region.modules
attributes:
  check_mode:
    description: Can run in C(check_mode) and return changed status prediction without modifying target.
    support: full
    details:
      - Check mode sends no request at all, and reports that a report would be created.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in C(check_mode)), when in diff mode.
    support: none
    details:
      - A report is a new object each time; there is nothing to compare.
  idempotent:
    description:
      - When run twice in a row outside check mode, with the same arguments, the second invocation indicates no change.
      - This assumes that the system controlled/queried by the module has not changed in a relevant way.
    support: none
    details:
      - Every run creates a new audit report and reports a change.
"""

EXAMPLES = r"""
- name: List what the CA issued
  privateca.aws.acmpca_audit_report:
    certificate_authority_arn: arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012
    s3_bucket_name: example-pca-audit-reports
    fetch: true
  register: audit

- name: Show the serials of the certificates that are revoked
  ansible.builtin.debug:
    msg: "{{ audit.certificates | selectattr('revoked') | map(attribute='serial') | list }}"

- name: Request a CSV report and let AWS write it in the background
  privateca.aws.acmpca_audit_report:
    arn: "{{ ca_arn }}"
    s3_bucket_name: example-pca-audit-reports
    format: CSV
    wait: false
"""

RETURN = r"""
audit_report_id:
  description:
    - The report's ID.
    - In check mode, the placeholder V(00000000-0000-0000-0000-000000000000).
  returned: success
  type: str
  sample: 7d3b6b9a-5c1e-4c4e-9b0e-6f4c1a2b3c4d
s3_bucket_name:
  description: The bucket that holds the report.
  returned: success
  type: str
  sample: example-pca-audit-reports
s3_key:
  description:
    - The report's key in the bucket.
    - In check mode, the key the report would have, with the placeholder ID of RV(audit_report_id).
  returned: success
  type: str
  sample: audit-report/12345678-1234-1234-1234-123456789012/7d3b6b9a-5c1e-4c4e-9b0e-6f4c1a2b3c4d.json
status:
  description:
    - The report's status, C(CREATING) or, after waiting, C(SUCCESS).
    - In check mode, the status a run would end with (C(SUCCESS) when it waits).
  returned: success
  type: str
  sample: SUCCESS
created_at:
  description:
    - When AWS created the report, in ISO 8601 format.
    - V(null) in check mode.
  returned: success
  type: str
  sample: "2026-11-29T12:00:00+00:00"
certificates:
  description:
    - The report's rows, one per certificate the CA issued, in the report's order.
    - The report's fields in snake_case. A field that the report leaves out or empty is V(null).
    - In check mode, an empty list; the rows are known only once AWS has written the report.
  returned: success, with O(fetch=true)
  type: list
  elements: dict
  contains:
    aws_account_id:
      description: The account that issued the certificate.
      returned: always
      type: str
      sample: "123456789012"
    requested_by_service_principal:
      description: The service that requested the certificate, such as C(acm.amazonaws.com), or V(null).
      returned: always
      type: str
    certificate_arn:
      description: The certificate's ARN.
      returned: always
      type: str
      sample: arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012/certificate/e8cbd2bedb122329f97706bcfec990f8
    serial:
      description: The certificate's serial number, as colon-separated hex.
      returned: always
      type: str
      sample: e8:cb:d2:be:db:12:23:29:f9:77:06:bc:fe:c9:90:f8
    subject:
      description: The certificate's subject, as an RFC 2253 string.
      returned: always
      type: str
      sample: CN=www.example.com,O=Example Company,C=US
    not_before:
      description: The start of the certificate's validity, in ISO 8601 UTC.
      returned: always
      type: str
      sample: "2026-11-29T12:00:00+00:00"
    not_after:
      description: The end of the certificate's validity, in ISO 8601 UTC.
      returned: always
      type: str
      sample: "2027-11-29T12:00:00+00:00"
    issued_at:
      description: When the CA issued the certificate, in ISO 8601 UTC.
      returned: always
      type: str
      sample: "2026-11-29T12:00:01+00:00"
    revoked_at:
      description: When the certificate was revoked, in ISO 8601 UTC, or V(null).
      returned: always
      type: str
    revocation_reason:
      description: Why the certificate was revoked, such as C(KEY_COMPROMISE), or V(null).
      returned: always
      type: str
    template_arn:
      description: The template the certificate was issued with, or V(null).
      returned: always
      type: str
      sample: arn:aws:acm-pca:::template/EndEntityCertificate/V1
    revoked:
      description: Whether the certificate is revoked (RV(certificates[].revoked_at) is set).
      returned: always
      type: bool
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.privateca.aws.plugins.module_utils._audit_report import FORMATS
from ansible_collections.privateca.aws.plugins.module_utils._audit_report import AuditReporter
from ansible_collections.privateca.aws.plugins.module_utils._audit_report import check_bucket_name
from ansible_collections.privateca.aws.plugins.module_utils._audit_report import parse_report
from ansible_collections.privateca.aws.plugins.module_utils._audit_report import read_report
from ansible_collections.privateca.aws.plugins.module_utils._aws.arn import CA_ARN_ARGUMENT_SPEC
from ansible_collections.privateca.aws.plugins.module_utils._aws.arn import parse_ca_arn
from ansible_collections.privateca.aws.plugins.module_utils._aws.client import module_api
from ansible_collections.privateca.aws.plugins.module_utils._aws.client import module_budget
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import AcmPcaError
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import InvalidInputError
from ansible_collections.privateca.aws.plugins.module_utils._aws.region import module_region
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import TIME_BUDGET_ARGUMENT_SPEC
from ansible_collections.privateca.aws.plugins.module_utils._aws.wait_timeout import WAIT_TIMEOUT_ARGUMENT_SPEC
from ansible_collections.privateca.aws.plugins.module_utils._aws.wait_timeout import check_wait_timeout

# What check mode returns for the ID AWS would assign to a report (documented in RETURN).
CHECK_MODE_REPORT_ID = "00000000-0000-0000-0000-000000000000"


def check_mode_result(ca_arn, bucket: str, params: dict) -> dict:
    """Every key a run returns, with placeholders for what AWS assigns; no request is sent."""
    extension = "json" if params["format"] == "JSON" else "csv"
    result = {
        "audit_report_id": CHECK_MODE_REPORT_ID,
        "s3_bucket_name": bucket,
        "s3_key": f"audit-report/{ca_arn.ca_id}/{CHECK_MODE_REPORT_ID}.{extension}",
        "status": "SUCCESS" if params["wait"] or params["fetch"] else "CREATING",
        "created_at": None,
        "msg": f"Would create a {params['format']} audit report of {ca_arn.arn} in the bucket {bucket}.",
    }
    if params["fetch"]:
        result["certificates"] = []
    return result


def main():
    argument_spec = dict(
        **CA_ARN_ARGUMENT_SPEC,
        s3_bucket_name=dict(type="str", required=True),
        format=dict(type="str", choices=list(FORMATS), default="JSON"),
        wait=dict(type="bool", default=True),
        **WAIT_TIMEOUT_ARGUMENT_SPEC,
        fetch=dict(type="bool", default=False),
        **TIME_BUDGET_ARGUMENT_SPEC,
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)

    try:
        ca_arn = parse_ca_arn(module.params["certificate_authority_arn"])
        bucket = check_bucket_name(module.params["s3_bucket_name"])
        wait_timeout = check_wait_timeout(module.params["wait_timeout"])
        budget = module_budget(module)
    except (InvalidInputError, ValueError) as e:
        module.fail_json(msg=str(e))

    if module.check_mode:
        module.exit_json(changed=True, **check_mode_result(ca_arn, bucket, module.params))

    region = module_region(module, ca_arn)
    reporter = AuditReporter(module_api(module, region, budget=budget), ca_arn)
    fetch = module.params["fetch"]

    try:
        created = reporter.create(bucket, module.params["format"])
        if module.params["wait"] or fetch:
            report = reporter.wait(created["audit_report_id"], wait_timeout)
        else:
            report = reporter.describe(created["audit_report_id"])
        result = {
            "audit_report_id": created["audit_report_id"],
            "s3_bucket_name": report["s3_bucket_name"] or bucket,
            "s3_key": report["s3_key"] or created["s3_key"],
            "status": report["status"],
            "created_at": report["created_at"],
        }
        if fetch:
            # The report is read where the CA wrote it (the CA's region), within the same time budget.
            s3 = module_api(module, region, service="s3", budget=budget)
            text = read_report(s3, result["s3_bucket_name"], result["s3_key"])
            result["certificates"] = parse_report(text, module.params["format"])
    except AcmPcaError as e:
        if e.exception is not None:  # a request failed after the create: name the report AWS is writing
            reporter.writes.annotate(e)
        module.fail_json_aws_error(e)

    module.exit_json(changed=True, **result)


if __name__ == "__main__":
    main()
