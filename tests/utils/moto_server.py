# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Start and stop a moto server on 127.0.0.1: the stand-in for AWS in the demo, the integration tests and the benchmark.

``running_acmpca_standin()`` starts moto with the ACM PCA rules of acmpca_standin.py (the default for tests);
``running_moto_server()`` plain moto, or any wrapper that takes moto's arguments.
As a command it runs a server until interrupted and writes its URL to --url-file (--plain-moto for moto alone).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import AbstractContextManager
from contextlib import contextmanager
from pathlib import Path

HOST = "127.0.0.1"
# moto's account; the credentials are placeholders that moto accepts.
ACCOUNT_ID = "123456789012"
FAKE_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": "moto-secret-placeholder"}
# moto with the ACM PCA rules of the API reference; takes the arguments of `python -m moto.server`.
ACMPCA_STANDIN_COMMAND = [sys.executable, str(Path(__file__).resolve().with_name("acmpca_standin.py"))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"moto server exited with status {process.returncode} before it answered")
        try:
            with urllib.request.urlopen(f"{url}/moto-api/", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"moto server did not answer on {url} within {timeout} s")


@contextmanager
def running_moto_server(
    log_path: str | None = None,
    server_command: list[str] | None = None,
    environment: dict[str, str] | None = None,
    port: int | None = None,
) -> Iterator[str]:
    """Yield the URL of a fresh moto server; stop it on exit, also when the body fails.

    server_command replaces ``python -m moto.server`` with a wrapper that takes the same arguments;
    environment adds variables to the server's (this process's) environment; port defaults to a free one.
    """
    port = port or free_port()
    log = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [*(server_command or [sys.executable, "-m", "moto.server"]), "-H", HOST, "-p", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, **environment} if environment else None,
    )
    url = f"http://{HOST}:{port}"
    try:
        _wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log_path:
            log.close()


def running_acmpca_standin(
    log_path: str | None = None,
    creating_seconds: float | None = None,
    audit_report_seconds: float | None = None,
    port: int | None = None,
) -> AbstractContextManager[str]:
    """Yield the URL of a fresh ACM PCA stand-in (acmpca_standin.py); stop it on exit.

    creating_seconds: how long new CAs stay CREATING (the stand-in's default is 2);
    audit_report_seconds: how long audit reports stay CREATING (default 1).
    """
    environment = {}
    if creating_seconds is not None:
        environment["ACMPCA_STANDIN_CREATING_SECONDS"] = str(creating_seconds)
    if audit_report_seconds is not None:
        environment["ACMPCA_STANDIN_AUDIT_REPORT_SECONDS"] = str(audit_report_seconds)
    return running_moto_server(log_path, server_command=ACMPCA_STANDIN_COMMAND, environment=environment, port=port)


def acmpca_client(url: str, region: str):
    import boto3

    return boto3.client(
        "acm-pca",
        region_name=region,
        endpoint_url=url,
        aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )


def create_ca(
    url: str, region: str, common_name: str, ca_type: str = "SUBORDINATE", key_algorithm: str = "RSA_2048"
) -> str:
    """Create a private CA on the moto server and return its ARN."""
    signing = "SHA256WITHECDSA" if key_algorithm.startswith("EC_") else "SHA256WITHRSA"
    return acmpca_client(url, region).create_certificate_authority(
        CertificateAuthorityConfiguration={
            "KeyAlgorithm": key_algorithm,
            "SigningAlgorithm": signing,
            "Subject": {"CommonName": common_name, "Organization": "Example Corp", "Country": "US"},
        },
        CertificateAuthorityType=ca_type,
    )["CertificateAuthorityArn"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url-file", help="write the server's URL here once it answers")
    parser.add_argument("--log", help="append the server's log here")
    parser.add_argument("--plain-moto", action="store_true", help="moto alone, without the ACM PCA stand-in's rules")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    server = running_moto_server(args.log) if args.plain_moto else running_acmpca_standin(args.log)
    with server as url:
        if args.url_file:
            with open(args.url_file, "w") as handle:
                handle.write(url)
        print(url, flush=True)
        while True:
            time.sleep(3600)


if __name__ == "__main__":
    sys.exit(main())
