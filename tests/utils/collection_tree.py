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


def collection_files(root: Path) -> list[str]:
    listing = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=root,
        check=True,
        capture_output=True,
    ).stdout.decode()
    return [name for name in listing.split("\0") if name and (root / name).is_file()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dest", required=True, type=Path, help="directory that receives ansible_collections/")
    args = parser.parse_args()

    root = Path(__file__).resolve().parents[2]
    namespace_dir = args.dest / "ansible_collections"
    target = namespace_dir / "privateca" / "aws"
    if target.exists():
        shutil.rmtree(target)
    for name in collection_files(root):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, target / name)

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
