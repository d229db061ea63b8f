# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Messages in the user's terms: the library's detail goes to the traceback (-vvv), key types have names."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import asymmetric
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.x509.oid import NameOID

from ansible_collections.privateca.aws.plugins.module_utils import _certificate_checks as checks
from ansible_collections.privateca.aws.plugins.module_utils import _csr_info
from ansible_collections.privateca.aws.plugins.modules import acmpca_certificate as module

CA_ARN = "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012"


def _csr(key, algorithm=None) -> str:
    from cryptography.hazmat.primitives import serialization

    builder = x509.CertificateSigningRequestBuilder().subject_name(
        x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "web.example.internal")])
    )
    return builder.sign(key, algorithm).public_bytes(serialization.Encoding.PEM).decode()


def _damaged(pem: str) -> str:
    lines = pem.splitlines()
    # A body that is valid base64 but not DER: the kind of damage that gives "ParseError { kind: ... }".
    return (
        "\n".join([lines[0], "MIIBAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", lines[-1]]) + "\n"
    )


def test_a_malformed_csr_is_described_in_user_terms_with_the_detail_for_vvv(run_module):
    pem = _damaged(_csr(ec.generate_private_key(ec.SECP256R1()), hashes.SHA256()))
    with pytest.raises(ValueError) as raw:  # what the library says, which the message must not repeat
        x509.load_pem_x509_csr(pem.encode())
    args = {"certificate_authority_arn": CA_ARN, "csr": pem, "validity": {"value": 30, "type": "DAYS"}}
    result = run_module(module.main, args)
    assert result["failed"] is True
    assert "csr has a -----BEGIN CERTIFICATE REQUEST----- block, but what it holds is not" in result["msg"]
    assert "-vvv" in result["msg"]
    for internal in ("ParseError", "asn1", "UnexpectedTag", str(raw.value)):
        assert internal not in result["msg"]
    assert "detail" not in result
    verbose = run_module(module.main, dict(args, _ansible_verbosity=3))
    assert verbose["msg"] == result["msg"]
    assert verbose["detail"] == f"ValueError: {raw.value}"


def test_a_damaged_certificate_is_described_in_user_terms():
    pem = _damaged("-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----")
    with pytest.raises(checks.CertificateCheckError) as error:
        checks.load_certificates(pem, "certificate")
    assert "certificate has -----BEGIN CERTIFICATE----- blocks, but not every one" in str(error.value)
    assert "ParseError" not in str(error.value) and "asn1" not in str(error.value)
    assert "ParseError" in repr(error.value.__cause__) or "asn1" in str(error.value.__cause__).lower()


def test_parse_csr_keeps_the_library_detail_out_of_its_message():
    with pytest.raises(_csr_info.CsrParseError) as error:
        _csr_info.parse_csr(_damaged(_csr(ed25519.Ed25519PrivateKey.generate())))
    assert "ParseError" not in str(error.value) and "asn1" not in str(error.value)
    assert error.value.__cause__ is not None


def test_ml_dsa_keys_are_named():
    mldsa = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.mldsa")
    if not hasattr(mldsa, "MLDSA65PrivateKey"):
        pytest.skip("this cryptography has no ML-DSA")
    for size in (44, 65, 87):
        key = getattr(mldsa, f"MLDSA{size}PrivateKey").generate()
        assert _csr_info._public_key_info(key.public_key())[0] == f"ML-DSA-{size}"
        info = _csr_info.parse_csr(_csr(key))
        assert info["public_key_type"] == f"ML-DSA-{size}"


def _public_key_classes() -> set[type]:
    """Every public key class of cryptography's asymmetric package, in the installed version."""
    classes = set()
    for found in pkgutil.iter_modules(asymmetric.__path__):
        members = inspect.getmembers(importlib.import_module(f"{asymmetric.__name__}.{found.name}"), inspect.isclass)
        classes.update(cls for name, cls in members if name.endswith("PublicKey") and cls.__module__.startswith("cry"))
    return classes


@pytest.mark.filterwarnings("ignore::cryptography.utils.CryptographyDeprecationWarning")
def test_every_public_key_type_cryptography_knows_is_named():
    named = {key_class for key_class, _name in _csr_info.key_types()}
    unnamed = {cls for cls in _public_key_classes() - named if cls.__name__ not in _csr_info.KEY_TYPES_BY_CLASS_NAME}
    assert unnamed == set()
    assert len({name for _key_class, name in _csr_info.key_types()}) == len(_csr_info.key_types())


def test_an_unknown_key_type_names_its_class_only():
    class FuturePublicKey:
        pass

    assert _csr_info._public_key_info(FuturePublicKey()) == ("unknown (FuturePublicKey)", {})
