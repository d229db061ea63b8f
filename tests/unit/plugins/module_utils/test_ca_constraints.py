# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The keyUsage and path length warnings for a CA certificate about to be imported (issue 19)."""

from __future__ import annotations

from cryptography import x509

from ansible_collections.privateca.aws.plugins.module_utils._ca_constraints import constraint_warnings
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import DAY
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import NOW
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import _hash
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import name
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import new_key

CA_USAGE = {"key_cert_sign": True, "crl_sign": True}


def ca_certificate(key, common_name, issuer_key=None, issuer=None, path_length=None, key_usage=None, usage=True):
    issuer_key = issuer_key or key
    builder = (
        x509.CertificateBuilder()
        .subject_name(name(common_name))
        .issuer_name(issuer.subject if issuer is not None else name(common_name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - DAY)
        .not_valid_after(NOW + 365 * DAY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=path_length), critical=True)
    )
    if usage:
        usages = dict.fromkeys(
            (
                "digital_signature",
                "content_commitment",
                "key_encipherment",
                "data_encipherment",
                "key_agreement",
                "key_cert_sign",
                "crl_sign",
                "encipher_only",
                "decipher_only",
            ),
            False,
        )
        usages.update(CA_USAGE if key_usage is None else key_usage)
        builder = builder.add_extension(x509.KeyUsage(**usages), critical=True)
    return builder.sign(issuer_key, _hash(issuer_key))


def chain_of(*path_lengths):
    """root (path_lengths[0]) -> ... -> the CA to import (path_lengths[-1]); returns (certificate, chain)."""
    keys = [new_key() for _length in path_lengths]
    certificates = []
    for index, path_length in enumerate(path_lengths):
        issuer = certificates[-1] if certificates else None
        issuer_key = keys[index - 1] if index else None
        certificates.append(ca_certificate(keys[index], f"CA {index}", issuer_key, issuer, path_length))
    return certificates[-1], list(reversed(certificates[:-1]))


def test_a_well_constrained_certificate_gets_no_warning():
    certificate, chain = chain_of(None, 1, 0)
    assert constraint_warnings(certificate, chain) == []


def test_a_root_with_key_usage_and_no_path_length_gets_no_warning():
    key = new_key()
    assert constraint_warnings(ca_certificate(key, "Root"), []) == []


def test_no_key_usage_is_named_with_how_to_ask_for_it():
    root_key, key = new_key(), new_key()
    root = ca_certificate(root_key, "Root")
    certificate = ca_certificate(key, "Sub", root_key, root, usage=False)
    (warning,) = constraint_warnings(certificate, [root])
    assert "no keyUsage" in warning and "RFC 5280" in warning
    assert "csr_extensions.key_usage" in warning


def test_key_usage_without_key_cert_sign_is_named():
    root_key, key = new_key(), new_key()
    root = ca_certificate(root_key, "Root")
    certificate = ca_certificate(key, "Sub", root_key, root, key_usage={"digital_signature": True})
    (warning,) = constraint_warnings(certificate, [root])
    assert "no keyCertSign" in warning


def test_no_path_length_under_a_limited_issuer_says_the_limit():
    certificate, chain = chain_of(1, None)  # the root allows one CA level below it
    (warning,) = constraint_warnings(certificate, chain)
    assert "no path length" in warning and "at most 0" in warning
    assert "SubordinateCACertificate_PathLen0/V1" in warning


def test_a_path_length_above_what_the_chain_leaves_is_named():
    certificate, chain = chain_of(None, 1, 3)  # the intermediate leaves 0 levels below the imported CA
    (warning,) = constraint_warnings(certificate, chain)
    assert "path length 3" in warning and "certificate 1 of certificate_chain" in warning and "at most 0" in warning


def test_the_tightest_limit_of_the_chain_counts():
    certificate, chain = chain_of(
        2, 5, None
    )  # the root's 2 leaves 0 below the imported CA, the intermediate's 5 leaves 4
    (warning,) = constraint_warnings(certificate, chain)
    assert "certificate 2 of certificate_chain 'CN=CA 0" in warning and "at most 0" in warning


def test_a_root_whose_limit_the_imported_ca_exceeds_forbids_it():
    certificate, chain = chain_of(1, None, 0)  # the root allows one CA below it: the intermediate, not this one
    (warning,) = constraint_warnings(certificate, chain)
    assert warning.startswith("Certificate 2 of certificate_chain") and "forbids the 2 CA certificate(s)" in warning


def test_a_chain_that_forbids_a_ca_at_this_depth_is_named():
    certificate, chain = chain_of(None, 0, 0)  # the intermediate (pathlen 0) may not have a CA below it
    warnings = constraint_warnings(certificate, chain)
    assert len(warnings) == 1
    assert "path length 0" in warnings[0] and "forbids" in warnings[0] and "ValidationException" in warnings[0]
