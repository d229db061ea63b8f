# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`make standin`: the stand-in for AWS on 127.0.0.1, for your own playbooks, until Ctrl-C.

Starts the ACM PCA stand-in (acmpca_standin.py: moto with ACM PCA's rules; every other moto service, S3
and STS among them, is served too) and writes beside it an ``env.sh`` to source in another shell: the
endpoint (``AWS_ENDPOINT_URL``, which botocore reads for every service), placeholder credentials, a region,
the collections path holding this collection and its dependencies, an inventory whose localhost runs
modules with this Python (it has boto3, botocore and cryptography), and this Python's ``ansible-playbook``
first on PATH. Nothing it writes holds a real credential.
"""

from __future__ import annotations

import argparse
import shlex
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from moto_server import FAKE_CREDENTIALS
from moto_server import running_acmpca_standin

REGION = "us-east-1"


def environment_lines(url: str, collections_path: Path, inventory: Path) -> list[str]:
    bin_dir = Path(sys.executable).parent
    exports = {
        "AWS_ENDPOINT_URL": url,
        **FAKE_CREDENTIALS,
        "AWS_REGION": REGION,
        "AWS_DEFAULT_REGION": REGION,
        "ANSIBLE_COLLECTIONS_PATH": str(collections_path),
        "ANSIBLE_INVENTORY": str(inventory),
        "PATH": f"{bin_dir}:$PATH",
    }
    lines = ["# Written by `make standin` (tests/utils/standin_shell.py); placeholders, no real credential."]
    # A profile or session token from your shell would be sent to the stand-in; a CA bundle is not needed
    # for its plain HTTP.
    lines.append("unset AWS_PROFILE AWS_SESSION_TOKEN AWS_CA_BUNDLE")
    for name, value in exports.items():
        quoted = f'"{value}"' if name == "PATH" else shlex.quote(value)
        lines.append(f"export {name}={quoted}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=5000, help="port on 127.0.0.1 (default 5000)")
    parser.add_argument("--dir", type=Path, required=True, help="where to write env.sh and inventory.ini")
    parser.add_argument(
        "--collections-path", type=Path, required=True, help="holds ansible_collections/privateca/aws and amazon/aws"
    )
    parser.add_argument("--creating-seconds", type=float, default=None, help="how long new CAs stay CREATING")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    args.dir.mkdir(parents=True, exist_ok=True)
    inventory = args.dir / "inventory.ini"
    # Interpreter discovery can pick a broken pyenv shim: name the Python that has boto3 and cryptography.
    inventory.write_text(f"localhost ansible_connection=local ansible_python_interpreter={sys.executable}\n")
    env_file = args.dir / "env.sh"
    env_file.unlink(missing_ok=True)
    with running_acmpca_standin(port=args.port, creating_seconds=args.creating_seconds) as url:
        lines = environment_lines(url, args.collections_path.resolve(), inventory.resolve())
        # Written once the stand-in answers: a script may wait for the file.
        env_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"The stand-in for AWS answers on {url} (ACM PCA with its rules; S3, STS ... as moto has them).")
        print(f"In another shell:  source {env_file}")
        print("then:              ansible-playbook your-playbook.yml   (hosts: localhost)")
        print("Stop it with Ctrl-C. Everything it holds is lost when it stops.", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            env_file.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
