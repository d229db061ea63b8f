# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The benchmark's report: the per-task ratio of each round, beside the verdict taken from the medians."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import _report  # noqa: E402

LONG_PLAY = 11  # tasks in the long play: a task's time is (long - short) / 10


def runs(*seconds: float) -> list[SimpleNamespace]:
    return [SimpleNamespace(seconds=value, cpu_seconds=value) for value in seconds]


def results_of_two_rounds() -> dict:
    # Round 1: module 0.6, ping 0.3, bare 0.3 (median of 0.2, 0.3, 0.4) -> 1.0x.
    # Round 2: module 0.7, ping 0.2, bare 0.3 -> 1.4x.
    return {
        "long_play_tasks": LONG_PLAY,
        "repetitions": {"plays": 2},
        "plays": {
            "module-1": runs(1.0, 1.0),
            f"module-{LONG_PLAY}": runs(7.0, 8.0),
            "least-1": runs(1.0, 1.0),
            f"least-{LONG_PLAY}": runs(4.0, 6.0),
            "ping-1": runs(1.0, 2.0),
            f"ping-{LONG_PLAY}": runs(4.0, 4.0),
            "bare": runs(0.4, 0.2, 0.3, 0.3, 0.9, 0.1),
        },
    }


def test_each_round_has_its_own_ratio_from_its_own_runs():
    results = results_of_two_rounds()

    assert _report._ratios_by_round(results, "module") == pytest.approx([1.0, 1.4])
    assert _report._ratios_by_round(results, "least") == pytest.approx([0.5, 1.0])


def test_the_targets_show_the_spread_of_the_rounds_beside_the_verdict_of_the_medians():
    results = results_of_two_rounds()
    numbers = {
        "module_task": 0.65,
        "ping_task": 0.25,
        "bare_beside_plays": 0.3,
        "least_task": 0.5,
        "module_task_cpu": 0.6,
        "ping_task_cpu": 0.25,
        "bare_beside_plays_cpu": 0.3,
        "no-cryptography_task": 0.5,
        "module-loop": 30.0,
        "lookup-50": 0.5,
        "lookup-1": 0.3,
    }

    rows = {target: (measured, met) for target, measured, met in _report._targets(numbers, results)}

    module_measured, module_met = rows["module task ≤ 1.0 x (ping task + bare boto3 process), wall time"]
    assert module_measured == "0.650 / (0.250 + 0.300) = 1.18x (rounds: 1.00x to 1.40x)"
    assert module_met == "**no**"
    least = next(measured for target, (measured, _met) in rows.items() if target.startswith("the least module"))
    assert least.endswith("= 0.91x (rounds: 0.50x to 1.00x)")
