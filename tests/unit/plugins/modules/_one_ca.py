# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The certificate modules' scene: the one ACM PCA fake (_acmpca_fake) holding one CA with real keys.

The CA (CA_ARN) is a SUBORDINATE (or ROOT) CA whose key is tree.ca_key and whose certificate, once it is
activated or imported, is tree.ca signed by tree.intermediate. The fake keeps the API's rules that the modules'
decisions depend on: no certificate before the import (InvalidStateException), RequestInProgressException
right after an issue, idempotency tokens, and RequestAlreadyProcessedException for a second revocation.
"""

from __future__ import annotations

from botocore.exceptions import ClientError

from ansible_collections.privateca.aws.plugins.module_utils import _module
from ansible_collections.privateca.aws.plugins.module_utils._aws.client import AwsApi
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils import _acmpca_fake
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._acmpca_fake import CA_ARN
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._acmpca_fake import FakeAcmPca
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import client_error as _client_error
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._certs_helpers import Hierarchy

__all__ = ["CA_ARN", "FakeAcmPca", "client_error", "one_ca", "patch_api"]


def client_error(code: str, operation: str) -> ClientError:
    return _client_error(code, operation, f"fake {code}")


def one_ca(tree: Hierarchy | None = None, ca_type: str = "SUBORDINATE") -> FakeAcmPca:
    """The ACM PCA fake with one CA, CA_ARN, PENDING_CERTIFICATE: ``activate()`` gives it its certificate."""
    fake = FakeAcmPca()
    fake.add(
        arn=CA_ARN,
        tree=tree or Hierarchy("ec"),
        Type=ca_type,
        CertificateAuthorityConfiguration={
            "KeyAlgorithm": "EC_prime256v1",
            "SigningAlgorithm": "SHA256WITHECDSA",
            "Subject": {"CommonName": "Example Subordinate CA"},
        },
    )
    return fake


def patch_api(monkeypatch, module, fake: FakeAcmPca) -> list[AwsApi]:
    """Make module's main() talk to fake through the one seam (the client); return the list that receives
    each AwsApi built, with the retry layer in the path.

    ``module`` is the module under test; every module builds its AwsApi through _module.ca_api, whose
    region choice (and warning) runs as it would against AWS.
    """
    assert module.ca_api is _module.ca_api
    made = _acmpca_fake.install(monkeypatch, fake)
    built: list[AwsApi] = []
    real = _module.module_api

    def module_api(ansible_module, region=None, **kwargs):
        api = real(ansible_module, region, **kwargs)
        assert made[-1]["region"] == "us-east-1"
        built.append(api)
        return api

    monkeypatch.setattr(_module, "module_api", module_api)
    return built
