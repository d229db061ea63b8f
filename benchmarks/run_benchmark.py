#!/usr/bin/env python
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Measure the acmpca_csr_info module, the acmpca_csr lookup and the subordinate_ca role against local servers.

`make bench` runs it. It starts its own moto server on 127.0.0.1, creates the CAs there, runs every
measurement in one go (each the median of several runs), prints a table and writes docs/performance.md.
The workflow measurement (benchmarks/_workflow.py: the role against a script with the AWS CLI and
openssl, activating 1 and 10 subordinate CAs) runs last, on a server of its own; `--workflow-only`
runs it alone and replaces only its section of the document. The scale measurement (benchmarks/_scale.py:
finding a CA by name with 1 to 200 CAs in the region, against the ACM PCA stand-in) runs before it;
`--scale-only` runs it alone and replaces only its section. Scratch files (playbooks, inventory,
Ansible's temporary files) live in a temporary directory.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

SOURCE_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(SOURCE_ROOT / "tests" / "utils"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _moto_stand_in import moto_stand_in  # noqa: E402
from _profile import import_seconds_by_group  # noqa: E402
from _report import machine_description  # noqa: E402
from _report import render  # noqa: E402
from _runner import Run  # noqa: E402
from _runner import Runner  # noqa: E402
from _scale import BASELINE as SCALE_BASELINE  # noqa: E402
from _scale import HEADING as SCALE_HEADING  # noqa: E402
from _scale import measure as measure_scale  # noqa: E402
from _scale import render as render_scale  # noqa: E402
from _scale import replace_section  # noqa: E402
from _workflow import measure as measure_workflow  # noqa: E402
from _workflow import render as render_workflow  # noqa: E402
from _workflow import workflow_server  # noqa: E402
from moto_server import FAKE_CREDENTIALS  # noqa: E402
from moto_server import acmpca_client  # noqa: E402
from moto_server import create_ca  # noqa: E402

REGION = "us-east-1"
WORKFLOW_HEADING = "## Workflow: activating subordinate CAs"
LONG_PLAY_TASKS = 20
LOOKUP_SIZES = (1, 10, 50)
NO_CRYPTOGRAPHY = "no-cryptography"
LEAST = "least"
BARE_RUNS_A_ROUND = 3
MODULE_NAME = "ansible_collections.privateca.aws.plugins.modules.acmpca_csr_info"
PROFILER = Path(__file__).resolve().parent / "_profile.py"
BARE_BOTO3 = """
import sys
import boto3

arn, endpoint_url = sys.argv[1:3]
client = boto3.client("acm-pca", region_name=arn.split(":")[3], endpoint_url=endpoint_url)
client.get_certificate_authority_csr(CertificateAuthorityArn=arn)["Csr"]
"""

# The least module that does acmpca_csr_info's task with what every module of an amazon.aws-style collection
# has: AnsibleAWSModule (its options, credentials and client), the one request, cryptography's parse of
# the CSR. Without this collection's ARN checks, call layer, waits or documented csr_info: how close a
# module can come to ping + bare boto3 at all, so the report can tell this collection's share of the gap.
LEAST_COLLECTION = "benchmark.least"
LEAST_MODULE = """#!/usr/bin/python
DOCUMENTATION = r'''
module: csr_info
short_description: The least module for acmpca_csr_info's task (benchmark only)
options:
  certificate_authority_arn: {type: str, required: true}
'''
from cryptography import x509

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule


def main():
    module = AnsibleAWSModule(argument_spec={"certificate_authority_arn": {"type": "str", "required": True}})
    arn = module.params["certificate_authority_arn"]
    client = module.client("acm-pca")
    pem = client.get_certificate_authority_csr(CertificateAuthorityArn=arn)["Csr"]
    csr = x509.load_pem_x509_csr(pem.encode())
    module.exit_json(changed=False, csr=pem, subject=csr.subject.rfc4514_string(), valid=csr.is_signature_valid)


if __name__ == "__main__":
    main()
"""


def play(tasks: list[dict], url: str, **extra) -> list[dict]:
    return [
        {
            "name": "benchmark",
            "hosts": "localhost",
            "gather_facts": False,
            "module_defaults": {"group/privateca.aws.aws": {"endpoint_url": url}},
            "tasks": tasks,
            **extra,
        }
    ]


def module_task(arn: str) -> dict:
    return {"privateca.aws.acmpca_csr_info": {"certificate_authority_arn": arn}}


def lookup_task(name: str, size: int) -> dict:
    query = f"{{{{ query('privateca.aws.acmpca_csr', *arns[:{size}], endpoint_url=endpoint_url) }}}}"
    return {"name": name, "ansible.builtin.set_fact": {"pems": query}}


def least_module_task(arn: str, url: str) -> dict:
    """The least module's task: the region named, so that amazon.aws makes no session to find it."""
    arguments = {"certificate_authority_arn": arn, "region": arn.split(":")[3], "endpoint_url": url}
    return {f"{LEAST_COLLECTION}.csr_info": arguments}


def least_module_environment(runner: Runner) -> dict[str, str]:
    """Write the least module into a collection of its own; the environment that adds it to the tree's."""
    namespace, name = LEAST_COLLECTION.split(".")
    root = runner.scratch / "least-collections"
    modules = root / "ansible_collections" / namespace / name / "plugins" / "modules"
    modules.mkdir(parents=True, exist_ok=True)
    (modules / "csr_info.py").write_text(LEAST_MODULE)
    return {"ANSIBLE_COLLECTIONS_PATH": os.pathsep.join([runner.env["ANSIBLE_COLLECTIONS_PATH"], str(root)])}


def without_cryptography(runner: Runner) -> dict:
    """Play keywords that hide cryptography from the module's process (not from the controller).

    The module then returns the PEM without csr_info and warns, as documented for a host without
    cryptography: the same task less the X.509 parsing, which the bare boto3 process does not do.
    """
    hiding = runner.scratch / "no-cryptography" / "cryptography"
    hiding.mkdir(parents=True, exist_ok=True)
    (hiding / "__init__.py").write_text('raise ImportError("hidden by the benchmark")\n')
    return {"environment": {"PYTHONPATH": str(hiding.parent)}}


def bare_boto3_command(runner: Runner, arn: str, url: str) -> list[str]:
    script = runner.scratch / "bare_boto3.py"
    script.write_text(BARE_BOTO3)
    return [sys.executable, str(script), arn, url]


def one_and_many_task_plays(runner: Runner, arns: list[str], url: str, repetitions: int) -> dict[str, list[Run]]:
    """Runs of a LONG_PLAY_TASKS-task play and of a 1-task play: module, module without cryptography, the least
    module, ping; interleaved.

    The bare boto3 process runs in the same rounds (BARE_RUNS_A_ROUND times), so that the three terms of the
    per-task ratio come from the same minutes: the load of a shared machine changes between the phases.
    """
    many = [module_task(arn) for arn in arns[:LONG_PLAY_TASKS]]
    hidden = without_cryptography(runner)
    playbooks = {
        ("module", 1): play([module_task(arns[0])], url),
        ("module", LONG_PLAY_TASKS): play(many, url),
        (NO_CRYPTOGRAPHY, 1): play([module_task(arns[0])], url, **hidden),
        (NO_CRYPTOGRAPHY, LONG_PLAY_TASKS): play(many, url, **hidden),
        (LEAST, 1): play([least_module_task(arns[0], url)], url),
        (LEAST, LONG_PLAY_TASKS): play([least_module_task(arn, url) for arn in arns[:LONG_PLAY_TASKS]], url),
        ("ping", 1): play([{"ansible.builtin.ping": {}}], url),
        ("ping", LONG_PLAY_TASKS): play([{"ansible.builtin.ping": {}}] * LONG_PLAY_TASKS, url),
    }
    paths = {
        f"{kind}-{count}": runner.write_playbook(f"{kind}-{count}", plays) for (kind, count), plays in playbooks.items()
    }
    least_environment = least_module_environment(runner)
    bare = bare_boto3_command(runner, arns[0], url)
    runs: dict[str, list[Run]] = {name: [] for name in [*paths, "bare"]}
    for _repetition in range(repetitions):
        runs["bare"].extend(runner.run(bare) for _run in range(BARE_RUNS_A_ROUND))
        for name, path in paths.items():
            run = runner.run_playbook(path, least_environment if name.startswith(LEAST) else None)
            if name.startswith(NO_CRYPTOGRAPHY) and "cryptography is not importable" not in " ".join(
                run.output.split()
            ):
                raise RuntimeError(
                    f"{name}: the module did not warn that cryptography is missing:\n{run.output[-2000:]}"
                )
            runs[name].append(run)
    return runs


def lookups_and_loop(runner: Runner, arns: list[str], url: str, repetitions: int, loop_repetitions: int):
    tasks = [lookup_task("warm-up", 1)]
    for repetition in range(repetitions):
        tasks.append({"name": f"set_fact without a lookup {repetition}", "ansible.builtin.set_fact": {"pems": []}})
        tasks.extend(lookup_task(f"lookup {size} {repetition}", size) for size in LOOKUP_SIZES)
    check = "pems | select('search', '^-----BEGIN CERTIFICATE REQUEST-----') | list | length == {0}"
    tasks.append({"name": "check", "ansible.builtin.assert": {"that": [check.format(len(arns[: max(LOOKUP_SIZES)]))]}})
    for repetition in range(loop_repetitions):
        tasks.append({"name": f"module loop {repetition}", **module_task("{{ item }}"), "loop": arns})
    run = runner.run_playbook(
        runner.write_playbook("lookups", play(tasks, url, vars={"arns": arns, "endpoint_url": url}))
    )

    def collected(prefix: str) -> list[float]:
        return [seconds for name, seconds in run.task_seconds.items() if name.startswith(prefix)]

    results = {f"lookup-{size}": collected(f"lookup {size} ") for size in LOOKUP_SIZES}
    results["set_fact"] = collected("set_fact without a lookup")
    results["module-loop"] = collected("module loop")
    return results


def processes(runner: Runner, arns: list[str], url: str, repetitions: int) -> dict:
    """The bare boto3 process, the AWS CLI, and the module and ping payloads run on their own."""
    commands = {"bare": bare_boto3_command(runner, arns[0], url)}
    aws_cli = shutil.which("aws")
    if aws_cli:
        commands["aws-cli"] = [aws_cli, "acm-pca", "get-certificate-authority-csr", "--certificate-authority-arn"]
        commands["aws-cli"] += [arns[0], "--endpoint-url", url, "--region", REGION, "--output", "text"]
    payloads = {}
    for kind, playbook in (("module", "module-1"), ("ping", "ping-1")):
        runner.run_playbook(runner.scratch / f"{playbook}.yml", {"ANSIBLE_KEEP_REMOTE_FILES": "1"})
        kept = sorted(
            (runner.scratch / "ansible-remote").rglob("AnsiballZ_*.py"), key=lambda path: path.stat().st_mtime
        )
        payloads[kind] = kept[-1]
        commands[f"{kind}-process"] = [sys.executable, str(kept[-1])]
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for _repetition in range(repetitions):  # round robin, so that a change of load hits them all alike
        for name, command in commands.items():
            runs[name].append(runner.run(command))
    imports = {
        name: import_seconds_by_group(runner.run([sys.executable, "-X", "importtime", *commands[name][1:]]).output)
        for name in ("module-process", "ping-process", "bare")
    }
    return {
        "runs": runs,
        "imports": imports,
        "aws_cli": aws_cli,
        "phases": module_phases(runner, payloads["module"]),
        "collection_import": collection_import(runner, payloads["module"].parent / "debug_dir", repetitions),
    }


def module_phases(runner: Runner, payload: Path) -> dict[str, dict[str, float]]:
    runner.run([sys.executable, str(payload), "explode"])
    debug_dir = payload.parent / "debug_dir"
    samples = []
    for _repetition in range(3):
        output = runner.run(
            [sys.executable, "-B", str(PROFILER), str(debug_dir), str(debug_dir / "args"), MODULE_NAME]
        ).output
        samples.append(json.loads(output.split("\nPHASES ", 1)[1]))
    return {
        label: {"calls": samples[0][label]["calls"], "seconds": statistics.median(s[label]["seconds"] for s in samples)}
        for label in samples[0]
    }


def collection_import(runner: Runner, debug_dir: Path, repetitions: int) -> dict[str, list[float]]:
    """Seconds to import the module and this collection's module_utils from a zip and from a directory, in turn.

    The zip holds the exploded payload's files, as AnsiballZ ships them (deflated); the directory is the
    exploded payload itself, imported with -B so that both compile every file from source.
    """
    archive = debug_dir.parent / "payload-files.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(debug_dir.rglob("*.py")):
            zipped.write(path, path.relative_to(debug_dir))
    sources = {"zip": archive, "directory": debug_dir}
    seconds: dict[str, list[float]] = {name: [] for name in sources}
    for _repetition in range(repetitions):
        for name, source in sources.items():
            output = runner.run([sys.executable, "-B", str(PROFILER), "--import-time", str(source), MODULE_NAME]).output
            seconds[name].append(float(output.split("IMPORT ", 1)[1]))
    return seconds


def controller_memory(runner: Runner, arns: list[str], url: str, repetitions: int) -> list:
    path = runner.write_playbook(
        "lookup-memory", play([lookup_task("lookup", len(arns))], url, vars={"arns": arns, "endpoint_url": url})
    )
    return [runner.run_playbook(path) for _repetition in range(repetitions)]


def first_and_later_requests(url: str, arns: list[str]) -> dict[str, float]:
    """Fetch every CSR once, so that moto has computed them all; time that, then one more round."""
    client = acmpca_client(url, REGION)
    rounds = []
    for _round in range(2):
        started = time.perf_counter()
        for arn in arns:
            client.get_certificate_authority_csr(CertificateAuthorityArn=arn)
        rounds.append((time.perf_counter() - started) / len(arns))
    return {"first_request": rounds[0], "later_request": rounds[1]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--collection", required=True, type=Path, help="the collection at ansible_collections/privateca/aws"
    )
    parser.add_argument("--cas", type=int, default=50, help="CAs to create (default 50)")
    parser.add_argument("--play-repetitions", type=int, default=5, help="runs of each 1- and 20-task play (default 5)")
    parser.add_argument("--repetitions", type=int, default=7, help="runs of each process and lookup task (default 7)")
    parser.add_argument("--loop-repetitions", type=int, default=3, help="runs of the 50-item module loop (default 3)")
    parser.add_argument(
        "--moto-recomputes-csr",
        action="store_true",
        help="run moto unchanged, rebuilding each CSR on every request (see benchmarks/_moto_stand_in.py)",
    )
    parser.add_argument(
        "--workflow-repetitions", type=int, default=2, help="rounds of the role-against-script workflow (default 2)"
    )
    parser.add_argument(
        "--workflow-only", action="store_true", help="measure the workflow alone; replace only its section of --output"
    )
    parser.add_argument(
        "--scale-only", action="store_true", help="measure finding CAs by name alone; replace only its section"
    )
    parser.add_argument(
        "--scale-sizes", default="1,100,200", help="CAs in the region for the by-name reruns (default 1,100,200)"
    )
    parser.add_argument("--scale-play", type=int, default=100, help="CAs in the by-name loop (default 100)")
    parser.add_argument("--scale-repetitions", type=int, default=3, help="runs of each by-name rerun (default 3)")
    parser.add_argument(
        "--scale-baseline",
        type=Path,
        help=f"write the scale figures here as the baseline that the section shows as 'before' ({SCALE_BASELINE.name})",
    )
    parser.add_argument("--output", type=Path, default=SOURCE_ROOT / "docs" / "performance.md")
    args = parser.parse_args()
    if args.workflow_only:
        return workflow_only(args)
    if args.scale_only:
        return scale_only(args)

    # SIGTERM ends the run through the context managers below, which stop moto and remove the scratch files.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    started = time.monotonic()
    load_before = Path("/proc/loadavg").read_text().split()[:3]
    with tempfile.TemporaryDirectory(prefix="privateca-bench-") as scratch_name:
        scratch = Path(scratch_name)
        runner = Runner(scratch, args.collection.resolve(), FAKE_CREDENTIALS)
        with moto_stand_in(scratch / "moto.log", recompute_csr=args.moto_recomputes_csr) as url:
            print(f"moto server {url}; creating {args.cas} CAs", flush=True)
            arns = [create_ca(url, REGION, f"Benchmark CA {number}") for number in range(args.cas)]
            moto_seconds = first_and_later_requests(url, arns)
            print("timing 1- and 20-task plays of the module and of ping", flush=True)
            plays = one_and_many_task_plays(runner, arns, url, args.play_repetitions)
            print("timing the lookup and the module loop", flush=True)
            tasks = lookups_and_loop(runner, arns, url, args.repetitions, args.loop_repetitions)
            print("timing processes, profiling the module, measuring memory", flush=True)
            process_results = processes(runner, arns, url, args.repetitions)
            memory = controller_memory(runner, arns, url, 3)
        print("measuring finding CAs by name at scale", flush=True)
        scale_section = scale_section_of(args, runner)
        print("timing the subordinate CA workflow: the role against the AWS CLI and openssl", flush=True)
        with workflow_server(scratch) as workflow_url:
            workflow = measure_workflow(runner, workflow_url, REGION, args.workflow_repetitions)
    results = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine_description(process_results["aws_cli"], args.collection.resolve()),
        "load_before": load_before,
        "load_after": Path("/proc/loadavg").read_text().split()[:3],
        "duration_seconds": time.monotonic() - started,
        "cas": args.cas,
        "moto": {"recomputes_csr": args.moto_recomputes_csr, **moto_seconds},
        "repetitions": {"plays": args.play_repetitions, "other": args.repetitions, "loop": args.loop_repetitions},
        "plays": plays,
        "tasks": tasks,
        "processes": process_results,
        "controller_memory": memory,
        "long_play_tasks": LONG_PLAY_TASKS,
    }
    document, table = render(results)
    workflow_section = render_workflow(workflow)
    print(table)
    print(scale_section)
    print(workflow_section)
    args.output.write_text(document.rstrip("\n") + "\n\n" + scale_section.rstrip("\n") + "\n\n" + workflow_section)
    print(f"wrote {args.output} ({results['duration_seconds']:.0f} s)")
    return 0


def workflow_only(args: argparse.Namespace) -> int:
    """Measure the workflow alone and put its section into the existing document, in place of the old one."""
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="privateca-bench-") as scratch_name:
        scratch = Path(scratch_name)
        runner = Runner(scratch, args.collection.resolve(), FAKE_CREDENTIALS)
        with workflow_server(scratch) as url:
            print(f"server {url}; timing the subordinate CA workflow", flush=True)
            section = render_workflow(measure_workflow(runner, url, REGION, args.workflow_repetitions))
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    section += (
        f"\nThis section was measured alone (`--workflow-only`) on {when}, in {time.monotonic() - started:.0f} s; "
        f"load average after: {load}.\n"
    )
    print(section)
    existing = args.output.read_text() if args.output.exists() else ""
    kept = existing.split(WORKFLOW_HEADING, 1)[0].rstrip("\n")
    args.output.write_text((kept + "\n\n" if kept else "") + section)
    print(f"wrote {args.output}")
    return 0


def scale_section_of(args: argparse.Namespace, runner: Runner) -> str:
    """Measure the scale case; write it as the baseline when asked; the section, with the baseline beside it."""
    sizes = sorted(int(size) for size in args.scale_sizes.split(","))
    try:  # the commit measured (before the run: a commit made meanwhile is not what was measured)
        code = subprocess.run(
            ["git", "-C", str(SOURCE_ROOT), "log", "-1", "--format=commit %h"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        code = "code of unknown commit"
    results = measure_scale(runner, REGION, sizes, args.scale_play, args.scale_repetitions)
    results["date"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    results["code"] = code
    if args.scale_baseline:
        args.scale_baseline.write_text(json.dumps(results, indent=1) + "\n")
        print(f"wrote the baseline {args.scale_baseline}")
    baseline = json.loads(SCALE_BASELINE.read_text()) if SCALE_BASELINE.exists() else None
    return render_scale(results, baseline)


def scale_only(args: argparse.Namespace) -> int:
    """Measure finding CAs by name alone and put its section into the existing document."""
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="privateca-bench-") as scratch_name:
        scratch = Path(scratch_name)
        runner = Runner(scratch, args.collection.resolve(), FAKE_CREDENTIALS)
        section = scale_section_of(args, runner)
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    section += (
        f"\nThis section was measured alone (`--scale-only`) on {when}, in {time.monotonic() - started:.0f} s; "
        f"load average after: {load}.\n"
    )
    print(section)
    existing = args.output.read_text() if args.output.exists() else ""
    args.output.write_text(replace_section(existing, SCALE_HEADING, section))
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
