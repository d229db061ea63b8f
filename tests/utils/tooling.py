# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the reference check (collection_docs.py) and the guide check (check_guide_tested.py) share.

Both run in a nox session (noxfile.py) whose virtualenv holds the tools they call (ansible-core,
antsibull-docs), so a tool is found beside ``sys.executable``.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
from collections.abc import Callable
from collections.abc import Mapping
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NAMESPACE = "privateca"
NAME = "aws"
COLLECTION = f"{NAMESPACE}.{NAME}"
# Where the checks lay out their copy of the collection, and the dependencies beside it.
DOCS_TREE = ROOT / ".tmp" / "docs"
DEPENDENCIES = ROOT / ".tmp" / "collections"


class CheckFailed(Exception):
    """A check found a problem; the message says which, and what to do about it."""


def empty_ansible_cfg() -> Path:
    """An ansible.cfg without settings (ansible-core rejects ANSIBLE_CONFIG=/dev/null for its extension)."""
    path = ROOT / ".tmp" / "ansible-defaults.cfg"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# Empty: the checks run ansible-core with its defaults.\n[defaults]\n", encoding="utf-8")
    return path


def tool_environment(bin_dir: Path, collections_path: Path | None, extra: Mapping[str, str] | None = None) -> dict:
    """An environment in which the tools of bin_dir see exactly the collections under collections_path."""
    environment = dict(os.environ)
    environment["PATH"] = f"{bin_dir}{os.pathsep}{environment.get('PATH', '')}"
    # Settings from the developer's own ansible.cfg must not change what the checks see.
    environment["ANSIBLE_CONFIG"] = str(empty_ansible_cfg())
    environment.pop("VIRTUAL_ENV", None)
    if collections_path is not None:
        environment["ANSIBLE_COLLECTIONS_PATH"] = str(collections_path)
        environment["ANSIBLE_COLLECTIONS_SCAN_SYS_PATH"] = "false"
    environment.update(extra or {})
    return environment


def run(
    command: Sequence[str | Path],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    capture: bool = False,
    check: bool = True,
) -> subprocess.CompletedProcess:
    """Run a command, showing it first; with check, a non-zero exit fails the check."""
    words = [str(word) for word in command]
    print(f"$ {shlex.join(words)}", flush=True)
    completed = subprocess.run(words, env=env, cwd=cwd, text=True, capture_output=capture, check=False)
    if check and completed.returncode != 0:
        details = f"\n{completed.stdout}{completed.stderr}" if capture else ""
        raise CheckFailed(f"{Path(words[0]).name} exited with status {completed.returncode}{details}")
    return completed


def lay_out_docs_tree() -> Path:
    """Copy the collection (as git would check it out) beside its dependencies; return the collections path.

    tests/utils/collection_tree.py extracts amazon.aws and community.crypto from PyPI's ansible package
    into .tmp/collections and copies this collection into .tmp/docs; the returned path lists both, and
    nothing else, so that tools which load every collection they see (antsibull-docs) stay fast.
    """
    run(
        [
            sys.executable,
            ROOT / "tests" / "utils" / "collection_tree.py",
            "--collections",
            DEPENDENCIES,
            "--copy",
            DOCS_TREE,
        ]
    )
    return Path(f"{DOCS_TREE}{os.pathsep}{DEPENDENCIES}")


def docs_tree_collection() -> Path:
    return DOCS_TREE / "ansible_collections" / NAMESPACE / NAME


def main_wrapper(check: Callable[[], None], name: str) -> int:
    """Run one check: print how long it took, and turn CheckFailed into a short message and status 1."""
    started = time.monotonic()
    try:
        check()
    except CheckFailed as failure:
        print(f"FAILED {name} ({time.monotonic() - started:.1f} s): {failure}", file=sys.stderr)
        return 1
    print(f"passed {name} ({time.monotonic() - started:.1f} s)")
    return 0
