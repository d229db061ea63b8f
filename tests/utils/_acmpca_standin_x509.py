# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""X.509 work of the ACM PCA stand-in (acmpca_standin.py): keys, subjects, CSRs, certificates, import checks.

Every function raises ``ApiError`` with the error code AWS documents for the operation, so that the
stand-in's responses can turn it into an answer as the API gives it.
"""

from __future__ import annotations

import base64
import calendar
import datetime
import functools
import ipaddress
import re
import secrets
from typing import Any

from _acmpca_standin_common import ApiError
from _acmpca_standin_common import invalid_args
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID
from cryptography.x509.oid import ExtensionOID
from cryptography.x509.oid import NameOID
from cryptography.x509.oid import SubjectInformationAccessOID

try:  # cryptography 44+ with an OpenSSL that has ML-DSA
    from cryptography.hazmat.primitives.asymmetric import mldsa
except ImportError:  # pragma: no cover - depends on the installed cryptography
    mldsa = None


# KeyAlgorithm -> how to make such a key. AWS also has SM2 (China regions only); the stand-in refuses it.
_RSA_SIZES = {"RSA_2048": 2048, "RSA_3072": 3072, "RSA_4096": 4096}
_EC_CURVES = {"EC_prime256v1": ec.SECP256R1, "EC_secp384r1": ec.SECP384R1, "EC_secp521r1": ec.SECP521R1}
_ML_DSA = {"ML_DSA_44": "MLDSA44PrivateKey", "ML_DSA_65": "MLDSA65PrivateKey", "ML_DSA_87": "MLDSA87PrivateKey"}
KEY_ALGORITHMS = (*_RSA_SIZES, *_EC_CURVES, *_ML_DSA, "SM2")
# SigningAlgorithm -> (key family, hash).
_SIGNING = {
    "SHA256WITHRSA": ("RSA", hashes.SHA256),
    "SHA384WITHRSA": ("RSA", hashes.SHA384),
    "SHA512WITHRSA": ("RSA", hashes.SHA512),
    # RSASSA-PSS (botocore's SigningAlgorithm enum since 1.40): MGF1 with the same hash, salt of its length.
    "SHA256WITHRSA_PSS": ("RSA", hashes.SHA256),
    "SHA384WITHRSA_PSS": ("RSA", hashes.SHA384),
    "SHA512WITHRSA_PSS": ("RSA", hashes.SHA512),
    "SHA256WITHECDSA": ("EC", hashes.SHA256),
    "SHA384WITHECDSA": ("EC", hashes.SHA384),
    "SHA512WITHECDSA": ("EC", hashes.SHA512),
    "SM3WITHSM2": ("SM2", None),
    "ML_DSA_44": ("ML_DSA_44", None),
    "ML_DSA_65": ("ML_DSA_65", None),
    "ML_DSA_87": ("ML_DSA_87", None),
}
SIGNING_ALGORITHMS = tuple(_SIGNING)


def key_family(key_algorithm: str) -> str:
    if key_algorithm in _RSA_SIZES:
        return "RSA"
    if key_algorithm in _EC_CURVES:
        return "EC"
    return key_algorithm


def check_algorithms(key_algorithm: Any, signing_algorithm: Any) -> None:
    """Refuse unknown algorithms, a signing algorithm of another key family, and keys this machine cannot make."""
    if key_algorithm not in KEY_ALGORITHMS:
        raise invalid_args(f"KeyAlgorithm {key_algorithm!r} is not one of {', '.join(KEY_ALGORITHMS)}")
    if signing_algorithm not in _SIGNING:
        raise invalid_args(f"SigningAlgorithm {signing_algorithm!r} is not one of {', '.join(SIGNING_ALGORITHMS)}")
    if _SIGNING[signing_algorithm][0] != key_family(key_algorithm):
        raise invalid_args(f"SigningAlgorithm {signing_algorithm} cannot be used with KeyAlgorithm {key_algorithm}")
    if key_algorithm == "SM2":
        raise invalid_args("KeyAlgorithm SM2 is available only in the AWS China regions (not in this stand-in)")
    if key_algorithm in _ML_DSA and not ml_dsa_supported(key_algorithm):
        raise invalid_args(f"KeyAlgorithm {key_algorithm} is not supported (the stand-in's cryptography lacks ML-DSA)")


@functools.cache
def ml_dsa_supported(key_algorithm: str) -> bool:
    """Whether this cryptography, and the OpenSSL under it, can make such a key (tried once)."""
    try:
        getattr(mldsa, _ML_DSA[key_algorithm]).generate()
    except (AttributeError, UnsupportedAlgorithm):
        return False
    return True


def generate_key(key_algorithm: str):
    if key_algorithm in _RSA_SIZES:
        return rsa.generate_private_key(public_exponent=65537, key_size=_RSA_SIZES[key_algorithm])
    if key_algorithm in _EC_CURVES:
        return ec.generate_private_key(_EC_CURVES[key_algorithm]())
    return getattr(mldsa, _ML_DSA[key_algorithm]).generate()


def key_family_of_signing(signing_algorithm: str) -> str:
    return _SIGNING[signing_algorithm][0]


def signing_hash(signing_algorithm: str):
    """The hash argument of cryptography's sign(): None for ML-DSA, which hashes itself."""
    algorithm = _SIGNING[signing_algorithm][1]
    return algorithm() if algorithm else None


def signing_options(signing_algorithm: str) -> dict[str, Any]:
    """The keyword arguments of cryptography's sign() beyond the hash: the PSS padding of the _PSS algorithms."""
    if not signing_algorithm.endswith("_PSS"):
        return {}
    algorithm = _SIGNING[signing_algorithm][1]()
    return {"rsa_padding": padding.PSS(mgf=padding.MGF1(algorithm), salt_length=padding.PSS.DIGEST_LENGTH)}


# ASN1Subject field -> OID, in the order AWS writes them into a name.
_SUBJECT_FIELDS = (
    ("Country", NameOID.COUNTRY_NAME),
    ("State", NameOID.STATE_OR_PROVINCE_NAME),
    ("Locality", NameOID.LOCALITY_NAME),
    ("Organization", NameOID.ORGANIZATION_NAME),
    ("OrganizationalUnit", NameOID.ORGANIZATIONAL_UNIT_NAME),
    ("CommonName", NameOID.COMMON_NAME),
    ("DistinguishedNameQualifier", NameOID.DN_QUALIFIER),
    ("Title", NameOID.TITLE),
    ("Surname", NameOID.SURNAME),
    ("GivenName", NameOID.GIVEN_NAME),
    ("Initials", NameOID.INITIALS),
    ("Pseudonym", NameOID.PSEUDONYM),
    ("GenerationQualifier", NameOID.GENERATION_QUALIFIER),
    ("SerialNumber", NameOID.SERIAL_NUMBER),
)


def _oid(dotted: Any, what: str) -> x509.ObjectIdentifier:
    if not isinstance(dotted, str) or not re.fullmatch(r"[0-2](\.\d+)+", dotted):
        raise invalid_args(f"{what} {dotted!r} is not an object identifier (digits separated by dots)")
    return x509.ObjectIdentifier(dotted)


def subject_name(subject: Any, what: str = "Subject") -> x509.Name:
    """An x509.Name holding every ASN1Subject field given, custom attributes included."""
    if not isinstance(subject, dict) or not subject:
        raise invalid_args(f"{what} must name at least one attribute")
    custom = subject.get("CustomAttributes")
    standard = [field for field, _oid_of_field in _SUBJECT_FIELDS if field in subject]
    if custom and standard:
        # ASN1Subject: "Custom attributes cannot be used in combination with standard attributes."
        raise invalid_args(f"{what}: custom attributes cannot be used in combination with standard attributes")
    try:
        if custom:
            return x509.Name(
                [
                    x509.NameAttribute(_oid(item.get("ObjectIdentifier"), "ObjectIdentifier"), str(item.get("Value")))
                    for item in custom
                ]
            )
        return x509.Name(
            [x509.NameAttribute(oid, str(subject[field])) for field, oid in _SUBJECT_FIELDS if field in subject]
        )
    except (ValueError, TypeError, AttributeError) as e:
        raise invalid_args(f"{what} is invalid: {e}") from None


def _general_name(name: Any) -> x509.GeneralName:
    if not isinstance(name, dict) or len(name) != 1:
        raise invalid_args(f"A GeneralName must have exactly one field, got {name!r}")
    kind, value = next(iter(name.items()))
    try:
        if kind == "DnsName":
            return x509.DNSName(value)
        if kind == "Rfc822Name":
            return x509.RFC822Name(value)
        if kind == "UniformResourceIdentifier":
            return x509.UniformResourceIdentifier(value)
        if kind == "IpAddress":
            return x509.IPAddress(ipaddress.ip_address(value))
        if kind == "RegisteredId":
            return x509.RegisteredID(_oid(value, "RegisteredId"))
        if kind == "DirectoryName":
            return x509.DirectoryName(subject_name(value, "DirectoryName"))
        if kind == "OtherName":
            # The value is taken as a UTF8String, the common case (e.g. a UPN).
            encoded = str(value.get("Value", "")).encode()
            return x509.OtherName(_oid(value.get("TypeId"), "TypeId"), b"\x0c" + bytes([len(encoded)]) + encoded)
    except ValueError as e:
        raise invalid_args(f"GeneralName {name!r} is invalid: {e}") from None
    raise invalid_args(f"GeneralName type {kind} is not supported by the stand-in")


_KEY_USAGE_FIELDS = {
    "DigitalSignature": "digital_signature",
    "NonRepudiation": "content_commitment",
    "KeyEncipherment": "key_encipherment",
    "DataEncipherment": "data_encipherment",
    "KeyAgreement": "key_agreement",
    "KeyCertSign": "key_cert_sign",
    "CRLSign": "crl_sign",
    "EncipherOnly": "encipher_only",
    "DecipherOnly": "decipher_only",
}
_ACCESS_METHODS = {
    "CA_REPOSITORY": SubjectInformationAccessOID.CA_REPOSITORY,
    "RESOURCE_PKI_MANIFEST": x509.ObjectIdentifier("1.3.6.1.5.5.7.48.10"),
    "RESOURCE_PKI_NOTIFY": x509.ObjectIdentifier("1.3.6.1.5.5.7.48.13"),
}


def key_usage(flags: dict[str, Any]) -> x509.KeyUsage:
    unknown = set(flags) - set(_KEY_USAGE_FIELDS)
    if unknown:
        raise invalid_args(f"Unknown KeyUsage flags: {', '.join(sorted(unknown))}")
    try:
        return x509.KeyUsage(**{attr: bool(flags.get(field)) for field, attr in _KEY_USAGE_FIELDS.items()})
    except ValueError as e:
        raise invalid_args(f"KeyUsage is invalid: {e}") from None


def csr_extensions(csr_extensions: dict[str, Any] | None) -> list[tuple[x509.ExtensionType, bool]]:
    """The CA's CSR extensions: basicConstraints CA:TRUE, and CsrExtensions' KeyUsage / SubjectInformationAccess."""
    extensions: list[tuple[x509.ExtensionType, bool]] = [(x509.BasicConstraints(ca=True, path_length=None), True)]
    csr_extensions = csr_extensions or {}
    if csr_extensions.get("KeyUsage"):
        extensions.append((key_usage(csr_extensions["KeyUsage"]), True))
    descriptions = []
    for item in csr_extensions.get("SubjectInformationAccess") or []:
        method = item.get("AccessMethod") or {}
        if method.get("CustomObjectIdentifier"):
            oid = _oid(method["CustomObjectIdentifier"], "CustomObjectIdentifier")
        elif method.get("AccessMethodType") in _ACCESS_METHODS:
            oid = _ACCESS_METHODS[method["AccessMethodType"]]
        else:
            raise invalid_args(f"AccessMethod {method!r} names neither a known AccessMethodType nor an OID")
        descriptions.append(x509.AccessDescription(oid, _general_name(item.get("AccessLocation"))))
    if descriptions:
        extensions.append((x509.SubjectInformationAccess(descriptions), False))
    return extensions


def build_csr(key, name: x509.Name, extensions, signing_algorithm: str) -> bytes:
    builder = x509.CertificateSigningRequestBuilder().subject_name(name)
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical)
    return builder.sign(key, signing_hash(signing_algorithm), **signing_options(signing_algorithm)).public_bytes(
        serialization.Encoding.PEM
    )


def public_key_der(key_or_public_key) -> bytes:
    public_key = key_or_public_key.public_key() if hasattr(key_or_public_key, "public_key") else key_or_public_key
    return public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def pem_from_blob(blob: Any) -> bytes:
    """A blob as boto3 sends it (base64 of the PEM bytes) back to the PEM bytes; text left as it is."""
    if blob is None:
        return b""
    raw = blob.encode() if isinstance(blob, str) else blob
    if b"-----BEGIN" in raw:
        return raw
    try:
        return base64.b64decode(raw, validate=True)
    except ValueError:
        return raw


def load_certificates(pem: bytes, what: str) -> list[x509.Certificate]:
    try:
        certificates = x509.load_pem_x509_certificates(pem)
    except ValueError as e:
        raise ApiError("MalformedCertificateException", f"The {what} is not a PEM certificate: {e}") from None
    return certificates


def issued_by(certificate: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        certificate.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
        return False
    return True


# ImportCertificateAuthorityCertificate: "The maximum allowed size of a certificate is 32 KB. The maximum
# allowed size of a certificate chain is 2 MB." (the model's CertificateBodyBlob max 32768, CertificateChainBlob
# max 2097152).
MAX_CERTIFICATE_BYTES = 32768
MAX_CHAIN_BYTES = 2097152
# "AWS Private CA allows the following extensions to be marked critical in the imported CA certificate or
# chain": authority key identifier, basic constraints (must be marked critical), certificate policies,
# extended key usage, inhibit anyPolicy, issuer alternative name, key usage, name constraints, policy mappings,
# subject alternative name, subject directory attributes, subject key identifier, subject information access.
# "[It] rejects the following extensions when they are marked critical [...] Authority information access,
# CRL distribution points, Freshest CRL, Policy constraints [...] and any other extension marked as critical
# not contained on the preceding list".
CRITICAL_ALLOWED = {
    ExtensionOID.AUTHORITY_KEY_IDENTIFIER,
    ExtensionOID.BASIC_CONSTRAINTS,
    ExtensionOID.CERTIFICATE_POLICIES,
    ExtensionOID.EXTENDED_KEY_USAGE,
    ExtensionOID.INHIBIT_ANY_POLICY,
    ExtensionOID.ISSUER_ALTERNATIVE_NAME,
    ExtensionOID.KEY_USAGE,
    ExtensionOID.NAME_CONSTRAINTS,
    ExtensionOID.POLICY_MAPPINGS,
    ExtensionOID.SUBJECT_ALTERNATIVE_NAME,
    ExtensionOID.SUBJECT_DIRECTORY_ATTRIBUTES,
    ExtensionOID.SUBJECT_KEY_IDENTIFIER,
    ExtensionOID.SUBJECT_INFORMATION_ACCESS,
}


def _check_critical_extensions(certificate: x509.Certificate, what: str) -> None:
    """Basic constraints critical; no other critical extension than the allowed ones (MalformedCertificateException).

    The reference names no error code for these; the stand-in answers MalformedCertificateException ("One or
    more fields in the certificate are invalid").
    """
    name = certificate.subject.rfc4514_string()
    for extension in certificate.extensions:
        if extension.oid == ExtensionOID.BASIC_CONSTRAINTS and not extension.critical:
            raise ApiError(
                "MalformedCertificateException", f"The {what} {name}: basic constraints must be marked critical"
            )
        if extension.critical and extension.oid not in CRITICAL_ALLOWED:
            label = getattr(extension.oid, "_name", None) or extension.oid.dotted_string
            raise ApiError(
                "MalformedCertificateException",
                f"The {what} {name}: the extension {label} ({extension.oid.dotted_string}) may not be marked critical",
            )


def _check_size(pem: bytes, limit: int, member: str) -> None:
    """A blob longer than the model allows: ValidationException (the reference names no code; the stand-in
    answers as AWS answers any request that breaks the model's length constraints)."""
    if len(pem) > limit:
        raise ApiError(
            "ValidationException",
            f"1 validation error detected: Value at '{member}' failed to satisfy constraint: "
            f"Member must have length less than or equal to {limit}",
        )


def check_ca_certificate_import(
    ca_type: str, ca_public_key_der: bytes, certificate_pem: bytes, chain_pem: bytes
) -> x509.Certificate:
    """Apply ImportCertificateAuthorityCertificate's checks; return the parsed certificate."""
    _check_size(certificate_pem, MAX_CERTIFICATE_BYTES, "certificate")
    _check_size(chain_pem, MAX_CHAIN_BYTES, "certificateChain")
    certificate = load_certificates(certificate_pem, "certificate")
    if len(certificate) != 1:
        raise ApiError("MalformedCertificateException", "Certificate must hold exactly one PEM certificate")
    certificate = certificate[0]
    if public_key_der(certificate.public_key()) != ca_public_key_der:
        raise ApiError(
            "CertificateMismatchException",
            "The certificate's public key is not the private CA's: sign the CSR from GetCertificateAuthorityCsr",
        )
    try:
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        constraints = None
    if constraints is None or not constraints.ca:
        raise ApiError("InvalidRequestException", "The certificate is not a CA certificate (basicConstraints CA:TRUE)")
    _check_critical_extensions(certificate, "certificate")
    chain = load_certificates(chain_pem, "certificate chain") if chain_pem.strip() else []
    if ca_type == "ROOT":
        if not issued_by(certificate, certificate):
            raise ApiError("CertificateMismatchException", "A root CA's certificate must be self-signed")
        return certificate
    if not chain:
        raise ApiError("InvalidRequestException", "A subordinate CA's certificate needs its CertificateChain")
    for member in chain:
        _check_critical_extensions(member, "certificate chain's certificate")
    if not issued_by(certificate, chain[0]):
        raise ApiError(
            "CertificateMismatchException",
            "The certificate was not signed by the first certificate of the chain (the issuing CA's)",
        )
    for child, parent in zip(chain, chain[1:]):
        if not issued_by(child, parent):
            raise ApiError(
                "CertificateMismatchException",
                f"The chain is out of order: {child.subject.rfc4514_string()} was not signed by the next certificate",
            )
    if not issued_by(chain[-1], chain[-1]):
        # "Your root CA must be the last certificate in your chain." The reference names no error code for
        # a chain without its root; the stand-in answers InvalidRequestException ("The request action cannot
        # be performed or is prohibited"), as for a subordinate CA's certificate without a chain.
        raise ApiError(
            "InvalidRequestException",
            f"The chain's last certificate ({chain[-1].subject.rfc4514_string()}) is not self-signed: "
            "your root CA must be the last certificate in your chain",
        )
    return certificate


def path_length_limit(ca_certificate: x509.Certificate, chain: list[x509.Certificate]) -> int | None:
    """The largest pathlen a CA certificate issued by this CA may have, or None when nothing limits it.

    RFC 5280's pathLenConstraint counts the CA certificates that may follow one in a path: the issuing CA's
    certificate (pathlen P) allows a new CA certificate with pathlen P - 1 at most, the certificate above it
    P - 2, and so on up the chain.
    """
    limit = None
    for depth, member in enumerate([ca_certificate, *chain]):
        try:
            constraints = member.extensions.get_extension_for_class(x509.BasicConstraints).value
        except x509.ExtensionNotFound:
            continue
        if constraints.path_length is None:
            continue
        allowed = constraints.path_length - 1 - depth
        limit = allowed if limit is None else min(limit, allowed)
    return limit


# --- IssueCertificate -----------------------------------------------------------------------------

TEMPLATE_PREFIX = "arn:aws:acm-pca:::template/"
_TEMPLATE = re.compile(r"arn:aws[\w-]*:acm-pca:::template/([A-Za-z0-9_]+)/V(\d+)")
_END_ENTITY_USAGES = {
    "EndEntityCertificate": [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH],
    "EndEntityClientAuthCertificate": [ExtendedKeyUsageOID.CLIENT_AUTH],
    "EndEntityServerAuthCertificate": [ExtendedKeyUsageOID.SERVER_AUTH],
    "CodeSigningCertificate": [ExtendedKeyUsageOID.CODE_SIGNING],
    "OCSPSigningCertificate": [ExtendedKeyUsageOID.OCSP_SIGNING],
}


def parse_template(template_arn: str | None) -> tuple[str, bool, bool]:
    """(base template name, whether ApiPassthrough applies, whether the CSR's extensions pass) for a template ARN."""
    match = _TEMPLATE.fullmatch(template_arn or f"{TEMPLATE_PREFIX}EndEntityCertificate/V1")
    if not match:
        raise invalid_args(f"TemplateArn {template_arn!r} is not a template ARN ({TEMPLATE_PREFIX}<name>/V<n>)")
    name = match.group(1)
    api_passthrough = name.endswith(("_APIPassthrough", "_APICSRPassthrough"))
    csr_passthrough = name.endswith(("_CSRPassthrough", "_APICSRPassthrough"))
    base = re.sub(r"_(APIPassthrough|APICSRPassthrough|CSRPassthrough)$", "", name)
    if (
        base in _END_ENTITY_USAGES
        or base == "RootCACertificate"
        or re.fullmatch(r"SubordinateCACertificate_PathLen[0-3]", base)
    ):
        return base, api_passthrough, csr_passthrough
    raise invalid_args(f"TemplateArn {template_arn} names a template the stand-in does not know")


def template_extensions(base: str, subject_key, issuer_key) -> list[tuple[x509.ExtensionType, bool]]:
    subject_key_id = x509.SubjectKeyIdentifier.from_public_key(subject_key)
    if base == "RootCACertificate" or base.startswith("SubordinateCACertificate_PathLen"):
        path_length = None if base == "RootCACertificate" else int(base[-1])
        extensions = [
            (x509.BasicConstraints(ca=True, path_length=path_length), True),
            (key_usage({"DigitalSignature": True, "KeyCertSign": True, "CRLSign": True}), True),
            (subject_key_id, False),
        ]
    else:
        usage = {"DigitalSignature": True}
        if base in ("EndEntityCertificate", "EndEntityClientAuthCertificate", "EndEntityServerAuthCertificate"):
            usage["KeyEncipherment"] = True
        extensions = [
            (x509.BasicConstraints(ca=False, path_length=None), True),
            (key_usage(usage), True),
            (x509.ExtendedKeyUsage(_END_ENTITY_USAGES[base]), False),
            (subject_key_id, False),
        ]
    if base != "RootCACertificate":
        extensions.append((x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key), False))
    return extensions


_EXTENDED_KEY_USAGES = {
    "SERVER_AUTH": ExtendedKeyUsageOID.SERVER_AUTH,
    "CLIENT_AUTH": ExtendedKeyUsageOID.CLIENT_AUTH,
    "CODE_SIGNING": ExtendedKeyUsageOID.CODE_SIGNING,
    "EMAIL_PROTECTION": ExtendedKeyUsageOID.EMAIL_PROTECTION,
    "TIME_STAMPING": ExtendedKeyUsageOID.TIME_STAMPING,
    "OCSP_SIGNING": ExtendedKeyUsageOID.OCSP_SIGNING,
    "SMART_CARD_LOGIN": ExtendedKeyUsageOID.SMARTCARD_LOGON,
    "DOCUMENT_SIGNING": x509.ObjectIdentifier("1.3.6.1.4.1.311.10.3.12"),
    "CERTIFICATE_TRANSPARENCY": ExtendedKeyUsageOID.CERTIFICATE_TRANSPARENCY,
}


def passthrough_extensions(extensions: dict[str, Any]) -> list[tuple[x509.ExtensionType, bool]]:
    """ApiPassthrough.Extensions: KeyUsage, ExtendedKeyUsage and SubjectAlternativeNames."""
    result: list[tuple[x509.ExtensionType, bool]] = []
    if extensions.get("KeyUsage"):
        result.append((key_usage(extensions["KeyUsage"]), True))
    usages = []
    for item in extensions.get("ExtendedKeyUsage") or []:
        if item.get("ExtendedKeyUsageObjectIdentifier"):
            usages.append(_oid(item["ExtendedKeyUsageObjectIdentifier"], "ExtendedKeyUsageObjectIdentifier"))
        elif item.get("ExtendedKeyUsageType") in _EXTENDED_KEY_USAGES:
            usages.append(_EXTENDED_KEY_USAGES[item["ExtendedKeyUsageType"]])
        else:
            raise invalid_args(f"ExtendedKeyUsage {item!r} is not supported")
    if usages:
        result.append((x509.ExtendedKeyUsage(usages), False))
    if extensions.get("SubjectAlternativeNames"):
        names = [_general_name(name) for name in extensions["SubjectAlternativeNames"]]
        result.append((x509.SubjectAlternativeName(names), False))
    return result


def _utc(value: datetime.datetime) -> datetime.datetime:
    return value.replace(tzinfo=datetime.timezone.utc) if value.tzinfo is None else value


def validity_end(validity: Any, not_before: datetime.datetime, now: datetime.datetime) -> datetime.datetime:
    """Validity {Value, Type} as the API reads it: DAYS / MONTHS / YEARS from now, ABSOLUTE (epoch), END_DATE."""
    if not isinstance(validity, dict) or "Value" not in validity or "Type" not in validity:
        raise ApiError("ValidationException", "Validity needs Value and Type")
    value, kind = validity["Value"], validity["Type"]
    if not isinstance(value, int) or value <= 0:
        raise ApiError("ValidationException", f"Validity.Value must be a positive whole number, got {value!r}")
    if kind == "DAYS":
        return now + datetime.timedelta(days=value)
    if kind in ("MONTHS", "YEARS"):
        months = value if kind == "MONTHS" else 12 * value
        year, month = divmod(now.month - 1 + months, 12)
        year += now.year
        day = min(now.day, calendar.monthrange(year, month + 1)[1])
        return now.replace(year=year, month=month + 1, day=day)
    return absolute_time(validity, "Validity")


def absolute_time(validity: dict[str, Any], what: str) -> datetime.datetime:
    value, kind = validity.get("Value"), validity.get("Type")
    if kind == "ABSOLUTE":
        try:
            return datetime.datetime.fromtimestamp(int(value), tz=datetime.timezone.utc)
        except (ValueError, OverflowError, OSError, TypeError):
            raise ApiError("ValidationException", f"{what}: {value!r} is not a time in seconds since 1970") from None
    if kind == "END_DATE":
        try:
            return datetime.datetime.strptime(str(value), "%Y%m%d%H%M%S").replace(tzinfo=datetime.timezone.utc)
        except ValueError:
            raise ApiError("ValidationException", f"{what}: END_DATE {value!r} is not YYYYMMDDHHMMSS") from None
    raise ApiError("ValidationException", f"{what}.Type {kind!r} is not one of END_DATE, ABSOLUTE, DAYS, MONTHS, YEARS")


def load_csr(csr_blob: Any) -> x509.CertificateSigningRequest:
    try:
        csr = x509.load_pem_x509_csr(pem_from_blob(csr_blob))
    except (ValueError, TypeError) as e:
        raise ApiError("MalformedCSRException", f"The CSR could not be parsed: {e}") from None
    if not csr.is_signature_valid:
        raise ApiError("MalformedCSRException", "The CSR's signature is not valid")
    return csr


def random_serial() -> int:
    """A positive serial of 16 bytes at most: AWS's certificate ids are its 32 hex digits."""
    return secrets.randbits(127) | 1 << 120


def serial_hex(serial: int) -> str:
    return f"{serial:032x}"


def serial_colons(serial: int) -> str:
    text = serial_hex(serial)
    return ":".join(text[i : i + 2] for i in range(0, len(text), 2))


def sign_certificate(
    *,
    issuer_key,
    issuer_name: x509.Name,
    subject: x509.Name,
    public_key,
    serial: int,
    not_before: datetime.datetime,
    not_after: datetime.datetime,
    extensions: list[tuple[x509.ExtensionType, bool]],
    signing_algorithm: str,
) -> bytes:
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(public_key)
        .serial_number(serial)
        .not_valid_before(_utc(not_before))
        .not_valid_after(_utc(not_after))
    )
    seen = set()
    # Later extensions (ApiPassthrough, the CSR's SAN) replace a template's of the same type.
    for extension, critical in reversed(extensions):
        if extension.oid in seen:
            continue
        seen.add(extension.oid)
        builder = builder.add_extension(extension, critical)
    return builder.sign(issuer_key, signing_hash(signing_algorithm), **signing_options(signing_algorithm)).public_bytes(
        serialization.Encoding.PEM
    )
