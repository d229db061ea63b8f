# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The workflow benchmark: activating subordinate CAs under an offline root, the role against a shell script.

Both sides do the same work against one fresh server: create a SUBORDINATE CA, wait for its CSR, get it,
sign it with an offline root kept in a local directory, import the certificate with the root as its chain,
wait until the CA is ACTIVE. The role (privateca.aws.subordinate_ca) runs through ansible-playbook, one
inventory host per CA and as many forks as CAs; the script (activate_subordinate_cas.sh) runs the AWS CLI
and openssl, one CA after the other, and for the ten CAs also in background jobs. The runs are taken in
turn, each on CAs of its own, so that a change of load hits both sides alike.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from statistics import median

from _runner import Run
from _runner import Runner

SCRIPT = Path(__file__).resolve().parent / "activate_subordinate_cas.sh"
SUBORDINATE_CA_EXTENSIONS = """basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"""


@contextmanager
def workflow_server(scratch: Path) -> Iterator[str]:
    """A fresh server of its own, so that the CAs of the other measurements do not slow the lookups by name.

    The ACM PCA stand-in of the integration tests when it is there (it keeps the API's CREATING state
    and checks imports as AWS does), else moto.
    """
    from moto_server import running_moto_server

    standin = Path(__file__).resolve().parents[1] / "tests" / "utils" / "acmpca_standin.py"
    command = [sys.executable, str(standin)] if standin.exists() else None
    with running_moto_server(str(scratch / "workflow-server.log"), server_command=command) as url:
        yield url


def make_offline_root(directory: Path) -> None:
    """An offline root CA made with openssl, used by both sides: the role reads it with community.crypto."""
    directory.mkdir()
    subprocess.run(
        ["openssl", "ecparam", "-name", "secp384r1", "-genkey", "-noout", "-out", str(directory / "root-ca.key")],
        check=True,
    )
    subprocess.run(
        [
            "openssl", "req", "-x509", "-new", "-key", str(directory / "root-ca.key"), "-sha384", "-days", "3650",
            "-subj", "/O=Example Corp/CN=Benchmark offline root CA", "-out", str(directory / "root-ca.pem"),
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    (directory / "subordinate-ca.ext").write_text(SUBORDINATE_CA_EXTENSIONS)


def _playbook(url: str, region: str, root_dir: Path) -> list[dict]:
    return [
        {
            "name": "Activate subordinate CAs with the role",
            "hosts": "all",
            "gather_facts": False,
            "module_defaults": {"group/privateca.aws.aws": {"endpoint_url": url, "region": region}},
            "roles": [
                {
                    "role": "privateca.aws.subordinate_ca",
                    "vars": {
                        "subordinate_ca_name": "{{ run_prefix }}-{{ inventory_hostname }}",
                        "subordinate_ca_subject": {
                            "country": "US",
                            "organization": "Example Corp",
                            "common_name": "{{ run_prefix }}-{{ inventory_hostname }}",
                        },
                        "subordinate_ca_parent_type": "offline_root",
                        "subordinate_ca_signing_host": "localhost",
                        "subordinate_ca_root_certificate_path": str(root_dir / "root-ca.pem"),
                        "subordinate_ca_root_privatekey_path": str(root_dir / "root-ca.key"),
                    },
                }
            ],
        }
    ]


def _active_names(url: str, region: str, prefix: str) -> set[str]:
    """Names of the ACTIVE CAs whose Name tag starts with prefix: what a run must leave behind."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "utils"))
    from moto_server import acmpca_client

    client = acmpca_client(url, region)
    names = set()
    for page in client.get_paginator("list_certificate_authorities").paginate():
        for ca in page["CertificateAuthorities"]:
            if ca["Status"] != "ACTIVE":
                continue
            tags = client.list_tags(CertificateAuthorityArn=ca["Arn"])["Tags"]
            name = next((tag["Value"] for tag in tags if tag["Key"] == "Name"), "")
            if name.startswith(prefix):
                names.add(name)
    return names


class Workflow:
    def __init__(self, runner: Runner, url: str, region: str):
        self.runner, self.url, self.region = runner, url, region
        self.root_dir = runner.scratch / "offline-root"
        make_offline_root(self.root_dir)
        self.playbook = runner.write_playbook("workflow", _playbook(url, region, self.root_dir))
        self.aws_cli = shutil.which("aws", path=runner.env["PATH"])
        self.runs = 0

    def _prefix(self, side: str) -> str:
        self.runs += 1
        return f"bench-{side}-{self.runs:03d}"

    def _check(self, prefix: str, count: int) -> None:
        active = _active_names(self.url, self.region, prefix + "-")
        if len(active) != count:
            raise RuntimeError(f"{prefix}: {len(active)} CAs ACTIVE, expected {count}")

    def playbook_run(self, count: int) -> tuple[Run, Run]:
        """The role on count CAs, then the same playbook again (which must change nothing)."""
        prefix = self._prefix("role")
        inventory = self.runner.scratch / f"{prefix}.ini"
        hosts = "".join(f"ca-{number:02d}\n" for number in range(1, count + 1))
        inventory.write_text(
            f"[all]\n{hosts}\n[all:vars]\nansible_connection=local\nansible_python_interpreter={sys.executable}\n"
        )
        command = [
            self.runner.playbook_command, "-i", str(inventory), "--forks", str(count),
            "-e", json.dumps({"run_prefix": prefix}), str(self.playbook),
        ]  # fmt: skip
        first = self.runner.run(command)
        self._check(prefix, count)
        again = self.runner.run(command)
        if "changed=0" not in again.output or again.output.count("changed=0") != count:
            raise RuntimeError(f"the second run of the role changed something:\n{again.output[-3000:]}")
        return first, again

    def script_run(self, count: int, parallel: bool) -> Run:
        prefix = self._prefix("script-parallel" if parallel else "script")
        names = [f"{prefix}-ca-{number:02d}" for number in range(1, count + 1)]
        work = self.runner.scratch / prefix
        work.mkdir()
        command = [str(SCRIPT), *(["--parallel"] if parallel else []), self.url, self.region, str(self.root_dir)]
        run = self.runner.run(["bash", "-c", f'cd "{work}" && exec "$@"', "script", *command, *names])
        self._check(prefix, count)
        return run


def measure(runner: Runner, url: str, region: str, repetitions: int) -> dict:
    """Runs of both sides, in turn: 1 CA `repetitions` times, 10 CAs `repetitions` times."""
    workflow = Workflow(runner, url, region)
    if not workflow.aws_cli:
        return {"skipped": "`aws` is not on PATH"}
    names = ("role-1", "role-1-again", "script-1", "role-10", "role-10-again", "script-10", "script-10-parallel")
    runs: dict[str, list[Run]] = {name: [] for name in names}
    for repetition in range(repetitions):
        print(f"workflow: round {repetition + 1} of {repetitions}", flush=True)
        first, again = workflow.playbook_run(1)
        runs["role-1"].append(first)
        runs["role-1-again"].append(again)
        runs["script-1"].append(workflow.script_run(1, parallel=False))
        first, again = workflow.playbook_run(10)
        runs["role-10"].append(first)
        runs["role-10-again"].append(again)
        runs["script-10"].append(workflow.script_run(10, parallel=False))
        runs["script-10-parallel"].append(workflow.script_run(10, parallel=True))
    return {"runs": runs, "repetitions": repetitions, "aws_cli": workflow.aws_cli}


def _seconds(runs: list[Run], measure: str = "seconds") -> float:
    return median(getattr(run, measure) for run in runs)


def render(results: dict) -> str:
    """The section of docs/performance.md on the workflow."""
    if "skipped" in results:
        return f"## Workflow: activating subordinate CAs\n\nNot measured: {results['skipped']}.\n"
    runs = results["runs"]
    labels = {
        "role-1": "role, 1 CA",
        "script-1": "script, 1 CA",
        "role-1-again": "role, 1 CA, second run (no change)",
        "role-10": "role, 10 CAs (10 hosts, `--forks 10`)",
        "script-10": "script, 10 CAs one after the other",
        "script-10-parallel": "script, 10 CAs in background jobs",
        "role-10-again": "role, 10 CAs, second run (no change)",
    }
    rows = [
        f"| {label} | {_seconds(runs[name]):.1f} s | {_seconds(runs[name], 'cpu_seconds'):.1f} s | "
        f"{', '.join(f'{run.seconds:.1f}' for run in runs[name])} |"
        for name, label in labels.items()
    ]

    def verdict(ratio: float) -> str:
        return "yes" if ratio <= 1.0 else "**no**"

    def target(label: str, role: str, script: str, is_target: bool) -> str:
        ratio = _seconds(runs[role]) / _seconds(runs[script])
        met = verdict(ratio) if is_target else f"({verdict(ratio).strip('*')})"
        measured = f"{_seconds(runs[role]):.1f} / {_seconds(runs[script]):.1f} = {ratio:.2f}x"
        return f"| {label} | {measured} | {met} |"

    targets = [
        target("10 CAs: role ≤ 1.0 x script (one after the other)", "role-10", "script-10", True),
        target(
            "10 CAs: role against the script's background jobs (not a target)", "role-10", "script-10-parallel", False
        ),
        target("1 CA: role against the script (not a target)", "role-1", "script-1", False),
    ]

    return f"""## Workflow: activating subordinate CAs

The role `privateca.aws.subordinate_ca` against `benchmarks/activate_subordinate_cas.sh`, the same work done
with the AWS CLI and openssl (create the CA, wait for its CSR, get it, sign it with an offline root,
import, wait until ACTIVE), on a server of its own (`benchmarks/_workflow.py`). Each run works on CAs
of its own; the runs are taken in turn, {results["repetitions"]} rounds; medians. The role's second run
on the same CAs must report no change, and each run must leave all its CAs ACTIVE, or the benchmark fails.

| Run | Wall (median) | CPU (median) | Wall, each run (s) |
|---|---|---|---|
{chr(10).join(rows)}

| Target | Measured | Met |
|---|---|---|
{chr(10).join(targets)}

Per CA, the role used {_seconds(runs["role-10"], "cpu_seconds") / 10:.1f} s of CPU for ten CAs and the script
{_seconds(runs["script-10"], "cpu_seconds") / 10:.1f} s (one Python process per AWS CLI call, five or six per CA; the
role starts one per module task). Wall time beyond CPU time is waiting: for the server's CREATING state, for the
AWS CLI waiter, which polls every 3 s, and for the script's 1-second polls until ACTIVE, and, on a busy machine,
for the cores. The role's forks overlap those waits; the script's background jobs do too, but start ten AWS CLI
processes at once at every step.
"""
