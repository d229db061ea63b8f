# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the tests of the ACM PCA stand-in (tests/utils/acmpca_standin.py) share: names, and the steps of
the API that the tests repeat (create a CA, wait for a status, activate it, issue a certificate).
"""

from __future__ import annotations

import datetime
import json
import time
import urllib.error
import urllib.request
import uuid

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

REGION = "eu-central-1"
ACCOUNT = "123456789012"
ACCESS_KEY = "AKIASTANDINTEST00001"
SECRET_KEY = "standin-test-secret-key-of-forty-chars00"
TEMPLATE = "arn:aws:acm-pca:::template/{}/V1"
# Polls end after this long, whatever the load on the machine; no assertion rests on a fixed sleep.
POLL_SECONDS = 30
EC_CONFIG = {"KeyAlgorithm": "EC_prime256v1", "SigningAlgorithm": "SHA256WITHECDSA"}


def control(url: str, path: str, payload: dict | None = None):
    request = urllib.request.Request(
        f"{url}/_standin/{path}",
        data=None if payload is None else json.dumps(payload).encode(),
        method="GET" if payload is None else "POST",
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


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
