# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ACM PCA stand-in keeps the API's rules for CAs: creation, keys and CSRs, status changes, listing, tags,
and its call log.

The stand-in (tests/utils/acmpca_standin.py) runs once for these tests (conftest.py); each test drives it
with boto3 as a module would and is named after the rule it proves, with the API reference's words in its
docstring. A moto upgrade that changes what the stand-in builds on shows up here.
"""

from __future__ import annotations

import datetime
import json
import time
import urllib.error
import urllib.request
import uuid

import pytest
from botocore.exceptions import ClientError
from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import ACCOUNT
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import EC_CONFIG
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import POLL_SECONDS
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import REGION
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import activate_root
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import control
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import create
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import csr_of
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import describe
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import error_code
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import issue
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import wait_status

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


# --- Listing, tags, call log, test hooks ----------------------------------------------------------------


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
