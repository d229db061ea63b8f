# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Lay out the collections the tests need, and optionally a copy of this one, without Ansible Galaxy.

``--collections DIR`` extracts amazon.aws and community.crypto (tests/unit/requirements.yml and
tests/integration/requirements.yml name them) from PyPI's ``ansible`` package, the version that
requirements-collections.txt pins, into DIR/ansible_collections/. Only those two directories are taken from
the wheel: installing the package would write about a hundred collections. antsibull-nox finds them
there through ANSIBLE_COLLECTIONS_PATH (the Makefile sets it, and ANTSIBULL_NOX_INSTALL_COLLECTIONS=never).

``--pins FILE`` names another pin file: requirements-collections-newest.txt pins the ``ansible`` release of
the newest core, whose wheel needs a newer Python than this one: the wheel is pure Python, so pip downloads
it for the Python the pin file's release requires.

``--copy DIR`` also copies this collection (the files git tracks or would track) to
DIR/ansible_collections/privateca/aws, with the dependencies linked beside it, for ansible-doc, the docs
checks and `make tree TREE=DIR` (ansible-test and ansible-playbook by hand).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PIN_FILE = ROOT / "requirements-collections.txt"
WHEELS = ROOT / ".tmp" / "wheels"
WANTED = ("amazon/aws", "community/crypto")


def ansible_wheel(pin_file: Path = PIN_FILE) -> Path:
    """PyPI's ansible wheel of the pinned version, downloaded once into .tmp/wheels."""
    pins = [line.split("#", 1)[0].strip() for line in pin_file.read_text(encoding="utf-8").splitlines()]
    pin = next(line for line in pins if line.startswith("ansible=="))
    version = pin.split("==", 1)[1]
    found = sorted(WHEELS.glob(f"ansible-{version}-*.whl"))
    if not found:
        WHEELS.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--dest", str(WHEELS), pin]
        python = next((line.split("=", 1)[1] for line in pins if line.startswith("python=")), None)
        if python:  # a release for a newer Python than this one: its pure-Python wheel
            command += ["--only-binary", ":all:", "--python-version", python]
        subprocess.run(command, check=True)
        found = sorted(WHEELS.glob(f"ansible-{version}-*.whl"))
    if not found:
        raise SystemExit(f"pip download {pin} wrote no wheel into {WHEELS}")
    return found[0]


def extract_collections(destination: Path, pin_file: Path = PIN_FILE) -> None:
    """Extract the wanted collections from the wheel into destination/ansible_collections/, once per wheel."""
    wheel = ansible_wheel(pin_file)
    stamp = destination / ".from-wheel"
    if stamp.exists() and stamp.read_text(encoding="utf-8") == wheel.name:
        return
    namespace_root = destination / "ansible_collections"
    with tempfile.TemporaryDirectory(dir=destination.parent if destination.parent.exists() else None) as scratch:
        with zipfile.ZipFile(wheel) as archive:
            members = [
                name
                for name in archive.namelist()
                if name.startswith(tuple(f"ansible_collections/{w}/" for w in WANTED))
            ]
            archive.extractall(scratch, members)
        for wanted in WANTED:
            target = namespace_root / wanted
            shutil.rmtree(target, ignore_errors=True)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(Path(scratch, "ansible_collections", wanted)), target)
    stamp.write_text(wheel.name, encoding="utf-8")
    print(f"{', '.join(w.replace('/', '.') for w in WANTED)} from {wheel.name} in {namespace_root}")


def collection_files() -> list[str]:
    listing = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.decode()
    return [name for name in listing.split("\0") if name and (ROOT / name).is_file()]


def copy_collection(destination: Path) -> Path:
    """Make destination/ansible_collections/privateca/aws hold exactly the collection's files."""
    target = destination / "ansible_collections" / "privateca" / "aws"
    wanted = set(collection_files())
    if target.exists():
        for path in target.rglob("*"):
            relative = path.relative_to(target).as_posix()
            # ansible-test's output (its virtualenvs are slow to make) and the copy's own git stay.
            if relative.startswith(("tests/output/", ".git/")):
                continue
            if path.is_file() and relative not in wanted:
                path.unlink()
    for name in wanted:
        source, copy = ROOT / name, target / name
        if not copy.exists() or copy.read_bytes() != source.read_bytes():
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy)
    # ansible-test lists a collection's files with git: without a repository of its own, a copy under
    # this checkout's .tmp/ would be seen through this checkout, which ignores .tmp/.
    subprocess.run(["git", "init", "-q"], cwd=target, check=True)
    subprocess.run(["git", "add", "-A"], cwd=target, check=True)
    print(f"privateca.aws copied to {target}")
    return target


def link_dependencies(collections: Path, destination: Path) -> None:
    """Link the dependencies beside the copy, where ansible-test and ansible-playbook look first."""
    for wanted in WANTED:
        link = destination / "ansible_collections" / wanted
        if link.is_symlink() or not link.exists():
            link.parent.mkdir(parents=True, exist_ok=True)
            if link.is_symlink():
                link.unlink()
            link.symlink_to(collections / "ansible_collections" / wanted, target_is_directory=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--collections", required=True, type=Path, help="directory that receives the dependencies")
    parser.add_argument("--copy", type=Path, help="directory that receives a copy of this collection")
    parser.add_argument("--pins", type=Path, default=PIN_FILE, help="the pin file (default: %(default)s)")
    args = parser.parse_args()
    args.collections.mkdir(parents=True, exist_ok=True)
    extract_collections(args.collections.resolve(), args.pins.resolve())
    if args.copy:
        copy_collection(args.copy.resolve())
        link_dependencies(args.collections.resolve(), args.copy.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
