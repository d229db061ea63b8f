# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The main job on an embedded default, with no AWS account: `make demo`.

Starts a moto server on 127.0.0.1 that keeps ACM PCA's rules (tests/utils/acmpca_standin.py) as a
stand-in for AWS, runs demo/demo.yml through ansible-playbook (a root CA created, self-signed through the
API and activated; a server certificate issued, then kept on a second run), and stops the server.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "utils"))

from moto_server import FAKE_CREDENTIALS  # noqa: E402
from moto_server import running_acmpca_standin  # noqa: E402


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="privateca-demo-") as scratch, running_acmpca_standin() as url:
        print(f"ACM PCA stand-in on {url}\n", flush=True)
        inventory = Path(scratch, "inventory.ini")
        # Interpreter discovery can pick a broken pyenv shim: name this Python.
        inventory.write_text(f"localhost ansible_connection=local ansible_python_interpreter={sys.executable}\n")
        environment = {key: value for key, value in os.environ.items() if key != "AWS_CA_BUNDLE"}
        environment.update(FAKE_CREDENTIALS, ANSIBLE_NOCOLOR="1", ANSIBLE_RETRY_FILES_ENABLED="0")
        command = [
            str(Path(sys.executable).with_name("ansible-playbook")),
            "-i",
            str(inventory),
            str(HERE / "demo.yml"),
            "-e",
            f"demo_endpoint_url={url}",
            "-e",
            f"demo_dir={scratch}",
        ]
        return subprocess.run(command, env=environment, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
