# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The acmpca_csr lookup in-process: moto where it emulates ACM PCA, fake clients for ordering, concurrency and errors."""

import importlib
import threading
import time
import uuid
from collections import defaultdict

import boto3
import pytest
import yaml
from botocore.exceptions import ClientError
from botocore.exceptions import EndpointConnectionError
from moto import mock_aws

from ansible import constants as C
from ansible.errors import AnsibleLookupError
from ansible.utils.plugin_docs import add_fragments

from ansible_collections.privateca.aws.plugins.lookup import acmpca_csr
from ansible_collections.privateca.aws.plugins.module_utils import _csr
from ansible_collections.privateca.aws.plugins.module_utils import _csr_info
from ansible_collections.privateca.aws.plugins.module_utils._aws import retry as _retry
from ansible_collections.privateca.aws.plugins.module_utils._aws import waiter as _waiter
from ansible_collections.privateca.aws.plugins.module_utils._aws.arn import parse_ca_arn as _parse_ca_arn
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import AcmPcaError
from ansible_collections.privateca.aws.plugins.module_utils._aws.wait_timeout import WAIT_TIMEOUT_DEFAULT
from ansible_collections.privateca.aws.plugins.modules import acmpca_csr_info
from ansible_collections.privateca.aws.tests.unit.conftest import ERRORS_MOTO_CANNOT_PRODUCE
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._acmpca_fake import FakeAcmPca
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import ModelChecked
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import api_for
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import client_error as _client_error
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import install_clients

LOAD_NAME = "privateca.aws.acmpca_csr"
PEM = "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n"


def arn(region: str = "us-east-1", ca_id: str | None = None) -> str:
    return f"arn:aws:acm-pca:{region}:123456789012:certificate-authority/{ca_id or uuid.uuid4()}"


def raise_error(error: Exception):
    """Raise error from inside a lambda, which cannot hold a raise statement."""
    raise error


def client_error(code: str) -> ClientError:
    return _client_error(code, "GetCertificateAuthorityCsr", "from AWS")


class DocFragments:
    """Ansible's fragment loader needs the collection loader, which these tests do without; this reads the same classes."""

    def get(self, name: str):
        parts = name.split(".")
        if len(parts) != 3:
            return None
        module = importlib.import_module(f"ansible_collections.{parts[0]}.{parts[1]}.plugins.doc_fragments.{parts[2]}")
        fragment = module.ModuleDocFragment()
        fragment.ansible_name = name
        return fragment


@pytest.fixture(scope="module", autouse=True)
def option_definitions():
    """What the plugin loader does on load: register the documented options, fragments included."""
    documentation = yaml.safe_load(acmpca_csr.DOCUMENTATION)
    add_fragments(documentation, acmpca_csr.__file__, fragment_loader=DocFragments())
    C.config.initialize_plugin_configuration_definitions("lookup", LOAD_NAME, documentation["options"])
    return documentation["options"]


def run_lookup(terms: list, **options):
    plugin = acmpca_csr.LookupModule()
    plugin._load_name = LOAD_NAME
    return plugin.run(terms, variables={}, **options)


@pytest.fixture
def warnings(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(acmpca_csr.display, "warning", shown.append)
    return shown


def answer_csrs(fake: FakeAcmPca, answer) -> None:
    """GetCertificateAuthorityCsr answers ``answer(ARN)`` for any CA: these tests make their ARNs as they go."""
    fake.answers["GetCertificateAuthorityCsr"] = lambda CertificateAuthorityArn: {
        "Csr": answer(CertificateAuthorityArn)
    }


def describe_as(fake: FakeAcmPca, status) -> None:
    """DescribeCertificateAuthority answers ``status(ARN)`` for any CA."""
    fake.answers["DescribeCertificateAuthority"] = lambda CertificateAuthorityArn: {
        "CertificateAuthority": {"Arn": CertificateAuthorityArn, "Status": status(CertificateAuthorityArn)}
    }


def requested(fake: FakeAcmPca, operation: str = "GetCertificateAuthorityCsr") -> list[str]:
    """The ARNs of the requests of ``operation`` the fake received, in order."""
    return [params["CertificateAuthorityArn"] for name, params in fake.calls if name == operation]


@pytest.fixture
def fake_client(monkeypatch) -> FakeAcmPca:
    """The one ACM PCA fake, handed to the lookup through its client (the one seam, with the retry layer and
    botocore's model checks); every CA's CSR is PEM and every CA is ACTIVE unless a test answers otherwise.
    ``fake.made`` records how and in which thread each client was made. Errors AWS gives and moto cannot
    are ``fake.fail_next(operation, code)``."""
    fake = FakeAcmPca()
    answer_csrs(fake, lambda ca_arn: PEM)
    describe_as(fake, lambda ca_arn: "ACTIVE")
    install_clients(monkeypatch, {"acm-pca": fake}, plugin=acmpca_csr.LookupModule)
    return fake


@pytest.fixture
def moto_cas():
    """Three CAs in moto, two regions; yields [(arn, pem)] in creation order."""
    with mock_aws():
        cas = []
        for region, name in (("us-east-1", "East One"), ("eu-west-1", "West"), ("us-east-1", "East Two")):
            client = boto3.client("acm-pca", region_name=region)
            ca_arn = client.create_certificate_authority(
                CertificateAuthorityConfiguration={
                    "KeyAlgorithm": "RSA_2048",
                    "SigningAlgorithm": "SHA256WITHRSA",
                    "Subject": {"CommonName": name, "Organization": "Example Corp"},
                },
                CertificateAuthorityType="SUBORDINATE",
            )["CertificateAuthorityArn"]
            cas.append((ca_arn, client.get_certificate_authority_csr(CertificateAuthorityArn=ca_arn)["Csr"]))
        yield cas


def test_returns_the_csrs_moto_holds_in_the_order_of_the_terms(moto_cas, warnings):
    arns = [ca_arn for ca_arn, pem in moto_cas]
    assert run_lookup(arns[::-1]) == [pem for ca_arn, pem in moto_cas][::-1]
    assert warnings == []


def test_a_region_given_to_read_across_regions_gives_no_warning(moto_cas, warnings):
    """The region rule (doc fragment privateca.aws.acmpca): each term's ARN names its region; the lookup's
    region is not overridden by anything the user gave for these terms, so nothing warns (issue 16)."""
    arns = [ca_arn for ca_arn, pem in moto_cas]
    assert run_lookup(arns, region="eu-west-1") == [pem for ca_arn, pem in moto_cas]
    assert warnings == []


def test_a_region_from_the_environment_is_replaced_without_a_warning(moto_cas, warnings, monkeypatch):
    monkeypatch.setenv("AWS_REGION", "ap-south-1")
    arns = [ca_arn for ca_arn, pem in moto_cas]
    assert run_lookup(arns) == [pem for ca_arn, pem in moto_cas]
    assert warnings == []


def test_output_info_returns_what_the_module_returns_and_its_documented_keys(moto_cas, option_definitions):
    ca_arn, pem = moto_cas[0]
    [result] = run_lookup([ca_arn], output="info")
    assert result == _csr.csr_result(_parse_ca_arn(ca_arn), pem)
    assert result["csr_info"]["subject"] == {"organizationName": "Example Corp", "commonName": "East One"}

    documented = yaml.safe_load(acmpca_csr.RETURN)["_raw"]["contains"]
    assert result.keys() == documented.keys()
    for key, doc in documented.items():
        assert isinstance(result[key], {"str": str, "dict": dict}[doc["type"]])
    # The lookup's RETURN points at the module's csr_info; both must stay true.
    module_csr_info = yaml.safe_load(acmpca_csr_info.RETURN)["csr_info"]["contains"]
    assert result["csr_info"].keys() <= module_csr_info.keys()
    always = {key for key, doc in module_csr_info.items() if doc["returned"] == "success"}
    assert always <= result["csr_info"].keys()


def test_output_info_without_cryptography_leaves_csr_info_out_and_warns_once(fake_client, monkeypatch, warnings):
    monkeypatch.setattr(_csr_info, "HAS_CRYPTOGRAPHY", False)
    results = run_lookup([arn(), arn()], output="info")
    assert [sorted(result) for result in results] == [["certificate_authority_arn", "csr"]] * 2
    assert len([warning for warning in warnings if "cryptography" in warning]) == 1


def test_output_pem_does_not_warn_about_cryptography(fake_client, monkeypatch, warnings):
    monkeypatch.setattr(_csr_info, "HAS_CRYPTOGRAPHY", False)
    assert run_lookup([arn()]) == [PEM]
    assert warnings == []


@pytest.mark.parametrize("on_missing", ["error", "warn", "skip"])
def test_on_missing(moto_cas, warnings, on_missing):
    missing = arn("eu-west-1")
    present, pem = moto_cas[0]
    if on_missing == "error":
        with pytest.raises(AnsibleLookupError) as caught:
            run_lookup([present, missing], on_missing=on_missing)
        assert str(caught.value).startswith(
            f"No private CA {missing} exists in account 123456789012 and region eu-west-1"
        )
        assert "ResourceNotFoundException" in str(caught.value)
        return
    assert run_lookup([missing, present, missing], on_missing=on_missing) == [None, pem, None]
    if on_missing == "warn":
        assert len(warnings) == 2 and all(missing in warning for warning in warnings)
    else:
        assert warnings == []


def test_responses_that_come_back_out_of_order_are_returned_in_term_order(fake_client):
    """The first term answers only after every other term has answered."""
    arns = [arn() for index in range(6)]
    answered: list[str] = []
    others_done = threading.Event()

    def answer(ca_arn):
        if ca_arn == arns[0] and not others_done.wait(timeout=5):
            raise AssertionError("the other requests never finished")
        answered.append(ca_arn)
        if len(answered) == len(arns) - 1:
            others_done.set()
        return f"PEM of {ca_arn}"

    answer_csrs(fake_client, answer)
    assert run_lookup(arns, max_concurrency=3) == [f"PEM of {ca_arn}" for ca_arn in arns]
    assert answered[-1] == arns[0], "the test must have made the answers come back out of order"


class InFlightCounter:
    """Each call waits until `limit` calls are in flight, then lingers so that any extra worker would show up."""

    def __init__(self, limit: int):
        self.limit = limit
        self.in_flight = 0
        self.most = 0
        self.gave_up = False  # once the limit proved out of reach, stop waiting: fail fast, not hang
        self.condition = threading.Condition()

    def __call__(self, ca_arn: str) -> str:
        with self.condition:
            self.in_flight += 1
            self.most = max(self.most, self.in_flight)
            self.condition.notify_all()
            if not self.condition.wait_for(lambda: self.gave_up or self.in_flight >= self.limit, timeout=5):
                self.gave_up = True
        time.sleep(0.05)
        with self.condition:
            self.in_flight -= 1
        return PEM


@pytest.mark.parametrize("max_concurrency", [1, 3, None])
def test_requests_in_flight_reach_but_never_exceed_max_concurrency(fake_client, max_concurrency):
    limit = max_concurrency or 8  # None: the documented default
    counter = InFlightCounter(limit)
    answer_csrs(fake_client, counter)
    options = {"max_concurrency": max_concurrency} if max_concurrency else {}
    arns = [arn() for index in range(2 * limit)]
    assert run_lookup(arns, **options) == [PEM] * len(arns)
    assert counter.most == limit
    assert sorted(requested(fake_client)) == sorted(arns)


def test_one_client_per_region_made_in_the_main_thread_with_short_timeouts(fake_client):
    terms = [arn("eu-west-1"), arn("us-east-1"), arn("eu-west-1"), arn("ap-south-2"), arn("us-east-1")]
    run_lookup(terms, max_concurrency=12)
    assert [made["region"] for made in fake_client.made] == ["eu-west-1", "us-east-1", "ap-south-2"]
    for made in fake_client.made:
        assert made["service"] == "acm-pca" and made["main_thread"]
        # Five distinct ARNs: five connections at most, whatever max_concurrency says.
        assert made["aws_config"] == {**_retry.client_config(None, _retry.Budget())[0], "max_pool_connections": 5}


def test_a_huge_max_concurrency_fails_at_once_and_a_large_one_sizes_nothing_beyond_the_arns(fake_client):
    started = time.monotonic()
    with pytest.raises(AnsibleLookupError, match="max_concurrency must be a whole number from 1 to 64, got 10000000"):
        run_lookup([arn()], max_concurrency=10000000)
    # Sizing a pool for ten million would take minutes; refusing takes milliseconds (bound loose for busy CI).
    assert time.monotonic() - started < 10 and fake_client.made == []
    threads_before = threading.active_count()
    assert run_lookup([arn(), arn()], max_concurrency=64) == [PEM, PEM]
    assert fake_client.made[0]["aws_config"]["max_pool_connections"] == 2
    assert threading.active_count() <= threads_before + 2


def test_duplicate_arns_are_fetched_once_and_returned_for_each_term(fake_client):
    same = arn()
    assert run_lookup([same, arn(), same]) == [PEM] * 3
    assert requested(fake_client).count(same) == 1


def test_no_terms_no_client(fake_client):
    assert run_lookup([]) == []
    assert fake_client.made == []


@pytest.mark.parametrize(
    ("terms", "options", "words"),
    [
        ([arn(), arn(), "arn:aws:acm:us-east-1:123456789012:certificate/x"], {}, "not 'acm-pca'"),
        ([arn(), f" {arn()}"], {}, "whitespace"),
        ([arn(), {"arn": arn()}], {}, r"got a dictionary \(with the keys arn\), not an ARN string"),
        ([arn(), None], {}, "got null, not an ARN string"),
        ([[arn(), [7]]], {}, r"got a number \(7\)"),
        (
            [arn(ca_id="12345678-1234-1234-1234-123456789012") + "/certificate/0123456789abcdef"],
            {},
            "it is the ARN of a certificate issued by a CA, not of the CA itself; give the CA's ARN, "
            r"arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012\. Expected",
        ),
        ([arn()], {"time_budget": 0}, "time_budget must be a whole number of seconds from 1 to 3600"),
        ([arn()], {"time_budget": 3601}, "time_budget must be"),
        ([arn()], {"aws_config": {"read_timout": 5}}, "aws_config has a setting botocore does not know.*read_timeout"),
        (
            [arn()],
            {"wait_timout": 5},
            r"^The privateca\.aws\.acmpca_csr lookup does not know the option wait_timout \(did you mean wait_timeout\?\)",
        ),
        ([arn()], {"colour": "red", "verify": False}, "does not know the options colour, verify. Valid options: "),
        ([arn()], {"wait_timeout": 0}, "wait_timeout must be"),
        ([arn()], {"wait_timeout": -5}, "wait_timeout must be"),
        ([arn()], {"max_concurrency": 0}, "max_concurrency must be"),
        ([arn()], {"max_concurrency": -1}, "max_concurrency must be"),
    ],
)
def test_bad_input_fails_before_any_client_or_request(fake_client, terms, options, words):
    with pytest.raises(AnsibleLookupError, match=words):
        run_lookup(terms, **options)
    assert fake_client.made == [] and requested(fake_client) == []


def module_message(code: str) -> str:
    """What the module says for this error code: the shared get_csr, on the same fake."""
    fake = FakeAcmPca()
    fake.fail_next("GetCertificateAuthorityCsr", code)
    target = arn(ca_id="12345678-1234-1234-1234-123456789012")
    with pytest.raises(AcmPcaError) as caught:
        _csr.get_csr(api_for(ModelChecked(fake, "acm-pca")), _parse_ca_arn(target), wait=True, wait_timeout=180)
    return str(caught.value)


@pytest.mark.parametrize(
    ("code", "words"),
    ERRORS_MOTO_CANNOT_PRODUCE,
)
def test_errors_moto_cannot_produce_give_the_module_message(fake_client, code, words):
    fake_client.fail_next("GetCertificateAuthorityCsr", code)
    with pytest.raises(AnsibleLookupError) as caught:
        run_lookup([arn(ca_id="12345678-1234-1234-1234-123456789012")])
    assert str(caught.value) == module_message(code)
    assert words in str(caught.value)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (EndpointConnectionError(endpoint_url="http://127.0.0.1:9"), "Could not connect to the ACM PCA endpoint"),
        ("", "without a CSR"),
    ],
)
def test_answers_that_are_not_an_aws_error_fail_with_the_module_message(fake_client, answer, words):
    def respond(ca_arn):
        if isinstance(answer, Exception):
            raise answer
        return answer

    answer_csrs(fake_client, respond)
    with pytest.raises(AnsibleLookupError, match=words):
        run_lookup([arn()])


def test_request_in_progress_without_wait_fails_at_once(fake_client):
    fake_client.fail_next("GetCertificateAuthorityCsr", "RequestInProgressException")
    with pytest.raises(AnsibleLookupError, match="still being created"):
        run_lookup([arn()], wait=False)


def test_wait_polls_until_the_csr_is_there(fake_client, monkeypatch):
    monkeypatch.setattr(_waiter, "POLL_FIRST_DELAY", 0.01)
    fake_client.fail_next("GetCertificateAuthorityCsr", "RequestInProgressException")
    fake_client.fail_next("GetCertificateAuthorityCsr", "RequestInProgressException")
    assert run_lookup([arn()], wait_timeout=30) == [PEM]
    assert len(requested(fake_client)) == 3


def test_wait_timeout_is_honoured(fake_client, monkeypatch):
    monkeypatch.setattr(_waiter, "POLL_FIRST_DELAY", 0.2)

    def still_in_progress(ca_arn):
        raise client_error("RequestInProgressException")

    answer_csrs(fake_client, still_in_progress)
    started = time.monotonic()
    with pytest.raises(AnsibleLookupError, match="Timed out after 1 s"):
        run_lookup([arn()], wait_timeout=1)
    # An ignored wait_timeout waits out the default 300 s; the bound leaves a busy CI machine room.
    assert time.monotonic() - started < 30


def test_throttling_is_retried(fake_client, monkeypatch):
    monkeypatch.setattr(_retry.Budget, "sleep", lambda budget, seconds: None)
    fake_client.fail_next("GetCertificateAuthorityCsr", "ThrottlingException")
    fake_client.fail_next("GetCertificateAuthorityCsr", "ThrottlingException")
    assert run_lookup([arn()]) == [PEM]


def test_concurrent_throttled_requests_each_back_off_from_the_start(fake_client, monkeypatch):
    """Requests share the lookup's deadline, not their backoff: each doubles its own pauses from the first one."""
    sleeps: dict[str, list[float]] = defaultdict(list)

    class NoJitter:
        random = staticmethod(lambda: 1.0)  # the delays are predictable

    monkeypatch.setattr(_retry, "random", NoJitter)

    def record_sleep(budget, seconds: float) -> None:
        sleeps[threading.current_thread().name].append(seconds)

    monkeypatch.setattr(_retry.Budget, "sleep", record_sleep)
    in_step = threading.Barrier(2, timeout=10)  # both requests fail together, so that they overlap
    failures: dict[str, int] = defaultdict(int)

    def throttle_twice(ca_arn):
        in_step.wait()
        if failures[ca_arn] < 2:
            failures[ca_arn] += 1
            raise client_error("ThrottlingException")
        return PEM

    answer_csrs(fake_client, throttle_twice)
    assert run_lookup([arn(), arn()], max_concurrency=2) == [PEM, PEM]
    assert sorted(sleeps.values()) == [[0.5, 1.0], [0.5, 1.0]]


def test_a_failure_stops_the_others_and_unsent_requests_are_not_sent(fake_client, monkeypatch):
    monkeypatch.setattr(_waiter, "POLL_FIRST_DELAY", 1.0)
    polling, failing = arn(), arn()

    def answer(ca_arn):
        raise client_error("RequestInProgressException" if ca_arn == polling else "AccessDeniedException")

    answer_csrs(fake_client, answer)
    never_sent = [arn() for index in range(5)]
    started = time.monotonic()
    with pytest.raises(AnsibleLookupError, match="Access denied"):
        run_lookup([polling, failing, *never_sent], max_concurrency=2, wait_timeout=120)
    assert time.monotonic() - started < 30, "the polling worker must stop, not wait out wait_timeout"
    assert not set(never_sent) & set(requested(fake_client))


def test_when_several_fail_the_earliest_term_is_reported(fake_client):
    first, second = arn(), arn()
    first_sent, second_failed = threading.Event(), threading.Event()

    def answer(ca_arn):
        # Both requests are in flight before either fails (a request not sent yet when another fails is
        # never sent), and the later term fails first.
        if ca_arn == first:
            first_sent.set()
            second_failed.wait(timeout=10)
            raise client_error("InvalidStateException")
        first_sent.wait(timeout=10)
        second_failed.set()
        raise client_error("AccessDeniedException")

    answer_csrs(fake_client, answer)
    with pytest.raises(AnsibleLookupError, match=f"The private CA {first} is in a state"):
        run_lookup([first, second])


def test_an_unexpected_fault_keeps_its_type(fake_client):
    def broken(ca_arn):
        raise KeyError("Csr")

    answer_csrs(fake_client, broken)
    with pytest.raises(KeyError):
        run_lookup([arn()])


def test_credentials_never_appear_in_errors_or_warnings(moto_cas, warnings):
    credentials = {
        "access_key": "AKIAMARKERACCESSKEY1",
        "secret_key": "secret-marker-0f9c2d",
        "session_token": "tok-7a1b",
    }
    with pytest.raises(AnsibleLookupError) as caught:
        run_lookup([moto_cas[0][0], arn()], region="eu-west-1", **credentials)
    shown = str(caught.value) + " ".join(warnings)
    assert "ResourceNotFoundException" in shown and warnings == [], "no region warning for a lookup (region rule)"
    for marker in credentials.values():
        assert marker not in shown


def test_documented_options_are_the_ones_the_lookup_reads(option_definitions):
    own = {"_terms", "wait", "wait_timeout", "max_concurrency", "on_missing", "output", "time_budget"}
    own |= {"aws_config", "validate_certs", "aws_ca_bundle"}
    connection = {"access_key", "secret_key", "session_token", "profile", "endpoint_url", "region"}
    assert set(option_definitions) == own | connection
    assert option_definitions["max_concurrency"]["default"] == 8
    assert yaml.safe_load(acmpca_csr.EXAMPLES)


def test_lists_and_nested_lists_of_arns_are_flattened_in_order(fake_client):
    first, second, third, fourth = arn(), arn(), arn(), arn()
    answer_csrs(fake_client, lambda ca_arn: f"PEM of {ca_arn}")
    result = run_lookup([[first, [second, third]], (fourth,)])
    assert result == [f"PEM of {ca_arn}" for ca_arn in (first, second, third, fourth)]


def test_connection_options_the_modules_have_reach_the_client(monkeypatch):
    """validate_certs, aws_ca_bundle and aws_config go where amazon.aws sends them for the modules."""
    made = {}

    def fake_boto3_conn(plugin, conn_type, resource=None, region=None, endpoint=None, **params):
        made.update(params, region=region, endpoint=endpoint)
        fake = FakeAcmPca()
        answer_csrs(fake, lambda ca_arn: PEM)
        return ModelChecked(fake, "acm-pca")

    monkeypatch.setattr("ansible_collections.amazon.aws.plugins.plugin_utils.base.boto3_conn", fake_boto3_conn)
    aws_config = {"connect_timeout": 3, "read_timeout": 4, "retries": {"total_max_attempts": 2}}
    run_lookup([arn()], validate_certs=True, aws_ca_bundle="/etc/pki/bundle.pem", aws_config=aws_config)
    assert made["verify"] == "/etc/pki/bundle.pem"
    assert made["aws_config"] == {**aws_config, "max_pool_connections": 1}
    made.clear()
    run_lookup([arn()], validate_certs=False)
    assert made["verify"] is False


@pytest.mark.parametrize("on_missing", ["warn", "skip"])
def test_on_missing_covers_a_deleted_ca(fake_client, warnings, on_missing):
    deleted = arn()

    def answer(ca_arn):
        if ca_arn == deleted:
            raise client_error("InvalidStateException")
        return PEM

    answer_csrs(fake_client, answer)
    describe_as(fake_client, lambda ca_arn: "DELETED")
    assert run_lookup([deleted, arn()], on_missing=on_missing) == [None, PEM]
    assert requested(fake_client, "DescribeCertificateAuthority") == [deleted]
    if on_missing == "warn":
        assert len(warnings) == 1 and "is DELETED" in warnings[0] and deleted in warnings[0]
    else:
        assert warnings == []


@pytest.mark.parametrize(("on_missing", "status"), [("error", "DELETED"), ("warn", "FAILED"), ("skip", "DISABLED")])
def test_a_ca_in_another_state_or_on_missing_error_stays_an_error(fake_client, on_missing, status):
    answer_csrs(fake_client, lambda ca_arn: raise_error(client_error("InvalidStateException")))
    describe_as(fake_client, lambda ca_arn: status)
    with pytest.raises(AnsibleLookupError, match="is in a state that has no CSR to give"):
        run_lookup([arn()], on_missing=on_missing)
    assert len(requested(fake_client, "DescribeCertificateAuthority")) == (0 if on_missing == "error" else 1)


def test_persistent_throttling_of_five_arns_fails_within_the_budget_with_what_happened(fake_client):
    answer_csrs(fake_client, lambda ca_arn: raise_error(client_error("ThrottlingException")))
    arns = [arn() for index in range(5)]
    started = time.monotonic()
    with pytest.raises(AnsibleLookupError) as caught:
        run_lookup(arns, time_budget=2)
    elapsed = time.monotonic() - started
    # An ignored budget retries for the default 60 s; the margin is for a busy CI machine, the exact
    # bound on the pauses is in test_acmpca_retry.py's fake-clock tests.
    assert elapsed < 15, f"took {elapsed:.1f} s for a 2 s budget"
    message = str(caught.value)
    assert message.startswith("AWS throttled the request for the CSR of arn:")
    assert any(f"{ca_arn} on all " in message for ca_arn in arns)
    assert "(time_budget 2 s)" in message and "max_concurrency" in message and "Service Quotas" in message
    assert len(requested(fake_client)) <= 5 * 5, "a few attempts per ARN in 2 s, not dozens"


def test_one_failure_stops_every_other_backoff_at_once(fake_client):
    denied = arn()

    def answer(ca_arn):
        if ca_arn == denied:
            time.sleep(0.3)  # after the others have started backing off
            raise client_error("AccessDeniedException")
        raise client_error("ThrottlingException")

    answer_csrs(fake_client, answer)
    started = time.monotonic()
    with pytest.raises(AnsibleLookupError, match="Access denied"):
        run_lookup([arn(), arn(), denied, arn(), arn()], time_budget=60)
    # Sleeping out the backoff takes the 60 s budget.
    assert time.monotonic() - started < 20, "the throttled workers must stop, not sleep out their backoff"


def test_retries_in_aws_config_replace_the_budget_retries(fake_client):
    answer_csrs(fake_client, lambda ca_arn: raise_error(client_error("ThrottlingException")))
    with pytest.raises(AnsibleLookupError, match=r"on 1 attempt over .* \(with the retries aws_config sets\)"):
        run_lookup([arn()], aws_config={"retries": {"total_max_attempts": 3}})
    assert len(requested(fake_client)) == 1, "botocore makes the three attempts; nothing on top of them"


def test_the_lookup_waits_as_long_as_every_module_by_default(option_definitions):
    """One wait_timeout default for the modules and the lookup (CONTRIBUTING.md, "Results and options")."""
    assert option_definitions["wait_timeout"]["default"] == WAIT_TIMEOUT_DEFAULT
