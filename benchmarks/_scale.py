# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The scale benchmark: what finding a CA by name costs when the region holds many CAs (issue 18).

Against a fresh ACM PCA stand-in (tests/utils/acmpca_standin.py, CAs CREATING for 0 s), boto3 creates CAs
with a Name tag, as a user's other tooling would; at each size (1, 100, 200 CAs in the region) one
idempotent rerun task by name runs through ansible-playbook, for acmpca_certificate_authority and for
acmpca_certificate_authority_info, and at the play size a task looping over that many CAs by name. Each
figure is the task's wall time (the benchmark's callback plugin) and the requests it sent, counted in the
stand-in's call log (ACM PCA and the tagging API's GetResources). Each playbook also asserts that the task
changed nothing and found the CA, so a figure never comes from a task that did something else.
"""

from __future__ import annotations

import json
import sys
import urllib.request
from collections import Counter
from pathlib import Path
from statistics import median

from _runner import Runner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "utils"))

from moto_server import FAKE_CREDENTIALS
from moto_server import running_acmpca_standin

HEADING = "## Scale: finding CAs by name"
NAME = "scale-ca-{}"
CA_CONFIG = {"KeyAlgorithm": "EC_prime256v1", "SigningAlgorithm": "SHA256WITHECDSA"}
# The baseline: the scale case measured on the code before issue 18 (run_benchmark.py --scale-only
# --scale-baseline benchmarks/scale_before.json on that code); the section shows it beside the figures of today.
BASELINE = Path(__file__).resolve().parent / "scale_before.json"


def _calls(url: str, reset: bool = False) -> list[dict]:
    if reset:
        request = urllib.request.Request(f"{url}/_standin/calls/reset", data=b"{}", method="POST")
        with urllib.request.urlopen(request, timeout=30):
            return []
    with urllib.request.urlopen(f"{url}/_standin/calls", timeout=30) as answer:
        return json.loads(answer.read())


def _create_cas(url: str, region: str, first: int, last: int) -> None:
    import boto3

    client = boto3.client(
        "acm-pca",
        region_name=region,
        endpoint_url=url,
        aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )
    for number in range(first, last):
        client.create_certificate_authority(
            CertificateAuthorityConfiguration={**CA_CONFIG, "Subject": {"CommonName": f"Scale CA {number}"}},
            CertificateAuthorityType="ROOT",
            Tags=[{"Key": "Name", "Value": NAME.format(number)}],
        )


def _ca_task(name: str) -> dict:
    return {
        "privateca.aws.acmpca_certificate_authority": {
            "name": name,
            "type": "ROOT",
            "key_algorithm": CA_CONFIG["KeyAlgorithm"],
            "signing_algorithm": CA_CONFIG["SigningAlgorithm"],
            "subject": {"common_name": f"Scale CA {name.rsplit('-', 1)[1]}"},
        }
    }


def _playbook(url: str, region: str, tasks: list[dict]) -> list[dict]:
    return [
        {
            "name": "scale",
            "hosts": "localhost",
            "gather_facts": False,
            "module_defaults": {"group/privateca.aws.aws": {"endpoint_url": url, "region": region}},
            "tasks": tasks,
        }
    ]


def _cases(url: str, region: str, play_size: int) -> dict[str, list[dict]]:
    name = NAME.format(0)
    ca_task = _ca_task(name)
    return {
        "ca": [
            {"name": "measured", **ca_task, "register": "result"},
            {"name": "check", "ansible.builtin.assert": {"that": ["not result.changed"]}},
        ],
        "info": [
            {
                "name": "measured",
                "privateca.aws.acmpca_certificate_authority_info": {"name": name},
                "register": "result",
            },
            {"name": "check", "ansible.builtin.assert": {"that": ["result.certificate_authorities | length == 1"]}},
        ],
        "play": [
            {
                "name": "measured",
                "privateca.aws.acmpca_certificate_authority": {
                    **ca_task["privateca.aws.acmpca_certificate_authority"],
                    "name": "{{ item }}",
                    "subject": {"common_name": "Scale CA {{ item | split('-') | last }}"},
                },
                "loop": [NAME.format(number) for number in range(play_size)],
                "register": "results",
            },
            {
                "name": "check",
                "ansible.builtin.assert": {"that": ["results.results | selectattr('changed') | list | length == 0"]},
            },
        ],
    }


def measure(runner: Runner, region: str, sizes: list[int], play_size: int, repetitions: int) -> dict:
    """Runs of each case at each size; the play once, at play_size CAs in the region."""
    results: dict = {"sizes": sizes, "play_size": play_size, "repetitions": repetitions, "cases": {}}
    with running_acmpca_standin(str(runner.scratch / "scale-standin.log"), creating_seconds=0) as url:
        cases = _cases(url, region, play_size)
        paths = {
            kind: runner.write_playbook(f"scale-{kind}", _playbook(url, region, tasks)) for kind, tasks in cases.items()
        }
        made = 0
        for size in sorted({*sizes, play_size}):
            print(f"scale: {size} CAs in the region", flush=True)
            _create_cas(url, region, made, size)
            made = size
            kinds = ["ca", "info"] if size in sizes else []
            kinds += ["play"] if size == play_size else []
            for kind in kinds:
                for _repetition in range(1 if kind == "play" else repetitions):
                    _calls(url, reset=True)
                    run = runner.run_playbook(paths[kind])
                    calls = _calls(url)
                    record = {
                        "seconds": run.task_seconds["measured"],
                        "requests": len(calls),
                        "operations": dict(Counter(call["operation"] for call in calls)),
                    }
                    results["cases"].setdefault(f"{kind}-{size}", []).append(record)
    return results


def _summary(runs: list[dict]) -> tuple[int, float, dict]:
    return runs[-1]["requests"], median(run["seconds"] for run in runs), runs[-1]["operations"]


def _operations(operations: dict) -> str:
    return ", ".join(f"{count} {name}" for name, count in sorted(operations.items(), key=lambda item: -item[1]))


def render(results: dict, baseline: dict | None) -> str:
    """The section of docs/performance.md on finding CAs by name, with the baseline beside it."""
    play_size = results["play_size"]
    lines = [
        HEADING,
        "",
        "One idempotent rerun task by name (no change, asserted) with 1 to 200 CAs in the region, each made by boto3 "
        f"with a Name tag, and one task looping over {play_size} CAs by name in a region of {play_size}, against "
        "the ACM PCA stand-in. Requests are counted in the stand-in's call log (ACM PCA and the tagging API's "
        "GetResources); wall time is the task's, from the benchmark's callback plugin, median of "
        f"{results['repetitions']} runs (the loop: 1 run). `make bench` measures it with the rest; "
        '`make bench ARGS=--scale-only` measures it alone and replaces only this section. "Before" is '
        f"benchmarks/{BASELINE.name}: the same case measured on the code before issue 18"
        + (f" ({baseline['code']}, {baseline['date']})" if baseline else "")
        + ".",
        "",
        "| Task | CAs in the region | Requests before | Wall before | Requests now | Wall now | What it sends now |",
        "|---|---|---|---|---|---|---|",
    ]
    labels = {"ca": "acmpca_certificate_authority by name", "info": "acmpca_certificate_authority_info by name"}
    rows = [(kind, size) for kind in ("ca", "info") for size in results["sizes"]]
    rows.append(("play", play_size))
    for kind, size in rows:
        key = f"{kind}-{size}"
        label = labels.get(kind, f"loop over {size} CAs by name (acmpca_certificate_authority)")
        requests, seconds, operations = _summary(results["cases"][key])
        before = "not measured | "
        if baseline and key in baseline["cases"]:
            old_requests, old_seconds, _old = _summary(baseline["cases"][key])
            before = f"{old_requests} | {old_seconds:.2f} s"
        lines.append(f"| {label} | {size} | {before} | {requests} | {seconds:.2f} s | {_operations(operations)} |")
    lines += ["", "| Target (ratio) | Measured | Met |", "|---|---|---|"]
    low, high = min(results["sizes"]), max(results["sizes"])
    for kind in ("ca", "info"):
        at_low, at_high = (
            _summary(results["cases"][f"{kind}-{low}"])[0],
            _summary(results["cases"][f"{kind}-{high}"])[0],
        )
        ratio = at_high / at_low
        lines.append(
            f"| {labels[kind]}: requests at {high} CAs / at {low} CA ≤ 1.0 | {at_high} / {at_low} = {ratio:.2f} | "
            f"{'yes' if ratio <= 1.0 else '**no**'} |"
        )
    per_ca = _summary(results["cases"][f"play-{play_size}"])[0] / play_size
    one = _summary(results["cases"][f"ca-{low}"])[0]
    lines.append(
        f"| loop over {play_size} CAs: requests per CA / requests of one rerun at {low} CA ≤ 1.0 | "
        f"{per_ca:.2f} / {one} = {per_ca / one:.2f} | {'yes' if per_ca / one <= 1.0 else '**no**'} |"
    )
    lines.append("")
    return "\n".join(lines)


def replace_section(document: str, heading: str, section: str) -> str:
    """The document with the section under heading (up to the next "## " heading) replaced, or added before
    the workflow's section (the last one) when it is not there yet."""
    if heading in document:
        before, rest = document.split(heading, 1)
        after = rest.split("\n## ", 1)[1] if "\n## " in rest else ""
        return before + section.rstrip("\n") + ("\n\n## " + after if after else "\n")
    workflow = "## Workflow: activating subordinate CAs"
    if workflow in document:
        before, after = document.split(workflow, 1)
        return before + section.rstrip("\n") + "\n\n" + workflow + after
    return document.rstrip("\n") + "\n\n" + section
