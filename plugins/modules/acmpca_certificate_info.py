#!/usr/bin/python
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: acmpca_certificate_info
short_description: Get a certificate issued by an AWS Private CA, with its chain and a parsed view
version_added: 0.2.0
description:
  - Returns a certificate that a private CA of AWS Private CA (ACM PCA) issued, with the API call
    C(GetCertificate), together with its chain and a parsed view in the format of
    M(community.crypto.x509_certificate_info).
  - The certificate ARN is checked before any request. It has the form C(<CA ARN>/certificate/<hex serial>)
    and must belong to O(certificate_authority_arn) when that is given.
  - Right after C(IssueCertificate), AWS answers C(RequestInProgressException) for a short while; the module
    polls until the certificate is there (see O(wait)).
  - A CA exists in one region only, and its ARN names that region. The request always goes to the ARN's
    region. When a different region is set for the task (O(region), directly or through
    C(module_defaults)), the module warns and uses the ARN's; a default region from a profile or the
    environment is replaced silently.
author:
  - privateca.aws maintainers (@privateca)
options:
  certificate_arn:
    description:
      - The ARN of the certificate, C(<CA ARN>/certificate/<hex serial>).
    type: str
    required: true
  certificate_authority_arn:
    description:
      - The ARN of the CA that issued the certificate. When given, the certificate ARN must belong to it.
      - Without it, the CA's ARN is taken from O(certificate_arn).
    type: str
    aliases: [arn]
  wait:
    description:
      - While AWS is still issuing the certificate, poll until it is there. When V(false), fail at once.
    type: bool
    default: true
  wait_timeout:
    description: How many seconds to wait for the certificate, at least 1.
    type: int
    default: 300
notes:
  - The credentials need the IAM action C(acm-pca:GetCertificate) on the CA.
  - RV(certificate_info) needs the Python library C(cryptography) on the host that runs the module.
requirements:
  - cryptography >= 41.0
seealso:
  - module: privateca.aws.acmpca_certificate
  - module: community.crypto.x509_certificate_info
  - name: GetCertificate API reference
    description: The AWS API call this module makes.
    link: https://docs.aws.amazon.com/privateca/latest/APIReference/API_GetCertificate.html
extends_documentation_fragment:
  - privateca.aws.acmpca.time_budget_wait
  - privateca.aws.acmpca.requirements
  - privateca.aws.attributes.info_module
  - privateca.aws.attributes.actiongroup_aws
  - amazon.aws.common.modules
  - amazon.aws.region.modules
"""

EXAMPLES = r"""
- name: Get a certificate and its chain
  privateca.aws.acmpca_certificate_info:
    certificate_authority_arn: "{{ issuing_ca_arn }}"
    certificate_arn: "{{ issued.certificate_arn }}"
  register: fetched

- name: Say when it expires
  ansible.builtin.debug:
    msg: "{{ fetched.certificate_info.subject.commonName }} expires {{ fetched.not_after }}"
"""

RETURN = r"""
certificate_authority_arn:
  description: The ARN of the CA that issued the certificate.
  returned: success
  type: str
  sample: arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012
certificate_arn:
  description: The ARN of the certificate, as given.
  returned: success
  type: str
  sample: arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012/certificate/6707447683a9b7f4055627ffd55cebcc
certificate:
  description: The certificate in PEM format.
  returned: success
  type: str
  sample: "-----BEGIN CERTIFICATE-----\nMIIC...\n-----END CERTIFICATE-----\n"
certificate_chain:
  description: The chain of the certificate in PEM format, the issuing CA's certificate first.
  returned: success
  type: str
  sample: "-----BEGIN CERTIFICATE-----\nMIIC...\n-----END CERTIFICATE-----\n"
serial_number:
  description: The serial number as colon-separated hex, as C(RevokeCertificate) takes it.
  returned: success
  type: str
  sample: "67:07:44:76:83:a9:b7:f4:05:56:27:ff:d5:5c:eb:cc"
not_before:
  description: The start of the validity period, as C(YYYYMMDDHHMMSSZ) in UTC.
  returned: success
  type: str
  sample: "20261129120000Z"
not_after:
  description: The end of the validity period, as C(YYYYMMDDHHMMSSZ) in UTC.
  returned: success
  type: str
  sample: "20271129120000Z"
certificate_info:
  description:
    - The certificate parsed, with key names of M(community.crypto.x509_certificate_info); the same keys as
      RV(privateca.aws.acmpca_certificate_authority_certificate#module:certificate_info).
  returned: success
  type: dict
  contains:
    subject:
      description: The subject, as a dictionary of attribute names to values.
      type: dict
      returned: success
      sample: {"commonName": "Example Subordinate CA", "organizationName": "Example Corp"}
    subject_ordered:
      description: The subject as an ordered list of V([name, value]) pairs.
      type: list
      elements: list
      returned: success
    issuer:
      description: The issuer, as a dictionary of attribute names to values.
      type: dict
      returned: success
      sample: {"commonName": "Example Root CA"}
    issuer_ordered:
      description: The issuer as an ordered list of V([name, value]) pairs.
      type: list
      elements: list
      returned: success
    serial_number:
      description: The serial number, as an integer.
      type: int
      returned: success
      sample: 1234567890
    serial_number_hex:
      description: The serial number as colon-separated hex bytes, as C(openssl x509 -text) shows it.
      type: str
      returned: success
      sample: "49:96:02:d2"
    not_before:
      description: The start of the validity period, as C(YYYYMMDDHHMMSSZ) in UTC.
      type: str
      returned: success
      sample: "20261129120000Z"
    not_after:
      description: The end of the validity period, as C(YYYYMMDDHHMMSSZ) in UTC.
      type: str
      returned: success
      sample: "20311128120000Z"
    fingerprints:
      description: Fingerprints of the certificate (its DER encoding), by hash algorithm, as colon-separated hex.
      type: dict
      returned: success
      sample: {"sha256": "d4:b3:aa:6d:...", "sha1": "b7:42:..."}
    public_key_type:
      description:
        - The public key's type, V(RSA), V(DSA), V(ECC), V(Ed25519), V(Ed448), V(X25519), V(X448), V(DH),
          V(ML-DSA-44), V(ML-DSA-65), V(ML-DSA-87), V(ML-KEM-768) or V(ML-KEM-1024) (as far as the installed
          C(cryptography) knows the type), or C(unknown (<class name>)) for a type it does not name.
      type: str
      returned: success
      sample: RSA
    public_key_fingerprints:
      description: Fingerprints of the public key, by hash algorithm, as colon-separated hex.
      type: dict
      returned: success
    basic_constraints:
      description: Entries of the C(basicConstraints) extension, or V(null) without one.
      type: list
      elements: str
      returned: success
      sample: ["CA:TRUE", "pathlen:0"]
    signature_algorithm:
      description: The signature algorithm of the certificate.
      type: str
      returned: success
      sample: sha256WithRSAEncryption
"""


from ansible.module_utils.basic import missing_required_lib

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.privateca.aws.plugins.module_utils import _certificate as certificates
from ansible_collections.privateca.aws.plugins.module_utils import _certificate_checks as checks
from ansible_collections.privateca.aws.plugins.module_utils._aws.arn import parse_ca_arn
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import AcmPcaError
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import InvalidInputError
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import TIME_BUDGET_ARGUMENT_SPEC
from ansible_collections.privateca.aws.plugins.module_utils._aws.wait_timeout import WAIT_TIMEOUT_ARGUMENT_SPEC
from ansible_collections.privateca.aws.plugins.module_utils._aws.wait_timeout import check_wait_timeout
from ansible_collections.privateca.aws.plugins.module_utils._aws.waiter import Poller
from ansible_collections.privateca.aws.plugins.module_utils._module import ca_api


def main():
    argument_spec = dict(
        certificate_arn=dict(type="str", required=True),
        certificate_authority_arn=dict(type="str", aliases=["arn"]),
        wait=dict(type="bool", default=True),
        **WAIT_TIMEOUT_ARGUMENT_SPEC,
        **TIME_BUDGET_ARGUMENT_SPEC,
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    if not checks.HAS_CRYPTOGRAPHY:
        module.fail_json(msg=missing_required_lib("cryptography"), exception=checks.CRYPTOGRAPHY_IMPORT_ERROR)

    try:
        given_ca = module.params["certificate_authority_arn"]
        ca_arn = parse_ca_arn(given_ca) if given_ca else None
        arn, ca_arn, _serial = certificates.parse_certificate_arn(module.params["certificate_arn"], ca_arn)
        wait_timeout = check_wait_timeout(module.params["wait_timeout"])
    except InvalidInputError as e:
        module.fail_json(msg=str(e))

    api = ca_api(module, ca_arn)

    try:
        fetched = certificates.get_certificate(
            api, ca_arn, arn, Poller(wait_timeout) if module.params["wait"] else None
        )
        if fetched is None:
            raise AcmPcaError(message=f"AWS is still issuing {arn}; retry later, or set wait: true")
        result = certificates.result_for(ca_arn, fetched[0], fetched[1], arn)
    except checks.CertificateCheckError as e:
        module.fail_json(
            msg=f"AWS returned a certificate for {arn} that cannot be read: {e}", **checks.failure_detail(module, e)
        )
    except AcmPcaError as e:
        module.fail_json_aws_error(e)

    module.exit_json(changed=False, **result)


if __name__ == "__main__":
    main()
