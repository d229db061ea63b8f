# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The race tests' proxy (tests/integration/targets/acmpca_certificate_authority_races/files/hold_proxy.py):
it forwards everything, and holds the first requests of the named operations until all parties arrived."""

import http.server
import importlib.util
import json
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

PROXY_SCRIPT = (
    Path(__file__).resolve().parents[1]
    / "integration"
    / "targets"
    / "acmpca_certificate_authority_races"
    / "files"
    / "hold_proxy.py"
)


def _load():
    spec = importlib.util.spec_from_file_location("hold_proxy", PROXY_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hold_proxy = _load()


class Echo(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        answer = json.dumps({"target": self.headers.get("X-Amz-Target"), "path": self.path, "body": body.decode()})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer.encode())


@pytest.fixture
def upstream():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def proxy(upstream):
    started = []

    def start(parties=2, timeout=10.0, hold=("ListCertificateAuthorities", "GetResources")):
        server = hold_proxy.Proxy(upstream, set(hold), hold_proxy.Hold(parties, timeout))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append(server)
        return server, f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in started:
        server.shutdown()
        server.server_close()


def send(url, target=None, path="/", body=b"{}"):
    headers = {"Content-Type": "application/x-amz-json-1.1"}
    if target:
        headers["X-Amz-Target"] = target
    request = urllib.request.Request(url + path, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def test_other_operations_pass_at_once_and_arrive_as_sent(proxy):
    _server, url = proxy()
    answer = send(url, "ACMPrivateCA.DescribeCertificateAuthority", body=b'{"CertificateAuthorityArn": "x"}')
    assert answer == {
        "target": "ACMPrivateCA.DescribeCertificateAuthority",
        "path": "/",
        "body": '{"CertificateAuthorityArn": "x"}',
    }


def test_the_first_held_request_waits_for_the_second(proxy):
    server, url = proxy()
    answered = []
    first = threading.Thread(target=lambda: answered.append(send(url, "ACMPrivateCA.ListCertificateAuthorities")))
    first.start()
    time.sleep(0.5)
    assert answered == []  # still held: only one party arrived
    assert server.status()["arrived"] == 1
    # The second one may be another operation of the list (the tagging API's GetResources).
    send(url, "ResourceGroupsTaggingAPI_20170126.GetResources")
    first.join(10)
    assert len(answered) == 1
    status = server.status()
    assert status["released"] is True and status["timed_out"] is False
    # Once released, the same operation passes at once (the runs' later listings are not held).
    send(url, "ACMPrivateCA.ListCertificateAuthorities")
    assert server.status()["forwarded"].count("ListCertificateAuthorities") == 2


def test_rpc_v2_paths_name_the_operation_too(proxy):
    server, url = proxy(parties=1)
    send(url, path="/service/ACMPrivateCA/operation/ListCertificateAuthorities")
    assert server.status()["arrived"] == 1
    assert server.status()["forwarded"] == ["ListCertificateAuthorities"]


def test_a_party_that_never_comes_releases_the_others_after_the_timeout(proxy):
    server, url = proxy(timeout=0.5)
    started = time.monotonic()
    send(url, "ACMPrivateCA.ListCertificateAuthorities")
    assert time.monotonic() - started >= 0.5
    assert server.status()["timed_out"] is True


def test_status_and_stop_over_http(upstream, tmp_path):
    port_file = tmp_path / "port"
    thread = threading.Thread(
        target=hold_proxy.main, args=(["--upstream", upstream, "--port-file", str(port_file), "--lifetime", "30"],)
    )
    thread.start()
    deadline = time.monotonic() + 10
    while not port_file.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port_file.read_text()}"
    with urllib.request.urlopen(url + "/_proxy/status", timeout=10) as response:
        assert json.loads(response.read())["arrived"] == 0
    request = urllib.request.Request(url + "/_proxy/stop", data=b"", method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        assert json.loads(response.read()) == {"stopping": True}
    thread.join(10)
    assert not thread.is_alive()


def test_rearm_holds_the_next_requests_again(proxy):
    server, url = proxy(timeout=0.5)
    send(url, "ACMPrivateCA.ListCertificateAuthorities")  # alone: released by the timeout
    request = urllib.request.Request(url + "/_proxy/rearm", data=b"", method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        assert json.loads(response.read())["released"] is False
    answered = []
    first = threading.Thread(target=lambda: answered.append(send(url, "ACMPrivateCA.ListCertificateAuthorities")))
    first.start()
    time.sleep(0.2)
    assert answered == []
    send(url, "ACMPrivateCA.ListCertificateAuthorities")
    first.join(10)
    assert len(answered) == 1 and server.status()["timed_out"] is False


def test_refuse_after_answers_that_operation_then_refuses_every_connection(upstream):
    server = hold_proxy.Proxy(upstream, set(), hold_proxy.Hold(2, 1.0), refuse_after="CreateCertificateAuthority")
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        assert send(url, "ACMPrivateCA.ListCertificateAuthorities")["target"].endswith("ListCertificateAuthorities")
        assert send(url, "ACMPrivateCA.CreateCertificateAuthority")["target"].endswith("CreateCertificateAuthority")
        with pytest.raises(urllib.error.URLError) as refused:
            send(url, "ACMPrivateCA.DescribeCertificateAuthority")
        assert isinstance(refused.value.reason, ConnectionRefusedError)
        serving.join(10)
        assert not serving.is_alive()
    finally:
        server.server_close()
