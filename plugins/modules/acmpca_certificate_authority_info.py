#!/usr/bin/python
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: acmpca_certificate_authority_info
short_description: Describe AWS Private CA certificate authorities, one by ARN or all of a region with filters
version_added: 0.2.0
description:
  - Returns private certificate authorities (CAs) of AWS Private CA (ACM PCA) as C(DescribeCertificateAuthority)
    gives them, in snake_case, with their tags, and optionally their certificate and chain and their CSR.
  - With O(certificate_authority_arn), that CA; otherwise every CA of the region that matches all the filters
    given (O(name), O(tags), O(status), O(type), O(resource_owner)).
  - With O(name) or O(tags) (and O(resource_owner=SELF)), the Resource Groups Tagging API's C(GetResources) names
    the CAs that carry them in one request, and only those (and C(DELETED) CAs) have their tags read. Without
    O(name) and O(tags), every CA of the region has its tags read (C(ListTags), one request per CA, against a
    quota shared by the account).
  - The list is read page by page; the per-CA requests (tags, certificate, CSR) run with at most
    O(max_concurrency) in flight.
  - C(DELETED) CAs in their restore window are listed, with status C(DELETED) and C(restorable_until); filter
    them out with O(status). AWS does not give a C(DELETED) CA's tags (C(ListTags) answers
    C(InvalidStateException)), so with O(name) or O(tags) a C(DELETED) CA matches only where the tagging API
    still lists it with its tags, which AWS does not document; find one for sure by O(certificate_authority_arn).
author:
  - privateca.aws maintainers (@privateca)
options:
  certificate_authority_arn:
    description:
      - The ARN of one CA. The request goes to the ARN's region (with a warning when the task sets
        another O(region); a region from a profile or the environment is replaced silently).
      - When the CA does not exist or is C(DELETED), O(on_missing) says what happens. A C(DELETED) CA is returned
        when O(status) includes V(DELETED).
    type: str
    aliases: [arn]
  name:
    description: Only CAs whose C(Name) tag is this value.
    type: str
  tags:
    description: Only CAs that have all these tags, with these values.
    type: dict
  status:
    description: Only CAs in one of these statuses.
    type: list
    elements: str
    choices: [CREATING, PENDING_CERTIFICATE, ACTIVE, DELETED, DISABLED, EXPIRED, FAILED]
  type:
    description: Only CAs of this type.
    type: str
    choices: [ROOT, SUBORDINATE]
  resource_owner:
    description:
      - V(SELF) lists the account's own CAs; V(OTHER_ACCOUNTS) the CAs that other accounts share with it through
        AWS RAM. Ignored with O(certificate_authority_arn).
      - The tags of a shared CA may not be readable with the CA's RAM permission; with V(OTHER_ACCOUNTS), such
        CAs are listed with empty tags and a warning that names them.
    type: str
    choices: [SELF, OTHER_ACCOUNTS]
    default: SELF
  include_certificate:
    description:
      - Add each CA's certificate and chain (C(GetCertificateAuthorityCertificate)), for CAs whose status has one
        (C(ACTIVE), C(DISABLED), C(EXPIRED)). One more request per such CA.
    type: bool
    default: false
  include_csr:
    description:
      - Add each CA's CSR (C(GetCertificateAuthorityCsr)), for CAs whose status has one (C(PENDING_CERTIFICATE),
        C(ACTIVE), C(DISABLED), C(EXPIRED)). One more request per such CA. A CSR that AWS is still creating is
        left out.
    type: bool
    default: false
  max_concurrency:
    description: How many per-CA requests may be in flight at once, 1 to 32.
    type: int
    default: 8
  on_missing:
    description:
      - With O(certificate_authority_arn), what to do when the CA does not exist or is C(DELETED).
      - V(error) fails the task; V(warn) returns an empty list with a warning; V(skip) returns an empty list.
      - The same values as the O(privateca.aws.acmpca_csr#lookup:on_missing) option of the lookup.
    type: str
    choices: [error, warn, skip]
    default: error
extends_documentation_fragment:
  - privateca.aws.acmpca.time_budget
  - privateca.aws.acmpca.requirements
  - privateca.aws.attributes.info_module
  - privateca.aws.attributes.actiongroup_aws
  - amazon.aws.common.modules
  - amazon.aws.region.modules
notes:
  - "Requests: by ARN, C(DescribeCertificateAuthority) and C(ListTags). Otherwise C(ListCertificateAuthorities)
    (one per page), then C(ListTags) for each CA that passes O(status) and O(type): with O(name) or O(tags), only
    for the CAs that C(GetResources) names (one request per 100 of them) and the C(DELETED) ones. Then
    C(GetCertificateAuthorityCertificate) and C(GetCertificateAuthorityCsr) per CA as asked for."
  - Permissions needed (IAM actions) C(acm-pca:ListCertificateAuthorities) or C(acm-pca:DescribeCertificateAuthority),
    C(acm-pca:ListTags), C(tag:GetResources) to filter by O(name) or O(tags), and
    C(acm-pca:GetCertificateAuthorityCertificate) and C(acm-pca:GetCertificateAuthorityCsr) as asked for.
  - Without C(tag:GetResources) (AccessDeniedException), the module warns once, naming the permission to add, and
    lists every CA of the region instead, as it did before it used the tagging API.
  - The tagging API is eventually consistent (AWS documents no delay). A CA created or tagged moments ago may be
    missing from a result by O(name) or O(tags) for a short while. Give O(certificate_authority_arn) to see a new
    CA at once. The tags returned are always the CA's own (C(ListTags)), and a CA whose tags no longer match is
    left out.
seealso:
  - module: privateca.aws.acmpca_certificate_authority
  - module: privateca.aws.acmpca_csr_info
"""

EXAMPLES = r"""
- name: Every active root CA of the region
  privateca.aws.acmpca_certificate_authority_info:
    type: ROOT
    status: [ACTIVE]
  register: roots

- name: One CA by its name, with its certificate and chain
  privateca.aws.acmpca_certificate_authority_info:
    name: example-issuing-ca
    include_certificate: true
  register: issuing

- name: Show its certificate
  ansible.builtin.debug:
    msg: "{{ issuing.certificate_authorities[0].certificate }}"

- name: CAs of the pki team that wait for their certificate, with their CSRs
  privateca.aws.acmpca_certificate_authority_info:
    tags:
      team: pki
    status: [PENDING_CERTIFICATE]
    include_csr: true
  register: pending

- name: One CA by ARN; no failure if it is gone
  privateca.aws.acmpca_certificate_authority_info:
    certificate_authority_arn: arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012
    on_missing: skip
  register: maybe
"""

RETURN = r"""
certificate_authorities:
  description:
    - The CAs found, in the shape of RV(privateca.aws.acmpca_certificate_authority#module:certificate_authority).
  returned: always
  type: list
  elements: dict
  contains:
    arn:
      description: The CA's ARN.
      returned: always
      type: str
      sample: arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012
    owner_account:
      description: The account that owns the CA.
      returned: always
      type: str
    created_at:
      description: When the CA was created (ISO 8601).
      returned: always
      type: str
    last_state_change_at:
      description: When the CA's status last changed (ISO 8601).
      returned: when AWS gives it
      type: str
    type:
      description: V(ROOT) or V(SUBORDINATE).
      returned: always
      type: str
    serial:
      description: The serial number of the CA's certificate.
      returned: when the CA has its certificate
      type: str
    status:
      description: The CA's status.
      returned: always
      type: str
      sample: ACTIVE
    not_before:
      description: Start of the CA certificate's validity (ISO 8601).
      returned: when the CA has its certificate
      type: str
    not_after:
      description: End of the CA certificate's validity (ISO 8601).
      returned: when the CA has its certificate
      type: str
    failure_reason:
      description: Why AWS failed to create the CA.
      returned: when the status is C(FAILED)
      type: str
    certificate_authority_configuration:
      description: Key algorithm, signing algorithm, subject and CSR extensions, in snake_case.
      returned: always
      type: dict
      contains:
        key_algorithm:
          description: The type and size of the CA's key, such as C(RSA_2048) or C(EC_prime256v1).
          returned: always
          type: str
          sample: EC_prime256v1
        signing_algorithm:
          description: The algorithm the CA signs with, such as C(SHA256WITHECDSA).
          returned: always
          type: str
          sample: SHA256WITHECDSA
        subject:
          description:
            - The CA's subject, as the API's C(ASN1Subject) in snake_case (C(common_name), C(organization),
              C(country), ...); only the fields that are set.
          returned: always
          type: dict
          sample: {"common_name": "Example Root CA", "organization": "Example Corp", "country": "US"}
        csr_extensions:
          description:
            - The extensions the CA's CSR asks for, as the API's C(CsrExtensions) in snake_case
              (C(key_usage), C(subject_information_access)).
          returned: when the CA was created with them
          type: dict
          sample: {"key_usage": {"key_cert_sign": true, "crl_sign": true}}
    revocation_configuration:
      description: The CRL and OCSP configuration, in snake_case.
      returned: when the CA has one
      type: dict
      contains:
        crl_configuration:
          description:
            - The certificate revocation list, as the API's C(CrlConfiguration) in snake_case (C(enabled),
              C(expiration_in_days), C(s3_bucket_name), C(s3_object_acl), C(custom_cname), C(crl_type),
              C(custom_path)).
          returned: when the CA has one
          type: dict
          sample: {"enabled": true, "expiration_in_days": 7, "s3_bucket_name": "example-crl-bucket"}
        ocsp_configuration:
          description: OCSP, as the API's C(OcspConfiguration) in snake_case (C(enabled), C(ocsp_custom_cname)).
          returned: when the CA has one
          type: dict
          sample: {"enabled": true}
    restorable_until:
      description: Until when a C(DELETED) CA can be restored (ISO 8601).
      returned: when the status is C(DELETED)
      type: str
    key_storage_security_standard:
      description: The standard of the hardware that keeps the key.
      returned: always
      type: str
    usage_mode:
      description: V(GENERAL_PURPOSE) or V(SHORT_LIVED_CERTIFICATE).
      returned: always
      type: str
    tags:
      description: The CA's tags, keys as they are in AWS.
      returned: always
      type: dict
    name:
      description: The value of the C(Name) tag, or V(null).
      returned: always
      type: str
    certificate:
      description: The CA's certificate in PEM format.
      returned: with O(include_certificate=true), for a CA that has one
      type: str
    certificate_chain:
      description: The chain of the CA's certificate in PEM format (none for a root CA).
      returned: with O(include_certificate=true), for a CA that has one
      type: str
    csr:
      description: The CA's CSR in PEM format.
      returned: with O(include_csr=true), for a CA that has one
      type: str
"""

from ansible.module_utils.common.warnings import warn

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.privateca.aws.plugins.module_utils import _ca_model as model
from ansible_collections.privateca.aws.plugins.module_utils._aws.arn import parse_ca_arn
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import AcmPcaError
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import InvalidInputError
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import TIME_BUDGET_ARGUMENT_SPEC
from ansible_collections.privateca.aws.plugins.module_utils._ca_by_tag import module_tagging
from ansible_collections.privateca.aws.plugins.module_utils._certificate_authority_info import MAX_CONCURRENCY_LIMIT
from ansible_collections.privateca.aws.plugins.module_utils._certificate_authority_info import CertificateAuthorityInfo
from ansible_collections.privateca.aws.plugins.module_utils._certificate_authority_info import MissingCa
from ansible_collections.privateca.aws.plugins.module_utils._module import ca_api

ARGUMENT_SPEC = dict(
    certificate_authority_arn=dict(type="str", aliases=["arn"]),
    name=dict(type="str"),
    tags=dict(type="dict"),
    status=dict(type="list", elements="str", choices=list(model.STATUSES)),
    type=dict(type="str", choices=list(model.CA_TYPES)),
    resource_owner=dict(type="str", choices=["SELF", "OTHER_ACCOUNTS"], default="SELF"),
    include_certificate=dict(type="bool", default=False),
    include_csr=dict(type="bool", default=False),
    max_concurrency=dict(type="int", default=8),
    on_missing=dict(type="str", choices=["error", "warn", "skip"], default="error"),
    **TIME_BUDGET_ARGUMENT_SPEC,
)


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    params = module.params
    arn = params["certificate_authority_arn"]
    try:
        ca_arn = parse_ca_arn(arn) if arn is not None else None
        if not 1 <= params["max_concurrency"] <= MAX_CONCURRENCY_LIMIT:
            raise InvalidInputError(
                f"max_concurrency must be between 1 and {MAX_CONCURRENCY_LIMIT}, got {params['max_concurrency']}."
            )
    except InvalidInputError as e:
        module.fail_json(msg=str(e))

    api = ca_api(module, ca_arn)
    info = CertificateAuthorityInfo(api, params, tagging=module_tagging(module, api), warn=warn)
    try:
        cas = info.by_arn(arn) if arn is not None else info.listing()
    except MissingCa as e:
        if params["on_missing"] == "error":
            module.fail_json(msg=f"{e}; set on_missing to warn or skip to get an empty list instead.")
        if params["on_missing"] == "warn":
            warn(f"{e}; returning an empty list.")
        cas = []
    except AcmPcaError as e:
        module.fail_json_aws_error(e)
    if info.tags_denied:
        warn(
            f"The credentials may not read the tags of {len(info.tags_denied)} shared CA(s) "
            f"({', '.join(info.tags_denied)}); they are listed with empty tags, and the name and tags filters "
            "cannot match them."
        )
    module.exit_json(changed=False, certificate_authorities=cas)


if __name__ == "__main__":
    main()
