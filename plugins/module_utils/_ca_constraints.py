# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Warnings about the constraints a CA certificate carries: keyUsage and path length against its chain.

Private to this collection: the names here may change without notice.

RFC 5280 4.2.1.3: "Conforming CAs MUST include this extension [keyUsage] in certificates that contain public
keys that are used to validate digital signatures on other public key certificates or CRLs", with keyCertSign
for certificates and cRLSign for CRLs. RFC 5280 4.2.1.9: pathLenConstraint "gives the maximum number of
non-self-issued intermediate certificates that may follow this certificate in a valid certification path".
AWS Private CA refuses an import that "would violate the path length constraint in the CA certificate or in
any CA certificate in the chain" (user guide, RFC compliance).
"""

from __future__ import annotations

try:
    from cryptography import x509
except ImportError:
    pass  # the module reports a missing cryptography itself

from ansible_collections.privateca.aws.plugins.module_utils._certificate_checks import describe

KEY_USAGE_ADVICE = (
    "Sign the CA's CSR with keyUsage keyCertSign and cRLSign, marked critical: ask for it in the CSR with "
    "csr_extensions.key_usage (key_cert_sign: true, crl_sign: true) of privateca.aws.acmpca_certificate_authority, "
    "and have the signer keep the CSR's extensions (or add them)"
)


def _key_usage(certificate: x509.Certificate) -> x509.KeyUsage | None:
    try:
        return certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return None


def _path_length(certificate: x509.Certificate) -> int | None:
    try:
        return certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.path_length
    except x509.ExtensionNotFound:
        return None


def _self_issued(certificate: x509.Certificate) -> bool:
    return certificate.issuer == certificate.subject


def constraint_warnings(certificate: x509.Certificate, chain: list[x509.Certificate]) -> list[str]:
    """What is wrong with the constraints of a CA certificate about to be imported, one sentence each.

    ``chain`` is the certificate's issuer first, root last (as the import takes it), already checked.
    """
    warnings = []
    key_usage = _key_usage(certificate)
    if key_usage is None:
        warnings.append(
            f"The certificate {describe(certificate)} has no keyUsage extension: RFC 5280 (4.2.1.3) requires "
            "keyUsage with keyCertSign in a CA certificate that signs certificates, and clients that enforce it "
            f"reject what this CA issues. {KEY_USAGE_ADVICE}."
        )
    elif not key_usage.key_cert_sign:
        warnings.append(
            f"The keyUsage of the certificate {describe(certificate)} has no keyCertSign, so clients refuse the "
            f"certificates this CA signs (RFC 5280 4.2.1.3). {KEY_USAGE_ADVICE}."
        )

    # For each CA of the chain: how many non-self-issued CA certificates follow it down to, and including,
    # the one imported; what its pathLenConstraint leaves for the levels below the imported certificate.
    own = _path_length(certificate)
    following = 0 if _self_issued(certificate) else 1
    tightest: tuple[int, int, x509.Certificate] | None = None  # (levels left below, chain position, issuer)
    for position, issuer in enumerate(chain):
        limit = _path_length(issuer)
        if limit is not None:
            if limit < following:
                warnings.append(
                    f"Certificate {position + 1} of certificate_chain {describe(issuer)} has path length {limit}, "
                    f"which forbids the {following} CA certificate(s) below it down to this one: AWS refuses such an "
                    "import (ValidationException) and clients reject the path. Have it signed by an issuer whose "
                    "path length allows another CA level."
                )
            elif tightest is None or limit - following < tightest[0]:
                tightest = (limit - following, position, issuer)
        if not _self_issued(issuer):
            following += 1
    if tightest is not None and (own is None or own > tightest[0]):
        left, position, issuer = tightest
        carried = "no path length (no limit)" if own is None else f"path length {own}"
        warnings.append(
            f"The certificate {describe(certificate)} carries {carried}, but certificate {position + 1} of "
            f"certificate_chain {describe(issuer)} allows at most {left} CA level(s) below it; the chain's limit "
            f"applies. Sign it with a path length of {left} at most (for example the template "
            f"SubordinateCACertificate_PathLen{left}/V1), so that it says what it may do."
        )
    return warnings
