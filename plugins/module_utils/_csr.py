# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A private CA's CSR: the one way every module and the acmpca_csr lookup get it.

Private to this collection: the names here may change without notice.
"""

from __future__ import annotations

from typing import Any

try:
    import botocore
    import botocore.exceptions
except ImportError:
    pass  # The module and the lookup report a missing botocore themselves.

from ansible_collections.privateca.aws.plugins.module_utils import _csr_info
from ansible_collections.privateca.aws.plugins.module_utils._aws.arn import CaArn
from ansible_collections.privateca.aws.plugins.module_utils._aws.client import AwsApi
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import AwsCallError
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import error_code

# What GetCertificateAuthorityCsr answers while AWS is still creating the CSR (the waiter's retry state).
_IN_PROGRESS = "RequestInProgressException"


def get_csr(api: AwsApi, ca_arn: CaArn, *, wait: bool, wait_timeout: int, required: bool = True) -> str | None:
    """The CA's PEM CSR, waiting (botocore's CertificateAuthorityCSRCreated) while AWS still creates it.

    One request first, outside the waiter: a CA past CREATING has its CSR, so most runs never import the
    waiter. Without ``wait`` that request is all. When the CSR is not there yet (in progress, or
    still after wait_timeout), fail with advice, or return None when not ``required``. An answer without a
    CSR (botocore makes an empty result of a 200 whose body is not JSON) always fails.
    """
    subject, context = f"the CA {ca_arn.arn}", ca_arn._asdict()
    request = {"context": context, "CertificateAuthorityArn": ca_arn.arn}
    try:
        if not wait:
            response = api.call("GetCertificateAuthorityCsr", subject, **request)
        else:
            try:
                with api.budget.capped(api.budget.now() + wait_timeout):
                    response = api.call("GetCertificateAuthorityCsr", subject, expected=(_IN_PROGRESS,), **request)
            except botocore.exceptions.ClientError:  # only _IN_PROGRESS: AWS is still creating the CSR
                # Imported here: most runs find the CSR ready, and the zip AnsiballZ imports from compiles each file twice.
                from ansible_collections.privateca.aws.plugins.module_utils._aws import waiter

                response = waiter.wait(
                    api,
                    "CertificateAuthorityCSRCreated",
                    subject,
                    timeout=wait_timeout,
                    timed_out=lambda last: (
                        f"Timed out after {wait_timeout} s waiting for AWS to create the CSR of {ca_arn.arn}, "
                        "which is still in progress; raise wait_timeout or retry later"
                    ),
                    polled=True,
                    **request,
                )
    except AwsCallError as e:
        if required or error_code(e.exception) != _IN_PROGRESS:
            raise
        return None
    if not response.get("Csr"):
        raise AwsCallError(
            message=f"The endpoint answered the request for the CSR of {ca_arn.arn} without a CSR; "
            "check endpoint_url, or retry later"
        )
    return response["Csr"]


def csr_result(ca_arn: CaArn, pem: str) -> dict[str, Any]:
    """What the module returns for one CA (and the lookup with output=info)."""
    result: dict[str, Any] = {"certificate_authority_arn": ca_arn.arn, "csr": pem}
    if _csr_info.HAS_CRYPTOGRAPHY:
        try:
            result["csr_info"] = _csr_info.parse_csr(pem)
        except _csr_info.CsrParseError as e:
            raise AwsCallError(message=f"AWS returned a CSR for {ca_arn.arn} that cannot be parsed", exception=e) from e
    return result


def missing_cryptography_warning() -> str | None:
    if _csr_info.HAS_CRYPTOGRAPHY:
        return None
    return (
        "The Python library cryptography is not importable on the host that ran this task, so csr_info is left out "
        f"({_csr_info.CRYPTOGRAPHY_IMPORT_ERROR}). Install cryptography there to get the parsed CSR."
    )


def is_deleted(api: AwsApi, ca_arn: CaArn) -> bool:
    """Whether the CA is DELETED (in its restore period), for an InvalidStateException; False when that cannot be told.

    GetCertificateAuthorityCsr answers a deleted CA with InvalidStateException, like a FAILED one;
    only DescribeCertificateAuthority says which (it needs acm-pca:DescribeCertificateAuthority).
    """
    try:
        response = api.call(
            "DescribeCertificateAuthority",
            f"the CA {ca_arn.arn}",
            context=ca_arn._asdict(),
            CertificateAuthorityArn=ca_arn.arn,
        )
    except (AwsCallError, botocore.exceptions.ClientError):
        return False
    return (response.get("CertificateAuthority") or {}).get("Status") == "DELETED"
