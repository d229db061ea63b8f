# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Lint every playbook and task list users copy from this collection with ansible-lint's production profile.

What is linted, each written into a scratch project so that nothing else of the repository is picked up:
  * the EXAMPLES of every plugin (found in plugins/, so a new plugin is linted without a change here),
    each wrapped as the tasks of a play;
  * demo/demo.yml, when it exists;
  * the YAML blocks of README.md and of the guide (docs/docsite/rst/*.rst): plays as they are, task lists
    wrapped in a play, beside the task files the guide quotes in full (its playbook imports them).

ansible-lint runs offline, with --strict (warnings fail too) and the repository's .ansible-lint, and sees
exactly this collection, amazon.aws and community.crypto. It also runs ansible-playbook --syntax-check on
each playbook, so a module that does not exist fails the check.

ansible-lint's args rule does not catch an option that does not exist (ansible-lint issue 4311; it lets
``ansible.builtin.file: {pathx: ...}`` and a misspelt option of this collection's module pass), so this
script also checks every task's options against ``ansible-doc``, and the keyword arguments of every call of
this collection's lookups against the lookup's options.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
import textwrap
from pathlib import Path

import yaml

from ansible.playbook.task import Task

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_guide_tested import GUIDE_DIR
from check_guide_tested import QUOTES_IN_FULL
from check_guide_tested import yaml_blocks
from tooling import COLLECTION
from tooling import ROOT
from tooling import CheckFailed
from tooling import check_main
from tooling import find_plugins
from tooling import lay_out_docs_tree
from tooling import module_string_constant
from tooling import run
from tooling import run_parts
from tooling import tool_environment
from tooling import tools_bin

DEMO_PLAYBOOK = ROOT / "demo" / "demo.yml"
README = ROOT / "README.md"
MARKDOWN_YAML = re.compile(r"^```ya?ml\n(?P<body>.*?)^```$", re.DOTALL | re.MULTILINE)
# Task keys that are keywords, not the module: Ansible's own list, and its loops.
TASK_KEYWORDS = set(Task.fattributes) | {"local_action", "block", "rescue", "always"}
# Modules whose arguments are free-form names (set_fact's variables) or that take other tasks.
FREE_FORM_MODULES = {
    "ansible.builtin.set_fact",
    "ansible.builtin.set_stats",
    "ansible.builtin.include_tasks",
    "ansible.builtin.import_tasks",
    "ansible.builtin.include_role",
    "ansible.builtin.import_role",
    "ansible.builtin.include_vars",
    "ansible.builtin.add_host",
    "ansible.builtin.group_by",
    "ansible.builtin.meta",
}
LOOKUP_CALL = re.compile(r"\b(?:lookup|query|q)\(\s*['\"](?P<name>" + re.escape(COLLECTION) + r"\.\w+)['\"]")
KEYWORD_ARGUMENT = re.compile(r"(?<![=!<>])\b(?P<key>[A-Za-z_]\w*)\s*=(?!=)")
# Keyword arguments that every lookup call takes.
LOOKUP_CALL_KEYWORDS = {"wantlist", "errors"}


def as_play(name: str, tasks: str) -> str:
    """A playbook whose one play runs the given task list."""
    return (
        f"---\n- name: {name}\n  hosts: localhost\n  gather_facts: false\n  tasks:\n"
        + textwrap.indent(tasks.strip("\n"), "    ")
        + "\n"
    )


def is_play_list(text: str) -> bool:
    return bool(re.search(r"^  hosts:", text, re.MULTILINE)) and text.lstrip().startswith(("- name:", "---"))


def write_playbooks(project: Path) -> dict[Path, str]:
    """Write the playbooks to lint into project; return each one's origin, for the report."""
    origins: dict[Path, str] = {}

    def add(relative: str, text: str, origin: str) -> None:
        path = project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text if text.startswith("---") else "---\n" + text, encoding="utf-8")
        origins[path] = origin

    plugins = find_plugins(ROOT)
    for plugin in plugins:
        if plugin.path.suffix != ".py":
            continue
        examples = module_string_constant(plugin.path, "EXAMPLES")
        if not examples or not examples.strip():
            raise CheckFailed(f"{plugin.path.relative_to(ROOT)} has no EXAMPLES")
        add(
            f"examples/{plugin.plugin_type}_{plugin.name}.yml",
            as_play(f"EXAMPLES of {plugin.fqcn}", examples),
            f"EXAMPLES of {plugin.path.relative_to(ROOT)}",
        )
    if DEMO_PLAYBOOK.exists():
        add("demo/demo.yml", DEMO_PLAYBOOK.read_text(encoding="utf-8"), str(DEMO_PLAYBOOK.relative_to(ROOT)))

    for number, match in enumerate(MARKDOWN_YAML.finditer(README.read_text(encoding="utf-8")), start=1):
        body = match["body"]
        line = README.read_text(encoding="utf-8")[: match.start()].count("\n") + 2
        text = body if is_play_list(body) else as_play(f"Block {number} of README.md", body)
        add(f"readme/block_{number}.yml", text, f"README.md:{line}")

    for guide in sorted(GUIDE_DIR.glob("*.rst")):
        for line in guide.read_text(encoding="utf-8").splitlines():
            quoted = QUOTES_IN_FULL.match(line)
            if quoted:
                # Beside the guide's playbook, which imports it; linted as a task file too.
                source = ROOT / quoted["path"]
                destination = project / "guide" / source.name
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, destination)
                origins[destination] = quoted["path"]
        for block in yaml_blocks(guide):
            body = "\n".join(block.lines) + "\n"
            text = body if is_play_list(body) else as_play(f"Block at line {block.line} of {guide.name}", body)
            add(f"guide/{guide.stem}_{block.line}.yml", text, block.where)
    return origins


def iter_tasks(items: list) -> list[dict]:
    """Every task of a list of plays or tasks, also those inside blocks."""
    tasks = []
    for item in items or []:
        if not isinstance(item, dict):
            continue
        if "hosts" in item:
            for section in ("pre_tasks", "tasks", "post_tasks", "handlers"):
                tasks.extend(iter_tasks(item.get(section)))
        elif "block" in item:
            for section in ("block", "rescue", "always"):
                tasks.extend(iter_tasks(item.get(section)))
        else:
            tasks.append(item)
    return tasks


def module_of(task: dict) -> str | None:
    candidates = [key for key in task if key not in TASK_KEYWORDS and not key.startswith("with_")]
    return candidates[0] if len(candidates) == 1 else None


def lookup_keyword_arguments(text: str) -> list[tuple[str, str]]:
    """(lookup, keyword) for each keyword argument of a call of this collection's lookups in text."""
    found = []
    for match in LOOKUP_CALL.finditer(text):
        depth, end = 1, match.end()
        # The call's arguments run to the parenthesis that closes lookup( ... ).
        while end < len(text) and depth:
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            end += 1
        arguments = text[match.end() : end - 1]
        found.extend((match["name"], keyword["key"]) for keyword in KEYWORD_ARGUMENT.finditer(arguments))
    return found


def documented_options(plugin_type: str, names: set[str], collections_path: Path) -> dict[str, set[str]]:
    """Option names and aliases of each plugin, from ansible-doc of the development virtualenv."""
    if not names:
        return {}
    dev_bin = Path(sys.executable).parent
    completed = run(
        [dev_bin / "ansible-doc", "--json", "-t", plugin_type, *sorted(names)],
        env=tool_environment(dev_bin, collections_path),
        capture=True,
    )
    options = {}
    for name, entry in json.loads(completed.stdout).items():
        documented = (entry.get("doc") or {}).get("options") or {}
        options[name] = set(documented) | {
            alias for option in documented.values() for alias in option.get("aliases") or []
        }
    missing = names - set(options)
    if missing:
        raise CheckFailed(f"ansible-doc does not document the {plugin_type} plugins {sorted(missing)}")
    return options


def check_options(playbooks: dict[Path, str], collections_path: Path) -> None:
    """Every task's options and every call of this collection's lookups use documented options only."""
    uses = []
    lookup_uses = []
    for path, origin in playbooks.items():
        text = path.read_text(encoding="utf-8")
        lookup_uses.extend((origin, name, keyword) for name, keyword in lookup_keyword_arguments(text))
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise CheckFailed(f"{origin}: not valid YAML: {error}") from error
        for task in iter_tasks(data):
            module = module_of(task)
            if module is None:
                raise CheckFailed(f"{origin}: cannot tell the module of the task {task.get('name', task)!r}")
            arguments = task[module]
            if module in FREE_FORM_MODULES or not isinstance(arguments, dict):
                continue
            uses.append((origin, task.get("name", module), module, set(arguments)))
    module_options = documented_options("module", {use[2] for use in uses}, collections_path)
    lookup_options = documented_options("lookup", {use[1] for use in lookup_uses}, collections_path)
    problems = []
    for origin, task_name, module, used in uses:
        unknown = used - module_options[module]
        if unknown:
            problems.append(f"{origin}: task {task_name!r}: {module} has no option {', '.join(sorted(unknown))}")
    for origin, name, keyword in lookup_uses:
        if keyword not in lookup_options[name] | LOOKUP_CALL_KEYWORDS:
            problems.append(f"{origin}: the lookup {name} has no option {keyword}")
    if problems:
        raise CheckFailed("\n".join(problems))
    print(
        f"options: {len(uses)} tasks of {len(module_options)} modules and {len(lookup_uses)} keyword arguments "
        f"of {len(lookup_options)} lookups are documented options"
    )


def check(tools_venv: Path) -> None:
    bin_dir = tools_bin(tools_venv)
    collections_path = lay_out_docs_tree()
    with tempfile.TemporaryDirectory(prefix="privateca-lint-") as scratch:
        project = Path(scratch)
        origins = write_playbooks(project)
        for path, origin in origins.items():
            print(f"{path.relative_to(project)}: {origin}")
        run_parts(
            [
                ("ansible-lint", lambda: run_ansible_lint(bin_dir, collections_path, project, origins)),
                ("options are documented", lambda: check_options(origins, collections_path)),
            ]
        )


def run_ansible_lint(bin_dir: Path, collections_path: Path, project: Path, origins: dict[Path, str]) -> None:
    completed = run(
        [
            bin_dir / "ansible-lint",
            "--offline",
            "--strict",
            "--nocolor",
            "--profile",
            "production",
            "--config-file",
            ROOT / ".ansible-lint",
            "--project-dir",
            project,
            *sorted(origins),
        ],
        cwd=project,
        env=tool_environment(
            bin_dir,
            collections_path,
            # ansible-lint keeps its cache in the project; keep it out of the user's home as well.
            {"XDG_CACHE_HOME": str(project / ".cache"), "ANSIBLE_HOME": str(project / ".ansible")},
        ),
        capture=True,
        check=False,
    )
    print((completed.stdout + completed.stderr).replace(f"{project}/", "").rstrip())
    if completed.returncode != 0:
        raise CheckFailed(f"ansible-lint found problems (exit {completed.returncode}); the files are listed above")
    print(f"ansible-lint (production profile, strict): the {len(origins)} files above pass")


def main() -> int:
    return check_main(check, "ansible-lint", __doc__)


if __name__ == "__main__":
    sys.exit(main())
