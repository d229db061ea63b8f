# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Build the collection as Galaxy receives it, install it, and check what users get.

1. ``ansible-galaxy collection build`` makes the tarball from the repository (galaxy.yml's build_ignore).
2. The tarball must hold no development file (virtualenvs, caches, Makefile, tool configuration, the demo,
   benchmarks, CI, test output) and must hold every plugin of the repository and the files users and Galaxy
   read (README.md, COPYING, CHANGELOG.rst, changelogs/changelog.yaml, meta/, requirements.txt, bindep.txt,
   docs/docsite/).
3. ``ansible-galaxy collection install --no-deps`` puts it into an empty collections path, and
   ``ansible-doc`` must document every plugin found in the installed files, from there: each has a short
   description and examples, each module its return values, and ``ansible-doc --list`` names the same plugins.
   amazon.aws (for its documentation fragments) comes from .venv, as Galaxy is not reachable from every machine.
4. galaxy-importer, the code Galaxy runs on upload, imports the tarball offline, without containers
   (tests/utils/galaxy-importer.cfg), with amazon.aws beside it (PyPI's ansible package in .venv-tools): it must
   finish without an error or a warning, and return the documentation of every plugin.
"""

from __future__ import annotations

import fnmatch
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tooling import COLLECTION
from tooling import ROOT
from tooling import CheckFailed
from tooling import check_main
from tooling import dev_site_collections
from tooling import find_plugins
from tooling import installed_tarball
from tooling import run
from tooling import run_parts
from tooling import tool_environment
from tooling import tools_bin

GALAXY_IMPORTER_CONFIG = ROOT / "tests" / "utils" / "galaxy-importer.cfg"
# Development files: none of these may be in the tarball (fnmatch patterns on member paths).
DEVELOPMENT_FILES = (
    ".venv*",
    ".tmp",
    ".tmp/*",
    ".ci",
    ".ci/*",
    ".git",
    ".git/*",
    ".gitignore",
    ".pytest_cache*",
    ".ruff_cache*",
    ".ansible-lint",
    ".ansible-lint-ignore",
    "Makefile",
    "pyproject.toml",
    "requirements-dev.txt",
    "requirements-tools.txt",
    "benchmarks",
    "benchmarks/*",
    "demo",
    "demo/*",
    "tests/output",
    "tests/output/*",
    "tests/integration/integration_config.yml",
    "tests/integration/inventory",
    "changelogs/.plugin-cache.yaml",
    "*/__pycache__*",
    "*.pyc",
    "*.tar.gz",
)
# Files users, Galaxy, ansible-builder and the docsite read from the installed collection.
REQUIRED_FILES = (
    "MANIFEST.json",
    "FILES.json",
    "README.md",
    "COPYING",
    "CHANGELOG.rst",
    "changelogs/changelog.yaml",
    "meta/runtime.yml",
    "meta/execution-environment.yml",
    "requirements.txt",
    "bindep.txt",
    "docs/docsite/extra-docs.yml",
    "docs/docsite/links.yml",
)
IMPORT_SUCCESS = "Importer processing completed successfully"


def repository_files(directory: str) -> set[str]:
    """Files under directory that a clone has (tracked, or new and not ignored)."""
    listing = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z", "--", directory],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {name for name in listing.split("\0") if name and (ROOT / name).is_file()}


def check_tarball_contents(tarball: Path) -> None:
    with tarfile.open(tarball) as archive:
        members = {member.name.removeprefix("./") for member in archive.getmembers() if member.isfile()}
    problems = []
    for member in sorted(members):
        pattern = next((pattern for pattern in DEVELOPMENT_FILES if fnmatch.fnmatch(member, pattern)), None)
        if pattern:
            problems.append(f"development file in the tarball: {member} (matches {pattern}; add it to build_ignore)")
    for required in REQUIRED_FILES:
        if required not in members:
            problems.append(f"missing from the tarball: {required}")
    for plugin_file in sorted(repository_files("plugins") - members):
        if not fnmatch.fnmatch(plugin_file, "*/__pycache__*") and not plugin_file.endswith(".pyc"):
            problems.append(f"plugin file of the repository missing from the tarball: {plugin_file}")
    if problems:
        raise CheckFailed("\n".join(problems))
    print(f"{tarball.name}: {len(members)} files, no development file, every plugin and required file present")


def check_ansible_doc(collection_root: Path, collections_dir: Path) -> None:
    plugins = find_plugins(collection_root)
    if not plugins:
        raise CheckFailed(f"no plugins found in the installed collection at {collection_root}")
    dev_bin = Path(sys.executable).parent
    # The installed tarball first, then .venv's collections for amazon.aws; nothing from ~/.ansible.
    collections_path = f"{collections_dir}{os.pathsep}{dev_site_collections().parent}"
    environment = tool_environment(dev_bin, None, {"ANSIBLE_COLLECTIONS_PATH": collections_path})
    problems = []
    for plugin_type in sorted({plugin.plugin_type for plugin in plugins}):
        of_type = [plugin for plugin in plugins if plugin.plugin_type == plugin_type]
        listed = run(
            [dev_bin / "ansible-doc", "--list", "--json", "-t", plugin_type, COLLECTION],
            env=environment,
            capture=True,
        )
        listed_names = set(json.loads(listed.stdout))
        expected_names = {plugin.fqcn for plugin in of_type}
        if listed_names != expected_names:
            problems.append(
                f"ansible-doc --list -t {plugin_type} names {sorted(listed_names)}, files say {sorted(expected_names)}"
            )
        documented = run(
            [dev_bin / "ansible-doc", "--json", "-t", plugin_type, *sorted(expected_names)],
            env=environment,
            capture=True,
        )
        # ansible-doc exits 0 and prints a warning when it skips a plugin whose documentation it cannot load.
        if documented.stderr.strip():
            problems.append(f"ansible-doc -t {plugin_type} warned:\n{documented.stderr.strip()}")
        docs = json.loads(documented.stdout)
        for plugin in of_type:
            entry = docs.get(plugin.fqcn) or {}
            doc = entry.get("doc") or {}
            filename = str(doc.get("filename", ""))
            if not doc.get("short_description"):
                problems.append(f"{plugin.fqcn}: ansible-doc gives no short_description")
            if not entry.get("examples"):
                problems.append(f"{plugin.fqcn}: ansible-doc gives no examples")
            if plugin_type == "module" and not entry.get("return"):
                problems.append(f"{plugin.fqcn}: ansible-doc gives no return values")
            if not filename.startswith(str(collections_dir)):
                problems.append(
                    f"{plugin.fqcn}: documented from {filename or 'nowhere'}, not from the installed tarball"
                )
        print(f"ansible-doc -t {plugin_type}: {', '.join(sorted(expected_names))}")
    if problems:
        raise CheckFailed("\n".join(problems))


def check_galaxy_importer(tarball: Path, bin_dir: Path) -> None:
    runtime = yaml.safe_load((ROOT / "meta" / "runtime.yml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="privateca-importer-") as scratch:
        work = Path(scratch)
        # galaxy-importer runs ansible-doc and ansible-lint from PATH: those of .venv-tools, whose
        # ansible package provides amazon.aws as Galaxy's installed dependencies would.
        environment = tool_environment(
            bin_dir,
            None,
            {
                "GALAXY_IMPORTER_CONFIG": str(GALAXY_IMPORTER_CONFIG),
                "ANSIBLE_LOCAL_TEMP": str(work / "ansible-tmp"),
                "XDG_CACHE_HOME": str(work / "cache"),
            },
        )
        completed = run(
            [bin_dir / "python", "-m", "galaxy_importer.main", tarball],
            cwd=work,
            env=environment,
            capture=True,
            check=False,
        )
        output = completed.stdout + completed.stderr
        print(output.rstrip())
        problems = [line for line in output.splitlines() if line.startswith(("ERROR", "WARNING", "Traceback"))]
        if completed.returncode != 0 or IMPORT_SUCCESS not in output:
            problems.append(f"galaxy-importer exited with status {completed.returncode} without '{IMPORT_SUCCESS}'")
        result_file = work / "importer_result.json"
        result = json.loads(result_file.read_text(encoding="utf-8")) if result_file.exists() else {}
    if result:
        documented = {
            item["content_name"]: item
            for item in result["docs_blob"]["contents"]
            if item["content_type"] not in ("module_utils", "doc_fragments", "plugin_utils")
        }
        for name, item in sorted(documented.items()):
            # Galaxy shows a role's README; plugins' documentation comes from their doc strings.
            if item["content_type"] == "role":
                if not item.get("readme_html"):
                    problems.append(f"galaxy-importer rendered no README for the role {name}")
            elif not (item.get("doc_strings") or {}).get("doc"):
                problems.append(f"galaxy-importer has no documentation for the {item['content_type']} {name}")
        if not result["docs_blob"]["collection_readme"].get("html"):
            problems.append("galaxy-importer rendered no README")
        if result.get("requires_ansible") != runtime.get("requires_ansible"):
            problems.append(f"galaxy-importer read requires_ansible {result.get('requires_ansible')!r}")
        print(f"galaxy-importer documented: {', '.join(sorted(documented))}")
    elif not problems:
        problems.append("galaxy-importer wrote no importer_result.json")
    if problems:
        raise CheckFailed("galaxy-importer:\n" + "\n".join(problems))


def check(tools_venv: Path) -> None:
    bin_dir = tools_bin(tools_venv)
    with installed_tarball("privateca-packaging-") as installed:
        tarball, collections_dir, collection_root = (
            installed.tarball,
            installed.collections_dir,
            installed.collection_root,
        )
        run_parts(
            [
                ("tarball contents", lambda: check_tarball_contents(tarball)),
                ("ansible-doc from the installed tarball", lambda: check_ansible_doc(collection_root, collections_dir)),
                ("galaxy-importer", lambda: check_galaxy_importer(tarball, bin_dir)),
            ]
        )


def main() -> int:
    return check_main(check, "packaging", __doc__)


if __name__ == "__main__":
    sys.exit(main())
