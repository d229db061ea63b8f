# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The integration harness: the split of the targets (balanced by time= aliases, fault targets told apart), its set-up."""

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


def test_the_ssh_key_ansible_test_needs_is_made_once_before_the_workers(tmp_path):
    # Two ansible-test processes that both find no key both run ssh-keygen, and the second one fails.
    key = run_integration.ansible_test_ssh_key(tmp_path)
    assert key == tmp_path / ".ansible" / "test" / "id_rsa"
    assert key.with_suffix(".pub").read_text().startswith("ssh-rsa ")
    assert "BEGIN RSA PRIVATE KEY" in key.read_text()
    made = key.read_text()
    assert run_integration.ansible_test_ssh_key(tmp_path) == key
    assert key.read_text() == made, "a pair that is there is kept"


def test_a_lone_private_key_is_made_again_with_its_public_half(tmp_path):
    folder = tmp_path / ".ansible" / "test"
    folder.mkdir(parents=True)
    (folder / "id_rsa").write_text("left over")
    key = run_integration.ansible_test_ssh_key(tmp_path)
    assert key.read_text() != "left over"
    assert (folder / "id_rsa.pub").is_file()


def test_the_summary_names_the_targets_that_never_ran(tmp_path, capsys):
    run = {
        "passed": {"a": 10},
        "failed": ["b"],
        "not_run": ["c", "d"],
        "timed_out": False,
        "duration_seconds": 12.0,
        "exit_status": 1,
    }
    run_integration.print_summary({"run": run, "measurements": {}}, tmp_path / "results.json", None)
    lines = capsys.readouterr().out.splitlines()
    assert "  passed  a (10 s)" in lines
    assert "  FAILED  b" in lines
    assert "  NOT RUN  c" in lines and "  NOT RUN  d" in lines
