# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared fixtures: module runs in the community.hashi_vault style, and CSRs made on the spot."""

import contextlib
import json

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from ansible.module_utils.common import warnings
from ansible.module_utils.common.parameters import PASS_VARS

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core < 2.19, as community.hashi_vault's conftest does
    from unittest import mock

    from ansible.module_utils import basic
    from ansible.module_utils.common.text.converters import to_bytes

    @contextlib.contextmanager
    def patch_module_args(args=None):
        """Give AnsibleModule these arguments, as ansible-core 2.19's patch_module_args does."""
        serialized = json.dumps({"ANSIBLE_MODULE_ARGS": args or {}})
        with mock.patch.object(basic, "_ANSIBLE_ARGS", to_bytes(serialized)):
            yield


if "inject_invocation" in PASS_VARS:
    # ansible-core 2.21 adds `invocation` (the parameters the module ran with) to a result only when the
    # controller asks for it (INJECT_INVOCATION); the tests read it, as they do on older cores.
    _patch_module_args = patch_module_args

    @contextlib.contextmanager
    def patch_module_args(args=None):
        with _patch_module_args({"_ansible_inject_invocation": True, **(args or {})}):
            yield


# Documented errors moto does not emulate, and words the failure must contain; the module and the
# lookup must give the same advice for each.
ERRORS_MOTO_CANNOT_PRODUCE = [
    ("InvalidArnException", "AWS rejected the ARN"),
    ("InvalidStateException", "has no CSR to give"),
    ("RequestFailedException", "retry later"),
    ("AccessDeniedException", "acm-pca:GetCertificateAuthorityCsr"),
]


@pytest.fixture(autouse=True)
def aws_environment(monkeypatch):
    """No test may reach real AWS or depend on this machine's AWS settings."""
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_CA_BUNDLE", "AWS_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAUNITTESTKEY00000")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "unit-test-secret")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")


@pytest.fixture(autouse=True)
def stubbed_answers_have_response_metadata(monkeypatch):
    """Stubber's answers carry ResponseMetadata, as AWS's do: botocore 1.34's waiters (the minimum-versions
    run) match success on its HTTPStatusCode, and without it a wait on a stubbed client polls to its end."""
    from botocore.stub import Stubber

    add_response = Stubber.add_response

    def with_metadata(stubber, method, service_response, expected_params=None):
        answer = {"ResponseMetadata": {"HTTPStatusCode": 200, "RetryAttempts": 0}, **service_response}
        return add_response(stubber, method, answer, expected_params)

    monkeypatch.setattr(Stubber, "add_response", with_metadata)


@pytest.fixture
def run_module(capsys):
    """Run a module's main() with the given arguments; return its JSON result."""

    def run(main, args: dict) -> dict:
        # A module process starts without warnings: those of earlier runs (a fixture's, another task's) are not
        # its own. Deprecations are kept, for the modules' conftest to check at the end of the test.
        warnings._global_warnings.clear()
        with patch_module_args(args), pytest.raises(SystemExit):
            main()
        return json.loads(capsys.readouterr().out)

    return run


def runner(run_module, main):
    """Run a module's main() with ``args``, in us-east-1 unless they name a region, check and diff mode off
    unless asked for."""

    def run(check_mode: bool = False, diff: bool = False, **args):
        args.setdefault("region", "us-east-1")
        return run_module(main, dict(args, _ansible_check_mode=check_mode, _ansible_diff=diff))

    return run


def make_csr_pem(key_type: str = "rsa", with_extensions: bool = True) -> str:
    key = rsa.generate_private_key(65537, 2048) if key_type == "rsa" else ec.generate_private_key(ec.SECP384R1())
    builder = x509.CertificateSigningRequestBuilder().subject_name(
        x509.Name(
            [
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example Corp"),
                x509.NameAttribute(NameOID.COMMON_NAME, "Example Subordinate CA"),
            ]
        )
    )
    if with_extensions:
        builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName("ca.example.com")]), critical=False)
    return builder.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM).decode()


def warning_texts(result: dict) -> list[str]:
    """The warnings of a module result: ansible-core 2.19 sends them as structured summaries."""
    return [w["event"]["msg"] if isinstance(w, dict) else w for w in result.get("warnings", [])]


@pytest.fixture
def profile_region(monkeypatch, tmp_path) -> str:
    """Credentials from an AWS profile "pki" whose config sets a region (returned): not one set for the task."""
    region = "sa-east-1"
    (tmp_path / "config").write_text(f"[profile pki]\nregion = {region}\n")
    (tmp_path / "credentials").write_text(
        "[pki]\naws_access_key_id = AKIAPROFILEKEY000000\naws_secret_access_key = profile-secret\n"
    )
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name)
    return region
