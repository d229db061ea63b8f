# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The acmpca_csr_info module end to end in-process: moto where it emulates ACM PCA, Stubber where it does not."""

import boto3
import pytest
import yaml
from botocore.stub import Stubber
from moto import mock_aws

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import RetryingBotoClientWrapper

from ansible_collections.privateca.aws.plugins.module_utils import _acmpca
from ansible_collections.privateca.aws.plugins.module_utils import _csr_info
from ansible_collections.privateca.aws.plugins.modules import acmpca_csr_info
from ansible_collections.privateca.aws.tests.unit.conftest import ERRORS_MOTO_CANNOT_PRODUCE
from ansible_collections.privateca.aws.tests.unit.conftest import make_csr_pem
from ansible_collections.privateca.aws.tests.unit.conftest import warning_texts

MISSING_ARN = "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012"
# Result keys every module gets from AnsibleModule rather than from its own code.
STANDARD_KEYS = {"changed", "invocation", "warnings", "deprecations", "failed", "msg"}


@pytest.fixture
def moto_ca():
    """A subordinate CA in moto's us-east-1, and the CSR moto holds for it."""
    with mock_aws():
        client = boto3.client("acm-pca", region_name="us-east-1")
        arn = client.create_certificate_authority(
            CertificateAuthorityConfiguration={
                "KeyAlgorithm": "RSA_2048",
                "SigningAlgorithm": "SHA256WITHRSA",
                "Subject": {"CommonName": "Unit Subordinate CA", "Organization": "Example Corp"},
            },
            CertificateAuthorityType="SUBORDINATE",
        )["CertificateAuthorityArn"]
        yield arn, client.get_certificate_authority_csr(CertificateAuthorityArn=arn)["Csr"]


@pytest.fixture
def stub_client(monkeypatch):
    """Hand the module a stubbed client, for answers moto cannot give."""
    client = boto3.client("acm-pca", region_name="us-east-1")
    created = []

    def fake_client(module, service, retry_decorator=None, **kwargs):
        created.append({"region": module.region, **kwargs})  # the region amazon.aws's client() would use
        return RetryingBotoClientWrapper(client, retry_decorator)

    monkeypatch.setattr(AnsibleAWSModule, "client", fake_client)
    with Stubber(client) as stubber:
        stubber.created = created
        yield stubber


@pytest.fixture
def no_client(monkeypatch):
    """Fail the test if the module builds a client: bad input must not lead to a request."""

    def refuse(*args, **kwargs):
        raise AssertionError("the module built an AWS client for input it should have refused")

    monkeypatch.setattr(AnsibleAWSModule, "client", refuse)


def test_returns_the_csr_moto_holds_and_its_parsed_view(run_module, moto_ca):
    arn, expected_pem = moto_ca
    result = run_module(acmpca_csr_info.main, {"certificate_authority_arn": arn})
    assert result["changed"] is False
    assert result["csr"] == expected_pem
    assert result["certificate_authority_arn"] == arn
    assert result["csr_info"]["subject"] == {"organizationName": "Example Corp", "commonName": "Unit Subordinate CA"}
    assert result["csr_info"]["public_key_type"] == "RSA"
    assert result["csr_info"]["signature_valid"] is True
    assert "warnings" not in result


def test_alias_arn_and_check_mode_return_the_same(run_module, moto_ca):
    arn, expected_pem = moto_ca
    result = run_module(acmpca_csr_info.main, {"arn": arn, "_ansible_check_mode": True})
    assert result["csr"] == expected_pem
    assert result["changed"] is False


def test_configured_region_that_matches_gives_no_warning(run_module, moto_ca):
    arn, expected_pem = moto_ca
    result = run_module(acmpca_csr_info.main, {"certificate_authority_arn": arn, "region": "us-east-1"})
    assert result["csr"] == expected_pem
    assert "warnings" not in result


def test_configured_region_that_differs_is_overridden_with_a_warning(run_module, moto_ca):
    arn, expected_pem = moto_ca
    result = run_module(acmpca_csr_info.main, {"certificate_authority_arn": arn, "region": "eu-west-1"})
    assert result["csr"] == expected_pem, "the request must go to us-east-1, where moto holds the CA"
    assert any("eu-west-1" in w and "us-east-1" in w for w in warning_texts(result))


def test_region_from_the_environment_that_differs_is_overridden_too(run_module, moto_ca, monkeypatch):
    arn, expected_pem = moto_ca
    monkeypatch.setenv("AWS_REGION", "ap-south-1")
    result = run_module(acmpca_csr_info.main, {"certificate_authority_arn": arn})
    assert result["csr"] == expected_pem
    assert any("ap-south-1" in w for w in warning_texts(result))


def test_region_from_a_profile_that_differs_is_overridden_too(run_module, moto_ca, monkeypatch, tmp_path):
    arn, expected_pem = moto_ca
    config = tmp_path / "config"
    config.write_text("[profile pki]\nregion = sa-east-1\n")
    credentials = tmp_path / "credentials"
    credentials.write_text("[pki]\naws_access_key_id = AKIAPROFILEKEY000000\naws_secret_access_key = profile-secret\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name)
    result = run_module(acmpca_csr_info.main, {"certificate_authority_arn": arn, "profile": "pki"})
    assert result["csr"] == expected_pem
    assert any("sa-east-1" in w for w in warning_texts(result))


def test_unknown_ca_fails_with_plain_words_and_the_aws_error(run_module, moto_ca):
    result = run_module(acmpca_csr_info.main, {"certificate_authority_arn": MISSING_ARN})
    assert result["failed"] is True
    assert result["msg"].startswith(f"No private CA {MISSING_ARN} exists in account 123456789012 and region us-east-1")
    assert result["error"]["code"] == "ResourceNotFoundException"
    assert result["response_metadata"]["http_status_code"] == 400


@pytest.mark.parametrize(
    ("code", "words"),
    ERRORS_MOTO_CANNOT_PRODUCE,
)
def test_errors_moto_cannot_produce(run_module, stub_client, code, words):
    stub_client.add_client_error("get_certificate_authority_csr", service_error_code=code, service_message="from AWS")
    result = run_module(acmpca_csr_info.main, {"certificate_authority_arn": MISSING_ARN})
    assert result["failed"] is True
    assert words in result["msg"]
    assert result["error"] == {"code": code, "message": "from AWS"}
    assert "response_metadata" in result


def test_request_in_progress_without_wait_fails_at_once(run_module, stub_client):
    stub_client.add_client_error("get_certificate_authority_csr", service_error_code="RequestInProgressException")
    result = run_module(acmpca_csr_info.main, {"certificate_authority_arn": MISSING_ARN, "wait": False})
    assert result["failed"] is True
    assert "still being created" in result["msg"]
    assert result["error"]["code"] == "RequestInProgressException"


def test_wait_polls_until_the_csr_is_there(run_module, stub_client, monkeypatch):
    slept = []
    monkeypatch.setattr(_acmpca.time, "sleep", slept.append)
    pem = make_csr_pem("ec")
    stub_client.add_client_error("get_certificate_authority_csr", service_error_code="RequestInProgressException")
    stub_client.add_client_error("get_certificate_authority_csr", service_error_code="RequestInProgressException")
    stub_client.add_response("get_certificate_authority_csr", {"Csr": pem})
    result = run_module(acmpca_csr_info.main, {"certificate_authority_arn": MISSING_ARN, "wait_timeout": 30})
    assert result["csr"] == pem
    assert slept == [1.0, 2.0]


def test_two_throttles_then_the_csr_is_a_success(run_module, stub_client, monkeypatch):
    from ansible_collections.amazon.aws.plugins.module_utils import cloud

    monkeypatch.setattr(cloud.time, "sleep", lambda seconds: None)
    pem = make_csr_pem("rsa")
    stub_client.add_client_error("get_certificate_authority_csr", service_error_code="ThrottlingException")
    stub_client.add_client_error("get_certificate_authority_csr", service_error_code="TooManyRequestsException")
    stub_client.add_response("get_certificate_authority_csr", {"Csr": pem})
    result = run_module(acmpca_csr_info.main, {"certificate_authority_arn": MISSING_ARN})
    assert result["csr"] == pem
    assert "failed" not in result


@pytest.mark.parametrize("configured", [None, "us-west-2"])
def test_client_goes_to_the_arn_region_with_short_timeouts(run_module, stub_client, configured):
    arn = "arn:aws:acm-pca:eu-central-2:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012"
    stub_client.add_response("get_certificate_authority_csr", {"Csr": make_csr_pem()})
    run_module(acmpca_csr_info.main, {"certificate_authority_arn": arn, "region": configured})
    assert stub_client.created == [{"region": "eu-central-2", "config": _acmpca.CLIENT_CONFIG}]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ({"certificate_authority_arn": "arn:aws:acm:us-east-1:123456789012:certificate/x"}, "not 'acm-pca'"),
        ({"certificate_authority_arn": ""}, "it is empty"),
        ({"certificate_authority_arn": f" {MISSING_ARN}"}, "whitespace"),
        ({"certificate_authority_arn": MISSING_ARN, "wait_timeout": 0}, "wait_timeout must be"),
        ({"certificate_authority_arn": MISSING_ARN, "wait_timeout": -5}, "wait_timeout must be"),
    ],
)
def test_bad_input_fails_before_any_client_exists(run_module, no_client, args, words):
    result = run_module(acmpca_csr_info.main, args)
    assert result["failed"] is True
    assert words in result["msg"]


def test_without_cryptography_returns_the_pem_and_warns_once(run_module, stub_client, monkeypatch):
    monkeypatch.setattr(_csr_info, "HAS_CRYPTOGRAPHY", False)
    pem = make_csr_pem()
    stub_client.add_response("get_certificate_authority_csr", {"Csr": pem})
    result = run_module(acmpca_csr_info.main, {"certificate_authority_arn": MISSING_ARN})
    assert result["csr"] == pem
    assert "csr_info" not in result
    assert len([w for w in warning_texts(result) if "cryptography" in w]) == 1


def test_credentials_never_appear_in_the_result(run_module, stub_client):
    stub_client.add_client_error("get_certificate_authority_csr", service_error_code="AccessDeniedException")
    args = {
        "certificate_authority_arn": MISSING_ARN,
        "access_key": "AKIAMARKERACCESSKEY1",
        "secret_key": "secret-marker-0f9c2d",
        "session_token": "token-marker-7a1b3e",
    }
    output = str(run_module(acmpca_csr_info.main, args))
    for marker in ("secret-marker-0f9c2d", "token-marker-7a1b3e"):
        assert marker not in output


def _documented_keys_mismatch(result: dict, documented: dict, path: str = "") -> list[str]:
    """Compare a result with RETURN, key by key and level by level."""
    problems = []
    for key in result.keys() - documented.keys():
        problems.append(f"{path}{key} is returned but not documented")
    for key, doc in documented.items():
        if key not in result:
            if doc["returned"].startswith("success") and "," not in doc["returned"]:
                problems.append(f"{path}{key} is documented as always returned but missing")
            continue
        value = result[key]
        doc_type = doc["type"]
        python_types = {"str": str, "bool": bool, "int": int, "dict": dict, "list": list}[doc_type]
        if value is not None and not isinstance(value, python_types):
            problems.append(f"{path}{key} is a {type(value).__name__}, documented as {doc_type}")
        if "contains" in doc and isinstance(value, dict):
            problems.extend(_documented_keys_mismatch(value, doc["contains"], f"{path}{key}."))
    return problems


@pytest.mark.parametrize(("key_type", "with_extensions"), [("rsa", True), ("rsa", False), ("ec", True), ("ec", False)])
def test_return_documentation_matches_what_the_module_returns(run_module, stub_client, key_type, with_extensions):
    stub_client.add_response("get_certificate_authority_csr", {"Csr": make_csr_pem(key_type, with_extensions)})
    result = run_module(acmpca_csr_info.main, {"certificate_authority_arn": MISSING_ARN})
    documented = yaml.safe_load(acmpca_csr_info.RETURN)
    own_keys = {k: v for k, v in result.items() if k not in STANDARD_KEYS}
    assert _documented_keys_mismatch(own_keys, documented) == []


def test_the_return_check_catches_drift():
    documented = yaml.safe_load(acmpca_csr_info.RETURN)
    drifted = {"csr": "x", "certificate_authority_arn": "y", "csr_info": {"subject": {}, "surprise": 1}}
    problems = _documented_keys_mismatch(drifted, documented)
    assert "csr_info.surprise is returned but not documented" in problems
    assert "csr_info.signature_valid is documented as always returned but missing" in problems
