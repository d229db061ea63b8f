# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Put a stand-in for pip's bootstrap script where ansible-test looks for its cache.

``ansible-test sanity --venv`` downloads ``get-pip.py`` from a host that is not
reachable from every machine; when ``~/.ansible/test/cache/get_pip_<version>.py``
exists it uses that instead.  The stand-in installs pip with the standard
library's ``ensurepip`` and then upgrades to the version ansible-test asks for.
"""

import sys
from pathlib import Path

from ansible_test._internal.python_requirements import get_venv_packages

STANDIN = '''"""Stand-in for get-pip.py, written by privateca.aws tests/utils/install_get_pip_standin.py."""
import ensurepip
import os
import subprocess
import sys

ensurepip.bootstrap(upgrade=True)
# ensurepip leaves PIP_CONFIG_FILE=os.devnull behind, which would make pip ignore
# the machine's index and certificate settings.
os.environ.pop("PIP_CONFIG_FILE", None)
args = [arg for arg in sys.argv[1:] if arg not in ("--no-setuptools", "--no-wheel")]
sys.exit(subprocess.call([sys.executable, "-m", "pip", "install", "--upgrade", *args]))
'''


class _Python:
    version = f"{sys.version_info.major}.{sys.version_info.minor}"


def main() -> int:
    pip_version = get_venv_packages(_Python())["pip"]
    cache = Path.home() / ".ansible" / "test" / "cache" / f"get_pip_{pip_version.replace('.', '_')}.py"
    if cache.exists() and "privateca.aws" not in cache.read_text():
        print(f"keeping the existing bootstrap script {cache}")
        return 0
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(STANDIN)
    print(f"wrote pip bootstrap stand-in {cache}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
