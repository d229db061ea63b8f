# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Drive tests/utils/acmpca_fault_server.py with real boto3 clients, in both ACM PCA wire protocols.

botocore 1.44 picks JSON 1.1 for ACM PCA (its protocol priority puts ``json``
before ``smithy-rpc-v2-cbor``), so each protocol is pinned explicitly: the
client loads a copy of the ACM PCA model whose ``protocols`` list holds only
that protocol, from a data path put ahead of botocore's own.
"""

import copy
import importlib.util
import json
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import boto3
import botocore.loaders
import botocore.parsers
import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.exceptions import ConnectionClosedError
from botocore.exceptions import ReadTimeoutError
from botocore.parsers import ResponseParserError
from cryptography import x509
from cryptography.x509.oid import NameOID

SERVER_SCRIPT = Path(__file__).resolve().parents[1] / "utils" / "acmpca_fault_server.py"


def _load_server_module():
    spec = importlib.util.spec_from_file_location("acmpca_fault_server", SERVER_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


fault = _load_server_module()

CBOR = "smithy-rpc-v2-cbor"
PROTOCOLS = [
    "json",
    pytest.param(
        CBOR,
        marks=pytest.mark.skipif(CBOR not in botocore.parsers.PROTOCOL_PARSERS, reason="botocore without RPC v2 CBOR"),
    ),
]
ARN_PREFIX = "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/"
ACCESS_KEY = "AKIAFAULTSERVERTEST7"
SECRET_KEY = "fault-server-test-secret-key"
NO_RETRIES = {"mode": "standard", "total_max_attempts": 1}
ERRORS = {  # code -> HTTP status the server answers with
    "ResourceNotFoundException": 400,
    "InvalidArnException": 400,
    "InvalidStateException": 400,
    "RequestFailedException": 400,
    "RequestInProgressException": 400,
    "AccessDeniedException": 400,
    "ThrottlingException": 400,
    "TooManyRequestsException": 429,
}


def new_arn(label: str) -> str:
    return f"{ARN_PREFIX}{label}-{uuid.uuid4().hex[:8]}"


class FaultControl:
    """The server's base URL and log, and its /_fault/ control API."""

    def __init__(self, url: str, log_path: Path) -> None:
        self.url = url
        self.log_path = log_path
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def call(self, method: str, action: str, body: dict | None = None) -> tuple[int, dict]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.url}/_fault/{action}", data=data, method=method)
        try:
            with self._opener.open(request, timeout=10) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as exc:
            return exc.code, json.load(exc)

    def configure(self, body: dict) -> dict:
        status, result = self.call("POST", "scripts", body)
        assert status == 200, result
        return result

    def reset(self) -> None:
        assert self.call("POST", "reset")[0] == 200

    def counts(self) -> dict:
        return self.call("GET", "counts")[1]


@pytest.fixture(autouse=True)
def _local_endpoint_env(monkeypatch):
    monkeypatch.delenv("AWS_CA_BUNDLE", raising=False)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "127.0.0.1,localhost")


@pytest.fixture(scope="module")
def running_server(tmp_path_factory):
    log_path = tmp_path_factory.mktemp("fault-server") / "server.log"
    with fault.fault_server(log_path=log_path) as url:
        yield FaultControl(url, log_path)


@pytest.fixture
def server(running_server):
    running_server.reset()
    return running_server


@pytest.fixture(scope="module")
def model_dirs(tmp_path_factory) -> dict[str, Path]:
    model = botocore.loaders.create_loader().load_service_model("acm-pca", "service-2")
    dirs = {}
    for protocol in ("json", CBOR):
        pinned = copy.deepcopy(model)
        pinned["metadata"].update(protocol=protocol, protocols=[protocol])
        root = tmp_path_factory.mktemp(f"model-{protocol}")
        target = root / "acm-pca" / pinned["metadata"]["apiVersion"] / "service-2.json"
        target.parent.mkdir(parents=True)
        target.write_text(json.dumps(pinned))
        dirs[protocol] = root
    return dirs


@pytest.fixture(scope="module")
def sessions(model_dirs) -> dict[str, boto3.Session]:
    """One session per protocol, each loading the model pinned to that protocol."""
    result = {}
    for protocol, model_dir in model_dirs.items():
        session = botocore.session.Session()
        session.get_component("data_loader").search_paths.insert(0, str(model_dir))
        result[protocol] = boto3.Session(botocore_session=session)
    return result


@pytest.fixture
def client_for(running_server, sessions):
    def make(protocol: str = "json", url: str | None = None, **config):
        client = sessions[protocol].client(
            "acm-pca",
            region_name="us-east-1",
            endpoint_url=url or running_server.url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            config=Config(**config),
        )
        service_model = client.meta.service_model
        assert getattr(service_model, "resolved_protocol", service_model.protocol) == protocol
        return client

    return make


def get_csr(client, arn: str) -> dict:
    return client.get_certificate_authority_csr(CertificateAuthorityArn=arn)


def test_cbor_codec():
    value = {
        "Csr": "x" * 300,
        "ints": [0, 23, 24, 255, 256, 65535, 65536, 2**32, -1, -24, -25, -(2**40)],
        "blob": b"\x00\xff",
        "flags": [True, False, None],
        "float": 3.25,
        "nested": {"a": {"b": []}},
    }
    assert fault.cbor_decode(fault.cbor_encode(value)) == value
    # What other CBOR encoders may send: indefinite lengths, half floats, tag 1 timestamps.
    assert fault.cbor_decode(bytes.fromhex("bf6161f93e00ff")) == {"a": 1.5}
    assert fault.cbor_decode(bytes.fromhex("7f61616162ff")) == "ab"
    assert fault.cbor_decode(bytes.fromhex("c11a5f5e1000")) == 1600000000
    for broken in (b"\x62a", b"\xbf\x61a", b"\x01\x02", b"\x1c"):
        with pytest.raises(ValueError):
            fault.cbor_decode(broken)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_ok_returns_the_same_loadable_csr(server, client_for, protocol):
    arn = new_arn("ok")
    client = client_for(protocol)
    first, second = get_csr(client, arn), get_csr(client, arn)
    csr = x509.load_pem_x509_csr(first["Csr"].encode())
    assert csr.is_signature_valid
    assert csr.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == arn.rsplit("/", 1)[1]
    assert second["Csr"] == first["Csr"]
    assert first["ResponseMetadata"]["RequestId"]
    assert server.counts()["by_arn"][arn] == {"requests": 2, "by_outcome": {"ok": 2}}


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_error_codes_reach_the_client(server, client_for, protocol):
    arns = {code: new_arn(code) for code in ERRORS}
    server.configure({"scripts": {arn: [code] for code, arn in arns.items()}})
    client = client_for(protocol, retries=NO_RETRIES)
    for code, status in ERRORS.items():
        with pytest.raises(ClientError) as caught:
            get_csr(client, arns[code])
        response = caught.value.response
        assert (response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]) == (code, status)
        assert response["Error"]["Message"] == f"scripted {code} for {arns[code]}"
        assert response["ResponseMetadata"]["RequestId"]
        modeled = getattr(client.exceptions, code, None)
        assert modeled is None or isinstance(caught.value, modeled)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_http500_is_retried_then_ok(server, client_for, protocol):
    arn = new_arn("flaky")
    server.configure({"scripts": {arn: ["http500", "ok"]}})
    response = get_csr(client_for(protocol, retries={"mode": "standard", "total_max_attempts": 3}), arn)
    assert response["Csr"].startswith("-----BEGIN CERTIFICATE REQUEST-----")
    assert response["ResponseMetadata"]["RetryAttempts"] == 1
    assert server.counts()["by_arn"][arn]["by_outcome"] == {"http500": 1, "ok": 1}


def test_text500_is_a_500_without_an_api_error(server, client_for):
    # JSON only: botocore's CBOR parser fails on a plain-text error body with an AttributeError of its own.
    arn = new_arn("proxy")
    server.configure({"scripts": {arn: ["text500"]}})
    with pytest.raises(ClientError) as caught:
        get_csr(client_for("json", retries=NO_RETRIES), arn)
    response = caught.value.response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 500
    assert response["Error"]["Code"] == "500", "botocore can only name it by its status"
    assert server.counts()["by_arn"][arn]["by_outcome"] == {"text500": 1}


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_deleted_answers_invalid_state_and_describe_says_deleted(server, client_for, protocol):
    deleted, active = new_arn("deleted"), new_arn("active")
    server.configure({"scripts": {deleted: ["deleted"]}})
    client = client_for(protocol, retries=NO_RETRIES)
    with pytest.raises(ClientError) as caught:
        get_csr(client, deleted)
    assert caught.value.response["Error"]["Code"] == "InvalidStateException"
    describe = client.describe_certificate_authority
    assert describe(CertificateAuthorityArn=deleted)["CertificateAuthority"]["Status"] == "DELETED"
    assert describe(CertificateAuthorityArn=active)["CertificateAuthority"]["Status"] == "ACTIVE"
    # Describe is counted, and uses no step of the script.
    assert server.counts()["by_arn"][deleted] == {"requests": 2, "by_outcome": {"deleted": 1, "describe": 1}}


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_notjson(server, client_for, protocol):
    arn = new_arn("garbage")
    server.configure({"scripts": {arn: ["notjson"]}})
    client = client_for(protocol)  # default retries: neither outcome is retried
    if protocol == "json":
        # botocore's JSON parser turns a 200 body that is not JSON into an empty result.
        response = get_csr(client, arn)
        assert "Csr" not in response
        assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    else:
        with pytest.raises(ResponseParserError):
            get_csr(client, arn)
    assert server.counts()["by_arn"][arn]["requests"] == 1


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_close(server, client_for, protocol):
    arn = new_arn("drop")
    server.configure({"scripts": {arn: ["close", "ok"]}})
    with pytest.raises(ConnectionClosedError):
        get_csr(client_for(protocol, retries=NO_RETRIES), arn)
    assert get_csr(client_for(protocol), arn)["Csr"]  # the server keeps serving
    assert server.counts()["by_arn"][arn]["by_outcome"] == {"close": 1, "ok": 1}


def test_stall_longer_than_read_timeout(server, client_for):
    arn = new_arn("slow")
    server.configure({"scripts": {arn: ["stall:8"]}})
    client = client_for(read_timeout=1, retries={"max_attempts": 1})
    started = time.monotonic()
    with pytest.raises(ReadTimeoutError):
        get_csr(client, arn)
    # Two 1 s read timeouts; waiting out the stalls would take 16 s.
    assert time.monotonic() - started < 8
    # The client config's max_attempts counts retries, not attempts: two requests.
    assert server.counts()["by_arn"][arn] == {"requests": 2, "by_outcome": {"stall:8": 2}}


def test_counts_per_arn_and_reset(server, client_for):
    scripted, plain, never_sent = new_arn("scripted"), new_arn("plain"), new_arn("never")
    server.configure({"scripts": {scripted: ["InvalidStateException", "ok"]}})
    client = client_for(retries=NO_RETRIES)
    with pytest.raises(client.exceptions.InvalidStateException):
        get_csr(client, scripted)
    get_csr(client, scripted)
    get_csr(client, plain)
    assert server.counts() == {
        "total": 3,
        "throttled": 0,
        "by_arn": {
            scripted: {"requests": 2, "by_outcome": {"InvalidStateException": 1, "ok": 1}},
            plain: {"requests": 1, "by_outcome": {"ok": 1}},
        },
    }
    assert never_sent not in server.counts()["by_arn"]

    server.reset()
    assert server.counts() == {"total": 0, "throttled": 0, "by_arn": {}}
    get_csr(client, scripted)  # the script is gone: the default, ok
    server.configure({"scripts": {scripted: ["InvalidStateException", "ok"]}})
    with pytest.raises(client.exceptions.InvalidStateException):
        get_csr(client, scripted)  # a script set again starts from its first step
    assert server.counts()["by_arn"][scripted]["by_outcome"] == {"ok": 1, "InvalidStateException": 1}


def test_default_script_and_unknown_arns(server, client_for):
    server.configure({"default": ["RequestFailedException", "ok"]})
    client = client_for(retries=NO_RETRIES)
    first, second = new_arn("a"), new_arn("b")
    for arn in (first, second):
        with pytest.raises(client.exceptions.RequestFailedException):
            get_csr(client, arn)
        assert get_csr(client, arn)["Csr"]


def test_throttle_every_overrides_the_script_without_consuming_it(server, client_for):
    arn = new_arn("busy")
    server.configure({"scripts": {arn: ["InvalidStateException", "ok"]}, "throttle_every": 2})
    client = client_for(retries=NO_RETRIES)
    outcomes = []
    for _attempt in range(5):
        try:
            get_csr(client, arn)
            outcomes.append("ok")
        except ClientError as exc:
            outcomes.append(exc.response["Error"]["Code"])
    assert outcomes == ["InvalidStateException", "ThrottlingException", "ok", "ThrottlingException", "ok"]
    counts = server.counts()
    assert (counts["total"], counts["throttled"]) == (5, 2)
    assert counts["by_arn"][arn]["by_outcome"] == {"InvalidStateException": 1, "throttled": 2, "ok": 2}


def test_concurrent_clients_retry_through_throttling(server, client_for):
    server.configure({"throttle_every": 10})
    arns = [new_arn(f"host{index}") for index in range(10)]
    clients = [client_for(retries={"mode": "standard", "total_max_attempts": 10}) for _arn in arns]
    results: dict[str, list[str]] = {arn: [] for arn in arns}

    def hammer(client, arn):
        for _call in range(10):
            results[arn].append(get_csr(client, arn)["Csr"])

    threads = [threading.Thread(target=hammer, args=pair) for pair in zip(clients, arns, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(len(set(pems)) == 1 and len(pems) == 10 for pems in results.values())
    counts = server.counts()
    assert counts["throttled"] == counts["total"] // 10 >= 10
    assert counts["total"] == 100 + counts["throttled"]
    assert all(counts["by_arn"][arn]["by_outcome"]["ok"] == 10 for arn in arns)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_unknown_operation(server, client_for, protocol):
    with pytest.raises(ClientError) as caught:
        client_for(protocol, retries=NO_RETRIES).list_certificate_authorities()
    assert caught.value.response["Error"]["Code"] == "UnknownOperationException"
    assert server.counts() == {"total": 1, "throttled": 0, "by_arn": {}}


def test_control_api_rejects_bad_input(server):
    arn = new_arn("bad")
    for body in (
        {"scripts": {arn: ["okk"]}},
        {"scripts": {arn: []}},
        {"scripts": {arn: ["stall:soon"]}},
        {"default": "ok"},
        {"throttle_every": -1},
        {"throttle_every": True},
        {"unexpected": 1},
    ):
        status, result = server.call("POST", "scripts", body)
        assert status == 400, body
        assert result["error"]
    assert server.call("GET", "nothing")[0] == 404
    valid = {arn: ["stall:0", "stall:0.5", "Throttling"]}
    assert server.configure({"scripts": valid})["scripts"] == valid


def test_helper_scenarios_and_log_hygiene(tmp_path, client_for):
    log_path = tmp_path / "server.log"
    arn = new_arn("logged")
    with fault.fault_server({"default": ["InvalidArnException"]}, log_path=log_path) as url:
        client = client_for(url=url, retries=NO_RETRIES)
        with pytest.raises(ClientError, match="InvalidArnException"):
            get_csr(client, arn)
    log = log_path.read_text()  # the helper raised if the server did not stop cleanly on SIGTERM
    assert any(arn in line and "InvalidArnException -> 400" in line for line in log.splitlines())
    assert "stopped" in log
    for secret in (ACCESS_KEY, SECRET_KEY, "Credential=", "Signature=", "Authorization"):
        assert secret not in log


def test_command_line_port_file_and_sigint(tmp_path, client_for):
    port_file, scenarios = tmp_path / "port", tmp_path / "scenarios.json"
    scenarios.write_text(json.dumps({"default": ["RequestInProgressException"]}))
    command = [sys.executable, str(SERVER_SCRIPT), "--host", "127.0.0.1", "--port", "0"]
    command += ["--port-file", str(port_file), "--scenarios", str(scenarios)]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 15
        while not port_file.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        client = client_for(url=f"http://127.0.0.1:{int(port_file.read_text())}", retries=NO_RETRIES)
        with pytest.raises(ClientError, match="RequestInProgressException"):
            get_csr(client, new_arn("cli"))
    finally:
        process.send_signal(signal.SIGINT)
        stderr = process.communicate(timeout=10)[1]
    assert process.returncode == 0, stderr
    assert "listening on http://127.0.0.1:" in stderr
    assert "stopped" in stderr
