# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the ACM stand-in tests share: CAs of either key family, activated for a chosen time, and polls."""

from __future__ import annotations

import time
import uuid

from cryptography import x509

from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import POLL_SECONDS
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import TEMPLATE
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import pca_csr_text

RSA = {"KeyAlgorithm": "RSA_2048", "SigningAlgorithm": "SHA256WITHRSA"}
EC = {"KeyAlgorithm": "EC_prime256v1", "SigningAlgorithm": "SHA256WITHECDSA"}


def active_root(
    pca, family: dict | None = None, years: int = 10, usage_mode: str = "GENERAL_PURPOSE"
) -> tuple[str, x509.Certificate]:
    """A ROOT CA (EC by default) made ACTIVE the API's way (its own CSR under RootCACertificate/V1), valid ``years``."""
    family = family or EC
    arn = pca.create_certificate_authority(
        CertificateAuthorityType="ROOT",
        CertificateAuthorityConfiguration={
            **family,
            "Subject": {"CommonName": f"acm standin test CA {uuid.uuid4().hex[:8]}", "Country": "DE"},
        },
        UsageMode=usage_mode,
    )["CertificateAuthorityArn"]
    csr = pca_csr_text(pca, arn)
    certificate_arn = pca.issue_certificate(
        CertificateAuthorityArn=arn,
        Csr=csr.encode(),
        SigningAlgorithm=family["SigningAlgorithm"],
        TemplateArn=TEMPLATE.format("RootCACertificate"),
        Validity={"Value": years, "Type": "YEARS"},
    )["CertificateArn"]
    pem = pca.get_certificate(CertificateAuthorityArn=arn, CertificateArn=certificate_arn)["Certificate"]
    pca.import_certificate_authority_certificate(CertificateAuthorityArn=arn, Certificate=pem.encode())
    return arn, x509.load_pem_x509_certificate(pem.encode())


def request(acm, ca_arn: str, domain: str | None = None, **extra) -> str:
    return acm.request_certificate(
        DomainName=domain or f"{uuid.uuid4().hex[:8]}.internal.example.com", CertificateAuthorityArn=ca_arn, **extra
    )["CertificateArn"]


def describe(acm, arn: str) -> dict:
    return acm.describe_certificate(CertificateArn=arn)["Certificate"]


def wait_until(acm, arn: str, done) -> dict:
    """Describe the certificate until ``done(detail)``; fail after POLL_SECONDS."""
    deadline = time.monotonic() + POLL_SECONDS
    while not done(detail := describe(acm, arn)):
        assert time.monotonic() < deadline, f"{arn} still {detail}"
        time.sleep(0.1)
    return detail


def settled(acm, arn: str) -> dict:
    """The certificate once it has left PENDING_VALIDATION."""
    return wait_until(acm, arn, lambda detail: detail["Status"] != "PENDING_VALIDATION")


def grant_acm(pca, ca_arn: str) -> None:
    pca.create_permission(
        CertificateAuthorityArn=ca_arn,
        Principal="acm.amazonaws.com",
        Actions=["IssueCertificate", "GetCertificate", "ListPermissions"],
    )
