#!/usr/bin/python
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: acmpca_certificate_authority
short_description: Create, update, delete and restore an AWS Private CA certificate authority
version_added: 0.2.0
description:
  - Manages a private certificate authority (CA) of AWS Private CA (ACM PCA) the way a playbook needs it --
    create it, change its revocation settings and tags, enable or disable it, delete it, and restore a deleted
    one within its restore window.
  - B(Idempotent.) A second run with the same options reports no change and sends no write call to AWS.
  - B(Never replaces a CA.) The settings that AWS cannot change once a CA exists (O(type), O(key_algorithm),
    O(signing_algorithm), O(subject), O(csr_extensions), O(key_storage_security_standard), O(usage_mode)) are
    compared with the CA's; when one differs the task fails and names each differing field with both values,
    because replacing the CA would destroy its private key.
  - Only the options given are compared (an omitted option means "keep what the CA has"), except inside
    O(subject), O(csr_extensions) and O(revocation_configuration), which are compared whole once given.
  - The CA is found by O(certificate_authority_arn), or else by its C(Name) tag (O(name)) among the account's CAs
    in the region. More than one CA with that name fails and lists their ARNs.
  - A new CA waits in status C(PENDING_CERTIFICATE) for its certificate. The result carries its CSR, to sign
    with your root CA (or with the CA itself for a root CA) and import with
    M(privateca.aws.acmpca_certificate_authority_certificate).
author:
  - privateca.aws maintainers (@privateca)
options:
  state:
    description:
      - V(present) creates the CA when no CA matches, restores a matching DELETED CA that is still in its
        restore window (its key is worth keeping), and applies the in-place changes.
      - V(absent) disables an C(ACTIVE) CA, then deletes it. A missing or already C(DELETED) CA is no change.
    type: str
    choices: [present, absent]
    default: present
  certificate_authority_arn:
    description:
      - The ARN of the CA. The request goes to the ARN's region (with a warning when the task sets
        another O(region); a region from a profile or the environment is replaced silently).
      - When given, it identifies the CA; O(name) then only sets its C(Name) tag.
      - Without it, O(name) identifies the CA. One of the two is required.
    type: str
    aliases: [arn]
  name:
    description:
      - The CA's name, kept in its C(Name) tag.
      - Without O(certificate_authority_arn), the CA is the one of the account and region whose C(Name) tag is
        this value. With O(state=present), when no CA that is not C(DELETED) carries it, a C(DELETED) CA that
        carries it and can still be restored is restored; when none does, a new CA is created.
      - O(purge_tags) never removes the C(Name) tag.
    type: str
  type:
    description:
      - The CA's type. A V(ROOT) CA signs its own certificate; a V(SUBORDINATE) CA's certificate is signed by
        another CA.
      - V(SUBORDINATE) when a CA is created without it. Cannot change once the CA exists.
    type: str
    choices: [ROOT, SUBORDINATE]
  subject:
    description:
      - The subject of the CA's CSR (and so of its certificate). Required to create a CA.
      - Compared whole with the CA's subject; cannot change once the CA exists.
    type: dict
    suboptions:
      country:
        description: Two-letter country code (C(C)).
        type: str
      organization:
        description: Organization (C(O)).
        type: str
      organizational_unit:
        description: Organizational unit (C(OU)).
        type: str
      distinguished_name_qualifier:
        description: Distinguished name qualifier.
        type: str
      state:
        description: State or province (C(ST)).
        type: str
      common_name:
        description: Common name (C(CN)).
        type: str
      serial_number:
        description: Serial number attribute of the subject (not the certificate's serial).
        type: str
      locality:
        description: Locality (C(L)).
        type: str
      title:
        description: Title.
        type: str
      surname:
        description: Surname.
        type: str
      given_name:
        description: Given name.
        type: str
      initials:
        description: Initials.
        type: str
      pseudonym:
        description: Pseudonym.
        type: str
      generation_qualifier:
        description: Generation qualifier, such as C(Jr).
        type: str
      custom_attributes:
        description:
          - Attributes by object identifier. AWS accepts these only instead of the named fields above.
        type: list
        elements: dict
        suboptions:
          object_identifier:
            description: The attribute's OID, such as C(2.5.4.3).
            type: str
            required: true
          value:
            description: The attribute's value.
            type: str
            required: true
  key_algorithm:
    description:
      - The type and size of the CA's private key, which AWS creates and never lets out.
      - V(RSA_2048) when a CA is created without it. Cannot change once the CA exists.
    type: str
    choices: [RSA_2048, RSA_3072, RSA_4096, EC_prime256v1, EC_secp384r1, EC_secp521r1, ML_DSA_44, ML_DSA_65, ML_DSA_87, SM2]
  signing_algorithm:
    description:
      - The algorithm the CA signs with; it must fit O(key_algorithm) (checked before any request).
      - When a CA is created without it, the SHA-256 algorithm of the key's family (V(SHA256WITHRSA),
        V(SHA256WITHECDSA)), or the key's own algorithm for ML-DSA keys (V(ML_DSA_65) for V(ML_DSA_65)) and
        V(SM3WITHSM2) for V(SM2). Cannot change once the CA exists.
    type: str
    choices: [SHA256WITHECDSA, SHA384WITHECDSA, SHA512WITHECDSA, SHA256WITHRSA, SHA384WITHRSA, SHA512WITHRSA,
              SHA256WITHRSA_PSS, SHA384WITHRSA_PSS, SHA512WITHRSA_PSS, SM3WITHSM2, ML_DSA_44, ML_DSA_65, ML_DSA_87]
  csr_extensions:
    description:
      - Extensions of the CA's CSR. Compared whole once given (key usages that are V(false) count as absent);
        cannot change once the CA exists.
      - A CA certificate that signs certificates must carry C(keyUsage) with C(keyCertSign) (and C(cRLSign) for
        CRLs), critical (RFC 5280 4.2.1.3). AWS's CSR has no C(keyUsage) unless it is asked for here, and a signer
        that keeps the CSR's extensions (an offline root signing with
        C(community.crypto.x509_certificate)'s C(ownca) provider, or an C(APICSRPassthrough) template) then puts
        none in the certificate. Ask for it with O(csr_extensions.key_usage.key_cert_sign=true) and
        O(csr_extensions.key_usage.crl_sign=true) (see the examples);
        M(privateca.aws.acmpca_certificate_authority_certificate) warns when a certificate it imports lacks it.
    type: dict
    suboptions:
      key_usage:
        description: The key usages to ask for.
        type: dict
        suboptions:
          digital_signature:
            description: digitalSignature.
            type: bool
          non_repudiation:
            description: nonRepudiation (contentCommitment).
            type: bool
          key_encipherment:
            description: keyEncipherment.
            type: bool
          data_encipherment:
            description: dataEncipherment.
            type: bool
          key_agreement:
            description: keyAgreement.
            type: bool
          key_cert_sign:
            description: keyCertSign.
            type: bool
          crl_sign:
            description: cRLSign.
            type: bool
          encipher_only:
            description: encipherOnly.
            type: bool
          decipher_only:
            description: decipherOnly.
            type: bool
      subject_information_access:
        description: Entries of the Subject Information Access extension.
        type: list
        elements: dict
        suboptions:
          access_method:
            description: How the location is accessed; exactly one of its two fields.
            type: dict
            required: true
            suboptions:
              access_method_type:
                description: A method AWS names.
                type: str
                choices: [CA_REPOSITORY, RESOURCE_PKI_MANIFEST, RESOURCE_PKI_NOTIFY]
              custom_object_identifier:
                description: The OID of another method.
                type: str
          access_location:
            description:
              - Where, as a general name with exactly one of the keys C(other_name) (C(type_id), C(value)),
                C(rfc822_name), C(dns_name), C(directory_name) (the fields of O(subject)), C(edi_party_name)
                (C(party_name), C(name_assigner)), C(uniform_resource_identifier), C(ip_address), C(registered_id).
            type: dict
            required: true
  key_storage_security_standard:
    description:
      - The FIPS (or CCPC) level of the hardware that keeps the CA's key. AWS uses
        V(FIPS_140_2_LEVEL_3_OR_HIGHER) when not given; some regions need V(FIPS_140_2_LEVEL_2_OR_HIGHER).
      - Cannot change once the CA exists.
    type: str
    choices: [FIPS_140_2_LEVEL_2_OR_HIGHER, FIPS_140_2_LEVEL_3_OR_HIGHER, CCPC_LEVEL_1_OR_HIGHER]
  usage_mode:
    description:
      - V(GENERAL_PURPOSE) (AWS's default) or V(SHORT_LIVED_CERTIFICATE) (certificates valid up to 7 days, at a
        lower price). Cannot change once the CA exists.
    type: str
    choices: [GENERAL_PURPOSE, SHORT_LIVED_CERTIFICATE]
  revocation_configuration:
    description:
      - How the CA publishes revocation information. Changed in place with C(UpdateCertificateAuthority),
        which AWS allows only on an C(ACTIVE) or C(DISABLED) CA; on a C(PENDING_CERTIFICATE) CA a difference
        fails the task and says to import the certificate first.
      - Compared whole once given; an omitted O(revocation_configuration.crl_configuration) or
        O(revocation_configuration.ocsp_configuration) means that one is disabled.
    type: dict
    suboptions:
      crl_configuration:
        description: Certificate revocation lists (CRLs) written to an S3 bucket.
        type: dict
        suboptions:
          enabled:
            description: Whether the CA publishes CRLs.
            type: bool
            required: true
          expiration_in_days:
            description: Validity of each CRL in days (1 to 5000). When omitted, what the CA has is kept.
            type: int
          custom_cname:
            description: A DNS name to put in certificates instead of the bucket's name.
            type: str
          s3_bucket_name:
            description: The bucket the CRLs are written to; its policy must let ACM PCA write.
            type: str
          s3_object_acl:
            description: The CRL objects' ACL. V(PUBLIC_READ) when omitted, as AWS does.
            type: str
            choices: [PUBLIC_READ, BUCKET_OWNER_FULL_CONTROL]
          crl_distribution_point_extension_configuration:
            description: Whether issued certificates carry the CRL distribution point extension.
            type: dict
            suboptions:
              omit_extension:
                description: V(true) leaves the extension out of issued certificates.
                type: bool
                required: true
          crl_type:
            description: V(COMPLETE) (when omitted, as AWS does) or V(PARTITIONED).
            type: str
            choices: [COMPLETE, PARTITIONED]
          custom_path:
            description: A path for the CRL objects in the bucket instead of AWS's.
            type: str
      ocsp_configuration:
        description: The online certificate status protocol (OCSP) responder that AWS runs for the CA.
        type: dict
        suboptions:
          enabled:
            description: Whether the CA has an OCSP responder.
            type: bool
            required: true
          ocsp_custom_cname:
            description: A DNS name to put in certificates instead of AWS's OCSP URL.
            type: str
  enabled:
    description:
      - V(true) makes the CA C(ACTIVE), V(false) C(DISABLED). Only for a CA that has its certificate; on a CA
        that has none yet (C(PENDING_CERTIFICATE)) or is C(EXPIRED) the task fails, as does giving it to create
        a CA.
      - When omitted, the status is left as it is. A restored CA comes back C(DISABLED) if it had its certificate
        (C(PENDING_CERTIFICATE) if not); give V(true) to enable it in the same task.
    type: bool
  permanent_deletion_time_in_days:
    description:
      - With O(state=absent), how many days (7 to 30) the deleted CA can still be restored.
    type: int
    default: 30
  wait:
    description:
      - Wait until a new CA has left the C(CREATING) status, and until its CSR is there, so that the result
        carries the CSR.
      - With V(false), the result of a creation has status C(CREATING) and no CSR.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds the task waits at most, in all, when O(wait=true). Polling starts at 1 s and backs off
        to every 5 s.
    type: int
    default: 300
extends_documentation_fragment:
  - privateca.aws.acmpca.time_budget_wait
  - privateca.aws.acmpca.requirements
  - privateca.aws.attributes
  - privateca.aws.attributes.actiongroup_aws
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
notes:
  - O(tags) and O(purge_tags) work as in amazon.aws modules; the C(Name) tag is managed by O(name) and
    never purged.
  - A retried creation sends the same C(IdempotencyToken) (derived from the request), so that AWS does not make
    a second CA within five minutes; after that, the next run finds the CA by its name. AWS returns the token's
    CA whatever became of it. When that CA is C(DELETED) (deleted while AWS was still creating it), the module
    sends the request again with a token derived also from that CA's ARN and creates a new CA (with a warning);
    when it is C(FAILED), the task fails and says to delete it, after which the next run creates a new CA.
  - B(Two runs at once.) Two runs of the same task (same options) at the same moment make one CA; both send the
    same token, get the same CA, and both report it as created. Two runs with the same O(name) but other options
    (tags, subject, ...) send different tokens and make two CAs; after creating a CA, the module lists the CAs
    with its name, and when another one carries it the task fails, naming both ARNs and the one this run
    created, so that you delete the one you do not want. Both CAs are billed until then, and every task that
    finds the CA by that name fails. The check sees the other CA only once AWS lists it, so runs that are seconds
    apart are caught, not guaranteed. To be sure, serialize the tasks that create CAs (the task keyword
    C(throttle) set to 1, C(run_once), one controller).
  - A failure after a write (for example a refused connection while waiting for a new CA) says what the run had
    already changed (the new CA's ARN, a restore, a deletion) and what a rerun of the task does with it.
  - Restoring is possible only within the restore window set by O(permanent_deletion_time_in_days) when the CA
    was deleted; after that a task with the old ARN fails and says so.
  - "Requests to find the CA: by ARN, C(DescribeCertificateAuthority) and C(ListTags). By name, the Resource Groups
    Tagging API's C(GetResources) names the CAs whose C(Name) tag is O(name) in one request, and only those are
    described and have their tags read: a rerun that finds its CA sends C(GetResources),
    C(DescribeCertificateAuthority), C(ListTags) and C(GetCertificateAuthorityCsr), whatever the number of CAs in
    the region."
  - "When C(GetResources) names no live CA with the name, the module confirms by listing every CA of the region and
    reading its tags (C(ListCertificateAuthorities), C(ListTags) per CA) before it creates or restores one: the
    tagging API is eventually consistent, and a CA created moments ago (by an earlier run or other tooling) must be
    found, not made a second time. That also finds C(DELETED) CAs to restore, which the tagging API may not list.
    Two CAs with the name found either way fail the task and are named."
  - Permissions needed (IAM actions) C(acm-pca:DescribeCertificateAuthority), C(acm-pca:ListCertificateAuthorities),
    C(acm-pca:ListTags), C(acm-pca:GetCertificateAuthorityCsr), C(tag:GetResources) to find a CA by name, and as
    required C(acm-pca:CreateCertificateAuthority), C(acm-pca:UpdateCertificateAuthority),
    C(acm-pca:DeleteCertificateAuthority), C(acm-pca:RestoreCertificateAuthority),
    C(acm-pca:TagCertificateAuthority), C(acm-pca:UntagCertificateAuthority).
  - Without C(tag:GetResources) (AccessDeniedException), the module warns once, naming the permission to add, and
    finds the CA by listing every CA of the region, as it did before it used the tagging API.
  - A private CA is billed monthly, pro rata, from creation until deletion. A C(DELETED) CA is not billed, but
    restoring it bills the time between its deletion and its restoration.
seealso:
  - module: privateca.aws.acmpca_certificate_authority_info
  - module: privateca.aws.acmpca_csr_info
  - module: privateca.aws.acmpca_certificate_authority_certificate
  - name: CreateCertificateAuthority API reference
    description: The AWS API call that creates a CA.
    link: https://docs.aws.amazon.com/privateca/latest/APIReference/API_CreateCertificateAuthority.html
"""

EXAMPLES = r"""
- name: Create a root CA with an EC key, CRLs and OCSP
  privateca.aws.acmpca_certificate_authority:
    name: example-root-ca
    type: ROOT
    key_algorithm: EC_secp384r1
    subject:
      country: US
      organization: Example Corp
      common_name: Example Root CA
    revocation_configuration:
      crl_configuration:
        enabled: true
        s3_bucket_name: example-crl-bucket
        expiration_in_days: 7
      ocsp_configuration:
        enabled: true
    tags:
      team: pki
  register: root_ca

- name: Create a subordinate CA whose CSR asks for the key usages of a CA, to sign with the parent CA
  privateca.aws.acmpca_certificate_authority:
    name: example-issuing-ca
    subject:
      organization: Example Corp
      common_name: Example Issuing CA
    csr_extensions:
      key_usage:
        key_cert_sign: true
        crl_sign: true
  register: issuing_ca

- name: Show the CSR
  ansible.builtin.debug:
    msg: "{{ issuing_ca.certificate_authority.csr }}"

- name: Disable a CA and add a tag, keeping the other tags
  privateca.aws.acmpca_certificate_authority:
    certificate_authority_arn: "{{ issuing_ca.certificate_authority.arn }}"
    enabled: false
    tags:
      retired: "yes"
    purge_tags: false

- name: Delete a CA, restorable for 7 days
  privateca.aws.acmpca_certificate_authority:
    name: example-issuing-ca
    state: absent
    permanent_deletion_time_in_days: 7

- name: Restore it (within the 7 days) and enable it again
  privateca.aws.acmpca_certificate_authority:
    name: example-issuing-ca
    enabled: true
"""

RETURN = r"""
certificate_authority:
  description:
    - The CA as C(DescribeCertificateAuthority) gives it, with snake_case keys, plus its tags and CSR.
    - Empty when no CA exists (O(state=absent) on a missing CA).
    - In check mode, a CA that would be created is returned as AWS would create it (status
      C(PENDING_CERTIFICATE), or C(CREATING) with O(wait=false); the type, key and signing algorithm, subject,
      revocation configuration and tags of the task; AWS's defaults for the rest), with placeholders for what
      AWS assigns (RV(certificate_authority.arn) has the account C(000000000000) and the CA id
      C(00000000-0000-0000-0000-000000000000), RV(certificate_authority.owner_account) is C(000000000000),
      RV(certificate_authority.csr) is a text that is not PEM, and the dates are left out).
      A CA that would be restored is returned with its predicted status and the same placeholder CSR.
  returned: always
  type: dict
  contains:
    arn:
      description: The CA's ARN.
      returned: when the CA exists
      type: str
      sample: arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012
    owner_account:
      description: The account that owns the CA.
      returned: when the CA exists
      type: str
      sample: "123456789012"
    created_at:
      description: When the CA was created (ISO 8601).
      returned: when the CA exists, except in check mode for a CA that would be created
      type: str
    last_state_change_at:
      description: When the CA's status last changed (ISO 8601).
      returned: when the CA exists, except in check mode for a CA that would be created
      type: str
    type:
      description: V(ROOT) or V(SUBORDINATE).
      returned: when the CA exists
      type: str
    serial:
      description: The serial number of the CA's certificate.
      returned: when the CA has its certificate
      type: str
    status:
      description: The CA's status.
      returned: when the CA exists
      type: str
      sample: PENDING_CERTIFICATE
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
      returned: when the CA exists
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
      returned: when the CA exists
      type: str
    usage_mode:
      description: V(GENERAL_PURPOSE) or V(SHORT_LIVED_CERTIFICATE).
      returned: when the CA exists
      type: str
    tags:
      description: The CA's tags, keys as they are in AWS.
      returned: when the CA exists
      type: dict
      sample: {"Name": "example-root-ca", "team": "pki"}
    name:
      description: The value of the C(Name) tag, or V(null).
      returned: when the CA exists
      type: str
    csr:
      description: The CA's CSR in PEM format.
      returned: when the CA has one (status C(PENDING_CERTIFICATE), C(ACTIVE), C(DISABLED), C(EXPIRED))
      type: str
"""

from ansible.module_utils.common.warnings import warn

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.privateca.aws.plugins.module_utils import _ca_model as model
from ansible_collections.privateca.aws.plugins.module_utils._aws.arn import parse_ca_arn
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import AcmPcaError
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import InvalidInputError
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import TIME_BUDGET_ARGUMENT_SPEC
from ansible_collections.privateca.aws.plugins.module_utils._aws.wait_timeout import WAIT_TIMEOUT_ARGUMENT_SPEC
from ansible_collections.privateca.aws.plugins.module_utils._aws.wait_timeout import check_wait_timeout
from ansible_collections.privateca.aws.plugins.module_utils._ca_by_tag import module_tagging
from ansible_collections.privateca.aws.plugins.module_utils._certificate_authority import CertificateAuthorityTask
from ansible_collections.privateca.aws.plugins.module_utils._certificate_authority import TaskError
from ansible_collections.privateca.aws.plugins.module_utils._module import ca_api
from ansible_collections.privateca.aws.plugins.module_utils._module import exit_with_diff

SUBJECT_OPTIONS = dict(
    {field: dict(type="str") for field in model.SUBJECT_FIELDS},
    custom_attributes=dict(
        type="list",
        elements="dict",
        options=dict(object_identifier=dict(type="str", required=True), value=dict(type="str", required=True)),
    ),
)

ARGUMENT_SPEC = dict(
    state=dict(type="str", choices=["present", "absent"], default="present"),
    certificate_authority_arn=dict(type="str", aliases=["arn"]),
    name=dict(type="str"),
    type=dict(type="str", choices=list(model.CA_TYPES)),
    subject=dict(type="dict", options=SUBJECT_OPTIONS),
    key_algorithm=dict(type="str", choices=list(model.KEY_ALGORITHMS)),
    signing_algorithm=dict(type="str", choices=list(model.SIGNING_ALGORITHMS)),
    csr_extensions=dict(
        type="dict",
        options=dict(
            key_usage=dict(type="dict", options={field: dict(type="bool") for field in model.KEY_USAGE_FIELDS}),
            subject_information_access=dict(
                type="list",
                elements="dict",
                options=dict(
                    access_method=dict(
                        type="dict",
                        required=True,
                        options=dict(
                            access_method_type=dict(type="str", choices=list(model.ACCESS_METHOD_TYPES)),
                            custom_object_identifier=dict(type="str"),
                        ),
                    ),
                    access_location=dict(type="dict", required=True),
                ),
            ),
        ),
    ),
    key_storage_security_standard=dict(type="str", choices=list(model.KEY_STORAGE_SECURITY_STANDARDS)),
    usage_mode=dict(type="str", choices=list(model.USAGE_MODES)),
    revocation_configuration=dict(
        type="dict",
        options=dict(
            crl_configuration=dict(
                type="dict",
                options=dict(
                    enabled=dict(type="bool", required=True),
                    expiration_in_days=dict(type="int"),
                    custom_cname=dict(type="str"),
                    s3_bucket_name=dict(type="str"),
                    s3_object_acl=dict(type="str", choices=list(model.S3_OBJECT_ACLS)),
                    crl_distribution_point_extension_configuration=dict(
                        type="dict", options=dict(omit_extension=dict(type="bool", required=True))
                    ),
                    crl_type=dict(type="str", choices=list(model.CRL_TYPES)),
                    custom_path=dict(type="str"),
                ),
            ),
            ocsp_configuration=dict(
                type="dict",
                options=dict(enabled=dict(type="bool", required=True), ocsp_custom_cname=dict(type="str")),
            ),
        ),
    ),
    enabled=dict(type="bool"),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
    permanent_deletion_time_in_days=dict(type="int", default=30),
    wait=dict(type="bool", default=True),
    **WAIT_TIMEOUT_ARGUMENT_SPEC,
    **TIME_BUDGET_ARGUMENT_SPEC,
)


def main():
    module = AnsibleAWSModule(
        argument_spec=ARGUMENT_SPEC,
        required_one_of=[["certificate_authority_arn", "name"]],
        supports_check_mode=True,
    )
    params = module.params
    try:
        ca_arn = parse_ca_arn(params["certificate_authority_arn"]) if params["certificate_authority_arn"] else None
        check_wait_timeout(params["wait_timeout"])
        model.check_options(params)
    except InvalidInputError as e:
        module.fail_json(msg=str(e))

    api = ca_api(module, ca_arn)
    try:
        task = CertificateAuthorityTask(
            api, params, module.check_mode, warn=warn, tagging=module_tagging(module, api), region=module.region
        )
        result = task.run()
    except TaskError as e:
        module.fail_json(msg=str(e))
    except AcmPcaError as e:
        module.fail_json_aws_error(e)
    exit_with_diff(module, result)


if __name__ == "__main__":
    main()
