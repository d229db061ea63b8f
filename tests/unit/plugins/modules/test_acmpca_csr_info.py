# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The acmpca_csr_info module end to end in-process: moto where it emulates ACM PCA, the unit tests' ACM PCA
fake (_acmpca_fake) for what moto does not."""

import importlib
import sys

import boto3
import pytest
import yaml
from botocore.exceptions import ClientError
from moto import mock_aws

from ansible_collections.privateca.aws.plugins.module_utils import _aws
from ansible_collections.privateca.aws.plugins.module_utils import _csr_info
from ansible_collections.privateca.aws.plugins.module_utils._aws import retry as _retry
from ansible_collections.privateca.aws.plugins.module_utils._aws import waiter as _waiter
from ansible_collections.privateca.aws.plugins.modules import acmpca_csr_info
from ansible_collections.privateca.aws.tests.unit.conftest import ERRORS_MOTO_CANNOT_PRODUCE
from ansible_collections.privateca.aws.tests.unit.conftest import make_csr_pem
from ansible_collections.privateca.aws.tests.unit.conftest import warning_texts
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._acmpca_fake import FakeAcmPca
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._acmpca_fake import install
from ansible_collections.privateca.aws.tests.unit.plugins.modules._access_helpers import documented_keys_mismatch

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
def fake_pca(monkeypatch) -> FakeAcmPca:
    """The one ACM PCA fake, through the one seam, for answers moto cannot give: ``fail_next`` for an error,
    ``answer_csr`` for the CSR AWS gives."""
    fake = FakeAcmPca()
    install(monkeypatch, fake)
    return fake


def answer_csr(fake: FakeAcmPca, pem: str) -> None:
    """GetCertificateAuthorityCsr answers ``pem`` for any CA (the fake holds none)."""
    fake.answers["GetCertificateAuthorityCsr"] = lambda CertificateAuthorityArn: {"Csr": pem}


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


def test_region_from_the_environment_that_differs_is_overridden_silently(run_module, moto_ca, monkeypatch):
    arn, expected_pem = moto_ca
    monkeypatch.setenv("AWS_REGION", "ap-south-1")
    result = run_module(acmpca_csr_info.main, {"certificate_authority_arn": arn})
    assert result["csr"] == expected_pem
    assert warning_texts(result) == [], "the user set no region for this task"
    # What the user passed, not the region the request went to.
    assert result["invocation"]["module_args"]["region"] == "ap-south-1"


def test_one_boto3_session_a_task_whatever_region_the_user_set(run_module, moto_ca, monkeypatch):
    """The client is for the ARN's region: amazon.aws is not asked to resolve the configured region first (a boto3
    session of its own, about 15 ms a task), and module.params still shows what the user gave."""
    arn, expected_pem = moto_ca
    sessions = []
    real_session = boto3.session.Session

    def counted(*args, **kwargs):
        sessions.append(kwargs)
        return real_session(*args, **kwargs)

    monkeypatch.setattr(boto3.session, "Session", counted)
    for given in ({}, {"region": "us-east-1"}, {"region": "eu-west-1"}):
        sessions.clear()
        result = run_module(acmpca_csr_info.main, {"certificate_authority_arn": arn, **given})
        assert result["csr"] == expected_pem
        assert len(sessions) == 1, (given, sessions)
        assert result["invocation"]["module_args"]["region"] == given.get("region")


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
    assert warning_texts(result) == [], "the user set no region for this task"
    assert result["invocation"]["module_args"]["region"] is None


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
def test_errors_moto_cannot_produce(run_module, fake_pca, code, words):
    fake_pca.fail_next("GetCertificateAuthorityCsr", code, "from AWS")
    result = run_module(acmpca_csr_info.main, {"certificate_authority_arn": MISSING_ARN})
    assert result["failed"] is True
    assert words in result["msg"]
    assert result["error"] == {"code": code, "message": "from AWS"}
    assert "response_metadata" in result


def test_request_in_progress_without_wait_fails_at_once(run_module, fake_pca):
    fake_pca.fail_next("GetCertificateAuthorityCsr", "RequestInProgressException")
    result = run_module(acmpca_csr_info.main, {"certificate_authority_arn": MISSING_ARN, "wait": False})
    assert result["failed"] is True
    assert "still being created" in result["msg"]
    assert result["error"]["code"] == "RequestInProgressException"


def test_wait_polls_until_the_csr_is_there(run_module, fake_pca, monkeypatch):
    slept = []
    monkeypatch.setattr(_retry.Budget, "sleep", lambda budget, seconds: slept.append(seconds))
    pem = make_csr_pem("ec")
    fake_pca.fail_next("GetCertificateAuthorityCsr", "RequestInProgressException")
    fake_pca.fail_next("GetCertificateAuthorityCsr", "RequestInProgressException")
    answer_csr(fake_pca, pem)
    result = run_module(acmpca_csr_info.main, {"certificate_authority_arn": MISSING_ARN, "wait_timeout": 30})
    assert result["csr"] == pem
    assert slept == [1.0, 2.0]


def test_a_csr_that_is_there_takes_one_request_and_no_waiter(run_module, fake_pca, monkeypatch):
    # get_csr asks once before it loads botocore's waiter models: most runs never wait.
    def no_waiter(service, name):
        raise AssertionError(f"the waiter {name} was loaded for a CSR that was there")

    monkeypatch.setattr(_waiter, "waiter_config", no_waiter)
    pem = make_csr_pem("ec")
    answer_csr(fake_pca, pem)
    result = run_module(acmpca_csr_info.main, {"certificate_authority_arn": MISSING_ARN})
    assert result["csr"] == pem
    assert fake_pca.operations == ["GetCertificateAuthorityCsr"]


# Only a wait or a failure needs these: AnsiballZ imports a module's files from a zip, where Python compiles each
# file twice a run, so they stay off the path of a run whose CSR is there.
PLUGINS = "ansible_collections.privateca.aws.plugins."
WAIT_AND_FAILURE_ONLY = [f"{PLUGINS}module_utils._aws.{name}" for name in ("waiter", "waiter_models", "advice")]


def test_the_module_imports_no_code_that_only_a_wait_or_a_failure_needs(monkeypatch):
    # The collection's plugins imported afresh, with those files unimportable (a None in sys.modules makes every
    # import of the name fail); monkeypatch puts the modules the other tests use back afterwards.
    for name in [name for name in sys.modules if name.startswith(PLUGINS)]:
        monkeypatch.delitem(sys.modules, name)
    for name in WAIT_AND_FAILURE_ONLY:
        monkeypatch.setitem(sys.modules, name, None)

    importlib.import_module(f"{PLUGINS}modules.acmpca_csr_info")
    with pytest.raises(ImportError):  # a module that waits on every run imports the waiter: the block holds
        importlib.import_module(f"{PLUGINS}modules.acmpca_certificate_info")


def test_a_csr_that_is_there_never_imports_the_waiter(run_module, fake_pca, monkeypatch):
    monkeypatch.delattr(_aws, "waiter")  # the package's attribute would serve the import without sys.modules
    monkeypatch.setitem(sys.modules, WAIT_AND_FAILURE_ONLY[0], None)
    pem = make_csr_pem("ec")
    answer_csr(fake_pca, pem)
    assert run_module(acmpca_csr_info.main, {"certificate_authority_arn": MISSING_ARN})["csr"] == pem

    fake_pca.fail_next("GetCertificateAuthorityCsr", "RequestInProgressException")
    with pytest.raises(ImportError):  # the one place that imports it: a CSR that AWS is still creating
        run_module(acmpca_csr_info.main, {"certificate_authority_arn": MISSING_ARN})


def test_two_throttles_then_the_csr_is_a_success(run_module, fake_pca, monkeypatch):
    monkeypatch.setattr(_retry.Budget, "sleep", lambda budget, seconds: None)
    pem = make_csr_pem("rsa")
    fake_pca.fail_next("GetCertificateAuthorityCsr", "ThrottlingException")
    fake_pca.fail_next("GetCertificateAuthorityCsr", "TooManyRequestsException")
    answer_csr(fake_pca, pem)
    result = run_module(acmpca_csr_info.main, {"certificate_authority_arn": MISSING_ARN})
    assert result["csr"] == pem
    assert "failed" not in result


@pytest.mark.parametrize("configured", [None, "us-west-2"])
def test_client_goes_to_the_arn_region_with_short_timeouts(run_module, fake_pca, configured):
    arn = "arn:aws:acm-pca:eu-central-2:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012"
    answer_csr(fake_pca, make_csr_pem())
    result = run_module(acmpca_csr_info.main, {"certificate_authority_arn": arn, "region": configured})
    assert [(made["region"], made["aws_config"]) for made in fake_pca.made] == [
        ("eu-central-2", _retry.client_config(None, _retry.Budget())[0])
    ]
    assert result["invocation"]["module_args"]["region"] == configured, "module.params is not rewritten"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ({"certificate_authority_arn": "arn:aws:acm:us-east-1:123456789012:certificate/x"}, "not 'acm-pca'"),
        ({"certificate_authority_arn": ""}, "it is empty"),
        ({"certificate_authority_arn": f" {MISSING_ARN}"}, "whitespace"),
        ({"certificate_authority_arn": MISSING_ARN, "wait_timeout": 0}, "wait_timeout must be"),
        ({"certificate_authority_arn": MISSING_ARN, "wait_timeout": -5}, "wait_timeout must be"),
        ({"certificate_authority_arn": MISSING_ARN, "time_budget": 0}, "time_budget must be"),
        ({"certificate_authority_arn": MISSING_ARN, "time_budget": 3601}, "from 1 to 3600"),
        ({"certificate_authority_arn": MISSING_ARN, "aws_config": {"read_timout": 1}}, "botocore does not know"),
        (
            {"certificate_authority_arn": f"{MISSING_ARN}/certificate/0123456789abcdef0123456789abcdef"},
            f"the ARN of a certificate issued by a CA, not of the CA itself; give the CA's ARN, {MISSING_ARN}.",
        ),
    ],
)
def test_bad_input_fails_before_any_client_exists(run_module, no_client, args, words):
    result = run_module(acmpca_csr_info.main, args)
    assert result["failed"] is True
    assert words in result["msg"]


def test_without_cryptography_returns_the_pem_and_warns_once(run_module, fake_pca, monkeypatch):
    monkeypatch.setattr(_csr_info, "HAS_CRYPTOGRAPHY", False)
    pem = make_csr_pem()
    answer_csr(fake_pca, pem)
    result = run_module(acmpca_csr_info.main, {"certificate_authority_arn": MISSING_ARN})
    assert result["csr"] == pem
    assert "csr_info" not in result
    assert len([w for w in warning_texts(result) if "cryptography" in w]) == 1


def test_credentials_never_appear_in_the_result(run_module, fake_pca):
    fake_pca.fail_next("GetCertificateAuthorityCsr", "AccessDeniedException")
    args = {
        "certificate_authority_arn": MISSING_ARN,
        "access_key": "AKIAMARKERACCESSKEY1",
        "secret_key": "secret-marker-0f9c2d",
        "session_token": "token-marker-7a1b3e",
    }
    output = str(run_module(acmpca_csr_info.main, args))
    for marker in ("secret-marker-0f9c2d", "token-marker-7a1b3e"):
        assert marker not in output


@pytest.mark.parametrize(("key_type", "with_extensions"), [("rsa", True), ("rsa", False), ("ec", True), ("ec", False)])
def test_return_documentation_matches_what_the_module_returns(run_module, fake_pca, key_type, with_extensions):
    answer_csr(fake_pca, make_csr_pem(key_type, with_extensions))
    result = run_module(acmpca_csr_info.main, {"certificate_authority_arn": MISSING_ARN})
    documented = yaml.safe_load(acmpca_csr_info.RETURN)
    own_keys = {k: v for k, v in result.items() if k not in STANDARD_KEYS}
    assert documented_keys_mismatch(own_keys, documented) == []


def test_the_return_check_catches_drift():
    documented = yaml.safe_load(acmpca_csr_info.RETURN)
    drifted = {"csr": "x", "certificate_authority_arn": "y", "csr_info": {"subject": {}, "surprise": 1}}
    problems = documented_keys_mismatch(drifted, documented)
    assert "csr_info.surprise is returned but not documented" in problems
    assert "csr_info.signature_valid is documented as always returned but missing" in problems


class FakeClock:
    """Time that passes only when the code under test sleeps, or a request takes time."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, budget, seconds):
        self.now += seconds


@pytest.fixture
def persistent(monkeypatch):
    """The fake fails every request with the error a test sets (``fake.error``), each on a fake clock."""
    clock = FakeClock()
    monkeypatch.setattr(_retry, "monotonic", clock)

    def budget_sleep(budget, seconds):  # Budget.sleep's place, so it takes the budget first
        clock.now += seconds

    monkeypatch.setattr(_retry.Budget, "sleep", budget_sleep)

    def fail(CertificateAuthorityArn):
        clock.now += 0.05
        raise fake.error

    fake = FakeAcmPca()
    fake.error = RuntimeError("the test did not set an error")
    fake.clock = clock
    fake.answers["GetCertificateAuthorityCsr"] = fail
    install(monkeypatch, fake)
    return fake


def aws_error(code: str, status: int) -> ClientError:
    return ClientError(
        {"Error": {"Code": code, "Message": "from AWS"}, "ResponseMetadata": {"HTTPStatusCode": status}},
        "GetCertificateAuthorityCsr",
    )


@pytest.mark.parametrize(
    ("code", "status", "words"),
    [
        ("ThrottlingException", 400, "AWS throttled the request for the CSR of"),
        ("InternalFailure", 500, "The ACM PCA endpoint answered HTTP 500 (InternalFailure) to the request"),
        ("500", 500, "The ACM PCA endpoint answered HTTP 500 to the request"),  # a plain-text 500
    ],
)
@pytest.mark.parametrize("budget", [None, 7])
def test_a_persistent_fault_fails_within_the_time_budget_and_says_so(
    run_module, persistent, code, status, words, budget
):
    persistent.error = aws_error(code, status)
    args = {"certificate_authority_arn": MISSING_ARN, **({"time_budget": budget} if budget else {})}
    result = run_module(acmpca_csr_info.main, args)
    expected_budget = budget or 60
    assert result["failed"] is True
    assert persistent.clock.now <= expected_budget, "every retry and pause fits in the budget"
    assert persistent.clock.now > expected_budget / 2, "the budget is used, not given up early"
    assert result["msg"].startswith(words)
    assert f"on all {len(persistent.calls)} attempts over " in result["msg"]
    assert f"(time_budget {expected_budget} s)" in result["msg"]
    assert "raise time_budget" in result["msg"]
    assert len(persistent.calls) <= 20


def test_retries_in_aws_config_are_honoured_and_not_multiplied(run_module, persistent):
    persistent.error = aws_error("ThrottlingException", 400)
    aws_config = {"retries": {"total_max_attempts": 2}, "read_timeout": 300}
    result = run_module(acmpca_csr_info.main, {"certificate_authority_arn": MISSING_ARN, "aws_config": aws_config})
    assert len(persistent.calls) == 1, "botocore makes the attempts aws_config asks for; nothing retries on top"
    assert "1 attempt over" in result["msg"] and "with the retries aws_config sets" in result["msg"]
    # The user's settings win, but no timeout outlasts the budget.
    assert persistent.made[0]["aws_config"] == {
        "connect_timeout": 10,
        "read_timeout": 60,
        "retries": {"total_max_attempts": 2},
    }


def test_an_endpoint_that_never_answers_fails_within_the_budget(run_module, persistent):
    from botocore.exceptions import ReadTimeoutError

    persistent.error = ReadTimeoutError(endpoint_url="http://127.0.0.1:9")
    fail = persistent.answers["GetCertificateAuthorityCsr"]

    def slow(**params):
        persistent.clock.now += 30  # the read timeout
        return fail(**params)

    persistent.answers["GetCertificateAuthorityCsr"] = slow
    result = run_module(acmpca_csr_info.main, {"certificate_authority_arn": MISSING_ARN})
    assert result["failed"] is True
    assert persistent.clock.now <= 60
    assert len(persistent.calls) == 1, "a second 30 s attempt would not fit in what is left of 60 s"
    assert "did not answer" in result["msg"] and "1 attempt over 30.1 s (time_budget 60 s)" in result["msg"]
