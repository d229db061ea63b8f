#!/usr/bin/env python
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Scripted fault endpoint for the ACM PCA API, for tests.

moto emulates ACM PCA but cannot fail on demand.  This HTTP server answers
``GetCertificateAuthorityCsr`` from a script of steps kept per CA ARN, so a real
boto3 client (``endpoint_url="http://127.0.0.1:PORT"``) can be shown throttling,
service errors, 500s, stalls, bodies that are not an API response, and dropped
connections.  It speaks both wire protocols botocore uses for ACM PCA and
answers in the one the request used: JSON 1.1 (``POST /`` with
``X-Amz-Target: ACMPrivateCA.<Operation>``) and Smithy RPC v2 CBOR
(``POST /service/ACMPrivateCA/operation/<Operation>``).

Steps, consumed one per request and per ARN, the last one repeating:
``ok`` (a real PEM CSR, the same one for every call with that ARN),
``stall:<seconds>`` (wait, then ``ok``), ``http500`` (500 InternalFailure),
``text500`` (500 with a plain-text body, as a proxy gives), ``deleted`` (InvalidStateException, and
``DescribeCertificateAuthority`` answers status DELETED for that ARN; it is counted but uses no step),
``notjson`` (200 with an HTML body), ``close`` (drop the connection unanswered),
or an error code such as ``ResourceNotFoundException`` (400 with that code;
429 for ``TooManyRequestsException``).

Control API (JSON) on the same port:
``POST /_fault/scripts`` ``{"scripts": {arn: [steps]}, "default": [steps], "throttle_every": N}`` (merged),
``POST /_fault/reset`` (back to a clean slate) and ``GET /_fault/counts``.
``--scenarios FILE.json`` applies the same JSON at start.  ``fault_server()``
runs the server as a subprocess for pytest fixtures and the integration harness.
"""

import argparse
import contextlib
import copy
import json
import os
import re
import signal
import socketserver
import struct
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

SERVICE = "ACMPrivateCA"
CSR_OPERATION = "GetCertificateAuthorityCsr"
CBOR_PATH_PREFIX = f"/service/{SERVICE}/operation/"
CONTROL_PREFIX = "/_fault/"
ERROR_NAMESPACE = "com.amazonaws.acmpca#"
SPECIAL_STEPS = ("ok", "http500", "text500", "deleted", "notjson", "close")
DESCRIBE_OPERATION = "DescribeCertificateAuthority"
ERROR_CODE = re.compile(r"[A-Z][A-Za-z0-9]*\Z")
THROTTLED = "throttled"  # outcome recorded for requests answered by throttle_every
# awsJson/rpcv2 services answer client errors (throttling and AccessDenied included)
# with 400; botocore retries on the code.  TooManyRequests is the 429 kind.
STATUS_BY_ERROR = {"TooManyRequestsException": 429}
NOT_AN_API_BODY = b"<html><body>502 Bad Gateway (scripted notjson)</body></html>"
PLAIN_TEXT_500 = b"Internal Server Error (scripted text500)\n"


# --- a CBOR subset (RFC 8949): what botocore sends and parses for ACM PCA ---


def cbor_encode(value: Any) -> bytes:
    out = bytearray()
    _cbor_put(out, value)
    return bytes(out)


def _cbor_head(out: bytearray, major: int, argument: int) -> None:
    if argument < 24:
        out.append(major << 5 | argument)
        return
    size = next(size for size in (1, 2, 4, 8) if argument < 1 << (8 * size))
    out.append(major << 5 | {1: 24, 2: 25, 4: 26, 8: 27}[size])
    out += argument.to_bytes(size, "big")


def _cbor_put(out: bytearray, value: Any) -> None:
    if value is None:
        out.append(0xF6)
    elif isinstance(value, bool):
        out.append(0xF5 if value else 0xF4)
    elif isinstance(value, int):
        if value >= 0:
            _cbor_head(out, 0, value)
        else:
            _cbor_head(out, 1, -1 - value)
    elif isinstance(value, float):
        out.append(0xFB)
        out += struct.pack(">d", value)
    elif isinstance(value, (bytes, bytearray)):
        _cbor_head(out, 2, len(value))
        out += value
    elif isinstance(value, str):
        encoded = value.encode()
        _cbor_head(out, 3, len(encoded))
        out += encoded
    elif isinstance(value, (list, tuple)):
        _cbor_head(out, 4, len(value))
        for item in value:
            _cbor_put(out, item)
    elif isinstance(value, dict):
        _cbor_head(out, 5, len(value))
        for key, item in value.items():
            _cbor_put(out, key)
            _cbor_put(out, item)
    else:
        raise TypeError(f"cannot CBOR-encode {type(value).__name__}")


class CborError(ValueError):
    pass


def cbor_decode(data: bytes) -> Any:
    value, end = _cbor_item(data, 0)
    if end != len(data):
        raise CborError(f"{len(data) - end} trailing bytes")
    return value


def _cbor_take(data: bytes, pos: int, size: int) -> tuple[bytes, int]:
    if pos + size > len(data):
        raise CborError("truncated CBOR data")
    return data[pos : pos + size], pos + size


def _cbor_item(data: bytes, pos: int) -> tuple[Any, int]:
    (initial,), pos = _cbor_take(data, pos, 1)
    major, info = initial >> 5, initial & 0x1F
    if major == 7:
        simple = {20: False, 21: True, 22: None, 23: None}
        if info in simple:
            return simple[info], pos
        if info not in (25, 26, 27):
            raise CborError(f"unsupported simple value {info}")
        fmt = {25: ">e", 26: ">f", 27: ">d"}[info]
        raw, pos = _cbor_take(data, pos, struct.calcsize(fmt))
        return struct.unpack(fmt, raw)[0], pos
    if info == 31:
        return _cbor_indefinite(data, pos, major)
    if info < 24:
        argument = info
    elif info <= 27:
        raw, pos = _cbor_take(data, pos, 1 << (info - 24))
        argument = int.from_bytes(raw, "big")
    else:
        raise CborError(f"invalid additional information {info}")
    if major == 0:
        return argument, pos
    if major == 1:
        return -1 - argument, pos
    if major in (2, 3):
        raw, pos = _cbor_take(data, pos, argument)
        return (raw if major == 2 else raw.decode()), pos
    if major == 6:  # a tag: keep the tagged value (epoch seconds for timestamps)
        return _cbor_item(data, pos)
    items = []
    for _index in range(argument * 2 if major == 5 else argument):
        item, pos = _cbor_item(data, pos)
        items.append(item)
    if major == 4:
        return items, pos
    return dict(zip(items[::2], items[1::2], strict=True)), pos


def _cbor_indefinite(data: bytes, pos: int, major: int) -> tuple[Any, int]:
    items = []
    while _cbor_take(data, pos, 1)[0] != b"\xff":
        item, pos = _cbor_item(data, pos)
        items.append(item)
    pos += 1
    if major == 2:
        return b"".join(items), pos
    if major == 3:
        return "".join(items), pos
    if major == 4:
        return items, pos
    if major == 5 and len(items) % 2 == 0:
        return dict(zip(items[::2], items[1::2], strict=True)), pos
    raise CborError(f"invalid indefinite-length item of major type {major}")


# --- scripts, counts and CSRs, shared by all handler threads ---


def _check_steps(steps: Any, where: str) -> list[str]:
    if not isinstance(steps, list) or not steps:
        raise ValueError(f"{where}: expected a non-empty list of steps")
    for step in steps:
        known = isinstance(step, str) and (step in SPECIAL_STEPS or ERROR_CODE.match(step) or _stall(step) is not None)
        if not known:
            raise ValueError(f"{where}: unknown step {step!r}")
    return list(steps)


def _stall(step: str) -> float | None:
    """Seconds of a valid ``stall:<seconds>`` step, else None."""
    if not step.startswith("stall:"):
        return None
    with contextlib.suppress(ValueError):
        seconds = float(step.removeprefix("stall:"))
        if seconds >= 0:
            return seconds
    return None


def make_csr(arn: str) -> str:
    common_name = re.split(r"[/:]", arn)[-1][:64] or "fault-server-ca"
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    csr = x509.CertificateSigningRequestBuilder().subject_name(subject).sign(key, hashes.SHA256())
    return csr.public_bytes(serialization.Encoding.PEM).decode()


class FaultState:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._csr_lock = threading.Lock()
        self._csrs: dict[str, str] = {}  # kept across resets
        self._scripts: dict[str, list[str]] = {}
        self._positions: dict[str, int] = {}
        self._by_arn: dict[str, dict[str, Any]] = {}
        self._default = ["ok"]
        self._throttle_every = 0
        self._total = 0
        self._throttled = 0

    def configure(self, config: Any) -> dict[str, Any]:
        if not isinstance(config, dict) or set(config) - {"scripts", "default", "throttle_every"}:
            raise ValueError('expected {"scripts": {arn: [steps]}, "default": [steps], "throttle_every": N}')
        scripts = config.get("scripts") or {}
        if not isinstance(scripts, dict):
            raise ValueError("scripts: expected an object mapping CA ARNs to lists of steps")
        scripts = {arn: _check_steps(steps, arn) for arn, steps in scripts.items()}
        default = _check_steps(config["default"], "default") if "default" in config else None
        every = config.get("throttle_every")
        if every is not None and (not isinstance(every, int) or isinstance(every, bool) or every < 0):
            raise ValueError("throttle_every: expected an integer >= 0 (0 turns it off)")
        with self._lock:
            self._scripts.update(scripts)
            if default is not None:
                self._default = default
            # Restart the scripts that changed.
            for arn in list(self._positions):
                if arn in scripts or (default is not None and arn not in self._scripts):
                    del self._positions[arn]
            if every is not None:
                self._throttle_every = every
            return copy.deepcopy(
                {"scripts": self._scripts, "default": self._default, "throttle_every": self._throttle_every}
            )

    def reset(self) -> None:
        with self._lock:
            self._scripts.clear()
            self._positions.clear()
            self._by_arn.clear()
            self._default = ["ok"]
            self._throttle_every = 0
            self._total = self._throttled = 0

    def next_step(self, arn: str | None) -> str | None:
        """Count one API request; return THROTTLED, the ARN's next step, or None without an ARN."""
        with self._lock:
            self._total += 1
            step = None
            if self._throttle_every and self._total % self._throttle_every == 0:
                self._throttled += 1
                step = THROTTLED
            if arn is None:
                return step
            if step is None:  # throttling does not consume a step
                script = self._scripts.get(arn, self._default)
                position = self._positions.get(arn, 0)
                self._positions[arn] = position + 1
                step = script[min(position, len(script) - 1)]
            record = self._by_arn.setdefault(arn, {"requests": 0, "by_outcome": {}})
            record["requests"] += 1
            record["by_outcome"][step] = record["by_outcome"].get(step, 0) + 1
            return step

    def describe(self, arn: str) -> str:
        """Count a DescribeCertificateAuthority request; return the CA's status (DELETED for a 'deleted' script)."""
        with self._lock:
            self._total += 1
            record = self._by_arn.setdefault(arn, {"requests": 0, "by_outcome": {}})
            record["requests"] += 1
            record["by_outcome"]["describe"] = record["by_outcome"].get("describe", 0) + 1
            return "DELETED" if "deleted" in self._scripts.get(arn, self._default) else "ACTIVE"

    def counts(self) -> dict[str, Any]:
        with self._lock:
            return copy.deepcopy({"total": self._total, "throttled": self._throttled, "by_arn": self._by_arn})

    def csr(self, arn: str) -> str:
        with self._csr_lock:
            if arn not in self._csrs:
                self._csrs[arn] = make_csr(arn)
            return self._csrs[arn]


# --- HTTP ---


class FaultServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # many clients connect at once under load

    def __init__(self, address: tuple[str, int], state: FaultState) -> None:
        self.state = state
        self.stopping = threading.Event()  # cuts stalls short on shutdown
        super().__init__(address, FaultHandler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls socket.getfqdn(), a DNS lookup that can hang.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]


class FaultHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes; don't wait for delayed ACKs
    server: FaultServer
    _status: int | str = "-"  # what the request got, for the log line

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """One line per request comes from _dispatch; request headers are never logged."""

    def _dispatch(self) -> None:
        self._status = "-"
        started = time.monotonic()
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            summary = self._control(body) if self.path.startswith(CONTROL_PREFIX) else self._api(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
            summary, self._status = f"{self.command} {self.path}", "client gone"
        self.log_message("%s -> %s (%.3fs)", summary, self._status, time.monotonic() - started)

    def _control(self, body: bytes) -> str:
        action, state = (self.command, self.path.removeprefix(CONTROL_PREFIX)), self.server.state
        status, result = 200, {}
        try:
            if action == ("GET", "counts"):
                result = state.counts()
            elif action == ("POST", "scripts"):
                result = state.configure(json.loads(body or b"{}"))
            elif action == ("POST", "reset"):
                state.reset()
                result = {"reset": True}
            else:
                status, result = 404, {"error": f"no control endpoint {self.command} {self.path}"}
        except ValueError as exc:
            status, result = 400, {"error": str(exc)}
        self._send(status, json.dumps(result).encode(), {"Content-Type": "application/json"})
        return f"control {self.command} {self.path}"

    def _api(self, body: bytes) -> str:
        cbor = self.path.startswith(CBOR_PATH_PREFIX) or self.headers.get("smithy-protocol") == "rpc-v2-cbor"
        if cbor:
            operation = self.path.removeprefix(CBOR_PATH_PREFIX) if self.path.startswith(CBOR_PATH_PREFIX) else ""
        else:
            target = self.headers.get("X-Amz-Target", "")
            operation = target.removeprefix(f"{SERVICE}.") if target.startswith(f"{SERVICE}.") else ""
        try:
            params = (cbor_decode(body) if cbor else json.loads(body)) if body else {}
        except (ValueError, TypeError):
            params = None
        arn = params.get("CertificateAuthorityArn") if isinstance(params, dict) else None
        if operation == DESCRIBE_OPERATION and isinstance(arn, str):
            status = self.server.state.describe(arn)
            self._api_reply(cbor, 200, {"CertificateAuthority": {"Arn": arn, "Status": status}})
            return f"{'cbor' if cbor else 'json'} {operation} {arn} status={status}"
        arn = arn if operation == CSR_OPERATION and isinstance(arn, str) else None

        step = self.server.state.next_step(arn)
        summary = f"{'cbor' if cbor else 'json'} {operation or self.path} {arn or '-'} step={step or '-'}"
        if step == THROTTLED:
            self._api_error(cbor, "ThrottlingException", "Rate exceeded (throttle_every)")
        elif params is None:
            self._api_error(cbor, "SerializationException", "request body is not valid for the protocol")
        elif operation != CSR_OPERATION:
            self._api_error(cbor, "UnknownOperationException", f"the fault server does not implement {operation!r}")
        elif arn is None:
            self._api_error(cbor, "ValidationException", "CertificateAuthorityArn is required")
        else:
            self._run_step(cbor, arn, step)
        return summary

    def _run_step(self, cbor: bool, arn: str, step: str) -> None:
        if step == "close":
            self.close_connection = True
            self._status = "closed without response"
        elif step == "notjson":
            self._send(200, NOT_AN_API_BODY, {"Content-Type": "text/html"})
        elif step == "http500":
            self._api_error(cbor, "InternalFailure", "scripted http500", status=500)
        elif step == "text500":
            self._send(500, PLAIN_TEXT_500, {"Content-Type": "text/plain"})
        elif step == "deleted":
            self._api_error(cbor, "InvalidStateException", f"scripted: the CA {arn} is DELETED")
        elif step == "ok":
            self._api_reply(cbor, 200, {"Csr": self.server.state.csr(arn)})
        elif (seconds := _stall(step)) is not None:
            self.server.stopping.wait(seconds)
            self._api_reply(cbor, 200, {"Csr": self.server.state.csr(arn)})
        else:
            self._api_error(cbor, step, f"scripted {step} for {arn}")

    def _api_error(self, cbor: bool, code: str, message: str, status: int | None = None) -> None:
        error_type = f"{ERROR_NAMESPACE}{code}" if cbor else code  # botocore keeps what follows '#'
        self._api_reply(cbor, status or STATUS_BY_ERROR.get(code, 400), {"__type": error_type, "message": message})

    def _api_reply(self, cbor: bool, status: int, payload: dict[str, Any]) -> None:
        headers = {"x-amzn-RequestId": str(uuid.uuid4())}
        if cbor:
            headers |= {"Content-Type": "application/cbor", "smithy-protocol": "rpc-v2-cbor"}
            self._send(status, cbor_encode(payload), headers)
        else:
            headers["Content-Type"] = "application/x-amz-json-1.1"
            self._send(status, json.dumps(payload).encode(), headers)

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self._status = status


# --- command line and subprocess helper ---


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--port-file", type=Path, help="write the bound port here once listening")
    parser.add_argument("--scenarios", type=Path, help="JSON file, same shape as POST /_fault/scripts")
    args = parser.parse_args(argv)

    state = FaultState()
    if args.scenarios:
        try:
            state.configure(json.loads(args.scenarios.read_text()))
        except (OSError, ValueError) as exc:
            parser.error(f"--scenarios {args.scenarios}: {exc}")
    server = FaultServer((args.host, args.port), state)
    port = server.server_address[1]
    if args.port_file:
        partial = args.port_file.with_name(f"{args.port_file.name}.partial")
        partial.write_text(f"{port}\n")
        os.replace(partial, args.port_file)  # readers never see a half-written file

    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    serving = threading.Thread(target=server.serve_forever, args=(0.1,), name="acmpca-fault-server")
    serving.start()
    print(f"acmpca fault server listening on http://{args.host}:{port}", file=sys.stderr, flush=True)
    stop.wait()
    server.stopping.set()
    server.shutdown()
    serving.join()
    server.server_close()
    print("acmpca fault server stopped", file=sys.stderr, flush=True)
    return 0


@contextlib.contextmanager
def fault_server(
    scenarios: dict[str, Any] | None = None,
    *,
    host: str = "127.0.0.1",
    log_path: str | os.PathLike[str] | None = None,
    startup_timeout: float = 15.0,
) -> Iterator[str]:
    """Run the server in a subprocess on a free port and yield its base URL, ``http://host:port``.

    ``scenarios`` is applied at start (as ``--scenarios``); the server's log goes to
    ``log_path`` (appended) or to this process's stderr.  On exit the server gets
    SIGTERM; RuntimeError if it does not stop cleanly.
    """
    with tempfile.TemporaryDirectory(prefix="acmpca-fault-") as tmp, contextlib.ExitStack() as stack:
        port_file = Path(tmp, "port")
        command = [sys.executable, str(Path(__file__).resolve()), "--host", host, "--port-file", str(port_file)]
        if scenarios is not None:
            Path(tmp, "scenarios.json").write_text(json.dumps(scenarios))
            command += ["--scenarios", str(Path(tmp, "scenarios.json"))]
        log = stack.enter_context(open(log_path, "ab")) if log_path is not None else None
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stderr=log)
        try:
            deadline = time.monotonic() + startup_timeout
            while not port_file.exists():
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"fault server did not start (exit code {process.poll()})")
                time.sleep(0.02)
            yield f"http://{host}:{int(port_file.read_text())}"
        finally:
            started = process.poll() is None
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if started and process.returncode != 0:
            raise RuntimeError(f"fault server did not stop cleanly (exit code {process.returncode})")


if __name__ == "__main__":
    sys.exit(main())
