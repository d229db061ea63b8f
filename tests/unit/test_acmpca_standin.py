# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ACM PCA stand-in (tests/utils/acmpca_standin.py) keeps the rules of the ACM PCA API reference.

One stand-in serves the whole file over HTTP; each test drives it with boto3 as a module would, and is
named after the rule it proves (the reference's words in its docstring). A moto upgrade that changes what
the stand-in builds on shows up here, not in the modules' integration tests.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "utils"))

from moto_server import running_acmpca_standin

REGION = "eu-central-1"
ACCOUNT = "123456789012"
ACCESS_KEY = "AKIASTANDINTEST00001"
SECRET_KEY = "standin-test-secret-key-of-forty-chars00"
TEMPLATE = "arn:aws:acm-pca:::template/{}/V1"
# Polls end after this long, whatever the load on the machine; no assertion rests on a fixed sleep.
POLL_SECONDS = 30
EC_CONFIG = {"KeyAlgorithm": "EC_prime256v1", "SigningAlgorithm": "SHA256WITHECDSA"}


@pytest.fixture(scope="module")
def standin():
    """The URL of a stand-in whose CAs are CREATING for 0.2 s, started once for this file."""
    with pytest.MonkeyPatch.context() as patch:
        # Nothing of this machine's AWS settings may reach the clients or the server.
        for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_CA_BUNDLE"):
            patch.delenv(name, raising=False)
        patch.setenv("AWS_CONFIG_FILE", "/dev/null")
        patch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        with running_acmpca_standin(creating_seconds=0.2, audit_report_seconds=0.2) as url:
            yield url


@pytest.fixture(scope="module")
def pca(standin):
    return boto3.client(
        "acm-pca",
        region_name=REGION,
        endpoint_url=standin,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=Config(retries={"mode": "standard", "total_max_attempts": 1}),
    )


@pytest.fixture(scope="module")
def s3(standin):
    return boto3.client(
        "s3", region_name=REGION, endpoint_url=standin, aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY
    )


def control(url: str, path: str, payload: dict | None = None):
    request = urllib.request.Request(
        f"{url}/_standin/{path}",
        data=None if payload is None else json.dumps(payload).encode(),
        method="GET" if payload is None else "POST",
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


@pytest.fixture
def config(standin):
    """Change the stand-in's knobs for one test; they are put back afterwards."""
    before = control(standin, "config")
    yield lambda **changes: control(standin, "config", changes)
    control(standin, "config", before)


def error_code(raised: pytest.ExceptionInfo) -> str:
    return raised.value.response["Error"]["Code"]


def create(pca, ca_type="SUBORDINATE", subject=None, token=None, **configuration) -> str:
    request = {
        "CertificateAuthorityType": ca_type,
        "CertificateAuthorityConfiguration": {
            **EC_CONFIG,
            "Subject": subject or {"CommonName": f"standin test {uuid.uuid4().hex[:8]}", "Country": "DE"},
            **configuration,
        },
    }
    if token:
        request["IdempotencyToken"] = token
    return pca.create_certificate_authority(**request)["CertificateAuthorityArn"]


def describe(pca, arn: str) -> dict:
    return pca.describe_certificate_authority(CertificateAuthorityArn=arn)["CertificateAuthority"]


def wait_status(pca, arn: str, wanted: str = "PENDING_CERTIFICATE") -> dict:
    deadline = time.monotonic() + POLL_SECONDS
    while (ca := describe(pca, arn))["Status"] != wanted:
        assert time.monotonic() < deadline, f"{arn} still {ca['Status']}, not {wanted}"
        time.sleep(0.1)
    return ca


def csr_of(pca, arn: str) -> x509.CertificateSigningRequest:
    wait_status(pca, arn)
    return x509.load_pem_x509_csr(pca.get_certificate_authority_csr(CertificateAuthorityArn=arn)["Csr"].encode())


class OwnRoot:
    """A root CA kept outside AWS, which signs subordinate CAs' CSRs."""

    def __init__(self, name: str = "standin test external root") -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        self.certificate = self.sign(self.name, self.key.public_key(), path_length=None, issuer_key=self.key)

    def sign(
        self, subject, public_key, path_length=0, issuer_key=None, ca=True, lifetime=datetime.timedelta(days=365)
    ) -> x509.Certificate:
        now = datetime.datetime.now(datetime.timezone.utc)
        builder = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self.name)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + lifetime)
            .add_extension(x509.BasicConstraints(ca=ca, path_length=path_length if ca else None), critical=True)
        )
        return builder.sign(issuer_key or self.key, hashes.SHA256())

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)


def pem(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


def activate_subordinate(pca, arn: str, root: OwnRoot) -> x509.Certificate:
    if describe(pca, arn)["Status"] != "ACTIVE":
        wait_status(pca, arn)
    csr = x509.load_pem_x509_csr(pca.get_certificate_authority_csr(CertificateAuthorityArn=arn)["Csr"].encode())
    certificate = root.sign(csr.subject, csr.public_key())
    pca.import_certificate_authority_certificate(
        CertificateAuthorityArn=arn, Certificate=pem(certificate), CertificateChain=root.pem
    )
    return certificate


def activate_root(pca, arn: str) -> x509.Certificate:
    """The API's way to activate a root CA: issue its own CSR with RootCACertificate/V1, then import it."""
    csr = pca_csr_text(pca, arn)
    certificate_arn = pca.issue_certificate(
        CertificateAuthorityArn=arn,
        Csr=csr.encode(),
        SigningAlgorithm="SHA256WITHECDSA",
        TemplateArn=TEMPLATE.format("RootCACertificate"),
        Validity={"Value": 10, "Type": "YEARS"},
    )["CertificateArn"]
    issued = pca.get_certificate(CertificateAuthorityArn=arn, CertificateArn=certificate_arn)
    assert "CertificateChain" not in issued, "a root CA's own certificate has no chain"
    pca.import_certificate_authority_certificate(
        CertificateAuthorityArn=arn, Certificate=issued["Certificate"].encode()
    )
    return x509.load_pem_x509_certificate(issued["Certificate"].encode())


def pca_csr_text(pca, arn: str) -> str:
    if describe(pca, arn)["Status"] == "CREATING":
        wait_status(pca, arn)
    return pca.get_certificate_authority_csr(CertificateAuthorityArn=arn)["Csr"]


@pytest.fixture
def active_root(pca):
    arn = create(pca, "ROOT")
    return arn, activate_root(pca, arn)


def leaf_csr(common_name: str = "host.example.com", sans=("host.example.com",)) -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    builder = x509.CertificateSigningRequestBuilder().subject_name(
        x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    )
    if sans:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(name) for name in sans]), False)
    return builder.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM)


def issue(pca, ca_arn: str, csr: bytes | None = None, **extra) -> x509.Certificate:
    request = {
        "CertificateAuthorityArn": ca_arn,
        "Csr": csr or leaf_csr(),
        "SigningAlgorithm": "SHA256WITHECDSA",
        "Validity": {"Value": 30, "Type": "DAYS"},
        **extra,
    }
    certificate_arn = pca.issue_certificate(**request)["CertificateArn"]
    issued = pca.get_certificate(CertificateAuthorityArn=ca_arn, CertificateArn=certificate_arn)
    return x509.load_pem_x509_certificate(issued["Certificate"].encode())


# --- CreateCertificateAuthority ----------------------------------------------------------------------


def test_malformed_arn_and_missing_ca(pca):
    """InvalidArnException: "The requested Amazon Resource Name (ARN) does not refer to an existing resource";
    ResourceNotFoundException: "A resource such as a private CA ... cannot be found"."""
    with pytest.raises(ClientError) as raised:
        pca.describe_certificate_authority(
            CertificateAuthorityArn="arn:aws:acm:eu-central-1:123456789012:certificate/x"
        )
    assert error_code(raised) == "InvalidArnException"
    missing = f"arn:aws:acm-pca:{REGION}:{ACCOUNT}:certificate-authority/{uuid.uuid4()}"
    with pytest.raises(ClientError) as raised:
        pca.get_certificate_authority_csr(CertificateAuthorityArn=missing)
    assert error_code(raised) == "ResourceNotFoundException"


def test_new_ca_is_creating_then_pending_certificate(pca, config):
    """While the CA is CREATING, GetCertificateAuthorityCsr answers RequestInProgressException ("Your request is
    already in progress"); then the CA waits in PENDING_CERTIFICATE for its certificate."""
    # Long enough for any load on the machine; lowered below, which ends it at once.
    config(creating_seconds=60)
    arn = create(pca)
    assert describe(pca, arn)["Status"] == "CREATING"
    with pytest.raises(ClientError) as raised:
        pca.get_certificate_authority_csr(CertificateAuthorityArn=arn)
    assert error_code(raised) == "RequestInProgressException"
    config(creating_seconds=0.2)
    ca = wait_status(pca, arn)
    assert "LastStateChangeAt" in ca
    assert pca.get_certificate_authority_csr(CertificateAuthorityArn=arn)["Csr"].startswith(
        "-----BEGIN CERTIFICATE REQUEST-----"
    )


KEY_ALGORITHMS = [
    ("RSA_2048", "SHA256WITHRSA", rsa.RSAPublicKey, 2048),
    ("RSA_3072", "SHA384WITHRSA", rsa.RSAPublicKey, 3072),
    ("RSA_4096", "SHA512WITHRSA", rsa.RSAPublicKey, 4096),
    ("EC_prime256v1", "SHA256WITHECDSA", ec.EllipticCurvePublicKey, "secp256r1"),
    ("EC_secp384r1", "SHA384WITHECDSA", ec.EllipticCurvePublicKey, "secp384r1"),
    ("EC_secp521r1", "SHA512WITHECDSA", ec.EllipticCurvePublicKey, "secp521r1"),
]


def test_csr_key_follows_key_algorithm_and_is_signed_with_signing_algorithm(pca):
    """KeyAlgorithm: "Type of the public key algorithm and size, in bits, of the key pair that your CA creates
    when it issues a certificate"; SigningAlgorithm: "Name of the algorithm your private CA uses to sign
    certificate requests". The CSR is made once: asking twice gives the same text."""
    created = {
        key_algorithm: create(pca, KeyAlgorithm=key_algorithm, SigningAlgorithm=signing)
        for key_algorithm, signing, *_unused in KEY_ALGORITHMS
    }
    for key_algorithm, signing, key_type, size in KEY_ALGORITHMS:
        csr = csr_of(pca, created[key_algorithm])
        public_key = csr.public_key()
        assert isinstance(public_key, key_type), key_algorithm
        assert (public_key.key_size if key_type is rsa.RSAPublicKey else public_key.curve.name) == size
        assert csr.is_signature_valid
        assert csr.signature_hash_algorithm.name == f"sha{signing[3:6]}"
        again = pca.get_certificate_authority_csr(CertificateAuthorityArn=created[key_algorithm])["Csr"]
        assert again.encode() == csr.public_bytes(serialization.Encoding.PEM).strip()


@pytest.mark.parametrize("level", ["ML_DSA_44", "ML_DSA_65", "ML_DSA_87"])
def test_ml_dsa_keys_where_cryptography_has_them(pca, level):
    """ML-DSA CAs: the CSR holds an ML-DSA key and is signed with it, where the stand-in's cryptography can
    make such keys; elsewhere the request answers InvalidArgsException."""
    mldsa = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.mldsa")
    try:
        getattr(mldsa, f"MLDSA{level[-2:]}PrivateKey").generate()
    except UnsupportedAlgorithm:
        with pytest.raises(ClientError) as raised:
            create(pca, KeyAlgorithm=level, SigningAlgorithm=level)
        assert error_code(raised) == "InvalidArgsException"
        return
    csr = csr_of(pca, create(pca, KeyAlgorithm=level, SigningAlgorithm=level))
    assert isinstance(csr.public_key(), getattr(mldsa, f"MLDSA{level[-2:]}PublicKey"))
    assert csr.is_signature_valid


@pytest.mark.parametrize(
    "key_algorithm,signing",
    [
        ("EC_prime256v1", "SHA256WITHRSA"),
        ("RSA_2048", "SHA256WITHECDSA"),
        ("SM2", "SM3WITHSM2"),
        ("RSA_1024", "SHA256WITHRSA"),
    ],
)
def test_signing_algorithm_of_another_key_family_is_refused(pca, key_algorithm, signing):
    """A signing algorithm must belong to the key's family; SM2 is for the China regions only."""
    with pytest.raises(ClientError) as raised:
        create(pca, KeyAlgorithm=key_algorithm, SigningAlgorithm=signing)
    assert error_code(raised) == "InvalidArgsException"


def test_csr_subject_holds_every_asn1_subject_field_and_csr_extensions(pca):
    """ASN1Subject: "Contains information about the certificate subject"; every field given is in the CSR,
    and CsrExtensions ("Describes the certificate extensions to be added to the certificate signing request")
    are in it too."""
    subject = {
        "Country": "DE",
        "State": "Berlin",
        "Locality": "Berlin",
        "Organization": "Example GmbH",
        "OrganizationalUnit": "PKI",
        "CommonName": "Example Issuing CA",
        "DistinguishedNameQualifier": "dnq",
        "Title": "CA",
        "Surname": "Doe",
        "GivenName": "Jane",
        "Initials": "JD",
        "Pseudonym": "jd",
        "GenerationQualifier": "III",
        "SerialNumber": "0042",
    }
    extensions = {
        "KeyUsage": {"KeyCertSign": True, "CRLSign": True, "DigitalSignature": True},
        "SubjectInformationAccess": [
            {
                "AccessMethod": {"AccessMethodType": "CA_REPOSITORY"},
                "AccessLocation": {"UniformResourceIdentifier": "http://pki.example.com/repo"},
            }
        ],
    }
    csr = csr_of(pca, create(pca, subject=subject, CsrExtensions=extensions))
    oids = {
        "Country": NameOID.COUNTRY_NAME,
        "State": NameOID.STATE_OR_PROVINCE_NAME,
        "Locality": NameOID.LOCALITY_NAME,
        "Organization": NameOID.ORGANIZATION_NAME,
        "OrganizationalUnit": NameOID.ORGANIZATIONAL_UNIT_NAME,
        "CommonName": NameOID.COMMON_NAME,
        "DistinguishedNameQualifier": NameOID.DN_QUALIFIER,
        "Title": NameOID.TITLE,
        "Surname": NameOID.SURNAME,
        "GivenName": NameOID.GIVEN_NAME,
        "Initials": NameOID.INITIALS,
        "Pseudonym": NameOID.PSEUDONYM,
        "GenerationQualifier": NameOID.GENERATION_QUALIFIER,
        "SerialNumber": NameOID.SERIAL_NUMBER,
    }
    for field, oid in oids.items():
        assert [a.value for a in csr.subject.get_attributes_for_oid(oid)] == [subject[field]], field
    key_usage = csr.extensions.get_extension_for_class(x509.KeyUsage)
    assert key_usage.critical and key_usage.value.key_cert_sign and key_usage.value.crl_sign
    assert not key_usage.value.key_encipherment
    access = csr.extensions.get_extension_for_class(x509.SubjectInformationAccess).value
    assert access[0].access_location.value == "http://pki.example.com/repo"
    assert csr.extensions.get_extension_for_class(x509.BasicConstraints).value.ca


def test_custom_attributes_alone_and_not_with_standard_attributes(pca):
    """ASN1Subject.CustomAttributes: "Custom attributes cannot be used in combination with standard attributes"."""
    custom = [
        {"ObjectIdentifier": "2.5.4.3", "Value": "custom CN"},
        {"ObjectIdentifier": "1.3.6.1.4.1.99.1", "Value": "x"},
    ]
    csr = csr_of(pca, create(pca, subject={"CustomAttributes": custom}))
    assert csr.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "custom CN"
    assert csr.subject.get_attributes_for_oid(x509.ObjectIdentifier("1.3.6.1.4.1.99.1"))[0].value == "x"
    with pytest.raises(ClientError) as raised:
        create(pca, subject={"CommonName": "both", "CustomAttributes": custom})
    assert error_code(raised) == "InvalidArgsException"


def test_usage_mode_and_key_storage_defaults(pca):
    """UsageMode: "The default value is GENERAL_PURPOSE"; KeyStorageSecurityStandard: "Default:
    FIPS_140_2_LEVEL_3_OR_HIGHER". Values given are kept."""
    ca = describe(pca, create(pca))
    assert ca["UsageMode"] == "GENERAL_PURPOSE"
    assert ca["KeyStorageSecurityStandard"] == "FIPS_140_2_LEVEL_3_OR_HIGHER"
    arn = pca.create_certificate_authority(
        CertificateAuthorityType="ROOT",
        CertificateAuthorityConfiguration={**EC_CONFIG, "Subject": {"CommonName": "short-lived"}},
        UsageMode="SHORT_LIVED_CERTIFICATE",
        KeyStorageSecurityStandard="FIPS_140_2_LEVEL_2_OR_HIGHER",
    )["CertificateAuthorityArn"]
    ca = describe(pca, arn)
    assert (ca["UsageMode"], ca["KeyStorageSecurityStandard"]) == (
        "SHORT_LIVED_CERTIFICATE",
        "FIPS_140_2_LEVEL_2_OR_HIGHER",
    )


def test_short_lived_certificate_ca_issues_seven_days_at_most(pca):
    """UsageMode SHORT_LIVED_CERTIFICATE: the CA issues "certificates with a validity period of up to 7 days"."""
    arn = pca.create_certificate_authority(
        CertificateAuthorityType="ROOT",
        CertificateAuthorityConfiguration={**EC_CONFIG, "Subject": {"CommonName": "short-lived root"}},
        UsageMode="SHORT_LIVED_CERTIFICATE",
    )["CertificateAuthorityArn"]
    activate_root(pca, arn)
    assert issue(pca, arn, Validity={"Value": 7, "Type": "DAYS"})
    with pytest.raises(ClientError) as raised:
        issue(pca, arn, Validity={"Value": 8, "Type": "DAYS"})
    assert error_code(raised) == "ValidationException"


def test_create_idempotency_token(pca):
    """IdempotencyToken: "if you call CreateCertificateAuthority multiple times with the same idempotency token
    within five minutes, AWS Private CA recognizes that you are requesting only certificate authority and will
    issue only one"."""
    token = uuid.uuid4().hex[:20]
    first = create(pca, token=token)
    assert create(pca, token=token) == first
    assert create(pca, token=uuid.uuid4().hex[:20]) != first


# --- Update, Delete, Restore ---------------------------------------------------------------------------


def test_update_only_on_active_or_disabled_with_a_change(pca, active_root):
    """UpdateCertificateAuthority: "Your private CA must be in the ACTIVE or DISABLED state before you can update
    it"; Status may only be ACTIVE or DISABLED; a request must change something."""
    pending = create(pca)
    wait_status(pca, pending)
    with pytest.raises(ClientError) as raised:
        pca.update_certificate_authority(CertificateAuthorityArn=pending, Status="DISABLED")
    assert error_code(raised) == "InvalidStateException"
    arn = active_root[0]
    with pytest.raises(ClientError) as raised:
        pca.update_certificate_authority(CertificateAuthorityArn=arn)
    assert error_code(raised) == "InvalidArgsException"
    with pytest.raises(ClientError) as raised:
        pca.update_certificate_authority(CertificateAuthorityArn=arn, Status="DELETED")
    assert error_code(raised) == "InvalidArgsException"
    with pytest.raises(ClientError) as raised:
        pca.update_certificate_authority(
            CertificateAuthorityArn=arn,
            RevocationConfiguration={"CrlConfiguration": {"Enabled": False, "S3ObjectAcl": "PRIVATE"}},
        )
    assert error_code(raised) == "InvalidArgsException"
    pca.update_certificate_authority(CertificateAuthorityArn=arn, Status="DISABLED")
    assert describe(pca, arn)["Status"] == "DISABLED"
    pca.update_certificate_authority(CertificateAuthorityArn=arn, Status="ACTIVE")
    assert describe(pca, arn)["Status"] == "ACTIVE"


def test_delete_refuses_active_and_sets_restoration_period(pca, active_root):
    """DeleteCertificateAuthority: "Before you can delete a CA that you have created and activated, you must
    disable it"; "By default, if you do not set the PermanentDeletionTimeInDays parameter, the CA remains
    restorable for 30 days. You can set the parameter from 7 to 30 days"."""
    arn = active_root[0]
    with pytest.raises(ClientError) as raised:
        pca.delete_certificate_authority(CertificateAuthorityArn=arn)
    assert error_code(raised) == "InvalidStateException"
    pca.update_certificate_authority(CertificateAuthorityArn=arn, Status="DISABLED")
    with pytest.raises(ClientError) as raised:
        pca.delete_certificate_authority(CertificateAuthorityArn=arn, PermanentDeletionTimeInDays=31)
    assert error_code(raised) == "ValidationException"
    pca.delete_certificate_authority(CertificateAuthorityArn=arn, PermanentDeletionTimeInDays=7)
    ca = describe(pca, arn)
    assert ca["Status"] == "DELETED"
    days = (ca["RestorableUntil"] - datetime.datetime.now(datetime.timezone.utc)).total_seconds() / 86400
    assert 6.9 < days <= 7
    with pytest.raises(ClientError) as raised:
        pca.delete_certificate_authority(CertificateAuthorityArn=arn)
    assert error_code(raised) == "InvalidStateException"

    pending = create(pca)
    wait_status(pca, pending)
    pca.delete_certificate_authority(CertificateAuthorityArn=pending)
    days = (describe(pca, pending)["RestorableUntil"] - datetime.datetime.now(datetime.timezone.utc)).total_seconds()
    assert 29.9 < days / 86400 <= 30


def test_restore_returns_the_pre_deletion_status(pca, active_root):
    """RestoreCertificateAuthority: "The status of a restored CA is set to its pre-deletion status when the
    RestoreCertificateAuthority action returns"."""
    arn = active_root[0]
    with pytest.raises(ClientError) as raised:
        pca.restore_certificate_authority(CertificateAuthorityArn=arn)
    assert error_code(raised) == "InvalidStateException"
    pca.update_certificate_authority(CertificateAuthorityArn=arn, Status="DISABLED")
    pca.delete_certificate_authority(CertificateAuthorityArn=arn, PermanentDeletionTimeInDays=7)
    pca.restore_certificate_authority(CertificateAuthorityArn=arn)
    ca = describe(pca, arn)
    assert ca["Status"] == "DISABLED"
    assert "RestorableUntil" not in ca

    pending = create(pca)
    wait_status(pca, pending)
    pca.delete_certificate_authority(CertificateAuthorityArn=pending)
    pca.restore_certificate_authority(CertificateAuthorityArn=pending)
    assert describe(pca, pending)["Status"] == "PENDING_CERTIFICATE"


def test_no_restore_after_the_restoration_period_or_for_a_ca_deleted_while_creating(pca, config):
    """ "You cannot restore a CA after the restoration period has ended"; "A private CA in the CREATING, EXPIRED,
    or FAILED state has no associated restoration period and cannot be restored"."""
    config(creating_seconds=30)
    creating = create(pca)
    pca.delete_certificate_authority(CertificateAuthorityArn=creating)
    config(creating_seconds=0.2, day_seconds=0.05)
    ca = describe(pca, creating)
    assert ca["Status"] == "DELETED" and "RestorableUntil" not in ca
    with pytest.raises(ClientError) as raised:
        pca.restore_certificate_authority(CertificateAuthorityArn=creating)
    assert error_code(raised) == "InvalidStateException"

    pending = create(pca)
    wait_status(pca, pending)
    pca.delete_certificate_authority(CertificateAuthorityArn=pending, PermanentDeletionTimeInDays=7)
    deadline = time.monotonic() + POLL_SECONDS
    while describe(pca, pending)["RestorableUntil"] > datetime.datetime.now(datetime.timezone.utc):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    with pytest.raises(ClientError) as raised:
        pca.restore_certificate_authority(CertificateAuthorityArn=pending)
    assert error_code(raised) == "InvalidStateException"


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


# --- Permissions, policies, audit reports, tags, listing, call log -------------------------------------


def test_permissions_for_acm(pca, active_root):
    """CreatePermission: "At this time, the only valid principal is acm.amazonaws.com"; Actions are
    IssueCertificate, GetCertificate and ListPermissions; PermissionAlreadyExistsException "The designated
    permission has already been given to the user"."""
    arn = active_root[0]
    actions = ["IssueCertificate", "GetCertificate", "ListPermissions"]
    pca.create_permission(CertificateAuthorityArn=arn, Principal="acm.amazonaws.com", Actions=actions)
    with pytest.raises(ClientError) as raised:
        pca.create_permission(CertificateAuthorityArn=arn, Principal="acm.amazonaws.com", Actions=actions)
    assert error_code(raised) == "PermissionAlreadyExistsException"
    for principal, wanted in (("ec2.amazonaws.com", actions), ("acm.amazonaws.com", ["DeleteCertificateAuthority"])):
        with pytest.raises(ClientError) as raised:
            pca.create_permission(
                CertificateAuthorityArn=arn, Principal=principal, Actions=wanted, SourceAccount="111122223333"
            )
        assert error_code(raised) == "InvalidArgsException"
    pca.create_permission(
        CertificateAuthorityArn=arn,
        Principal="acm.amazonaws.com",
        Actions=["GetCertificate"],
        SourceAccount="111122223333",
    )
    first_page = pca.list_permissions(CertificateAuthorityArn=arn, MaxResults=1)
    second_page = pca.list_permissions(CertificateAuthorityArn=arn, MaxResults=1, NextToken=first_page["NextToken"])
    permissions = first_page["Permissions"] + second_page["Permissions"]
    assert "NextToken" not in second_page
    assert {(p["SourceAccount"], tuple(p["Actions"])) for p in permissions} == {
        (ACCOUNT, tuple(actions)),
        ("111122223333", ("GetCertificate",)),
    }
    policy = json.loads(permissions[0]["Policy"])
    assert policy["Statement"][0]["Principal"] == {"Service": "acm.amazonaws.com"}
    assert policy["Statement"][0]["Resource"] == arn
    pca.delete_permission(CertificateAuthorityArn=arn, Principal="acm.amazonaws.com")
    with pytest.raises(ClientError) as raised:
        pca.delete_permission(CertificateAuthorityArn=arn, Principal="acm.amazonaws.com")
    assert error_code(raised) == "ResourceNotFoundException"
    assert [p["SourceAccount"] for p in pca.list_permissions(CertificateAuthorityArn=arn)["Permissions"]] == [
        "111122223333"
    ]


def test_policies(pca, active_root):
    """PutPolicy: InvalidPolicyException "The resource policy is invalid or is missing a required statement";
    GetPolicy and DeletePolicy without a policy: ResourceNotFoundException."""
    arn = active_root[0]
    with pytest.raises(ClientError) as raised:
        pca.get_policy(ResourceArn=arn)
    assert error_code(raised) == "ResourceNotFoundException"
    for bad in ("{not json", json.dumps({"Version": "2012-10-17"})):
        with pytest.raises(ClientError) as raised:
            pca.put_policy(ResourceArn=arn, Policy=bad)
        assert error_code(raised) == "InvalidPolicyException"
    policy = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": "111122223333"},
                    "Action": "acm-pca:GetCertificate",
                    "Resource": arn,
                }
            ],
        }
    )
    pca.put_policy(ResourceArn=arn, Policy=policy)
    assert pca.get_policy(ResourceArn=arn)["Policy"] == policy
    pca.delete_policy(ResourceArn=arn)
    with pytest.raises(ClientError) as raised:
        pca.delete_policy(ResourceArn=arn)
    assert error_code(raised) == "ResourceNotFoundException"


def test_audit_report_lists_every_certificate_in_s3(pca, s3, active_root):
    """CreateCertificateAuthorityAuditReport: "Creates an audit report that lists every time that your CA private
    key is used", saved at audit-report/<CA id>/<report id>.json|csv in the bucket;
    DescribeCertificateAuthorityAuditReport says CREATING, then SUCCESS."""
    arn = active_root[0]
    kept = issue(pca, arn)
    revoked = issue(pca, arn)
    pca.revoke_certificate(
        CertificateAuthorityArn=arn, CertificateSerial=f"{revoked.serial_number:x}", RevocationReason="SUPERSEDED"
    )
    bucket = f"standin-audit-{uuid.uuid4().hex[:12]}"
    with pytest.raises(ClientError) as raised:
        pca.create_certificate_authority_audit_report(
            CertificateAuthorityArn=arn, S3BucketName=bucket, AuditReportResponseFormat="JSON"
        )
    assert error_code(raised) == "ResourceNotFoundException"
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    ca_id = arn.rsplit("/", 1)[1]
    for response_format in ("JSON", "CSV"):
        report = pca.create_certificate_authority_audit_report(
            CertificateAuthorityArn=arn, S3BucketName=bucket, AuditReportResponseFormat=response_format
        )
        assert report["S3Key"] == f"audit-report/{ca_id}/{report['AuditReportId']}.{response_format.lower()}"
        deadline = time.monotonic() + POLL_SECONDS
        while True:
            described = pca.describe_certificate_authority_audit_report(
                CertificateAuthorityArn=arn, AuditReportId=report["AuditReportId"]
            )
            assert described["AuditReportStatus"] in ("CREATING", "SUCCESS")
            if described["AuditReportStatus"] == "SUCCESS":
                break
            assert time.monotonic() < deadline
            time.sleep(0.1)
        assert (described["S3BucketName"], described["S3Key"]) == (bucket, report["S3Key"])
        body = s3.get_object(Bucket=bucket, Key=report["S3Key"])["Body"].read().decode()
        rows = json.loads(body) if response_format == "JSON" else list(csv.DictReader(io.StringIO(body)))
        by_serial = {row["serial"].replace(":", ""): row for row in rows}
        assert by_serial[f"{revoked.serial_number:032x}"]["revocationReason"] == "SUPERSEDED"
        assert by_serial[f"{revoked.serial_number:032x}"]["revokedAt"]
        kept_row = by_serial[f"{kept.serial_number:032x}"]
        assert not kept_row.get("revokedAt")
        assert kept_row["awsAccountId"] == ACCOUNT
        assert kept_row["subject"] == "CN=host.example.com"
        assert kept_row["templateArn"] == TEMPLATE.format("EndEntityCertificate")
        assert kept_row["notAfter"] == kept.not_valid_after_utc.strftime("%Y-%m-%dT%H:%M:%S+0000")
    pending = create(pca)
    wait_status(pca, pending)
    with pytest.raises(ClientError) as raised:
        pca.create_certificate_authority_audit_report(
            CertificateAuthorityArn=pending, S3BucketName=bucket, AuditReportResponseFormat="CSV"
        )
    assert error_code(raised) == "InvalidStateException"


def test_list_certificate_authorities_paginates_and_honours_resource_owner(pca):
    """ListCertificateAuthorities: MaxResults and NextToken page through every CA; ResourceOwner OTHER_ACCOUNTS
    lists CAs shared with this account through AWS RAM (none here)."""
    mine = {create(pca), create(pca), create(pca)}
    seen, token = [], None
    while True:
        page = pca.list_certificate_authorities(MaxResults=2, **({"NextToken": token} if token else {}))
        assert len(page["CertificateAuthorities"]) <= 2
        seen += [ca["Arn"] for ca in page["CertificateAuthorities"]]
        token = page.get("NextToken")
        if not token:
            break
    assert mine <= set(seen) and len(seen) == len(set(seen))
    assert set(seen) == {
        ca["Arn"] for ca in pca.list_certificate_authorities(ResourceOwner="SELF")["CertificateAuthorities"]
    }
    assert pca.list_certificate_authorities(ResourceOwner="OTHER_ACCOUNTS")["CertificateAuthorities"] == []


def test_tags_rules(pca):
    """TagCertificateAuthority: TooManyTagsException "You can associate up to 50 tags with a private CA";
    InvalidTagException for keys AWS reserves (aws:); tags cannot be changed on a DELETED CA."""
    arn = create(pca)
    pca.tag_certificate_authority(CertificateAuthorityArn=arn, Tags=[{"Key": "team", "Value": "pki"}])
    with pytest.raises(ClientError) as raised:
        pca.tag_certificate_authority(
            CertificateAuthorityArn=arn, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)]
        )
    assert error_code(raised) == "TooManyTagsException"
    with pytest.raises(ClientError) as raised:
        pca.tag_certificate_authority(CertificateAuthorityArn=arn, Tags=[{"Key": "aws:reserved", "Value": "v"}])
    assert error_code(raised) == "InvalidTagException"
    pca.tag_certificate_authority(CertificateAuthorityArn=arn, Tags=[{"Key": "env", "Value": "test"}])
    first = pca.list_tags(CertificateAuthorityArn=arn, MaxResults=1)
    second = pca.list_tags(CertificateAuthorityArn=arn, MaxResults=1, NextToken=first["NextToken"])
    assert "NextToken" not in second
    assert first["Tags"] + second["Tags"] == [{"Key": "team", "Value": "pki"}, {"Key": "env", "Value": "test"}]
    pca.untag_certificate_authority(CertificateAuthorityArn=arn, Tags=[{"Key": "team"}, {"Key": "env"}])
    assert pca.list_tags(CertificateAuthorityArn=arn)["Tags"] == []
    pca.delete_certificate_authority(CertificateAuthorityArn=arn)
    with pytest.raises(ClientError) as raised:
        pca.tag_certificate_authority(CertificateAuthorityArn=arn, Tags=[{"Key": "team", "Value": "pki"}])
    assert error_code(raised) == "InvalidStateException"


def test_call_log_records_each_request_and_resets(standin, pca):
    """GET /_standin/calls lists each ACM PCA request's operation and CA ARN, failed ones too;
    POST /_standin/calls/reset clears it."""
    control(standin, "calls/reset", {})
    assert control(standin, "calls") == []
    arn = create(pca)
    describe(pca, arn)
    with pytest.raises(ClientError):
        pca.update_certificate_authority(CertificateAuthorityArn=arn, Status="ACTIVE")
    assert control(standin, "calls") == [
        {"operation": "CreateCertificateAuthority", "arn": arn},
        {"operation": "DescribeCertificateAuthority", "arn": arn},
        {"operation": "UpdateCertificateAuthority", "arn": arn},
    ]
    other = create(pca)
    with urllib.request.urlopen(f"{standin}/_standin/calls?arn={other}", timeout=10) as answer:
        assert json.loads(answer.read()) == [{"operation": "CreateCertificateAuthority", "arn": other}]
    control(standin, "calls/reset", {})
    assert control(standin, "calls") == []


def test_a_failed_ca_has_no_csr_and_no_restoration_period(standin, pca):
    """Status FAILED: "The CreateCertificateAuthority action failed ... A failed CA cannot be recovered. Delete the
    CA and create a new one." POST /_standin/status puts a CA into that status."""
    arn = create(pca)
    wait_status(pca, arn)
    assert control(standin, "status", {"arn": arn, "status": "FAILED"}) == {"arn": arn, "status": "FAILED"}
    assert describe(pca, arn)["FailureReason"] == "OTHER"
    with pytest.raises(ClientError) as raised:
        pca.get_certificate_authority_csr(CertificateAuthorityArn=arn)
    assert error_code(raised) == "InvalidStateException"
    pca.delete_certificate_authority(CertificateAuthorityArn=arn)
    ca = describe(pca, arn)
    assert ca["Status"] == "DELETED" and "RestorableUntil" not in ca
    with pytest.raises(urllib.error.HTTPError) as refused:
        control(standin, "status", {"arn": arn, "status": "BROKEN"})
    assert refused.value.code == 400


def test_config_endpoint_refuses_unknown_settings(standin):
    """POST /_standin/config takes only the knobs the stand-in documents."""
    with pytest.raises(urllib.error.HTTPError) as raised:
        control(standin, "config", {"no_such_knob": 1})
    assert raised.value.code == 400
    assert set(control(standin, "config")) >= {"creating_seconds", "audit_report_seconds", "day_seconds"}
