# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check that the YAML of the user guide is what the integration tests run.

The guide (docs/docsite/rst/*.rst) shows its YAML inline, so that it reads the same on GitHub, on
Galaxy and on the Ansible docsite (a literalinclude of a test file would not survive the docsite
build). This check ties that YAML to the tests instead:

* Every ``yaml`` or ``yaml+jinja`` code block that is a list of tasks must appear, line for line
  (indented as a whole by any amount, comments included), in a task file of an integration target
  under tests/integration/targets/ that ansible-test runs: the target is not disabled or unsupported,
  and the file is the target's tasks/main.yml or is named from another of its task files.
* A task file that the guide names in a comment ``.. quotes-in-full: <path>`` must be covered entirely
  by the guide's blocks: every line of it that is not blank, a comment or ``---``. A task added to
  the tested file then fails this check until the guide shows it too.
* A block that is a playbook (its plays have ``hosts``) may only run task files quoted in full, with
  ``import_tasks`` or ``include_tasks``; it must pass ``ansible-playbook --syntax-check`` with those
  files beside it. (ansible-lint lints it too: tests/utils/lint_playbooks.py.)
* The guides are the pages that docs/docsite/extra-docs.yml publishes; each must exist, and every
  .rst file of docs/docsite/rst/ must be published there (a guide nobody can reach is a mistake).
  Each guide is checked on its own: its playbooks may run only the task files that it quotes in full.
* The guides must have at least one YAML block, so that an empty or renamed guide does not pass.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tooling import ROOT
from tooling import CheckFailed
from tooling import lay_out_docs_tree
from tooling import main_wrapper
from tooling import run
from tooling import tool_environment

GUIDE_DIR = ROOT / "docs" / "docsite" / "rst"
EXTRA_DOCS = ROOT / "docs" / "docsite" / "extra-docs.yml"
TARGETS_DIR = ROOT / "tests" / "integration" / "targets"
YAML_LANGUAGES = {"yaml", "yaml+jinja"}
CODE_BLOCK = re.compile(r"^(?P<indent>\s*)\.\. (?:code-block|code|sourcecode)::\s*(?P<language>\S*)\s*$")
QUOTES_IN_FULL = re.compile(r"^\.\. quotes-in-full:\s*(?P<path>\S+)\s*$")
# Aliases with which ansible-test skips a target.
NOT_RUN_ALIASES = {"disabled", "unsupported"}
TASK_INCLUDES = {
    "import_tasks",
    "include_tasks",
    "ansible.builtin.import_tasks",
    "ansible.builtin.include_tasks",
}
# Keywords a playbook's include of a quoted task file may carry besides the include itself.
INCLUDE_TASK_KEYWORDS = {"name", "vars", "tags", "when"}


@dataclass
class CodeBlock:
    guide: Path
    line: int
    lines: list[str]

    @property
    def where(self) -> str:
        return f"{self.guide.relative_to(ROOT)}:{self.line}"


def yaml_blocks(guide: Path) -> list[CodeBlock]:
    """The YAML code blocks of an RST file, dedented, with the line number of their first line."""
    lines = guide.read_text(encoding="utf-8").splitlines()
    blocks = []
    index = 0
    while index < len(lines):
        match = CODE_BLOCK.match(lines[index])
        index += 1
        if not match or match["language"] not in YAML_LANGUAGES:
            continue
        directive_indent = len(match["indent"])
        # Options (":caption: ...") follow the directive, then a blank line, then the content.
        while index < len(lines) and lines[index].strip().startswith(":"):
            index += 1
        start = index
        while index < len(lines) and (
            not lines[index].strip() or len(lines[index]) - len(lines[index].lstrip()) > directive_indent
        ):
            index += 1
        content = [line.rstrip() for line in lines[start:index]]
        while content and not content[0]:
            content.pop(0)
            start += 1
        while content and not content[-1]:
            content.pop()
        if not content:
            raise CheckFailed(f"{guide.relative_to(ROOT)}:{start}: empty code block")
        margin = min(len(line) - len(line.lstrip()) for line in content if line)
        blocks.append(CodeBlock(guide, start + 1, [line[margin:] for line in content]))
    return blocks


def find_in(block: list[str], file_lines: list[str]) -> range | None:
    """Where the block occurs in the file, uniformly indented, as a range of 0-based line numbers."""
    first = block[0]
    for start, candidate in enumerate(file_lines):
        if not candidate.endswith(first) or start + len(block) > len(file_lines):
            continue
        prefix = candidate[: len(candidate) - len(first)]
        if prefix.strip():
            continue
        window = file_lines[start : start + len(block)]
        if all((prefix + wanted if wanted else "") == got for wanted, got in zip(block, window, strict=True)):
            return range(start, start + len(block))
    return None


def run_task_files() -> dict[Path, list[str]]:
    """Task files that ansible-test runs, with their lines (trailing whitespace removed)."""
    files = {}
    for target in sorted(path for path in TARGETS_DIR.iterdir() if path.is_dir()):
        aliases_file = target / "aliases"
        aliases = set(aliases_file.read_text(encoding="utf-8").split()) if aliases_file.exists() else set()
        if aliases & NOT_RUN_ALIASES:
            continue
        task_files = sorted((target / "tasks").glob("*.y*ml"))
        texts = {path: path.read_text(encoding="utf-8") for path in task_files}
        for path, text in texts.items():
            included = any(path.name in other_text for other, other_text in texts.items() if other != path)
            if path.name in ("main.yml", "main.yaml") or included:
                files[path] = [line.rstrip() for line in text.splitlines()]
    return files


def is_playbook(block: CodeBlock) -> bool:
    try:
        data = yaml.safe_load("\n".join(block.lines))
    except yaml.YAMLError as error:
        raise CheckFailed(f"{block.where}: not valid YAML: {error}") from error
    return isinstance(data, list) and bool(data) and all(isinstance(item, dict) and "hosts" in item for item in data)


def check_playbook(block: CodeBlock, quoted_files: set[Path]) -> list[str]:
    """A playbook block may only run quoted-in-full task files; return the problems."""
    problems = []
    quoted_names = {path.name: path for path in quoted_files}
    for play in yaml.safe_load("\n".join(block.lines)):
        for section in ("pre_tasks", "tasks", "post_tasks", "handlers"):
            for task in play.get(section) or []:
                include = [key for key in task if key in TASK_INCLUDES]
                extra = set(task) - INCLUDE_TASK_KEYWORDS - set(include)
                target = task[include[0]] if len(include) == 1 else None
                if len(include) != 1 or extra or not isinstance(target, str) or Path(target).name not in quoted_names:
                    problems.append(
                        f"{block.where}: the playbook's task {task.get('name', task)!r} is not an import_tasks or "
                        f"include_tasks of a file the guide quotes in full ({', '.join(sorted(quoted_names)) or 'none'})"
                    )
    return problems


def syntax_check(block: CodeBlock, quoted_files: set[Path], collections_path: Path) -> None:
    # The development virtualenv's ansible-core, with this collection, amazon.aws and community.crypto.
    dev_bin = Path(sys.executable).parent
    with tempfile.TemporaryDirectory(prefix="privateca-guide-") as scratch:
        directory = Path(scratch)
        for path in quoted_files:
            shutil.copyfile(path, directory / path.name)
        playbook = directory / "guide-playbook.yml"
        playbook.write_text("---\n" + "\n".join(block.lines) + "\n", encoding="utf-8")
        completed = run(
            [dev_bin / "ansible-playbook", "--syntax-check", "-i", "localhost,", playbook],
            cwd=directory,
            env=tool_environment(dev_bin, collections_path),
            capture=True,
            check=False,
        )
    if completed.returncode != 0:
        raise CheckFailed(
            f"{block.where}: ansible-playbook --syntax-check failed:\n{completed.stdout}{completed.stderr}"
        )


def published_guides() -> list[Path]:
    """The guides that extra-docs.yml lists, in its order; every .rst file there must be listed."""
    sections = (yaml.safe_load(EXTRA_DOCS.read_text(encoding="utf-8")) or {}).get("sections") or []
    names = [entry for section in sections for entry in section.get("toctree") or []]
    guides = [GUIDE_DIR / f"{name}.rst" for name in names]
    missing = [str(path.relative_to(ROOT)) for path in guides if not path.is_file()]
    if missing:
        raise CheckFailed(f"{EXTRA_DOCS.relative_to(ROOT)} lists guides that do not exist: {', '.join(missing)}")
    unlisted = [str(path.relative_to(ROOT)) for path in sorted(GUIDE_DIR.glob("*.rst")) if path not in guides]
    if unlisted:
        raise CheckFailed(
            f"{EXTRA_DOCS.relative_to(ROOT)} does not publish {', '.join(unlisted)}; add it to a section's toctree"
        )
    return guides


def quoted_in_full(guide: Path) -> set[Path]:
    quoted = set()
    for line in guide.read_text(encoding="utf-8").splitlines():
        match = QUOTES_IN_FULL.match(line)
        if match:
            path = (ROOT / match["path"]).resolve()
            if not path.is_file():
                raise CheckFailed(f"{guide.relative_to(ROOT)} quotes {match['path']} in full, which does not exist")
            quoted.add(path)
    return quoted


def check_guide(guide: Path, task_files: dict[Path, list[str]]) -> tuple[list[str], list[CodeBlock], set[Path], int]:
    """Check one guide's blocks; return the problems, its playbook blocks, the files it quotes and its block count."""
    blocks = yaml_blocks(guide)
    quoted_files = quoted_in_full(guide)
    not_run = sorted(str(path.relative_to(ROOT)) for path in quoted_files if path not in task_files)
    if not_run:
        raise CheckFailed(
            f"{guide.relative_to(ROOT)} quotes in full files that no integration target runs: {', '.join(not_run)}"
        )

    problems = []
    covered: dict[Path, set[int]] = {path: set() for path in quoted_files}
    playbooks = []
    for block in blocks:
        if is_playbook(block):
            playbooks.append(block)
            problems.extend(check_playbook(block, quoted_files))
            continue
        found = False
        for path, file_lines in task_files.items():
            where = find_in(block.lines, file_lines)
            if where is None:
                continue
            found = True
            print(f"{block.where}: {len(block.lines)} lines run by {path.relative_to(ROOT)}:{where.start + 1}")
            if path in covered:
                covered[path].update(where)
        if not found:
            problems.append(
                f"{block.where}: this YAML block is in no task file that the integration tests run; "
                f"the guide must show tested tasks verbatim. Block:\n    " + "\n    ".join(block.lines)
            )

    for path, lines_covered in covered.items():
        for number, line in enumerate(task_files[path]):
            stripped = line.strip()
            if stripped and stripped != "---" and not stripped.startswith("#") and number not in lines_covered:
                problems.append(
                    f"{path.relative_to(ROOT)}:{number + 1}: {guide.name} quotes this file in full but does not "
                    f"show this line: {stripped}"
                )
    return problems, playbooks, quoted_files, len(blocks)


def check() -> None:
    task_files = run_task_files()
    problems = []
    playbooks = []
    block_count = 0
    for guide in published_guides():
        guide_problems, guide_playbooks, quoted_files, count = check_guide(guide, task_files)
        problems.extend(guide_problems)
        playbooks.extend((block, quoted_files) for block in guide_playbooks)
        block_count += count
    if not block_count:
        raise CheckFailed(f"no YAML code blocks in the guides of {EXTRA_DOCS.relative_to(ROOT)}")
    if problems:
        raise CheckFailed("the guide and the integration tests differ:\n" + "\n".join(problems))

    collections_path = lay_out_docs_tree() if playbooks else None
    for block, quoted_files in playbooks:
        syntax_check(block, quoted_files, collections_path)
        print(f"{block.where}: playbook passes ansible-playbook --syntax-check")
    print(f"{block_count} YAML blocks of the guides checked against the integration tests")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.parse_args()
    return main_wrapper(check, "guide is tested")


if __name__ == "__main__":
    sys.exit(main())
