# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for the shared ACM PCA logic: ARN checks, region choice, the call, its wait and its errors."""

import pytest
from botocore.exceptions import ClientError
from botocore.exceptions import ConnectionClosedError
from botocore.exceptions import ConnectTimeoutError
from botocore.exceptions import EndpointConnectionError
from botocore.exceptions import NoCredentialsError
from botocore.exceptions import ReadTimeoutError
from botocore.parsers import ResponseParserError

from ansible_collections.privateca.aws.plugins.module_utils import _csr
from ansible_collections.privateca.aws.plugins.module_utils._aws import retry as _retry
from ansible_collections.privateca.aws.plugins.module_utils._aws.arn import ARN_FORM
from ansible_collections.privateca.aws.plugins.module_utils._aws.arn import parse_ca_arn
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import AcmPcaError
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import InvalidInputError
from ansible_collections.privateca.aws.plugins.module_utils._aws.region import arn_region
from ansible_collections.privateca.aws.plugins.module_utils._aws.wait_timeout import check_wait_timeout
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._acmpca_fake import PLACEHOLDER_CSR as PEM
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._acmpca_fake import FakeAcmPca
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import ModelChecked
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import api_for

CA_ID = "12345678-1234-1234-1234-123456789012"
ARN = f"arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/{CA_ID}"


@pytest.mark.parametrize(
    ("arn", "partition", "region"),
    [
        (ARN, "aws", "us-east-1"),
        (f"arn:aws-cn:acm-pca:cn-north-1:123456789012:certificate-authority/{CA_ID}", "aws-cn", "cn-north-1"),
        (
            f"arn:aws-us-gov:acm-pca:us-gov-west-1:123456789012:certificate-authority/{CA_ID}",
            "aws-us-gov",
            "us-gov-west-1",
        ),
        (
            f"arn:aws-eusc:acm-pca:eusc-de-east-1:123456789012:certificate-authority/{CA_ID}",
            "aws-eusc",
            "eusc-de-east-1",
        ),
        (
            f"arn:aws-iso-b:acm-pca:us-isob-east-1:123456789012:certificate-authority/{CA_ID}",
            "aws-iso-b",
            "us-isob-east-1",
        ),
        (f"arn:aws:acm-pca:ap-southeast-5:123456789012:certificate-authority/{CA_ID.upper()}", "aws", "ap-southeast-5"),
    ],
)
def test_parse_ca_arn_accepts_every_partition_and_region(arn, partition, region):
    parsed = parse_ca_arn(arn)
    assert (parsed.arn, parsed.partition, parsed.region, parsed.account_id) == (arn, partition, region, "123456789012")
    assert parsed.ca_id.lower() == CA_ID


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "it is empty"),
        (f"arn:aws:acm:us-east-1:123456789012:certificate/{CA_ID}", "the service is 'acm', not 'acm-pca'"),
        (f"arn:aws:acm-pca:us-east-1:123456789012:template/{CA_ID}", "is not a certificate-authority/<CA id>"),
        (
            f"arn:aws:acm-pca:us-east-1:12345678901:certificate-authority/{CA_ID}",
            "the account id '12345678901' is not 12",
        ),
        (f"arn:aws:acm-pca:useast1:123456789012:certificate-authority/{CA_ID}", "the region 'useast1'"),
        (f"arn:gcp:acm-pca:us-east-1:123456789012:certificate-authority/{CA_ID}", "the partition 'gcp'"),
        ("arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/not-a-uuid", "the CA id 'not-a-uuid'"),
        ("arn:aws:acm-pca:us-east-1", "six colon-separated fields"),
        (CA_ID, "six colon-separated fields"),
        (f" {ARN}", "leading or trailing whitespace"),
        (f"{ARN}\n", "leading or trailing whitespace"),
        (ARN[:30] + "\n" + ARN[30:], "contains the character '\\n' at position 30"),
        ("a" * 5000, "5000 characters long"),
        ([ARN], "it is a list, not a string"),
        (str([ARN]), "it is a list, not a single ARN"),
        (None, "it is a NoneType, not a string"),
    ],
)
def test_parse_ca_arn_rejects_malformed_values_with_the_reason_and_the_form(value, reason):
    with pytest.raises(InvalidInputError) as raised:
        parse_ca_arn(value)
    message = str(raised.value)
    assert message.startswith("Invalid certificate authority ARN")
    assert reason in message
    assert ARN_FORM in message
    assert len(message) < 600, "a long value must be shortened in the message"


@pytest.mark.parametrize("value", [1, 180, 3600])
def test_check_wait_timeout_accepts_positive_seconds(value):
    assert check_wait_timeout(value) == value


@pytest.mark.parametrize("value", [0, -1, -180, True, "10"])
def test_check_wait_timeout_rejects_zero_negative_and_non_integers(value):
    with pytest.raises(InvalidInputError, match="wait_timeout must be a whole number of seconds of at least 1"):
        check_wait_timeout(value)


@pytest.mark.parametrize(
    ("configured", "warned"),
    [(None, False), ("", False), ("us-east-1", False), ("eu-west-1", True)],
)
def test_choose_region_always_uses_the_arn_region_and_warns_on_a_mismatch(configured, warned):
    region, warning = arn_region(parse_ca_arn(ARN).region, configured)
    assert region == "us-east-1"
    assert (warning is not None) == warned
    if warned:
        assert "eu-west-1" in warning and "us-east-1" in warning


class FakeClock:
    """A clock that advances only when the code under test sleeps."""

    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds

    def __call__(self):
        return self.now


@pytest.fixture
def fake():
    """The ACM PCA fake holding the CA ``ARN``, whose CSR is PEM once the errors a test queues are answered."""
    fake = FakeAcmPca()
    fake.add("ACTIVE", arn=ARN)
    yield fake
    assert not any(fake.errors.values()), "every error the test queued was answered"


def api(fake: FakeAcmPca):
    """The call layer around the fake, as connect() builds it: model checks and the retry layer in the path."""
    return api_for(ModelChecked(fake, "acm-pca"))


def always(fake: FakeAcmPca, error: Exception) -> None:
    """Every GetCertificateAuthorityCsr fails with ``error``."""

    def fail(**params):
        raise error

    fake.answers["GetCertificateAuthorityCsr"] = fail


@pytest.fixture(autouse=True)
def retry_clock(monkeypatch):
    """The time budget's pauses pass on a fake clock: the tests count attempts and seconds, and never wait."""
    clock = FakeClock()
    monkeypatch.setattr(_retry, "monotonic", clock)
    monkeypatch.setattr(_retry.Budget, "sleep", lambda budget, seconds: clock.sleep(seconds))
    return clock


def get_csr(api, ca_arn, wait=True, wait_timeout=180):
    return _csr.get_csr(api, ca_arn, wait=wait, wait_timeout=wait_timeout)


def add_error(fake: FakeAcmPca, code: str, status: int = 400) -> None:
    fake.fail_next("GetCertificateAuthorityCsr", code, f"{code} from AWS", status)


def test_get_csr_returns_the_pem_unchanged(fake):
    client = api(fake)
    assert get_csr(client, parse_ca_arn(ARN)) == PEM


@pytest.mark.parametrize(
    ("code", "advice"),
    [
        ("ResourceNotFoundException", "No private CA arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/"),
        ("InvalidArnException", "AWS rejected the ARN"),
        ("InvalidStateException", "in a state that has no CSR to give (for example DELETED or FAILED)"),
        ("RequestFailedException", "AWS failed the request for the CSR of"),
        ("AccessDeniedException", "the credentials need the IAM action acm-pca:GetCertificateAuthorityCsr"),
        ("ValidationException", "Failed to get the CSR of"),
    ],
)
def test_each_documented_error_becomes_a_plain_message(fake, code, advice):
    client = api(fake)
    add_error(fake, code)
    with pytest.raises(AcmPcaError) as raised:
        get_csr(client, parse_ca_arn(ARN))
    assert advice in raised.value.message
    assert raised.value.exception.response["Error"]["Code"] == code
    assert f"{code} from AWS" in str(raised.value), "the AWS message is kept after the advice"


def test_resource_not_found_names_account_and_region(fake):
    client = api(fake)
    add_error(fake, "ResourceNotFoundException")
    with pytest.raises(AcmPcaError, match="in account 123456789012 and region us-east-1"):
        get_csr(client, parse_ca_arn(ARN))


def test_request_in_progress_without_wait_fails_at_once(fake, retry_clock):
    client = api(fake)
    add_error(fake, "RequestInProgressException")
    clock = retry_clock
    with pytest.raises(AcmPcaError, match=r"still being created.*set wait: true"):
        get_csr(client, parse_ca_arn(ARN), wait=False)
    assert clock.sleeps == []


def test_wait_polls_until_the_csr_is_ready(fake, retry_clock):
    client = api(fake)
    for _attempt in range(4):
        add_error(fake, "RequestInProgressException")
    clock = retry_clock
    assert get_csr(client, parse_ca_arn(ARN), wait=True, wait_timeout=180) == PEM
    assert clock.sleeps == [1.0, 2.0, 4.0, 5.0]


def test_wait_gives_up_after_wait_timeout(fake, retry_clock):
    client = api(fake)
    for _attempt in range(5):  # polls at 0, 1, 3, 7 and 10 s
        add_error(fake, "RequestInProgressException")
    clock = retry_clock
    with pytest.raises(AcmPcaError, match="Timed out after 10 s waiting for AWS to create the CSR"):
        get_csr(client, parse_ca_arn(ARN), wait=True, wait_timeout=10)
    assert clock.now == 10.0, "the last sleep is cut to the time that is left"
    assert clock.sleeps == [1.0, 2.0, 4.0, 3.0]


@pytest.mark.parametrize("code", ["ThrottlingException", "TooManyRequestsException", "InternalFailure"])
def test_throttling_and_server_errors_are_retried(fake, code):
    client = api(fake)
    add_error(fake, code)
    add_error(fake, code, status=500 if code == "InternalFailure" else 400)
    assert get_csr(client, parse_ca_arn(ARN)) == PEM


def test_http_5xx_without_an_error_code_is_retried(fake):
    client = api(fake)
    add_error(fake, "503", status=503)  # a 503 without a body parses to this code
    assert get_csr(client, parse_ca_arn(ARN)) == PEM


def test_endless_throttling_fails_within_the_budget_with_what_happened(fake, retry_clock):
    always(fake, ClientError({"Error": {"Code": "ThrottlingException", "Message": "Rate exceeded"}}, "GetCsr"))
    with pytest.raises(AcmPcaError) as raised:
        get_csr(api(fake), parse_ca_arn(ARN))
    message = str(raised.value)
    assert message.startswith(f"AWS throttled the request for the CSR of {ARN} on all {len(fake.calls)} attempts")
    assert "(time_budget 60 s)" in message and message.endswith("Rate exceeded")
    assert 55 <= retry_clock.now <= 60, "the budget is used, and not overrun"
    assert 5 <= len(fake.calls) <= 20


@pytest.mark.parametrize(
    ("error", "advice"),
    [
        (EndpointConnectionError(endpoint_url="http://127.0.0.1:9"), "Could not connect to the ACM PCA endpoint"),
        (ConnectTimeoutError(endpoint_url="http://192.0.2.1"), "Could not connect to the ACM PCA endpoint"),
        (ReadTimeoutError(endpoint_url="http://127.0.0.1:9"), "The ACM PCA endpoint for us-east-1 did not answer"),
        (NoCredentialsError(), "No AWS credentials were found"),
        (ConnectionClosedError(endpoint_url="http://127.0.0.1:9"), "The ACM PCA endpoint for us-east-1 closed the"),
        (ResponseParserError("Unable to parse response"), "Failed to get the CSR of"),
    ],
)
def test_transport_errors_say_what_to_check(fake, error, advice):
    always(fake, error)
    with pytest.raises(AcmPcaError) as raised:
        get_csr(api(fake), parse_ca_arn(ARN))
    assert raised.value.message.startswith(advice)
    assert str(error) in str(raised.value), "botocore's own words follow the advice"


def test_an_answer_without_a_csr_fails_clearly(fake):
    client = api(fake)
    fake.answers["GetCertificateAuthorityCsr"] = lambda CertificateAuthorityArn: {}
    with pytest.raises(AcmPcaError, match=r"answered the request for the CSR of .* without a CSR"):
        get_csr(client, parse_ca_arn(ARN))


def test_an_unreadable_answer_fails_with_the_parser_error(fake):
    always(fake, ResponseParserError("Unable to parse response (not CBOR)"))
    with pytest.raises(AcmPcaError, match=r"Failed to get the CSR of .*Unable to parse response"):
        get_csr(api(fake), parse_ca_arn(ARN))
