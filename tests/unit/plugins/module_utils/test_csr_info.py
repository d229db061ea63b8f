# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""parse_csr must describe a CSR exactly as community.crypto.openssl_csr_info does."""

import base64
import datetime
import hashlib
import importlib.util
import ipaddress
import sys
from functools import cache

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import dsa
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric import ed448
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID
from cryptography.x509.oid import NameOID

from ansible_collections.community.crypto.plugins.module_utils._crypto.cryptography_support import (
    cryptography_oid_to_name,
)
from ansible_collections.community.crypto.plugins.module_utils._crypto.module_backends.csr_info import get_csr_info

from ansible_collections.privateca.aws.plugins.module_utils import _csr_info
from ansible_collections.privateca.aws.plugins.module_utils._csr_info import CsrParseError
from ansible_collections.privateca.aws.plugins.module_utils._csr_info import parse_csr

KEYS = (
    "subject",
    "subject_ordered",
    "signature_valid",
    "public_key",
    "public_key_type",
    "public_key_data",
    "public_key_fingerprints",
    "basic_constraints",
    "basic_constraints_critical",
    "key_usage",
    "key_usage_critical",
    "extended_key_usage",
    "extended_key_usage_critical",
    "subject_alt_name",
    "subject_alt_name_critical",
    "extensions_by_oid",
    "ocsp_must_staple",
    "ocsp_must_staple_critical",
    "name_constraints_permitted",
    "name_constraints_excluded",
    "name_constraints_critical",
    "subject_key_identifier",
    "authority_key_identifier",
    "authority_cert_issuer",
    "authority_cert_serial_number",
)
UNKNOWN_OID = "1.3.6.1.4.1.55555.1.2"
UNKNOWN_DER = b"\x0c\x05hello"  # a UTF8String, as an unknown extension's value


@cache
def private_key(kind: str):
    generators = {
        "rsa2048": lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048),
        "rsa4096": lambda: rsa.generate_private_key(public_exponent=65537, key_size=4096),
        "p256": lambda: ec.generate_private_key(ec.SECP256R1()),
        "p384": lambda: ec.generate_private_key(ec.SECP384R1()),
        "dsa2048": lambda: dsa.generate_private_key(key_size=2048),
        "ed25519": ed25519.Ed25519PrivateKey.generate,
        "ed448": ed448.Ed448PrivateKey.generate,
    }
    return generators[kind]()


KEY_KINDS = ("rsa2048", "rsa4096", "p256", "p384", "dsa2048", "ed25519", "ed448")


def key_usage(**flags) -> x509.KeyUsage:
    names = (
        "digital_signature",
        "content_commitment",
        "key_encipherment",
        "data_encipherment",
        "key_agreement",
        "key_cert_sign",
        "crl_sign",
        "encipher_only",
        "decipher_only",
    )
    return x509.KeyUsage(**{name: flags.get(name, False) for name in names})


SUBJECT = x509.Name(
    [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "DE"),
        x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, "Berlin"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example GmbH"),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "PKI"),
        x509.NameAttribute(NameOID.DOMAIN_COMPONENT, "example"),
        x509.NameAttribute(NameOID.DOMAIN_COMPONENT, "com"),  # repeated: subject keeps the last
        x509.NameAttribute(NameOID.SERIAL_NUMBER, "42"),
        x509.NameAttribute(x509.ObjectIdentifier("1.3.6.1.4.1.55555.7"), "custom"),  # no name for this OID
        x509.NameAttribute(NameOID.X500_UNIQUE_IDENTIFIER, b"\x01\xff", x509.name._ASN1Type.BitString),
        x509.NameAttribute(NameOID.EMAIL_ADDRESS, "pki@example.com"),
        x509.NameAttribute(NameOID.COMMON_NAME, "Example Issuing CA ü"),
    ]
)

SAN = [
    x509.DNSName("ca.example.com"),
    x509.DNSName("*.xn--bcher-kva.example"),
    x509.IPAddress(ipaddress.ip_address("192.0.2.7")),
    x509.IPAddress(ipaddress.ip_address("2001:db8::1")),
    x509.RFC822Name("pki@example.com"),
    x509.UniformResourceIdentifier("HTTPS://User:Pw@Example.COM:8443/a?"),
    x509.DirectoryName(
        x509.Name(
            [x509.NameAttribute(NameOID.COUNTRY_NAME, "DE"), x509.NameAttribute(NameOID.COMMON_NAME, " a,b+c\\ ")]
        )
    ),
    x509.RegisteredID(x509.ObjectIdentifier("1.2.3.4")),
    x509.OtherName(x509.ObjectIdentifier("1.3.6.1.4.1.311.20.2.3"), b"\x0c\x03a@b"),
]

EXTENSIONS = [
    (x509.BasicConstraints(ca=True, path_length=0), True),
    (key_usage(digital_signature=True, key_cert_sign=True, crl_sign=True), True),
    (x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]), False),
    (x509.SubjectAlternativeName(SAN), False),
    (x509.UnrecognizedExtension(x509.ObjectIdentifier(UNKNOWN_OID), UNKNOWN_DER), False),
]


# What the nine keys besides the basic ones describe: key identifiers, the issuer and serial of the
# authority's certificate, name constraints both ways, OCSP must-staple, and certificate policies.
AUTHORITY_ISSUER = [
    x509.DirectoryName(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Example Root CA")])),
    x509.UniformResourceIdentifier("http://pki.example.com/root.crt"),
]
MORE_EXTENSIONS = [
    (x509.SubjectKeyIdentifier(bytes(range(20))), False),
    (x509.AuthorityKeyIdentifier(b"\xaa\xbb\xcc\xdd", AUTHORITY_ISSUER, 0x1234567890ABCDEF), False),
    (
        x509.NameConstraints(
            permitted_subtrees=[
                x509.DNSName(".example.com"),
                x509.IPAddress(ipaddress.ip_network("10.0.0.0/8")),
                x509.IPAddress(ipaddress.ip_network("2001:db8::/32")),
                x509.RFC822Name("example.com"),
                x509.DirectoryName(x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example GmbH")])),
            ],
            excluded_subtrees=[x509.DNSName("forbidden.example.com"), x509.UniformResourceIdentifier(".bad.example")],
        ),
        True,
    ),
    (x509.TLSFeature([x509.TLSFeatureType.status_request]), False),
    (
        x509.CertificatePolicies(
            [
                x509.PolicyInformation(x509.ObjectIdentifier("2.23.140.1.2.2"), ["https://pki.example.com/cps"]),
                x509.PolicyInformation(
                    x509.ObjectIdentifier("1.3.6.1.4.1.55555.9"),
                    [x509.UserNotice(x509.NoticeReference("Example", [1, 2]), "Explicit text ü")],
                ),
            ]
        ),
        False,
    ),
]
# Each of these alone, as the other ways a CSR can carry them.
EXTENSION_VARIANTS = {
    "only_permitted": (
        x509.NameConstraints(permitted_subtrees=[x509.DNSName("example.org")], excluded_subtrees=None),
        False,
    ),
    "only_excluded": (
        x509.NameConstraints(permitted_subtrees=None, excluded_subtrees=[x509.DNSName("example.net")]),
        True,
    ),
    "aki_key_id_only": (x509.AuthorityKeyIdentifier(b"\x01\x02", None, None), False),
    "aki_issuer_only": (x509.AuthorityKeyIdentifier(None, AUTHORITY_ISSUER[:1], 7), False),
    "tls_feature_without_status_request": (x509.TLSFeature([x509.TLSFeatureType.status_request_v2]), True),
    "tls_feature_critical": (x509.TLSFeature([x509.TLSFeatureType.status_request]), True),
}
# Multi-valued RDNs, UTF-8 outside Latin-1, an OID no name is known for, and a repeated attribute.
UNUSUAL_SUBJECT = x509.Name(
    [
        x509.RelativeDistinguishedName(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "例え株式会社"),
            ]
        ),
        x509.RelativeDistinguishedName(
            [
                x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "Ελληνικά"),
                x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "second OU"),
            ]
        ),
        x509.RelativeDistinguishedName([x509.NameAttribute(x509.ObjectIdentifier("1.2.3.4.5.6.7"), "custom 🙂")]),
        x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.COMMON_NAME, 'Ca, "quoted" + plus')]),
    ]
)


def make_csr(kind: str, extensions=(), subject: x509.Name = SUBJECT) -> str:
    builder = x509.CertificateSigningRequestBuilder().subject_name(subject)
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical=critical)
    key = private_key(kind)
    algorithm = None if kind.startswith("ed") else hashes.SHA256()
    return builder.sign(key, algorithm).public_bytes(serialization.Encoding.PEM).decode("ascii")


class _StubModule:
    """What community.crypto's backend reads from an AnsibleModule (name_encoding defaults to ignore)."""

    def __init__(self):
        self.params = {"name_encoding": "ignore"}

    def fail_json(self, **kwargs):
        raise AssertionError(f"community.crypto failed: {kwargs.get('msg')}")


# community.crypto 3.3.0 took OpenSSL 3's names for these OIDs (its pull request 1057); the module gives the
# new name, and the tests run with community.crypto releases from before and after it.
RENAMED_IN_COMMUNITY_CRYPTO_3_3 = {"Microsoft Smartcardlogin": "Microsoft Smartcard Login"}


def current_name(name: str) -> str:
    return RENAMED_IN_COMMUNITY_CRYPTO_3_3.get(name, name)


def reference(pem: str) -> dict:
    info = get_csr_info(module=_StubModule(), content=pem.encode("ascii"), validate_signature=False)
    if info["extended_key_usage"]:  # openssl_csr_info sorts the names
        info["extended_key_usage"] = sorted(current_name(name) for name in info["extended_key_usage"])
    return info


def typed(value):
    """The value with every leaf tagged by its type, so that 1 != True and a tuple != a list."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [typed(item) for item in value])
    return (type(value).__name__, value)


def assert_same_as_openssl_csr_info(pem: str) -> dict:
    ours = parse_csr(pem)
    theirs = reference(pem)
    assert sorted(ours) == sorted(KEYS)
    differences = {key: (ours[key], theirs[key]) for key in KEYS if typed(ours[key]) != typed(theirs[key])}
    assert differences == {}
    return ours


@pytest.mark.parametrize("kind", KEY_KINDS)
@pytest.mark.parametrize("with_extensions", [False, True], ids=["bare", "extensions"])
def test_matches_openssl_csr_info(kind, with_extensions):
    pem = make_csr(kind, EXTENSIONS if with_extensions else ())
    assert_same_as_openssl_csr_info(pem)


@pytest.mark.parametrize("kind", ("rsa2048", "p384", "ed25519"))
def test_matches_openssl_csr_info_with_every_extension_its_keys_describe(kind):
    info = assert_same_as_openssl_csr_info(make_csr(kind, EXTENSIONS + MORE_EXTENSIONS))
    # Not nulls compared with nulls: every one of the nine keys has a value here.
    assert all(info[key] is not None for key in KEYS)


@pytest.mark.parametrize("variant", sorted(EXTENSION_VARIANTS))
def test_matches_openssl_csr_info_for_each_variant(variant):
    assert_same_as_openssl_csr_info(make_csr("p256", [EXTENSION_VARIANTS[variant]]))


@pytest.mark.parametrize("kind", ("rsa2048", "p256", "ed25519"))
def test_matches_openssl_csr_info_with_an_unusual_subject(kind):
    info = assert_same_as_openssl_csr_info(make_csr(kind, MORE_EXTENSIONS, subject=UNUSUAL_SUBJECT))
    assert ["organizationName", "例え株式会社"] in info["subject_ordered"]
    assert ["1.2.3.4.5.6.7", "custom 🙂"] in info["subject_ordered"]


def test_keys_are_all_that_openssl_csr_info_returns():
    pem = make_csr("p256", EXTENSIONS + MORE_EXTENSIONS)
    assert sorted(parse_csr(pem)) == sorted(reference(pem))


def test_values_of_the_nine_keys():
    info = parse_csr(make_csr("p256", MORE_EXTENSIONS))
    assert info["subject_key_identifier"] == ":".join(f"{i:02x}" for i in range(20))
    assert info["authority_key_identifier"] == "aa:bb:cc:dd"
    assert info["authority_cert_issuer"] == ["dirName:CN=Example Root CA", "URI:http://pki.example.com/root.crt"]
    assert info["authority_cert_serial_number"] == 0x1234567890ABCDEF
    assert info["name_constraints_permitted"] == [
        "DNS:.example.com",
        "IP:10.0.0.0/8",
        "IP:2001:db8::/32",
        "email:example.com",
        "dirName:O=Example GmbH",
    ]
    assert info["name_constraints_excluded"] == ["DNS:forbidden.example.com", "URI:.bad.example"]
    assert info["name_constraints_critical"] is True
    assert info["ocsp_must_staple"] is True
    assert info["ocsp_must_staple_critical"] is False


def test_values_with_extensions():
    info = parse_csr(make_csr("p256", EXTENSIONS))
    assert info["basic_constraints"] == ["CA:TRUE", "pathlen:0"]
    assert info["basic_constraints_critical"] is True
    assert info["key_usage"] == ["CRL Sign", "Certificate Sign", "Digital Signature"]
    assert info["key_usage_critical"] is True
    assert info["extended_key_usage"] == ["TLS Web Client Authentication", "TLS Web Server Authentication"]
    assert info["extended_key_usage_critical"] is False
    assert info["subject_alt_name"] == [
        "DNS:ca.example.com",
        "DNS:*.xn--bcher-kva.example",
        "IP:192.0.2.7",
        "IP:2001:db8::1",
        "email:pki@example.com",
        "URI:https://User:Pw@example.com:8443/a",
        "dirName:CN=\\ a\\,b\\+c\\\\\\ ,C=DE",
        "RID:1.2.3.4",
        "otherName:1.3.6.1.4.1.311.20.2.3;0c:03:61:40:62",
    ]
    assert info["extensions_by_oid"][UNKNOWN_OID] == {
        "critical": False,
        "value": base64.b64encode(UNKNOWN_DER).decode("ascii"),
    }
    assert info["extensions_by_oid"]["2.5.29.19"] == {"critical": True, "value": "MAYBAf8CAQA="}
    assert sorted(info["extensions_by_oid"]) == sorted(
        [UNKNOWN_OID, "2.5.29.15", "2.5.29.17", "2.5.29.19", "2.5.29.37"]
    )


def test_values_without_extensions():
    info = parse_csr(make_csr("rsa2048"))
    for field in ("basic_constraints", "key_usage", "extended_key_usage", "subject_alt_name", "ocsp_must_staple"):
        assert info[field] is None
        assert info[f"{field}_critical"] is False
    for field in (
        "name_constraints_permitted",
        "name_constraints_excluded",
        "subject_key_identifier",
        "authority_key_identifier",
        "authority_cert_issuer",
        "authority_cert_serial_number",
    ):
        assert info[field] is None
    assert info["name_constraints_critical"] is False
    assert info["extensions_by_oid"] == {}
    assert info["signature_valid"] is True


def test_subject():
    info = parse_csr(make_csr("p256"))
    assert info["subject_ordered"][:3] == [
        ["countryName", "DE"],
        ["stateOrProvinceName", "Berlin"],
        ["organizationName", "Example GmbH"],
    ]
    assert info["subject_ordered"][4:6] == [["domainComponent", "example"], ["domainComponent", "com"]]
    assert info["subject"]["domainComponent"] == "com"
    assert info["subject"]["1.3.6.1.4.1.55555.7"] == "custom"
    assert info["subject"]["commonName"] == "Example Issuing CA ü"
    assert info["subject"]["emailAddress"] == "pki@example.com"


@pytest.mark.parametrize(
    ("kind", "key_type", "data_keys", "size"),
    [
        ("rsa2048", "RSA", {"size", "modulus", "exponent"}, 2048),
        ("rsa4096", "RSA", {"size", "modulus", "exponent"}, 4096),
        ("p256", "ECC", {"curve", "x", "y", "exponent_size"}, None),
        ("p384", "ECC", {"curve", "x", "y", "exponent_size"}, None),
        ("dsa2048", "DSA", {"size", "p", "q", "g", "y"}, 2048),
        ("ed25519", "Ed25519", set(), None),
        ("ed448", "Ed448", set(), None),
    ],
)
def test_public_key(kind, key_type, data_keys, size):
    info = parse_csr(make_csr(kind))
    public_key = private_key(kind).public_key()
    assert info["public_key_type"] == key_type
    assert set(info["public_key_data"]) == data_keys
    assert info["public_key_data"].get("size") == size
    if key_type == "RSA":
        assert info["public_key_data"]["modulus"] == public_key.public_numbers().n
        assert info["public_key_data"]["exponent"] == 65537
    if key_type == "ECC":
        assert info["public_key_data"]["curve"] == public_key.curve.name
        assert info["public_key_data"]["exponent_size"] == public_key.curve.key_size
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    assert info["public_key"] == public_key.public_bytes(serialization.Encoding.PEM, spki).decode("ascii")
    der = public_key.public_bytes(serialization.Encoding.DER, spki)
    sha256 = hashlib.sha256(der).hexdigest()
    assert info["public_key_fingerprints"]["sha256"] == ":".join(sha256[i : i + 2] for i in range(0, 64, 2))
    assert sorted(info["public_key_fingerprints"]) == sorted(hashlib.algorithms_guaranteed)
    assert len(info["public_key_fingerprints"]["shake_256"]) == 32 * 3 - 1


@pytest.mark.parametrize(
    ("usage", "critical", "expected"),
    [
        (key_usage(key_cert_sign=True, crl_sign=True), True, ["CRL Sign", "Certificate Sign"]),
        (key_usage(content_commitment=True, key_encipherment=True), False, ["Key Encipherment", "Non Repudiation"]),
        (key_usage(data_encipherment=True), False, ["Data Encipherment"]),
        (key_usage(key_agreement=True), False, ["Key Agreement"]),
        (key_usage(key_agreement=True, encipher_only=True), True, ["Encipher Only", "Key Agreement"]),
        (key_usage(key_agreement=True, decipher_only=True), False, ["Decipher Only", "Key Agreement"]),
        (key_usage(), False, []),
    ],
)
def test_key_usage(usage, critical, expected):
    pem = make_csr("p256", [(usage, critical)])
    info = assert_same_as_openssl_csr_info(pem)
    assert info["key_usage"] == expected
    assert info["key_usage_critical"] is critical


@pytest.mark.parametrize(
    ("constraints", "expected"),
    [
        (x509.BasicConstraints(ca=True, path_length=None), ["CA:TRUE"]),
        (x509.BasicConstraints(ca=True, path_length=3), ["CA:TRUE", "pathlen:3"]),
        (x509.BasicConstraints(ca=False, path_length=None), ["CA:FALSE"]),
    ],
)
def test_basic_constraints(constraints, expected):
    info = assert_same_as_openssl_csr_info(make_csr("p256", [(constraints, False)]))
    assert info["basic_constraints"] == expected
    assert info["basic_constraints_critical"] is False


def test_every_extended_key_usage():
    usages = [value for name, value in vars(ExtendedKeyUsageOID).items() if not name.startswith("_")]
    usages.append(x509.ObjectIdentifier("1.3.6.1.4.1.55555.3"))
    info = assert_same_as_openssl_csr_info(make_csr("p256", [(x509.ExtendedKeyUsage(usages), True)]))
    assert "TLS Web Server Authentication" in info["extended_key_usage"]
    assert "1.3.6.1.4.1.55555.3" in info["extended_key_usage"]
    assert info["extended_key_usage"] == sorted(info["extended_key_usage"])
    assert info["extended_key_usage_critical"] is True


OIDS = sorted(
    {x509.ObjectIdentifier(dotted) for dotted in _csr_info._OID_NAMES}
    | {value for name, value in vars(NameOID).items() if not name.startswith("_")}
    | {value for name, value in vars(ExtendedKeyUsageOID).items() if not name.startswith("_")}
    | {x509.ObjectIdentifier("1.3.6.1.4.1.55555.9")},
    key=lambda oid: oid.dotted_string,
)


@pytest.mark.parametrize("oid", OIDS, ids=lambda oid: oid.dotted_string)
def test_oid_names(oid):
    assert _csr_info._oid_name(oid) == current_name(cryptography_oid_to_name(oid))
    assert _csr_info._oid_name(oid, short=True) == cryptography_oid_to_name(oid, short=True)


@pytest.mark.parametrize("kind", ["rsa2048", "p256", "ed25519"])
def test_tampered_subject(kind):
    pem = make_csr(kind, EXTENSIONS)
    der = x509.load_pem_x509_csr(pem.encode()).public_bytes(serialization.Encoding.DER)
    assert der.count(b"Berlin") == 1
    tampered = x509.load_der_x509_csr(der.replace(b"Berlin", b"Bremen")).public_bytes(serialization.Encoding.PEM)
    info = assert_same_as_openssl_csr_info(tampered.decode("ascii"))
    assert info["signature_valid"] is False
    assert info["subject"]["stateOrProvinceName"] == "Bremen"


def test_tampered_signature():
    der = x509.load_pem_x509_csr(make_csr("rsa2048").encode()).public_bytes(serialization.Encoding.DER)
    tampered = der[:-1] + bytes([der[-1] ^ 0x01])
    info = parse_csr(x509.load_der_x509_csr(tampered).public_bytes(serialization.Encoding.PEM).decode("ascii"))
    assert info["signature_valid"] is False


def test_accepts_bytes():
    pem = make_csr("p256", EXTENSIONS)
    assert parse_csr(pem.encode("ascii")) == parse_csr(pem)


def _certificate_pem() -> str:
    key = private_key("p256")
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "not a CSR")])
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(datetime.datetime(2024, 1, 1))
        .not_valid_after(datetime.datetime(2034, 1, 1))
    )
    return builder.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM).decode("ascii")


def _truncated_csr() -> str:
    lines = make_csr("p256").splitlines()
    return "\n".join(lines[:3] + lines[-1:])


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "-----BEGIN CERTIFICATE REQUEST-----\nnot base64!\n-----END CERTIFICATE REQUEST-----\n",
        pytest.param(_truncated_csr(), id="truncated"),
        pytest.param(_certificate_pem(), id="certificate"),
    ],
)
def test_garbage(text):
    with pytest.raises(CsrParseError, match="not a certificate signing request that can be read") as raised:
        parse_csr(text)
    assert isinstance(raised.value, ValueError)
    assert raised.value.__cause__ is not None


def test_malformed_extension():
    # Structurally a CSR, but its basic constraints value is not DER: cryptography only
    # notices when the extensions are read.
    broken = x509.UnrecognizedExtension(x509.oid.ExtensionOID.BASIC_CONSTRAINTS, b"\x00garbage")
    pem = make_csr("p256", [(broken, False)])
    with pytest.raises(CsrParseError, match="cannot read a part of the certificate signing request"):
        parse_csr(pem)


def test_cryptography_available():
    assert _csr_info.HAS_CRYPTOGRAPHY is True
    assert _csr_info.CRYPTOGRAPHY_IMPORT_ERROR is None


def test_the_public_serialization_module_serves_when_the_private_one_is_gone(monkeypatch):
    # _csr_info takes Encoding and PublicFormat from cryptography's _serialization, which spares the import of
    # the SSH key code; a cryptography without that module must still give the same description.
    pem = make_csr("p256")
    monkeypatch.setitem(sys.modules, "cryptography.hazmat.primitives._serialization", None)
    spec = importlib.util.spec_from_file_location("_csr_info_public_serialization", _csr_info.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    assert module.Encoding is serialization.Encoding
    assert module.parse_csr(pem) == parse_csr(pem)


def test_without_cryptography(monkeypatch):
    pem = make_csr("p256")
    # A None entry in sys.modules makes every import of that name fail.
    for name in [name for name in sys.modules if name == "cryptography" or name.startswith("cryptography.")]:
        monkeypatch.setitem(sys.modules, name, None)
    spec = importlib.util.spec_from_file_location("_csr_info_without_cryptography", _csr_info.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    assert module.HAS_CRYPTOGRAPHY is False
    assert "cryptography" in module.CRYPTOGRAPHY_IMPORT_ERROR
    with pytest.raises(RuntimeError, match="needs the Python library cryptography"):
        module.parse_csr(pem)
