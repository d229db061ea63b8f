# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check what an execution environment gets from the collection, without a container engine.

antsibull-nox's ee-check session builds the image and runs playbooks in it, which needs podman or docker;
this check (the ee-introspect session of noxfile.py, whose virtualenv holds ansible-core, ansible-builder
and bindep) runs everywhere:

1. Build and install the collection tarball; ``ansible-builder introspect`` on it must find exactly the
   requirements of requirements.txt and bindep.txt, through meta/execution-environment.yml (a wrong path
   there, or a file left out of the tarball, shows up as a missing requirement).
2. ``bindep`` must parse bindep.txt (it exits 2 on a syntax error).
3. ``ansible-builder create`` on the definition in docs/execution-environment.md must write a build context
   whose Containerfile installs the collections the definition names.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tooling import COLLECTION
from tooling import ROOT
from tooling import CheckFailed
from tooling import main_wrapper
from tooling import run
from tooling import tool_environment

EE_DOC = ROOT / "docs" / "execution-environment.md"
BIN = Path(sys.executable).parent


def requirement_lines(path: Path) -> list[str]:
    lines = [line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line]


def install_tarball(work: Path) -> tuple[Path, Path]:
    """Build the tarball from the repository and install it alone; return (collections dir, collection root)."""
    run([BIN / "ansible-galaxy", "collection", "build", "--force", "--output-path", work / "build", ROOT], cwd=ROOT)
    tarballs = sorted((work / "build").glob("*.tar.gz"))
    if len(tarballs) != 1:
        raise CheckFailed(f"expected one tarball, found {[path.name for path in tarballs]}")
    collections = work / "collections"
    run(
        [BIN / "ansible-galaxy", "collection", "install", "--no-deps", "-p", collections, tarballs[0]],
        env=tool_environment(BIN, collections),
    )
    return collections, collections / "ansible_collections" / COLLECTION.replace(".", "/")


def check_introspection(collections: Path, collection_root: Path) -> None:
    completed = run([BIN / "ansible-builder", "introspect", collections], env=tool_environment(BIN, None), capture=True)
    # The output is a comment line, then YAML; introspect reports a missing file in a line of its own.
    if "Expected requirements file not present" in completed.stdout:
        raise CheckFailed(f"ansible-builder introspect misses a requirements file:\n{completed.stdout}")
    found = yaml.safe_load(completed.stdout) or {}
    origin = f"  # from collection {COLLECTION}"
    expected = {
        "python": [line + origin for line in requirement_lines(collection_root / "requirements.txt")],
        "system": [line + origin for line in requirement_lines(collection_root / "bindep.txt")],
    }
    problems = [
        f"{kind}: ansible-builder found {found.get(kind)}, expected {lines}"
        for kind, lines in expected.items()
        if sorted(found.get(kind) or []) != sorted(lines)
    ]
    if not expected["python"]:
        problems.append("requirements.txt of the installed collection is empty")
    if problems:
        raise CheckFailed("\n".join(problems))
    print(f"introspect: {len(expected['python'])} Python and {len(expected['system'])} system requirements")


def check_bindep(collection_root: Path) -> None:
    completed = run(
        [BIN / "bindep", "--file", collection_root / "bindep.txt", "--list_all", "newline", "compile"],
        env=tool_environment(BIN, None),
        capture=True,
        check=False,
    )
    if completed.returncode != 0:
        raise CheckFailed(f"bindep cannot read bindep.txt (exit {completed.returncode}):\n{completed.stderr}")
    print(f"bindep, compile profile on this platform: {' '.join(completed.stdout.split())}")


def check_create(work: Path) -> None:
    """ansible-builder create on the first YAML block of docs/execution-environment.md, the definition users copy."""
    match = re.search(r"^```yaml\n(?P<body>.*?)^```$", EE_DOC.read_text(encoding="utf-8"), re.DOTALL | re.MULTILINE)
    if not match:
        raise CheckFailed(f"no ```yaml block in {EE_DOC.relative_to(ROOT)}")
    definition = yaml.safe_load(match["body"])
    wanted = {entry["name"] for entry in definition["dependencies"]["galaxy"]["collections"]}
    if COLLECTION not in wanted:
        raise CheckFailed(f"the definition in {EE_DOC.relative_to(ROOT)} does not install {COLLECTION}")
    (work / "execution-environment.yml").write_text(match["body"], encoding="utf-8")
    context = work / "context"
    run(
        [
            *(BIN / "ansible-builder", "create", "--file", work / "execution-environment.yml"),
            *("--context", context, "--output-filename", "Containerfile"),
        ],
        cwd=work,
        env=tool_environment(BIN, None),
    )
    containerfile = (context / "Containerfile").read_text(encoding="utf-8")
    listed = yaml.safe_load((context / "_build" / "requirements.yml").read_text(encoding="utf-8"))
    problems = []
    if {entry["name"] for entry in listed.get("collections") or []} != wanted:
        problems.append(
            f"the build context installs {listed.get('collections')}, the definition names {sorted(wanted)}"
        )
    for needed in ("ansible-galaxy collection install", "introspect", definition["images"]["base_image"]["name"]):
        if needed not in containerfile:
            problems.append(f"the Containerfile has no {needed!r}")
    if problems:
        raise CheckFailed("\n".join(problems))
    print(f"create: a build context for {', '.join(sorted(wanted))}")


def check() -> None:
    with tempfile.TemporaryDirectory(prefix="privateca-ee-") as scratch:
        work = Path(scratch)
        collections, collection_root = install_tarball(work)
        check_introspection(collections, collection_root)
        check_bindep(collection_root)
        check_create(work)


if __name__ == "__main__":
    sys.exit(main_wrapper(check, "execution environment"))
