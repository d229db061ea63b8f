# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check what an execution environment gets from the collection, and that its minimum requirements work.

1. Build and install the collection tarball; ``ansible-builder introspect`` on it must find exactly the
   requirements of requirements.txt and bindep.txt, through meta/execution-environment.yml (a wrong path
   there, or a file left out of the tarball, shows up as a missing requirement).
2. ``bindep`` must parse bindep.txt (it exits 2 on a syntax error).
3. ``ansible-builder create`` on the definition in docs/execution-environment.md must write a build context
   whose Containerfile installs the collections the definition names. No container engine is needed.
4. The lowest versions that requirements.txt allows (every line must be ``name>=version``) are installed
   into .tmp/venv-minimum with the ansible-core, pytest and moto of requirements-dev.txt, and the plugins'
   unit tests (tests/unit/plugins) must pass with them: requirements.txt states the lowest versions tested.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tooling import NAME
from tooling import NAMESPACE
from tooling import ROOT
from tooling import CheckFailed
from tooling import check_main
from tooling import docs_tree_collection
from tooling import installed_tarball
from tooling import lay_out_docs_tree
from tooling import run
from tooling import run_parts
from tooling import tool_environment
from tooling import tools_bin

EE_DOC = ROOT / "docs" / "execution-environment.md"
MINIMUM_VENV = ROOT / ".tmp" / "venv-minimum"
FLOOR = re.compile(r"^(?P<name>[A-Za-z0-9_.\[\]-]+)\s*>=\s*(?P<version>[0-9][0-9A-Za-z.]*)\s*$")
# Taken from requirements-dev.txt so that only requirements.txt's packages are at their minimums.
TEST_RUNNER_PACKAGES = ("ansible-core", "pytest", "moto")


def requirement_lines(path: Path) -> list[str]:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        requirement = line.split("#", 1)[0].strip()
        if requirement:
            lines.append(requirement)
    return lines


def check_introspection(bin_dir: Path, collections_dir: Path, collection_root: Path) -> None:
    completed = run(
        [bin_dir / "ansible-builder", "introspect", collections_dir],
        env=tool_environment(bin_dir, None),
        capture=True,
    )
    # The output is a comment line, then YAML; introspect reports a missing file in a line of its own.
    if "Expected requirements file not present" in completed.stdout:
        raise CheckFailed(f"ansible-builder introspect misses a requirements file:\n{completed.stdout}")
    found = yaml.safe_load(completed.stdout) or {}
    origin = f"  # from collection {NAMESPACE}.{NAME}"
    expected = {
        "python": [line + origin for line in requirement_lines(collection_root / "requirements.txt")],
        "system": [line + origin for line in requirement_lines(collection_root / "bindep.txt")],
    }
    problems = []
    for kind, lines in expected.items():
        if not lines and kind == "python":
            problems.append("requirements.txt of the installed collection is empty")
        if sorted(found.get(kind) or []) != sorted(lines):
            problems.append(f"{kind}: ansible-builder found {found.get(kind)}, expected {lines}")
    if problems:
        raise CheckFailed("\n".join(problems))
    print(
        f"ansible-builder introspect: {len(expected['python'])} Python and {len(expected['system'])} system requirements"
    )


def check_bindep(bin_dir: Path, collection_root: Path) -> None:
    completed = run(
        [bin_dir / "bindep", "--file", collection_root / "bindep.txt", "--list_all", "newline", "compile"],
        env=tool_environment(bin_dir, None),
        capture=True,
        check=False,
    )
    if completed.returncode != 0:
        raise CheckFailed(
            f"bindep cannot read bindep.txt (exit {completed.returncode}):\n{completed.stdout}{completed.stderr}"
        )
    print(f"bindep, compile profile on this platform: {' '.join(completed.stdout.split())}")


def documented_definition() -> str:
    """The first YAML block of docs/execution-environment.md: the definition users copy."""
    match = re.search(r"^```yaml\n(?P<body>.*?)^```$", EE_DOC.read_text(encoding="utf-8"), re.DOTALL | re.MULTILINE)
    if not match:
        raise CheckFailed(f"no ```yaml block in {EE_DOC.relative_to(ROOT)}")
    return match["body"]


def check_create(bin_dir: Path) -> None:
    definition_text = documented_definition()
    definition = yaml.safe_load(definition_text)
    wanted = {entry["name"] for entry in definition["dependencies"]["galaxy"]["collections"]}
    if f"{NAMESPACE}.{NAME}" not in wanted:
        raise CheckFailed(f"the definition in {EE_DOC.relative_to(ROOT)} does not install {NAMESPACE}.{NAME}")
    with tempfile.TemporaryDirectory(prefix="privateca-ee-") as scratch:
        work = Path(scratch)
        (work / "execution-environment.yml").write_text(definition_text, encoding="utf-8")
        context = work / "context"
        run(
            [
                bin_dir / "ansible-builder",
                "create",
                "--file",
                work / "execution-environment.yml",
                "--context",
                context,
                "--output-filename",
                "Containerfile",
            ],
            cwd=work,
            env=tool_environment(bin_dir, None),
        )
        containerfile = (context / "Containerfile").read_text(encoding="utf-8")
        galaxy_requirements = yaml.safe_load((context / "_build" / "requirements.yml").read_text(encoding="utf-8"))
    problems = []
    listed = {entry["name"] for entry in galaxy_requirements.get("collections") or []}
    if listed != wanted:
        problems.append(f"the build context installs {sorted(listed)}, the definition names {sorted(wanted)}")
    for needed in ("ansible-galaxy collection install", "introspect", definition["images"]["base_image"]["name"]):
        if needed not in containerfile:
            problems.append(f"the Containerfile has no {needed!r}")
    if problems:
        raise CheckFailed("\n".join(problems))
    print(f"ansible-builder create: build context for {', '.join(sorted(wanted))}")


def minimum_pins() -> list[str]:
    pins = []
    for line in requirement_lines(ROOT / "requirements.txt"):
        match = FLOOR.match(line)
        if not match:
            raise CheckFailed(f"requirements.txt: {line!r} does not state a minimum as name>=version")
        pins.append(f"{match['name']}=={match['version']}")
    dev_pins = {
        re.split(r"[=<>\[ ]", line, maxsplit=1)[0].lower(): line
        for line in requirement_lines(ROOT / "requirements-dev.txt")
    }
    for package in TEST_RUNNER_PACKAGES:
        if package not in dev_pins:
            raise CheckFailed(f"requirements-dev.txt does not pin {package}")
        pins.append(dev_pins[package])
    return pins


def check_minimum_versions() -> None:
    pins = minimum_pins()
    stamp = MINIMUM_VENV / ".installed"
    digest = hashlib.sha256("\n".join(pins).encode()).hexdigest()
    python = MINIMUM_VENV / "bin" / "python"
    if not stamp.exists() or stamp.read_text(encoding="utf-8") != digest:
        shutil.rmtree(MINIMUM_VENV, ignore_errors=True)
        run([sys.executable, "-m", "venv", MINIMUM_VENV])
        run([python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
        run([python, "-m", "pip", "install", "--quiet", *pins])
        stamp.write_text(digest, encoding="utf-8")
    # The unit tests of the plugins (not those of the test harness, which runs with .venv), from the
    # collection's copy beside amazon.aws, as `make units` runs them.
    lay_out_docs_tree()
    completed = run(
        [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/unit/plugins"],
        cwd=docs_tree_collection(),
        capture=True,
        check=False,
    )
    summary = completed.stdout.strip().splitlines()[-1:] or ["no output"]
    if completed.returncode != 0:
        raise CheckFailed(
            f"unit tests fail with {', '.join(pins)}:\n{completed.stdout[-4000:]}{completed.stderr[-2000:]}"
        )
    print(f"unit tests with {', '.join(pins)}: {summary[0]}")


def check(tools_venv: Path) -> None:
    bin_dir = tools_bin(tools_venv)
    with installed_tarball("privateca-ee-") as installed:
        collections_dir, collection_root = installed.collections_dir, installed.collection_root
        run_parts(
            [
                ("ansible-builder introspect", lambda: check_introspection(bin_dir, collections_dir, collection_root)),
                ("bindep parses bindep.txt", lambda: check_bindep(bin_dir, collection_root)),
                ("ansible-builder create", lambda: check_create(bin_dir)),
                ("unit tests at the minimum versions", check_minimum_versions),
            ]
        )


def main() -> int:
    return check_main(check, "execution environment", __doc__)


if __name__ == "__main__":
    sys.exit(main())
