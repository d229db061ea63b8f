#!/usr/bin/env python
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Measure how long the module and a 5-ARN lookup take to fail on persistent faults, and how many requests they send.

The integration tests check these failures with a lowered time budget; this measures them by hand with
the defaults (or any --time-budget), against the scripted fault endpoint, through ansible-playbook.
Each figure is the task's own time (from just before it to just after it), not ansible-playbook's start-up.

    make tree TREE=/tmp/t && .venv/bin/python tests/utils/measure_fault_budget.py \
        --collections /tmp/t [--time-budget 6] [--faults ThrottlingException http500 text500 stall:120]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from acmpca_fault_server import fault_server
from moto_server import FAKE_CREDENTIALS

DEFAULT_FAULTS = ["ThrottlingException", "http500", "text500", "stall:120"]
PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  vars:
    connection: {endpoint_url: "%(endpoint)s", access_key: "%(access_key)s", secret_key: "%(secret_key)s"}
    budget: %(budget)s
  tasks:
    - {name: start, ansible.builtin.set_fact: {started: "{{ now().timestamp() }}"}}
    - name: module
      privateca.aws.acmpca_csr_info: "{{ {'arn': module_arn, 'time_budget': budget} | combine(connection) if budget
                                         else {'arn': module_arn} | combine(connection) }}"
      vars: {module_arn: "%(module_arn)s"}
      register: module_outcome
      ignore_errors: true
    - {name: between, ansible.builtin.set_fact: {between: "{{ now().timestamp() }}"}}
    - name: lookup
      ansible.builtin.set_fact:
        never_set: "{{ query('privateca.aws.acmpca_csr', lookup_arns, **(connection | combine({'time_budget': budget} if budget else {}))) }}"
      vars: {lookup_arns: %(lookup_arns)s}
      register: lookup_outcome
      ignore_errors: true
    - name: write
      ansible.builtin.copy:
        dest: "%(out)s"
        mode: "0644"
        content: >-
          {{ {'module': {'seconds': between | float - started | float, 'msg': module_outcome.msg | default('')},
              'lookup': {'seconds': now().timestamp() - between | float, 'msg': lookup_outcome.msg | default('')}} | to_json }}
"""


def arn(run: str, number: int) -> str:
    return f"arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/{run}-0000-4000-8000-{number:012d}"


def measure(url: str, collections: Path, fault: str, budget: int | None, work: Path) -> dict:
    import urllib.request

    run = uuid.uuid4().hex[:8]
    module_arn, lookup_arns = arn(run, 0), [arn(run, n) for n in range(1, 6)]
    scripts = {ca_arn: [fault] for ca_arn in [module_arn, *lookup_arns]}
    request = urllib.request.Request(
        f"{url}/_fault/scripts", json.dumps({"scripts": scripts}).encode(), {"Content-Type": "application/json"}
    )
    urllib.request.urlopen(request, timeout=10).read()
    out = work / f"{run}.json"
    playbook = work / f"{run}.yml"
    playbook.write_text(
        PLAYBOOK
        % {
            "endpoint": url,
            "access_key": FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
            "secret_key": FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            "budget": budget or "null",
            "module_arn": module_arn,
            "lookup_arns": json.dumps(lookup_arns),
            "out": out,
        }
    )
    environment = {name: value for name, value in os.environ.items() if not name.startswith("AWS_")}
    environment |= {"ANSIBLE_COLLECTIONS_PATH": str(collections), "ANSIBLE_PYTHON_INTERPRETER": sys.executable}
    environment["ANSIBLE_LOCALHOST_WARNING"] = "false"
    subprocess.run(
        [str(Path(sys.executable).parent / "ansible-playbook"), str(playbook)],
        env=environment,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    counts = json.loads(urllib.request.urlopen(f"{url}/_fault/counts", timeout=10).read())["by_arn"]
    outcome = json.loads(out.read_text())
    outcome["module"]["requests"] = counts.get(module_arn, {}).get("requests", 0)
    outcome["lookup"]["requests"] = sum(counts.get(ca_arn, {}).get("requests", 0) for ca_arn in lookup_arns)
    return outcome


def _seconds(outcome: dict) -> str:
    """The task's time, and the time from its first request to its failure as its message states it."""
    stated = re.findall(r" over (\d+\.\d) s \(", outcome["msg"])
    return (
        f"{outcome['seconds']:.1f} s ({stated[-1]} s after the first request)"
        if stated
        else f"{outcome['seconds']:.1f} s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--collections", type=Path, required=True, help="the directory that holds ansible_collections/")
    parser.add_argument("--time-budget", type=int, help="time_budget for both (default: the plugins' default)")
    parser.add_argument("--faults", nargs="+", default=DEFAULT_FAULTS, help="fault endpoint steps")
    args = parser.parse_args()
    print(
        "| Fault | time_budget | Module: time to fail | Module: requests | 5-ARN lookup: time to fail | Lookup: requests |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    with (
        tempfile.TemporaryDirectory(prefix="measure-faults-") as tmp,
        fault_server(log_path=Path(tmp, "server.log")) as url,
    ):
        for fault in args.faults:
            result = measure(url, args.collections.resolve(), fault, args.time_budget, Path(tmp))
            module, lookup = result["module"], result["lookup"]
            print(
                f"| {fault} | {args.time_budget or 'default (60)'} | {_seconds(module)} | {module['requests']} | "
                f"{_seconds(lookup)} | {lookup['requests']} |",
                flush=True,
            )
            for name in ("module", "lookup"):
                print(f"<!-- {fault} {name}: {result[name]['msg'][-400:]} -->", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
