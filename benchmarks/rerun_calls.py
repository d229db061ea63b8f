# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which requests each writing module sends when it is run again with the same input: `make rerun-calls`.

Starts the ACM PCA stand-in (tests/utils/acmpca_standin.py) on 127.0.0.1, runs benchmarks/rerun_calls.yml
through ansible-playbook (each module twice; the stand-in's call log records the second run), and prints
a table. Idempotency means no write request on the second run; the integration tests assert that, this
shows what the second run costs in read requests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "utils"))

from moto_server import FAKE_CREDENTIALS  # noqa: E402
from moto_server import running_acmpca_standin  # noqa: E402

# Run from the collection's copy (make rerun-calls): three levels up holds ansible_collections/.
sys.path.insert(0, str(HERE.parents[3]))
from ansible_collections.privateca.aws.plugins.module_utils._aws.client import is_write  # noqa: E402


def main() -> int:
    with (
        tempfile.TemporaryDirectory(prefix="privateca-rerun-") as scratch,
        running_acmpca_standin(creating_seconds=0.5) as url,
    ):
        inventory = Path(scratch, "inventory.ini")
        inventory.write_text(f"localhost ansible_connection=local ansible_python_interpreter={sys.executable}\n")
        calls_file = Path(scratch, "calls.json")
        environment = {key: value for key, value in os.environ.items() if key != "AWS_CA_BUNDLE"}
        environment.update(FAKE_CREDENTIALS, ANSIBLE_NOCOLOR="1", ANSIBLE_RETRY_FILES_ENABLED="0")
        command = [
            str(Path(sys.executable).with_name("ansible-playbook")),
            *("-i", str(inventory), str(HERE / "rerun_calls.yml")),
            *("-e", f"endpoint_url={url}", "-e", f"scratch_dir={scratch}", "-e", f"calls_file={calls_file}"),
        ]
        completed = subprocess.run(command, env=environment, check=False, capture_output=True, text=True)
        if completed.returncode != 0:
            print(completed.stdout[-4000:], completed.stderr[-4000:], sep="\n")
            return completed.returncode
        results = json.loads(calls_file.read_text())
    print("| Module | Changed on the second run | Requests of the second run | Write requests |")
    print("| --- | --- | --- | --- |")
    for module, result in results.items():
        requests = result["requests"]
        writes = [name for name in requests if is_write(name)]
        print(f"| {module} | {result['changed']} | {len(requests)}: {', '.join(requests)} | {len(writes)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
