# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ACM as acm_private_certificate sees it, for its unit tests, beside the one ACM PCA fake (_acmpca_fake).

FakeAcm keeps private certificates as ACM does (a real certificate signed by the CA's key in the ACM PCA
fake, the key exported encrypted with the passphrase, a renewal that gives a new serial under the same ARN,
InUseBy). Each call is recorded, and checked against botocore's model at the seam (install_clients).
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ansible_collections.privateca.aws.plugins.module_utils import _certificate_checks
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils import _acmpca_fake
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._acmpca_fake import ACCOUNT
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._acmpca_fake import CA_ARN
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._acmpca_fake import FakeAcmPca
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import FakeService
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import client_error
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import Hierarchy

__all__ = ["CA_ARN", "FakeAcm", "install"]

NOW = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


def sign(subject, public_key, issuer, issuer_key, days: int, serial: int | None = None) -> x509.Certificate:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(serial or x509.random_serial_number())
        .not_valid_before(NOW - datetime.timedelta(hours=1))
        .not_valid_after(NOW + datetime.timedelta(days=days))
        .sign(issuer_key, hashes.SHA256())
    )


def pem(*certificates: x509.Certificate) -> str:
    return "".join(certificate.public_bytes(serialization.Encoding.PEM).decode() for certificate in certificates)


class FakeAcm(FakeService):
    service = "acm"

    def __init__(self, pca: FakeAcmPca) -> None:
        super().__init__()
        self.pca = pca
        self.certificates: dict[str, dict[str, Any]] = {}
        # Statuses a new certificate shows on its first describes; then ISSUED (or failure_reason's FAILED).
        self.pending_describes = 0
        self.failure_reason: str | None = None

    def add(self, domain: str, key_algorithm: str = "EC_prime256v1", ca_arn: str = CA_ARN, **extra) -> str:
        arn = f"arn:aws:acm:us-east-1:{ACCOUNT}:certificate/{uuid.uuid4()}"
        key = ec.generate_private_key(ec.SECP384R1() if key_algorithm == "EC_secp384r1" else ec.SECP256R1())
        record = {
            "arn": arn,
            "domain": domain,
            "sans": [domain],
            "key_algorithm": key_algorithm,
            "ca_arn": ca_arn,
            "key": key,
            "tags": {},
            "in_use_by": [],
            "exported": False,
            "status": "ISSUED",
            "pending": self.pending_describes,
            "failure": self.failure_reason,
            "renewal": None,
            **extra,
        }
        self.issue(record)
        self.certificates[arn] = record
        return arn

    def issue(self, record: dict[str, Any]) -> None:
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, record["domain"])])
        tree = self.pca.trees[record["ca_arn"]]
        record["certificate"] = sign(subject, record["key"].public_key(), tree.ca.subject, tree.ca_key, 395)

    def _chain(self, record: dict[str, Any]) -> str:
        tree = self.pca.trees[record["ca_arn"]]
        return pem(tree.ca, tree.intermediate, tree.root)

    def _detail(self, record: dict[str, Any]) -> dict[str, Any]:
        if record["pending"] > 0:
            record["pending"] -= 1
            status = "PENDING_VALIDATION"
        else:
            status = "FAILED" if record["failure"] else record["status"]
        certificate = record["certificate"]
        detail = {
            "CertificateArn": record["arn"],
            "DomainName": record["domain"],
            "SubjectAlternativeNames": record["sans"],
            "Status": status,
            "Type": "PRIVATE",
            "KeyAlgorithm": record["key_algorithm"].replace("_", "-"),
            "CertificateAuthorityArn": record["ca_arn"],
            "InUseBy": record["in_use_by"],
            "RenewalEligibility": "ELIGIBLE" if record["exported"] or record["in_use_by"] else "INELIGIBLE",
        }
        if status == "FAILED":
            detail["FailureReason"] = record["failure"]
        elif status == "ISSUED":
            digits = f"{certificate.serial_number:x}"
            digits = "0" * (len(digits) % 2) + digits
            detail["Serial"] = ":".join(digits[i : i + 2] for i in range(0, len(digits), 2))
            # cryptography 41 (the minimum-versions run) has no *_utc properties: the plugins' own reader
            detail["NotBefore"], detail["NotAfter"] = _certificate_checks._utc(certificate)
        if record["renewal"]:
            detail["RenewalSummary"] = {
                "RenewalStatus": record["renewal"],
                "DomainValidationOptions": [
                    {"DomainName": name, "ValidationStatus": "SUCCESS"} for name in record["sans"]
                ],
                "UpdatedAt": NOW,
            }
        return detail

    def _record(self, arn: str, operation: str) -> dict[str, Any]:
        if arn not in self.certificates:
            raise client_error("ResourceNotFoundException", operation, f"Certificate {arn} not found")
        return self.certificates[arn]

    def _request_certificate(self, DomainName, CertificateAuthorityArn, IdempotencyToken, KeyAlgorithm, **extra):
        arn = self.add(DomainName, KeyAlgorithm, CertificateAuthorityArn)
        record = self.certificates[arn]
        record["sans"] = extra.get("SubjectAlternativeNames") or [DomainName]
        record["tags"] = {tag["Key"]: tag.get("Value", "") for tag in extra.get("Tags", [])}
        return {"CertificateArn": arn}

    def _describe_certificate(self, CertificateArn):
        return {"Certificate": self._detail(self._record(CertificateArn, "DescribeCertificate"))}

    def _list_certificates(self, CertificateStatuses=None, Includes=None, NextToken=None, MaxItems=None):
        summaries = []
        for record in self.certificates.values():
            status = "FAILED" if record["failure"] and record["pending"] <= 0 else record["status"]
            if CertificateStatuses and status not in CertificateStatuses:
                continue
            if record["key_algorithm"] not in ((Includes or {}).get("keyTypes") or ["RSA_1024", "RSA_2048"]):
                continue
            summaries.append({"CertificateArn": record["arn"], "DomainName": record["domain"], "Type": "PRIVATE"})
        return {"CertificateSummaryList": summaries}

    def _list_tags_for_certificate(self, CertificateArn):
        tags = self._record(CertificateArn, "ListTagsForCertificate")["tags"]
        return {"Tags": [{"Key": key, "Value": value} for key, value in tags.items()]}

    def _add_tags_to_certificate(self, CertificateArn, Tags):
        self._record(CertificateArn, "AddTagsToCertificate")["tags"].update({t["Key"]: t["Value"] for t in Tags})
        return {}

    def _remove_tags_from_certificate(self, CertificateArn, Tags):
        tags = self._record(CertificateArn, "RemoveTagsFromCertificate")["tags"]
        for tag in Tags:
            tags.pop(tag["Key"], None)
        return {}

    def _get_certificate(self, CertificateArn):
        record = self._record(CertificateArn, "GetCertificate")
        return {"Certificate": pem(record["certificate"]), "CertificateChain": self._chain(record)}

    def _export_certificate(self, CertificateArn, Passphrase):
        record = self._record(CertificateArn, "ExportCertificate")
        record["exported"] = True
        key = record["key"].private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(Passphrase),
        )
        return {
            "Certificate": pem(record["certificate"]),
            "CertificateChain": self._chain(record),
            "PrivateKey": key.decode(),
        }

    def _renew_certificate(self, CertificateArn):
        record = self._record(CertificateArn, "RenewCertificate")
        if not record["exported"]:
            raise client_error("ValidationException", "RenewCertificate")
        self.issue(record)
        record["renewal"] = "SUCCESS"
        return {}

    def _delete_certificate(self, CertificateArn):
        record = self._record(CertificateArn, "DeleteCertificate")
        if record["in_use_by"]:
            raise client_error("ResourceInUseException", "DeleteCertificate")
        del self.certificates[CertificateArn]
        return {}


def install(monkeypatch) -> tuple[FakeAcm, FakeAcmPca]:
    """Hand the module fake ACM and ACM PCA clients through the one seam: an ACTIVE CA (CA_ARN) that lets ACM
    issue and renew."""
    pca = FakeAcmPca()
    pca.add(
        "ACTIVE",
        arn=CA_ARN,
        tree=Hierarchy("ec"),
        CertificateAuthorityConfiguration={
            "KeyAlgorithm": "EC_prime256v1",
            "SigningAlgorithm": "SHA256WITHECDSA",
            "Subject": {"CommonName": "unit test CA"},
        },
        NotAfter=NOW + datetime.timedelta(days=3650),
    )
    pca.activate(CA_ARN)
    pca.permit("acm.amazonaws.com", ["IssueCertificate", "GetCertificate", "ListPermissions"])
    acm = FakeAcm(pca)
    _acmpca_fake.install(monkeypatch, pca, acm=acm)
    return acm, pca
