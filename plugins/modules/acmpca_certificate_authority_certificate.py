#!/usr/bin/python
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: acmpca_certificate_authority_certificate
short_description: Import the signed certificate of an AWS Private CA, which activates the CA
version_added: 0.2.0
description:
  - Imports a private CA's own certificate into AWS Private CA (ACM PCA) with the API call
    C(ImportCertificateAuthorityCertificate). This is the activation step, after the CA's CSR
    (M(privateca.aws.acmpca_csr_info)) was signed by its parent CA, or by the CA itself for a root.
  - Before any write call, the module checks locally, with the Python library C(cryptography), that
    the certificate is well-formed PEM (a private key pasted by mistake is refused without being shown),
    that it carries the CA's own public key (the one of the CA's CSR, C(GetCertificateAuthorityCsr)),
    that it is a CA certificate (C(basicConstraints) C(CA:TRUE)), that it is valid now, and that it is
    signed by the first certificate of O(certificate_chain), each chain certificate by the next, up to a
    self-signed root. Each failure names what differs (fingerprints, subjects, serials, dates).
  - It warns, and still imports, when the certificate has no C(keyUsage) extension or one without
    C(keyCertSign) (RFC 5280 4.2.1.3 requires it in a CA certificate that signs certificates), and when its
    path length is more than a certificate of the chain allows below it, or the chain allows no CA at its depth
    (AWS refuses that import). The warning says how to sign it instead.
  - When the CA already holds this certificate and chain (C(GetCertificateAuthorityCertificate)), nothing
    is imported and no write call is sent. A new certificate for the same key, for example a renewal, is
    imported and reported as a change.
  - After the import the module waits until the CA is C(ACTIVE), because issuing certificates fails while
    it is still C(PENDING_CERTIFICATE). See O(wait) and O(wait_timeout).
  - A CA exists in one region only, and its ARN names that region. The requests always go to the ARN's
    region. When a different region is set for the task (O(region), directly or through
    C(module_defaults)), the module warns and uses the ARN's; a default region from a profile or the
    environment is replaced silently.
author:
  - privateca.aws maintainers (@privateca)
options:
  certificate:
    description:
      - The CA's certificate in PEM format, signed by its parent CA (or self-signed, for a root CA).
      - Exactly one certificate, beginning with C(-----BEGIN CERTIFICATE-----).
    type: str
    required: true
  certificate_chain:
    description:
      - The certificates of the CA that signed O(certificate), in PEM format, concatenated in order, with
        the issuer's certificate first, then its issuer's, and so on up to and including the self-signed root.
      - Required for a C(SUBORDINATE) CA. Leave it out for a C(ROOT) CA, whose certificate is self-signed.
    type: str
  wait:
    description:
      - Wait until the CA is C(ACTIVE) after the import; also wait while AWS is still creating the CA's CSR.
      - When V(false), return the CA's status right after the import.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds each wait may take, at least 1. A CA that is still not C(ACTIVE) after this time
        is a failure.
    type: int
    default: 300
notes:
  - The credentials need the IAM actions C(acm-pca:DescribeCertificateAuthority),
    C(acm-pca:GetCertificateAuthorityCsr), C(acm-pca:GetCertificateAuthorityCertificate) and
    C(acm-pca:ImportCertificateAuthorityCertificate) on the CA.
  - The checks need the Python library C(cryptography) on the host that runs the module.
  - The client uses a 10 s connect timeout and a 30 s read timeout; throttling and server errors are retried
    with jittered backoff.
requirements:
  - cryptography >= 41.0
seealso:
  - module: privateca.aws.acmpca_csr_info
  - module: privateca.aws.acmpca_certificate
  - module: community.crypto.x509_certificate
  - name: ImportCertificateAuthorityCertificate API reference
    description: The AWS API call this module makes, with AWS's own rules for the certificate and chain.
    link: https://docs.aws.amazon.com/privateca/latest/APIReference/API_ImportCertificateAuthorityCertificate.html
extends_documentation_fragment:
  - privateca.aws.acmpca.certificate_authority_arn
  - privateca.aws.acmpca.time_budget_wait
  - privateca.aws.acmpca.requirements
  - privateca.aws.attributes
  - privateca.aws.attributes.actiongroup_aws
  - amazon.aws.common.modules
  - amazon.aws.region.modules
"""

EXAMPLES = r"""
- name: Get the CSR of a new subordinate CA
  privateca.aws.acmpca_csr_info:
    certificate_authority_arn: "{{ subordinate_ca_arn }}"
  register: subordinate_csr

- name: Sign it with the offline root CA
  community.crypto.x509_certificate_pipe:
    csr_content: "{{ subordinate_csr.csr }}"
    provider: ownca
    ownca_path: /secure/root/root-ca.pem
    ownca_privatekey_path: /secure/root/root-ca.key
    ownca_not_after: +1825d
  delegate_to: localhost
  register: subordinate_certificate

- name: Import the certificate, which activates the CA
  privateca.aws.acmpca_certificate_authority_certificate:
    certificate_authority_arn: "{{ subordinate_ca_arn }}"
    certificate: "{{ subordinate_certificate.certificate }}"
    certificate_chain: "{{ lookup('ansible.builtin.file', '/secure/root/root-ca.pem') }}"
  register: activation

- name: Show the CA's status and the certificate's end date
  ansible.builtin.debug:
    msg: "{{ activation.status }} until {{ activation.certificate_info.not_after }}"

- name: Preview a renewal without importing anything
  privateca.aws.acmpca_certificate_authority_certificate:
    certificate_authority_arn: "{{ subordinate_ca_arn }}"
    certificate: "{{ lookup('ansible.builtin.file', 'renewed-subordinate-ca.pem') }}"
    certificate_chain: "{{ lookup('ansible.builtin.file', 'root-ca.pem') }}"
  check_mode: true
  diff: true
"""

RETURN = r"""
certificate_authority_arn:
  description: The ARN of the CA, as given.
  returned: success
  type: str
  sample: arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012
status:
  description:
    - The CA's status after the import (or, in check mode and without a change, its current status). In check
      mode with a change, the status the import leads to, V(ACTIVE) (V(DISABLED) for a C(DISABLED) CA).
  returned: success
  type: str
  sample: ACTIVE
certificate:
  description: The CA's certificate in PEM format.
  returned: success
  type: str
  sample: "-----BEGIN CERTIFICATE-----\nMIIC...\n-----END CERTIFICATE-----\n"
certificate_chain:
  description: The chain in PEM format, issuer first; V(null) for a root CA.
  returned: success
  type: str
  sample: "-----BEGIN CERTIFICATE-----\nMIIC...\n-----END CERTIFICATE-----\n"
certificate_info:
  description:
    - The certificate parsed, with key names of M(community.crypto.x509_certificate_info).
    - V({}) in check mode when the certificate or the CA is a placeholder that an earlier task returned in check
      mode (see M(privateca.aws.acmpca_certificate) and M(privateca.aws.acmpca_certificate_authority)).
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
from ansible.module_utils.common.warnings import warn

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.privateca.aws.plugins.module_utils import _certificate_checks as checks
from ansible_collections.privateca.aws.plugins.module_utils._aws.arn import CA_ARN_ARGUMENT_SPEC
from ansible_collections.privateca.aws.plugins.module_utils._aws.arn import parse_ca_arn
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import AcmPcaError
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import InvalidInputError
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import TIME_BUDGET_ARGUMENT_SPEC
from ansible_collections.privateca.aws.plugins.module_utils._aws.wait_timeout import WAIT_TIMEOUT_ARGUMENT_SPEC
from ansible_collections.privateca.aws.plugins.module_utils._aws.wait_timeout import check_wait_timeout
from ansible_collections.privateca.aws.plugins.module_utils._ca_certificate import import_ca_certificate
from ansible_collections.privateca.aws.plugins.module_utils._module import ca_api
from ansible_collections.privateca.aws.plugins.module_utils._module import exit_with_diff


def main():
    argument_spec = dict(
        **CA_ARN_ARGUMENT_SPEC,
        certificate=dict(type="str", required=True),
        certificate_chain=dict(type="str"),
        wait=dict(type="bool", default=True),
        **WAIT_TIMEOUT_ARGUMENT_SPEC,
        **TIME_BUDGET_ARGUMENT_SPEC,
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    checks.hide_private_keys(module, ["certificate", "certificate_chain"])
    if not checks.HAS_CRYPTOGRAPHY:
        module.fail_json(msg=missing_required_lib("cryptography"), exception=checks.CRYPTOGRAPHY_IMPORT_ERROR)

    try:
        ca_arn = parse_ca_arn(module.params["certificate_authority_arn"])
        wait_timeout = check_wait_timeout(module.params["wait_timeout"])
    except InvalidInputError as e:
        module.fail_json(msg=str(e))

    api = ca_api(module, ca_arn)

    try:
        result = import_ca_certificate(
            api,
            ca_arn,
            module.params["certificate"],
            module.params["certificate_chain"],
            check_mode=module.check_mode,
            wait=module.params["wait"],
            wait_timeout=wait_timeout,
            warn=warn,  # ansible-core's: amazon.aws's module.warn passes warnings to exit_json (deprecated in 2.19)
        )
    except checks.CertificateCheckError as e:
        module.fail_json(msg=str(e), certificate_authority_arn=ca_arn.arn, **checks.failure_detail(module, e))
    except AcmPcaError as e:
        module.fail_json_aws_error(e)

    exit_with_diff(module, result)


if __name__ == "__main__":
    main()
