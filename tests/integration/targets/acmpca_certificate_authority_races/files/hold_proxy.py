# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An HTTP proxy for the race tests: it forwards every request to an upstream endpoint, and holds the first
``--parties`` requests for the listed operations until all of them have arrived, then lets them go together.

Two runs of acmpca_certificate_authority pointed at it (endpoint_url) both look for their CA by name before
either creates one: the race that two runs at once can hit, made certain. An operation is named as AWS names
it (``ListCertificateAuthorities``, ``GetResources``); it is found in the X-Amz-Target header of the JSON
protocol (``ACMPrivateCA.ListCertificateAuthorities``) or the path of the Smithy RPC v2 CBOR protocol
(``/service/ACMPrivateCA/operation/ListCertificateAuthorities``).

    python hold_proxy.py --upstream http://127.0.0.1:5000 --port-file /tmp/port \\
        --hold ListCertificateAuthorities --hold GetResources --parties 2

- ``--refuse-after OPERATION``: once the answer to that operation has been sent, the proxy stops listening, so
  that every later connection is refused (the network failing right after a write), and exits.
- ``GET /_proxy/status``: {"arrived": n, "released": bool, "timed_out": bool, "forwarded": [operation, ...]}.
- ``POST /_proxy/rearm``: the next ``--parties`` requests of the operations are held again (another race).
- ``POST /_proxy/stop``: the proxy answers, then exits.
- Held requests go on after ``--hold-timeout`` seconds even when not all parties arrived (``timed_out``
  says so); the proxy exits by itself after ``--lifetime`` seconds, so that a broken test leaves nothing.

For tests only, on 127.0.0.1. Standard library only.
"""

from __future__ import annotations

import argparse
import http.client
import http.server
import json
import socket
import sys
import threading
import urllib.parse
from pathlib import Path
from typing import Any


def operation_of(target: str, path: str) -> str:
    """The operation a request calls, from its X-Amz-Target header or its RPC v2 path; "" when neither says."""
    if target:
        return target.rsplit(".", 1)[-1]
    marker = "/operation/"
    return path.split(marker, 1)[1].split("?", 1)[0] if marker in path else ""


HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade"}


class Hold:
    """The first ``parties`` requests wait for each other (at most ``timeout`` seconds); the rest pass."""

    def __init__(self, parties: int, timeout: float) -> None:
        self.parties = parties
        self.timeout = timeout
        self.arrived = 0
        self.timed_out = False
        self.released = threading.Event()
        self.lock = threading.Lock()

    def wait(self) -> None:
        with self.lock:
            if self.released.is_set():
                return
            self.arrived += 1
            if self.arrived >= self.parties:
                self.released.set()
                return
        if not self.released.wait(self.timeout):
            with self.lock:
                self.timed_out = True
                self.released.set()


class Proxy(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, upstream: str, hold_targets: set[str], hold: Hold, refuse_after: str = "") -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        parsed = urllib.parse.urlsplit(upstream)
        self.upstream_host = parsed.hostname or "127.0.0.1"
        self.upstream_port = parsed.port or (443 if parsed.scheme == "https" else 80)
        self.upstream_https = parsed.scheme == "https"
        self.hold_targets = hold_targets
        self.hold = hold
        self.refuse_after = refuse_after
        self.forwarded: list[str] = []
        self.lock = threading.Lock()

    def status(self) -> dict[str, Any]:
        with self.lock:
            forwarded = list(self.forwarded)
        return {
            "arrived": self.hold.arrived,
            "released": self.hold.released.is_set(),
            "timed_out": self.hold.timed_out,
            "forwarded": forwarded,
        }


class Handler(http.server.BaseHTTPRequestHandler):
    server: Proxy
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: the test reads /_proxy/status

    def _answer(self, status: int, headers: list[tuple[str, str]], body: bytes, last: bool = False) -> None:
        self.send_response(status)
        for name, value in headers:
            if name.lower() not in HOP_BY_HOP and name.lower() != "content-length":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        if last:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(body)

    def _control(self) -> bool:
        if self.path == "/_proxy/status" and self.command == "GET":
            self._answer(200, [("Content-Type", "application/json")], json.dumps(self.server.status()).encode())
            return True
        if self.path == "/_proxy/rearm" and self.command == "POST":
            self.server.hold = Hold(self.server.hold.parties, self.server.hold.timeout)
            self._answer(200, [("Content-Type", "application/json")], json.dumps(self.server.status()).encode())
            return True
        if self.path == "/_proxy/stop" and self.command == "POST":
            self._answer(200, [("Content-Type", "application/json")], b'{"stopping": true}')
            threading.Thread(target=self.server.shutdown, daemon=True).start()
            return True
        return False

    def _forward(self) -> None:
        if self._control():
            return
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        operation = operation_of(self.headers.get("X-Amz-Target", ""), self.path)
        if operation in self.server.hold_targets:
            self.server.hold.wait()
        with self.server.lock:
            self.server.forwarded.append(operation or f"{self.command} {self.path}")
        connection_class = http.client.HTTPSConnection if self.server.upstream_https else http.client.HTTPConnection
        connection = connection_class(self.server.upstream_host, self.server.upstream_port, timeout=120)
        try:
            headers = {name: value for name, value in self.headers.items() if name.lower() not in HOP_BY_HOP}
            connection.request(self.command, self.path, body=body, headers=headers)
            response = connection.getresponse()
            answer = (response.status, response.getheaders(), response.read())
            last = bool(operation) and operation == self.server.refuse_after
            if last:
                # No new connection from here on: they are refused, as by a network that failed after the write.
                # shutdown, not close: a close waits for the serving thread's poll to let go of the socket.
                self.server.socket.shutdown(socket.SHUT_RDWR)
            self._answer(*answer, last=last)
            if last:
                # Only once the answer is out: the process ends when serve_forever returns.
                threading.Thread(target=self.server.shutdown, daemon=True).start()
        except OSError as e:
            self._answer(502, [("Content-Type", "text/plain")], f"hold_proxy: upstream failed: {e}".encode())
        finally:
            connection.close()

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--upstream", required=True, help="the endpoint to forward to, e.g. http://127.0.0.1:5000")
    parser.add_argument("--port-file", required=True, help="where to write the port the proxy listens on")
    parser.add_argument(
        "--hold", action="append", default=[], help="an operation to hold, e.g. ListCertificateAuthorities (repeatable)"
    )
    parser.add_argument("--parties", type=int, default=2, help="how many held requests wait for each other")
    parser.add_argument("--hold-timeout", type=float, default=120.0, help="seconds a held request waits at most")
    parser.add_argument("--refuse-after", default="", help="refuse every connection after answering this operation")
    parser.add_argument("--lifetime", type=float, default=600.0, help="seconds after which the proxy exits")
    args = parser.parse_args(argv)

    proxy = Proxy(args.upstream, set(args.hold), Hold(args.parties, args.hold_timeout), args.refuse_after)
    stopper = threading.Timer(args.lifetime, proxy.shutdown)
    stopper.daemon = True
    stopper.start()
    port_file = Path(args.port_file)
    port_file.with_suffix(".tmp").write_text(str(proxy.server_address[1]))
    port_file.with_suffix(".tmp").replace(port_file)  # whole, for the test that waits for it
    try:
        proxy.serve_forever()
    finally:
        stopper.cancel()
        proxy.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
