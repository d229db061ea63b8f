# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The local checks of certificates, chains and CSRs, with certificates made in the tests."""

from __future__ import annotations

import pytest

from ansible_collections.privateca.aws.plugins.module_utils import _certificate_checks as checks
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import DAY
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import NOW
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import Hierarchy
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import key_pem
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import make_certificate
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import make_csr
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import new_key
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import pem


@pytest.fixture(scope="module", params=["ec", "rsa", "ed25519"])
def tree(request):
    return Hierarchy(request.param)


def test_a_chain_of_three_passes(tree):
    key = new_key("ec")
    certificate = make_certificate(key, "Third level CA", tree.ca_key, tree.ca)
    chain = checks.check_ca_certificate(pem(certificate), pem(tree.ca, tree.intermediate, tree.root))[1]
    assert len(chain) == 3


def test_a_good_chain_of_two_passes(tree):
    certificate, chain = checks.check_ca_certificate(pem(tree.ca), pem(tree.intermediate, tree.root))
    assert checks.der(certificate) == checks.der(tree.ca)
    assert [checks.der(c) for c in chain] == [checks.der(tree.intermediate), checks.der(tree.root)]


def test_a_chain_of_one_root_passes(tree):
    key = new_key("ec")
    certificate = make_certificate(key, "Directly under the root", tree.root_key, tree.root)
    checks.check_ca_certificate(pem(certificate), pem(tree.root))


def test_a_chain_of_four_passes(tree):
    key = new_key("ec")
    middle = make_certificate(key, "Third level CA", tree.ca_key, tree.ca)
    leaf_key = new_key("ec")
    certificate = make_certificate(leaf_key, "Fourth level CA", key, middle)
    chain = checks.check_ca_certificate(pem(certificate), pem(middle, tree.ca, tree.intermediate, tree.root))[1]
    assert len(chain) == 4


def test_a_self_signed_root_without_chain_passes(tree):
    certificate, chain = checks.check_ca_certificate(pem(tree.root), None)
    assert chain == []
    assert checks.is_self_signed(certificate)


def test_a_subordinate_without_chain_is_refused_naming_its_issuer(tree):
    with pytest.raises(checks.CertificateCheckError, match=r"not self-signed.*Example Intermediate CA"):
        checks.check_ca_certificate(pem(tree.ca), "")


def test_a_chain_in_the_wrong_order_is_named_as_such(tree):
    with pytest.raises(checks.CertificateCheckError, match="out of order"):
        checks.check_ca_certificate(pem(tree.ca), pem(tree.root, tree.intermediate))


def test_a_chain_of_another_hierarchy_is_refused_naming_the_issuer():
    first, second = Hierarchy("ec"), Hierarchy("ec")
    with pytest.raises(checks.CertificateCheckError, match=r"is not signed by certificate 1.*not in the chain"):
        checks.check_ca_certificate(pem(first.ca), pem(second.intermediate, second.root))


def test_a_chain_that_stops_before_the_root_is_refused(tree):
    with pytest.raises(checks.CertificateCheckError, match="not a self-signed root"):
        checks.check_ca_certificate(pem(tree.ca), pem(tree.intermediate))


def test_an_expired_certificate_is_refused_with_its_dates(tree):
    expired = tree.sign(tree.ca_key, not_before=NOW - 30 * DAY, not_after=NOW - DAY)
    with pytest.raises(checks.CertificateCheckError, match=r"has expired: it ended \d{4}-\d\d-\d\d"):
        checks.check_ca_certificate(pem(expired), pem(tree.intermediate, tree.root))


def test_a_certificate_not_yet_valid_is_refused(tree):
    future = tree.sign(tree.ca_key, not_before=NOW + DAY, not_after=NOW + 30 * DAY)
    with pytest.raises(checks.CertificateCheckError, match="is not valid yet"):
        checks.check_ca_certificate(pem(future), pem(tree.intermediate, tree.root))


def test_an_expired_chain_certificate_is_refused():
    root_key = new_key("ec")
    root = make_certificate(root_key, "Old root", not_before=NOW - 30 * DAY, not_after=NOW - DAY)
    key = new_key("ec")
    certificate = make_certificate(key, "Sub", root_key, root)
    with pytest.raises(checks.CertificateCheckError, match=r"Certificate 1 of certificate_chain .*has expired"):
        checks.check_ca_certificate(pem(certificate), pem(root))


def test_an_end_entity_certificate_is_refused(tree):
    leaf = tree.sign(tree.ca_key, ca=False)
    with pytest.raises(checks.CertificateCheckError, match=r"not a CA certificate.*CA:TRUE"):
        checks.check_ca_certificate(pem(leaf), pem(tree.intermediate, tree.root))


def test_a_certificate_without_basic_constraints_is_refused(tree):
    bare = tree.sign(tree.ca_key, basic_constraints=False)
    with pytest.raises(checks.CertificateCheckError, match="no basicConstraints"):
        checks.check_ca_certificate(pem(bare), pem(tree.intermediate, tree.root))


def test_a_chain_certificate_that_is_not_a_ca_is_refused():
    root_key = new_key("ec")
    root = make_certificate(root_key, "Root without CA flag", ca=False)
    key = new_key("ec")
    certificate = make_certificate(key, "Sub", root_key, root)
    with pytest.raises(checks.CertificateCheckError, match=r"Certificate 1 of certificate_chain.*not a CA"):
        checks.check_ca_certificate(pem(certificate), pem(root))


def test_a_private_key_is_refused_without_being_echoed(tree):
    secret = key_pem(tree.ca_key)
    body = secret.splitlines()[1]
    with pytest.raises(checks.CertificateCheckError) as caught:
        checks.check_ca_certificate(pem(tree.ca) + secret, pem(tree.intermediate, tree.root))
    assert "PRIVATE KEY" in str(caught.value)
    assert body not in str(caught.value)
    with pytest.raises(checks.CertificateCheckError) as caught:
        checks.check_ca_certificate(pem(tree.ca), secret)
    assert body not in str(caught.value)
    with pytest.raises(checks.CertificateCheckError) as caught:
        checks.load_csr(secret, "csr")
    assert body not in str(caught.value)


@pytest.mark.parametrize(
    "text, words",
    [
        ("", "not PEM"),
        ("hello world", "not PEM"),
        (
            "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n",
            "not every one holds a certificate",
        ),
    ],
)
def test_garbage_is_refused(text, words):
    with pytest.raises(checks.CertificateCheckError, match=words):
        checks.load_certificate(text, "certificate")


def test_a_csr_given_as_certificate_is_refused(tree):
    with pytest.raises(checks.CertificateCheckError, match="CERTIFICATE REQUEST"):
        checks.load_certificate(pem(tree.csr), "certificate")


def test_two_certificates_where_one_belongs_are_refused(tree):
    with pytest.raises(checks.CertificateCheckError, match="holds 2 certificates"):
        checks.load_certificate(pem(tree.ca, tree.intermediate), "certificate")


def test_the_key_check_names_both_fingerprints(tree):
    checks.check_key_matches(tree.ca, tree.csr, "the CA")
    other_csr = make_csr(new_key("ec"))
    with pytest.raises(checks.CertificateCheckError) as caught:
        checks.check_key_matches(tree.ca, other_csr, "the CA")
    message = str(caught.value)
    assert checks.public_key_fingerprint(tree.ca.public_key()) in message
    assert checks.public_key_fingerprint(other_csr.public_key()) in message


def test_a_csr_is_read_and_garbage_csr_refused(tree):
    assert checks.same_public_key(checks.load_csr(pem(tree.csr), "csr").public_key(), tree.ca_key.public_key())
    with pytest.raises(checks.CertificateCheckError, match="not one PEM certificate signing request"):
        checks.load_csr(pem(tree.ca), "csr")
    with pytest.raises(
        checks.CertificateCheckError, match="what it holds is not a certificate signing request that can be read"
    ):
        checks.load_csr("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n", "csr")


def test_signed_by_tells_issuers_apart(tree):
    assert checks.signed_by(tree.ca, tree.intermediate)
    assert not checks.signed_by(tree.ca, tree.root)
    assert not checks.signed_by(tree.intermediate, tree.ca)


def test_serial_formats():
    key = new_key("ec")
    certificate = make_certificate(key, "Serial", serial=0x0102ABCDEF)
    assert checks.serial_hex(certificate) == "01:02:ab:cd:ef"
    assert checks.serial_for_arn(certificate) == "0" * 22 + "0102abcdef"


def test_certificate_info_has_the_community_crypto_names(tree):
    info = checks.certificate_info(tree.ca)
    assert info["subject"] == {"organizationName": "Example Corp", "commonName": "Example Subordinate CA"}
    assert info["issuer"]["commonName"] == "Example Intermediate CA"
    assert info["serial_number"] == tree.ca.serial_number
    # cryptography 42+ deprecates not_valid_after; 41 (the minimum-versions session) has only that one.
    not_after = getattr(tree.ca, "not_valid_after_utc", None) or tree.ca.not_valid_after
    assert info["not_after"] == not_after.strftime("%Y%m%d%H%M%SZ")
    assert info["basic_constraints"] == ["CA:TRUE"]
    assert len(info["fingerprints"]["sha256"]) == 95
    assert info["public_key_fingerprints"]["sha256"] == checks.public_key_fingerprint(tree.ca_key.public_key())


def test_summary_and_remaining(tree):
    assert checks.summary(None) == {}
    assert checks.summary(tree.ca)["subject"] == "CN=Example Subordinate CA,O=Example Corp"
    assert 364 * 86400 < checks.remaining_seconds(tree.ca) <= 365 * 86400
