# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check the changelog: fragments, changelogs/changelog.yaml, CHANGELOG.rst and the plugins it lists.

Fails when
  * ``antsibull-changelog lint`` finds a malformed fragment in changelogs/fragments/ (unknown section,
    not YAML, not a list of strings where one is expected, bad RST);
  * ``antsibull-changelog lint-changelog-yaml`` finds changelogs/changelog.yaml malformed;
  * CHANGELOG.rst is not what ``antsibull-changelog generate`` makes from changelogs/changelog.yaml
    (it was edited by hand, or not regenerated);
  * a plugin says ``version_added: X`` for a released version X, but the release notes of X do not list
    it as a new plugin (it would be missing from the "New Modules"/"New Plugins" of CHANGELOG.rst).
"""

from __future__ import annotations

import difflib
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tooling import ROOT
from tooling import CheckFailed
from tooling import check_main
from tooling import find_plugins
from tooling import module_string_constant
from tooling import run
from tooling import run_parts
from tooling import tool_environment
from tooling import tools_bin

CHANGELOG_YAML = ROOT / "changelogs" / "changelog.yaml"
CHANGELOG_RST = ROOT / "CHANGELOG.rst"


def lint(bin_dir: Path) -> None:
    commands = [[bin_dir / "antsibull-changelog", "lint"]]
    if CHANGELOG_YAML.exists():
        commands.append([bin_dir / "antsibull-changelog", "lint-changelog-yaml", CHANGELOG_YAML])
    for command in commands:
        completed = run(command, cwd=ROOT, env=tool_environment(bin_dir, None), capture=True, check=False)
        output = (completed.stdout + completed.stderr).strip()
        # antsibull-changelog's linters print one line per problem and exit 3 when there is one.
        if completed.returncode != 0 or output:
            raise CheckFailed(f"{' '.join(str(word) for word in command[1:])} (exit {completed.returncode}):\n{output}")


def check_rst_is_generated(bin_dir: Path) -> None:
    if not CHANGELOG_YAML.exists():
        raise CheckFailed("changelogs/changelog.yaml is missing: release with `antsibull-changelog release`")
    with tempfile.TemporaryDirectory(prefix="privateca-changelog-") as scratch:
        copy = Path(scratch)
        shutil.copyfile(ROOT / "galaxy.yml", copy / "galaxy.yml")
        shutil.copytree(ROOT / "changelogs", copy / "changelogs")
        # generate renders the released versions only; unreleased fragments stay out, as in the repository.
        run([bin_dir / "antsibull-changelog", "generate"], cwd=copy, env=tool_environment(bin_dir, None))
        fresh = (copy / "CHANGELOG.rst").read_text(encoding="utf-8")
    committed = CHANGELOG_RST.read_text(encoding="utf-8") if CHANGELOG_RST.exists() else ""
    if fresh != committed:
        diff = "".join(
            difflib.unified_diff(
                committed.splitlines(keepends=True), fresh.splitlines(keepends=True), "CHANGELOG.rst", "generated"
            )
        )
        raise CheckFailed(
            f"CHANGELOG.rst is not generated from changelogs/changelog.yaml; run `antsibull-changelog generate`:\n{diff}"
        )


def check_released_plugins_listed() -> None:
    releases = (yaml.safe_load(CHANGELOG_YAML.read_text(encoding="utf-8")) or {}).get("releases") or {}
    problems = []
    for plugin in find_plugins(ROOT):
        documentation = module_string_constant(plugin.path, "DOCUMENTATION") if plugin.path.suffix == ".py" else None
        if documentation is None and plugin.path.suffix == ".py":
            problems.append(f"{plugin.path.relative_to(ROOT)}: no DOCUMENTATION string")
            continue
        doc = yaml.safe_load(documentation if documentation is not None else plugin.path.read_text(encoding="utf-8"))
        if plugin.path.suffix != ".py":
            doc = doc.get("DOCUMENTATION", {})
        version_added = str(doc.get("version_added", ""))
        if version_added not in releases:
            continue
        release = releases[version_added]
        if plugin.plugin_type == "module":
            listed = {entry["name"] for entry in release.get("modules") or []}
        else:
            listed = {entry["name"] for entry in (release.get("plugins") or {}).get(plugin.plugin_type) or []}
        if plugin.name not in listed:
            problems.append(
                f"{plugin.path.relative_to(ROOT)}: version_added {version_added} is released, but its release notes "
                f"do not list the {plugin.plugin_type} {plugin.name}"
            )
    if problems:
        raise CheckFailed("\n".join(problems))


def check(tools_venv: Path) -> None:
    bin_dir = tools_bin(tools_venv)
    run_parts(
        [
            ("antsibull-changelog lint", lambda: lint(bin_dir)),
            ("CHANGELOG.rst is generated", lambda: check_rst_is_generated(bin_dir)),
            ("released plugins are in the release notes", check_released_plugins_listed),
        ]
    )


def main() -> int:
    return check_main(check, "changelog", __doc__)


if __name__ == "__main__":
    sys.exit(main())
