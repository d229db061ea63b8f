# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ACM PCA stand-in keeps the API's rules for certificates: issuing, fetching, revoking, importing a CA's.

The stand-in (tests/utils/acmpca_standin.py) runs once for these tests (conftest.py); each test drives it
with boto3 as a module would and is named after the rule it proves, with the API reference's words in its
docstring. A moto upgrade that changes what the stand-in builds on shows up here.
"""

from __future__ import annotations

import datetime

import pytest
from botocore.exceptions import ClientError
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import TEMPLATE
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import OwnRoot
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import activate_root
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import activate_subordinate
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import create
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import csr_of
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import describe
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import error_code
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import issue
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import leaf_csr
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import pca_csr_text
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import pem
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import wait_status

# --- IssueCertificate, GetCertificate, RevokeCertificate ------------------------------------------------


def test_issue_only_on_an_active_ca(pca):
    """IssueCertificate answers InvalidStateException ("The state of the private CA does not allow this action
    to occur") unless the CA is ACTIVE; a ROOT CA in PENDING_CERTIFICATE may sign its own CSR with
    RootCACertificate/V1, which is how a root CA is activated."""
    subordinate = create(pca)
    csr = pca_csr_text(pca, subordinate).encode()
    with pytest.raises(ClientError) as raised:
        issue(pca, subordinate, csr, TemplateArn=TEMPLATE.format("RootCACertificate"))
    assert error_code(raised) == "InvalidStateException"
    with pytest.raises(ClientError) as raised:
        issue(pca, subordinate)
    assert error_code(raised) == "InvalidStateException"
    root = create(pca, "ROOT")
    certificate = activate_root(pca, root)
    assert certificate.issuer == certificate.subject
    certificate.verify_directly_issued_by(certificate)
    assert describe(pca, root)["Status"] == "ACTIVE"
    pca.update_certificate_authority(CertificateAuthorityArn=root, Status="DISABLED")
    with pytest.raises(ClientError) as raised:
        issue(pca, root)
    assert error_code(raised) == "InvalidStateException"


def test_an_active_root_ca_renews_its_own_certificate(pca, active_root):
    """Renewing a root CA's certificate: issue its own CSR again with RootCACertificate/V1 (self-signed, no
    chain) and import the result into the ACTIVE CA."""
    arn, first = active_root
    renewed = activate_root(pca, arn)
    assert renewed.serial_number != first.serial_number
    assert describe(pca, arn)["Serial"].replace(":", "") == f"{renewed.serial_number:032x}"


def test_issued_certificate_is_signed_by_the_ca_with_template_and_validity(pca, active_root):
    """IssueCertificate signs the CSR with the CA's key: the template sets basicConstraints (EndEntityCertificate/V1
    "CA:FALSE"; SubordinateCACertificate_PathLen<N>/V1 "CA:TRUE, pathlen N"), Validity sets notAfter, and
    "By default, when issuing a certificate, AWS Private CA sets the 'Not Before' date to the issuance time minus
    60 minutes". GetCertificate returns the chain: the CA's certificate."""
    arn, ca_certificate = active_root
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate_arn = pca.issue_certificate(
        CertificateAuthorityArn=arn,
        Csr=leaf_csr(),
        SigningAlgorithm="SHA384WITHECDSA",
        Validity={"Value": 30, "Type": "DAYS"},
    )["CertificateArn"]
    issued = pca.get_certificate(CertificateAuthorityArn=arn, CertificateArn=certificate_arn)
    leaf = x509.load_pem_x509_certificate(issued["Certificate"].encode())
    leaf.verify_directly_issued_by(ca_certificate)
    assert issued["CertificateChain"].strip() == pem(ca_certificate).decode().strip()
    assert leaf.signature_hash_algorithm.name == "sha384"
    assert certificate_arn.endswith(f"/certificate/{leaf.serial_number:032x}")
    assert not leaf.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value.get_values_for_type(
        x509.DNSName
    ) == ["host.example.com"]
    assert abs((leaf.not_valid_before_utc - (now - datetime.timedelta(minutes=60))).total_seconds()) < 120
    assert abs((leaf.not_valid_after_utc - (now + datetime.timedelta(days=30))).total_seconds()) < 120

    for path_length in range(4):
        sub = issue(pca, arn, TemplateArn=TEMPLATE.format(f"SubordinateCACertificate_PathLen{path_length}"))
        constraints = sub.extensions.get_extension_for_class(x509.BasicConstraints).value
        assert (constraints.ca, constraints.path_length) == (True, path_length)

    start, end = datetime.datetime(2027, 1, 1, tzinfo=datetime.timezone.utc), 20270301120000
    dated = issue(
        pca,
        arn,
        Validity={"Value": end, "Type": "END_DATE"},
        ValidityNotBefore={"Value": int(start.timestamp()), "Type": "ABSOLUTE"},
    )
    assert dated.not_valid_before_utc == start
    assert dated.not_valid_after_utc == datetime.datetime(2027, 3, 1, 12, tzinfo=datetime.timezone.utc)
    in_months = issue(pca, arn, Validity={"Value": 2, "Type": "MONTHS"})
    assert 58 <= (in_months.not_valid_after_utc - now).days <= 62
    absolute = issue(pca, arn, Validity={"Value": int(now.timestamp()) + 86400, "Type": "ABSOLUTE"})
    assert abs((absolute.not_valid_after_utc - now).total_seconds() - 86400) < 120


def test_issue_refuses_bad_csr_bad_validity_and_foreign_signing_algorithm(pca, active_root):
    """MalformedCSRException: "The certificate signing request is invalid"; a validity beyond the CA
    certificate's, or a signing algorithm the CA's key cannot make, is refused."""
    arn = active_root[0]
    with pytest.raises(ClientError) as raised:
        issue(pca, arn, b"-----BEGIN CERTIFICATE REQUEST-----\nbm90IGEgQ1NS\n-----END CERTIFICATE REQUEST-----\n")
    assert error_code(raised) == "MalformedCSRException"
    with pytest.raises(ClientError) as raised:
        issue(pca, arn, Validity={"Value": 20, "Type": "YEARS"})
    assert error_code(raised) == "ValidationException"
    with pytest.raises(ClientError) as raised:
        issue(pca, arn, SigningAlgorithm="SHA256WITHRSA")
    assert error_code(raised) == "InvalidArgsException"


def test_api_passthrough_subject_and_extensions(pca, active_root):
    """With an APIPassthrough template, ApiPassthrough.Subject and .Extensions go into the certificate."""
    arn = active_root[0]
    certificate = issue(
        pca,
        arn,
        TemplateArn=TEMPLATE.format("EndEntityCertificate_APIPassthrough"),
        ApiPassthrough={
            "Subject": {"CommonName": "from passthrough", "Organization": "Example"},
            "Extensions": {
                "SubjectAlternativeNames": [{"DnsName": "a.example.com"}, {"IpAddress": "192.0.2.1"}],
                "ExtendedKeyUsage": [{"ExtendedKeyUsageType": "CODE_SIGNING"}],
            },
        },
    )
    assert certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "from passthrough"
    names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.DNSName) == ["a.example.com"]
    usages = list(certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value)
    assert usages == [x509.oid.ExtendedKeyUsageOID.CODE_SIGNING]


def test_get_certificate_is_in_progress_while_aws_issues(pca, config, active_root):
    """GetCertificate answers RequestInProgressException ("Your request is already in progress") until the
    certificate is issued (here for certificate_seconds), then returns it."""
    arn = active_root[0]
    config(certificate_seconds=30)
    certificate_arn = pca.issue_certificate(
        CertificateAuthorityArn=arn,
        Csr=leaf_csr(),
        SigningAlgorithm="SHA256WITHECDSA",
        Validity={"Value": 1, "Type": "DAYS"},
    )["CertificateArn"]
    with pytest.raises(ClientError) as raised:
        pca.get_certificate(CertificateAuthorityArn=arn, CertificateArn=certificate_arn)
    assert error_code(raised) == "RequestInProgressException"
    config(certificate_seconds=0)
    assert pca.get_certificate(CertificateAuthorityArn=arn, CertificateArn=certificate_arn)["Certificate"]


def test_csr_passthrough_templates_copy_the_csr_extensions(pca, active_root):
    """EndEntityCertificate_CSRPassthrough/V1 copies the CSR's extensions (here an extendedKeyUsage the base
    template does not give); EndEntityCertificate/V1 keeps its own."""
    arn = active_root[0]
    key = ec.generate_private_key(ec.SECP256R1())
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "signer")]))
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .sign(key, hashes.SHA256())
        .public_bytes(serialization.Encoding.PEM)
    )
    usages = {
        template: list(
            issue(pca, arn, csr, TemplateArn=TEMPLATE.format(template))
            .extensions.get_extension_for_class(x509.ExtendedKeyUsage)
            .value
        )
        for template in ("EndEntityCertificate_CSRPassthrough", "EndEntityCertificate")
    }
    assert usages["EndEntityCertificate_CSRPassthrough"] == [x509.oid.ExtendedKeyUsageOID.EMAIL_PROTECTION]
    assert x509.oid.ExtendedKeyUsageOID.SERVER_AUTH in usages["EndEntityCertificate"]


def test_issue_idempotency_token(pca, active_root):
    """IssueCertificate IdempotencyToken: "If you make multiple IssueCertificate requests with the same
    idempotency token within five minutes, AWS Private CA recognizes that you are requesting only one
    certificate and will issue only one"."""
    arn = active_root[0]
    request = {
        "CertificateAuthorityArn": arn,
        "SigningAlgorithm": "SHA256WITHECDSA",
        "Validity": {"Value": 1, "Type": "DAYS"},
        "IdempotencyToken": "standin-token-1",
    }
    first = pca.issue_certificate(Csr=leaf_csr(), **request)["CertificateArn"]
    assert pca.issue_certificate(Csr=leaf_csr(), **request)["CertificateArn"] == first
    request["IdempotencyToken"] = "standin-token-2"
    assert pca.issue_certificate(Csr=leaf_csr(), **request)["CertificateArn"] != first


def test_revoke_records_once_and_needs_a_known_certificate(pca, active_root):
    """RevokeCertificate: RequestAlreadyProcessedException "Your request has already been completed" when the
    certificate is already revoked; ResourceNotFoundException for a certificate the CA did not issue;
    InvalidStateException on a CA that is not ACTIVE or DISABLED."""
    arn = active_root[0]
    leaf = issue(pca, arn)
    serial = ":".join(f"{leaf.serial_number:032x}"[i : i + 2] for i in range(0, 32, 2))
    pca.revoke_certificate(CertificateAuthorityArn=arn, CertificateSerial=serial, RevocationReason="KEY_COMPROMISE")
    with pytest.raises(ClientError) as raised:
        pca.revoke_certificate(CertificateAuthorityArn=arn, CertificateSerial=serial, RevocationReason="SUPERSEDED")
    assert error_code(raised) == "RequestAlreadyProcessedException"
    with pytest.raises(ClientError) as raised:
        pca.revoke_certificate(CertificateAuthorityArn=arn, CertificateSerial="0123", RevocationReason="SUPERSEDED")
    assert error_code(raised) == "ResourceNotFoundException"
    pending = create(pca)
    wait_status(pca, pending)
    with pytest.raises(ClientError) as raised:
        pca.revoke_certificate(CertificateAuthorityArn=pending, CertificateSerial=serial, RevocationReason="SUPERSEDED")
    assert error_code(raised) == "InvalidStateException"
    # A revoked certificate can still be fetched.
    assert pca.get_certificate_authority_certificate(CertificateAuthorityArn=arn)["Certificate"]


# --- ImportCertificateAuthorityCertificate -------------------------------------------------------------


def test_import_activates_a_subordinate_ca_and_allows_renewal(pca):
    """After ImportCertificateAuthorityCertificate the CA is ACTIVE with NotBefore/NotAfter of its certificate;
    GetCertificateAuthorityCertificate returns certificate and chain; a new certificate for the same key can be
    imported into the ACTIVE CA."""
    arn = create(pca)
    root = OwnRoot()
    certificate = activate_subordinate(pca, arn, root)
    ca = describe(pca, arn)
    assert ca["Status"] == "ACTIVE"
    assert ca["NotAfter"] == certificate.not_valid_after_utc
    assert ca["NotBefore"] == certificate.not_valid_before_utc
    installed = pca.get_certificate_authority_certificate(CertificateAuthorityArn=arn)
    assert installed["Certificate"].strip() == pem(certificate).decode().strip()
    assert installed["CertificateChain"].strip() == root.pem.decode().strip()
    renewed = activate_subordinate(pca, arn, root)
    assert pca.get_certificate_authority_certificate(CertificateAuthorityArn=arn)["Certificate"].strip() == (
        pem(renewed).decode().strip()
    )
    leaf = issue(pca, arn)
    leaf.verify_directly_issued_by(renewed)


def test_ca_whose_certificate_ended_is_expired(pca):
    """Status EXPIRED: "The CA certificate has expired"; an EXPIRED CA issues no certificates."""
    arn = create(pca)
    csr = csr_of(pca, arn)
    root = OwnRoot()
    short_lived = root.sign(csr.subject, csr.public_key(), lifetime=datetime.timedelta(seconds=1))
    pca.import_certificate_authority_certificate(
        CertificateAuthorityArn=arn, Certificate=pem(short_lived), CertificateChain=root.pem
    )
    wait_status(pca, arn, "EXPIRED")
    with pytest.raises(ClientError) as raised:
        issue(pca, arn)
    assert error_code(raised) == "InvalidStateException"


def test_import_refuses_what_does_not_fit_the_ca(pca):
    """CertificateMismatchException: "The certificate authority certificate you are importing does not comply
    with conditions specified in the certificate that signed it"; MalformedCertificateException: "One or more
    fields in the certificate are invalid"; a subordinate CA needs its chain (InvalidRequestException)."""
    arn = create(pca)
    csr = csr_of(pca, arn)
    root, other_root = OwnRoot(), OwnRoot("another root")
    good = root.sign(csr.subject, csr.public_key())

    def refused(certificate: bytes, chain: bytes | None = None) -> str:
        request = {"CertificateAuthorityArn": arn, "Certificate": certificate}
        if chain is not None:
            request["CertificateChain"] = chain
        with pytest.raises(ClientError) as raised:
            pca.import_certificate_authority_certificate(**request)
        return error_code(raised)

    foreign_key = root.sign(csr.subject, ec.generate_private_key(ec.SECP256R1()).public_key())
    assert refused(pem(foreign_key), root.pem) == "CertificateMismatchException"
    assert refused(pem(good), other_root.pem) == "CertificateMismatchException"
    intermediate = root.sign(
        x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "intermediate")]), other_root.key.public_key()
    )
    assert refused(pem(good), other_root.pem + root.pem) == "CertificateMismatchException"
    assert refused(pem(good), root.pem + pem(intermediate)) == "CertificateMismatchException"
    assert refused(b"-----BEGIN CERTIFICATE-----\nbm9wZQ==\n-----END CERTIFICATE-----\n", root.pem) == (
        "MalformedCertificateException"
    )
    assert refused(pem(good)) == "InvalidRequestException"
    not_a_ca = root.sign(csr.subject, csr.public_key(), ca=False)
    assert refused(pem(not_a_ca), root.pem) == "InvalidRequestException"
    assert describe(pca, arn)["Status"] == "PENDING_CERTIFICATE"


def test_import_into_a_root_ca_needs_a_self_signed_certificate(pca):
    """A ROOT CA's certificate is its own issuer: one signed by another CA is refused."""
    arn = create(pca, "ROOT")
    csr = csr_of(pca, arn)
    signed_elsewhere = OwnRoot().sign(csr.subject, csr.public_key(), path_length=None)
    with pytest.raises(ClientError) as raised:
        pca.import_certificate_authority_certificate(CertificateAuthorityArn=arn, Certificate=pem(signed_elsewhere))
    assert error_code(raised) == "CertificateMismatchException"
