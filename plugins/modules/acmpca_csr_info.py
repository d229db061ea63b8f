#!/usr/bin/python
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: acmpca_csr_info
short_description: Get the certificate signing request (CSR) of an AWS Private CA
version_added: 0.1.0
description:
  - Returns the certificate signing request (CSR) of a private certificate authority in
    AWS Private CA (ACM PCA), as the API call C(GetCertificateAuthorityCsr) gives it, together
    with a parsed view in the format of M(community.crypto.openssl_csr_info).
  - AWS creates the CSR when the CA is created (with C(CreateCertificateAuthority)). Sign it with
    your root or parent CA, then import the signed certificate into the CA to activate it.
  - While AWS is still creating the CSR, the module polls until it is there (see O(wait)).
  - A CA exists in one region only, and its ARN names that region. The request always goes to
    the ARN's region. When a different region is set for the task (O(region), directly or through
    C(module_defaults)), the module warns and uses the ARN's; a default region from a profile or the
    environment is silently replaced.
  - Throttling, server errors and unanswered requests are retried with jittered backoff within
    O(time_budget), so a persistent fault fails within about a minute by default.
author:
  - privateca.aws maintainers (@privateca)
options: {}
notes:
  - To change the client's timeouts, set C(connect_timeout) (default 10 s) or C(read_timeout) (default 30 s)
    in O(aws_config); neither may exceed O(time_budget). C(retries) in O(aws_config) replaces the budget's
    retries (see O(time_budget)).
  - RV(csr_info) needs the Python library C(cryptography) on the host that runs the module; without it
    the module returns the PEM only and warns.
  - This module does not change anything and supports check mode.
seealso:
  - module: community.crypto.openssl_csr_info
  - module: community.crypto.x509_certificate
  - plugin: privateca.aws.acmpca_csr
    plugin_type: lookup
  - name: GetCertificateAuthorityCsr API reference
    description: The AWS API call this module makes.
    link: https://docs.aws.amazon.com/privateca/latest/APIReference/API_GetCertificateAuthorityCsr.html
extends_documentation_fragment:
  - privateca.aws.acmpca.certificate_authority_arn
  - privateca.aws.acmpca
  - privateca.aws.acmpca.time_budget
  - privateca.aws.acmpca.requirements
  - privateca.aws.attributes.info_module
  - privateca.aws.attributes.actiongroup_aws
  - amazon.aws.common.modules
  - amazon.aws.region.modules
"""

EXAMPLES = r"""
- name: Get the CSR of a private CA
  privateca.aws.acmpca_csr_info:
    certificate_authority_arn: arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012
  register: ca_csr

- name: Show its subject
  ansible.builtin.debug:
    msg: "{{ ca_csr.csr_info.subject }}"

- name: Right after creating a CA, wait up to five minutes for AWS to create its CSR
  privateca.aws.acmpca_csr_info:
    arn: "{{ new_ca_arn }}"
    wait: true
    wait_timeout: 300
  register: ca_csr

- name: Write the CSR to a file for an offline signing ceremony
  ansible.builtin.copy:
    content: "{{ ca_csr.csr }}"
    dest: /secure/ceremony/subordinate-ca.csr
    mode: "0600"
  delegate_to: localhost

- name: Sign the CSR with a root CA kept by community.crypto
  community.crypto.x509_certificate:
    path: /secure/ceremony/subordinate-ca.pem
    csr_content: "{{ ca_csr.csr }}"
    provider: ownca
    ownca_path: /secure/root/root-ca.pem
    ownca_privatekey_path: /secure/root/root-ca.key
    ownca_not_after: +1825d
  delegate_to: localhost

- name: Fail within 15 seconds if AWS keeps throttling or failing, and give up on a silent endpoint after 5
  privateca.aws.acmpca_csr_info:
    arn: "{{ ca_arn }}"
    time_budget: 15
    aws_config:
      read_timeout: 5
  register: ca_csr

- name: Use the same connection settings for every AWS task, through the module_defaults group
  module_defaults:
    group/privateca.aws.aws:
      region: eu-west-1
      profile: pki-admin
  block:
    - name: Get the CSR without waiting; fail if AWS is still creating it
      privateca.aws.acmpca_csr_info:
        arn: "{{ ca_arn }}"
        wait: false
"""

RETURN = r"""
certificate_authority_arn:
  description: The ARN of the CA, as given.
  returned: success
  type: str
  sample: arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012
csr:
  description: The CSR in PEM format, exactly as the API returned it.
  returned: success
  type: str
  sample: "-----BEGIN CERTIFICATE REQUEST-----\nMIIC...\n-----END CERTIFICATE REQUEST-----\n"
csr_info:
  description:
    - The CSR parsed, with the keys, types and formats of M(community.crypto.openssl_csr_info).
  returned: success, when the Python library C(cryptography) is importable
  type: dict
  contains:
    subject:
      description: The subject, as a dictionary of attribute short names to values.
      returned: success
      type: dict
      sample: {"commonName": "Example Subordinate CA", "organizationName": "Example Corp"}
    subject_ordered:
      description: The subject as an ordered list of V([name, value]) pairs.
      returned: success
      type: list
      elements: list
      sample: [["organizationName", "Example Corp"], ["commonName", "Example Subordinate CA"]]
    signature_valid:
      description: Whether the CSR's signature is valid for its public key.
      returned: success
      type: bool
      sample: true
    public_key:
      description: The CSR's public key in PEM format.
      returned: success
      type: str
      sample: "-----BEGIN PUBLIC KEY-----\n..."
    public_key_type:
      description:
        - The public key's type, V(RSA), V(DSA), V(ECC), V(Ed25519), V(Ed448), V(X25519), V(X448), V(DH),
          V(ML-DSA-44), V(ML-DSA-65), V(ML-DSA-87), V(ML-KEM-768) or V(ML-KEM-1024) (as far as the installed
          C(cryptography) knows the type), or C(unknown (<class name>)) for a type it does not name.
      returned: success
      type: str
      sample: RSA
    public_key_data:
      description: Details of the public key.
      returned: success
      type: dict
      contains:
        size:
          description: The key size in bits.
          returned: When C(public_key_type=RSA)
          type: int
          sample: 2048
        modulus:
          description: The RSA key's modulus.
          returned: When C(public_key_type=RSA)
          type: int
        exponent:
          description: The RSA key's public exponent.
          returned: When C(public_key_type=RSA)
          type: int
          sample: 65537
        curve:
          description: The curve's name, for C(ECC) keys.
          returned: When C(public_key_type=ECC)
          type: str
          sample: secp256r1
        x:
          description: The C(x) coordinate of the ECC public key.
          returned: When C(public_key_type=ECC)
          type: int
        y:
          description: The C(y) coordinate of the ECC public key.
          returned: When C(public_key_type=ECC)
          type: int
        exponent_size:
          description: The maximum number of bits of a private key, for C(ECC) keys.
          returned: When C(public_key_type=ECC)
          type: int
          sample: 256
    public_key_fingerprints:
      description: Fingerprints of the public key, by hash algorithm, as colon-separated hex.
      returned: success
      type: dict
      sample: {"sha256": "d4:b3:aa:6d:...", "sha1": "b7:42:..."}
    basic_constraints:
      description: Entries of the C(basicConstraints) extension, or V(null) without one.
      returned: success
      type: list
      elements: str
      sample: ["CA:TRUE", "pathlen:0"]
    basic_constraints_critical:
      description: Whether the C(basicConstraints) extension is critical.
      returned: success
      type: bool
    key_usage:
      description: Entries of the C(keyUsage) extension, or V(null) without one.
      returned: success
      type: list
      elements: str
      sample: ["Certificate Sign", "CRL Sign"]
    key_usage_critical:
      description: Whether the C(keyUsage) extension is critical.
      returned: success
      type: bool
    extended_key_usage:
      description: Entries of the C(extendedKeyUsage) extension, or V(null) without one.
      returned: success
      type: list
      elements: str
      sample: ["TLS Web Server Authentication"]
    extended_key_usage_critical:
      description: Whether the C(extendedKeyUsage) extension is critical.
      returned: success
      type: bool
    subject_alt_name:
      description: Entries of the C(subjectAltName) extension, or V(null) without one.
      returned: success
      type: list
      elements: str
      sample: ["DNS:ca.example.com"]
    subject_alt_name_critical:
      description: Whether the C(subjectAltName) extension is critical.
      returned: success
      type: bool
    ocsp_must_staple:
      description: Whether the C(TLS Feature) extension asks for OCSP stapling, or V(null) without the extension.
      returned: success
      type: bool
    ocsp_must_staple_critical:
      description: Whether the C(TLS Feature) extension is critical.
      returned: success
      type: bool
    name_constraints_permitted:
      description: The permitted subtrees of the C(nameConstraints) extension, or V(null) without one.
      returned: success
      type: list
      elements: str
      sample: ["DNS:.example.com", "IP:10.0.0.0/8"]
    name_constraints_excluded:
      description: The excluded subtrees of the C(nameConstraints) extension, or V(null) without one.
      returned: success
      type: list
      elements: str
      sample: ["DNS:forbidden.example.com"]
    name_constraints_critical:
      description: Whether the C(nameConstraints) extension is critical.
      returned: success
      type: bool
    subject_key_identifier:
      description: The subject key identifier as colon-separated hex, or V(null) without the extension.
      returned: success
      type: str
      sample: "00:11:22:33"
    authority_key_identifier:
      description: The authority key identifier as colon-separated hex, or V(null) when absent.
      returned: success
      type: str
      sample: "00:11:22:33"
    authority_cert_issuer:
      description: The authority key identifier's issuer names, or V(null) when absent.
      returned: success
      type: list
      elements: str
      sample: ["dirName:CN=Example Root CA"]
    authority_cert_serial_number:
      description: The authority key identifier's certificate serial number, or V(null) when absent.
      returned: success
      type: int
      sample: 12345
    extensions_by_oid:
      description: Every extension by OID, with its criticality and its Base64-encoded DER value.
      returned: success
      type: dict
      sample: {"2.5.29.19": {"critical": true, "value": "MAMBAf8="}}
"""

from ansible.module_utils.common.warnings import warn

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.privateca.aws.plugins.module_utils._aws.arn import CA_ARN_ARGUMENT_SPEC
from ansible_collections.privateca.aws.plugins.module_utils._aws.arn import parse_ca_arn
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import AcmPcaError
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import InvalidInputError
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import TIME_BUDGET_ARGUMENT_SPEC
from ansible_collections.privateca.aws.plugins.module_utils._aws.wait_timeout import WAIT_TIMEOUT_ARGUMENT_SPEC
from ansible_collections.privateca.aws.plugins.module_utils._aws.wait_timeout import check_wait_timeout
from ansible_collections.privateca.aws.plugins.module_utils._csr import csr_result
from ansible_collections.privateca.aws.plugins.module_utils._csr import get_csr
from ansible_collections.privateca.aws.plugins.module_utils._csr import missing_cryptography_warning
from ansible_collections.privateca.aws.plugins.module_utils._module import ca_api


def main():
    argument_spec = dict(
        **CA_ARN_ARGUMENT_SPEC,
        wait=dict(type="bool", default=True),
        **WAIT_TIMEOUT_ARGUMENT_SPEC,
        **TIME_BUDGET_ARGUMENT_SPEC,
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)

    try:
        ca_arn = parse_ca_arn(module.params["certificate_authority_arn"])
        wait_timeout = check_wait_timeout(module.params["wait_timeout"])
        api = ca_api(module, ca_arn)
    except (InvalidInputError, ValueError) as e:
        module.fail_json(msg=str(e))

    try:
        pem = get_csr(api, ca_arn, wait=module.params["wait"], wait_timeout=wait_timeout)
        result = csr_result(ca_arn, pem)
    except AcmPcaError as e:
        module.fail_json_aws_error(e)

    cryptography_warning = missing_cryptography_warning()
    if cryptography_warning:
        warn(cryptography_warning)
    module.exit_json(changed=False, **result)


if __name__ == "__main__":
    main()
