# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Parse a PEM CSR into the same dictionary community.crypto.openssl_csr_info returns.

Key names, types and value formats deliberately mirror openssl_csr_info (community.crypto
3.x, with its default name_encoding=ignore), so that users need not learn a second format.
This collection does not depend on community.crypto, hence the small re-implementation.

Private to this collection: the names here may change without notice.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
from typing import Any
from urllib.parse import urlparse
from urllib.parse import urlunparse

try:
    # Only what parsing needs: the module imports this file on every run.
    from cryptography import x509
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives.asymmetric import dsa
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric import ed448
    from cryptography.hazmat.primitives.asymmetric import ed25519
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.asymmetric import x448
    from cryptography.hazmat.primitives.asymmetric import x25519

    try:
        # Where the enums live (cryptography 41 to 50), already loaded by cryptography.x509. The public
        # serialization package would first import the SSH key code, its ciphers and bcrypt: 8 ms of a
        # 10 ms parse (cProfile of acmpca_csr_info's payload).
        from cryptography.hazmat.primitives._serialization import Encoding
        from cryptography.hazmat.primitives._serialization import PublicFormat
    except ImportError:
        from cryptography.hazmat.primitives.serialization import Encoding
        from cryptography.hazmat.primitives.serialization import PublicFormat
except ImportError as e:  # The module then returns the PEM alone, with a warning.
    HAS_CRYPTOGRAPHY = False
    CRYPTOGRAPHY_IMPORT_ERROR: str | None = str(e)
else:
    HAS_CRYPTOGRAPHY = True
    CRYPTOGRAPHY_IMPORT_ERROR = None


class CsrParseError(ValueError):
    """The text is not a PEM certificate signing request that cryptography can read."""


# Names as openssl_csr_info gives them: OpenSSL's long name first, short name last (the
# short one is only used inside dirName: entries). This is the part of OpenSSL's
# objects.txt that can show up in a subject or an extended key usage; any other OID is
# shown dotted, which openssl_csr_info also does for OIDs OpenSSL does not know. The names are
# OpenSSL 3's, as community.crypto 3.3.0 and later give them.
_OID_NAMES: dict[str, tuple[str, ...]] = {
    # Distinguished name attributes (X.520, RFC 4519, PKCS #9, EV, Russian registries)
    "2.5.4.3": ("commonName", "CN"),
    "2.5.4.4": ("surname", "SN"),
    "2.5.4.5": ("serialNumber",),
    "2.5.4.6": ("countryName", "C"),
    "2.5.4.7": ("localityName", "L"),
    "2.5.4.8": ("stateOrProvinceName", "ST"),
    "2.5.4.9": ("streetAddress", "street"),
    "2.5.4.10": ("organizationName", "O"),
    "2.5.4.11": ("organizationalUnitName", "OU"),
    "2.5.4.12": ("title",),
    "2.5.4.13": ("description",),
    "2.5.4.15": ("businessCategory",),
    "2.5.4.16": ("postalAddress",),
    "2.5.4.17": ("postalCode",),
    "2.5.4.18": ("postOfficeBox",),
    "2.5.4.20": ("telephoneNumber",),
    "2.5.4.41": ("name",),
    "2.5.4.42": ("givenName", "GN"),
    "2.5.4.43": ("initials",),
    "2.5.4.44": ("generationQualifier",),
    "2.5.4.45": ("x500UniqueIdentifier",),
    "2.5.4.46": ("dnQualifier",),
    "2.5.4.65": ("pseudonym",),
    "2.5.4.72": ("role",),
    "2.5.4.97": ("organizationIdentifier",),
    "0.9.2342.19200300.100.1.1": ("userId", "UID"),
    "0.9.2342.19200300.100.1.3": ("rfc822Mailbox", "mail"),
    "0.9.2342.19200300.100.1.25": ("domainComponent", "DC"),
    "0.9.2342.19200300.100.1.44": ("uniqueIdentifier", "uid"),
    "1.2.840.113549.1.9.1": ("emailAddress",),
    "1.2.840.113549.1.9.2": ("unstructuredName",),
    "1.2.840.113549.1.9.8": ("unstructuredAddress",),
    "1.3.6.1.4.1.311.60.2.1.1": ("jurisdictionLocalityName", "jurisdictionL"),
    "1.3.6.1.4.1.311.60.2.1.2": ("jurisdictionStateOrProvinceName", "jurisdictionST"),
    "1.3.6.1.4.1.311.60.2.1.3": ("jurisdictionCountryName", "jurisdictionC"),
    "1.2.643.3.131.1.1": ("INN",),
    "1.2.643.100.1": ("OGRN",),
    "1.2.643.100.3": ("SNILS",),
    # Extended key usages (RFC 5280 and vendors)
    "2.5.29.37.0": ("Any Extended Key Usage", "anyExtendedKeyUsage"),
    "1.3.6.1.5.5.7.3.1": ("TLS Web Server Authentication", "serverAuth"),
    "1.3.6.1.5.5.7.3.2": ("TLS Web Client Authentication", "clientAuth"),
    "1.3.6.1.5.5.7.3.3": ("Code Signing", "codeSigning"),
    "1.3.6.1.5.5.7.3.4": ("E-mail Protection", "emailProtection"),
    "1.3.6.1.5.5.7.3.5": ("IPSec End System", "ipsecEndSystem"),
    "1.3.6.1.5.5.7.3.6": ("IPSec Tunnel", "ipsecTunnel"),
    "1.3.6.1.5.5.7.3.7": ("IPSec User", "ipsecUser"),
    "1.3.6.1.5.5.7.3.8": ("Time Stamping", "timeStamping"),
    "1.3.6.1.5.5.7.3.9": ("OCSP Signing", "OCSPSigning"),
    "1.3.6.1.5.5.7.3.10": ("dvcs", "DVCS"),
    "1.3.6.1.5.5.7.3.17": ("ipsec Internet Key Exchange", "ipsecIKE"),
    "1.3.6.1.5.5.7.3.18": ("Ctrl/provision WAP Access", "capwapAC"),
    "1.3.6.1.5.5.7.3.19": ("Ctrl/Provision WAP Termination", "capwapWTP"),
    "1.3.6.1.5.5.7.3.21": ("SSH Client", "secureShellClient"),
    "1.3.6.1.5.5.7.3.22": ("SSH Server", "secureShellServer"),
    "1.3.6.1.5.5.7.3.23": ("Send Router", "sendRouter"),
    "1.3.6.1.5.5.7.3.24": ("Send Proxied Router", "sendProxiedRouter"),
    "1.3.6.1.5.5.7.3.25": ("Send Owner", "sendOwner"),
    "1.3.6.1.5.5.7.3.26": ("Send Proxied Owner", "sendProxiedOwner"),
    "1.3.6.1.5.5.7.3.27": ("CMC Certificate Authority", "cmcCA"),
    "1.3.6.1.5.5.7.3.28": ("CMC Registration Authority", "cmcRA"),
    "1.3.6.1.5.2.3.4": ("PKINIT Client Auth", "pkInitClientAuth"),
    "1.3.6.1.5.2.3.5": ("Signing KDC Response", "pkInitKDC"),
    "1.3.6.1.4.1.311.2.1.21": ("Microsoft Individual Code Signing", "msCodeInd"),
    "1.3.6.1.4.1.311.2.1.22": ("Microsoft Commercial Code Signing", "msCodeCom"),
    "1.3.6.1.4.1.311.10.3.1": ("Microsoft Trust List Signing", "msCTLSign"),
    "1.3.6.1.4.1.311.10.3.3": ("Microsoft Server Gated Crypto", "msSGC"),
    "1.3.6.1.4.1.311.10.3.4": ("Microsoft Encrypted File System", "msEFS"),
    "1.3.6.1.4.1.311.20.2.2": ("Microsoft Smartcard Login", "msSmartcardLogin"),
    "1.3.6.1.4.1.11129.2.4.4": ("CT Precertificate Signer", "ct_precert_signer"),
    "2.16.840.1.113730.4.1": ("Netscape Server Gated Crypto", "nsSGC"),
}

# cryptography's KeyUsage attribute -> OpenSSL's label; openssl_csr_info sorts the labels.
_KEY_USAGE_LABELS = {
    "digital_signature": "Digital Signature",
    "content_commitment": "Non Repudiation",
    "key_encipherment": "Key Encipherment",
    "data_encipherment": "Data Encipherment",
    "key_agreement": "Key Agreement",
    "key_cert_sign": "Certificate Sign",
    "crl_sign": "CRL Sign",
    "encipher_only": "Encipher Only",
    "decipher_only": "Decipher Only",
}


def _oid_name(oid: x509.ObjectIdentifier, short: bool = False) -> str:
    names = _OID_NAMES.get(oid.dotted_string)
    if names is None:
        return oid.dotted_string
    return names[-1] if short else names[0]


def _text(value: str | bytes) -> str:
    # Bit-string attributes (x500UniqueIdentifier) come as bytes; Ansible's to_text decodes
    # them this way.
    return value if isinstance(value, str) else value.decode("utf-8", "surrogateescape")


def _hex(data: bytes) -> str:
    return ":".join(f"{byte:02x}" for byte in data)


def _uri(value: str) -> str:
    # openssl_csr_info rebuilds URIs with urlparse even when it leaves IDNs alone, which
    # lower-cases the host and drops an empty query or fragment; do the same.
    url = urlparse(value)
    host = url.hostname or None
    if url.username is not None:
        user = url.username if url.password is None else f"{url.username}:{url.password}"
        host = f"{user}@{host}"
    if url.port is not None:
        host = f"{host}:{url.port}"
    return urlunparse(url._replace(netloc=host or ""))


def _dn_escape(value: str) -> str:
    # RFC 4514 escaping, as openssl_csr_info applies it to dirName: values.
    value = value.replace("\\", "\\\\")
    for char in ',+<>;"':
        value = value.replace(char, f"\\{char}")
    value = value.replace("\0", "\\00")
    if value.startswith((" ", "#")):
        value = f"\\{value}"
    if value.endswith(" "):
        value = f"{value[:-1]}\\ "
    return value


def _general_name(name: x509.GeneralName) -> str:
    if isinstance(name, x509.DNSName):
        return f"DNS:{name.value}"
    if isinstance(name, x509.IPAddress):
        if isinstance(name.value, (ipaddress.IPv4Network, ipaddress.IPv6Network)):  # as in name constraints
            return f"IP:{name.value.network_address.compressed}/{name.value.prefixlen}"
        return f"IP:{name.value.compressed}"
    if isinstance(name, x509.RFC822Name):
        return f"email:{name.value}"
    if isinstance(name, x509.UniformResourceIdentifier):
        return f"URI:{_uri(name.value)}"
    if isinstance(name, x509.DirectoryName):
        # RFC 4514 writes the most specific attribute first.
        attributes = reversed(list(name.value))
        return "dirName:" + ",".join(f"{_oid_name(a.oid, short=True)}={_dn_escape(_text(a.value))}" for a in attributes)
    if isinstance(name, x509.RegisteredID):
        return f"RID:{name.value.dotted_string}"
    if isinstance(name, x509.OtherName):
        return f"otherName:{name.type_id.dotted_string};{_hex(name.value)}"
    raise CsrParseError(f"cannot decode the general name {name!r}")


def _key_usage(usage: x509.KeyUsage) -> list[str]:
    labels = []
    for attribute, label in _KEY_USAGE_LABELS.items():
        # cryptography refuses to read these two unless key_agreement is set.
        if attribute in ("encipher_only", "decipher_only") and not usage.key_agreement:
            continue
        if getattr(usage, attribute):
            labels.append(label)
    return sorted(labels)


def _basic_constraints(constraints: x509.BasicConstraints) -> list[str]:
    entries = [f"CA:{'TRUE' if constraints.ca else 'FALSE'}"]
    if constraints.path_length is not None:
        entries.append(f"pathlen:{constraints.path_length}")
    return sorted(entries)


def _public_key_info(key: Any) -> tuple[str, dict[str, Any]]:
    if isinstance(key, rsa.RSAPublicKey):
        numbers = key.public_numbers()
        return "RSA", {"size": key.key_size, "modulus": numbers.n, "exponent": numbers.e}
    if isinstance(key, dsa.DSAPublicKey):
        parameters = key.parameters().parameter_numbers()
        return "DSA", {
            "size": key.key_size,
            "p": parameters.p,
            "q": parameters.q,
            "g": parameters.g,
            "y": key.public_numbers().y,
        }
    if isinstance(key, ec.EllipticCurvePublicKey):
        # No "size" here: openssl_csr_info reports the curve's bit size as exponent_size.
        numbers = key.public_numbers()
        return "ECC", {"curve": key.curve.name, "x": numbers.x, "y": numbers.y, "exponent_size": key.curve.key_size}
    for key_class, key_type in key_types():
        if isinstance(key, key_class):
            return key_type, {}
    name = type(key).__name__
    if name in KEY_TYPES_BY_CLASS_NAME:
        return KEY_TYPES_BY_CLASS_NAME[name], {}
    # A key type that a newer cryptography knows and this table does not yet: its class name, not its repr.
    return f"unknown ({name})", {}


# Key types matched by class name: cryptography deprecates finite-field DH, and merely importing its class
# would print that warning on every run.
KEY_TYPES_BY_CLASS_NAME = {"DHPublicKey": "DH"}


# Key types of newer cryptography releases (ML-DSA and ML-KEM): (module, class, name). The names are those of
# FIPS 204 and FIPS 203 (ML-DSA-65, ML-KEM-768).
_NEWER_KEY_TYPES = (
    ("mldsa", "MLDSA44PublicKey", "ML-DSA-44"),
    ("mldsa", "MLDSA65PublicKey", "ML-DSA-65"),
    ("mldsa", "MLDSA87PublicKey", "ML-DSA-87"),
    ("mlkem", "MLKEM768PublicKey", "ML-KEM-768"),
    ("mlkem", "MLKEM1024PublicKey", "ML-KEM-1024"),
)


def key_types() -> list[tuple[type, str]]:
    """(public key class, public_key_type) for every key type that public_key_type names."""
    return [
        (rsa.RSAPublicKey, "RSA"),
        (dsa.DSAPublicKey, "DSA"),
        (ec.EllipticCurvePublicKey, "ECC"),
        (ed25519.Ed25519PublicKey, "Ed25519"),
        (ed448.Ed448PublicKey, "Ed448"),
        (x25519.X25519PublicKey, "X25519"),
        (x448.X448PublicKey, "X448"),
        *_newer_key_types(),
    ]


def _newer_key_types() -> list[tuple[type, str]]:
    """The key classes of _NEWER_KEY_TYPES that the installed cryptography has."""
    import importlib

    found = []
    for module_name, class_name, key_type in _NEWER_KEY_TYPES:
        try:
            module = importlib.import_module(f"cryptography.hazmat.primitives.asymmetric.{module_name}")
        except ImportError:
            continue
        key_class = getattr(module, class_name, None)
        if key_class is not None:
            found.append((key_class, key_type))
    return found


def _fingerprints(der: bytes) -> dict[str, str]:
    fingerprints = {}
    for algorithm in sorted(hashlib.algorithms_guaranteed):
        try:
            digest = hashlib.new(algorithm, der)
        except ValueError:  # an algorithm that FIPS mode disables
            continue
        # SHAKE has no fixed length; openssl_csr_info takes 32 bytes.
        raw = digest.digest(32) if algorithm.startswith("shake_") else digest.digest()
        fingerprints[algorithm] = _hex(raw)
    return fingerprints


def _describe(csr: x509.CertificateSigningRequest) -> dict[str, Any]:
    subject_ordered = [[_oid_name(attribute.oid), _text(attribute.value)] for attribute in csr.subject]
    info: dict[str, Any] = {
        "subject": dict(subject_ordered),  # a repeated attribute keeps its last value
        "subject_ordered": subject_ordered,
        "signature_valid": csr.is_signature_valid,
    }

    key = csr.public_key()
    spki = PublicFormat.SubjectPublicKeyInfo
    info["public_key"] = key.public_bytes(Encoding.PEM, spki).decode("ascii")
    info["public_key_type"], info["public_key_data"] = _public_key_info(key)
    info["public_key_fingerprints"] = _fingerprints(key.public_bytes(Encoding.DER, spki))

    extensions = csr.extensions
    for extension_class, field, show in (
        (x509.BasicConstraints, "basic_constraints", _basic_constraints),
        (x509.KeyUsage, "key_usage", _key_usage),
        (x509.ExtendedKeyUsage, "extended_key_usage", lambda usages: sorted(_oid_name(oid) for oid in usages)),
        (x509.SubjectAlternativeName, "subject_alt_name", lambda names: [_general_name(name) for name in names]),
    ):
        try:
            extension = extensions.get_extension_for_class(extension_class)
        except x509.ExtensionNotFound:
            info[field], info[f"{field}_critical"] = None, False
        else:
            info[field], info[f"{field}_critical"] = show(extension.value), extension.critical

    try:
        tls_feature = extensions.get_extension_for_class(x509.TLSFeature)
    except x509.ExtensionNotFound:
        info["ocsp_must_staple"], info["ocsp_must_staple_critical"] = None, False
    else:
        info["ocsp_must_staple"] = x509.TLSFeatureType.status_request in tls_feature.value
        info["ocsp_must_staple_critical"] = tls_feature.critical

    try:
        constraints = extensions.get_extension_for_class(x509.NameConstraints)
    except x509.ExtensionNotFound:
        info["name_constraints_permitted"], info["name_constraints_excluded"] = None, None
        info["name_constraints_critical"] = False
    else:
        # An extension with only one kind of subtree gives an empty list for the other, not null.
        subtrees = constraints.value
        info["name_constraints_permitted"] = [_general_name(name) for name in subtrees.permitted_subtrees or []]
        info["name_constraints_excluded"] = [_general_name(name) for name in subtrees.excluded_subtrees or []]
        info["name_constraints_critical"] = constraints.critical

    try:
        info["subject_key_identifier"] = _hex(
            extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
        )
    except x509.ExtensionNotFound:
        info["subject_key_identifier"] = None

    try:
        authority = extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
    except x509.ExtensionNotFound:
        authority = None
    key_id = authority.key_identifier if authority else None
    issuer = authority.authority_cert_issuer if authority else None
    info["authority_key_identifier"] = _hex(key_id) if key_id is not None else None
    info["authority_cert_issuer"] = [_general_name(name) for name in issuer] if issuer is not None else None
    info["authority_cert_serial_number"] = authority.authority_cert_serial_number if authority else None

    info["extensions_by_oid"] = {
        extension.oid.dotted_string: {
            "critical": extension.critical,
            "value": base64.b64encode(extension.value.public_bytes()).decode("ascii"),
        }
        for extension in extensions
    }
    return info


def parse_csr(pem: str | bytes) -> dict[str, Any]:
    """Return openssl_csr_info's view of a PEM CSR; raise CsrParseError when it cannot be read.

    A CSR whose signature does not verify is still described, with signature_valid false.
    """
    if not HAS_CRYPTOGRAPHY:
        raise RuntimeError(f"parsing a CSR needs the Python library cryptography: {CRYPTOGRAPHY_IMPORT_ERROR}")
    data = pem.encode("utf-8") if isinstance(pem, str) else pem
    try:
        csr = x509.load_pem_x509_csr(data)
    except ValueError as e:
        raise CsrParseError(
            "not a certificate signing request that can be read (a -----BEGIN CERTIFICATE REQUEST----- block "
            "holding a PKCS#10 request)"
        ) from e
    try:
        return _describe(csr)
    except CsrParseError:
        raise
    except (ValueError, UnsupportedAlgorithm, x509.DuplicateExtension, x509.UnsupportedGeneralNameType) as e:
        # cryptography decodes the key and the extensions lazily, so a malformed or
        # unsupported one only shows up here.
        raise CsrParseError(
            f"cannot read a part of the certificate signing request (its public key or an extension: {type(e).__name__})"
        ) from e
