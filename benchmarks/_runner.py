# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run ansible-playbook and other processes in a scratch directory; time them and read their peak memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

# Records each task's wall time, from the strategy starting it to its result coming back, into
# the file BENCH_TASK_TIMES names: one JSON object per line.
TASK_TIMER = """
import json, os, time
from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "task_timer"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self.started = {}

    def v2_playbook_on_task_start(self, task, is_conditional):
        self.started[task._uuid] = time.perf_counter()

    def _record(self, result, failed):
        seconds = time.perf_counter() - self.started[result._task._uuid]
        with open(os.environ["BENCH_TASK_TIMES"], "a") as times:
            times.write(json.dumps({"task": result._task.get_name(), "seconds": seconds, "failed": failed}) + "\\n")

    def v2_runner_on_ok(self, result):
        self._record(result, False)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, True)
"""


@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # user + system, of the process and the descendants it waited for
    max_rss_kib: int
    output: str = ""
    task_seconds: dict[str, float] = field(default_factory=dict)


class Runner:
    """Everything the benchmark starts runs with this environment: no AWS or Ansible settings from the caller."""

    def __init__(self, scratch: Path, collection: Path, credentials: dict[str, str]):
        self.scratch = scratch
        self.playbook_command = str(Path(sys.executable).parent / "ansible-playbook")
        (scratch / "callback_plugins").mkdir()
        (scratch / "callback_plugins" / "task_timer.py").write_text(TASK_TIMER)
        self.inventory = scratch / "inventory.ini"
        # Interpreter discovery can find a broken shim; the benchmark's own Python has everything.
        self.inventory.write_text(f"localhost ansible_connection=local ansible_python_interpreter={sys.executable}\n")
        (scratch / "ansible.cfg").write_text("[defaults]\nretry_files_enabled = false\n")
        self.env = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith(("AWS_", "BOTO_", "ANSIBLE_", "PYTHONPROFILE"))
        }
        self.env.update(credentials)
        self.env.update(
            {
                "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", os.defpath)]),
                "AWS_CONFIG_FILE": str(scratch / "no-aws-config"),
                "AWS_SHARED_CREDENTIALS_FILE": str(scratch / "no-aws-credentials"),
                "ANSIBLE_CONFIG": str(scratch / "ansible.cfg"),
                "ANSIBLE_COLLECTIONS_PATH": str(collection.parents[2]),
                "ANSIBLE_CALLBACK_PLUGINS": str(scratch / "callback_plugins"),
                "ANSIBLE_CALLBACKS_ENABLED": "task_timer",
                "ANSIBLE_LOCAL_TEMP": str(scratch / "ansible-local"),
                "ANSIBLE_REMOTE_TEMP": str(scratch / "ansible-remote"),
                "ANSIBLE_NOCOLOR": "1",
            }
        )

    def write_playbook(self, name: str, plays: list[dict]) -> Path:
        path = self.scratch / f"{name}.yml"
        path.write_text(json.dumps(plays, indent=1))  # JSON is YAML, and needs no quoting care
        return path

    def run(self, command: list[str], extra_env: dict[str, str] | None = None) -> Run:
        """Run a command to the end; its wall time, and the peak RSS of its largest process (from wait4)."""
        env = {**self.env, **(extra_env or {})}
        log = self.scratch / "last-command.log"
        with open(log, "wb") as log_file:
            started = time.perf_counter()
            process = subprocess.Popen(command, cwd=self.scratch, env=env, stdout=log_file, stderr=subprocess.STDOUT)
            # wait4 reports ru_maxrss of the process and of its descendants it waited for: the
            # largest single process of the tree, not their sum.
            _pid, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        output = log.read_text(errors="replace")
        if process.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} exited with {process.returncode}:\n{output[-4000:]}")
        cpu_seconds = usage.ru_utime + usage.ru_stime
        return Run(seconds=seconds, cpu_seconds=cpu_seconds, max_rss_kib=usage.ru_maxrss, output=output)

    def run_playbook(self, playbook: Path, extra_env: dict[str, str] | None = None) -> Run:
        times_file = self.scratch / "task-times.jsonl"
        times_file.unlink(missing_ok=True)
        result = self.run(
            [self.playbook_command, "-i", str(self.inventory), str(playbook)],
            {"BENCH_TASK_TIMES": str(times_file), **(extra_env or {})},
        )
        if times_file.exists():
            for line in times_file.read_text().splitlines():
                record = json.loads(line)
                result.task_seconds[record["task"]] = record["seconds"]
        return result
