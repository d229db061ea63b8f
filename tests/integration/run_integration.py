# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run the integration tests of privateca.aws against local stand-ins for AWS, as they run against a real account.

Starts a moto server with the ACM PCA rules of the API reference (tests/utils/acmpca_standin.py) and the
scripted ACM PCA fault endpoint on free ports of 127.0.0.1. The stand-in poses as AWS the way a real account
is given to the targets: tests/integration/cloud-config-aws.ini (ansible-test's cloud config for AWS, as
amazon.aws's targets read it: aws_access_key, aws_secret_key, aws_region), with the stand-in's URL as
aws_endpoint_url; the targets find its call log at that URL themselves and run the call-log checks in the same
pass. Every target runs in this real-account mode (integration_config.yml then names only the results
directory, which has a default) except those that script failures: they need what AWS has no counterpart
for, the fault endpoint, a closed port and the Python for nested ansible-playbook runs, which they get in
integration_config.yml in a pass of their own.

``ansible-test integration --local`` runs in ``--workers`` processes at once (default 2), each on a share
of the targets balanced by their ``time=`` aliases, in its own copy of the collection with servers of its
own. Afterwards a listing of every region of each stand-in must show no CA that is not DELETED (what a
failed cleanup would leave billed). Every server is stopped whatever happens (a failed test, Ctrl-C,
SIGTERM). The targets write what they measured into a results directory; this script merges it into one
results file and regenerates docs/reliability.md from that file, so the document always states the last
full run.
"""

from __future__ import annotations

import argparse
import configparser
import contextlib
import datetime
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SOURCE_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(SOURCE_ROOT / "tests" / "utils"))

from acmpca_fault_server import fault_server  # noqa: E402
from moto_server import FAKE_CREDENTIALS  # noqa: E402
from moto_server import HOST  # noqa: E402
from moto_server import running_acmpca_standin  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reliability_doc import render  # noqa: E402

CONFIG_RELATIVE_PATH = Path("tests/integration/integration_config.yml")
# ansible-test's cloud config for AWS (static: ansible-test uses it instead of asking its CI for an account).
CLOUD_CONFIG_RELATIVE_PATH = Path("tests/integration/cloud-config-aws.ini")
STANDIN_REGION = "us-east-1"
DEFAULT_RESULTS = SOURCE_ROOT / "tests" / "output" / "reliability-results.json"
# A run of some targets only must not replace the figures that docs/reliability.md is made from.
DEFAULT_PARTIAL_RESULTS = SOURCE_ROOT / "tests" / "output" / "reliability-results-partial.json"
DEFAULT_DOC = SOURCE_ROOT / "docs" / "reliability.md"
# ansible-test has no time limit of its own; a hung target must not hold `make test` forever. The suite
# took over 20 minutes on a loaded 2-CPU machine once every module had its target (2026-11-29).
DEFAULT_TIMEOUT_SECONDS = 40 * 60
STOP_GRACE_SECONDS = 20
# Targets run in this many ansible-test processes at once, each with servers of its own (a stand-in's call
# log and a fault endpoint's counts are per worker, so no target sees another's requests). Much of a target's
# time is waiting (CAs being created, retries, throttling), so two workers on two cores take about half the
# time of one.
DEFAULT_WORKERS = 2
TIME_ALIAS = re.compile(r"^time=(\d+)([smh])$")
# New CAs stay CREATING this long on the stand-in: long enough that modules must wait, short for the suite.
STANDIN_CREATING_SECONDS = 1
TARGET_STARTED = re.compile(r"^Running (\S+) integration test (?:role|script)$")
# Variables that would point the tests at real AWS, or at this machine's settings for it.
DROPPED_ENVIRONMENT_PREFIXES = ("AWS_", "BOTO_", "EC2_", "S3_")


class Interrupted(Exception):
    """SIGTERM or SIGINT: stop the tests and the servers, then exit."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _raise_interrupted(signum: int, frame: Any) -> None:
    # A second Ctrl-C must not cut short the cleanup that the first one started; every step
    # of it has a time limit.
    for other in (signal.SIGTERM, signal.SIGINT):
        signal.signal(other, signal.SIG_IGN)
    raise Interrupted(signum)


@contextlib.contextmanager
def closed_port() -> Iterator[str]:
    """Yield the URL of a port on 127.0.0.1 where nothing answers.

    The socket stays bound but never listens, so connections are refused at once and no other
    process can take the port during the run.
    """
    with socket.socket() as reserved:
        reserved.bind((HOST, 0))
        yield f"http://{HOST}:{reserved.getsockname()[1]}"


def ansible_test_environment(collection: Path, home: Path | None = None) -> dict[str, str]:
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith(DROPPED_ENVIRONMENT_PREFIXES)
    }
    if home is not None:
        # ansible-test refuses to run cloud/aws targets --local beside ~/.aws (the machine's own account).
        environment["HOME"] = str(home)
    venv_bin = str(Path(sys.executable).parent)
    environment["PATH"] = os.pathsep.join([venv_bin, environment.get("PATH", os.defpath)])
    environment["ANSIBLE_COLLECTIONS_PATH"] = str(collection.parents[2])
    return environment


def write_cloud_config(collection: Path, values: dict[str, str]) -> Path:
    """tests/integration/cloud-config-aws.ini as a user with an account writes it, from the template's keys."""
    parser = configparser.ConfigParser()
    parser["default"] = values
    path = collection / CLOUD_CONFIG_RELATIVE_PATH
    with path.open("w") as handle:
        parser.write(handle)
    path.chmod(0o600)
    return path


def ca_left_behind(endpoint_url: str) -> list[str]:
    """Each CA, in any region of the endpoint, whose status is not DELETED: what a failed cleanup leaves billed.

    Not "no CA at all": AWS lists a deleted CA until its restore window (7 days at least) ends, and does not
    bill it meanwhile; a CA in any other status costs money.
    """
    import boto3
    from botocore.config import Config

    session = boto3.session.Session(
        aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )
    left = []
    for region in session.get_available_regions("acm-pca"):
        client = session.client(
            "acm-pca", region_name=region, endpoint_url=endpoint_url, config=Config(retries={"total_max_attempts": 1})
        )
        for page in client.get_paginator("list_certificate_authorities").paginate():
            left += [
                f"{ca['Arn']} ({ca['Status']})" for ca in page["CertificateAuthorities"] if ca["Status"] != "DELETED"
            ]
    return left


def write_config(collection: Path, values: dict[str, str]) -> Path:
    path = collection / CONFIG_RELATIVE_PATH
    # JSON is YAML, and needs no YAML library here.
    path.write_text("".join(f"{name}: {json.dumps(value)}\n" for name, value in values.items()))
    return path


def stop_process_group(process: subprocess.Popen) -> None:
    """Stop ansible-test and everything it started (its own process group), politely first."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def call_log_length(endpoint_url: str) -> int:
    """How many ACM PCA requests the stand-in has logged so far."""
    with urllib.request.urlopen(f"{endpoint_url}/_standin/calls", timeout=30) as answer:
        return len(json.loads(answer.read()))


def billed_calls(endpoint_url: str, starts: dict[str, int]) -> dict[str, dict[str, int]]:
    """Per target, what AWS bills: the CAs it created (by their ARNs) and its IssueCertificate requests.

    The stand-in's call log is cut where each target started (starts: target -> log length then). The
    IssueCertificate count is an upper bound of the certificates issued: a refused request is logged too.
    """
    with urllib.request.urlopen(f"{endpoint_url}/_standin/calls", timeout=30) as answer:
        calls = json.loads(answer.read())
    return billed_from_log(calls, starts)


def billed_from_log(calls: list[dict], starts: dict[str, int]) -> dict[str, dict[str, int]]:
    """billed_calls of a call log already read; fails if a target cleared the log, which would hide its bill."""
    cleared = [target for target, start in starts.items() if start > len(calls)]
    if cleared:
        raise RuntimeError(
            f"the stand-in's call log ({len(calls)} calls) is shorter than when {', '.join(sorted(cleared))} "
            "started: a target cleared it (POST /_standin/calls/reset), and what each target made cannot be "
            "counted. Targets note where the log stands and read it from there instead."
        )
    order = sorted(starts.items(), key=lambda item: item[1])
    billed = {}
    for index, (target, start) in enumerate(order):
        end = order[index + 1][1] if index + 1 < len(order) else len(calls)
        own = calls[start:end]
        billed[target] = {
            "cas": len(
                {call["arn"] for call in own if call["operation"] == "CreateCertificateAuthority" and call["arn"]}
            ),
            "issue_requests": sum(call["operation"] == "IssueCertificate" for call in own),
            "restores": sum(call["operation"] == "RestoreCertificateAuthority" for call in own),
            # ACM private certificates: each request or renewal is a certificate the CA issues (and bills).
            "acm_certificates": sum(call["operation"] in ("RequestCertificate", "RenewCertificate") for call in own),
        }
    return billed


def run_ansible_test(
    collection: Path,
    targets: list[str],
    verbosity: int,
    timeout: float,
    home: Path | None = None,
    on_target_start: Callable[[str], None] = lambda target: None,
    prefix: str = "",
    processes: list[subprocess.Popen] | None = None,
) -> tuple[int, list[str], bool]:
    """Run ansible-test integration; return its exit status, the targets it started, and whether it timed out.

    prefix starts each line it prints (which worker's it is); processes gets the ansible-test process, so
    that the main thread can stop it when interrupted.
    """
    python_version = f"{sys.version_info.major}.{sys.version_info.minor}"
    command = [
        str(Path(sys.executable).parent / "ansible-test"),
        "integration",
        "--local",
        "--python",
        python_version,
        "--color",
        "no",
        "--continue-on-error",
        *(["-" + "v" * verbosity] if verbosity else []),
        *targets,
    ]
    print(f"$ {' '.join(command)}", flush=True)
    started_targets: list[str] = []
    # A session of its own, so that stopping it reaches every process it started, and so that a
    # Ctrl-C reaches this script alone, which then stops it in order.
    process = subprocess.Popen(
        command,
        cwd=collection,
        env=ansible_test_environment(collection, home),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    if processes is not None:
        processes.append(process)
    timed_out = threading.Event()

    def stop_on_timeout() -> None:
        timed_out.set()
        stop_process_group(process)

    watchdog = threading.Timer(timeout, stop_on_timeout)
    watchdog.start()
    try:
        for raw_line in process.stdout:
            line = raw_line.decode(errors="replace")
            sys.stdout.write(prefix + line)
            sys.stdout.flush()
            if match := TARGET_STARTED.match(line.strip()):
                started_targets.append(match.group(1))
                on_target_start(match.group(1))
        process.wait()
    finally:
        watchdog.cancel()
        stop_process_group(process)
    if timed_out.is_set():
        print(f"{prefix}ansible-test ran longer than {timeout:.0f} s and was stopped", flush=True)
    return process.returncode, started_targets, timed_out.is_set()


def ansible_test_ssh_key(home: Path | None) -> Path:
    """Make the SSH key pair that ansible-test makes in ~/.ansible/test at its first run, before the workers start.

    Every ansible-test process makes the pair when it is missing, so two workers starting together on a fresh
    machine both run ssh-keygen; the second stops at "id_rsa already exists. Overwrite (y/n)?" and fails its
    whole pass (seen on a fresh machine). Same command and header fix as ansible-test's SshKey.generate_key_pair.
    """
    folder = (home or Path.home()) / ".ansible" / "test"
    key, public = folder / "id_rsa", folder / "id_rsa.pub"
    if key.is_file() and public.is_file():
        return key
    folder.mkdir(parents=True, exist_ok=True)
    key.unlink(missing_ok=True)
    public.unlink(missing_ok=True)
    command = ["ssh-keygen", "-m", "PEM", "-q", "-t", "rsa", "-N", "", "-f", str(key)]
    subprocess.run(command, check=True, capture_output=True, stdin=subprocess.DEVNULL)
    # ansible-test's own rewrite: paramiko reads only the RSA-specific PEM header.
    key.write_text(re.sub(r"(BEGIN|END) PRIVATE KEY", r"\1 RSA PRIVATE KEY", key.read_text()))
    return key


def listed_targets(collection: Path, home: Path | None) -> list[str]:
    """The targets ``ansible-test integration`` would run with none named (setup_ and hidden ones left out)."""
    command = [str(Path(sys.executable).parent / "ansible-test"), "integration", "--list-targets"]
    listing = subprocess.run(
        command,
        cwd=collection,
        env=ansible_test_environment(collection, home),
        capture_output=True,
        text=True,
        check=False,
    )
    if listing.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {listing.stderr.strip()}")
    return [line.strip() for line in listing.stdout.splitlines() if line.strip()]


def expected_seconds(collection: Path, target: str) -> int:
    """The target's time= alias in seconds (what ansible-test and amazon.aws's CI use to balance groups)."""
    aliases = collection / "tests" / "integration" / "targets" / target / "aliases"
    for line in aliases.read_text().splitlines() if aliases.exists() else []:
        if match := TIME_ALIAS.match(line.strip()):
            return int(match.group(1)) * {"s": 1, "m": 60, "h": 3600}[match.group(2)]
    return 60


def needs_fault_endpoint(collection: Path, target: str) -> bool:
    """Whether the target scripts failures on the fault endpoint (or the closed port), which AWS has no
    counterpart for: it runs with them in integration_config.yml; every other target runs as against a real
    account, from the cloud config alone."""
    folder = collection / "tests" / "integration" / "targets" / target
    return any(
        "fault_endpoint" in path.read_text(errors="replace") or "closed_endpoint" in path.read_text(errors="replace")
        for path in folder.rglob("*")
        if path.is_file()
    )


def split_targets(collection: Path, targets: list[str], workers: int) -> list[list[str]]:
    """``targets`` in at most ``workers`` groups of about equal expected time: longest first, each to the
    group with the least so far; within a group, in the order given."""
    groups: list[list[str]] = [[] for _group in range(max(1, min(workers, len(targets))))]
    totals = [0] * len(groups)
    for target in sorted(targets, key=lambda name: -expected_seconds(collection, name)):
        least = totals.index(min(totals))
        groups[least].append(target)
        totals[least] += expected_seconds(collection, target)
    return [sorted(group, key=targets.index) for group in groups]


def worker_collection(collection: Path, work_dir: Path, index: int) -> Path:
    """Worker 0 runs in ``collection``; each other one in a copy beside the same dependencies (symlinked), so
    that its cloud config, integration_config.yml and ansible-test output are its own."""
    if index == 0:
        return collection
    root = work_dir / f"worker-{index}" / "ansible_collections"
    for namespace in collection.parents[1].iterdir():
        if namespace.name != collection.parent.name:
            (root / namespace.name).parent.mkdir(parents=True, exist_ok=True)
            (root / namespace.name).symlink_to(namespace, target_is_directory=True)
    for name in collection.parent.iterdir():
        if name.name != collection.name:
            (root / collection.parent.name / name.name).parent.mkdir(parents=True, exist_ok=True)
            (root / collection.parent.name / name.name).symlink_to(name, target_is_directory=True)
    copy = root / collection.parent.name / collection.name
    tests = collection / "tests"
    shutil.copytree(
        collection, copy, symlinks=True, ignore=lambda folder, names: ["output"] if Path(folder) == tests else []
    )
    return copy


def passed_targets(collection: Path, since: float) -> dict[str, int]:
    """Targets that passed, with their run time in seconds, from the results file of the ansible-test run (one
    pass of a worker) that started at ``since``; read it as soon as that run ends (see run_worker)."""
    data_dir = collection / "tests" / "output" / "data"
    runs = sorted(
        (path for path in data_dir.glob("integration-*.json") if path.stat().st_mtime >= since),
        key=lambda path: path.stat().st_mtime,
    )
    passed: dict[str, int] = {}
    for path in runs:  # the run's cloud-setup file matches too; it has no "targets"
        targets = json.loads(path.read_text()).get("targets", {})
        passed.update({name: details.get("run_time_seconds", 0) for name, details in targets.items()})
    return passed


def collect_measurements(results_dir: Path) -> dict[str, Any]:
    measurements = {}
    for path in sorted(results_dir.glob("*.json")):
        try:
            measurements[path.stem] = json.loads(path.read_text())
        except ValueError as e:
            measurements[path.stem] = {"error": f"unreadable results file: {e}"}
    return measurements


def print_summary(results: dict[str, Any], results_path: Path, doc_path: Path | None) -> None:
    run = results["run"]
    print("\n=== integration summary ===")
    billed = run.get("billed_calls", {})
    for name, seconds in sorted(run["passed"].items()):
        calls = billed.get(name)
        bill = (
            f"; {calls['cas']} CAs, {calls['issue_requests']} IssueCertificate, "
            f"{calls.get('acm_certificates', 0)} ACM Request/RenewCertificate"
            if calls
            else ""
        )
        print(f"  passed  {name} ({seconds} s{bill})")
    for name in run["failed"]:
        print(f"  FAILED  {name}")
    for name in run.get("not_run", []):
        print(f"  NOT RUN  {name}")
    for arn in run.get("cas_left_behind", []):
        print(f"  LEFT BEHIND (not DELETED)  {arn}")
    if run["timed_out"]:
        print(f"  ansible-test was stopped after {run['timeout_seconds']} s")
    measured = results["measurements"]
    load = measured.get("acmpca_csr_info_load", {})
    if load:
        print(
            f"  load: {load['hosts']} hosts, forks {load['forks']}, 1 in {load['throttle_every']} requests "
            f"throttled: {load['succeeded']} succeeded, {load['requests']} requests, {load['retries']} retries, "
            f"{load['wall_seconds']:.1f} s"
        )
    unreachable = measured.get("acmpca_csr_info_faults", {}).get("unreachable")
    if unreachable:
        print(f"  unreachable endpoint: failed after {unreachable['seconds']:.1f} s")
    secrets = measured.get("acmpca_csr_info_secrets", {})
    if secrets:
        found = secrets.get("markers_found", [])
        print(f"  secret markers in output: {', '.join(found) if found else 'none'}")
    print(f"  total {run['duration_seconds']:.0f} s; exit status {run['exit_status']}")
    print(f"  results: {results_path}")
    if doc_path:
        print(f"  document: {doc_path}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--collection", type=Path, help="the collection at .../ansible_collections/privateca/aws")
    parser.add_argument(
        "--results",
        type=Path,
        help=f"results file to write (default {DEFAULT_RESULTS}, or {DEFAULT_PARTIAL_RESULTS.name} beside it "
        "when only some targets run)",
    )
    parser.add_argument("--doc", type=Path, default=DEFAULT_DOC, help="document to regenerate after a full run")
    parser.add_argument(
        "--render-only", action="store_true", help="regenerate the document from --results; run nothing"
    )
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_SECONDS, help="seconds for ansible-test")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="passed on to ansible-test")
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("INTEGRATION_WORKERS", DEFAULT_WORKERS)),
        help=f"ansible-test processes at once, each with its own servers (default {DEFAULT_WORKERS}, or "
        "INTEGRATION_WORKERS)",
    )
    parser.add_argument("targets", nargs="*", help="run only these targets (the document is then left alone)")
    args = parser.parse_args()

    if args.results is None:
        args.results = DEFAULT_PARTIAL_RESULTS if args.targets else DEFAULT_RESULTS
    if args.render_only:
        args.doc.write_text(render(json.loads(args.results.read_text())))
        print(f"wrote {args.doc} from {args.results}")
        return 0
    if not args.collection:
        parser.error("--collection is required")
    collection = args.collection.resolve()
    if collection.parts[-3:-2] != ("ansible_collections",):
        parser.error(f"{collection} is not at ansible_collections/<namespace>/<name>")

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, _raise_interrupted)

    started_at = datetime.datetime.now(datetime.timezone.utc)
    started = time.monotonic()
    work_dir = Path(tempfile.mkdtemp(prefix="privateca-integration-"))
    try:
        return run(args, collection, work_dir, started_at, started)
    except Interrupted as e:
        print(f"\n{e}: stopped the tests and the servers; no results written", file=sys.stderr)
        return 128 + e.signum
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)


def run(
    args: argparse.Namespace,
    collection: Path,
    work_dir: Path,
    started_at: datetime.datetime,
    started: float,
) -> int:
    kept_logs = collection / "tests" / "output" / "integration-logs"
    shutil.rmtree(kept_logs, ignore_errors=True)  # from an earlier failed run
    home = None
    if Path("~/.aws").expanduser().exists():
        home = work_dir / "home"
        home.mkdir()
    ansible_test_ssh_key(home)
    targets = args.targets or listed_targets(collection, home)
    groups = split_targets(collection, targets, args.workers)
    collections = [worker_collection(collection, work_dir, index) for index in range(len(groups))]
    results_dirs = [work_dir / f"results-{index}" for index in range(len(groups))]
    outcomes: list[tuple[int, list[str], bool]] = [(1, [], False)] * len(groups)
    worker_passed: list[dict[str, int]] = [{} for _group in groups]
    left_behind: list[str] = []
    billed: dict[str, dict[str, int]] = {}
    passed: dict[str, int] = {}
    processes: list[subprocess.Popen] = []
    try:
        with contextlib.ExitStack() as servers:
            urls: list[str] = []
            harness_settings: list[dict[str, str]] = []
            for index in range(len(groups)):
                moto_url = servers.enter_context(
                    running_acmpca_standin(
                        log_path=str(work_dir / f"moto-{index}.log"), creating_seconds=STANDIN_CREATING_SECONDS
                    )
                )
                fault_url = servers.enter_context(fault_server(log_path=work_dir / f"fault-server-{index}.log"))
                closed_url = servers.enter_context(closed_port())
                urls.append(moto_url)
                print(
                    f"[{index}] ACM PCA stand-in (moto) {moto_url}; fault endpoint {fault_url}; closed port "
                    f"{closed_url}; targets: {' '.join(groups[index])}",
                    flush=True,
                )
                # The stand-in poses as AWS: the cloud config a maintainer writes for a real account, with the
                # stand-in's URL as its endpoint.
                write_cloud_config(
                    collections[index],
                    {
                        "aws_access_key": FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
                        "aws_secret_key": FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
                        "aws_region": STANDIN_REGION,
                        "aws_endpoint_url": moto_url,
                    },
                )
                # What AWS has no counterpart for, given only to the targets that script failures; the others
                # skip, saying so, what needs it.
                harness_settings.append(
                    {"fault_endpoint": fault_url, "closed_endpoint": closed_url, "python_interpreter": sys.executable}
                )
            starts: list[dict[str, int]] = [{} for _group in groups]

            def run_worker(index: int) -> None:
                """The worker's fault-endpoint targets with the fault endpoint in integration_config.yml, then the
                others in real-account mode: the cloud config and where to put results, nothing of the harness."""

                def note_start(target: str) -> None:
                    starts[index][target] = call_log_length(urls[index])

                with_faults = [target for target in groups[index] if needs_fault_endpoint(collection, target)]
                as_account = [target for target in groups[index] if target not in with_faults]
                exit_status, started, stopped = 0, [], False
                for phase, targets in ((harness_settings[index], with_faults), ({}, as_account)):
                    if not targets or stopped:
                        continue
                    write_config(collections[index], {"results_dir": str(results_dirs[index]), **phase})
                    pass_started = time.time()
                    status, names, stopped = run_ansible_test(
                        collections[index],
                        targets,
                        args.verbose,
                        args.timeout,
                        home,
                        note_start,
                        prefix=f"[{index}] " if len(groups) > 1 else "",
                        processes=processes,
                    )
                    exit_status, started = max(exit_status, status), started + names
                    # Read this pass's results file now: ansible-test names it by the second, and the next
                    # pass's cloud-setup file (written as it starts) overwrites it when both fall in one second.
                    worker_passed[index].update(passed_targets(collections[index], since=pass_started))
                outcomes[index] = (exit_status, started, stopped)

            threads = [threading.Thread(target=run_worker, args=(index,)) for index in range(len(groups))]
            for thread in threads:
                thread.start()
            try:
                for thread in threads:
                    while thread.is_alive():
                        thread.join(timeout=1)  # wakes up for a signal, which the main thread alone receives
            finally:
                for process in processes:
                    stop_process_group(process)
                for thread in threads:
                    thread.join()
            for index, url in enumerate(urls):
                billed.update(billed_calls(url, starts[index]))
                left_behind += ca_left_behind(url)
            print(
                f"CAs left behind that are not DELETED: {', '.join(left_behind) if left_behind else 'none'}", flush=True
            )
    finally:
        for worker in collections:
            (worker / CONFIG_RELATIVE_PATH).unlink(missing_ok=True)
            (worker / CLOUD_CONFIG_RELATIVE_PATH).unlink(missing_ok=True)
        for results in worker_passed:
            passed.update(results)
        if any(outcome[0] != 0 for outcome in outcomes) or left_behind:
            kept_logs.mkdir(parents=True, exist_ok=True)
            for log in work_dir.glob("*.log"):
                shutil.copy2(log, kept_logs)
            for index, worker in enumerate(collections[1:], start=1):
                # ansible-test's output of the other workers (junit, data), beside the first's
                shutil.copytree(worker / "tests" / "output", kept_logs / f"worker-{index}-output", dirs_exist_ok=True)
            print(f"server logs kept in {kept_logs}", file=sys.stderr)

    exit_status = max(outcome[0] for outcome in outcomes)
    timed_out = any(outcome[2] for outcome in outcomes)
    started_targets = [target for outcome in outcomes for target in outcome[1]]
    measurements: dict[str, Any] = {}
    for results_dir in results_dirs:
        measurements.update(collect_measurements(results_dir))
    results = {
        "run": {
            "started": started_at.isoformat(timespec="seconds"),
            "duration_seconds": round(time.monotonic() - started, 1),
            "exit_status": exit_status,
            "timed_out": timed_out,
            "timeout_seconds": args.timeout,
            "passed": passed,
            "failed": [name for name in started_targets if name not in passed],
            # Targets ansible-test never reached: a pass that failed before its first target loses them all.
            "not_run": [name for name in targets if name not in passed and name not in started_targets],
            "cas_left_behind": left_behind,
            "billed_calls": billed,
            "python": sys.version.split()[0],
            "cpus": os.cpu_count(),
            "workers": len(groups),
        },
        "measurements": measurements,
    }
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    doc_path = None
    if not args.targets and not timed_out:
        doc_path = args.doc
        doc_path.write_text(render(results))
    print_summary(results, args.results, doc_path)
    missed = results["run"]["failed"] or results["run"]["not_run"]
    return 0 if exit_status == 0 and not missed and not left_behind else 1


if __name__ == "__main__":
    sys.exit(main())
