# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`make standin` as README's "Your own playbooks without AWS" uses it: start it, source env.sh, run a play."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

UTILS = Path(__file__).resolve().parents[1] / "utils"
sys.path.insert(0, str(UTILS))

from moto_server import free_port  # noqa: E402

PLAYBOOK = """\
- hosts: localhost
  gather_facts: false
  tasks:
    - name: Create a root CA by name
      privateca.aws.acmpca_certificate_authority:
        name: own-playbook-root
        type: ROOT
        key_algorithm: EC_prime256v1
        signing_algorithm: SHA256WITHECDSA
        subject: {common_name: Own Playbook Root}
      register: created
    - name: Find it
      privateca.aws.acmpca_certificate_authority_info:
        name: own-playbook-root
      register: found
    - name: Show what both saw
      ansible.builtin.debug:
        msg: "seen: {{ created.certificate_authority.status }} {{ found.certificate_authorities | length }}"
"""


def collections_path() -> Path:
    """The directory holding ansible_collections/ with this collection and amazon.aws beside it."""
    collection = Path(__file__).resolve().parents[2]
    root = collection.parents[2]
    if collection.parents[1].name != "ansible_collections" or not (root / "ansible_collections/amazon/aws").is_dir():
        pytest.skip("needs the collection's copy beside amazon.aws (the integration session runs it there)")
    return root


def test_own_playbook_runs_against_the_standin(tmp_path):
    root = collections_path()
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "ANSIBLE_"))}
    server = subprocess.Popen(
        [
            sys.executable,
            str(UTILS / "standin_shell.py"),
            *("--port", str(free_port()), "--dir", str(tmp_path), "--collections-path", str(root)),
            *("--creating-seconds", "0"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=environment,
        text=True,
    )
    env_file = tmp_path / "env.sh"
    try:
        deadline = time.monotonic() + 60
        while not env_file.exists():
            assert server.poll() is None, server.stdout.read()
            assert time.monotonic() < deadline, "env.sh was not written within 60 s"
            time.sleep(0.2)
        (tmp_path / "play.yml").write_text(PLAYBOOK, encoding="utf-8")
        env_text = env_file.read_text(encoding="utf-8")
        assert "AWS_SECRET_ACCESS_KEY" in env_text and "AWS_ENDPOINT_URL=http://127.0.0.1:" in env_text
        run = subprocess.run(
            ["bash", "-c", f"source {env_file} && ansible-playbook play.yml"],
            cwd=tmp_path,
            env={**environment, "ANSIBLE_NOCOLOR": "1"},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert run.returncode == 0, run.stdout + run.stderr
        assert "seen: PENDING_CERTIFICATE 1" in run.stdout
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert not env_file.exists(), "env.sh outlives the stand-in it points to"
