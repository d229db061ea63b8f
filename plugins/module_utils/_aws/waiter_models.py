# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The waiter definitions: botocore's, through amazon.aws's ``BaseWaiterFactory``, and the ones botocore lacks.

``waiter.wait`` loads this file at a task's first wait, not when it is imported: most runs of the modules
that import the waiter never wait (a CA past CREATING has its CSR at the first request), and this file with
amazon.aws's waiter module is 4 ms of a module run (``python -X importtime`` on acmpca_csr_info's payload).

Private to this collection: the names here may change without notice.
"""

from __future__ import annotations

try:
    import botocore
    import botocore.exceptions
    import botocore.loaders
except ImportError:
    pass

from ansible_collections.amazon.aws.plugins.module_utils.waiter import BaseWaiterFactory

# What botocore does not define: a CA leaving CREATING (any other status ends the wait).
_CUSTOM = {
    "acm-pca": {
        "CertificateAuthorityCreated": {
            "operation": "DescribeCertificateAuthority",
            "delay": 3,
            "maxAttempts": 60,
            "acceptors": [
                {
                    "state": "retry",
                    "matcher": "path",
                    "argument": "CertificateAuthority.Status",
                    "expected": "CREATING",
                },
                {
                    "state": "failure",
                    "matcher": "path",
                    "argument": "CertificateAuthority.Status",
                    "expected": "FAILED",
                },
                {
                    "state": "success",
                    "matcher": "path",
                    "argument": "length(CertificateAuthority.Status) > `0`",
                    "expected": True,
                },
            ],
        },
        # After an import: ACTIVE, or DISABLED (a disabled CA stays disabled; waiting would not change that).
        "CertificateAuthorityImported": {
            "operation": "DescribeCertificateAuthority",
            "delay": 3,
            "maxAttempts": 60,
            "acceptors": [
                {
                    "state": "success",
                    "matcher": "path",
                    "argument": "CertificateAuthority.Status",
                    "expected": "ACTIVE",
                },
                {
                    "state": "success",
                    "matcher": "path",
                    "argument": "CertificateAuthority.Status",
                    "expected": "DISABLED",
                },
                {
                    "state": "failure",
                    "matcher": "path",
                    "argument": "CertificateAuthority.Status",
                    "expected": "FAILED",
                },
            ],
        },
    },
    "acm": {
        # A private certificate (RequestCertificate with a CA) leaving PENDING_VALIDATION: ISSUED or FAILED, which
        # the caller tells apart. botocore's CertificateValidated waits for domain validation, which a private
        # certificate does not have.
        "PrivateCertificateIssued": {
            "operation": "DescribeCertificate",
            "delay": 3,
            "maxAttempts": 60,
            "acceptors": [
                {
                    "state": "retry",
                    "matcher": "path",
                    "argument": "Certificate.Status",
                    "expected": "PENDING_VALIDATION",
                },
                {
                    "state": "success",
                    "matcher": "path",
                    "argument": "length(Certificate.Status) > `0`",
                    "expected": True,
                },
            ],
        },
        # After RenewCertificate: RenewalSummary leaves PENDING_AUTO_RENEWAL (SUCCESS or FAILED, for the caller).
        "PrivateCertificateRenewed": {
            "operation": "DescribeCertificate",
            "delay": 3,
            "maxAttempts": 60,
            "acceptors": [
                {
                    "state": "retry",
                    "matcher": "path",
                    "argument": "Certificate.RenewalSummary.RenewalStatus",
                    "expected": "PENDING_AUTO_RENEWAL",
                },
                {
                    "state": "success",
                    "matcher": "path",
                    "argument": "length(Certificate.Status) > `0`",
                    "expected": True,
                },
            ],
        },
    },
}


class WaiterFactory(BaseWaiterFactory):
    """botocore's waiters of a service plus ours, through amazon.aws (which adds retries on throttling and 5xx)."""

    def __init__(self, service: str):
        self._service = service
        super().__init__()

    @property
    def _waiter_model_data(self):
        # botocore's waiters-2.json of the service, read directly (listing every service's data costs 0.1 s).
        loader = botocore.loaders.create_loader()
        try:
            version = loader.determine_latest_version(self._service, "waiters-2")
            data = dict(loader.load_data(f"{self._service}/{version}/waiters-2")["waiters"])
        except botocore.exceptions.DataNotFoundError:
            data = {}
        data.update(_CUSTOM.get(self._service, {}))
        return data

    def config(self, name: str):
        """botocore's SingleWaiterConfig of ``name``: its operation and acceptors."""
        return self._model.get_waiter(name)


_FACTORIES: dict[str, WaiterFactory] = {}


def waiter_config(service: str, name: str):
    """botocore's SingleWaiterConfig of ``name`` (operation, acceptors)."""
    factory = _FACTORIES.get(service) or _FACTORIES.setdefault(service, WaiterFactory(service))
    return factory.config(name)
