# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Local checks of certificates, chains and CSRs, made with cryptography before any request to AWS.

The import and issue modules use these so that a wrong certificate (another key, a chain out of order, an
expired or non-CA certificate, a private key pasted by mistake) is refused with a message naming what
differs, instead of an opaque CertificateMismatchException from AWS, or worse, a CA activated with the
wrong certificate.

Private to this collection: the names here may change without notice.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from ansible_collections.privateca.aws.plugins.module_utils import _csr_info

try:
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives import serialization
except ImportError:
    pass  # _csr_info.HAS_CRYPTOGRAPHY says so; the modules fail with missing_required_lib.

HAS_CRYPTOGRAPHY = _csr_info.HAS_CRYPTOGRAPHY
CRYPTOGRAPHY_IMPORT_ERROR = _csr_info.CRYPTOGRAPHY_IMPORT_ERROR

# Dates as community.crypto's x509_certificate_info returns them (ASN.1 TIME, UTC).
DATE_FORMAT = "%Y%m%d%H%M%SZ"

_PRIVATE_KEY_MARKER = re.compile(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----")
_PEM_BLOCK = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----")


# The library's own words (an ASN.1 parse error, say) mean little to a user: a failure carries them in
# ``detail`` only when the task runs with -vvv (see failure_detail), and the message says so.
DETAIL = "(The library's detail is shown with -vvv.)"


def failure_detail(module, error: BaseException) -> dict[str, Any]:
    """fail_json's extra keys for a local check that failed: the traceback (shown where ansible-core shows
    tracebacks) and, at -vvv, ``detail``: what the library said, which the message leaves out."""
    import traceback

    extra: dict[str, Any] = {"exception": "".join(traceback.format_exception(type(error), error, error.__traceback__))}
    cause = error.__cause__
    if cause is not None and getattr(module, "_verbosity", 0) >= 3:
        extra["detail"] = f"{type(cause).__name__}: {cause}"
    return extra


def _cryptography_version() -> str:
    try:
        from cryptography import __version__
    except ImportError:
        return ""
    return __version__


class CertificateCheckError(ValueError):
    """A certificate, chain or CSR fails a local check; the message says what differs and what is expected."""


def contains_private_key(text: Any) -> bool:
    return isinstance(text, str) and bool(_PRIVATE_KEY_MARKER.search(text))


def hide_private_keys(module, option_names: list[str]) -> None:
    """Keep an option that holds a private key out of the module's output (its invocation, any message)."""
    for option in option_names:
        if contains_private_key(module.params.get(option)):
            module.no_log_values.add(module.params[option])


def refuse_private_key(text: str, what: str) -> None:
    """Fail when a private key was pasted where a certificate or CSR belongs, without echoing any of it."""
    if _PRIVATE_KEY_MARKER.search(text or ""):
        raise CertificateCheckError(
            f"{what} contains a PRIVATE KEY block. Give the certificate (-----BEGIN CERTIFICATE-----) only, never "
            "a private key; the key's content is not shown here. If it was pasted by mistake, treat it as exposed."
        )


def _blocks(text: str) -> list[str]:
    return _PEM_BLOCK.findall(text)


def _as_bytes(text: str | bytes) -> bytes:
    return text.encode("utf-8") if isinstance(text, str) else text


def load_certificates(text: str | bytes, what: str) -> list[x509.Certificate]:
    """Every certificate in a PEM text, in order; fail on anything else in it."""
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else (text or "")
    refuse_private_key(text, what)
    blocks = _blocks(text)
    if not blocks:
        raise CertificateCheckError(
            f"{what} is not PEM: expected text that begins with -----BEGIN CERTIFICATE-----, "
            f"got {len(text.strip())} characters without any PEM block."
        )
    others = sorted({block for block in blocks if block != "CERTIFICATE"})
    if others:
        raise CertificateCheckError(
            f"{what} holds {', '.join(others)} block(s); expected CERTIFICATE blocks only "
            "(a CSR goes to csr, a chain to certificate_chain)."
        )
    try:
        certificates = x509.load_pem_x509_certificates(_as_bytes(text))
    except ValueError as e:
        raise CertificateCheckError(
            f"{what} has -----BEGIN CERTIFICATE----- blocks, but not every one holds a certificate that can be read: "
            "the base64 text between the lines is cut short, edited, or from another kind of file. Give the "
            f"certificate as its issuer wrote it. {DETAIL}"
        ) from e
    if len(certificates) != len(blocks):
        raise CertificateCheckError(
            f"{what} has {len(blocks)} CERTIFICATE blocks but only {len(certificates)} could be read."
        )
    return certificates


def load_certificate(text: str | bytes, what: str) -> x509.Certificate:
    """The one certificate in a PEM text."""
    certificates = load_certificates(text, what)
    if len(certificates) != 1:
        raise CertificateCheckError(
            f"{what} holds {len(certificates)} certificates; expected exactly one "
            "(put the issuing CA's certificates into certificate_chain)."
        )
    return certificates[0]


def load_csr(text: str | bytes, what: str) -> x509.CertificateSigningRequest:
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else (text or "")
    if _PRIVATE_KEY_MARKER.search(text):
        raise CertificateCheckError(
            f"{what} contains a PRIVATE KEY block. Give the certificate signing request "
            "(-----BEGIN CERTIFICATE REQUEST-----) only; the key's content is not shown here."
        )
    blocks = _blocks(text)
    if blocks != ["CERTIFICATE REQUEST"] and blocks != ["NEW CERTIFICATE REQUEST"]:
        found = ", ".join(blocks) if blocks else "no PEM block"
        raise CertificateCheckError(
            f"{what} is not one PEM certificate signing request: expected one -----BEGIN CERTIFICATE REQUEST----- "
            f"block, found {found}."
        )
    try:
        csr = x509.load_pem_x509_csr(_as_bytes(text))
    except ValueError as e:
        raise CertificateCheckError(
            f"{what} has a -----BEGIN CERTIFICATE REQUEST----- block, but what it holds is not a certificate signing "
            "request that can be read: the base64 text between the lines is cut short, edited, or from another kind "
            f"of file. Make the CSR again (for example with community.crypto.openssl_csr) and give it whole. {DETAIL}"
        ) from e
    try:
        csr.public_key()
    except (ValueError, UnsupportedAlgorithm) as e:
        raise CertificateCheckError(
            f"{what} holds a public key of a type or encoding that the Python library cryptography "
            f"{_cryptography_version()} on this host cannot read; a newer cryptography may. {DETAIL}"
        ) from e
    if not csr.is_signature_valid:
        raise CertificateCheckError(f"{what} has a signature that does not verify with its own public key.")
    return csr


def pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")


def csr_pem(csr: x509.CertificateSigningRequest) -> str:
    return csr.public_bytes(serialization.Encoding.PEM).decode("ascii")


def chain_pem(certificates: list[x509.Certificate]) -> str:
    return "".join(pem(certificate) for certificate in certificates)


def der(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.DER)


def _public_key_der(key: Any) -> bytes:
    return key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def public_key_fingerprint(key: Any) -> str:
    """SHA-256 of the SubjectPublicKeyInfo, as colon-separated hex."""
    return _csr_info._fingerprints(_public_key_der(key))["sha256"]


def same_public_key(first: Any, second: Any) -> bool:
    return _public_key_der(first) == _public_key_der(second)


def subject_text(name: x509.Name) -> str:
    return name.rfc4514_string() or "(empty)"


def serial_number_hex(number: int) -> str:
    """A serial number as openssl prints it and RevokeCertificate takes it: colon-separated hex bytes."""
    return _csr_info._hex(number.to_bytes(max(1, (number.bit_length() + 7) // 8), "big"))


def serial_hex(certificate: x509.Certificate) -> str:
    return serial_number_hex(certificate.serial_number)


def serial_for_arn(certificate: x509.Certificate) -> str:
    """The serial number as a certificate ARN ends: AWS's serials are 16 bytes, shown as 32 hex digits."""
    return f"{certificate.serial_number:032x}"


def _utc(certificate: x509.Certificate) -> tuple[datetime.datetime, datetime.datetime]:
    """The certificate's validity as aware UTC datetimes.

    cryptography 42 added the ``*_utc`` properties and deprecated the naive ones; 41, the oldest release
    the collection supports, has only the naive ones (which are UTC).
    """
    if hasattr(certificate, "not_valid_before_utc"):
        return certificate.not_valid_before_utc, certificate.not_valid_after_utc
    utc = datetime.timezone.utc
    return certificate.not_valid_before.replace(tzinfo=utc), certificate.not_valid_after.replace(tzinfo=utc)


def describe(certificate: x509.Certificate) -> str:
    """One line naming a certificate in messages: subject, serial and dates."""
    not_before, not_after = _utc(certificate)
    return (
        f"'{subject_text(certificate.subject)}' (serial {serial_hex(certificate)}, "
        f"valid {not_before:%Y-%m-%d %H:%M:%S} to {not_after:%Y-%m-%d %H:%M:%S} UTC)"
    )


def is_self_signed(certificate: x509.Certificate) -> bool:
    return certificate.issuer == certificate.subject and signed_by(certificate, certificate)


def signed_by(certificate: x509.Certificate, issuer: x509.Certificate) -> bool:
    """Whether issuer's name and key made certificate's signature (RSA PKCS#1 v1.5 or PSS, ECDSA, Ed25519, Ed448)."""
    try:
        certificate.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
        return False
    return True


def check_is_ca(certificate: x509.Certificate, what: str) -> None:
    try:
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        raise CertificateCheckError(
            f"{what} {describe(certificate)} has no basicConstraints extension; a CA certificate needs "
            "basicConstraints CA:TRUE."
        ) from None
    if not constraints.ca:
        raise CertificateCheckError(
            f"{what} {describe(certificate)} is not a CA certificate (basicConstraints CA:FALSE); expected CA:TRUE."
        )


def check_valid_now(certificate: x509.Certificate, what: str, now: datetime.datetime | None = None) -> None:
    now = now or datetime.datetime.now(datetime.timezone.utc)
    not_before, not_after = _utc(certificate)
    if now < not_before:
        raise CertificateCheckError(
            f"{what} {describe(certificate)} is not valid yet: it starts {not_before:%Y-%m-%d %H:%M:%S} UTC, "
            f"and it is now {now:%Y-%m-%d %H:%M:%S} UTC."
        )
    if now > not_after:
        raise CertificateCheckError(
            f"{what} {describe(certificate)} has expired: it ended {not_after:%Y-%m-%d %H:%M:%S} UTC, "
            f"and it is now {now:%Y-%m-%d %H:%M:%S} UTC."
        )


def check_chain(
    certificate: x509.Certificate, chain: list[x509.Certificate], now: datetime.datetime | None = None
) -> None:
    """certificate is signed by chain[0], each one by the next, and the last is a self-signed root.

    An empty chain means certificate must itself be a self-signed root (a ROOT CA's own certificate).
    """
    if not chain:
        if not is_self_signed(certificate):
            raise CertificateCheckError(
                f"The certificate {describe(certificate)} is not self-signed (its issuer is "
                f"'{subject_text(certificate.issuer)}'), so certificate_chain must hold its issuer's certificate "
                "first, then each next issuer, up to the root."
            )
        return
    names = ["the certificate"] + [f"certificate {index + 1} of certificate_chain" for index in range(len(chain))]
    path = [certificate, *chain]
    for index in range(len(chain)):
        child, parent = path[index], path[index + 1]
        if not signed_by(child, parent):
            others = [position + 1 for position, candidate in enumerate(chain) if signed_by(child, candidate)]
            hint = (
                f"; it is signed by certificate {others[0]} of the chain, so the chain is out of order "
                "(expected: issuer first, root last)"
                if others
                else f"; its issuer is '{subject_text(child.issuer)}', which is not in the chain"
            )
            raise CertificateCheckError(
                f"{names[index].capitalize()} {describe(child)} is not signed by {names[index + 1]} "
                f"{describe(parent)}{hint}."
            )
        check_is_ca(parent, names[index + 1].capitalize())
        check_valid_now(parent, names[index + 1].capitalize(), now)
    if not is_self_signed(chain[-1]):
        raise CertificateCheckError(
            f"The last certificate of certificate_chain {describe(chain[-1])} is not a self-signed root (its "
            f"issuer is '{subject_text(chain[-1].issuer)}'); give the chain up to and including the root."
        )


def check_ca_certificate(
    certificate_text: str,
    chain_text: str | None,
    now: datetime.datetime | None = None,
) -> tuple[x509.Certificate, list[x509.Certificate]]:
    """Every check of a CA certificate that needs no request: PEM, CA:TRUE, dates, chain order and signatures."""
    certificate = load_certificate(certificate_text, "certificate")
    chain = load_certificates(chain_text, "certificate_chain") if chain_text and chain_text.strip() else []
    check_is_ca(certificate, "The certificate")
    check_valid_now(certificate, "The certificate", now)
    check_chain(certificate, chain, now)
    return certificate, chain


def check_key_matches(
    certificate: x509.Certificate,
    csr: x509.CertificateSigningRequest,
    whose: str,
    advice: str = "Sign the CSR of this CA, not another one.",
) -> None:
    """The certificate carries the key of the CSR (the CA's own, or the requester's)."""
    if not same_public_key(certificate.public_key(), csr.public_key()):
        raise CertificateCheckError(
            f"The certificate {describe(certificate)} carries a public key with SHA-256 fingerprint "
            f"{public_key_fingerprint(certificate.public_key())}, but {whose} has the key "
            f"{public_key_fingerprint(csr.public_key())} (CSR subject '{subject_text(csr.subject)}'). {advice}"
        )


def _alt_names(item) -> set | None:
    try:
        return set(item.extensions.get_extension_for_class(x509.SubjectAlternativeName).value)
    except x509.ExtensionNotFound:
        return None


def csr_difference(
    certificate: x509.Certificate, csr: x509.CertificateSigningRequest, check_subject: bool, check_alt_names: bool
) -> str:
    """What an issued certificate lacks of its CSR (subject, subject alternative names), or ''.

    Templates copy both from the CSR; a certificate that differs was issued for an older CSR.
    """
    if check_subject and csr.subject != certificate.subject:
        return f"the subject '{subject_text(certificate.subject)}', and the CSR asks for '{subject_text(csr.subject)}'"
    wanted = _alt_names(csr) if check_alt_names else None
    if wanted is not None and not wanted <= (_alt_names(certificate) or set()):
        missing = ", ".join(
            sorted(_csr_info._general_name(name) for name in wanted - (_alt_names(certificate) or set()))
        )
        return f"no subject alternative name {missing} of the CSR"
    return ""


def _name_fields(name: x509.Name) -> tuple[dict[str, str], list[list[str]]]:
    ordered = [[_csr_info._oid_name(attribute.oid), _csr_info._text(attribute.value)] for attribute in name]
    return dict(ordered), ordered


def certificate_info(certificate: x509.Certificate) -> dict[str, Any]:
    """A subset of community.crypto.x509_certificate_info's keys, with its names and formats."""
    subject, subject_ordered = _name_fields(certificate.subject)
    issuer, issuer_ordered = _name_fields(certificate.issuer)
    not_before, not_after = _utc(certificate)
    key = certificate.public_key()
    oid = certificate.signature_algorithm_oid
    try:
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints).value
        basic_constraints = _csr_info._basic_constraints(constraints)
    except x509.ExtensionNotFound:
        basic_constraints = None
    return {
        "subject": subject,
        "subject_ordered": subject_ordered,
        "issuer": issuer,
        "issuer_ordered": issuer_ordered,
        "serial_number": certificate.serial_number,
        "serial_number_hex": serial_hex(certificate),
        "not_before": not_before.strftime(DATE_FORMAT),
        "not_after": not_after.strftime(DATE_FORMAT),
        "fingerprints": _csr_info._fingerprints(der(certificate)),
        "public_key_type": _csr_info._public_key_info(key)[0],
        "public_key_fingerprints": _csr_info._fingerprints(_public_key_der(key)),
        "basic_constraints": basic_constraints,
        "signature_algorithm": getattr(oid, "_name", oid.dotted_string),
    }


def summary(certificate: x509.Certificate | None) -> dict[str, Any]:
    """What diff mode shows of a certificate: enough to tell two apart."""
    if certificate is None:
        return {}
    not_before, not_after = _utc(certificate)
    return {
        "subject": subject_text(certificate.subject),
        "serial_number": serial_hex(certificate),
        "not_before": not_before.strftime(DATE_FORMAT),
        "not_after": not_after.strftime(DATE_FORMAT),
    }


def remaining_seconds(certificate: x509.Certificate, now: datetime.datetime | None = None) -> float:
    now = now or datetime.datetime.now(datetime.timezone.utc)
    return (_utc(certificate)[1] - now).total_seconds()
