# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ACM PCA stand-in's backend and responses: moto's, subclassed to keep the API's rules.

The rules are listed in acmpca_standin.py, which installs this backend in moto's server. Rules added for
issue 20 (tests in tests/unit/acmpca_standin/test_standin_reference_rules.py):
- ImportCertificateAuthorityCertificate: basic constraints must be critical; only the reference's list of
  extensions may be critical (MalformedCertificateException); a subordinate CA's chain must end in a
  self-signed root (InvalidRequestException); a certificate over 32 KB or a chain over 2 MB answers
  ValidationException.
- IssueCertificate: a SubordinateCACertificate_PathLenN template must not exceed the path length the CA's
  certificate and chain allow; a SHORT_LIVED_CERTIFICATE CA issues no CA certificate (ValidationException).
- PutPolicy: only the seven actions of the user guide's CA permissions may be granted (InvalidPolicyException);
  a policy over 81,920 characters answers ValidationException.
- Tags: keys 1-128 and values 0-256 characters of letters, spaces, digits and _.:/=+-@ (InvalidTagException);
  ListTags on a DELETED CA answers InvalidStateException.
- CreateCertificateAuthority: CCPC_LEVEL_1_OR_HIGHER in the China Regions only, and required there
  (InvalidArgsException); SigningAlgorithm SHA256/384/512WITHRSA_PSS sign with RSASSA-PSS.
"""

from __future__ import annotations

import datetime
import json
import re
import sys
import threading
import time
import types
from typing import Any
from typing import ClassVar

import _acmpca_standin_x509 as x
from _acmpca_standin_common import CONFIG
from _acmpca_standin_common import LOCK
from _acmpca_standin_common import ApiError
from _acmpca_standin_common import invalid_args
from _acmpca_standin_common import state_error
from _acmpca_standin_resources import CaResourceRules
from moto.acmpca.exceptions import InvalidS3ObjectAclInCrlConfiguration
from moto.acmpca.models import ACMPCABackend
from moto.acmpca.models import CertificateAuthority
from moto.acmpca.responses import ACMPCAResponse
from moto.core.base_backend import BackendDict
from moto.core.utils import unix_time
from moto.moto_api._internal import mock_random
from moto.utilities.utils import get_partition

# The API's pattern for ARNs, narrowed to the ARNs of CAs.
CA_ARN = re.compile(r"arn:[\w+=/,.@-]+:acm-pca:[\w+=/,.@-]*:[0-9]*:certificate-authority/[\w+=,.@-]+")
CA_TYPES = ("ROOT", "SUBORDINATE")
# UsageMode SHORT_LIVED_CERTIFICATE: "certificates with a validity period of up to 7 days".
SHORT_LIVED_VALIDITY = datetime.timedelta(days=7)
USAGE_MODES = ("GENERAL_PURPOSE", "SHORT_LIVED_CERTIFICATE")
SECURITY_STANDARDS = ("FIPS_140_2_LEVEL_2_OR_HIGHER", "FIPS_140_2_LEVEL_3_OR_HIGHER", "CCPC_LEVEL_1_OR_HIGHER")
# KeyStorageSecurityStandard: "Some Amazon Web Services Regions don't support the default value. When you create
# a CA in these Regions, you must use CCPC_LEVEL_1_OR_HIGHER [...] If you don't, the operation returns an
# InvalidArgsException with this message: [REGION_STANDARD_MESSAGE]". The user guide's table of standards per
# Region (data-protection.html#private-keys) gives CCPC_LEVEL_1_OR_HIGHER to the China Regions alone.
CCPC_REGIONS = ("cn-north-1", "cn-northwest-1")
REGION_STANDARD_MESSAGE = (
    "A certificate authority cannot be created in this region with the specified security standard."
)
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
            raise invalid_args(f"CertificateAuthorityType {ca_type!r} is not one of {', '.join(CA_TYPES)}")
        if not isinstance(configuration, dict):
            raise invalid_args("CertificateAuthorityConfiguration is required")
        self.key_algorithm = configuration.get("KeyAlgorithm")
        self.signing_algorithm = configuration.get("SigningAlgorithm")
        x.check_algorithms(self.key_algorithm, self.signing_algorithm)
        self.subject_name = x.subject_name(configuration.get("Subject"))
        extensions = x.csr_extensions(configuration.get("CsrExtensions"))
        if security_standard is not None and security_standard not in SECURITY_STANDARDS:
            raise invalid_args(f"KeyStorageSecurityStandard {security_standard!r} is not one of {SECURITY_STANDARDS}")
        if usage_mode is not None and usage_mode not in USAGE_MODES:
            raise invalid_args(f"UsageMode {usage_mode!r} is not one of {', '.join(USAGE_MODES)}")
        # China: CCPC_LEVEL_1_OR_HIGHER must be given; elsewhere it may not (the default, FIPS, is fine).
        in_china = region in CCPC_REGIONS
        if in_china != (security_standard == "CCPC_LEVEL_1_OR_HIGHER"):
            raise invalid_args(REGION_STANDARD_MESSAGE)

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
        certificate = self.certificate if self._status in ("ACTIVE", "DISABLED") else None
        if certificate is not None and certificate.not_valid_after_utc < datetime.datetime.now(datetime.timezone.utc):
            self._status = "EXPIRED"
            self.updated_at = unix_time()
        return self._status

    @status.setter
    def status(self, value: str) -> None:
        self._status = value
        self.updated_at = unix_time()

    def set_revocation_configuration(self, revocation_configuration: dict[str, Any] | None) -> None:
        try:
            super().set_revocation_configuration(revocation_configuration)
        except InvalidS3ObjectAclInCrlConfiguration as e:
            # moto's own error code; AWS answers a bad argument with InvalidArgsException.
            raise invalid_args(e.message) from None

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
            raise state_error(self.arn, status, operation, " or ".join(allowed))

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


class StandinBackend(CaResourceRules, ACMPCABackend):
    PAGINATION_MODEL: ClassVar[dict[str, Any]] = {
        **ACMPCABackend.PAGINATION_MODEL,
        **CaResourceRules.PAGINATION_MODEL,
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
        lifetime = CONFIG["idempotency_seconds"]
        for stale in [remembered for remembered, (at, _arn) in self.idempotency.items() if now - at > lifetime]:
            del self.idempotency[stale]
        found = self.idempotency.get(key)
        return found[1] if found else None

    def describe_certificate_authority(self, certificate_authority_arn: str) -> StandinCertificateAuthority:
        if not isinstance(certificate_authority_arn, str) or not CA_ARN.fullmatch(certificate_authority_arn):
            raise ApiError("InvalidArnException", f"{certificate_authority_arn!r} is not the ARN of a private CA")
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
            raise state_error(ca.arn, status, "GetCertificateAuthorityCsr", "not FAILED or DELETED")
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
            raise invalid_args("UpdateCertificateAuthority needs RevocationConfiguration or Status")
        if status is not None and status not in ("ACTIVE", "DISABLED"):
            raise invalid_args(f"Status {status!r} is not one of ACTIVE, DISABLED")
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
        base, passthrough, csr_passthrough = x.parse_template(template_arn)
        csr = x.load_csr(params.get("Csr"))
        status = ca.status
        # A root CA's own certificate: its CSR under RootCACertificate, while it waits for it or to renew it.
        own_csr = status in ("PENDING_CERTIFICATE", "ACTIVE") and x.public_key_der(csr.public_key()) == (
            x.public_key_der(ca.key)
        )
        self_signing = base == "RootCACertificate" and own_csr
        if self_signing and ca.certificate_authority_type != "ROOT":
            raise state_error(ca.arn, status, "IssueCertificate", "ACTIVE (only a ROOT CA signs its own CSR)")
        ca.require(("PENDING_CERTIFICATE", "ACTIVE") if self_signing else ("ACTIVE",), "IssueCertificate")
        signing = params.get("SigningAlgorithm")
        if signing not in x.SIGNING_ALGORITHMS or x.key_family_of_signing(signing) != x.key_family(ca.key_algorithm):
            raise invalid_args(f"SigningAlgorithm {signing!r} cannot be used with the CA's {ca.key_algorithm} key")
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
        short_lived = ca.usage_mode == "SHORT_LIVED_CERTIFICATE" and not self_signing
        if short_lived and not_after - max(not_before, now) > SHORT_LIVED_VALIDITY:
            raise ApiError("ValidationException", "A short-lived certificate CA issues certificates of 7 days at most")
        ca_certificate = ca.certificate
        if not self_signing and ca_certificate is not None and not_after > ca_certificate.not_valid_after_utc:
            raise ApiError("ValidationException", "The certificate's validity ends after the CA certificate's")
        issues_ca = base.startswith("SubordinateCACertificate_PathLen") or (
            base == "RootCACertificate" and not self_signing
        )
        if issues_ca and ca.usage_mode == "SHORT_LIVED_CERTIFICATE":
            # "Short-lived certificates must be the last CA in the certificate hierarchy" (user guide, CA
            # modes). The reference names no error code; the stand-in answers ValidationException, as for
            # the 7 days a short-lived CA's certificates may last.
            raise ApiError(
                "ValidationException",
                f"A short-lived certificate CA ({ca.arn}) must be the last CA in the hierarchy: "
                f"it cannot issue a CA certificate ({base})",
            )
        if base.startswith("SubordinateCACertificate_PathLen") and ca_certificate is not None:
            # TemplateArn: "The CA depth configured on a subordinate CA certificate must not exceed the limit set
            # by its parents in the CA hierarchy"; "AWS Private CA enforces path length by failing with a
            # validation exception" (user guide, RFC compliance).
            chain = x.load_certificates(ca.certificate_chain, "certificate chain") if ca.certificate_chain else []
            limit = x.path_length_limit(ca_certificate, chain)
            wanted = int(base[-1])
            if limit is not None and wanted > limit:
                allowed = "no CA certificate" if limit < 0 else f"pathlen {limit} at most"
                raise ApiError(
                    "ValidationException",
                    f"{base} asks for pathlen {wanted}, which exceeds the limit set by the CA's certificate and "
                    f"chain: {ca.arn} may issue {allowed}",
                )
        extensions = x.template_extensions(base, csr.public_key(), ca.key.public_key())
        # The CSR's subjectAltName always passes; a CSRPassthrough template passes all its extensions.
        extensions += [
            (extension.value, extension.critical)
            for extension in csr.extensions
            if csr_passthrough or isinstance(extension.value, x.x509.SubjectAlternativeName)
        ]
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
            "issued_monotonic": time.monotonic(),
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
        if time.monotonic() - record["issued_monotonic"] < CONFIG["certificate_seconds"]:
            raise ApiError("RequestInProgressException", f"The certificate {certificate_arn} is still being issued.")
        return record["certificate"], record["chain"]

    def revoke_certificate(
        self, certificate_authority_arn: str, certificate_serial: str, revocation_reason: str
    ) -> None:
        ca = self.describe_certificate_authority(certificate_authority_arn)
        ca.require(("ACTIVE", "DISABLED"), "RevokeCertificate")
        if revocation_reason not in REVOCATION_REASONS:
            raise invalid_args(f"RevocationReason {revocation_reason!r} is not one of {', '.join(REVOCATION_REASONS)}")
        try:
            serial = int(str(certificate_serial).replace(":", ""), 16)
        except ValueError:
            raise invalid_args(f"CertificateSerial {certificate_serial!r} is not hexadecimal") from None
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

    def list_tags(self) -> str:
        params = self.params
        tags, next_token = self.acmpca_backend.list_tags_page(
            certificate_authority_arn=params.get("CertificateAuthorityArn"),
            max_results=params.get("MaxResults"),
            next_token=params.get("NextToken"),
        )
        return json.dumps({"Tags": tags, **({"NextToken": next_token} if next_token else {})})

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
            raise invalid_args(f"ResourceOwner {owner!r} is not SELF or OTHER_ACCOUNTS")
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
