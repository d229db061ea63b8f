# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Issue, fetch and revoke certificates of a private CA, idempotently when a file holds the certificate.

Private to this collection: the names here may change without notice.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from typing import Any

from ansible.module_utils.common.warnings import warn

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code

from ansible_collections.privateca.aws.plugins.module_utils import _certificate_checks as checks
from ansible_collections.privateca.aws.plugins.module_utils._after_write import after_write
from ansible_collections.privateca.aws.plugins.module_utils._aws import waiter
from ansible_collections.privateca.aws.plugins.module_utils._aws.arn import CaArn
from ansible_collections.privateca.aws.plugins.module_utils._aws.arn import parse_ca_arn
from ansible_collections.privateca.aws.plugins.module_utils._aws.client import AwsApi
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import AcmPcaError
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import InvalidInputError
from ansible_collections.privateca.aws.plugins.module_utils._aws.waiter import Poller
from ansible_collections.privateca.aws.plugins.module_utils._ca_certificate import describe_ca
from ansible_collections.privateca.aws.plugins.module_utils._ca_certificate import get_ca_certificate


def _template_names() -> frozenset[str]:
    """The templates of the AWS Private CA User Guide (Understanding certificate templates)."""
    end_entity = [
        "CodeSigningCertificate",
        "EndEntityCertificate",
        "EndEntityClientAuthCertificate",
        "EndEntityServerAuthCertificate",
        "OCSPSigningCertificate",
    ]
    subordinate = [f"SubordinateCACertificate_PathLen{n}" for n in range(4)]
    names = set()
    for base in end_entity + subordinate:
        for variety in ("", "_CSRPassthrough", "_APIPassthrough", "_APICSRPassthrough"):
            names.add(f"{base}{variety}/V1")
    names.update({"RootCACertificate/V1", "RootCACertificate_APIPassthrough/V1"})
    names.update(
        {
            "BlankEndEntityCertificate_APIPassthrough/V1",
            "BlankEndEntityCertificate_APICSRPassthrough/V1",
            "BlankEndEntityCertificate_CriticalBasicConstraints_APIPassthrough/V1",
            "BlankEndEntityCertificate_CriticalBasicConstraints_APICSRPassthrough/V1",
            "BlankRootCACertificate_APIPassthrough/V1",
        }
    )
    for n in range(4):
        names.add(f"BlankRootCACertificate_PathLen{n}_APIPassthrough/V1")
        names.add(f"BlankSubordinateCACertificate_PathLen{n}_APIPassthrough/V1")
        names.add(f"BlankSubordinateCACertificate_PathLen{n}_APICSRPassthrough/V1")
    return frozenset(names)


TEMPLATE_NAMES = _template_names()
_TEMPLATE_ARN = re.compile(r"arn:aws(?:-[a-z]+)*:acm-pca:::template/(?P<name>[A-Za-z0-9_]+/V\d+)")
_CERTIFICATE_ARN = re.compile(r"(?P<ca>.+)/certificate/(?P<serial>[0-9a-fA-F]{1,64})")
VALIDITY_TYPES = ("END_DATE", "ABSOLUTE", "DAYS", "MONTHS", "YEARS")
REVOCATION_REASONS = (
    "UNSPECIFIED",
    "KEY_COMPROMISE",
    "CERTIFICATE_AUTHORITY_COMPROMISE",
    "AFFILIATION_CHANGED",
    "SUPERSEDED",
    "CESSATION_OF_OPERATION",
    "PRIVILEGE_WITHDRAWN",
    "A_A_COMPROMISE",
)


def template_arn(value: str | None, ca_arn: CaArn) -> str | None:
    """A template name (EndEntityCertificate/V1) or ARN, as the ARN IssueCertificate takes."""
    if not value:
        return None
    match = _TEMPLATE_ARN.fullmatch(value)
    name = match.group("name") if match else value
    if name not in TEMPLATE_NAMES:
        close = sorted(candidate for candidate in TEMPLATE_NAMES if candidate.split("_")[0] == name.split("_")[0])
        hint = f" Close names: {', '.join(close[:6])}." if close else ""
        raise InvalidInputError(
            f"template {value!r} is not an AWS Private CA template. Give a name such as EndEntityCertificate/V1 or "
            f"SubordinateCACertificate_PathLen0/V1, or its ARN arn:{ca_arn.partition}:acm-pca:::template/<name>.{hint}"
        )
    return value if match else f"arn:{ca_arn.partition}:acm-pca:::template/{name}"


def validity(value: dict[str, Any] | None, option: str) -> dict[str, Any] | None:
    """The API's Validity shape from {value, type}, checked as the API documents it."""
    if value is None:
        return None
    number, kind = value["value"], value["type"]
    if number < 1:
        raise InvalidInputError(f"{option}.value must be a positive number, got {number}.")
    if kind == "END_DATE" and not re.fullmatch(r"\d{12}|\d{14}", str(number)):
        raise InvalidInputError(
            f"{option}.value with type END_DATE is a date as YYYYMMDDHHMMSS (for example 20301231235959), got {number}."
        )
    return {"Value": number, "Type": kind}


# The shortest a relative validity can be, in days, per unit (a month can have 28 days).
_SHORTEST_DAYS = {"DAYS": 1, "MONTHS": 28, "YEARS": 365}


def check_renewal_window(value: dict[str, Any], remaining_days: int) -> None:
    """Refuse a relative validity no longer than remaining_days: every run would issue (and pay for) a certificate."""
    days = value["value"] * _SHORTEST_DAYS.get(value["type"], 0)
    if 0 < days <= remaining_days:
        raise InvalidInputError(
            f"validity ({value['value']} {value['type']}) is not longer than remaining_days ({remaining_days}): "
            "the certificate at path would always be due for renewal, so every run would issue a new one. "
            "Lower remaining_days, or raise validity."
        )


def _camel(key: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in key.split("_"))


def passthrough(value: Any) -> Any:
    """api_passthrough in snake_case (or the API's CamelCase) to the API's ApiPassthrough shape."""
    if isinstance(value, dict):
        return {_camel(key): passthrough(item) for key, item in value.items()}
    if isinstance(value, list):
        return [passthrough(item) for item in value]
    return value


def check_passthrough(value: dict[str, Any]) -> None:
    """Check the mapped ApiPassthrough against botocore's model of the API, before any request."""
    import botocore.session
    from botocore.validate import ParamValidator

    shape = botocore.session.get_session().get_service_model("acm-pca").shape_for("ApiPassthrough")
    report = ParamValidator().validate(value, shape)
    if report.has_errors():
        text = report.generate_report().replace("input", "api_passthrough")
        raise InvalidInputError(f"api_passthrough does not fit the API's ApiPassthrough structure: {text}")


def idempotency_token(*parts: Any) -> str:
    """Derived from the CSR and the options, so that a retried task gets the same certificate (AWS keeps
    a token for a few minutes), and a changed request a new one. At most 36 characters, as the API allows."""
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode("utf-8")).hexdigest()
    return digest[:36]


def parse_certificate_arn(value: str, ca_arn: CaArn | None) -> tuple[str, CaArn, str]:
    """Split <CA ARN>/certificate/<hex serial>; check that it belongs to ca_arn when given.

    Returns the ARN, the CA ARN parsed, and the serial as RevokeCertificate takes it (colon-separated hex).
    """
    match = _CERTIFICATE_ARN.fullmatch(value or "")
    if not match:
        raise InvalidInputError(
            f"certificate_arn {value!r} is not a certificate ARN; expected <CA ARN>/certificate/<hex serial>, for "
            "example arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/"
            "12345678-1234-1234-1234-123456789012/certificate/6707447683a9b7f4055627ffd55cebcc."
        )
    try:
        owner = parse_ca_arn(match.group("ca"))
    except InvalidInputError as e:
        raise InvalidInputError(f"certificate_arn {value!r} does not start with a CA ARN: {e}") from e
    if ca_arn is not None and owner.arn != ca_arn.arn:
        raise InvalidInputError(
            f"certificate_arn {value!r} belongs to the CA {owner.arn}, not to certificate_authority_arn {ca_arn.arn}."
        )
    return value, owner, checks.serial_number_hex(int(match.group("serial"), 16))


def get_certificate(api: AwsApi, ca_arn: CaArn, arn: str, poller: Poller | None) -> tuple[str, str] | None:
    """The certificate and chain of arn (botocore's CertificateIssued); None when AWS is still issuing it and there
    is no poller."""
    params = {"CertificateAuthorityArn": ca_arn.arn, "CertificateArn": arn}
    if poller is None:
        response = waiter.wait(api, "CertificateIssued", f"the certificate {arn}", timeout=None, **params)
    else:
        response = poller.until(
            api, "CertificateIssued", f"the certificate {arn}", f"AWS to issue the certificate {arn}", **params
        )
    if response is None:
        return None
    return response["Certificate"], response.get("CertificateChain") or ""


def result_for(ca_arn: CaArn, certificate_text: str, chain_text: str | None, arn: str | None = None) -> dict[str, Any]:
    certificate = checks.load_certificate(certificate_text, "the certificate")
    arn = arn or f"{ca_arn.arn}/certificate/{checks.serial_for_arn(certificate)}"
    info = checks.certificate_info(certificate)
    return {
        "certificate_authority_arn": ca_arn.arn,
        "certificate_arn": arn,
        "certificate": certificate_text,
        "certificate_chain": chain_text or None,
        "serial_number": info["serial_number_hex"],
        "not_before": info["not_before"],
        "not_after": info["not_after"],
        "certificate_info": info,
    }


def ca_chain(ca_arn: CaArn, certificate_text: str | None, chain_text: str | None):
    """The CA's certificate (parsed) and the chain an issued certificate has: the CA's, then its chain."""
    if not certificate_text:
        raise checks.CertificateCheckError(
            f"The CA {ca_arn.arn} has no certificate yet (PENDING_CERTIFICATE); import it first with "
            "privateca.aws.acmpca_certificate_authority_certificate."
        )
    ca_certificate = checks.load_certificate(certificate_text, "The CA's certificate")
    chain = certificate_text.rstrip("\n") + "\n" + (chain_text or "")
    return ca_certificate, chain.rstrip("\n") + "\n"


def read_existing(path: str | None):
    """The certificate a file holds, None when there is no file; fail on anything else, which is never overwritten."""
    if not path:
        return None
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise checks.CertificateCheckError(f"Cannot read path {path}: {e.strerror}.") from e
    if not data.strip():
        return None
    text = data.decode("utf-8", "replace")
    if checks.contains_private_key(text):
        raise checks.CertificateCheckError(
            f"path {path} holds a private key; it is not overwritten with a certificate. Choose another path."
        )
    try:
        return checks.load_certificate(text, f"The file {path}")
    except checks.CertificateCheckError as e:
        raise checks.CertificateCheckError(
            f"{e} It is not replaced silently: remove the file or choose another path."
        ) from e


def write_file(module, path: str, content: str) -> bool:
    """Write content to path atomically unless it already holds exactly that; return whether it changed."""
    try:
        with open(path, encoding="utf-8") as handle:
            if handle.read() == content:
                return False
    except (FileNotFoundError, UnicodeDecodeError):
        pass
    if module.check_mode:
        return True
    directory = os.path.dirname(os.path.abspath(path))
    try:
        descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=".acmpca_certificate.")
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(content)
    except OSError as e:
        raise checks.CertificateCheckError(
            f"Cannot write the certificate to path {path}: {e.strerror} (the directory {directory} must exist "
            "and be writable)."
        ) from e
    module.atomic_move(temporary, path)
    return True


def keep_existing(api: AwsApi, ca_arn: CaArn, existing, csr, remaining_days: int, passthrough_keys=()):
    """Why the certificate in path must be replaced, or None (and the CA's chain) when it is kept.

    passthrough_keys: the ApiPassthrough parts given (Subject, Extensions), which override the CSR's.
    """
    if existing is None:
        return "there is no certificate at path", None
    if not checks.same_public_key(existing.public_key(), csr.public_key()):
        return "the certificate at path is for another key than the CSR's", None
    difference = checks.csr_difference(
        existing,
        csr,
        check_subject="Subject" not in passthrough_keys,
        check_alt_names="Extensions" not in passthrough_keys,
    )
    if difference:
        return f"the certificate at path has {difference}", None
    remaining = checks.remaining_seconds(existing)
    if remaining <= remaining_days * 86400:
        return f"the certificate at path expires in {max(0, int(remaining // 86400))} days", None
    certificate_text, chain_text = get_ca_certificate(api, ca_arn)
    if not certificate_text and checks.is_self_signed(existing):
        # A ROOT CA's own certificate, issued by the CA itself and not imported yet: only the holder of the
        # CSR's key, AWS, can have signed it.
        return None, None
    ca_certificate, chain = ca_chain(ca_arn, certificate_text, chain_text)
    if not checks.signed_by(existing, ca_certificate):
        return "the certificate at path was not issued by this CA", None
    return None, chain


def issue(api: AwsApi, ca_arn: CaArn, request: dict[str, Any], check_mode: bool) -> str | None:
    """Send IssueCertificate (not in check mode); return the new certificate's ARN."""
    description = describe_ca(api, ca_arn)
    # A ROOT CA issues its own certificate while PENDING_CERTIFICATE, with a RootCACertificate template.
    own_root_certificate = (
        description.get("Type") == "ROOT"
        and description.get("Status") == "PENDING_CERTIFICATE"
        and "/RootCACertificate" in request.get("TemplateArn", "")
    )
    if description.get("Status") != "ACTIVE" and not own_root_certificate:
        raise checks.CertificateCheckError(
            f"The CA {ca_arn.arn} is {description.get('Status')}, and only an ACTIVE CA issues certificates"
            + (
                "; import its certificate first with privateca.aws.acmpca_certificate_authority_certificate."
                if description.get("Status") == "PENDING_CERTIFICATE"
                else "."
            )
        )
    params = dict(request)
    if not params.get("SigningAlgorithm"):
        params["SigningAlgorithm"] = description["CertificateAuthorityConfiguration"]["SigningAlgorithm"]
    params["IdempotencyToken"] = idempotency_token(
        ca_arn.arn, {k: v for k, v in params.items() if k != "Csr"}, params["Csr"].decode("ascii")
    )
    if check_mode:
        return None
    return api.call("IssueCertificate", f"the CA {ca_arn.arn}", CertificateAuthorityArn=ca_arn.arn, **params)[
        "CertificateArn"
    ]


def ensure_present(module, api: AwsApi, ca_arn: CaArn, request: dict[str, Any], csr, poller) -> dict[str, Any]:
    """state=present: fetch certificate_arn, keep a good certificate at path, or issue a new one."""
    params = module.params
    path = params["path"]
    existing = read_existing(path)
    diff = {"before": checks.summary(existing), "after": checks.summary(existing)}

    if params["certificate_arn"]:
        arn, _owner, _serial = parse_certificate_arn(params["certificate_arn"], ca_arn)
        fetched = get_certificate(api, ca_arn, arn, poller)
        if fetched is None:
            raise AcmPcaError(message=f"AWS is still issuing {arn}; retry later, or set wait: true")
        result = result_for(ca_arn, fetched[0], fetched[1], arn)
        certificate = checks.load_certificate(fetched[0], "the certificate")
        if csr is not None:
            checks.check_key_matches(
                certificate, csr, "the CSR", "certificate_arn names a certificate for another key than csr's."
            )
        changed = write_file(module, path, fetched[0]) if path else False
        diff["after"] = checks.summary(certificate)
        return dict(result, changed=changed, diff=diff)

    passthrough_keys = tuple(request.get("ApiPassthrough") or {})
    reason, chain = (
        keep_existing(api, ca_arn, existing, csr, params["remaining_days"], passthrough_keys) if path else (None, None)
    )
    if path and reason is None:
        text = checks.pem(existing)
        return dict(result_for(ca_arn, text, chain), changed=False, diff=diff)

    if path and not os.path.isdir(os.path.dirname(os.path.abspath(path))):
        # Before issuing: a certificate AWS issued but the task could not store is a certificate wasted.
        raise checks.CertificateCheckError(
            f"The directory of path {path} does not exist; create it first (the directory must exist and be writable)."
        )
    arn = issue(api, ca_arn, request, module.check_mode)
    if arn is None:  # check mode
        diff["after"] = {"state": "a new certificate would be issued"}
        return {
            "changed": True,
            "certificate_authority_arn": ca_arn.arn,
            "msg": f"A certificate would be issued: {reason or 'no path is given, so each run issues one'}.",
            "diff": diff,
        }
    with after_write(
        f"AWS issued the certificate {arn}",
        "a rerun of the task within five minutes gets this same certificate (same idempotency token); later, "
        f"give certificate_arn: {arn} to fetch it rather than issue another",
    ):
        fetched = get_certificate(api, ca_arn, arn, poller)
    if fetched is None:
        warn(f"AWS is still issuing {arn}; fetch it later with certificate_arn (wait: false was set).")
        return {"changed": True, "certificate_authority_arn": ca_arn.arn, "certificate_arn": arn, "diff": diff}
    if path:
        write_file(module, path, fetched[0])
    result = result_for(ca_arn, fetched[0], fetched[1], arn)
    diff["after"] = checks.summary(checks.load_certificate(fetched[0], "the certificate"))
    return dict(result, changed=True, diff=diff)


def ensure_revoked(module, api: AwsApi, ca_arn: CaArn) -> dict[str, Any]:
    """state=revoked: revoke the certificate of certificate_arn or path; an earlier revocation is no change."""
    params = module.params
    if params["certificate_arn"]:
        arn, _owner, serial = parse_certificate_arn(params["certificate_arn"], ca_arn)
        result: dict[str, Any] = {"certificate_arn": arn}
    else:
        existing = read_existing(params["path"])
        if existing is None:
            raise checks.CertificateCheckError(
                f"path {params['path']} holds no certificate, so there is nothing to revoke; give certificate_arn."
            )
        ca_certificate, _chain = ca_chain(ca_arn, *get_ca_certificate(api, ca_arn))
        if not checks.signed_by(existing, ca_certificate):
            raise checks.CertificateCheckError(
                f"The certificate at path {checks.describe(existing)} was not issued by the CA {ca_arn.arn} "
                f"(its issuer is '{checks.subject_text(existing.issuer)}'); it cannot be revoked there."
            )
        serial = checks.serial_hex(existing)
        result = result_for(ca_arn, checks.pem(existing), None)
        result.pop("certificate_chain")
    result.update(certificate_authority_arn=ca_arn.arn, serial_number=serial)
    if module.check_mode:
        # The API has no call that tells whether a certificate is revoked without revoking it.
        return dict(result, changed=True, msg=f"The certificate {serial} would be revoked (unless it already is).")
    try:
        api.call(
            "RevokeCertificate",
            f"the certificate {serial} of the CA {ca_arn.arn}",
            expected=("RequestAlreadyProcessedException",),
            CertificateAuthorityArn=ca_arn.arn,
            CertificateSerial=serial,
            RevocationReason=params["revocation_reason"],
        )
    except is_boto3_error_code("RequestAlreadyProcessedException"):
        return dict(result, changed=False)
    return dict(result, changed=True)
