# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The integration harness's split of the targets: balanced by time= aliases, fault targets told apart."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HARNESS = Path(__file__).resolve().parents[1] / "integration"
sys.path.insert(0, str(HARNESS))

import run_integration  # noqa: E402


def make_target(root: Path, name: str, minutes: int, text: str = "- name: a task\n") -> None:
    folder = root / "tests" / "integration" / "targets" / name
    (folder / "tasks").mkdir(parents=True)
    (folder / "aliases").write_text(f"cloud/aws\ntime={minutes}m\n")
    (folder / "tasks" / "main.yml").write_text(text)


def test_groups_are_balanced_by_time_aliases_and_keep_the_given_order(tmp_path):
    for name, minutes in (("a", 6), ("b", 3), ("c", 3), ("d", 2), ("e", 1), ("f", 1)):
        make_target(tmp_path, name, minutes)
    groups = run_integration.split_targets(tmp_path, ["a", "b", "c", "d", "e", "f"], 2)
    totals = [sum(run_integration.expected_seconds(tmp_path, name) for name in group) for group in groups]
    assert sorted(name for group in groups for name in group) == ["a", "b", "c", "d", "e", "f"]
    assert max(totals) - min(totals) <= 60
    assert all(group == sorted(group) for group in groups)


def test_no_more_groups_than_targets(tmp_path):
    make_target(tmp_path, "only", 2)
    assert run_integration.split_targets(tmp_path, ["only"], 4) == [["only"]]


def test_a_target_without_a_time_alias_counts_one_minute(tmp_path):
    make_target(tmp_path, "plain", 5)
    (tmp_path / "tests" / "integration" / "targets" / "plain" / "aliases").write_text("cloud/aws\n")
    assert run_integration.expected_seconds(tmp_path, "plain") == 60


def test_only_targets_that_use_the_fault_endpoint_get_it(tmp_path):
    make_target(tmp_path, "account", 2, "- ansible.builtin.debug: {msg: '{{ aws_region }}'}\n")
    make_target(tmp_path, "faults", 2, "- ansible.builtin.uri: {url: '{{ fault_endpoint }}/_fault/counts'}\n")
    make_target(tmp_path, "closed", 2, "- ansible.builtin.debug: {msg: '{{ closed_endpoint }}'}\n")
    assert not run_integration.needs_fault_endpoint(tmp_path, "account")
    assert run_integration.needs_fault_endpoint(tmp_path, "faults")
    assert run_integration.needs_fault_endpoint(tmp_path, "closed")


def test_the_real_integration_targets_split_into_both_modes():
    """The real targets: the fault targets get the fault endpoint, the lifecycle targets run as against AWS."""
    collection = Path(__file__).resolve().parents[2]
    assert run_integration.needs_fault_endpoint(collection, "acmpca_csr_info_faults")
    assert not run_integration.needs_fault_endpoint(collection, "acmpca_certificate_authority")
    assert not run_integration.needs_fault_endpoint(collection, "subordinate_ca_workflow")


def test_billing_slices_the_call_log_where_each_target_started():
    calls = [
        {"operation": "CreateCertificateAuthority", "arn": "arn:ca/1"},
        {"operation": "IssueCertificate", "arn": "arn:ca/1"},
        {"operation": "CreateCertificateAuthority", "arn": "arn:ca/2"},
        {"operation": "RequestCertificate", "arn": None},
    ]
    billed = run_integration.billed_from_log(calls, {"first": 0, "second": 2})
    assert billed["first"] == {"cas": 1, "issue_requests": 1, "restores": 0, "acm_certificates": 0}
    assert billed["second"] == {"cas": 1, "issue_requests": 0, "restores": 0, "acm_certificates": 1}


def test_billing_fails_when_a_target_cleared_the_call_log():
    calls = [{"operation": "CreateCertificateAuthority", "arn": "arn:ca/1"}]
    with pytest.raises(RuntimeError, match="a target cleared it"):
        run_integration.billed_from_log(calls, {"first": 0, "second": 40})
