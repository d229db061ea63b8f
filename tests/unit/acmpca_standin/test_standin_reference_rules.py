# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ACM PCA stand-in refuses what the API reference says AWS refuses (issue 20).

Each test is named after the rule it proves and quotes the reference in its docstring; where the reference
names no error code, the docstring says which one the stand-in chose. Sources:
https://docs.aws.amazon.com/privateca/latest/APIReference/API_ImportCertificateAuthorityCertificate.html,
API_IssueCertificate.html (TemplateArn), API_PutPolicy.html, API_Tag.html, API_CreateCertificateAuthority.html
(KeyStorageSecurityStandard), API_CreateCertificateAuthority / CertificateAuthorityConfiguration (SigningAlgorithm,
botocore's model), API_ListTags.html; the user guide's pages named in the docstrings.
"""

from __future__ import annotations

import datetime
import json

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.x509.oid import NameOID

from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import ACCESS_KEY
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import SECRET_KEY
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import TEMPLATE
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import OwnRoot
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import activate_subordinate
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import create
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import csr_of
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import describe
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import error_code
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import issue
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import pca_csr_text
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import pem
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import wait_status


def _signed_ca_certificate(root: OwnRoot, csr: x509.CertificateSigningRequest, extensions) -> x509.Certificate:
    """The CSR's key signed by root, with exactly the (extension, critical) pairs given."""
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (
        x509.CertificateBuilder()
        .subject_name(csr.subject)
        .issuer_name(root.name)
        .public_key(csr.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=30))
    )
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical)
    return builder.sign(root.key, hashes.SHA256())


def _import(pca, arn: str, certificate: x509.Certificate, chain: bytes) -> None:
    pca.import_certificate_authority_certificate(
        CertificateAuthorityArn=arn, Certificate=pem(certificate), CertificateChain=chain
    )


def _refused(call, *args, **kwargs) -> str:
    with pytest.raises(ClientError) as raised:
        call(*args, **kwargs)
    return error_code(raised)


CA_TRUE = x509.BasicConstraints(ca=True, path_length=0)
CRL_DISTRIBUTION_POINTS = x509.CRLDistributionPoints(
    [x509.DistributionPoint([x509.UniformResourceIdentifier("http://crl.example.com/ca.crl")], None, None, None)]
)


# --- ImportCertificateAuthorityCertificate ------------------------------------------------------------


def test_import_refuses_a_ca_certificate_whose_basic_constraints_are_not_critical(pca):
    """ImportCertificateAuthorityCertificate, Enforcement of Critical Constraints: "AWS Private CA allows the
    following extensions to be marked critical in the imported CA certificate or chain. [...] Basic constraints
    (must be marked critical)". The reference names no error code; the stand-in answers
    MalformedCertificateException ("One or more fields in the certificate are invalid")."""
    root = OwnRoot()
    arn = create(pca)
    csr = csr_of(pca, arn)
    loose = _signed_ca_certificate(root, csr, [(CA_TRUE, False)])
    assert _refused(_import, pca, arn, loose, root.pem) == "MalformedCertificateException"
    assert describe(pca, arn)["Status"] == "PENDING_CERTIFICATE"
    _import(pca, arn, _signed_ca_certificate(root, csr, [(CA_TRUE, True)]), root.pem)
    assert describe(pca, arn)["Status"] == "ACTIVE"


def test_import_refuses_critical_crl_distribution_points_and_unknown_critical_extensions(pca):
    """ "AWS Private CA rejects the following extensions when they are marked critical in an imported CA
    certificate or chain. Authority information access, CRL distribution points, Freshest CRL, Policy
    constraints. AWS Private Certificate Authority will also reject any other extension marked as critical not
    contained on the preceding list of allowed extensions." Key usage and name constraints are on that list.
    Error code: MalformedCertificateException (the stand-in's choice; the reference names none)."""
    root = OwnRoot()
    arn = create(pca)
    csr = csr_of(pca, arn)
    unknown = x509.UnrecognizedExtension(x509.ObjectIdentifier("1.3.6.1.4.1.55555.1"), b"\x05\x00")
    for extension in (CRL_DISTRIBUTION_POINTS, unknown):
        refused = _signed_ca_certificate(root, csr, [(CA_TRUE, True), (extension, True)])
        assert _refused(_import, pca, arn, refused, root.pem) == "MalformedCertificateException"
    # The same extensions, not critical, pass; so do the critical ones the list allows.
    usage = x509.KeyUsage(True, False, False, False, False, True, True, False, False)
    names = x509.NameConstraints(permitted_subtrees=[x509.DNSName("example.com")], excluded_subtrees=None)
    accepted = _signed_ca_certificate(
        root,
        csr,
        [(CA_TRUE, True), (CRL_DISTRIBUTION_POINTS, False), (unknown, False), (usage, True), (names, True)],
    )
    _import(pca, arn, accepted, root.pem)
    assert describe(pca, arn)["Status"] == "ACTIVE"


def test_import_refuses_a_chain_without_its_root(pca):
    """ "Your root CA must be the last certificate in your chain. The subordinate certificate, if any, that your
    root CA signed must be next to last." A chain that ends in an intermediate is refused; the reference names
    no error code, the stand-in answers InvalidRequestException ("The request action cannot be performed or is
    prohibited")."""
    root = OwnRoot("standin test root of an intermediate")
    intermediate = OwnRoot("standin test intermediate")
    intermediate.certificate = root.sign(intermediate.name, intermediate.key.public_key(), path_length=1)
    arn = create(pca)
    csr = csr_of(pca, arn)
    certificate = intermediate.sign(csr.subject, csr.public_key(), path_length=0)
    assert _refused(_import, pca, arn, certificate, intermediate.pem) == "InvalidRequestException"
    assert describe(pca, arn)["Status"] == "PENDING_CERTIFICATE"
    _import(pca, arn, certificate, intermediate.pem + root.pem)
    assert describe(pca, arn)["Status"] == "ACTIVE"


def test_import_refuses_a_certificate_over_32_kb(pca):
    """ "The maximum allowed size of a certificate is 32 KB." (the model's CertificateBodyBlob: max 32768). The
    reference names no error code; the stand-in answers ValidationException, AWS's answer to a request that
    breaks the model's constraints."""
    root = OwnRoot()
    arn = create(pca)
    csr = csr_of(pca, arn)
    filler = x509.UnrecognizedExtension(
        x509.ObjectIdentifier("1.3.6.1.4.1.55555.2"), b"\x04\x82\x80\x00" + bytes(32768)
    )
    big = _signed_ca_certificate(root, csr, [(CA_TRUE, True), (filler, False)])
    assert len(pem(big)) > 32768
    assert _refused(_import, pca, arn, big, root.pem) == "ValidationException"
    assert describe(pca, arn)["Status"] == "PENDING_CERTIFICATE"


# --- IssueCertificate -----------------------------------------------------------------------------------


def test_issue_keeps_the_path_length_set_by_the_parents(pca):
    """IssueCertificate, TemplateArn: "The CA depth configured on a subordinate CA certificate must not exceed
    the limit set by its parents in the CA hierarchy." User guide (RFC compliance): "AWS Private CA enforces path
    length by failing with a validation exception": ValidationException. A PathLen1 CA issues PathLen0 CA
    certificates only; a PathLen0 CA issues no CA certificate, but end-entity certificates as before."""
    root = OwnRoot()
    arn = create(pca)
    csr = csr_of(pca, arn)
    _import(pca, arn, root.sign(csr.subject, csr.public_key(), path_length=1), root.pem)
    assert _refused(issue, pca, arn, TemplateArn=TEMPLATE.format("SubordinateCACertificate_PathLen1")) == (
        "ValidationException"
    )
    child = issue(pca, arn, TemplateArn=TEMPLATE.format("SubordinateCACertificate_PathLen0"))
    assert child.extensions.get_extension_for_class(x509.BasicConstraints).value.path_length == 0

    zero = create(pca)
    csr = csr_of(pca, zero)
    _import(pca, zero, root.sign(csr.subject, csr.public_key(), path_length=0), root.pem)
    for template in ("SubordinateCACertificate_PathLen0", "SubordinateCACertificate_PathLen1"):
        assert _refused(issue, pca, zero, TemplateArn=TEMPLATE.format(template)) == "ValidationException"
    leaf = issue(pca, zero)
    assert not leaf.extensions.get_extension_for_class(x509.BasicConstraints).value.ca


def test_short_lived_ca_issues_no_ca_certificate(pca):
    """User guide, CA modes (short-lived-certificates.html): "Short-lived certificates must be the last CA in
    the certificate hierarchy." A SHORT_LIVED_CERTIFICATE CA refuses SubordinateCACertificate_PathLen* templates;
    the reference names no error code, the stand-in answers ValidationException (as for its 7-day limit)."""
    root = OwnRoot()
    arn = pca.create_certificate_authority(
        CertificateAuthorityType="SUBORDINATE",
        UsageMode="SHORT_LIVED_CERTIFICATE",
        CertificateAuthorityConfiguration={
            "KeyAlgorithm": "EC_prime256v1",
            "SigningAlgorithm": "SHA256WITHECDSA",
            "Subject": {"CommonName": "standin test short-lived"},
        },
    )["CertificateAuthorityArn"]
    activate_subordinate(pca, arn, root)
    week = {"Value": 7, "Type": "DAYS"}
    template = TEMPLATE.format("SubordinateCACertificate_PathLen0")
    assert _refused(issue, pca, arn, TemplateArn=template, Validity=week) == "ValidationException"
    assert not issue(pca, arn, Validity=week).extensions.get_extension_for_class(x509.BasicConstraints).value.ca


# --- PutPolicy --------------------------------------------------------------------------------------------


def _policy(arn: str, action) -> str:
    statement = {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": action, "Resource": arn}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def test_put_policy_refuses_actions_a_ca_policy_may_not_grant(pca, active_root):
    """PutPolicy: "If this policy does not contain all required statements or if it includes any statement that
    is not allowed, the PutPolicy action returns an InvalidPolicyException." The API reference lists no actions;
    the user guide (pca-cmp.html) gives those "available for customer managed permissions on the
    acm-pca:certificate-authority resource type": DescribeCertificateAuthority, GetCertificate,
    GetCertificateAuthorityCertificate, ListPermissions, ListTags, IssueCertificate, RevokeCertificate.
    Granting acm-pca:DeleteCertificateAuthority or s3:* is refused."""
    arn = active_root[0]
    for action in ("acm-pca:DeleteCertificateAuthority", "s3:*", ["acm-pca:IssueCertificate", "acm-pca:*"]):
        assert _refused(pca.put_policy, ResourceArn=arn, Policy=_policy(arn, action)) == "InvalidPolicyException"
    with pytest.raises(ClientError):
        pca.get_policy(ResourceArn=arn)
    seven = [
        "acm-pca:DescribeCertificateAuthority",
        "acm-pca:GetCertificate",
        "acm-pca:GetCertificateAuthorityCertificate",
        "acm-pca:ListPermissions",
        "acm-pca:ListTags",
        "acm-pca:IssueCertificate",
        "acm-pca:RevokeCertificate",
    ]
    pca.put_policy(ResourceArn=arn, Policy=_policy(arn, seven))
    assert json.loads(pca.get_policy(ResourceArn=arn)["Policy"])["Statement"][0]["Action"] == seven


def test_put_policy_refuses_a_policy_over_81920_characters(pca, active_root):
    """PutPolicy, Policy: "Length Constraints: Minimum length of 1. Maximum length of 81920." The reference
    names no error code for it; the stand-in answers ValidationException, AWS's answer to a request that breaks
    the model's constraints. A policy of exactly 81,920 characters passes."""
    arn = active_root[0]
    base = _policy(arn, "acm-pca:GetCertificate")
    padded = base[:-1] + ', "Id": "' + "x" * (81920 - len(base) - 10) + '"}'
    assert len(padded) == 81920
    pca.put_policy(ResourceArn=arn, Policy=padded)
    too_long = base[:-1] + ', "Id": "' + "x" * (170 * 1024) + '"}'
    assert _refused(pca.put_policy, ResourceArn=arn, Policy=too_long) == "ValidationException"
    assert pca.get_policy(ResourceArn=arn)["Policy"] == padded


# --- Tags -------------------------------------------------------------------------------------------------


def test_tag_keys_and_values_keep_the_api_pattern_and_length(pca):
    """Tag: Key "Length Constraints: Minimum length of 1. Maximum length of 128. Pattern:
    ([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)"; Value "Maximum length of 256", same pattern. The reference names no
    error code; the stand-in answers InvalidTagException ("The tag associated with the CA is not valid"), the tag
    error that TagCertificateAuthority and CreateCertificateAuthority document. Letters of any script,
    spaces, digits and _.:/=+-@ pass."""
    arn = create(pca)
    for tag in (
        {"Key": "cost#centre", "Value": "1"},
        {"Key": "k" * 129, "Value": "v"},
        {"Key": "team", "Value": "a,b"},
        {"Key": "team", "Value": "v" * 257},
    ):
        assert _refused(pca.tag_certificate_authority, CertificateAuthorityArn=arn, Tags=[tag]) == (
            "InvalidTagException"
        )
    assert pca.list_tags(CertificateAuthorityArn=arn)["Tags"] == []
    good = [{"Key": "k" * 128, "Value": "v" * 256}, {"Key": "Équipe 2 _.:/=+-@", "Value": "Zürich"}]
    pca.tag_certificate_authority(CertificateAuthorityArn=arn, Tags=good)
    assert pca.list_tags(CertificateAuthorityArn=arn)["Tags"] == good
    with pytest.raises(ClientError) as raised:
        pca.create_certificate_authority(
            CertificateAuthorityType="ROOT",
            CertificateAuthorityConfiguration={
                "KeyAlgorithm": "EC_prime256v1",
                "SigningAlgorithm": "SHA256WITHECDSA",
                "Subject": {"CommonName": "standin test bad tag"},
            },
            Tags=[{"Key": "bad!", "Value": "v"}],
        )
    assert error_code(raised) == "InvalidTagException"


def test_list_tags_on_a_deleted_ca_answers_invalid_state(pca):
    """ListTags lists InvalidStateException ("The state of the private CA does not allow this action to
    occur") among its errors; a DELETED CA's tags, like its permissions, are not given."""
    arn = create(pca)
    pca.tag_certificate_authority(CertificateAuthorityArn=arn, Tags=[{"Key": "team", "Value": "pki"}])
    wait_status(pca, arn)
    pca.delete_certificate_authority(CertificateAuthorityArn=arn, PermanentDeletionTimeInDays=7)
    assert _refused(pca.list_tags, CertificateAuthorityArn=arn) == "InvalidStateException"
    pca.restore_certificate_authority(CertificateAuthorityArn=arn)
    assert pca.list_tags(CertificateAuthorityArn=arn)["Tags"] == [{"Key": "team", "Value": "pki"}]


# --- CreateCertificateAuthority ---------------------------------------------------------------------------


def test_ccpc_security_standard_only_in_the_china_regions(standin, pca):
    """KeyStorageSecurityStandard: "Some Amazon Web Services Regions don't support the default value. When you
    create a CA in these Regions, you must use CCPC_LEVEL_1_OR_HIGHER [...] If you don't, the operation returns
    an InvalidArgsException with this message: "A certificate authority cannot be created in this region with the
    specified security standard."" The user guide (data-protection.html#private-keys) gives CCPC_LEVEL_1_OR_HIGHER
    to the China Regions alone, so elsewhere it answers the same."""
    configuration = {
        "KeyAlgorithm": "EC_prime256v1",
        "SigningAlgorithm": "SHA256WITHECDSA",
        "Subject": {"CommonName": "standin test security standard"},
    }
    with pytest.raises(ClientError) as raised:
        pca.create_certificate_authority(
            CertificateAuthorityType="ROOT",
            CertificateAuthorityConfiguration=configuration,
            KeyStorageSecurityStandard="CCPC_LEVEL_1_OR_HIGHER",
        )
    assert error_code(raised) == "InvalidArgsException"
    assert "cannot be created in this region with the specified security standard" in str(raised.value)
    china = boto3.client(
        "acm-pca",
        region_name="cn-north-1",
        endpoint_url=standin,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=Config(retries={"mode": "standard", "total_max_attempts": 1}),
    )
    with pytest.raises(ClientError) as raised:
        china.create_certificate_authority(
            CertificateAuthorityType="ROOT", CertificateAuthorityConfiguration=configuration
        )
    assert error_code(raised) == "InvalidArgsException"
    arn = china.create_certificate_authority(
        CertificateAuthorityType="ROOT",
        CertificateAuthorityConfiguration=configuration,
        KeyStorageSecurityStandard="CCPC_LEVEL_1_OR_HIGHER",
    )["CertificateAuthorityArn"]
    assert arn.startswith("arn:aws-cn:acm-pca:cn-north-1:")
    assert describe(china, arn)["KeyStorageSecurityStandard"] == "CCPC_LEVEL_1_OR_HIGHER"


@pytest.mark.parametrize("signing", ["SHA256WITHRSA_PSS", "SHA384WITHRSA_PSS", "SHA512WITHRSA_PSS"])
def test_rsa_pss_signing_algorithms(pca, signing):
    """CertificateAuthorityConfiguration / IssueCertificate SigningAlgorithm: botocore's model lists
    SHA256WITHRSA_PSS, SHA384WITHRSA_PSS and SHA512WITHRSA_PSS beside the PKCS #1 v1.5 ones. An RSA CA made with
    one signs its CSR and the certificates it issues with RSASSA-PSS and that hash; an EC CA refuses them
    (InvalidArgsException, as for every signing algorithm of another key family)."""
    arn = create(pca, "ROOT", KeyAlgorithm="RSA_2048", SigningAlgorithm=signing)
    csr = x509.load_pem_x509_csr(pca_csr_text(pca, arn).encode())
    assert csr.is_signature_valid
    assert isinstance(csr.signature_algorithm_parameters, padding.PSS)
    assert csr.signature_hash_algorithm.name == f"sha{signing[3:6]}"
    certificate_arn = pca.issue_certificate(
        CertificateAuthorityArn=arn,
        Csr=pca_csr_text(pca, arn).encode(),
        SigningAlgorithm=signing,
        TemplateArn=TEMPLATE.format("RootCACertificate"),
        Validity={"Value": 1, "Type": "YEARS"},
    )["CertificateArn"]
    own = pca.get_certificate(CertificateAuthorityArn=arn, CertificateArn=certificate_arn)["Certificate"]
    certificate = x509.load_pem_x509_certificate(own.encode())
    assert isinstance(certificate.signature_algorithm_parameters, padding.PSS)
    certificate.verify_directly_issued_by(certificate)
    pca.import_certificate_authority_certificate(CertificateAuthorityArn=arn, Certificate=own.encode())
    assert describe(pca, arn)["Status"] == "ACTIVE"
    assert certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    with pytest.raises(ClientError) as raised:
        create(pca, "ROOT", SigningAlgorithm=signing)
    assert error_code(raised) == "InvalidArgsException"
