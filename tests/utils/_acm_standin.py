# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ACM part of the stand-in (acmpca_standin.py): moto's ACM, subclassed to issue private certificates
from the stand-in's own private CAs as AWS Certificate Manager does.

moto 5.2.5's ACM marks a private request ISSUED at once, with a certificate that it signs with a key of its
own under "Amazon" (not the CA's), RSA-2048 whatever KeyAlgorithm says, valid 365 days; it has no
RenewCertificate, no failure for a missing or inactive CA, deletes certificates in use, lists every key
type by default and takes any ExportCertificate passphrase. This backend keeps these rules of the ACM API
reference and user guide, each proven by a test in tests/unit/acm_standin/:

Requesting a private certificate (RequestCertificate with CertificateAuthorityArn)
- KeyAlgorithm RSA_2048 (the default), EC_prime256v1 or EC_secp384r1 ("Other listed algorithms are for
  imported certificates only": InvalidParameterException, the code chosen here); "the specified signing
  algorithm family (RSA or ECDSA) must match the algorithm family of the CA's secret key".
- A CertificateAuthorityArn that does not match the API's PcaArn pattern, a DomainName that is not a domain
  name, an IdempotencyToken that is not 1-32 word characters: ValidationException.
- The certificate is PENDING_VALIDATION for ``acm_pending_seconds``, then ISSUED, or FAILED with the
  FailureReason of what AWS Private CA answered ACM: PCA_INVALID_ARN (not a CA's ARN), PCA_RESOURCE_NOT_FOUND
  (no such CA), PCA_INVALID_STATE (the CA is not ACTIVE), PCA_INVALID_ARGS (key family differs from the CA's),
  PCA_INVALID_DURATION ("The end date of the signing CA certificate must exceed the end date of the requested
  certificate", and a CA in SHORT_LIVED_CERTIFICATE mode: "AWS Certificate Manager cannot issue certificates
  signed by a private CA with short-lived mode"; the PCA's ValidationException is PCA_INVALID_DURATION).
- An issued certificate is signed by the CA's own key with the CA's SigningAlgorithm, for a new key of
  KeyAlgorithm, subject CN=DomainName, subjectAltName DomainName and SubjectAlternativeNames, the extensions
  of the EndEntityCertificate template, "valid for 13 months (395 days)"; its chain is the CA's certificate
  and the CA's own chain. The CA's audit report lists it.
- IdempotencyToken: "if you call RequestCertificate multiple times with the same idempotency token within
  one hour, ACM recognizes that you are requesting only one certificate" (``acm_idempotency_seconds``).

Reading
- DescribeCertificate: Type PRIVATE, Serial in colon hex, KeyAlgorithm as AWS shows it there ("RSA-2048",
  "EC-prime256v1"), Issuer (the CA's common name), CertificateAuthorityArn, InUseBy, FailureReason,
  RenewalEligibility (ELIGIBLE once exported or in use: "only exported private certificates can be renewed
  with the RenewCertificate command"), RenewalSummary after a renewal.
- GetCertificate/ExportCertificate of a certificate that is not ISSUED: RequestInProgressException.
- ListCertificates: "Default filtering returns only RSA_1024 and RSA_2048 certificates"; other key types only
  with Includes.keyTypes; CertificateStatuses filters; MaxItems/NextToken paginate; Exported and InUse.

Exporting, renewing, deleting
- ExportCertificate: only PRIVATE certificates (else ValidationException); the passphrase is 4 to 128 bytes
  of "any ASCII character except #, $, or %" (else ValidationException); the private key comes back as
  encrypted PKCS #8 PEM that the passphrase opens; the certificate counts as exported.
- RenewCertificate: "You can only renew certificates that have been previously exported" (ValidationException,
  as for a certificate that is not PRIVATE or not ISSUED); a renewal under way: RequestInProgressException.
  RenewalSummary.RenewalStatus is PENDING_AUTO_RENEWAL for ``acm_renewal_seconds``, then SUCCESS with a new
  certificate (new serial, same ARN, same key) from the CA, or FAILED with RenewalStatusReason
  PCA_ACCESS_DENIED when the CA has not given acm.amazonaws.com IssueCertificate, GetCertificate and
  ListPermissions ("In order to renew your ... Private CA certificates with ACM, you must first grant the ACM
  service principal permission to do so"), or the reason of a request (the CA not ACTIVE, ...).
- DeleteCertificate: "You cannot delete an ACM certificate that is being used by another Amazon Web Services
  service": ResourceInUseException while InUseBy is not empty.

Test hook: ``POST /_standin/acm/in-use`` with ``{"arn": <certificate ARN>, "in_use_by": [<ARN>, ...]}`` sets
InUseBy (an empty list frees it), as attaching the certificate to a load balancer would.

Not kept: public (AMAZON_ISSUED) certificates stay moto's; cross-account CAs and the service-linked role;
name constraints; managed renewal 60 days before expiry (only RenewCertificate renews); revocation.
"""

from __future__ import annotations

import base64
import datetime
import os
import re
import time
import types
from typing import Any

import _acmpca_standin_x509 as x
from _acmpca_standin_backend import CA_ARN
from _acmpca_standin_backend import standin_backends as pca_backends
from _acmpca_standin_common import CONFIG
from _acmpca_standin_common import LOCK
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID
from moto.acm.models import AWSCertificateManagerBackend
from moto.acm.models import TagHolder
from moto.acm.responses import AWSCertificateManagerResponse
from moto.core.base_backend import BackendDict
from moto.core.exceptions import AWSError
from moto.core.responses import ActionResult
from moto.core.responses import EmptyResult
from moto.core.utils import unix_time
from moto.moto_api._internal import mock_random
from moto.utilities.utils import get_partition

CONFIG.setdefault("acm_pending_seconds", float(os.environ.get("ACM_STANDIN_PENDING_SECONDS", "1")))
CONFIG.setdefault("acm_renewal_seconds", float(os.environ.get("ACM_STANDIN_RENEWAL_SECONDS", "1")))
CONFIG.setdefault("acm_idempotency_seconds", 3600.0)

VALIDITY = datetime.timedelta(days=395)
PRIVATE_KEY_ALGORITHMS = ("RSA_2048", "EC_prime256v1", "EC_secp384r1")
# ListCertificates' default keyTypes filter.
DEFAULT_LISTED_KEY_TYPES = ("RSA_1024", "RSA_2048")
# The API model's patterns.
PCA_ARN = re.compile(r"arn:[\w+=/,.@-]+:acm-pca:[\w+=/,.@-]*:[0-9]+:[\w+=,.@-]+(/[\w+=,.@-]+)*")
DOMAIN = re.compile(r"(\*\.)?(((?!-)[A-Za-z0-9-]{0,62}[A-Za-z0-9])\.)+((?!-)[A-Za-z0-9-]{1,62}[A-Za-z0-9])")
TOKEN = re.compile(r"\w{1,32}")
RENEWAL_ACTIONS = {"IssueCertificate", "GetCertificate", "ListPermissions"}


def error(code: str, message: str) -> AWSError:
    return AWSError(message, exception_type=code)


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


class PrivateCertificate:
    """A certificate that ACM requested from a private CA: ACM keeps its key, renews and exports it."""

    type = "PRIVATE"

    def __init__(self, account_id: str, region: str, request: dict[str, Any]) -> None:
        self.arn = f"arn:{get_partition(region)}:acm:{region}:{account_id}:certificate/{mock_random.uuid4()}"
        self.domain_name: str = request["DomainName"]
        names = [self.domain_name, *(request.get("SubjectAlternativeNames") or [])]
        self.sans = list(dict.fromkeys(names))
        self.key_algorithm: str = request.get("KeyAlgorithm") or "RSA_2048"
        self.cert_authority_arn: str = request["CertificateAuthorityArn"]
        self.cert_options = {"CertificateTransparencyLoggingPreference": "DISABLED", "Export": "DISABLED"}
        self.cert_options.update(request.get("Options") or {})
        self.tags = TagHolder()
        self.in_use_by: list[str] = []
        self.created_at = unix_time()
        self.issued_at: float | None = None
        self.exported = False
        self.key = None
        self.cert = b""
        self.chain = b""
        self.issuer_common_name = ""
        self.failure_reason: str | None = None
        self.renewal: dict[str, Any] | None = None
        self._status = "PENDING_VALIDATION"
        self._requested = time.monotonic()

    @property
    def certificate(self):
        return x509.load_pem_x509_certificate(self.cert) if self.cert else None

    @property
    def status(self) -> str:
        if self._status == "PENDING_VALIDATION" and time.monotonic() - self._requested >= CONFIG["acm_pending_seconds"]:
            self._status = "FAILED" if self.failure_reason else "ISSUED"
        certificate = self.certificate if self._status == "ISSUED" else None
        if certificate is not None and certificate.not_valid_after_utc <= _now():
            self._status = "EXPIRED"
        return self._status

    def check(self) -> None:
        """moto calls this on every read: finish a renewal whose time has come."""
        renewal = self.renewal
        if (
            renewal
            and renewal["RenewalStatus"] == "PENDING_AUTO_RENEWAL"
            and time.monotonic() - renewal["started"] >= CONFIG["acm_renewal_seconds"]
        ):
            reason = issue_from_ca(self, renewal=True)
            renewal["RenewalStatus"] = "FAILED" if reason else "SUCCESS"
            if reason:
                renewal["RenewalStatusReason"] = reason
            renewal["UpdatedAt"] = unix_time()

    @property
    def renewal_eligibility(self) -> str:
        eligible = self.status == "ISSUED" and (self.exported or self.in_use_by)
        return "ELIGIBLE" if eligible else "INELIGIBLE"

    def describe(self) -> dict[str, Any]:
        status = self.status
        detail: dict[str, Any] = {
            "CertificateArn": self.arn,
            "DomainName": self.domain_name,
            "SubjectAlternativeNames": self.sans,
            "Subject": f"CN={self.domain_name}",
            "CreatedAt": self.created_at,
            "Status": status,
            # DescribeCertificate writes the algorithm with a hyphen (RequestCertificate takes RSA_2048).
            "KeyAlgorithm": self.key_algorithm.replace("_", "-"),
            "InUseBy": list(self.in_use_by),
            "Type": "PRIVATE",
            "CertificateAuthorityArn": self.cert_authority_arn,
            "RenewalEligibility": self.renewal_eligibility,
            "Options": {"CertificateTransparencyLoggingPreference": "DISABLED"},
            "KeyUsages": [],
            "ExtendedKeyUsages": [],
        }
        if status == "FAILED":
            detail["FailureReason"] = self.failure_reason
        certificate = self.certificate
        if certificate is not None and status != "FAILED":
            detail.update(
                {
                    "Serial": x.serial_colons(certificate.serial_number),
                    "Issuer": self.issuer_common_name,
                    "IssuedAt": self.issued_at,
                    "NotBefore": certificate.not_valid_before_utc.timestamp(),
                    "NotAfter": certificate.not_valid_after_utc.timestamp(),
                    "SignatureAlgorithm": certificate.signature_algorithm_oid._name.upper().replace("ENCRYPTION", ""),
                    "KeyUsages": [{"Name": "DIGITAL_SIGNATURE"}, {"Name": "KEY_ENCIPHERMENT"}],
                    "ExtendedKeyUsages": [
                        {"Name": "TLS_WEB_SERVER_AUTHENTICATION", "OID": "1.3.6.1.5.5.7.3.1"},
                        {"Name": "TLS_WEB_CLIENT_AUTHENTICATION", "OID": "1.3.6.1.5.5.7.3.2"},
                    ],
                }
            )
        if self.renewal:
            detail["RenewalSummary"] = {key: value for key, value in self.renewal.items() if key != "started"}
            # The API model requires it; a private certificate's names need no validation.
            detail["RenewalSummary"]["DomainValidationOptions"] = [
                {"DomainName": name, "ValidationStatus": "SUCCESS"} for name in self.sans
            ]
        return {"Certificate": detail}

    def summary(self) -> dict[str, Any]:
        detail = self.describe()["Certificate"]
        return {
            "CertificateArn": self.arn,
            "DomainName": self.domain_name,
            "SubjectAlternativeNameSummaries": self.sans,
            "HasAdditionalSubjectAlternativeNames": False,
            "Status": detail["Status"],
            "Type": "PRIVATE",
            "KeyAlgorithm": self.key_algorithm,
            "InUse": bool(self.in_use_by),
            "Exported": self.exported,
            "RenewalEligibility": detail["RenewalEligibility"],
            "CreatedAt": self.created_at,
            **{key: detail[key] for key in ("NotBefore", "NotAfter", "IssuedAt") if key in detail},
        }

    def serialize_pk(self, passphrase: bytes) -> str:
        return self.key.private_bytes(
            encoding=serialization.Encoding.PEM,
            format=serialization.PrivateFormat.PKCS8,
            encryption_algorithm=serialization.BestAvailableEncryption(passphrase),
        ).decode()


def _ca_of(certificate: PrivateCertificate):
    """The stand-in's CA named by the certificate's CertificateAuthorityArn, or the FailureReason why not."""
    arn = certificate.cert_authority_arn
    if not CA_ARN.fullmatch(arn):
        return None, "PCA_INVALID_ARN"
    region, account = arn.split(":")[3:5]
    try:
        ca = pca_backends[account][region].certificate_authorities.get(arn)
    except (KeyError, ValueError):
        ca = None
    return ca, None if ca is not None else "PCA_RESOURCE_NOT_FOUND"


def issue_from_ca(certificate: PrivateCertificate, renewal: bool = False) -> str | None:
    """Have the certificate's CA sign it (a new serial, the certificate's key); the FailureReason if not."""
    ca, reason = _ca_of(certificate)
    if ca is None:
        return reason
    if ca.status != "ACTIVE":
        return "PCA_INVALID_STATE"
    if renewal:
        granted = {
            action
            for permission in ca.permissions
            if permission["Principal"] == "acm.amazonaws.com"
            for action in permission["Actions"]
        }
        if not granted >= RENEWAL_ACTIONS:
            return "PCA_ACCESS_DENIED"
    if x.key_family(certificate.key_algorithm) != x.key_family(ca.key_algorithm):
        return "PCA_INVALID_ARGS"
    now = _now()
    not_before, not_after = now - datetime.timedelta(minutes=60), now + VALIDITY
    ca_certificate = ca.certificate
    if ca.usage_mode == "SHORT_LIVED_CERTIFICATE" or ca_certificate is None:
        return "PCA_INVALID_DURATION"
    if not_after > ca_certificate.not_valid_after_utc:
        return "PCA_INVALID_DURATION"
    if certificate.key is None:
        certificate.key = x.generate_key(certificate.key_algorithm)
    public_key = certificate.key.public_key()
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, certificate.domain_name)])
    extensions = x.template_extensions("EndEntityCertificate", public_key, ca.key.public_key())
    names = [x509.DNSName(name) for name in certificate.sans]
    extensions.append((x509.SubjectAlternativeName(names), False))
    serial = x.random_serial()
    pem = x.sign_certificate(
        issuer_key=ca.key,
        issuer_name=ca.issuer,
        subject=subject,
        public_key=public_key,
        serial=serial,
        not_before=not_before,
        not_after=not_after,
        extensions=extensions,
        signing_algorithm=ca.signing_algorithm,
    )
    chain = ca.certificate_bytes.strip() + b"\n" + (ca.certificate_chain or b"")
    certificate.cert, certificate.chain = pem, chain.strip() + b"\n"
    names_of_issuer = ca.issuer.get_attributes_for_oid(NameOID.COMMON_NAME)
    certificate.issuer_common_name = str(names_of_issuer[0].value) if names_of_issuer else ""
    certificate.issued_at = unix_time()
    ca.issued[f"{ca.arn}/certificate/{x.serial_hex(serial)}"] = {
        "certificate": pem,
        "chain": chain.strip(),
        "serial": serial,
        "subject": subject.rfc4514_string(),
        "not_before": not_before,
        "not_after": not_after,
        "issued_at": now,
        "issued_monotonic": time.monotonic(),
        "template_arn": f"{x.TEMPLATE_PREFIX}EndEntityCertificate/V1",
    }
    return None


class StandinAcmBackend(AWSCertificateManagerBackend):
    """moto's ACM with private certificates issued by the stand-in's CAs."""

    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        self.tokens: dict[str, tuple[float, str]] = {}

    @property
    def _url_module(self) -> Any:
        from moto.acm import urls

        return types.SimpleNamespace(url_bases=urls.url_bases, url_paths={"{0}/$": StandinAcmResponse.dispatch})

    def get_certificate(self, arn: str):
        if not isinstance(arn, str) or not re.fullmatch(r"arn:[\w+=/,.@-]+:acm:[\w+=/,.@-]*:[0-9]+:[\w+=,.@/-]+", arn):
            raise error("InvalidArnException", f"{arn!r} is not an ACM certificate ARN")
        return super().get_certificate(arn)

    def request_private(self, request: dict[str, Any]) -> str:
        ca_arn = request["CertificateAuthorityArn"]
        if not isinstance(ca_arn, str) or not 20 <= len(ca_arn) <= 2048 or not PCA_ARN.fullmatch(ca_arn):
            raise error("ValidationException", f"CertificateAuthorityArn {ca_arn!r} does not match the PcaArn pattern")
        domain = request.get("DomainName")
        for name in [domain, *(request.get("SubjectAlternativeNames") or [])]:
            if not isinstance(name, str) or not 1 <= len(name) <= 253 or not DOMAIN.fullmatch(name):
                raise error("ValidationException", f"{name!r} is not a domain name")
        key_algorithm = request.get("KeyAlgorithm") or "RSA_2048"
        if key_algorithm not in PRIVATE_KEY_ALGORITHMS:
            raise error(
                "InvalidParameterException",
                f"KeyAlgorithm {key_algorithm} cannot be requested; use one of {', '.join(PRIVATE_KEY_ALGORITHMS)}",
            )
        token = request.get("IdempotencyToken")
        if token is not None and (not isinstance(token, str) or not TOKEN.fullmatch(token)):
            raise error("ValidationException", "IdempotencyToken must be 1 to 32 word characters")
        now = time.monotonic()
        for stale in [key for key, (at, _arn) in self.tokens.items() if now - at > CONFIG["acm_idempotency_seconds"]]:
            del self.tokens[stale]
        if token and token in self.tokens and self.tokens[token][1] in self._certificates:
            return self.tokens[token][1]
        certificate = PrivateCertificate(self.account_id, self.region_name, request)
        if request.get("Tags"):
            certificate.tags.add(request["Tags"])
        certificate.failure_reason = issue_from_ca(certificate)
        self._certificates[certificate.arn] = certificate
        if token:
            self.tokens[token] = (now, certificate.arn)
        return certificate.arn

    def issued_private(self, arn: str, operation: str) -> PrivateCertificate:
        certificate = self.get_certificate(arn)
        if not isinstance(certificate, PrivateCertificate):
            raise error("ValidationException", f"{operation}: {arn} is not a private certificate")
        status = certificate.status
        if status == "PENDING_VALIDATION":
            raise error("RequestInProgressException", f"The certificate {arn} has not been issued yet")
        if status != "ISSUED":
            raise error("ValidationException", f"{operation}: the certificate {arn} is {status}, not ISSUED")
        return certificate

    def export_certificate(self, certificate_arn: str, passphrase: str) -> tuple[str, str, str]:
        try:
            secret = base64.b64decode(passphrase or "", validate=True)
        except ValueError:
            raise error("ValidationException", "Passphrase is not a base64 blob") from None
        if not 4 <= len(secret) <= 128:
            raise error("ValidationException", "Passphrase must be 4 to 128 bytes long")
        if not secret.isascii() or any(char in secret for char in b"#$%"):
            raise error("ValidationException", "Passphrase may hold any ASCII character except #, $ and %")
        certificate = self.get_certificate(certificate_arn)
        if not isinstance(certificate, PrivateCertificate):
            return super().export_certificate(certificate_arn, passphrase)
        certificate = self.issued_private(certificate_arn, "ExportCertificate")
        certificate.exported = True
        return certificate.cert.decode(), certificate.chain.decode(), certificate.serialize_pk(secret)

    def renew_certificate(self, arn: str) -> None:
        certificate = self.issued_private(arn, "RenewCertificate")
        if certificate.renewal and certificate.renewal["RenewalStatus"] == "PENDING_AUTO_RENEWAL":
            raise error("RequestInProgressException", f"A renewal of {arn} is already in progress")
        if not certificate.exported:
            raise error(
                "ValidationException",
                f"The certificate {arn} is not eligible for renewal: only exported private certificates can be renewed",
            )
        certificate.renewal = {"RenewalStatus": "PENDING_AUTO_RENEWAL", "UpdatedAt": unix_time()}
        certificate.renewal["started"] = time.monotonic()

    def delete_certificate(self, arn: str) -> None:
        certificate = self.get_certificate(arn)
        if certificate.in_use_by:
            raise error(
                "ResourceInUseException",
                f"The certificate {arn} is in use by {', '.join(certificate.in_use_by)} and cannot be deleted",
            )
        super().delete_certificate(arn)

    def list_page(
        self, statuses: list[str] | None, includes: dict[str, Any] | None, max_items: Any, next_token: Any
    ) -> tuple[list[dict[str, Any]], str | None]:
        key_types = (includes or {}).get("keyTypes") or DEFAULT_LISTED_KEY_TYPES
        summaries = []
        for certificate in list(self._certificates.values()):
            certificate.check()
            if statuses and certificate.status not in statuses:
                continue
            if isinstance(certificate, PrivateCertificate):
                if certificate.key_algorithm in key_types:
                    summaries.append(certificate.summary())
                continue
            summary = certificate.describe()["Certificate"]
            if summary["KeyAlgorithm"] not in key_types:
                continue
            summary["InUse"] = bool(summary.pop("InUseBy", []))
            summary["Exported"] = certificate.cert_options.get("Export") == "ENABLED"
            summaries.append(summary)
        start = 0
        if next_token:
            try:
                start = int(next_token)
            except ValueError:
                raise error("InvalidArgsException", f"NextToken {next_token!r} is not valid") from None
        size = max_items if isinstance(max_items, int) and max_items > 0 else 1000
        page = summaries[start : start + size]
        return page, str(start + size) if start + size < len(summaries) else None


class StandinAcmResponse(AWSCertificateManagerResponse):
    @property
    def acm_backend(self) -> StandinAcmBackend:
        return acm_backends[self.current_account][self.region]

    def call_action(self):
        with LOCK:
            return super().call_action()

    def request_certificate(self) -> ActionResult:
        if self._get_param("CertificateAuthorityArn") is None:
            return super().request_certificate()
        request = {
            name: self._get_param(name)
            for name in (
                "DomainName",
                "SubjectAlternativeNames",
                "IdempotencyToken",
                "CertificateAuthorityArn",
                "KeyAlgorithm",
                "Tags",
                "Options",
            )
        }
        if len(request["SubjectAlternativeNames"] or []) > 10:
            raise error("LimitExceededException", "More than 10 SubjectAlternativeNames (the default quota)")
        return ActionResult(result={"CertificateArn": self.acm_backend.request_private(request)})

    def renew_certificate(self) -> ActionResult:
        self.acm_backend.renew_certificate(self._get_param("CertificateArn"))
        return EmptyResult()

    def get_certificate(self) -> ActionResult:
        arn = self._get_param("CertificateArn")
        if isinstance(self.acm_backend.get_certificate(arn), PrivateCertificate):
            certificate = self.acm_backend.issued_private(arn, "GetCertificate")
            return ActionResult(
                result={"Certificate": certificate.cert.decode(), "CertificateChain": certificate.chain.decode()}
            )
        return super().get_certificate()

    def list_certificates(self) -> ActionResult:
        page, token = self.acm_backend.list_page(
            self._get_param("CertificateStatuses"),
            self._get_param("Includes"),
            self._get_param("MaxItems"),
            self._get_param("NextToken"),
        )
        return ActionResult(result={"CertificateSummaryList": page, **({"NextToken": token} if token else {})})


acm_backends = BackendDict(StandinAcmBackend, "acm")


def install() -> None:
    """Make moto's ACM the stand-in's, in this process: before moto's server starts."""
    import moto.acm
    import moto.acm.models
    import moto.acm.responses

    moto.acm.acm_backends = acm_backends
    moto.acm.models.acm_backends = acm_backends
    moto.acm.responses.acm_backends = acm_backends


def set_in_use(request: dict[str, Any], query: dict[str, list[str]]) -> dict[str, Any]:
    """``POST /_standin/acm/in-use``: {"arn": <certificate ARN>, "in_use_by": [ARN, ...]} sets InUseBy."""
    arn, users = request["arn"], request["in_use_by"]
    if not isinstance(users, list) or not all(isinstance(user, str) for user in users):
        raise ValueError("in_use_by must be a list of ARNs")
    region, account = arn.split(":")[3:5]
    with LOCK:
        certificate = acm_backends[account][region]._certificates.get(arn)
        if certificate is None:
            raise ValueError(f"no certificate {arn}")
        certificate.in_use_by = list(users)
    return {"arn": arn, "in_use_by": users}


CONTROL = {("POST", "/_standin/acm/in-use"): set_in_use}
# The call log: the target prefix of ACM requests, and the response key of the ARN a request created.
TARGET_PREFIX = "CertificateManager."
CREATED_ARN_KEYS = {"RequestCertificate": "CertificateArn"}
