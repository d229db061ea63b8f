# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Lay out the collection where ansible-test and ansible-playbook expect it.

ansible-test only runs from a directory whose path ends in
``ansible_collections/<namespace>/<name>`` and refuses symlinks that leave that
tree, so the collection is copied (the files git tracks or would track).  The
dependencies come from PyPI's ``ansible`` package, because Galaxy is not
reachable from every machine; they are linked in, not copied.
"""

import argparse
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

DEPENDENCIES = ("amazon", "community")
KEPT = ("tests/output/", ".git/")


def collection_files(root: Path) -> list[str]:
    listing = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=root,
        check=True,
        capture_output=True,
    ).stdout.decode()
    return [name for name in listing.split("\0") if name and (root / name).is_file()]


def sync(root: Path, target: Path, wanted: set[str]) -> None:
    """Make target hold exactly the wanted files, keeping ansible-test's output (its venvs are slow to make)."""
    if target.exists():
        for path in target.rglob("*"):
            relative = path.relative_to(target).as_posix()
            if path.is_file() and not relative.startswith(KEPT) and relative not in wanted:
                path.unlink()
    for name in wanted:
        source, copy = root / name, target / name
        if not copy.exists() or copy.read_bytes() != source.read_bytes():
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dest", required=True, type=Path, help="directory that receives ansible_collections/")
    args = parser.parse_args()

    root = Path(__file__).resolve().parents[2]
    namespace_dir = args.dest / "ansible_collections"
    target = namespace_dir / "privateca" / "aws"
    wanted = set(collection_files(root))
    sync(root, target, wanted)

    # ansible-test lists a collection's files with git; without a repository of its
    # own the copy would be seen through this checkout, which ignores .tmp/.
    subprocess.run(["git", "init", "-q"], cwd=target, check=True)
    subprocess.run(["git", "add", "-A"], cwd=target, check=True)

    site_collections = Path(sysconfig.get_paths()["purelib"]) / "ansible_collections"
    for namespace in DEPENDENCIES:
        link = namespace_dir / namespace
        if not link.is_symlink():
            if link.exists():
                shutil.rmtree(link)
            link.symlink_to(site_collections / namespace, target_is_directory=True)
    print(f"collection laid out at {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
