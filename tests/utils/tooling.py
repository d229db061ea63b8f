# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the docs, changelog, packaging, execution environment and lint checks share.

The checks run with the development virtualenv's Python (.venv, which also holds the amazon.aws and
community.crypto collections from PyPI's ``ansible`` package) and call the tools of requirements-tools.txt
from their own virtualenv (.venv-tools, see ``make tools``), whose pins would conflict with .venv's.
"""

from __future__ import annotations

import argparse
import ast
import os
import shlex
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Mapping
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NAMESPACE = "privateca"
NAME = "aws"
COLLECTION = f"{NAMESPACE}.{NAME}"
DEFAULT_TOOLS_VENV = ROOT / ".venv-tools"
# Where the docs and lint checks lay out their copy of the collection (the Makefile's TREE for them).
DOCS_TREE = ROOT / ".tmp" / "docs"
# Collections the plugins' documentation and examples refer to: amazon.aws for its doc fragments and
# module_defaults group, community.crypto for the signing step of the guide and the examples.
REFERENCED_COLLECTIONS = (("amazon", "aws"), ("community", "crypto"))

# plugins/<directory> -> ansible-doc plugin type. module_utils, doc_fragments, plugin_utils and action
# plugins have no documentation of their own (an action plugin shares its module's).
PLUGIN_DIRECTORIES = {
    "modules": "module",
    "lookup": "lookup",
    "inventory": "inventory",
    "callback": "callback",
    "connection": "connection",
    "become": "become",
    "cache": "cache",
    "cliconf": "cliconf",
    "httpapi": "httpapi",
    "netconf": "netconf",
    "shell": "shell",
    "strategy": "strategy",
    "vars": "vars",
    "filter": "filter",
    "test": "test",
}
# Filter and test plugins are documented in YAML files beside the Python files that hold several of them.
YAML_DOCUMENTED_TYPES = {"filter", "test"}


class CheckFailed(Exception):
    """A check found a problem; the message says which, and what to do about it."""


@dataclass(frozen=True)
class Plugin:
    plugin_type: str
    name: str
    path: Path

    @property
    def fqcn(self) -> str:
        return f"{COLLECTION}.{self.name}"


def find_plugins(collection_root: Path) -> list[Plugin]:
    """Every documented plugin of the collection at collection_root, found from its files."""
    plugins = []
    for directory, plugin_type in PLUGIN_DIRECTORIES.items():
        plugin_dir = collection_root / "plugins" / directory
        if not plugin_dir.is_dir():
            continue
        suffixes = (".yml", ".yaml") if plugin_type in YAML_DOCUMENTED_TYPES else (".py",)
        for path in sorted(plugin_dir.rglob("*")):
            if path.suffix not in suffixes or path.name == "__init__.py" or "__pycache__" in path.parts:
                continue
            # Plugins in subdirectories are named with dots, as ansible-doc names them.
            relative = path.relative_to(plugin_dir).with_suffix("")
            plugins.append(Plugin(plugin_type, ".".join(relative.parts), path))
    return plugins


def module_string_constant(path: Path, constant: str) -> str | None:
    """The value of a top-level string assignment such as EXAMPLES, read without importing the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in tree.body:
        if not isinstance(node, ast.Assign) or not isinstance(node.value, ast.Constant):
            continue
        if any(isinstance(target, ast.Name) and target.id == constant for target in node.targets):
            value = node.value.value
            return value if isinstance(value, str) else None
    return None


def tools_bin(tools_venv: Path) -> Path:
    """The bin directory of the tools virtualenv; fail with the fix when it is not there."""
    bin_dir = tools_venv.resolve() / "bin"
    if not (bin_dir / "python").exists():
        raise CheckFailed(f"no tools virtualenv at {tools_venv}: run `make tools` (installs requirements-tools.txt)")
    # collection_tree.py copies every file git does not ignore: a tools virtualenv that git sees would be
    # copied into every collection tree, and scanned by ansible-test sanity.
    if tools_venv.resolve().is_relative_to(ROOT):
        ignored = subprocess.run(
            ["git", "check-ignore", "--quiet", str(tools_venv.resolve() / "bin" / "python")], cwd=ROOT, check=False
        )
        if ignored.returncode != 0:
            raise CheckFailed(f"git does not ignore the tools virtualenv {tools_venv}: add it to .gitignore")
    return bin_dir


def dev_site_collections() -> Path:
    """The ansible_collections directory of the virtualenv running this script (.venv)."""
    return Path(sysconfig.get_paths()["purelib"]) / "ansible_collections"


def empty_ansible_cfg() -> Path:
    """An ansible.cfg without settings (ansible-core rejects ANSIBLE_CONFIG=/dev/null for its extension)."""
    path = ROOT / ".tmp" / "ansible-defaults.cfg"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# Empty: the checks run ansible-core with its defaults.\n[defaults]\n", encoding="utf-8")
    return path


def tool_environment(bin_dir: Path, collections_path: Path | None, extra: Mapping[str, str] | None = None) -> dict:
    """An environment in which the tools see exactly the collections under collections_path.

    The tools virtualenv holds PyPI's ``ansible`` package (galaxy-importer's ansible-doc needs amazon.aws
    beside the collection, as Galaxy installs it). ansible-core would also find those ~100 collections on
    sys.path, which makes antsibull-docs dump all of them (a minute instead of seconds), so the scan of
    sys.path is turned off wherever a collections path is given.
    """
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
    """Copy the collection (as git would check it out) and return a collections path that holds it.

    The copy comes from tests/utils/collection_tree.py, the layout `make tree` uses. The returned path
    holds only this collection and the two it refers to, linked from .venv, so that tools which load every
    collection they can see (antsibull-docs, ansible-lint) stay fast and see nothing else.
    """
    run([sys.executable, ROOT / "tests" / "utils" / "collection_tree.py", "--dest", DOCS_TREE])
    collections_path = DOCS_TREE / "collections-path"
    wanted = {(NAMESPACE, NAME): DOCS_TREE / "ansible_collections" / NAMESPACE / NAME}
    for namespace, name in REFERENCED_COLLECTIONS:
        wanted[(namespace, name)] = dev_site_collections() / namespace / name
    for (namespace, name), source in wanted.items():
        if not source.is_dir():
            raise CheckFailed(f"collection {namespace}.{name} not found at {source}: run `make venv`")
        link = collections_path / "ansible_collections" / namespace / name
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.is_symlink() and link.resolve() == source.resolve():
            continue
        if link.is_symlink():
            link.unlink()
        link.symlink_to(source.resolve(), target_is_directory=True)
    return collections_path


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


def check_main(check: Callable[[Path], None], name: str, description: str | None) -> int:
    """The command line of a check script: --tools-venv, then the check under main_wrapper."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--tools-venv", type=Path, default=DEFAULT_TOOLS_VENV, help="virtualenv of requirements-tools.txt"
    )
    args = parser.parse_args()
    return main_wrapper(lambda: check(args.tools_venv), name)


@dataclass
class InstalledTarball:
    tarball: Path
    collections_dir: Path
    collection_root: Path


@contextmanager
def installed_tarball(scratch_prefix: str) -> Iterator[InstalledTarball]:
    """Build the tarball and install it into an empty collections path, both in a scratch directory."""
    with tempfile.TemporaryDirectory(prefix=scratch_prefix) as scratch:
        work = Path(scratch)
        tarball = build_collection(work / "build")
        collections_dir = work / "collections"
        yield InstalledTarball(tarball, collections_dir, install_collection(tarball, collections_dir))


def build_collection(output_dir: Path) -> Path:
    """Build the collection tarball from the repository with ansible-galaxy; return its path."""
    dev_bin = Path(sys.executable).parent
    run([dev_bin / "ansible-galaxy", "collection", "build", "--force", "--output-path", output_dir, ROOT], cwd=ROOT)
    tarballs = sorted(output_dir.glob(f"{NAMESPACE}-{NAME}-*.tar.gz"))
    if len(tarballs) != 1:
        raise CheckFailed(f"expected one tarball in {output_dir}, found {[path.name for path in tarballs]}")
    return tarballs[0]


def install_collection(tarball: Path, collections_dir: Path) -> Path:
    """Install the tarball into an empty collections path without its dependencies; return its root.

    Galaxy cannot be reached from every machine, so amazon.aws is not installed from it: the checks
    that need it add .venv's copy (from PyPI's ansible package) to the collections path instead.
    """
    dev_bin = Path(sys.executable).parent
    run(
        [dev_bin / "ansible-galaxy", "collection", "install", "--no-deps", "-p", collections_dir, tarball],
        # Naming the target as the collections path keeps ansible-galaxy from warning that it is not one.
        env=tool_environment(dev_bin, collections_dir),
    )
    root = collections_dir / "ansible_collections" / NAMESPACE / NAME
    if not (root / "MANIFEST.json").is_file():
        raise CheckFailed(f"ansible-galaxy did not install {COLLECTION} at {root}")
    return root


def run_parts(parts: Sequence[tuple[str, Callable[[], None]]]) -> None:
    """Run every part of a check, also after one fails; print each one's time; report all failures."""
    failures = []
    for label, part in parts:
        started = time.monotonic()
        try:
            part()
        except CheckFailed as failure:
            failures.append(f"[{label}] {failure}")
            outcome = "FAILED"
        else:
            outcome = "passed"
        print(f"--- {outcome} {label} ({time.monotonic() - started:.1f} s)", flush=True)
    if failures:
        raise CheckFailed("\n\n".join(failures))
