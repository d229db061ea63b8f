#!/usr/bin/python
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: acm_private_certificate
short_description: Request, renew, export and delete private certificates that ACM issues from a private CA
version_added: 0.2.0
description:
  - Requests a private certificate from AWS Certificate Manager (ACM), signed by a private CA of AWS Private CA
    (C(RequestCertificate) with C(CertificateAuthorityArn)). ACM keeps the key, renews the certificate, attaches
    it to load balancers, API Gateway or CloudFront, and exports it with its key for other servers.
  - Without O(certificate_arn), the certificate is the one of O(certificate_authority_arn) and O(domain_name)
    (and of the C(Name) tag O(name), when given) that is C(PENDING_VALIDATION) or C(ISSUED); two such
    certificates fail the task and name both. A certificate that differs in what ACM cannot change (the domain
    name, the subject alternative names, the key algorithm, the CA) fails the task and names each field with
    both values; it is never replaced.
  - Before requesting, the CA must be C(ACTIVE), in C(GENERAL_PURPOSE) mode, of the key family of
    O(key_algorithm), and its certificate must outlast the 395 days of an ACM private certificate. When the CA
    has not given ACM the permissions it needs to renew certificates, the module warns and points to
    M(privateca.aws.acmpca_permission) (no check when the credentials may not list the CA's permissions, as for
    a CA shared from another account).
  - A request that ACM marks C(FAILED) fails the task with the reason in plain words.
  - With O(export), the certificate, its chain and its private key are written to files. A rerun writes them
    only when ACM holds another certificate than the files (after a renewal) or the key file does not hold the
    certificate's key; a rerun with nothing to change sends no C(RequestCertificate), C(RenewCertificate),
    C(ExportCertificate) or tag call.
  - The private key and the passphrase are never returned, nor shown in diff mode.
author:
  - privateca.aws maintainers (@privateca)
options:
  certificate_authority_arn:
    description:
      - The ARN of the private CA that signs the certificate,
        C(arn:<partition>:acm-pca:<region>:<account id>:certificate-authority/<CA id>).
      - Required to request a certificate, and to find one without O(certificate_arn).
      - Requests go to the region of this ARN (or of O(certificate_arn)), with a warning when the task sets
        another O(region).
    type: str
  certificate_arn:
    description:
      - The ARN of an existing ACM certificate, to address it directly. The module then requests none.
    type: str
  domain_name:
    description:
      - The certificate's domain name (its subject's common name and first subject alternative name).
    type: str
  subject_alternative_names:
    description:
      - Further domain names of the certificate. O(domain_name) is always one of them.
      - Not compared when not given.
    type: list
    elements: str
  key_algorithm:
    description:
      - The algorithm of the certificate's key. It must be of the CA's key family (RSA or EC).
      - When not given, a new certificate gets V(RSA_2048) from an RSA CA and V(EC_prime256v1) from an EC CA,
        and an existing certificate's algorithm is not compared.
    type: str
    choices: [RSA_2048, EC_prime256v1, EC_secp384r1]
  name:
    description:
      - The value of the certificate's C(Name) tag, which also identifies it without O(certificate_arn).
    type: str
  state:
    description:
      - V(present) requests the certificate if there is none, and brings tags, renewal and files in line.
      - V(absent) deletes it; a certificate in use by another AWS service fails the task and names the
        resources that use it, before any delete. Exported files are left alone.
    type: str
    choices: [present, absent]
    default: present
  remaining_days:
    description:
      - Renew the certificate (C(RenewCertificate)) when fewer than this many days of validity remain.
      - ACM renews only private certificates that were exported (or are in use by another AWS service); with
        O(export) the module exports before it renews. V(395) or more renews on every run (a forced renewal).
      - When not given, the module never renews; ACM itself renews eligible certificates 60 days before they
        expire, if the CA lets it.
    type: int
  wait:
    description:
      - Wait until a new certificate is C(ISSUED) (or C(FAILED)), and until a renewal is done.
      - Without waiting, a certificate that is not issued yet cannot be exported.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds each wait may take, at least 1.
    type: int
    default: 300
  export:
    description:
      - Write the certificate, its chain and its private key (C(ExportCertificate)) to files on the host that
        runs the module. Any of the paths may be left out; without O(export.private_key_path) nothing is
        exported (the certificate and chain are read with C(GetCertificate)).
    type: dict
    suboptions:
      certificate_path:
        description: The file for the certificate (PEM).
        type: path
      chain_path:
        description: The file for the certificate chain (PEM, the issuing CA's certificate first).
        type: path
      private_key_path:
        description:
          - The file for the private key (PKCS#8 PEM). Its mode is always C(0600).
        type: path
      passphrase:
        description:
          - The passphrase that ACM encrypts the exported key with, 4 to 128 ASCII characters except C(#), C($)
            and C(%). Required with O(export.private_key_path).
          - With O(export.private_key_encrypted=true) it opens the key file; keep it safe, for example in Ansible
            Vault.
        type: str
      private_key_encrypted:
        description:
          - V(true) writes the key as ACM gives it, encrypted with O(export.passphrase). V(false) writes it
            decrypted, for servers that cannot read encrypted keys.
        type: bool
        default: true
      mode:
        description: The mode of the certificate and chain files, as for M(ansible.builtin.file).
        type: raw
        default: "0644"
      owner:
        description: The owner of the files.
        type: str
      group:
        description: The group of the files.
        type: str
notes:
  - The credentials need the IAM actions C(acm:ListCertificates), C(acm:DescribeCertificate),
    C(acm:ListTagsForCertificate) and C(acm:GetCertificate) to read, and C(acm:RequestCertificate),
    C(acm:AddTagsToCertificate), C(acm:RemoveTagsFromCertificate), C(acm:ExportCertificate),
    C(acm:RenewCertificate) or C(acm:DeleteCertificate) for what they change; to request, also
    C(acm-pca:DescribeCertificateAuthority), C(acm-pca:ListPermissions) (optional) and C(acm-pca:IssueCertificate)
    and C(acm-pca:GetCertificate) on the CA.
  - Each private certificate is valid for 395 days. The CA's certificate must end later.
  - Requests that AWS throttles, that fail with a server error or that get no answer are retried within
    O(time_budget).
seealso:
  - module: privateca.aws.acmpca_permission
  - name: community.aws.acm_certificate
    description: Imports certificates into ACM (and deletes them); it requests none.
    link: https://docs.ansible.com/ansible/latest/collections/community/aws/acm_certificate_module.html
  - name: Private certificates in ACM
    description: What ACM does with private certificates.
    link: https://docs.aws.amazon.com/acm/latest/userguide/private-certificates.title.html
  - name: RequestCertificate API reference
    description: The call that requests the certificate.
    link: https://docs.aws.amazon.com/acm/latest/APIReference/API_RequestCertificate.html
  - name: ExportCertificate API reference
    description: The call that exports the certificate with its key.
    link: https://docs.aws.amazon.com/acm/latest/APIReference/API_ExportCertificate.html
extends_documentation_fragment:
  - privateca.aws.acmpca.time_budget_wait
  - privateca.aws.acmpca.requirements
  - privateca.aws.attributes
  - privateca.aws.attributes.actiongroup_aws
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
"""

EXAMPLES = r"""
- name: A certificate for an internal load balancer, kept and renewed by ACM
  privateca.aws.acm_private_certificate:
    certificate_authority_arn: "{{ ca_arn }}"
    domain_name: app.internal.example.com
    name: app-internal-alb
  register: alb_certificate

- name: A server's certificate and key, written where nginx reads them
  privateca.aws.acm_private_certificate:
    certificate_authority_arn: "{{ ca_arn }}"
    domain_name: web01.internal.example.com
    key_algorithm: EC_prime256v1
    remaining_days: 30
    export:
      certificate_path: /etc/nginx/tls/web01.crt
      chain_path: /etc/nginx/tls/web01-chain.crt
      private_key_path: /etc/nginx/tls/web01.key
      passphrase: "{{ vault_web01_passphrase }}"
      private_key_encrypted: false
      owner: root
      group: nginx

- name: Delete a certificate
  privateca.aws.acm_private_certificate:
    certificate_arn: "{{ alb_certificate.certificate_arn }}"
    state: absent
"""

RETURN = r"""
certificate_arn:
  description: The certificate's ARN; V(null) after O(state=absent), and for a new one in check mode.
  returned: success
  type: str
  sample: arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012
status:
  description: The certificate's status in ACM (C(PENDING_VALIDATION), C(ISSUED), ...); V(null) after O(state=absent).
  returned: success
  type: str
  sample: ISSUED
domain_name:
  description: The certificate's domain name.
  returned: when the certificate exists or would be requested
  type: str
  sample: app.internal.example.com
subject_alternative_names:
  description: The certificate's domain names, O(domain_name) first.
  returned: when the certificate exists or would be requested
  type: list
  elements: str
  sample: [app.internal.example.com]
key_algorithm:
  description: The algorithm of the certificate's key, as RequestCertificate names it.
  returned: when the certificate exists or would be requested
  type: str
  sample: EC_prime256v1
certificate_authority_arn:
  description: The ARN of the CA that signs the certificate.
  returned: when the certificate exists or would be requested
  type: str
serial:
  description: The certificate's serial number, in colon-separated hexadecimal.
  returned: when the certificate is issued
  type: str
  sample: "0a:1b:2c:3d:4e:5f:60:71:82:93:a4:b5:c6:d7:e8:f9"
not_before:
  description: The start of the certificate's validity, in ISO 8601 format.
  returned: when the certificate is issued
  type: str
  sample: "2026-12-03T08:00:00+00:00"
not_after:
  description: The end of the certificate's validity, in ISO 8601 format.
  returned: when the certificate is issued
  type: str
  sample: "2028-01-02T08:00:00+00:00"
renewal_eligibility:
  description: Whether ACM can renew the certificate (C(ELIGIBLE) once it was exported or is in use).
  returned: when the certificate exists
  type: str
  sample: ELIGIBLE
in_use_by:
  description: The ARNs of the AWS resources that use the certificate.
  returned: when the certificate exists
  type: list
  elements: str
  sample: []
tags:
  description: The certificate's tags.
  returned: success
  type: dict
  sample: {Name: app-internal-alb}
certificate:
  description: The certificate (PEM).
  returned: when the certificate is issued
  type: str
certificate_chain:
  description: The certificate's chain (PEM), the issuing CA's certificate first.
  returned: when the certificate is issued
  type: str
"""

from ansible.module_utils.basic import missing_required_lib
from ansible.module_utils.common.warnings import warn

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.privateca.aws.plugins.module_utils._acm_certificate import KEY_ALGORITHMS
from ansible_collections.privateca.aws.plugins.module_utils._acm_certificate import FileWriter
from ansible_collections.privateca.aws.plugins.module_utils._acm_certificate import PrivateCertificate
from ansible_collections.privateca.aws.plugins.module_utils._acm_certificate import check_certificate_arn
from ansible_collections.privateca.aws.plugins.module_utils._acm_certificate import check_domain_names
from ansible_collections.privateca.aws.plugins.module_utils._acm_certificate import check_passphrase
from ansible_collections.privateca.aws.plugins.module_utils._aws.arn import parse_ca_arn
from ansible_collections.privateca.aws.plugins.module_utils._aws.client import module_api
from ansible_collections.privateca.aws.plugins.module_utils._aws.client import module_budget
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import AwsCallError
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import InvalidInputError
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import TIME_BUDGET_ARGUMENT_SPEC
from ansible_collections.privateca.aws.plugins.module_utils._aws.wait_timeout import WAIT_TIMEOUT_ARGUMENT_SPEC
from ansible_collections.privateca.aws.plugins.module_utils._aws.wait_timeout import check_wait_timeout
from ansible_collections.privateca.aws.plugins.module_utils._certificate_checks import CRYPTOGRAPHY_IMPORT_ERROR
from ansible_collections.privateca.aws.plugins.module_utils._certificate_checks import HAS_CRYPTOGRAPHY
from ansible_collections.privateca.aws.plugins.module_utils._module import ca_api
from ansible_collections.privateca.aws.plugins.module_utils._module import exit_with_diff


def main():
    argument_spec = dict(
        certificate_authority_arn=dict(type="str"),
        certificate_arn=dict(type="str"),
        domain_name=dict(type="str"),
        subject_alternative_names=dict(type="list", elements="str"),
        key_algorithm=dict(type="str", choices=list(KEY_ALGORITHMS)),
        name=dict(type="str"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        remaining_days=dict(type="int"),
        wait=dict(type="bool", default=True),
        **WAIT_TIMEOUT_ARGUMENT_SPEC,
        export=dict(
            type="dict",
            options=dict(
                certificate_path=dict(type="path"),
                chain_path=dict(type="path"),
                private_key_path=dict(type="path"),
                passphrase=dict(type="str", no_log=True),
                private_key_encrypted=dict(type="bool", default=True),
                mode=dict(type="raw", default="0644"),
                owner=dict(type="str"),
                group=dict(type="str"),
            ),
            required_by=dict(private_key_path=["passphrase"]),
        ),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
        **TIME_BUDGET_ARGUMENT_SPEC,
    )
    module = AnsibleAWSModule(
        argument_spec=argument_spec,
        supports_check_mode=True,
        required_one_of=[("certificate_arn", "certificate_authority_arn")],
        required_by=dict(certificate_authority_arn=["domain_name"]),
    )
    if not HAS_CRYPTOGRAPHY:
        module.fail_json(msg=missing_required_lib("cryptography"), exception=CRYPTOGRAPHY_IMPORT_ERROR)
    params = module.params
    try:
        ca_arn = parse_ca_arn(params["certificate_authority_arn"]) if params["certificate_authority_arn"] else None
        check_certificate_arn(params["certificate_arn"])
        check_domain_names(params["domain_name"], params["subject_alternative_names"])
        check_wait_timeout(params["wait_timeout"])
        if params["remaining_days"] is not None and params["remaining_days"] < 1:
            raise InvalidInputError(f"remaining_days must be at least 1, got {params['remaining_days']}.")
        if params["export"] and params["export"].get("passphrase") is not None:
            check_passphrase(params["export"]["passphrase"])
        budget = module_budget(module)
    except (InvalidInputError, ValueError) as e:
        module.fail_json(msg=str(e))

    # ACM's requests go to the certificate's region, else the CA's (with the layer's region rule and warning).
    if params["certificate_arn"]:
        acm = module_api(module, params["certificate_arn"].split(":")[3], service="acm", budget=budget)
    else:
        acm = ca_api(module, ca_arn, budget=budget, service="acm")
    task = PrivateCertificate(
        acm,
        ca_api(module, ca_arn, budget=budget) if ca_arn else None,
        dict(params),
        FileWriter(module, params["export"] or {}),
        warn,  # ansible-core's: amazon.aws's module.warn passes warnings to exit_json, which 2.19 deprecates
        module.check_mode,
    )
    try:
        outcome = task.present() if params["state"] == "present" else task.absent()
    except InvalidInputError as e:
        module.fail_json(msg=str(e), changed=task.changed)
    except AwsCallError as e:
        module.fail_json_aws_error(e)
    exit_with_diff(module, outcome)


if __name__ == "__main__":
    main()
