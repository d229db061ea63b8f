# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Keys, CSRs, certificates and chains made on the spot, for the certificate checks and modules' tests."""

from __future__ import annotations

import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

NOW = datetime.datetime.now(datetime.timezone.utc)
DAY = datetime.timedelta(days=1)

_KEYS: dict[str, list] = {}


def new_key(kind: str = "ec"):
    if kind == "rsa":
        return rsa.generate_private_key(65537, 2048)
    if kind == "ed25519":
        return ed25519.Ed25519PrivateKey.generate()
    return ec.generate_private_key(ec.SECP256R1())


def _hash(key):
    return None if isinstance(key, ed25519.Ed25519PrivateKey) else hashes.SHA256()


def name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example Corp"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def make_csr(key, common_name: str = "Example Subordinate CA", alt_names: list | None = None):
    builder = x509.CertificateSigningRequestBuilder().subject_name(name(common_name))
    if alt_names:
        builder = builder.add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
    return builder.sign(key, _hash(key))


def make_certificate(
    subject_key,
    common_name: str,
    issuer_key=None,
    issuer: x509.Certificate | None = None,
    ca: bool = True,
    path_length: int | None = None,
    not_before: datetime.datetime | None = None,
    not_after: datetime.datetime | None = None,
    basic_constraints: bool = True,
    serial: int | None = None,
    subject: x509.Name | None = None,
    alt_names: list | None = None,
) -> x509.Certificate:
    """A certificate for subject_key (private or public), signed by issuer_key (self-signed without one)."""
    issuer_key = issuer_key or subject_key
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject or name(common_name))
        .issuer_name(issuer.subject if issuer is not None else name(common_name))
        .public_key(subject_key.public_key() if hasattr(subject_key, "public_key") else subject_key)
        .serial_number(serial or x509.random_serial_number())
        .not_valid_before(not_before or NOW - DAY)
        .not_valid_after(not_after or NOW + 365 * DAY)
    )
    if alt_names:
        builder = builder.add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
    if basic_constraints:
        builder = builder.add_extension(x509.BasicConstraints(ca=ca, path_length=path_length), critical=True)
    return builder.sign(issuer_key, _hash(issuer_key))


def pem(*items) -> str:
    """PEM text of certificates or CSRs, concatenated in the order given."""
    return "".join(item.public_bytes(serialization.Encoding.PEM).decode("ascii") for item in items)


def key_pem(key) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")


class Hierarchy:
    """root -> intermediate -> CA under test (whose key is `ca_key`), plus an end-entity key."""

    def __init__(self, kind: str = "ec") -> None:
        self.root_key = new_key(kind)
        self.root = make_certificate(self.root_key, "Example Root CA")
        self.intermediate_key = new_key(kind)
        self.intermediate = make_certificate(self.intermediate_key, "Example Intermediate CA", self.root_key, self.root)
        self.ca_key = new_key(kind)
        self.csr = make_csr(self.ca_key)
        self.ca = make_certificate(self.ca_key, "Example Subordinate CA", self.intermediate_key, self.intermediate)

    def sign(self, subject_key, common_name="Example Subordinate CA", **kwargs) -> x509.Certificate:
        return make_certificate(subject_key, common_name, self.intermediate_key, self.intermediate, **kwargs)
