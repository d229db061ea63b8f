# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers for the unit tests of acmpca_permission, acmpca_policy and acmpca_audit_report: the one ACM PCA fake
(_acmpca_fake) holding one ACTIVE CA, a fake S3 for the audit reports, and a check of results against RETURN."""

from __future__ import annotations

import io

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.privateca.aws.tests.unit.plugins.module_utils import _acmpca_fake
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._acmpca_fake import ACCOUNT as CA_ACCOUNT
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._acmpca_fake import CA_ARN
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._acmpca_fake import FakeAcmPca
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import FakeService
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import client_error

MISSING_ARN = f"arn:aws:acm-pca:us-east-1:{CA_ACCOUNT}:certificate-authority/00000000-0000-4000-8000-000000000000"
# Result keys every module gets from AnsibleModule rather than from its own code.
STANDARD_KEYS = {"changed", "invocation", "warnings", "deprecations", "failed", "msg", "diff"}


def one_active_ca() -> FakeAcmPca:
    """The ACM PCA fake with one ACTIVE CA, CA_ARN."""
    acmpca = FakeAcmPca()
    acmpca.add("ACTIVE", arn=CA_ARN)
    return acmpca


class FakeS3(FakeService):
    service = "s3"

    def __init__(self) -> None:
        super().__init__()
        self.objects: dict[tuple[str, str], bytes] = {}
        self.body_for_any_key: bytes | None = None

    def _get_object(self, Bucket, Key):
        body = self.objects.get((Bucket, Key), self.body_for_any_key)
        if body is None:
            raise client_error("NoSuchKey", "GetObject")
        return {"Body": io.BytesIO(body)}


def install_fakes(monkeypatch) -> tuple[FakeAcmPca, FakeS3]:
    """Hand the modules fake ACM PCA and S3 clients (the one seam); record the regions the clients were made for."""
    acmpca, s3 = one_active_ca(), FakeS3()
    _acmpca_fake.install(monkeypatch, acmpca, s3=s3)
    return acmpca, s3


def refuse_clients(monkeypatch) -> None:
    """Fail the test if the module builds a client: bad input and check mode must send nothing."""

    def refuse(*args, **kwargs):
        raise AssertionError("the module built an AWS client where it must send nothing")

    monkeypatch.setattr(AnsibleAWSModule, "client", refuse)


def documented_keys_mismatch(result: dict, documented: dict, path: str = "") -> list[str]:
    """Compare a result with RETURN, key by key and level by level (list elements too)."""
    problems = []
    for key in result.keys() - documented.keys():
        problems.append(f"{path}{key} is returned but not documented")
    for key, doc in documented.items():
        if key not in result:
            if doc["returned"] in ("success", "always"):
                problems.append(f"{path}{key} is documented as always returned but missing")
            continue
        value = result[key]
        python_type = {"str": str, "bool": bool, "int": int, "dict": dict, "list": list}[doc["type"]]
        if value is not None and not isinstance(value, python_type):
            problems.append(f"{path}{key} is a {type(value).__name__}, documented as {doc['type']}")
        if "contains" in doc and isinstance(value, dict) and value:
            problems.extend(documented_keys_mismatch(value, doc["contains"], f"{path}{key}."))
        if "contains" in doc and isinstance(value, list):
            for index, item in enumerate(value):
                problems.extend(documented_keys_mismatch(item, doc["contains"], f"{path}{key}[{index}]."))
    return problems
