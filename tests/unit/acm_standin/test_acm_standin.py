# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The stand-in's ACM keeps the rules of the ACM API reference for private certificates.

The stand-in (tests/utils/acmpca_standin.py with tests/utils/_acm_standin.py) runs once for these tests
(conftest.py); each test drives it with boto3 as a module would and is named after the rule it proves, with
the reference's words in its docstring (https://docs.aws.amazon.com/acm/latest/APIReference/ and the ACM
user guide's "Private certificates" pages). Where the reference names no error code, the docstring says which
one the stand-in answers.
"""

from __future__ import annotations

import datetime
import json
import urllib.request
import uuid

import pytest
from botocore.exceptions import ClientError
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric import rsa

from ansible_collections.privateca.aws.tests.unit.acm_standin._acm_helpers import EC
from ansible_collections.privateca.aws.tests.unit.acm_standin._acm_helpers import RSA
from ansible_collections.privateca.aws.tests.unit.acm_standin._acm_helpers import active_root
from ansible_collections.privateca.aws.tests.unit.acm_standin._acm_helpers import describe
from ansible_collections.privateca.aws.tests.unit.acm_standin._acm_helpers import grant_acm
from ansible_collections.privateca.aws.tests.unit.acm_standin._acm_helpers import request
from ansible_collections.privateca.aws.tests.unit.acm_standin._acm_helpers import settled
from ansible_collections.privateca.aws.tests.unit.acm_standin._acm_helpers import wait_until
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import ACCOUNT
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import REGION
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import control
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import create
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import error_code
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import wait_status

PASSPHRASE = b"correct horse battery staple"


@pytest.fixture(scope="module")
def ec_root(pca):
    return active_root(pca, EC)


@pytest.fixture(scope="module")
def rsa_root(pca):
    return active_root(pca, RSA)


def export(acm, arn: str, passphrase: bytes = PASSPHRASE) -> dict:
    return acm.export_certificate(CertificateArn=arn, Passphrase=passphrase)


def test_private_request_is_signed_by_the_ca_with_its_chain_for_395_days(acm, ec_root):
    """RequestCertificate with CertificateAuthorityArn: the certificate is PENDING_VALIDATION, then ISSUED,
    signed by the private CA ("the certificate is signed by the private CA"); "Each certificate is valid for 13
    months (395 days)"; GetCertificate returns "the certificate chain that contains the root certificate issued
    by the private certificate authority (CA)". DescribeCertificate: Type PRIVATE, the serial, the CA."""
    ca_arn, ca_certificate = ec_root
    now = datetime.datetime.now(datetime.timezone.utc)
    arn = request(
        acm,
        ca_arn,
        "web.internal.example.com",
        SubjectAlternativeNames=["api.internal.example.com"],
        KeyAlgorithm="EC_prime256v1",
    )
    assert describe(acm, arn)["Status"] == "PENDING_VALIDATION"
    with pytest.raises(ClientError) as raised:
        acm.get_certificate(CertificateArn=arn)
    assert error_code(raised) == "RequestInProgressException"
    detail = settled(acm, arn)
    assert detail["Status"] == "ISSUED"
    got = acm.get_certificate(CertificateArn=arn)
    certificate = x509.load_pem_x509_certificate(got["Certificate"].encode())
    certificate.verify_directly_issued_by(ca_certificate)
    assert x509.load_pem_x509_certificates(got["CertificateChain"].encode()) == [ca_certificate]
    assert abs((certificate.not_valid_after_utc - now).total_seconds() - 395 * 86400) < 300
    assert certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value.get_values_for_type(
        x509.DNSName
    ) == ["web.internal.example.com", "api.internal.example.com"]
    assert detail["Type"] == "PRIVATE"
    assert detail["CertificateAuthorityArn"] == ca_arn
    assert detail["Serial"].replace(":", "") == f"{certificate.serial_number:032x}"
    assert detail["SubjectAlternativeNames"] == ["web.internal.example.com", "api.internal.example.com"]
    assert detail["KeyAlgorithm"] == "EC-prime256v1"
    assert detail["NotAfter"] == certificate.not_valid_after_utc
    assert detail["RenewalEligibility"] == "INELIGIBLE"


def test_key_algorithm_is_honoured_and_must_match_the_ca_key_family(acm, ec_root, rsa_root):
    """KeyAlgorithm: "Algorithms supported for an ACM certificate request include: RSA_2048, EC_prime256v1,
    EC_secp384r1. Other listed algorithms are for imported certificates only" (the stand-in answers
    InvalidParameterException); "the specified signing algorithm family (RSA or ECDSA) must match the algorithm
    family of the CA's secret key" (else FAILED, PCA_INVALID_ARGS); "Default: RSA_2048"."""
    p384 = request(acm, ec_root[0], KeyAlgorithm="EC_secp384r1")
    default = request(acm, rsa_root[0])
    mismatch = request(acm, ec_root[0])  # RSA_2048 by default, from an EC CA
    assert settled(acm, p384)["KeyAlgorithm"] == "EC-secp384r1"
    key = serialization.load_pem_private_key(export(acm, p384)["PrivateKey"].encode(), PASSPHRASE)
    assert isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.name == "secp384r1"
    assert settled(acm, default)["KeyAlgorithm"] == "RSA-2048"
    key = serialization.load_pem_private_key(export(acm, default)["PrivateKey"].encode(), PASSPHRASE)
    assert isinstance(key, rsa.RSAPrivateKey) and key.key_size == 2048
    failed = settled(acm, mismatch)
    assert (failed["Status"], failed["FailureReason"]) == ("FAILED", "PCA_INVALID_ARGS")
    with pytest.raises(ClientError) as raised:
        request(acm, rsa_root[0], KeyAlgorithm="RSA_4096")
    assert error_code(raised) == "InvalidParameterException"


def test_failure_reasons_of_a_ca_missing_not_active_short_lived_or_ending_too_soon(pca, acm):
    """FailureReason: PCA_RESOURCE_NOT_FOUND (the CA does not exist), PCA_INVALID_STATE (it is not ACTIVE),
    PCA_INVALID_ARN (not a CA's ARN); "The end date of the signing CA certificate must exceed the end date of
    the requested certificate, or else the certificate request will fail", and "AWS Certificate Manager cannot
    issue certificates signed by a private CA with short-lived mode": PCA_INVALID_DURATION (AWS Private CA's
    ValidationException). An ARN outside the PcaArn pattern is refused at once (ValidationException)."""
    missing = f"arn:aws:acm-pca:{REGION}:{ACCOUNT}:certificate-authority/{uuid.uuid4()}"
    pending = create(pca, "ROOT", **EC)
    wait_status(pca, pending)
    short_lived = active_root(pca, EC, usage_mode="SHORT_LIVED_CERTIFICATE")[0]
    one_year = active_root(pca, EC, years=1)[0]
    cases = {
        missing: "PCA_RESOURCE_NOT_FOUND",
        pending: "PCA_INVALID_STATE",
        f"arn:aws:acm-pca:{REGION}:{ACCOUNT}:template/EndEntityCertificate": "PCA_INVALID_ARN",
        short_lived: "PCA_INVALID_DURATION",
        one_year: "PCA_INVALID_DURATION",
    }
    arns = {request(acm, ca_arn, KeyAlgorithm="EC_prime256v1"): reason for ca_arn, reason in cases.items()}
    for arn, reason in arns.items():
        detail = settled(acm, arn)
        assert (detail["Status"], detail.get("FailureReason")) == ("FAILED", reason), detail["CertificateAuthorityArn"]
        assert "Serial" not in detail
    with pytest.raises(ClientError) as raised:
        request(acm, "not-an-arn-of-a-private-ca")
    assert error_code(raised) == "ValidationException"


def test_idempotency_token_gives_the_same_certificate_within_an_hour(acm, ec_root):
    """IdempotencyToken: "if you call RequestCertificate multiple times with the same idempotency token within
    one hour, ACM recognizes that you are requesting only one certificate and will issue only one. If you
    change the idempotency token for each call, ACM recognizes that you are requesting multiple certificates."
    Its pattern is \\w+ of 1 to 32 characters (ValidationException otherwise)."""
    token = uuid.uuid4().hex
    first = request(acm, ec_root[0], "same.internal.example.com", KeyAlgorithm="EC_prime256v1", IdempotencyToken=token)
    again = request(acm, ec_root[0], "same.internal.example.com", KeyAlgorithm="EC_prime256v1", IdempotencyToken=token)
    other = request(
        acm, ec_root[0], "same.internal.example.com", KeyAlgorithm="EC_prime256v1", IdempotencyToken=uuid.uuid4().hex
    )
    assert first == again != other
    with pytest.raises(ClientError) as raised:
        request(acm, ec_root[0], IdempotencyToken="not-word-characters")
    assert error_code(raised) == "ValidationException"


def test_export_gives_the_key_encrypted_with_the_passphrase(acm, ec_root):
    """ExportCertificate: "The encrypted private key ... The key is output in PKCS #8 format and is base64
    PEM-encoded"; Passphrase: "Minimum length of 4. Maximum length of 128", "you can use any ASCII character
    except #, $, or %" (ValidationException, the stand-in's choice). A certificate still being issued:
    RequestInProgressException. Exported, it is eligible for renewal ("only exported private certificates can
    be renewed") and ListCertificates says Exported."""
    arn = request(acm, ec_root[0], KeyAlgorithm="EC_prime256v1")
    with pytest.raises(ClientError) as raised:
        export(acm, arn)
    assert error_code(raised) == "RequestInProgressException"
    settled(acm, arn)
    for passphrase in (b"abc", b"x" * 129, b"with#hash", b"dollar$", b"per%cent"):
        with pytest.raises(ClientError) as raised:
            export(acm, arn, passphrase)
        assert error_code(raised) == "ValidationException", passphrase
    assert describe(acm, arn)["RenewalEligibility"] == "INELIGIBLE"
    exported = export(acm, arn)
    assert exported["PrivateKey"].startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----")
    with pytest.raises((ValueError, TypeError)):
        serialization.load_pem_private_key(exported["PrivateKey"].encode(), b"wrong passphrase")
    key = serialization.load_pem_private_key(exported["PrivateKey"].encode(), PASSPHRASE)
    certificate = x509.load_pem_x509_certificate(exported["Certificate"].encode())
    assert certificate.public_key() == key.public_key()
    assert x509.load_pem_x509_certificates(exported["CertificateChain"].encode()) == [ec_root[1]]
    assert describe(acm, arn)["RenewalEligibility"] == "ELIGIBLE"
    listed = acm.list_certificates(Includes={"keyTypes": ["EC_prime256v1"]})["CertificateSummaryList"]
    assert next(item for item in listed if item["CertificateArn"] == arn)["Exported"] is True


def test_renewal_of_an_exported_certificate_gives_a_new_serial_under_the_same_arn(pca, acm):
    """RenewCertificate: "You can only renew certificates that have been previously exported"
    (ValidationException); "In order to renew your Amazon Web Services Private CA certificates with ACM, you
    must first grant the ACM service principal permission to do so" (else RenewalSummary FAILED,
    PCA_ACCESS_DENIED). RenewalSummary.RenewalStatus is PENDING_AUTO_RENEWAL, then SUCCESS; a renewal under way
    answers RequestInProgressException."""
    ca_arn, ca_certificate = active_root(pca, EC)
    arn = request(acm, ca_arn, KeyAlgorithm="EC_prime256v1")
    first_serial = settled(acm, arn)["Serial"]
    with pytest.raises(ClientError) as raised:
        acm.renew_certificate(CertificateArn=arn)
    assert error_code(raised) == "ValidationException"
    export(acm, arn)
    acm.renew_certificate(CertificateArn=arn)
    denied = wait_until(acm, arn, lambda detail: detail["RenewalSummary"]["RenewalStatus"] != "PENDING_AUTO_RENEWAL")
    assert denied["RenewalSummary"]["RenewalStatus"] == "FAILED"
    assert denied["RenewalSummary"]["RenewalStatusReason"] == "PCA_ACCESS_DENIED"
    assert denied["Serial"] == first_serial
    grant_acm(pca, ca_arn)
    acm.renew_certificate(CertificateArn=arn)
    assert describe(acm, arn)["RenewalSummary"]["RenewalStatus"] == "PENDING_AUTO_RENEWAL"
    with pytest.raises(ClientError) as raised:
        acm.renew_certificate(CertificateArn=arn)
    assert error_code(raised) == "RequestInProgressException"
    renewed = wait_until(acm, arn, lambda detail: detail["RenewalSummary"]["RenewalStatus"] != "PENDING_AUTO_RENEWAL")
    assert renewed["RenewalSummary"]["RenewalStatus"] == "SUCCESS"
    assert renewed["Serial"] != first_serial and renewed["Status"] == "ISSUED"
    certificate = x509.load_pem_x509_certificate(acm.get_certificate(CertificateArn=arn)["Certificate"].encode())
    certificate.verify_directly_issued_by(ca_certificate)
    assert renewed["Serial"].replace(":", "") == f"{certificate.serial_number:032x}"


def test_delete_refuses_a_certificate_in_use(standin, acm, ec_root):
    """DeleteCertificate: "You cannot delete an ACM certificate that is being used by another Amazon Web
    Services service" (ResourceInUseException); DescribeCertificate's InUseBy lists the users. The stand-in's
    POST /_standin/acm/in-use sets them, as attaching the certificate to a load balancer would."""
    arn = request(acm, ec_root[0], KeyAlgorithm="EC_prime256v1")
    settled(acm, arn)
    balancer = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/app/internal/0123456789abcdef"
    control(standin, "acm/in-use", {"arn": arn, "in_use_by": [balancer]})
    assert describe(acm, arn)["InUseBy"] == [balancer]
    assert describe(acm, arn)["RenewalEligibility"] == "ELIGIBLE"
    with pytest.raises(ClientError) as raised:
        acm.delete_certificate(CertificateArn=arn)
    assert error_code(raised) == "ResourceInUseException"
    control(standin, "acm/in-use", {"arn": arn, "in_use_by": []})
    acm.delete_certificate(CertificateArn=arn)
    with pytest.raises(ClientError) as raised:
        describe(acm, arn)
    assert error_code(raised) == "ResourceNotFoundException"


def test_list_certificates_filters_key_types_and_paginates(acm, ec_root, rsa_root):
    """ListCertificates: "Default filtering returns only RSA_1024 and RSA_2048 certificates that have at least
    one domain. To return other certificate types, provide the desired type signatures" in Includes.keyTypes;
    MaxItems and NextToken page the list; CertificateStatuses filters."""
    ec_arn = request(acm, ec_root[0], KeyAlgorithm="EC_prime256v1")
    rsa_arns = {request(acm, rsa_root[0], f"rsa{index}.internal.example.com") for index in range(3)}
    for arn in (ec_arn, *rsa_arns):
        settled(acm, arn)
    default = {item["CertificateArn"] for item in acm.list_certificates()["CertificateSummaryList"]}
    assert rsa_arns <= default and ec_arn not in default
    paged, token, pages = [], None, 0
    while True:
        page = acm.list_certificates(MaxItems=2, **({"NextToken": token} if token else {}))
        paged += [item["CertificateArn"] for item in page["CertificateSummaryList"]]
        pages += 1
        token = page.get("NextToken")
        if not token:
            break
    assert set(paged) == default and len(paged) == len(default) and pages >= 2
    both = acm.list_certificates(Includes={"keyTypes": ["EC_prime256v1", "RSA_2048"]})["CertificateSummaryList"]
    summary = next(item for item in both if item["CertificateArn"] == ec_arn)
    assert summary["KeyAlgorithm"] == "EC_prime256v1" and summary["Type"] == "PRIVATE"
    failed = acm.list_certificates(CertificateStatuses=["FAILED"])["CertificateSummaryList"]
    assert all(item["Status"] == "FAILED" for item in failed) and not rsa_arns & {i["CertificateArn"] for i in failed}


def test_call_log_records_acm_requests(standin, acm, ec_root):
    """The call log (GET /_standin/calls) records ACM requests as CertificateManager.<Operation> with their
    CertificateArn; for RequestCertificate the ARN it answered."""
    control(standin, "calls/reset", {})
    arn = request(acm, ec_root[0], KeyAlgorithm="EC_prime256v1")
    describe(acm, arn)
    acm.list_certificates()
    with urllib.request.urlopen(f"{standin}/_standin/calls", timeout=10) as answer:
        calls = json.loads(answer.read())
    assert calls == [
        {"operation": "RequestCertificate", "arn": arn},
        {"operation": "DescribeCertificate", "arn": arn},
        {"operation": "ListCertificates", "arn": None},
    ]
