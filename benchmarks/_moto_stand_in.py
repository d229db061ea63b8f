# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The benchmark's moto server: moto's own, except that each CA's CSR is computed once.

moto rebuilds the CSR on every GetCertificateAuthorityCsr, parsing and checking the CA's RSA key and
signing again: a fraction of a second of CPU per request, in one Python process, which AWS (it returns
the CSR it stored) does not spend. Unchanged, that cost would be most of what the benchmark measures.
The CSR moto builds is the same on every call (PKCS #1 v1.5 signatures are deterministic), so keeping
the first one changes no answer.
"""

from __future__ import annotations

import sys
from contextlib import AbstractContextManager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "utils"))

from moto_server import running_moto_server


def _serve(argv: list[str]) -> None:
    from moto.acmpca.models import CertificateAuthority
    from moto.server import main

    computed = CertificateAuthority.csr.fget

    def csr_computed_once(ca) -> bytes:
        if "_benchmark_csr" not in ca.__dict__:
            ca._benchmark_csr = computed(ca)
        return ca._benchmark_csr

    CertificateAuthority.csr = property(csr_computed_once)
    main(argv)


def moto_stand_in(log_path: Path, recompute_csr: bool = False) -> AbstractContextManager[str]:
    """A fresh server on 127.0.0.1, stopped on exit: moto's own when recompute_csr, else this wrapper."""
    return running_moto_server(str(log_path), server_command=None if recompute_csr else [sys.executable, __file__])


if __name__ == "__main__":
    _serve(sys.argv[1:])
