# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where a module process spends its time: import cost by package (-X importtime) and its main phases (cProfile).

As a script (`python -B _profile.py DEBUG_DIR ARGS_FILE MODULE`) it runs an exploded AnsiballZ payload
under cProfile and prints the phases as JSON; -B keeps it compiling every file, as a real run from
the payload's zip does. `python -B _profile.py --import-time SOURCE MODULE` times the import of the
module and this collection's module_utils from SOURCE (the payload's zip, or the same files in a directory),
everything else they import being imported first.
"""

from __future__ import annotations

import cProfile
import importlib
import json
import os
import pstats
import runpy
import subprocess
import sys
import time
from collections import defaultdict

IMPORT_GROUPS = (
    ("ansible_collections.privateca.", "privateca.aws module_utils"),
    ("ansible_collections.amazon.", "amazon.aws module_utils"),
    ("ansible.", "ansible-core module_utils"),
    ("cryptography", "cryptography"),
    ("boto3", "boto3, botocore and their dependencies"),
    ("botocore", "boto3, botocore and their dependencies"),
    ("s3transfer", "boto3, botocore and their dependencies"),
    ("urllib3", "boto3, botocore and their dependencies"),
    ("dateutil", "boto3, botocore and their dependencies"),
    ("jmespath", "boto3, botocore and their dependencies"),
)
OTHER_IMPORTS = "Python standard library and the rest"

# (file suffix, function name, label): the phases of one acmpca_csr_info run.
PHASES = (
    ("amazon/aws/plugins/module_utils/modules.py", "__init__", "AnsibleAWSModule() (argument checks)"),
    ("amazon/aws/plugins/module_utils/modules.py", "region", "module.region (configured region)"),
    ("amazon/aws/plugins/module_utils/modules.py", "client", "module.client() (boto3 client)"),
    ("boto3/session.py", "__init__", "boto3 Session() calls, within the two above"),
    ("privateca/aws/plugins/module_utils/_csr.py", "get_csr", "get_csr() (the API call)"),
    ("privateca/aws/plugins/module_utils/_csr.py", "csr_result", "csr_result() (parsing the CSR)"),
    ("ansible/module_utils/basic.py", "exit_json", "exit_json()"),
)


def import_seconds_by_group(importtime_output: str) -> dict[str, float]:
    """Sum the self time of every import that -X importtime reported, by package group."""
    totals: dict[str, float] = defaultdict(float)
    for line in importtime_output.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _cumulative, name = line.removeprefix("import time:").split("|", 2)
        name = name.strip()
        group = next((label for prefix, label in IMPORT_GROUPS if name.startswith(prefix)), OTHER_IMPORTS)
        totals[group] += int(self_us) / 1e6
    return dict(totals)


def profile_phases(debug_dir: str, args_file: str, module: str) -> dict[str, dict[str, float]]:
    sys.path.insert(0, debug_dir)
    sys.argv = [module, args_file]  # AnsibleModule reads its arguments from this file
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        runpy.run_module(module, run_name="__main__")
    except SystemExit:
        pass
    profiler.disable()
    stats = pstats.Stats(profiler).stats
    phases = {}
    for suffix, function, label in PHASES:
        calls, seconds = 0, 0.0
        for (filename, _line, name), (primitive_calls, _all_calls, _own, cumulative, _callers) in stats.items():
            if name == function and filename.endswith(suffix):
                calls += primitive_calls
                seconds += cumulative
        phases[label] = {"calls": calls, "seconds": seconds}
    return phases


COLLECTION = "ansible_collections.privateca."


def collection_import_seconds(source: str, module: str) -> float:
    """Seconds to import ``module`` and this collection's module_utils from ``source``, the rest imported first.

    A first import in a child process names what else the module loads (ansible-core, amazon.aws, boto3,
    cryptography); importing those first leaves the timed import with this collection's files alone.
    """
    listing = "import importlib, sys; importlib.import_module(sys.argv[1]); print('\\n'.join(sys.modules))"
    loaded = subprocess.run(
        [sys.executable, "-B", "-c", listing, module],
        env={**os.environ, "PYTHONPATH": source},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    sys.path.insert(0, source)
    for name in loaded:
        if not name.startswith(COLLECTION) and name not in sys.modules:
            try:
                importlib.import_module(name)
            except ImportError:
                pass  # a name an extension module registers for its parts (cryptography's Rust bindings)
    started = time.perf_counter()
    importlib.import_module(module)
    return time.perf_counter() - started


if __name__ == "__main__":
    if sys.argv[1] == "--import-time":
        print(f"IMPORT {collection_import_seconds(sys.argv[2], sys.argv[3])}")
    else:
        result = profile_phases(*sys.argv[1:4])
        sys.stdout = sys.__stdout__
        print("\nPHASES " + json.dumps(result))
