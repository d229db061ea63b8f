# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The benchmark's table, its targets and docs/performance.md, from the measured numbers only."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from importlib.metadata import version
from pathlib import Path
from statistics import median

from _profile import IMPORT_GROUPS
from _profile import OTHER_IMPORTS


def machine_description(aws_cli: str | None, collection: Path) -> dict[str, str]:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    memory_kib = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal:"))
    description = {
        "CPU": model,
        "Cores": str(os.cpu_count()),
        "RAM": f"{memory_kib / 1024 / 1024:.1f} GiB",
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "ansible-core": version("ansible-core"),
        "boto3 / botocore": f"{version('boto3')} / {version('botocore')}",
        "cryptography": version("cryptography"),
        "moto": version("moto"),
        "amazon.aws / community.crypto": " / ".join(
            _collection_version(collection.parents[1] / name) for name in ("amazon/aws", "community/crypto")
        ),
    }
    if aws_cli:
        answer = subprocess.run([aws_cli, "--version"], capture_output=True, text=True, check=False)
        description["AWS CLI"] = f"{(answer.stdout or answer.stderr).strip()} (`{aws_cli}`)"
    return description


def _collection_version(path: Path) -> str:
    """The version in a collection's MANIFEST.json (as Galaxy and PyPI's ansible package install it)."""
    return json.loads((path / "MANIFEST.json").read_text(encoding="utf-8"))["collection_info"]["version"]


def _seconds(values: list[float]) -> str:
    return f"{median(values):.3f} s"


def _samples(values: list[float]) -> str:
    return ", ".join(f"{value:.2f}" for value in values)


def _per_task(plays: dict, kind: str, long_play: int, measure: str) -> float:
    """(median of the long play - median of the 1-task play) / (tasks - 1), by wall or CPU time."""
    long_runs, short_runs = plays[f"{kind}-{long_play}"], plays[f"{kind}-1"]
    difference = median(getattr(run, measure) for run in long_runs) - median(
        getattr(run, measure) for run in short_runs
    )
    return difference / (long_play - 1)


def _numbers(results: dict) -> dict[str, float]:
    plays, tasks, runs = results["plays"], results["tasks"], results["processes"]["runs"]
    long_play = results["long_play_tasks"]
    numbers = {}
    for measure, suffix in (("seconds", ""), ("cpu_seconds", "_cpu")):
        for kind in ("module", "no-cryptography", "least", "ping"):
            numbers[f"{kind}_task{suffix}"] = _per_task(plays, kind, long_play, measure)
        for name in ("bare", "module-process", "ping-process"):
            numbers[f"{name}{suffix}"] = median(getattr(run, measure) for run in runs[name])
        # The targets' bare process: timed in the same rounds as the plays.
        numbers[f"bare_beside_plays{suffix}"] = median(getattr(run, measure) for run in plays["bare"])
    numbers.update({name: median(values) for name, values in tasks.items()})
    return numbers


def _to_ping_and_bare(numbers: dict[str, float], kind: str, suffix: str = "") -> float:
    """A task of ``kind`` over the target's denominator: ping task + the bare process timed beside the plays."""
    return numbers[f"{kind}_task{suffix}"] / (numbers[f"ping_task{suffix}"] + numbers[f"bare_beside_plays{suffix}"])


def _ratios_by_round(results: dict, kind: str) -> list[float]:
    """A task of ``kind`` over ping task + bare process, from each round's own runs (plays and bare interleaved).

    The target's verdict takes the medians over all rounds; the spread of these per-round ratios says how much
    one round differs from another on this machine, i.e. how far from 1.0x a verdict is more than noise.
    """
    plays, long_play, rounds = results["plays"], results["long_play_tasks"], results["repetitions"]["plays"]
    bare_a_round = len(plays["bare"]) // rounds
    ratios = []
    for index in range(rounds):
        # _per_task over one round's runs: the median of one run is that run.
        this_round = {name: runs[index : index + 1] for name, runs in plays.items()}
        bare = median(run.seconds for run in plays["bare"][index * bare_a_round : (index + 1) * bare_a_round])
        task, ping = (_per_task(this_round, name, long_play, "seconds") for name in (kind, "ping"))
        ratios.append(task / (ping + bare))
    return ratios


def _spread(ratios: list[float]) -> str:
    return f" (rounds: {min(ratios):.2f}x to {max(ratios):.2f}x)"


def _targets(numbers: dict[str, float], results: dict) -> list[tuple[str, str, str]]:
    bare, bare_cpu = numbers["bare_beside_plays"], numbers["bare_beside_plays_cpu"]
    module_ratio = _to_ping_and_bare(numbers, "module")
    cpu_ratio = _to_ping_and_bare(numbers, "module", "_cpu")
    bare_ratio = _to_ping_and_bare(numbers, "no-cryptography")
    least_ratio = _to_ping_and_bare(numbers, "least")
    loop_ratio = numbers["module-loop"] / numbers["lookup-50"]
    lookup_ratio = numbers["lookup-50"] / numbers["lookup-1"]

    def verdict(met: bool) -> str:
        return "yes" if met else "**no**"

    return [
        (
            "module task ≤ 1.0 x (ping task + bare boto3 process), wall time",
            f"{numbers['module_task']:.3f} / ({numbers['ping_task']:.3f} + {bare:.3f}) = {module_ratio:.2f}x"
            + _spread(_ratios_by_round(results, "module")),
            verdict(module_ratio <= 1.0),
        ),
        (
            "the same by CPU time (less sensitive to other load; not a target)",
            f"{numbers['module_task_cpu']:.3f} / ({numbers['ping_task_cpu']:.3f} + {bare_cpu:.3f}) = {cpu_ratio:.2f}x",
            "(" + verdict(cpu_ratio <= 1.0).strip("*") + ")",
        ),
        (
            "the same task without cryptography on the host (no `csr_info`, no X.509 parsing; not a target)",
            f"{numbers['no-cryptography_task']:.3f} / ({numbers['ping_task']:.3f} + {bare:.3f}) = {bare_ratio:.2f}x",
            "(" + verdict(bare_ratio <= 1.0).strip("*") + ")",
        ),
        (
            "the least module for the task: AnsibleAWSModule, the one request, cryptography's parse (not a target)",
            f"{numbers['least_task']:.3f} / ({numbers['ping_task']:.3f} + {bare:.3f}) = {least_ratio:.2f}x"
            + _spread(_ratios_by_round(results, "least")),
            "(" + verdict(least_ratio <= 1.0).strip("*") + ")",
        ),
        (
            "50-ARN lookup ≥ 25x faster than the 50-item module loop",
            f"{numbers['module-loop']:.2f} / {numbers['lookup-50']:.3f} = {loop_ratio:.0f}x",
            verdict(loop_ratio >= 25),
        ),
        (
            "50-ARN lookup ≤ 3 x the 1-ARN lookup",
            f"{numbers['lookup-50']:.3f} / {numbers['lookup-1']:.3f} = {lookup_ratio:.2f}x",
            verdict(lookup_ratio <= 3),
        ),
    ]


def _timing_rows(results: dict) -> list[tuple[str, str, str, str]]:
    plays, tasks, runs = results["plays"], results["tasks"], results["processes"]["runs"]
    long_play = results["long_play_tasks"]
    numbers = _numbers(results)

    def task(values: list[float]) -> tuple[str, str, str]:
        return _seconds(values), "", _samples(values)

    def process(name: str, of: dict = runs) -> tuple[str, str, str]:
        wall = [run.seconds for run in of[name]]
        return _seconds(wall), _seconds([run.cpu_seconds for run in of[name]]), _samples(wall)

    def per_task(kind: str) -> tuple[str, str, str]:
        samples = (
            f"{long_play}-task plays: {_samples([run.seconds for run in plays[f'{kind}-{long_play}']])}; "
            f"1-task: {_samples([run.seconds for run in plays[f'{kind}-1']])}"
        )
        return f"{numbers[f'{kind}_task']:.3f} s", f"{numbers[f'{kind}_task_cpu']:.3f} s", samples

    rows = [
        ("acmpca_csr_info task, per task", *per_task("module")),
        ("the same, cryptography hidden from the module (PEM only, as without it)", *per_task("no-cryptography")),
        ("the least module for the same task (`LEAST_MODULE` in benchmarks/run_benchmark.py)", *per_task("least")),
        ("ansible.builtin.ping task, per task", *per_task("ping")),
        ("bare `python` + boto3 process, same call, in turn with the plays (the targets')", *process("bare", plays)),
        ("the same, in turn with the payloads below", *process("bare")),
    ]
    if "aws-cli" in runs:
        rows.append(("AWS CLI, `aws acm-pca get-certificate-authority-csr`", *process("aws-cli")))
    else:
        rows.append(("AWS CLI", "not measured", "", "`aws` is not on PATH"))
    for size in (1, 10, 50):
        label = f"lookup task, {size} ARN{'s' if size > 1 else ''} (`set_fact` with `query`)"
        rows.append((label, *task(tasks[f"lookup-{size}"])))
    rows.append(("`set_fact` task without a lookup (a task's fixed cost)", *task(tasks["set_fact"])))
    rows.append(("acmpca_csr_info task looping over the same 50 ARNs", *task(tasks["module-loop"])))
    rows.append(("acmpca_csr_info payload (AnsiballZ) run on its own", *process("module-process")))
    rows.append(("ansible.builtin.ping payload run on its own", *process("ping-process")))
    return rows


def _memory_rows(results: dict) -> list[tuple[str, str]]:
    runs = results["processes"]["runs"]

    def mib(kib_values) -> str:
        return f"{median(kib_values) / 1024:.0f} MiB"

    return [
        ("acmpca_csr_info module process", mib(r.max_rss_kib for r in runs["module-process"])),
        ("ansible.builtin.ping module process", mib(r.max_rss_kib for r in runs["ping-process"])),
        ("bare `python` + boto3 process", mib(r.max_rss_kib for r in runs["bare"])),
        (
            "controller during the 50-ARN lookup (largest process)",
            mib(r.max_rss_kib for r in results["controller_memory"]),
        ),
    ]


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _column in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _import_rows(imports: dict[str, dict[str, float]]) -> list[tuple[str, ...]]:
    groups = [*dict.fromkeys(label for _prefix, label in IMPORT_GROUPS), OTHER_IMPORTS]
    rows = []
    for group in [*groups, "total"]:
        cells = []
        for process in ("module-process", "ping-process", "bare"):
            seconds = sum(imports[process].values()) if group == "total" else imports[process].get(group, 0.0)
            cells.append(f"{seconds * 1000:.0f} ms")
        rows.append((group, *cells))
    return rows


def _explanation(results: dict, numbers: dict[str, float]) -> str:
    imports = results["processes"]["imports"]["module-process"]
    phases = results["processes"]["phases"]
    sessions = phases["boto3 Session() calls, within the two above"]
    extra_imports = sum(imports.get(group, 0.0) for group in ("amazon.aws module_utils", "privateca.aws module_utils"))
    text = (
        f"The module's payload run on its own takes {numbers['module-process']:.3f} s "
        f"({numbers['module-process_cpu']:.3f} s of CPU), against {numbers['ping-process']:.3f} s "
        f"({numbers['ping-process_cpu']:.3f} s) for ping's and {numbers['bare']:.3f} s ({numbers['bare_cpu']:.3f} s) "
        f"for the bare boto3 process, {numbers['ping-process'] + numbers['bare']:.3f} s "
        f"({numbers['ping-process_cpu'] + numbers['bare_cpu']:.3f} s) together. The module does what "
        "the two do together, starting Python once instead of twice, plus: importing amazon.aws's and this "
        f"collection's module_utils ({extra_imports * 1000:.0f} ms; AnsiballZ imports them from a zip, so they "
        f"are compiled on every run, twice: see below), importing cryptography "
        f"({imports.get('cryptography', 0.0) * 1000:.0f} ms) "
        f"and parsing the CSR ({phases['csr_result() (parsing the CSR)']['seconds'] * 1000:.0f} ms) for `csr_info`, "
        f"and creating {sessions['calls']:.0f} boto3 session{'s' if sessions['calls'] != 1 else ''} "
        f"({sessions['seconds'] * 1000:.0f} ms) where the bare process creates one."
    )
    if sessions["calls"] > 1:
        text += (
            " amazon.aws's `module.client()` builds a boto3 session of its own to resolve the configured region "
            "unless the module's parameters name one; the call layer hands it a view of the module that names the "
            "ARN's region (`_aws.client._ForRegion`), so a second session means that this no longer works."
        )
    text += (
        " The amazon.aws measured is the one in the Machine table: releases before 11 (10.1.2, which the test "
        "sessions other than units-newest-collections run with) import from `ansible.module_utils._text`, and "
        "ansible-core 2.20 and later make each such import a deprecation warning that walks the whole stack, about "
        "40 ms a module run. The cryptography import and the parsing are what `csr_info` costs; no part of the gap is "
        "spent waiting on the call itself."
    )
    without = numbers["no-cryptography_task"]
    text += (
        f" With cryptography hidden from the module's process, the task (which then returns the PEM only and "
        f"warns, as on a host without cryptography) takes {without:.3f} s, "
        f"{_to_ping_and_bare(numbers, 'no-cryptography'):.2f}x of ping + bare boto3; the rest of the module's "
        "ratio is cryptography, its import and the X.509 parsing, which the bare process does not do. A task's time "
        "beyond its payload run on its own is "
        f"{(numbers['module_task'] - numbers['module-process']) * 1000:.0f} ms for the module and "
        f"{(numbers['ping_task'] - numbers['ping-process']) * 1000:.0f} ms for ping."
    )
    least, beyond_least = numbers["least_task"], numbers["module_task"] - numbers["least_task"]
    text += (
        f"\n\nThe least module that does the same task (`LEAST_MODULE` in benchmarks/run_benchmark.py: "
        "AnsibleAWSModule's options and client, the one request, cryptography's parse of the CSR, nothing else) "
        f"takes {least:.3f} s a task, {_to_ping_and_bare(numbers, 'least'):.2f}x of ping + bare boto3: as close as a "
        "module of an amazon.aws-style collection that parses the CSR comes to the target. What this collection "
        f"adds beyond it (the ARN checks, the call layer, the documented `csr_info`) is {beyond_least * 1000:.0f} ms "
        f"a task, {beyond_least / numbers['module_task']:.0%} of the module's."
    )
    from_zip, from_directory = (
        median(results["processes"]["collection_import"][name]) for name in ("zip", "directory")
    )
    text += (
        f"\n\nImported from a zip of the payload's files, as AnsiballZ ships them, the module and this collection's "
        f"module_utils take {from_zip * 1000:.1f} ms; from the same files in a directory, compiled from source too "
        f"(`python -B`), {from_directory * 1000:.1f} ms (everything else they import imported first, median of "
        f"{len(results['processes']['collection_import']['zip'])} runs each, in turn). Python's zipimport compiles "
        "each source file twice: once to find its file name (`zipimporter.get_filename`), once to run it. So "
        "every line on a module's path costs twice its compile time on each run, and code that only a failure "
        "or a wait needs is imported where it is needed (the advice tables by `AwsApi.advice`, the waiter by "
        "`_csr.get_csr` for a CSR still being created, its models by `waiter.waiter_config`)."
    )
    per_arn = (numbers["lookup-50"] - numbers["lookup-1"]) / 49
    text += (
        f"\n\nThe lookup runs in the task's worker process. Beyond its first ARN it adds {per_arn * 1000:.1f} ms "
        f"per ARN here (8 requests in flight, against one moto process on the same {results['machine']['Cores']} "
        f"cores); its 1-ARN task takes {numbers['lookup-1']:.3f} s against {numbers['set_fact']:.3f} s for a "
        "`set_fact` without a lookup."
    )
    return text


def _moto_note(moto: dict) -> str:
    timing = (
        f"Fetching each CSR once, one after the other, took {moto['first_request'] * 1000:.0f} ms a request; "
        f"a second round {moto['later_request'] * 1000:.0f} ms."
    )
    if moto["recomputes_csr"]:
        return f"moto ran unchanged (`--moto-recomputes-csr`), rebuilding the CSR on every request. {timing}"
    return (
        "moto rebuilds a CSR on every request (parsing and checking the CA's RSA key, signing again), which AWS, "
        "returning the CSR it stored, does not; the benchmark's moto keeps each CA's first CSR "
        f"(`benchmarks/_moto_stand_in.py`; `--moto-recomputes-csr` turns that off). {timing}"
    )


def render(results: dict) -> tuple[str, str]:
    numbers = _numbers(results)
    targets = _targets(numbers, results)
    timing = _table(("Measurement", "Wall (median)", "CPU (median)", "Wall, each run (s)"), _timing_rows(results))
    memory = _table(("Process", "Peak RSS (median)"), _memory_rows(results))
    target_table = _table(("Target", "Measured", "Met"), targets)
    phases = results["processes"]["phases"]
    phase_rows = [(label, f"{v['calls']:.0f}", f"{v['seconds'] * 1000:.0f} ms") for label, v in phases.items()]
    machine = _table(("", ""), list(results["machine"].items()))
    repetitions = results["repetitions"]
    document = f"""# Performance

Measured by `make bench` (`benchmarks/run_benchmark.py`) on {results["date"]}, in {results["duration_seconds"]:.0f} s;
each run of it rewrites this file. Load average before and after: {" ".join(results["load_before"])} and
{" ".join(results["load_after"])}: the machine may have been busy with other work, which is why the targets are
ratios between figures of one run.

## Machine

{machine}

## How

- The stand-in for AWS is a moto server on 127.0.0.1 with {results["cas"]} CAs, started by the benchmark.
  {_moto_note(results["moto"])}
- Per-task time of a module: the wall time of `ansible-playbook` for a play of {results["long_play_tasks"]} tasks
  minus that for a play of 1 task, divided by {results["long_play_tasks"] - 1} (medians of {repetitions["plays"]}
  runs each, interleaved; the bare boto3 process of the targets runs
  {len(results["plays"]["bare"]) // repetitions["plays"]} times in each of those rounds). `gather_facts: false`,
  `ansible_connection=local`, the benchmark's Python as the interpreter. The targets take the medians; beside
  a task's ratio to ping + bare boto3, "rounds" gives the lowest and highest ratio of one round's own runs, the
  spread within which a verdict is noise.
- Processes (bare boto3, the AWS CLI, a module's AnsiballZ payload kept with `ANSIBLE_KEEP_REMOTE_FILES` and run
  on its own): wall time of the process, median of {repetitions["other"]} runs, taken in turn.
- CPU time: user + system time from `os.wait4`, of the process and of the processes it waited for (for
  `ansible-playbook`, the whole tree, the module processes included).
- Lookup and loop: the wall time of one task, from a callback plugin, from the task's start to its result
  ({repetitions["other"]} runs of each lookup size, {repetitions["loop"]} of the loop, in one playbook).
- Peak memory: `ru_maxrss` from `os.wait4` on the process (for `ansible-playbook`, the largest single process of
  its tree: the controller or a forked worker), median of the runs above (3 playbook runs for the controller).

## Results

{timing}

{memory}

## Targets

{target_table}

## Where the module's time goes

Import time by package, from `python -X importtime` on each payload (self time of every import, summed):

{_table(("Imports", "acmpca_csr_info process", "ping process", "bare boto3 process"), _import_rows(results["processes"]["imports"]))}

Phases of one module run, from cProfile on the exploded payload (cumulative time, median of 3 runs):

{_table(("Phase", "Calls", "Time"), phase_rows)}

{_explanation(results, numbers)}
"""
    return document, "\n\n".join([timing, memory, target_table])
