# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A moto server whose ACM PCA keeps the rules of the ACM PCA API reference: the tests' stand-in for AWS.

Run it like moto's own server (same arguments): ``python tests/utils/acmpca_standin.py -H 127.0.0.1 -p 5000``,
or from Python with ``moto_server.running_acmpca_standin()``. Every other moto service (S3, STS, ...) is
served by the same process, as with ``python -m moto.server``.

moto 5.2.5 alone is lax for ACM PCA (every CA is born PENDING_CERTIFICATE with an RSA-2048 key, any status
change is accepted, several operations answer HTTP 500). This file subclasses moto's ACM PCA backend and
responses and keeps these rules (quotes are from the API reference):

Creating a CA (CreateCertificateAuthority)
- The CA is CREATING for ``creating_seconds`` (and at least until its key exists), then PENDING_CERTIFICATE.
  GetCertificateAuthorityCsr answers RequestInProgressException while it is CREATING.
- The key follows KeyAlgorithm: RSA_2048/3072/4096, EC_prime256v1/secp384r1/secp521r1, ML_DSA_44/65/87 (when
  the installed cryptography has ML-DSA). SM2 answers InvalidArgsException. A SigningAlgorithm of another key
  family (SHA256WITHRSA for an EC key, ...) answers InvalidArgsException. The CSR is signed with
  SigningAlgorithm. Key and CSR are made once per CA, in a background thread, and kept.
- The CSR's subject holds every ASN1Subject field given, in AWS's order (C, ST, L, O, OU, CN,
  dnQualifier, title, SN, GN, initials, pseudonym, generationQualifier, serialNumber), or the
  CustomAttributes ("Custom attributes cannot be used in combination with standard attributes":
  InvalidArgsException). Its extensions: basicConstraints CA:TRUE (critical), CsrExtensions.KeyUsage
  (critical) and CsrExtensions.SubjectInformationAccess.
- UsageMode defaults to GENERAL_PURPOSE, KeyStorageSecurityStandard to FIPS_140_2_LEVEL_3_OR_HIGHER;
  unknown values of these, of CertificateAuthorityType and of the algorithms answer InvalidArgsException.
- IdempotencyToken: "if you call CreateCertificateAuthority multiple times with the same idempotency token
  within five minutes, AWS Private CA recognizes that you are requesting only one certificate authority"
  (the same ARN comes back, nothing is created). The same holds for IssueCertificate, per CA.

Status changes
- UpdateCertificateAuthority: only on an ACTIVE or DISABLED CA (else InvalidStateException), with at least
  one of RevocationConfiguration and Status (else InvalidArgsException); Status only ACTIVE or DISABLED
  (else InvalidArgsException).
- DeleteCertificateAuthority: "Before you can delete a CA that you have created and activated, you must
  disable it": ACTIVE answers InvalidStateException, as does a CA already DELETED. PENDING_CERTIFICATE and
  DISABLED CAs become DELETED with RestorableUntil = now + PermanentDeletionTimeInDays (7 to 30, default 30;
  else ValidationException). "A private CA in the CREATING, EXPIRED, or FAILED state has no associated
  restoration period and cannot be restored": DELETED without RestorableUntil.
- RestoreCertificateAuthority: "The status of a restored CA is set to its pre-deletion status" (DISABLED or
  PENDING_CERTIFICATE) and RestorableUntil disappears; a CA that is not DELETED, has no restoration period
  or is past it answers InvalidStateException.

Certificates
- IssueCertificate: only on an ACTIVE CA, or on a ROOT CA in PENDING_CERTIFICATE with a RootCACertificate
  template (how a root CA gets its own certificate); else InvalidStateException. The CSR is signed for real
  with the CA's key and SigningAlgorithm (of the CA's key family, else InvalidArgsException); a CSR that does
  not parse or whose signature is wrong answers MalformedCSRException. Validity: DAYS, MONTHS, YEARS (from
  now), ABSOLUTE (epoch seconds), END_DATE (YYYYMMDDHHMMSS); ValidityNotBefore (ABSOLUTE or END_DATE),
  default now - 60 minutes; an end before the start or after the CA certificate's NotAfter answers
  ValidationException. Templates: EndEntityCertificate, EndEntityClientAuthCertificate,
  EndEntityServerAuthCertificate, CodeSigningCertificate, OCSPSigningCertificate,
  SubordinateCACertificate_PathLen0..3 (basicConstraints CA:TRUE, pathlen as named), RootCACertificate, and
  their _APIPassthrough / _APICSRPassthrough variants, which apply ApiPassthrough.Subject and
  ApiPassthrough.Extensions (KeyUsage, ExtendedKeyUsage, SubjectAlternativeNames). The CSR's
  subjectAltName is copied. The certificate's id in its ARN is its serial number in hex, as at AWS.
- GetCertificate returns the certificate and, for a certificate issued under the CA's certificate, the chain
  (the CA's certificate, then the CA's own chain). An unknown certificate answers ResourceNotFoundException.
- RevokeCertificate: on an ACTIVE or DISABLED CA only (else InvalidStateException); the serial in hex, with
  or without colons; an unknown serial answers ResourceNotFoundException; revoking again answers
  RequestAlreadyProcessedException; the time and reason are kept for the audit report.
- ImportCertificateAuthorityCertificate: on a PENDING_CERTIFICATE, ACTIVE (renewal, same key) or EXPIRED CA
  (else InvalidStateException). Malformed PEM answers MalformedCertificateException; a public key that is
  not the CA's, a certificate not signed by the chain's first certificate, a chain out of order or a ROOT
  CA's certificate that is not self-signed answer CertificateMismatchException; a certificate without
  basicConstraints CA:TRUE, or a SUBORDINATE CA's certificate without chain, InvalidRequestException. After
  it the CA is ACTIVE with Serial, NotBefore and NotAfter from the certificate;
  GetCertificateAuthorityCertificate returns certificate and chain (ACTIVE, DISABLED or EXPIRED CAs only,
  else InvalidStateException).

Permissions, policies, audit reports, tags, listing
- CreatePermission / DeletePermission / ListPermissions: principal acm.amazonaws.com only, Actions a
  non-empty subset of IssueCertificate, GetCertificate, ListPermissions (else InvalidArgsException);
  SourceAccount defaults to the CA's account; a second permission for the same principal and account answers
  PermissionAlreadyExistsException; deleting a missing one ResourceNotFoundException. ListPermissions gives
  each permission's Policy as AWS shows it (a JSON policy document) and paginates (MaxResults / NextToken).
- PutPolicy / GetPolicy / DeletePolicy: a policy that is not a JSON object with a Statement answers
  InvalidPolicyException; GetPolicy and DeletePolicy without a policy answer ResourceNotFoundException;
  policies cannot be put on CREATING, FAILED or DELETED CAs (InvalidStateException).
- CreateCertificateAuthorityAuditReport: ACTIVE or DISABLED CAs only (InvalidStateException); the bucket must
  exist in moto's S3 (else ResourceNotFoundException); AuditReportResponseFormat JSON or CSV. The report (in
  the user guide's format: awsAccountId, requestedByServicePrincipal, certificateArn, serial, subject,
  notBefore, notAfter, issuedAt, revokedAt, revocationReason, templateArn; JSON leaves out empty fields)
  lists every certificate the CA issued and is written at once to audit-report/<CA id>/<report id>.json|csv.
  DescribeCertificateAuthorityAuditReport says CREATING for ``audit_report_seconds``, then SUCCESS, with
  S3BucketName, S3Key and CreatedAt. The "one report every 30 minutes" limit is not kept.
- Tag/Untag/ListTags: not on DELETED CAs (InvalidStateException); more than 50 tags answer
  TooManyTagsException; keys starting with "aws:" InvalidTagException.
- ListCertificateAuthorities: paginates with MaxResults/NextToken (moto's paginator); ResourceOwner SELF
  lists this account's CAs, OTHER_ACCOUNTS none (nothing is shared here).

Knobs (environment variables read at start; also ``POST /_standin/config`` with a JSON object of these keys,
``GET /_standin/config`` shows them)
- ACMPCA_STANDIN_CREATING_SECONDS (``creating_seconds``, default 2): how long a new CA stays CREATING (counted
  from its creation with the value of the moment: lowering it ends CREATING early).
- ACMPCA_STANDIN_AUDIT_REPORT_SECONDS (``audit_report_seconds``, default 1): how long a report is CREATING.
- ACMPCA_STANDIN_DAY_SECONDS (``day_seconds``, default 86400): the length of a "day" of
  PermanentDeletionTimeInDays, so that tests can see a restoration period end.
- ``idempotency_seconds`` (default 300): how long an IdempotencyToken is remembered.

Call log (for tests that prove "a rerun makes no write call")
- A WSGI middleware in front of moto records every ACM PCA request (X-Amz-Target ``ACMPrivateCA.<Operation>``)
  before it is handled, successful or not: its operation and its CertificateAuthorityArn (ResourceArn for
  the policy operations; for CreateCertificateAuthority the ARN it answered), or null.
- ``GET /_standin/calls`` returns them as JSON ``[{"operation": ..., "arn": ...}, ...]`` in order;
  ``GET /_standin/calls?arn=<ARN>`` only those for one CA. ``POST /_standin/calls/reset`` clears the log.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import sys
import threading
import time
import types
import urllib.parse
from pathlib import Path
from typing import Any
from typing import ClassVar

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _acmpca_standin_x509 as x
from _acmpca_standin_x509 import ApiError
from moto.acmpca.models import ACMPCABackend
from moto.acmpca.models import CertificateAuthority
from moto.acmpca.responses import ACMPCAResponse
from moto.core.base_backend import BackendDict
from moto.core.utils import unix_time
from moto.moto_api._internal import mock_random
from moto.utilities.paginator import paginate
from moto.utilities.utils import get_partition

CONFIG: dict[str, float] = {
    "creating_seconds": float(os.environ.get("ACMPCA_STANDIN_CREATING_SECONDS", "2")),
    "audit_report_seconds": float(os.environ.get("ACMPCA_STANDIN_AUDIT_REPORT_SECONDS", "1")),
    "day_seconds": float(os.environ.get("ACMPCA_STANDIN_DAY_SECONDS", "86400")),
    "idempotency_seconds": 300.0,
}
# moto serves requests in threads; every ACM PCA request runs under this lock.
LOCK = threading.RLock()

CA_TYPES = ("ROOT", "SUBORDINATE")
USAGE_MODES = ("GENERAL_PURPOSE", "SHORT_LIVED_CERTIFICATE")
SECURITY_STANDARDS = ("FIPS_140_2_LEVEL_2_OR_HIGHER", "FIPS_140_2_LEVEL_3_OR_HIGHER", "CCPC_LEVEL_1_OR_HIGHER")
REVOCATION_REASONS = (
    "UNSPECIFIED",
    "KEY_COMPROMISE",
    "CERTIFICATE_AUTHORITY_COMPROMISE",
    "AFFILIATION_CHANGED",
    "SUPERSEDED",
    "CESSATION_OF_OPERATION",
    "PRIVILEGE_WITHDRAWN",
    "A_A_COMPROMISE",
)
PERMISSION_ACTIONS = ("IssueCertificate", "GetCertificate", "ListPermissions")
AUDIT_FIELDS = (
    "awsAccountId",
    "requestedByServicePrincipal",
    "certificateArn",
    "serial",
    "subject",
    "notBefore",
    "notAfter",
    "issuedAt",
    "revokedAt",
    "revocationReason",
    "templateArn",
)


def _state_error(arn: str, status: str, operation: str, needed: str) -> ApiError:
    return ApiError(
        "InvalidStateException", f"The certificate authority {arn} is {status}; {operation} needs it {needed}."
    )


def _audit_time(value: datetime.datetime) -> str:
    return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+0000")


class StandinCertificateAuthority(CertificateAuthority):
    """moto's CA with the API's states, a key of the asked algorithm made once, and real issuance."""

    # moto's BaseModel files instances by the service named in the module path.
    __module__ = "moto.acmpca.models"

    def __init__(
        self,
        region: str,
        account_id: str,
        configuration: dict[str, Any],
        ca_type: Any,
        revocation_configuration: dict[str, Any] | None,
        security_standard: Any,
        usage_mode: Any,
    ) -> None:
        # Not moto's __init__: it makes an RSA-2048 key whatever was asked for.
        if ca_type not in CA_TYPES:
            raise x.invalid_args(f"CertificateAuthorityType {ca_type!r} is not one of {', '.join(CA_TYPES)}")
        if not isinstance(configuration, dict):
            raise x.invalid_args("CertificateAuthorityConfiguration is required")
        self.key_algorithm = configuration.get("KeyAlgorithm")
        self.signing_algorithm = configuration.get("SigningAlgorithm")
        x.check_algorithms(self.key_algorithm, self.signing_algorithm)
        self.subject_name = x.subject_name(configuration.get("Subject"))
        extensions = x.csr_extensions(configuration.get("CsrExtensions"))
        if security_standard is not None and security_standard not in SECURITY_STANDARDS:
            raise x.invalid_args(f"KeyStorageSecurityStandard {security_standard!r} is not one of {SECURITY_STANDARDS}")
        if usage_mode is not None and usage_mode not in USAGE_MODES:
            raise x.invalid_args(f"UsageMode {usage_mode!r} is not one of {', '.join(USAGE_MODES)}")

        self.id = str(mock_random.uuid4())
        self.arn = f"arn:{get_partition(region)}:acm-pca:{region}:{account_id}:certificate-authority/{self.id}"
        self.account_id = account_id
        self.region_name = region
        self.certificate_authority_configuration = configuration
        self.certificate_authority_type = ca_type
        self.revocation_configuration: dict[str, Any] = {"CrlConfiguration": {"Enabled": False}}
        self.set_revocation_configuration(revocation_configuration)
        self.created_at = unix_time()
        self.updated_at: float | None = None
        self.usage_mode = usage_mode or "GENERAL_PURPOSE"
        self.security_standard = security_standard or "FIPS_140_2_LEVEL_3_OR_HIGHER"
        self.policy: str | None = None
        self.subject = configuration.get("Subject", {})
        self.certificate_bytes = b""
        self.certificate_chain: bytes | None = None
        self.revoked_certificates: dict[str, dict[str, Any]] = {}
        self.issued: dict[str, dict[str, Any]] = {}  # certificate ARN -> what the audit report needs
        self.permissions: list[dict[str, Any]] = []
        self.status_before_deletion: str | None = None
        self.restorable_until: float | None = None
        self.failure_reason: str | None = None

        self._status = "CREATING"
        self._created_monotonic = time.monotonic()
        self._private_key = None
        self._csr = b""
        self._key_made = threading.Event()
        threading.Thread(target=self._make_key, args=(extensions,), daemon=True).start()

    def _make_key(self, extensions) -> None:
        try:
            self._private_key = x.generate_key(self.key_algorithm)
            self._csr = x.build_csr(self._private_key, self.subject_name, extensions, self.signing_algorithm)
        except Exception as e:
            self.failure_reason = "OTHER"
            print(f"acmpca_standin: key of {self.arn} failed: {e!r}", file=sys.stderr, flush=True)
        finally:
            self._key_made.set()

    @property
    def status(self) -> str:
        # The knob as it is now, so that a test can end a long CREATING time early.
        created_for = time.monotonic() - self._created_monotonic
        if self._status == "CREATING" and self._key_made.is_set() and created_for >= CONFIG["creating_seconds"]:
            self._status = "FAILED" if self.failure_reason else "PENDING_CERTIFICATE"
            self.updated_at = unix_time()
        return self._status

    @status.setter
    def status(self, value: str) -> None:
        self._status = value
        self.updated_at = unix_time()

    def wait_for_key(self) -> None:
        self._key_made.wait(timeout=120)

    @property
    def key(self):
        self.wait_for_key()
        return self._private_key

    @property
    def csr(self) -> bytes:
        return self._csr

    @property
    def issuer(self):
        """The name of certificates this CA issues: its certificate's subject, or the configured one."""
        certificate = self.certificate
        return certificate.subject if certificate is not None else self.subject_name

    def require(self, allowed: tuple[str, ...], operation: str) -> None:
        status = self.status
        if status not in allowed:
            raise _state_error(self.arn, status, operation, " or ".join(allowed))

    def to_json(self) -> dict[str, Any]:
        status = self.status
        data: dict[str, Any] = {
            "Arn": self.arn,
            "OwnerAccount": self.account_id,
            "CreatedAt": self.created_at,
            "Type": self.certificate_authority_type,
            "Status": status,
            "CertificateAuthorityConfiguration": self.certificate_authority_configuration,
            "RevocationConfiguration": self.revocation_configuration,
            "KeyStorageSecurityStandard": self.security_standard,
            "UsageMode": self.usage_mode,
        }
        if self.updated_at:
            data["LastStateChangeAt"] = self.updated_at
        certificate = self.certificate
        if certificate is not None:
            data["Serial"] = x.serial_colons(certificate.serial_number)
            data["NotBefore"] = certificate.not_valid_before_utc.timestamp()
            data["NotAfter"] = certificate.not_valid_after_utc.timestamp()
        if status == "FAILED":
            data["FailureReason"] = self.failure_reason or "OTHER"
        if status == "DELETED" and self.restorable_until is not None:
            data["RestorableUntil"] = self.restorable_until
        return data


class StandinBackend(ACMPCABackend):
    PAGINATION_MODEL: ClassVar[dict[str, Any]] = {
        **ACMPCABackend.PAGINATION_MODEL,
        "list_permissions": {
            "input_token": "next_token",
            "limit_key": "max_results",
            "limit_default": 100,
            "unique_attribute": ["Principal", "SourceAccount"],
        },
    }

    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        self.idempotency: dict[tuple[str, ...], tuple[float, str]] = {}
        self.audit_reports: dict[str, dict[str, Any]] = {}

    @property
    def _url_module(self) -> Any:
        # moto finds a backend's URLs next to its models module; these route to the stand-in's responses.
        from moto.acmpca import urls

        return types.SimpleNamespace(url_bases=urls.url_bases, url_paths={"{0}/$": StandinResponse.dispatch})

    def _remembered(self, key: tuple[str, ...]) -> str | None:
        now = time.monotonic()
        for stale in [k for k, (at, _) in self.idempotency.items() if now - at > CONFIG["idempotency_seconds"]]:
            del self.idempotency[stale]
        found = self.idempotency.get(key)
        return found[1] if found else None

    def describe_certificate_authority(self, certificate_authority_arn: str) -> StandinCertificateAuthority:
        return super().describe_certificate_authority(certificate_authority_arn)  # type: ignore[return-value]

    def create_ca(self, params: dict[str, Any]) -> str:
        token = params.get("IdempotencyToken")
        if token and (arn := self._remembered(("CreateCertificateAuthority", token))):
            return arn
        ca = StandinCertificateAuthority(
            region=self.region_name,
            account_id=self.account_id,
            configuration=params.get("CertificateAuthorityConfiguration"),
            ca_type=params.get("CertificateAuthorityType"),
            revocation_configuration=params.get("RevocationConfiguration"),
            security_standard=params.get("KeyStorageSecurityStandard"),
            usage_mode=params.get("UsageMode"),
        )
        tags = params.get("Tags") or []
        self._check_tags(tags, [])
        self.certificate_authorities[ca.arn] = ca
        if tags:
            self.tagger.tag_resource(ca.arn, tags)
        if token:
            self.idempotency[("CreateCertificateAuthority", token)] = (time.monotonic(), ca.arn)
        return ca.arn

    def get_certificate_authority_csr(self, certificate_authority_arn: str) -> bytes:
        ca = self.describe_certificate_authority(certificate_authority_arn)
        status = ca.status
        if status == "CREATING":
            raise ApiError(
                "RequestInProgressException", f"The CSR of {ca.arn} is still being created; try again shortly."
            )
        if status in ("FAILED", "DELETED"):
            raise _state_error(ca.arn, status, "GetCertificateAuthorityCsr", "not FAILED or DELETED")
        return ca.csr

    def get_certificate_authority_certificate(self, certificate_authority_arn: str) -> tuple[bytes, bytes | None]:
        ca = self.describe_certificate_authority(certificate_authority_arn)
        ca.require(("ACTIVE", "DISABLED", "EXPIRED"), "GetCertificateAuthorityCertificate")
        return ca.certificate_bytes, ca.certificate_chain

    def update_certificate_authority(
        self, certificate_authority_arn: str, revocation_configuration: dict[str, Any] | None, status: str | None
    ) -> None:
        ca = self.describe_certificate_authority(certificate_authority_arn)
        ca.require(("ACTIVE", "DISABLED"), "UpdateCertificateAuthority")
        if revocation_configuration is None and status is None:
            raise x.invalid_args("UpdateCertificateAuthority needs RevocationConfiguration or Status")
        if status is not None and status not in ("ACTIVE", "DISABLED"):
            raise x.invalid_args(f"Status {status!r} is not one of ACTIVE, DISABLED")
        if revocation_configuration is not None:
            ca.set_revocation_configuration(revocation_configuration)
        if status is not None:
            ca.status = status
        ca.updated_at = unix_time()

    def delete_ca(self, certificate_authority_arn: str, days: Any) -> None:
        ca = self.describe_certificate_authority(certificate_authority_arn)
        if days is not None and (not isinstance(days, int) or not 7 <= days <= 30):
            raise ApiError("ValidationException", f"PermanentDeletionTimeInDays must be 7 to 30, got {days!r}")
        status = ca.status
        if status in ("ACTIVE", "DELETED"):
            hint = "; disable it first (UpdateCertificateAuthority Status DISABLED)" if status == "ACTIVE" else ""
            raise ApiError(
                "InvalidStateException", f"The certificate authority {ca.arn} is {status} and cannot be deleted{hint}."
            )
        ca.status_before_deletion = status
        ca.restorable_until = None
        if status in ("PENDING_CERTIFICATE", "DISABLED"):
            ca.restorable_until = unix_time() + (days or 30) * CONFIG["day_seconds"]
        ca.status = "DELETED"

    def restore_ca(self, certificate_authority_arn: str) -> None:
        ca = self.describe_certificate_authority(certificate_authority_arn)
        ca.require(("DELETED",), "RestoreCertificateAuthority")
        if ca.restorable_until is None or unix_time() > ca.restorable_until:
            raise ApiError(
                "InvalidStateException", f"The certificate authority {ca.arn} is past or has no restoration period."
            )
        ca.status = ca.status_before_deletion or "DISABLED"
        ca.restorable_until = None

    def import_ca_certificate(self, certificate_authority_arn: str, certificate: bytes, chain: bytes) -> None:
        ca = self.describe_certificate_authority(certificate_authority_arn)
        ca.require(("PENDING_CERTIFICATE", "ACTIVE", "EXPIRED"), "ImportCertificateAuthorityCertificate")
        x.check_ca_certificate_import(ca.certificate_authority_type, x.public_key_der(ca.key), certificate, chain)
        ca.certificate_bytes = certificate
        ca.certificate_chain = chain.strip() + b"\n" if chain.strip() else None
        ca.status = "ACTIVE"

    def issue(self, params: dict[str, Any]) -> str:
        ca = self.describe_certificate_authority(params.get("CertificateAuthorityArn"))
        token = params.get("IdempotencyToken")
        if token and (arn := self._remembered(("IssueCertificate", ca.arn, token))):
            return arn
        template_arn = params.get("TemplateArn")
        base, passthrough = x.parse_template(template_arn)
        status = ca.status
        self_signing = base == "RootCACertificate" and status == "PENDING_CERTIFICATE"
        if self_signing and ca.certificate_authority_type != "ROOT":
            raise _state_error(ca.arn, status, "IssueCertificate", "ACTIVE (only a ROOT CA signs its own)")
        if not self_signing:
            ca.require(("ACTIVE",), "IssueCertificate")
        signing = params.get("SigningAlgorithm")
        if signing not in x.SIGNING_ALGORITHMS or x._SIGNING[signing][0] != x.key_family(ca.key_algorithm):
            raise x.invalid_args(f"SigningAlgorithm {signing!r} cannot be used with the CA's {ca.key_algorithm} key")
        csr = x.load_csr(params.get("Csr"))
        passthrough_params = (params.get("ApiPassthrough") or {}) if passthrough else {}
        subject = csr.subject
        if passthrough_params.get("Subject"):
            subject = x.subject_name(passthrough_params["Subject"], "ApiPassthrough.Subject")
        now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        if params.get("ValidityNotBefore"):
            not_before = x.absolute_time(params["ValidityNotBefore"], "ValidityNotBefore")
        else:
            not_before = now - datetime.timedelta(minutes=60)
        not_after = x.validity_end(params.get("Validity"), not_before, now)
        if not_after <= not_before:
            raise ApiError("ValidationException", "The certificate's validity ends before it begins")
        ca_certificate = ca.certificate
        if not self_signing and ca_certificate is not None and not_after > ca_certificate.not_valid_after_utc:
            raise ApiError("ValidationException", "The certificate's validity ends after the CA certificate's")
        extensions = x.template_extensions(base, csr.public_key(), ca.key.public_key())
        try:
            san = csr.extensions.get_extension_for_class(x.x509.SubjectAlternativeName)
            extensions.append((san.value, san.critical))
        except x.x509.ExtensionNotFound:
            pass
        extensions += x.passthrough_extensions(passthrough_params.get("Extensions") or {})
        serial = x.random_serial()
        pem = x.sign_certificate(
            issuer_key=ca.key,
            issuer_name=subject if self_signing else ca.issuer,
            subject=subject,
            public_key=csr.public_key(),
            serial=serial,
            not_before=not_before,
            not_after=not_after,
            extensions=extensions,
            signing_algorithm=signing,
        )
        arn = f"{ca.arn}/certificate/{x.serial_hex(serial)}"
        chain = b"" if self_signing else ca.certificate_bytes.strip() + b"\n" + (ca.certificate_chain or b"")
        ca.issued[arn] = {
            "certificate": pem,
            "chain": chain.strip(),
            "serial": serial,
            "subject": subject.rfc4514_string(),
            "not_before": not_before,
            "not_after": not_after,
            "issued_at": now,
            "template_arn": template_arn or f"{x.TEMPLATE_PREFIX}EndEntityCertificate/V1",
        }
        if token:
            self.idempotency[("IssueCertificate", ca.arn, token)] = (time.monotonic(), arn)
        return arn

    def get_certificate(self, certificate_authority_arn: str, certificate_arn: str) -> tuple[bytes, bytes]:
        ca = self.describe_certificate_authority(certificate_authority_arn)
        record = ca.issued.get(certificate_arn)
        if record is None:
            raise ApiError("ResourceNotFoundException", f"Certificate {certificate_arn} not found on {ca.arn}")
        return record["certificate"], record["chain"]

    def revoke_certificate(
        self, certificate_authority_arn: str, certificate_serial: str, revocation_reason: str
    ) -> None:
        ca = self.describe_certificate_authority(certificate_authority_arn)
        ca.require(("ACTIVE", "DISABLED"), "RevokeCertificate")
        if revocation_reason not in REVOCATION_REASONS:
            raise x.invalid_args(
                f"RevocationReason {revocation_reason!r} is not one of {', '.join(REVOCATION_REASONS)}"
            )
        try:
            serial = int(str(certificate_serial).replace(":", ""), 16)
        except ValueError:
            raise x.invalid_args(f"CertificateSerial {certificate_serial!r} is not hexadecimal") from None
        record = next((item for item in ca.issued.values() if item["serial"] == serial), None)
        if record is None:
            raise ApiError("ResourceNotFoundException", f"No certificate with serial {certificate_serial} on {ca.arn}")
        if "revoked_at" in record:
            raise ApiError("RequestAlreadyProcessedException", f"Certificate {certificate_serial} is already revoked")
        record["revoked_at"] = datetime.datetime.now(datetime.timezone.utc)
        record["revocation_reason"] = revocation_reason
        ca.revoked_certificates[x.serial_colons(serial)] = {
            "revocation_reason": revocation_reason,
            "revocation_time": unix_time(),
        }

    # --- tags ---------------------------------------------------------------------------------------

    def _check_tags(self, new: list[dict[str, str]], existing: list[dict[str, str]]) -> None:
        for tag in new:
            if str(tag.get("Key", "")).startswith("aws:"):
                raise ApiError("InvalidTagException", f"Tag keys may not start with 'aws:': {tag.get('Key')}")
        if len({tag["Key"] for tag in [*existing, *new]}) > 50:
            raise ApiError("TooManyTagsException", "A private CA can have at most 50 tags")

    def tag_certificate_authority(self, certificate_authority_arn: str, tags: list[dict[str, str]]) -> None:
        ca = self.describe_certificate_authority(certificate_authority_arn)
        if ca.status == "DELETED":
            raise _state_error(ca.arn, "DELETED", "TagCertificateAuthority", "not DELETED")
        self._check_tags(tags, self.tagger.list_tags_for_resource(ca.arn)["Tags"])
        super().tag_certificate_authority(certificate_authority_arn, tags)

    def untag_certificate_authority(self, certificate_authority_arn: str, tags: list[dict[str, str]]) -> None:
        ca = self.describe_certificate_authority(certificate_authority_arn)
        if ca.status == "DELETED":
            raise _state_error(ca.arn, "DELETED", "UntagCertificateAuthority", "not DELETED")
        super().untag_certificate_authority(certificate_authority_arn, tags)

    def list_tags(self, certificate_authority_arn: str) -> dict[str, list[dict[str, str]]]:
        self.describe_certificate_authority(certificate_authority_arn)
        return super().list_tags(certificate_authority_arn)

    # --- policies -----------------------------------------------------------------------------------

    def put_policy(self, resource_arn: str, policy: str) -> None:
        ca = self.describe_certificate_authority(resource_arn)
        ca.require(("PENDING_CERTIFICATE", "ACTIVE", "DISABLED", "EXPIRED"), "PutPolicy")
        try:
            document = json.loads(policy)
        except (TypeError, ValueError):
            raise ApiError("InvalidPolicyException", "The resource policy is not valid JSON.") from None
        if not isinstance(document, dict) or not document.get("Statement"):
            raise ApiError(
                "InvalidPolicyException", "The resource policy is invalid or is missing a required statement."
            )
        ca.policy = policy

    def delete_policy(self, resource_arn: str) -> None:
        ca = self.describe_certificate_authority(resource_arn)
        if ca.policy is None:
            raise ApiError("ResourceNotFoundException", f"The certificate authority {ca.arn} has no policy")
        ca.policy = None

    # --- permissions --------------------------------------------------------------------------------

    def create_permission(self, ca_arn: str, principal: Any, source_account: Any, actions: Any) -> None:
        ca = self.describe_certificate_authority(ca_arn)
        if ca.status in ("DELETED", "FAILED"):
            raise _state_error(ca.arn, ca.status, "CreatePermission", "not DELETED or FAILED")
        if principal != "acm.amazonaws.com":
            raise x.invalid_args(f"Principal {principal!r}: the only valid principal is acm.amazonaws.com")
        if not isinstance(actions, list) or not actions or not set(actions) <= set(PERMISSION_ACTIONS):
            raise x.invalid_args(f"Actions {actions!r} must be a non-empty subset of {', '.join(PERMISSION_ACTIONS)}")
        source_account = source_account or ca.account_id
        if any(p["Principal"] == principal and p["SourceAccount"] == source_account for p in ca.permissions):
            raise ApiError(
                "PermissionAlreadyExistsException", f"The permission for {principal} already exists on {ca.arn}"
            )
        statement = {
            "Sid": f"{principal}-{source_account}",
            "Effect": "Allow",
            "Principal": {"Service": principal},
            "Action": [f"acm-pca:{action}" for action in actions],
            "Resource": ca.arn,
            "Condition": {"StringEquals": {"aws:SourceAccount": source_account}},
        }
        ca.permissions.append(
            {
                "CertificateAuthorityArn": ca.arn,
                "CreatedAt": unix_time(),
                "Principal": principal,
                "SourceAccount": source_account,
                "Actions": list(actions),
                "Policy": json.dumps({"Version": "2012-10-17", "Statement": [statement]}),
            }
        )

    def delete_permission(self, ca_arn: str, principal: Any, source_account: Any) -> None:
        ca = self.describe_certificate_authority(ca_arn)
        if ca.status == "DELETED":
            raise _state_error(ca.arn, "DELETED", "DeletePermission", "not DELETED")
        source_account = source_account or ca.account_id
        for permission in ca.permissions:
            if permission["Principal"] == principal and permission["SourceAccount"] == source_account:
                ca.permissions.remove(permission)
                return
        raise ApiError("ResourceNotFoundException", f"No permission for {principal} on {ca.arn}")

    @paginate(pagination_model=PAGINATION_MODEL)
    def list_permissions(self, ca_arn: str) -> list[dict[str, Any]]:
        ca = self.describe_certificate_authority(ca_arn)
        if ca.status == "DELETED":
            raise _state_error(ca.arn, "DELETED", "ListPermissions", "not DELETED")
        return list(ca.permissions)

    # --- audit reports ------------------------------------------------------------------------------

    def create_audit_report(self, ca_arn: str, bucket_name: Any, response_format: Any) -> tuple[str, str]:
        from moto.s3.models import s3_backends

        ca = self.describe_certificate_authority(ca_arn)
        ca.require(("ACTIVE", "DISABLED"), "CreateCertificateAuthorityAuditReport")
        if response_format not in ("JSON", "CSV"):
            raise x.invalid_args(f"AuditReportResponseFormat {response_format!r} is not JSON or CSV")
        s3 = s3_backends[self.account_id][get_partition(self.region_name)]
        if bucket_name not in s3.buckets:
            raise ApiError("ResourceNotFoundException", f"The S3 bucket {bucket_name} does not exist")
        rows = []
        for arn, record in ca.issued.items():
            row = {
                "awsAccountId": self.account_id,
                "requestedByServicePrincipal": "",
                "certificateArn": arn,
                "serial": x.serial_colons(record["serial"]),
                "subject": record["subject"],
                "notBefore": _audit_time(record["not_before"]),
                "notAfter": _audit_time(record["not_after"]),
                "issuedAt": _audit_time(record["issued_at"]),
                "revokedAt": _audit_time(record["revoked_at"]) if "revoked_at" in record else "",
                "revocationReason": record.get("revocation_reason", ""),
                "templateArn": record["template_arn"],
            }
            rows.append(row)
        if response_format == "JSON":
            body = json.dumps([{key: value for key, value in row.items() if value} for row in rows]).encode()
        else:
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=AUDIT_FIELDS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
            body = text.getvalue().encode()
        report_id = str(mock_random.uuid4())
        key = f"audit-report/{ca.id}/{report_id}.{response_format.lower()}"
        s3.put_object(bucket_name, key, body)
        self.audit_reports[report_id] = {
            "ca_arn": ca.arn,
            "S3BucketName": bucket_name,
            "S3Key": key,
            "CreatedAt": unix_time(),
            "ready_at": time.monotonic() + CONFIG["audit_report_seconds"],
        }
        return report_id, key

    def describe_audit_report(self, ca_arn: str, report_id: str) -> dict[str, Any]:
        ca = self.describe_certificate_authority(ca_arn)
        report = self.audit_reports.get(report_id)
        if report is None or report["ca_arn"] != ca.arn:
            raise ApiError("ResourceNotFoundException", f"Audit report {report_id} not found for {ca.arn}")
        status = "SUCCESS" if time.monotonic() >= report["ready_at"] else "CREATING"
        return {
            "AuditReportStatus": status,
            **{name: report[name] for name in ("S3BucketName", "S3Key", "CreatedAt")},
        }


class StandinResponse(ACMPCAResponse):
    """moto's ACM PCA responses, with the operations it lacks and the parameters it ignores."""

    @property
    def acmpca_backend(self) -> StandinBackend:
        return standin_backends[self.current_account][self.region]

    def call_action(self):
        with LOCK:
            return super().call_action()

    @property
    def params(self) -> dict[str, Any]:
        return json.loads(self.body or "{}")

    def create_certificate_authority(self) -> str:
        arn = self.acmpca_backend.create_ca(self.params)
        return json.dumps({"CertificateAuthorityArn": arn})

    def get_certificate_authority_certificate(self) -> str:
        certificate, chain = self.acmpca_backend.get_certificate_authority_certificate(
            self.params.get("CertificateAuthorityArn")
        )
        response = {"Certificate": certificate.decode()}
        if chain:
            response["CertificateChain"] = chain.decode()
        return json.dumps(response)

    def delete_certificate_authority(self) -> str:
        params = self.params
        self.acmpca_backend.delete_ca(params.get("CertificateAuthorityArn"), params.get("PermanentDeletionTimeInDays"))
        return "{}"

    def restore_certificate_authority(self) -> str:
        self.acmpca_backend.restore_ca(self.params.get("CertificateAuthorityArn"))
        return "{}"

    def import_certificate_authority_certificate(self) -> str:
        params = self.params
        self.acmpca_backend.import_ca_certificate(
            params.get("CertificateAuthorityArn"),
            x.pem_from_blob(params.get("Certificate")),
            x.pem_from_blob(params.get("CertificateChain")),
        )
        return "{}"

    def issue_certificate(self) -> str:
        return json.dumps({"CertificateArn": self.acmpca_backend.issue(self.params)})

    def create_permission(self) -> str:
        params = self.params
        self.acmpca_backend.create_permission(
            params.get("CertificateAuthorityArn"),
            params.get("Principal"),
            params.get("SourceAccount"),
            params.get("Actions"),
        )
        return "{}"

    def delete_permission(self) -> str:
        params = self.params
        self.acmpca_backend.delete_permission(
            params.get("CertificateAuthorityArn"), params.get("Principal"), params.get("SourceAccount")
        )
        return "{}"

    def list_permissions(self) -> str:
        params = self.params
        permissions, next_token = self.acmpca_backend.list_permissions(
            ca_arn=params.get("CertificateAuthorityArn"),
            max_results=params.get("MaxResults"),
            next_token=params.get("NextToken"),
        )
        response: dict[str, Any] = {"Permissions": permissions}
        if next_token:
            response["NextToken"] = next_token
        return json.dumps(response)

    def list_certificate_authorities(self) -> str:
        owner = self.params.get("ResourceOwner")
        if owner not in (None, "SELF", "OTHER_ACCOUNTS"):
            raise x.invalid_args(f"ResourceOwner {owner!r} is not SELF or OTHER_ACCOUNTS")
        response = json.loads(super().list_certificate_authorities())
        if not response.get("NextToken"):
            response.pop("NextToken", None)
        return json.dumps(response)

    def create_certificate_authority_audit_report(self) -> str:
        params = self.params
        report_id, key = self.acmpca_backend.create_audit_report(
            params.get("CertificateAuthorityArn"), params.get("S3BucketName"), params.get("AuditReportResponseFormat")
        )
        return json.dumps({"AuditReportId": report_id, "S3Key": key})

    def describe_certificate_authority_audit_report(self) -> str:
        params = self.params
        return json.dumps(
            self.acmpca_backend.describe_audit_report(
                params.get("CertificateAuthorityArn"), params.get("AuditReportId")
            )
        )


standin_backends = BackendDict(StandinBackend, "acm-pca")


def install() -> None:
    """Make moto's ACM PCA the stand-in's, in this process: before moto's server starts."""
    import moto.acmpca
    import moto.acmpca.models
    import moto.acmpca.responses

    moto.acmpca.acmpca_backends = standin_backends
    moto.acmpca.models.acmpca_backends = standin_backends
    moto.acmpca.responses.acmpca_backends = standin_backends


class CallLog:
    """WSGI middleware: records each ACM PCA request, and answers /_standin/ itself."""

    def __init__(self, app) -> None:
        self.app = app
        self.calls: list[dict[str, str | None]] = []
        self.lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.app, name)

    def __call__(self, environ: dict[str, Any], start_response) -> Any:
        path = environ.get("PATH_INFO", "")
        if path.startswith("/_standin/"):
            return self.control(environ, start_response, path)
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if target.startswith("ACMPrivateCA."):
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length) if length else b""
            environ["wsgi.input"] = io.BytesIO(body)
            try:
                params = json.loads(body or b"{}")
            except ValueError:
                params = {}
            call = {
                "operation": target.split(".", 1)[1],
                "arn": params.get("CertificateAuthorityArn") or params.get("ResourceArn"),
            }
            with self.lock:
                self.calls.append(call)
            if call["operation"] == "CreateCertificateAuthority":
                # The request names no CA; the log shows the one created (or remembered by its token).
                chunks = list(self.app(environ, start_response))
                try:
                    call["arn"] = json.loads(b"".join(chunks)).get("CertificateAuthorityArn")
                except ValueError:
                    pass
                return chunks
        return self.app(environ, start_response)

    def control(self, environ: dict[str, Any], start_response, path: str) -> list[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        status, answer = "200 OK", None
        if path == "/_standin/calls" and method == "GET":
            wanted = urllib.parse.parse_qs(environ.get("QUERY_STRING", "")).get("arn")
            with self.lock:
                answer = [call for call in self.calls if not wanted or call["arn"] in wanted]
        elif path == "/_standin/calls/reset" and method == "POST":
            with self.lock:
                self.calls.clear()
            answer = {"reset": True}
        elif path == "/_standin/config" and method in ("GET", "POST"):
            if method == "POST":
                length = int(environ.get("CONTENT_LENGTH") or 0)
                try:
                    changes = json.loads(environ["wsgi.input"].read(length) or b"{}")
                    unknown = set(changes) - set(CONFIG)
                    if unknown:
                        raise ValueError(f"unknown settings {sorted(unknown)}; known: {sorted(CONFIG)}")
                    with LOCK:
                        CONFIG.update({name: float(value) for name, value in changes.items()})
                except (ValueError, TypeError, AttributeError) as e:
                    status, answer = "400 Bad Request", {"error": str(e)}
            if answer is None:
                answer = dict(CONFIG)
        else:
            status, answer = "404 Not Found", {"error": f"no {method} {path}"}
        body = json.dumps(answer).encode()
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]


def main(argv: list[str] | None = None) -> None:
    install()
    import moto.server

    dispatcher = moto.server.DomainDispatcherApplication
    moto.server.DomainDispatcherApplication = lambda create_app: CallLog(dispatcher(create_app))
    moto.server.main(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
