# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The sessions behind `make test`: antsibull-nox's (antsibull-nox.toml) and those that need code.

`nox -l` lists them; `make test` runs the default ones. Here:
  * ansible-test units on the oldest and the newest ansible-core minor that meta/runtime.yml's
    requires_ansible admits (the newest on PyPI), and on the lowest module Python (tests/config.yml); the
    minors between them with `make test-matrix` (tag "matrix"); ansible-test sanity on the oldest and the
    newest core, on every module Python this machine has;
  * the integration harness with its servers (tests/integration/run_integration.py) on the newest core;
  * the checks antsibull-nox has no session for: the plugin reference is what antsibull-docs generates
    now, the guide's YAML is what the integration tests run, the changelog, the unit tests at the
    minimum versions of requirements.txt, the unit tests with the collections the newest core's users
    install (requirements-collections-newest.txt), ansible-builder introspect and create (antsibull-nox's
    ee-check needs a container engine); and, not by default, the demo and the benchmark.
The dependencies (amazon.aws, community.crypto) come from ANSIBLE_COLLECTIONS_PATH, which the Makefile
points at the copies it extracts from PyPI's ansible package: no session downloads from Galaxy.
"""

# /// script
# dependencies = ["nox==2026.10.20", "antsibull-nox==1.10.0"]
# ///

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import nox

try:
    import antsibull_nox
    from antsibull_nox.sessions.collections import prepare_collections
except ImportError:
    print("Install antsibull-nox beside nox: `make venv` does (requirements-dev.txt).")
    sys.exit(1)

antsibull_nox.load_antsibull_nox_toml()

ROOT = Path(__file__).resolve().parent
RUNTIME_PINS = "requirements.txt"
# Versions of what the integration harness and the minimum-versions run install beside ansible-core.
TEST_PINS = "requirements-test.txt"

# ansible-core minor -> the Python its unit tests run on. Every minor that requires_ansible (>=2.17.0)
# admits, up to the newest on PyPI; each on a Python it supports as a controller, together covering
# Python 3.10 to 3.13. Python 3.9, the lowest the modules claim, gets its own run below.
UNITS = {"2.17": "3.10", "2.18": "3.11", "2.19": "3.12", "2.20": "3.13", "2.21": "3.13"}
# The oldest core on the lowest module Python: the module and module_utils tests only (ansible-test runs
# controller-only tests, such as the lookup's, on controller Pythons).
UNITS_LOWEST_PYTHON = ("2.17", "3.9")
# Sanity on the oldest and the newest core. No --python: the version-specific tests (compile, import)
# run on every Python from 3.9 (tests/config.yml) that the core supports and PATH has; the Makefile
# puts 3.9 to 3.13 there.
SANITY = {"2.17": "3.12", "2.21": "3.13"}
NEWEST = "2.21"
OLDEST = "2.17"
UNITS_LOWEST_CONTROLLER_PYTHON = "3.10"
# Tools of the custom sessions, pinned like antsibull-nox.toml's.
TOOL_PINS = {
    "core": "ansible-core==2.19.14",
    "docs": (
        "ansible-core==2.19.14",
        "antsibull-docs==2.28.0",
        "antsibull-docs-parser==1.2.3",
        "antsibull-core==3.6.0",
    ),
    "changelog": "antsibull-changelog==0.36.0",
    # antsibull-nox's ee-check session needs a container engine; ee-introspect checks what it can without.
    "ee": "ansible-builder==3.2.0",
}
INTEGRATION_PYTHON = "3.12"

_current_session: list[nox.Session] = []


def _fail_on_importer_errors() -> None:
    """Make build-import-check fail, not warn, when galaxy-importer reports an error.

    antsibull-nox only warns about galaxy-importer's ERROR lines, and galaxy-importer exits 0 when
    ansible-doc cannot document a plugin; Galaxy would then show the collection without that plugin's
    documentation.
    """
    func = nox.registry.get()["build-import-check"]
    inner = func.func

    def strict(session: nox.Session) -> None:
        # galaxy-importer runs ansible-doc with ANSIBLE_COLLECTIONS_PATH set to the extracted tarball
        # alone; ansible-core then finds amazon.aws (its doc fragments) on sys.path, as Galaxy would
        # find the installed dependency.
        dependencies = os.environ.get("ANSIBLE_COLLECTIONS_PATH", "")
        if not dependencies:
            session.error("set ANSIBLE_COLLECTIONS_PATH to the directory that holds amazon.aws (make does)")
        session.env.update({"PYTHONPATH": dependencies, "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH": "true"})
        original_warn = nox.Session.warn

        def warn(self: nox.Session, *args: object, **kwargs: object) -> None:
            if args and str(args[0]).startswith("Galaxy importer emitted"):
                self.error(f"galaxy-importer reported errors:\n{args[0]}")
            original_warn(self, *args, **kwargs)

        nox.Session.warn = warn
        try:
            inner(session)
        finally:
            nox.Session.warn = original_warn

    func.func = strict


_fail_on_importer_errors()


def _core_package(minor: str) -> str:
    major, minor_number = minor.split(".")
    return f"ansible-core>={minor},<{major}.{int(minor_number) + 1}"


def _remember_session(name: str, python: str, tag: str) -> None:
    """Pin the session's Python, tag it, and make the nox session available to callback_before/after."""
    func = nox.registry.get()[name]
    func.python = python
    func.tags = [tag]
    inner = func.func

    def wrapper(session: nox.Session) -> None:
        _current_session[:] = [session]
        inner(session)

    func.func = wrapper


def _write_get_pip_standin() -> None:
    # ansible-test --venv would download get-pip.py from a host not every machine reaches.
    _current_session[0].run("python", str(ROOT / "tests" / "utils" / "install_get_pip_standin.py"), silent=True)


def _drop_ansible_test_scratch() -> None:
    # antsibull-nox copies tests/output/ back into the repository; ansible-test's scratch directory
    # (.tmp, with its virtualenvs) cannot be copied and is not a result.
    shutil.rmtree(Path("tests", "output", ".tmp"), ignore_errors=True)


def _add_ansible_test(
    name: str,
    description: str,
    core: str,
    python: str,
    params: list[str],
    deps_file: str | None = None,
    default: bool = True,
) -> None:
    antsibull_nox.add_ansible_test_session(
        name=name,
        description=description,
        ansible_test_params=params,
        extra_deps_files=[deps_file] if deps_file else None,
        default=default,
        ansible_core_version=core,
        ansible_core_source="pypi",
        callback_before=_write_get_pip_standin,
        callback_after=_drop_ansible_test_scratch,
    )
    _remember_session(name, python, params[0])
    if not default:
        nox.registry.get()[name].tags.append("matrix")  # make test-matrix adds these to make test


# make test runs the units of the oldest and the newest core (and the oldest on the lowest module Python below);
# the minors between them run with `make units` or `make test-matrix`, which keeps make test within 20 minutes
# on two cores.
for _core, _python in UNITS.items():
    _add_ansible_test(
        f"units-{_core}",
        f"ansible-test units with ansible-core {_core} on Python {_python}",
        _core,
        _python,
        ["units", "--color", "no", "--local", "--requirements", "--python", _python, "tests/unit/plugins/"],
        "tests/unit/requirements.yml",
        default=_core in (OLDEST, NEWEST),
    )
# ansible-core runs on a controller Python only; ansible-test makes a virtualenv of the target Python.
_core, _python = UNITS_LOWEST_PYTHON
_add_ansible_test(
    f"units-{_core}-py{_python}",
    f"ansible-test units with ansible-core {_core} on Python {_python} (module and module_utils tests)",
    _core,
    UNITS[_core],
    ["units", "--color", "no", "--venv", "--requirements", "--python", _python, "tests/unit/plugins/"],
    "tests/unit/requirements.yml",
)
for _core, _python in SANITY.items():
    _add_ansible_test(
        f"sanity-{_core}",
        f"ansible-test sanity with ansible-core {_core}, on every module Python PATH has",
        _core,
        _python,
        ["sanity", "--color", "no", "--venv", "--requirements"],
        "tests/unit/requirements.yml",
    )


def _prepared_collection(session: nox.Session, deps_file: str) -> Path:
    """A copy of the collection beside its dependencies, outside the repository."""
    prepared = prepare_collections(
        session, install_in_site_packages=False, extra_deps_files=[deps_file], install_out_of_tree=True
    )
    if prepared is None:
        session.error("cannot lay out the collection tree")
    return prepared.current_path


@nox.session(name="integration", python=INTEGRATION_PYTHON)
def integration(session: nox.Session) -> None:
    """The integration targets as against a real account, with the ACM PCA stand-in posing as AWS, on the newest core.

    tests/integration/run_integration.py gives the targets the stand-in through ansible-test's cloud config for
    AWS (cloud-config-aws.ini: credentials, region, the stand-in's URL as aws_endpoint_url), as a maintainer
    gives them an account; the targets find the stand-in's call log at that URL and run the call-log checks in
    the same pass. The fault endpoint (which AWS has no counterpart for) comes in integration_config.yml.
    The run ends with a listing of every region of the stand-in, which fails if a CA is not DELETED.
    """
    session.install(_core_package(NEWEST), "-r", TEST_PINS)
    collection = _prepared_collection(session, "tests/integration/requirements.yml")
    # The harness writes its results to tests/output/; the report it regenerates goes there too, so that
    # make test leaves docs/reliability.md alone (`make reliability-report` passes --doc docs/reliability.md).
    collection_args = ("--collection", str(collection), "--doc", "tests/output/reliability.md")
    session.run("python", "tests/integration/run_integration.py", *collection_args, *session.posargs)


@nox.session(name="harness", python=INTEGRATION_PYTHON)
def harness(session: nox.Session) -> None:
    """The integration harness's own tests: the stand-in keeps the API's rules, the fault endpoint scripts failures.

    Everything under tests/unit/ but the plugins' tests, which the units sessions run. They import their
    helpers as ansible_collections.privateca.aws.tests..., so they run in the collection's copy. A session of
    their own, beside the integration session instead of before it, which is make test's longest.
    """
    session.install(_core_package(NEWEST), "-r", TEST_PINS)
    collection = _prepared_collection(session, "tests/integration/requirements.yml")
    with session.chdir(collection):
        session.run(
            *("python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/unit", "--ignore=tests/unit/plugins"),
            env={"PYTHONPATH": str(collection.parents[2])},
        )


@nox.session(name="docs-reference", python=INTEGRATION_PYTHON)
def docs_reference(session: nox.Session) -> None:
    """The committed plugin reference (docs/docsite/reference/) is what antsibull-docs generates now.

    `nox -s docs-reference -- generate` (make docs) rewrites it instead.
    """
    session.install(*TOOL_PINS["docs"])
    action = session.posargs[0] if session.posargs else "check"
    session.run("python", "tests/utils/collection_docs.py", action)


@nox.session(name="guide-tested", python=INTEGRATION_PYTHON)
def guide_tested(session: nox.Session) -> None:
    """The guide's YAML is what the integration targets run (tests/utils/check_guide_tested.py)."""
    session.install(TOOL_PINS["core"], "pyyaml")
    session.run("python", "tests/utils/check_guide_tested.py")


@nox.session(name="changelog", python=INTEGRATION_PYTHON)
def changelog(session: nox.Session) -> None:
    """changelogs/changelog.yaml lints, and CHANGELOG.rst is what antsibull-changelog generates from it.

    ansible-test sanity's changelog test lints the fragments.
    """
    session.install(TOOL_PINS["changelog"])
    session.run("antsibull-changelog", "lint-changelog-yaml", "changelogs/changelog.yaml")
    scratch = Path(session.create_tmp()) / "changelog"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    shutil.copy(ROOT / "galaxy.yml", scratch)
    shutil.copytree(ROOT / "changelogs", scratch / "changelogs")
    with session.chdir(scratch):
        # generate renders the released versions only; unreleased fragments stay out, as in the repository.
        session.run("antsibull-changelog", "generate")
    if (scratch / "CHANGELOG.rst").read_bytes() != (ROOT / "CHANGELOG.rst").read_bytes():
        session.run("diff", "-u", str(ROOT / "CHANGELOG.rst"), str(scratch / "CHANGELOG.rst"), success_codes=[0, 1])
        session.error(
            "CHANGELOG.rst is not generated from changelogs/changelog.yaml: run `antsibull-changelog generate`"
        )


@nox.session(name="ee-introspect", python=INTEGRATION_PYTHON)
def ee_introspect(session: nox.Session) -> None:
    """ansible-builder introspect and create on the built collection (tests/utils/ee_check.py)."""
    session.install(TOOL_PINS["core"], TOOL_PINS["ee"])
    session.run("python", "tests/utils/ee_check.py")


@nox.session(name="minimum-versions", python=UNITS_LOWEST_CONTROLLER_PYTHON)
def minimum_versions(session: nox.Session) -> None:
    """The plugins' unit tests on the oldest core with the lowest versions requirements.txt allows."""
    floors = _minimum_pins()
    session.install(_core_package(OLDEST), *floors, *_pins_of(TEST_PINS, ("moto", "pytest"), extras=False))
    _plugin_unit_tests(session, _prepared_collection(session, "tests/unit/requirements.yml"))
    session.log(f"unit tests passed with {_core_package(OLDEST)}, {', '.join(floors)}")


@nox.session(name="units-newest-collections", python=INTEGRATION_PYTHON)
def units_newest_collections(session: nox.Session) -> None:
    """The plugins' unit tests on the newest core with the amazon.aws and community.crypto its users install.

    Those are the collections of PyPI's ansible package for that core (requirements-collections-newest.txt,
    extracted by the Makefile into NEWEST_COLLECTIONS), newer than the ones the other sessions run with.
    """
    newest = os.environ.get("NEWEST_COLLECTIONS")
    if not newest:
        session.error("NEWEST_COLLECTIONS is not set: run this session through make (make session S=...)")
    session.install(_core_package(NEWEST), *_pins_of(TEST_PINS, extras=False))
    tree = Path(session.create_tmp()) / "newest-collections"
    pins = "requirements-collections-newest.txt"
    session.run(
        "python", "tests/utils/collection_tree.py", "--collections", newest, "--pins", pins, "--copy", str(tree)
    )
    _plugin_unit_tests(session, tree / "ansible_collections" / "privateca" / "aws")


def _plugin_unit_tests(session: nox.Session, collection: Path) -> None:
    """pytest on tests/unit/plugins of a copy of the collection laid out beside its dependencies."""
    with session.chdir(collection):
        session.run(
            "python",
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/unit/plugins",
            env={"PYTHONPATH": str(collection.parents[2])},
        )


@nox.session(name="bench", python=INTEGRATION_PYTHON, default=False)
def bench(session: nox.Session) -> None:
    """Measure the module and the lookup against a local moto server; writes docs/performance.md."""
    session.install(_core_package(NEWEST), "-r", TEST_PINS)
    collection = _prepared_collection(session, "tests/integration/requirements.yml")
    session.run(
        "python",
        "benchmarks/run_benchmark.py",
        "--collection",
        str(collection),
        *session.posargs,
        env={"ANSIBLE_COLLECTIONS_PATH": str(collection.parents[2])},
    )


@nox.session(name="demo", python=INTEGRATION_PYTHON, default=False)
def demo(session: nox.Session) -> None:
    """Fetch a CSR from a local stand-in for AWS with the module (make demo)."""
    session.install(_core_package(NEWEST), "-r", TEST_PINS)
    collection = _prepared_collection(session, "tests/integration/requirements.yml")
    session.run("python", "demo/run_demo.py", env={"ANSIBLE_COLLECTIONS_PATH": str(collection.parents[2])})


def _pins_of(path: str, names: tuple[str, ...] | None = None, *, extras: bool = True) -> list[str]:
    """The pins of ``path`` (all, or those of ``names``); ``extras=False`` drops extras such as moto's [server].

    The plugins' unit tests run moto in-process; the server extra is for the stand-in (tests/unit/requirements.txt).
    """
    lines = [line.split("#", 1)[0].strip() for line in (ROOT / path).read_text(encoding="utf-8").splitlines()]
    pins = [line for line in lines if line and (names is None or line.split("[")[0].split("=")[0] in names)]
    return pins if extras else [re.sub(r"\[[^\]]*\]", "", pin) for pin in pins]


def _minimum_pins() -> list[str]:
    """requirements.txt's floors (name>=version) as exact pins."""
    pins = []
    for line in (ROOT / RUNTIME_PINS).read_text(encoding="utf-8").splitlines():
        requirement = line.split("#", 1)[0].strip()
        if not requirement:
            continue
        name, separator, version = requirement.partition(">=")
        if not separator or not version.strip():
            raise SystemExit(f"{RUNTIME_PINS}: {requirement!r} does not state a minimum as name>=version")
        pins.append(f"{name.strip()}=={version.strip()}")
    return pins


# make test runs the default sessions, two at a time: the longest first, so that they overlap the rest.
_LONGEST_FIRST = ["integration", *(f"sanity-{core}" for core in SANITY)]
nox.options.sessions = _LONGEST_FIRST + [
    name for name, func in nox.registry.get().items() if func.default and name not in _LONGEST_FIRST
]
