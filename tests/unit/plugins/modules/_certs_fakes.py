# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A fake ACM PCA client holding one CA, for the certificate modules' main() tests.

It keeps the API's rules that the modules' decisions depend on: no certificate before the import
(InvalidStateException), RequestInProgressException right after an issue, idempotency tokens, and
RequestAlreadyProcessedException for a second revocation.
"""

from __future__ import annotations

from botocore.exceptions import ClientError
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from ansible_collections.privateca.aws.plugins.module_utils import _module
from ansible_collections.privateca.aws.plugins.module_utils._aws.client import AwsApi
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import client_error as _client_error
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import install_clients
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import Hierarchy
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import make_certificate
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import pem

CA_ARN = "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012"


def client_error(code: str, operation: str) -> ClientError:
    return _client_error(code, operation, f"fake {code}")


class FakeAcmPca:
    """A SUBORDINATE CA signed by tree.intermediate; its key is tree.ca_key."""

    def __init__(self, tree: Hierarchy | None = None, status: str = "PENDING_CERTIFICATE", ca_type="SUBORDINATE"):
        self.tree = tree or Hierarchy("ec")
        self.status = status
        self.type = ca_type
        self.certificate: str | None = None
        self.chain: str | None = None
        self.calls: list[tuple[str, dict]] = []
        self.issued: dict[str, x509.Certificate] = {}
        self.tokens: dict[str, str] = {}
        self.revoked: set[int] = set()
        self.polls: dict[str, int] = {}
        self.in_progress_polls = 1  # GetCertificate answers RequestInProgress this many times per certificate

    def activate(self) -> None:
        self.certificate, self.chain = pem(self.tree.ca), pem(self.tree.intermediate, self.tree.root)
        self.status = "ACTIVE"

    def operation_names(self) -> list[str]:
        return [call[0] for call in self.calls]

    def __getattr__(self, method_name):
        handler = getattr(self, f"_{method_name}")

        def method(**params):
            self.calls.append((method_name, params))
            assert params.get("CertificateAuthorityArn") == CA_ARN, params
            return handler(**params)

        return method

    def _describe_certificate_authority(self, **params):
        return {
            "CertificateAuthority": {
                "Arn": CA_ARN,
                "Status": self.status,
                "Type": self.type,
                "CertificateAuthorityConfiguration": {
                    "KeyAlgorithm": "EC_prime256v1",
                    "SigningAlgorithm": "SHA256WITHECDSA",
                    "Subject": {"CommonName": "Example Subordinate CA"},
                },
            }
        }

    def _get_certificate_authority_csr(self, **params):
        return {"Csr": pem(self.tree.csr)}

    def _get_certificate_authority_certificate(self, **params):
        if self.certificate is None:
            raise client_error("InvalidStateException", "GetCertificateAuthorityCertificate")
        answer = {"Certificate": self.certificate}
        if self.chain:
            answer["CertificateChain"] = self.chain
        return answer

    def _import_certificate_authority_certificate(self, Certificate, CertificateChain=None, **params):
        self.certificate = Certificate.decode()
        self.chain = CertificateChain.decode() if CertificateChain else None
        self.status = "ACTIVE"
        return {}

    def _issue_certificate(self, Csr, IdempotencyToken=None, TemplateArn="", **params):
        own_root = self.type == "ROOT" and "/RootCACertificate" in TemplateArn
        if self.status != "ACTIVE" and not (own_root and self.status == "PENDING_CERTIFICATE"):
            raise client_error("InvalidStateException", "IssueCertificate")
        if IdempotencyToken in self.tokens:
            return {"CertificateArn": self.tokens[IdempotencyToken]}
        csr = x509.load_pem_x509_csr(Csr)
        if own_root:
            certificate = make_certificate(self.tree.ca_key, "Example Subordinate CA")
        else:
            try:  # templates copy the CSR's subject and subject alternative names
                alt_names = list(csr.extensions.get_extension_for_class(x509.SubjectAlternativeName).value)
            except x509.ExtensionNotFound:
                alt_names = None
            certificate = make_certificate(
                csr.public_key(), "", self.tree.ca_key, self.tree.ca, ca=False, subject=csr.subject, alt_names=alt_names
            )
        arn = f"{CA_ARN}/certificate/{certificate.serial_number:032x}"
        self.issued[arn] = certificate
        self.polls[arn] = self.in_progress_polls
        if IdempotencyToken:
            self.tokens[IdempotencyToken] = arn
        return {"CertificateArn": arn}

    def _get_certificate(self, CertificateArn, **params):
        if CertificateArn not in self.issued:
            raise client_error("ResourceNotFoundException", "GetCertificate")
        if self.polls.get(CertificateArn):
            self.polls[CertificateArn] -= 1
            raise client_error("RequestInProgressException", "GetCertificate")
        certificate = self.issued[CertificateArn]
        answer = {"Certificate": certificate.public_bytes(serialization.Encoding.PEM).decode()}
        if certificate.issuer != certificate.subject:
            answer["CertificateChain"] = pem(self.tree.ca, self.tree.intermediate, self.tree.root)
        return answer

    def _revoke_certificate(self, CertificateSerial, RevocationReason, **params):
        serial = int(CertificateSerial.replace(":", ""), 16)  # with or without colons, as AWS takes it
        if serial in self.revoked:
            raise client_error("RequestAlreadyProcessedException", "RevokeCertificate")
        self.revoked.add(serial)
        return {}


def patch_api(monkeypatch, module, fake: FakeAcmPca) -> list[AwsApi]:
    """Make module's main() talk to fake through the one seam (the client); return the list that receives
    each AwsApi built, with the retry layer in the path.

    ``module`` is the module under test; every module builds its AwsApi through _module.ca_api, whose
    region choice (and warning) runs as it would against AWS.
    """
    assert module.ca_api is _module.ca_api
    made = install_clients(monkeypatch, {"acm-pca": fake})
    built: list[AwsApi] = []
    real = _module.module_api

    def module_api(ansible_module, region=None, **kwargs):
        api = real(ansible_module, region, **kwargs)
        assert made[-1]["region"] == "us-east-1"
        built.append(api)
        return api

    monkeypatch.setattr(_module, "module_api", module_api)
    return built
