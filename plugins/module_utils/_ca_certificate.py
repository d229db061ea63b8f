# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Import a private CA's own certificate (the activation step), checked locally first, idempotently.

Private to this collection: the names here may change without notice.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code

from ansible_collections.privateca.aws.plugins.module_utils import _ca_model as model
from ansible_collections.privateca.aws.plugins.module_utils import _certificate_checks as checks
from ansible_collections.privateca.aws.plugins.module_utils._after_write import after_write
from ansible_collections.privateca.aws.plugins.module_utils._aws.arn import CaArn
from ansible_collections.privateca.aws.plugins.module_utils._aws.client import AwsApi
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import AcmPcaError
from ansible_collections.privateca.aws.plugins.module_utils._aws.waiter import Poller
from ansible_collections.privateca.aws.plugins.module_utils._aws.waiter import WaitFailed
from ansible_collections.privateca.aws.plugins.module_utils._ca_constraints import constraint_warnings
from ansible_collections.privateca.aws.plugins.module_utils._csr import get_csr

# States in which the CA holds a certificate that GetCertificateAuthorityCertificate returns.
STATES_WITH_CERTIFICATE = ("ACTIVE", "DISABLED", "EXPIRED")
# States in which no certificate can be imported.
STATES_REFUSING_IMPORT = ("DELETED", "FAILED")


def describe_ca(api: AwsApi, ca_arn: CaArn) -> dict[str, Any]:
    return api.call("DescribeCertificateAuthority", f"the CA {ca_arn.arn}", CertificateAuthorityArn=ca_arn.arn)[
        "CertificateAuthority"
    ]


def get_ca_certificate(api: AwsApi, ca_arn: CaArn) -> tuple[str | None, str | None]:
    """The CA's current certificate and chain (PEM), or (None, None) when it has none yet."""
    try:
        response = api.call(
            "GetCertificateAuthorityCertificate",
            f"the CA {ca_arn.arn}",
            expected=("InvalidStateException",),
            CertificateAuthorityArn=ca_arn.arn,
        )
    except is_boto3_error_code("InvalidStateException"):
        return None, None  # PENDING_CERTIFICATE: nothing imported yet
    return response.get("Certificate"), response.get("CertificateChain")


def _same(certificate, chain, current_text: str | None, current_chain_text: str | None) -> bool:
    if not current_text:
        return False
    try:
        current = checks.load_certificate(current_text, "The CA's current certificate")
        current_chain = checks.load_certificates(current_chain_text, "chain") if current_chain_text else []
    except checks.CertificateCheckError:
        return False
    return checks.der(current) == checks.der(certificate) and [checks.der(c) for c in current_chain] == [
        checks.der(c) for c in chain
    ]


def import_ca_certificate(
    api: AwsApi,
    ca_arn: CaArn,
    certificate_text: str,
    chain_text: str | None,
    *,
    check_mode: bool,
    wait: bool,
    wait_timeout: int,
    now: datetime.datetime | None = None,
    warn: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Check, compare and import. Raises CertificateCheckError (local) or AcmPcaError (AWS).

    ``warn`` receives what is wrong with the certificate's keyUsage or path length, when it is (to be) imported.
    """
    if check_mode and (model.is_check_mode_arn(ca_arn.arn) or model.is_check_mode_placeholder(certificate_text)):
        # What an earlier task returned in check mode for a CA or certificate it would create: nothing to
        # check or ask yet; a run without --check imports.
        return {
            "changed": True,
            "certificate_authority_arn": ca_arn.arn,
            "status": "ACTIVE",
            "certificate": certificate_text,
            "certificate_chain": chain_text or None,
            "certificate_info": {},
            "diff": {"before": {}, "after": {"certificate": "the certificate an earlier task would issue"}},
        }
    # Everything that needs no request first: a wrong paste fails before AWS hears of it.
    certificate, chain = checks.check_ca_certificate(certificate_text, chain_text, now)
    poller = Poller(wait_timeout) if wait else None

    description = describe_ca(api, ca_arn)
    status, ca_type = description.get("Status"), description.get("Type")
    if status in STATES_REFUSING_IMPORT:
        raise checks.CertificateCheckError(
            f"The CA {ca_arn.arn} is {status}; no certificate can be imported into it "
            "(restore a DELETED CA first, or create a new CA)."
        )
    if ca_type == "ROOT" and chain:
        raise checks.CertificateCheckError(
            f"The CA {ca_arn.arn} is a ROOT CA: its certificate is self-signed and is imported without "
            "certificate_chain; leave certificate_chain out."
        )
    if ca_type == "SUBORDINATE" and not chain:
        raise checks.CertificateCheckError(
            f"The CA {ca_arn.arn} is a SUBORDINATE CA: give certificate_chain, the certificate of the CA that "
            "signed it first, then each next issuer up to the root."
        )

    csr = checks.load_csr(get_csr(api, ca_arn, wait=wait, wait_timeout=wait_timeout), "The CA's CSR")
    checks.check_key_matches(certificate, csr, f"the CA {ca_arn.arn}")

    current_text, current_chain_text = (None, None)
    if status in STATES_WITH_CERTIFICATE:
        current_text, current_chain_text = get_ca_certificate(api, ca_arn)
    current = None
    if current_text:
        try:
            current = checks.load_certificate(current_text, "The CA's current certificate")
        except checks.CertificateCheckError:
            current = None
    changed = not _same(certificate, chain, current_text, current_chain_text)
    if changed and warn is not None:
        for warning in constraint_warnings(certificate, chain):
            warn(warning)

    if changed and not check_mode:
        params = {"CertificateAuthorityArn": ca_arn.arn, "Certificate": checks.pem(certificate).encode("ascii")}
        if chain:
            params["CertificateChain"] = checks.chain_pem(chain).encode("ascii")
        api.call("ImportCertificateAuthorityCertificate", f"the CA {ca_arn.arn}", **params)
        with after_write(
            f"the certificate {checks.serial_hex(certificate)} was imported into the CA {ca_arn.arn}",
            "a rerun of the task finds it imported and changes nothing",
        ):
            status = _status_after_import(api, ca_arn, poller)
    elif changed:
        # The status the import leads to: a DISABLED CA stays DISABLED, any other becomes ACTIVE.
        status = "DISABLED" if status == "DISABLED" else "ACTIVE"

    return {
        "changed": changed,
        "certificate_authority_arn": ca_arn.arn,
        "status": status,
        "certificate": checks.pem(certificate),
        "certificate_chain": checks.chain_pem(chain) if chain else None,
        "certificate_info": checks.certificate_info(certificate),
        "diff": {"before": checks.summary(current), "after": checks.summary(certificate)},
    }


def _status_after_import(api: AwsApi, ca_arn: CaArn, poller: Poller | None) -> str:
    """Wait until the CA is ACTIVE: IssueCertificate and ACM fail while it is still PENDING_CERTIFICATE."""
    if poller is None:
        return describe_ca(api, ca_arn).get("Status")
    try:
        response = poller.until(
            api,
            "CertificateAuthorityImported",
            f"the CA {ca_arn.arn}",
            f"the CA {ca_arn.arn} to become ACTIVE after the import",
            CertificateAuthorityArn=ca_arn.arn,
        )
    except WaitFailed:
        raise AcmPcaError(message=f"The CA {ca_arn.arn} is FAILED after the import; check it in the console") from None
    return response["CertificateAuthority"]["Status"]
