#!/usr/bin/python
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: acmpca_certificate
short_description: Issue, fetch or revoke a certificate of an AWS Private CA
version_added: 0.2.0
description:
  - Issues a certificate for a CSR from a private CA of AWS Private CA (ACM PCA) with C(IssueCertificate),
    fetches one with C(GetCertificate), or revokes one with C(RevokeCertificate).
  - B(Idempotency needs) O(path). With O(path), the module works like M(community.crypto.x509_certificate).
    When the file holds a certificate for the CSR's public key, with the CSR's subject and subject alternative
    names (unless O(api_passthrough) sets them), issued by this CA (its signature is checked against the CA's
    certificate), and valid for more than O(remaining_days) days, nothing is issued and nothing changes.
    Otherwise a new certificate is issued and written to O(path) atomically.
  - A change of O(template), O(validity), O(signing_algorithm) or O(api_passthrough) alone does not replace a
    certificate kept at O(path); remove the file, or let O(remaining_days) replace it.
  - Without O(path) and without O(certificate_arn), B(every run issues a new certificate) and reports a change,
    like an HTTP POST. The request carries an idempotency token derived from the CSR and the options, so a
    task retried within the few minutes AWS keeps the token gets the same certificate instead of a second one.
  - With O(certificate_arn), the module fetches that certificate and issues nothing.
  - With O(state=revoked), the module revokes the certificate of O(certificate_arn), or the one held at
    O(path). A certificate that is already revoked is no change.
  - B(A revoked certificate does not stay) at O(path). With O(state=revoked) and O(path), the revoked
    certificate is moved to O(path) with C(.revoked) appended (replacing an earlier one there). So the next
    O(state=present) with this O(path) finds no certificate and issues a new one, and a rerun of the revocation
    finds the record and sends no request (no change, also in check mode).
  - Without O(path), the module cannot know whether the certificate of O(certificate_arn) is revoked already
    (the API has no read call that says so), so a rerun sends C(RevokeCertificate) again, which AWS refuses with
    C(RequestAlreadyProcessedException), and the task reports no change; in check mode it reports a change.
    A certificate at O(path) that was revoked without O(path), or by other means, counts as valid until it
    expires; revoke with O(path) to avoid that.
  - A CA exists in one region only, and its ARN names that region. The requests always go to the ARN's
    region. When a different region is set for the task (O(region), directly or through
    C(module_defaults)), the module warns and uses the ARN's; a default region from a profile or the
    environment is replaced silently.
author:
  - privateca.aws maintainers (@privateca)
options:
  csr:
    description:
      - The certificate signing request in PEM format. Mutually exclusive with O(csr_path).
      - Required to issue a certificate, that is with O(state=present) and without O(certificate_arn).
      - With O(certificate_arn), when given, the fetched certificate must carry its public key.
    type: str
  csr_path:
    description:
      - A file on the managed host that holds the CSR in PEM format. Mutually exclusive with O(csr).
    type: path
  template:
    description:
      - The certificate template, as a name such as V(EndEntityCertificate/V1),
        V(EndEntityServerAuthCertificate/V1) or V(SubordinateCACertificate_PathLen0/V1), or as a template ARN.
      - A name becomes the ARN C(arn:<the CA's partition>:acm-pca:::template/<name>). Names are checked
        against the templates AWS documents before any request.
      - Without it, AWS uses V(EndEntityCertificate/V1).
    type: str
  signing_algorithm:
    description:
      - The algorithm with which the CA signs the certificate. Without it, the CA's own signing algorithm
        (from C(DescribeCertificateAuthority)).
    type: str
    choices: [SHA256WITHECDSA, SHA384WITHECDSA, SHA512WITHECDSA, SHA256WITHRSA, SHA384WITHRSA, SHA512WITHRSA,
              SHA256WITHRSA_PSS, SHA384WITHRSA_PSS, SHA512WITHRSA_PSS, SM3WITHSM2, ML_DSA_44, ML_DSA_65, ML_DSA_87]
  validity:
    description:
      - How long the certificate is valid, as the API's C(Validity). Required to issue a certificate.
    type: dict
    suboptions:
      value:
        description:
          - A number of O(validity.type) units; for V(END_DATE) a date as C(YYYYMMDDHHMMSS); for V(ABSOLUTE)
            seconds since the Unix epoch.
        type: int
        required: true
      type:
        description: The unit of O(validity.value).
        type: str
        required: true
        choices: [END_DATE, ABSOLUTE, DAYS, MONTHS, YEARS]
  validity_not_before:
    description:
      - When the certificate starts to be valid, as the API's C(ValidityNotBefore) (same shape as O(validity)).
        Without it, AWS backdates the start by 60 minutes.
    type: dict
    suboptions:
      value:
        description:
          - A number of O(validity_not_before.type) units; for V(END_DATE) a date as C(YYYYMMDDHHMMSS); for V(ABSOLUTE)
            seconds since the Unix epoch.
        type: int
        required: true
      type:
        description: The unit of O(validity_not_before.value).
        type: str
        required: true
        choices: [END_DATE, ABSOLUTE, DAYS, MONTHS, YEARS]
  api_passthrough:
    description:
      - Extensions and subject to put into the certificate, as the API's C(ApiPassthrough), with keys in
        snake_case (V(extensions), V(subject), V(key_usage), V(digital_signature), V(common_name), ...).
      - Only templates whose names contain C(APIPassthrough) use it. Checked against the API's structure
        before any request.
    type: dict
  path:
    description:
      - A file on the managed host that holds the certificate in PEM format, written atomically.
      - It makes issuing idempotent (see the description). A file that holds something else than a
        certificate (for example a private key) is never overwritten; the task fails instead.
    type: path
  remaining_days:
    description:
      - With O(path), a certificate that expires within this many days is replaced by a new one.
      - A relative O(validity) (V(DAYS), V(MONTHS), V(YEARS)) that is not longer than this is refused before any
        request, since every run would then issue a new certificate.
    type: int
    default: 30
  certificate_arn:
    description:
      - The ARN of an issued certificate, C(<CA ARN>/certificate/<hex serial>); it must belong to
        O(certificate_authority_arn).
      - With O(state=present), the module fetches this certificate (and writes it to O(path) when given)
        instead of issuing one. With O(state=revoked), the certificate to revoke.
    type: str
  state:
    description:
      - V(present) issues or fetches a certificate; V(revoked) revokes the certificate of O(certificate_arn)
        or O(path).
    type: str
    choices: [present, revoked]
    default: present
  revocation_reason:
    description: The reason for the revocation, with O(state=revoked).
    type: str
    choices: [UNSPECIFIED, KEY_COMPROMISE, CERTIFICATE_AUTHORITY_COMPROMISE, AFFILIATION_CHANGED, SUPERSEDED,
              CESSATION_OF_OPERATION, PRIVILEGE_WITHDRAWN, A_A_COMPROMISE]
    default: UNSPECIFIED
  wait:
    description:
      - Wait until AWS has issued the certificate (C(GetCertificate) answers C(RequestInProgressException)
        meanwhile). When V(false) and the certificate is not ready, the module returns its ARN only, and
        warns.
    type: bool
    default: true
  wait_timeout:
    description: How many seconds to wait for the certificate, at least 1.
    type: int
    default: 300
notes:
  - In check mode, a O(certificate_authority_arn) or O(csr) that M(privateca.aws.acmpca_certificate_authority)
    returned in check mode for a CA it would create (an ARN with account and CA id in zeros, a CSR that is a
    placeholder text) is accepted without any request, and the module reports what it would do.
  - The credentials need the IAM actions C(acm-pca:DescribeCertificateAuthority), C(acm-pca:IssueCertificate),
    C(acm-pca:GetCertificate), C(acm-pca:GetCertificateAuthorityCertificate) and, to revoke,
    C(acm-pca:RevokeCertificate) on the CA.
  - In check mode with O(state=revoked), the module reports a change even for a certificate that is already
    revoked, unless its revocation is recorded at O(path) (see the description); the API has no call that tells
    without revoking. Outside check mode, revoking a revoked certificate is no change.
  - The certificate and CSR checks need the Python library C(cryptography) on the host that runs the module.
requirements:
  - cryptography >= 41.0
seealso:
  - module: privateca.aws.acmpca_certificate_info
  - module: privateca.aws.acmpca_certificate_authority_certificate
  - module: community.crypto.x509_certificate
  - name: IssueCertificate API reference
    description: The AWS API call that issues a certificate, with its options.
    link: https://docs.aws.amazon.com/privateca/latest/APIReference/API_IssueCertificate.html
  - name: Certificate templates
    description: The templates AWS Private CA offers.
    link: https://docs.aws.amazon.com/privateca/latest/userguide/UsingTemplates.html
attributes:
  idempotent:
    description:
      - When run twice in a row outside check mode, with the same arguments, the second invocation indicates no change.
      - This assumes that the system controlled/queried by the module has not changed in a relevant way.
    support: partial
    details:
      - With O(path), with O(certificate_arn), and for O(state=revoked), a second run reports no change and
        sends no write call.
      - Without O(path) and O(certificate_arn), every run issues a certificate and reports a change (within
        five minutes AWS returns the same one for the same request).
extends_documentation_fragment:
  - privateca.aws.acmpca.certificate_authority_arn
  - ansible.builtin.files
  - privateca.aws.acmpca.time_budget_wait
  - privateca.aws.acmpca.requirements
  - privateca.aws.attributes
  - privateca.aws.attributes.actiongroup_aws
  - amazon.aws.common.modules
  - amazon.aws.region.modules
"""

EXAMPLES = r"""
- name: Make a key and a CSR for a web server
  community.crypto.openssl_privatekey:
    path: /etc/pki/tls/private/web.key
    type: ECC
    curve: secp256r1

- name: Make its CSR
  community.crypto.openssl_csr:
    path: /etc/pki/tls/web.csr
    privatekey_path: /etc/pki/tls/private/web.key
    common_name: web.example.internal
    subject_alt_name: ["DNS:web.example.internal"]

- name: Get a one-year server certificate; renewed when fewer than 30 days are left
  privateca.aws.acmpca_certificate:
    certificate_authority_arn: "{{ issuing_ca_arn }}"
    csr_path: /etc/pki/tls/web.csr
    template: EndEntityServerAuthCertificate/V1
    validity:
      value: 365
      type: DAYS
    path: /etc/pki/tls/certs/web.pem
    mode: "0644"
  register: web_certificate

- name: Issue a certificate with a subject set through the API
  privateca.aws.acmpca_certificate:
    certificate_authority_arn: "{{ issuing_ca_arn }}"
    csr: "{{ lookup('ansible.builtin.file', 'client.csr') }}"
    template: EndEntityClientAuthCertificate_APIPassthrough/V1
    validity:
      value: 20301231235959
      type: END_DATE
    api_passthrough:
      subject:
        common_name: build-agent-17
        organizational_unit: CI
    path: /etc/pki/client/agent.pem

- name: Fetch a certificate that was issued earlier
  privateca.aws.acmpca_certificate:
    certificate_authority_arn: "{{ issuing_ca_arn }}"
    certificate_arn: "{{ web_certificate.certificate_arn }}"

- name: Revoke the certificate held at a path, because its key leaked; it is moved to web.pem.revoked
  privateca.aws.acmpca_certificate:
    certificate_authority_arn: "{{ issuing_ca_arn }}"
    path: /etc/pki/tls/certs/web.pem
    state: revoked
    revocation_reason: KEY_COMPROMISE
"""

RETURN = r"""
certificate_authority_arn:
  description: The ARN of the CA, as given.
  returned: success
  type: str
  sample: arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012
certificate_arn:
  description:
    - The ARN of the certificate. For a certificate kept at O(path), derived from the CA's ARN and its serial.
    - In check mode, for a certificate that would be issued, the CA's ARN followed by C(/certificate/) and 32
      zeros.
  returned: success
  type: str
  sample: arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012/certificate/6707447683a9b7f4055627ffd55cebcc
certificate:
  description:
    - The certificate in PEM format.
    - In check mode, for a certificate that would be issued, a placeholder text that is not PEM;
      M(privateca.aws.acmpca_certificate_authority_certificate) in check mode accepts it.
  returned: when O(state=present)
  type: str
  sample: "-----BEGIN CERTIFICATE-----\nMIIC...\n-----END CERTIFICATE-----\n"
certificate_chain:
  description:
    - The chain of the certificate in PEM format, the issuing CA's certificate first.
    - In check mode, for a certificate that would be issued, the chain it would have (V(null) for a root CA's
      own certificate, or when the CA is one that an earlier task would create).
  returned: when O(state=present)
  type: str
  sample: "-----BEGIN CERTIFICATE-----\nMIIC...\n-----END CERTIFICATE-----\n"
serial_number:
  description:
    - The serial number as colon-separated hex, as C(RevokeCertificate) takes it.
    - In check mode, for a certificate that would be issued, V(00).
  returned: success
  type: str
  sample: "67:07:44:76:83:a9:b7:f4:05:56:27:ff:d5:5c:eb:cc"
not_before:
  description: The start of the validity period, as C(YYYYMMDDHHMMSSZ) in UTC.
  returned: when the certificate is known
  type: str
  sample: "20261129120000Z"
not_after:
  description: The end of the validity period, as C(YYYYMMDDHHMMSSZ) in UTC.
  returned: when the certificate is known
  type: str
  sample: "20271129120000Z"
certificate_info:
  description:
    - The certificate parsed, with key names of M(community.crypto.x509_certificate_info); the same keys as
      RV(privateca.aws.acmpca_certificate_authority_certificate#module:certificate_info).
  returned: when the certificate is known
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
revoked_path:
  description:
    - With O(state=revoked) and O(path), the file that holds the revoked certificate, O(path) with C(.revoked)
      appended; the certificate is moved there, so that O(path) no longer holds it.
  returned: with O(state=revoked) and O(path), when the certificate at O(path) is (or was earlier) revoked
  type: str
  sample: /etc/pki/tls/certs/web.pem.revoked
msg:
  description: What would be done, in check mode.
  returned: in check mode, when something would change
  type: str
  sample: "A certificate would be issued: there is no certificate at path."
"""

import os

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.privateca.aws.plugins.module_utils import _certificate as certificates
from ansible_collections.privateca.aws.plugins.module_utils import _certificate_checks as checks
from ansible_collections.privateca.aws.plugins.module_utils._aws.arn import CA_ARN_ARGUMENT_SPEC
from ansible_collections.privateca.aws.plugins.module_utils._aws.arn import parse_ca_arn
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import AcmPcaError
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import InvalidInputError
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import TIME_BUDGET_ARGUMENT_SPEC
from ansible_collections.privateca.aws.plugins.module_utils._aws.wait_timeout import WAIT_TIMEOUT_ARGUMENT_SPEC
from ansible_collections.privateca.aws.plugins.module_utils._aws.wait_timeout import check_wait_timeout
from ansible_collections.privateca.aws.plugins.module_utils._aws.waiter import Poller
from ansible_collections.privateca.aws.plugins.module_utils._ca_model import SIGNING_ALGORITHMS
from ansible_collections.privateca.aws.plugins.module_utils._ca_model import is_check_mode_arn
from ansible_collections.privateca.aws.plugins.module_utils._ca_model import is_check_mode_placeholder
from ansible_collections.privateca.aws.plugins.module_utils._module import ca_api
from ansible_collections.privateca.aws.plugins.module_utils._module import exit_with_diff

VALIDITY = dict(
    value=dict(type="int", required=True),
    type=dict(type="str", required=True, choices=list(certificates.VALIDITY_TYPES)),
)


def read_csr(params):
    """The CSR from csr or csr_path, parsed; None when neither is given."""
    text = params["csr"]
    if params["csr_path"]:
        try:
            with open(params["csr_path"], encoding="utf-8", errors="replace") as handle:
                text = handle.read()
        except OSError as e:
            raise InvalidInputError(f"Cannot read csr_path {params['csr_path']}: {e.strerror}.") from e
    if text is None:
        return None
    return checks.load_csr(text, "csr_path" if params["csr_path"] else "csr")


def issue_request(params, ca_arn, csr, placeholder=False):
    """IssueCertificate's parameters from the options, checked; refused before any request when wrong.

    placeholder: check mode, with the CSR an earlier task returned in check mode (a text, not PEM).
    """
    if csr is None and not placeholder:
        raise InvalidInputError("Give csr or csr_path to issue a certificate, or certificate_arn to fetch one.")
    if params["validity"] is None:
        raise InvalidInputError("Give validity (value and type, for example {value: 365, type: DAYS}) to issue.")
    if params["path"]:
        certificates.check_renewal_window(params["validity"], params["remaining_days"])
    request = {
        "Csr": checks.csr_pem(csr).encode("ascii") if csr is not None else b"",
        "Validity": certificates.validity(params["validity"], "validity"),
    }
    optional = {
        "TemplateArn": certificates.template_arn(params["template"], ca_arn),
        "SigningAlgorithm": params["signing_algorithm"],
        "ValidityNotBefore": certificates.validity(params["validity_not_before"], "validity_not_before"),
        "ApiPassthrough": certificates.passthrough(params["api_passthrough"]) if params["api_passthrough"] else None,
    }
    if optional["ApiPassthrough"]:
        certificates.check_passthrough(optional["ApiPassthrough"])
    request.update({key: value for key, value in optional.items() if value is not None})
    return request


def main():
    argument_spec = dict(
        **CA_ARN_ARGUMENT_SPEC,
        csr=dict(type="str"),
        csr_path=dict(type="path"),
        template=dict(type="str"),
        signing_algorithm=dict(type="str", choices=list(SIGNING_ALGORITHMS)),
        validity=dict(type="dict", options=VALIDITY),
        validity_not_before=dict(type="dict", options=VALIDITY),
        api_passthrough=dict(type="dict", no_log=False),
        path=dict(type="path"),
        remaining_days=dict(type="int", default=30),
        certificate_arn=dict(type="str"),
        state=dict(type="str", choices=["present", "revoked"], default="present"),
        revocation_reason=dict(type="str", choices=list(certificates.REVOCATION_REASONS), default="UNSPECIFIED"),
        wait=dict(type="bool", default=True),
        **WAIT_TIMEOUT_ARGUMENT_SPEC,
        **TIME_BUDGET_ARGUMENT_SPEC,
    )
    module = AnsibleAWSModule(
        argument_spec=argument_spec,
        supports_check_mode=True,
        add_file_common_args=True,
        mutually_exclusive=[("csr", "csr_path")],
        required_if=[("state", "revoked", ("certificate_arn", "path"), True)],
    )
    checks.hide_private_keys(module, ["csr"])
    if not checks.HAS_CRYPTOGRAPHY:
        module.fail_json(msg=missing_required_lib("cryptography"), exception=checks.CRYPTOGRAPHY_IMPORT_ERROR)
    params = module.params

    try:
        ca_arn = parse_ca_arn(params["certificate_authority_arn"])
        wait_timeout = check_wait_timeout(params["wait_timeout"])
        if params["remaining_days"] < 0:
            raise InvalidInputError(f"remaining_days must be 0 or more, got {params['remaining_days']}.")
        if params["certificate_arn"]:
            certificates.parse_certificate_arn(params["certificate_arn"], ca_arn)
        request, csr = None, None
        placeholder = module.check_mode and (is_check_mode_arn(ca_arn.arn) or is_check_mode_placeholder(params["csr"]))
        if params["state"] == "present":
            csr = None if placeholder else read_csr(params)
            if not params["certificate_arn"]:
                request = issue_request(params, ca_arn, csr, placeholder)
    except (InvalidInputError, checks.CertificateCheckError) as e:
        module.fail_json(msg=str(e), **checks.failure_detail(module, e))

    api = ca_api(module, ca_arn)
    poller = Poller(wait_timeout) if params["wait"] else None

    try:
        if params["state"] == "revoked":
            result = certificates.ensure_revoked(module, api, ca_arn)
        else:
            result = certificates.ensure_present(module, api, ca_arn, request, csr, poller)
    except (InvalidInputError, checks.CertificateCheckError) as e:
        module.fail_json(msg=str(e), certificate_authority_arn=ca_arn.arn, **checks.failure_detail(module, e))
    except AcmPcaError as e:
        module.fail_json_aws_error(e)

    path = params["path"]
    if params["state"] == "present" and path and os.path.exists(path):
        file_args = module.load_file_common_arguments(params, path=path)
        result["changed"] = module.set_fs_attributes_if_different(file_args, result["changed"])
    exit_with_diff(module, result)


if __name__ == "__main__":
    main()
