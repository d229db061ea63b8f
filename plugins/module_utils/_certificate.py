# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Issue, fetch and revoke certificates of a private CA, idempotently when a file holds the certificate.

Private to this collection: the names here may change without notice.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import tempfile
from typing import Any

from ansible.module_utils.common.warnings import warn

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code

from ansible_collections.privateca.aws.plugins.module_utils import _ca_model as model
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
# A CA in usage mode SHORT_LIVED_CERTIFICATE issues certificates valid for at most this many days.
SHORT_LIVED_MAX_DAYS = 7
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


def _parse_time(value: Any) -> datetime.datetime | None:
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo else value.replace(tzinfo=datetime.timezone.utc)
    if isinstance(value, str) and value:
        try:
            return _parse_time(datetime.datetime.fromisoformat(value.replace("Z", "+00:00")))
        except ValueError:
            return None
    return None


def earliest_end(value: dict[str, Any], now: datetime.datetime) -> datetime.datetime | None:
    """The earliest moment a certificate with this Validity can end (a month counts 28 days, a year 365)."""
    number, kind = value["Value"], value["Type"]
    if kind in _SHORTEST_DAYS:
        return now + datetime.timedelta(days=number * _SHORTEST_DAYS[kind])
    if kind == "ABSOLUTE":
        return datetime.datetime.fromtimestamp(number, datetime.timezone.utc)
    text = str(number)
    try:
        parsed = datetime.datetime.strptime(text, "%Y%m%d%H%M%S" if len(text) == 14 else "%y%m%d%H%M%S")
    except ValueError:
        return None
    return parsed.replace(tzinfo=datetime.timezone.utc)


def check_within_ca(value: dict[str, Any], ca_not_after: Any, ca_arn: CaArn, now: datetime.datetime | None = None):
    """Refuse a validity that runs past the end of the CA's certificate: AWS would refuse it (ValidationException)."""
    ca_end = _parse_time(ca_not_after)
    end = earliest_end(value, now or datetime.datetime.now(datetime.timezone.utc))
    if ca_end is None or end is None or end <= ca_end:
        return
    raise InvalidInputError(
        f"validity ({value['Value']} {value['Type']}) ends at {end:%Y-%m-%d %H:%M:%S} UTC or later, after the "
        f"certificate of the CA {ca_arn.arn} ends ({ca_end:%Y-%m-%d %H:%M:%S} UTC), and a CA cannot issue a "
        "certificate that outlives its own. Shorten validity (for example type END_DATE with a date before the "
        "CA's end), or renew the CA's certificate first."
    )


# The shortest a relative validity can be, in days, per unit (a month can have 28 days).
_SHORTEST_DAYS = {"DAYS": 1, "MONTHS": 28, "YEARS": 365}


def check_renewal_window(value: dict[str, Any], remaining_days: int) -> None:
    """Refuse a relative validity no longer than remaining_days: every run would issue (and pay for) a certificate."""
    days = value["value"] * _SHORTEST_DAYS.get(value["type"], 0)
    if 0 < days <= remaining_days:
        advice = f"Lower remaining_days below {days} (for example remaining_days: {days // 2})"
        if days <= SHORT_LIVED_MAX_DAYS:
            advice += (
                f". Raising validity above {SHORT_LIVED_MAX_DAYS} days is possible only on a GENERAL_PURPOSE CA: a "
                f"SHORT_LIVED_CERTIFICATE CA issues certificates of at most {SHORT_LIVED_MAX_DAYS} days."
            )
        else:
            advice += ", or raise validity."
        raise InvalidInputError(
            f"validity ({value['value']} {value['type']}) is not longer than remaining_days ({remaining_days}): "
            f"the certificate at path would always be due for renewal, so every run would issue a new one. {advice}"
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


def keep_existing(api: AwsApi, ca_arn: CaArn, existing, csr, remaining_days: int, passthrough_keys=(), revoked=None):
    """Why the certificate in path must be replaced, or None (and the CA's chain) when it is kept.

    passthrough_keys: the ApiPassthrough parts given (Subject, Extensions), which override the CSR's.
    revoked: the certificate last revoked with this path (see ensure_revoked), which never counts as valid.
    """
    if existing is None:
        return "there is no certificate at path", None
    if revoked is not None and checks.serial_hex(revoked) == checks.serial_hex(existing):
        return "the certificate at path was revoked (it is recorded at path.revoked)", None
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


def issue(
    api: AwsApi, ca_arn: CaArn, request: dict[str, Any], check_mode: bool, replaces: str | None = None
) -> str | None:
    """Send IssueCertificate (not in check mode); return the new certificate's ARN.

    replaces: the serial of the certificate that the new one replaces at path (one that expires, or that was
    revoked). It is part of the idempotency token, so that AWS does not answer with that same certificate
    again (it keeps a token for a few minutes), while a retry of the same task still gets one certificate.
    """
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
    configuration = description.get("CertificateAuthorityConfiguration") or {}
    key_algorithm = configuration.get("KeyAlgorithm")
    signing = params.get("SigningAlgorithm")
    if signing and key_algorithm and not model.signing_fits_key(key_algorithm, signing):
        raise InvalidInputError(
            model.signing_mismatch(signing, key_algorithm, f"the CA's key ({ca_arn.arn}),")
            + " Leave signing_algorithm out to sign with the CA's own."
        )
    check_within_ca(request["Validity"], description.get("NotAfter"), ca_arn)
    if not params.get("SigningAlgorithm"):
        params["SigningAlgorithm"] = configuration["SigningAlgorithm"]
    token_parts = [ca_arn.arn, {k: v for k, v in params.items() if k != "Csr"}, params["Csr"].decode("ascii")]
    if replaces:
        token_parts.append(replaces)
    params["IdempotencyToken"] = idempotency_token(*token_parts)
    if check_mode:
        return None
    return api.call("IssueCertificate", f"the CA {ca_arn.arn}", CertificateAuthorityArn=ca_arn.arn, **params)[
        "CertificateArn"
    ]


def check_mode_issued(ca_arn: CaArn, reason: str, diff: dict[str, Any], chain: str | None) -> dict[str, Any]:
    """What check mode returns for a certificate that would be issued: the keys of a run, with placeholders
    for what AWS assigns (documented in RETURN), and the chain when the CA's certificate is known."""
    return {
        "changed": True,
        "certificate_authority_arn": ca_arn.arn,
        "certificate_arn": f"{ca_arn.arn}/certificate/{'0' * 32}",
        "certificate": model.CHECK_MODE_CERTIFICATE,
        "certificate_chain": chain,
        "serial_number": model.CHECK_MODE_SERIAL,
        "msg": f"A certificate would be issued: {reason}.",
        "diff": diff,
    }


def ensure_present(module, api: AwsApi, ca_arn: CaArn, request: dict[str, Any], csr, poller) -> dict[str, Any]:
    """state=present: fetch certificate_arn, keep a good certificate at path, or issue a new one."""
    params = module.params
    path = params["path"]
    existing = read_existing(path)
    diff = {"before": checks.summary(existing), "after": checks.summary(existing)}
    if module.check_mode and (model.is_check_mode_arn(ca_arn.arn) or (csr is None and request is not None)):
        # The CA, or the CSR, is what an earlier task returned in check mode for what it would create.
        diff["after"] = {"state": "a new certificate would be issued"}
        return check_mode_issued(ca_arn, "the CA or the CSR comes from an earlier task's check mode", diff, None)

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
    revoked = read_revoked_record(path)
    reason, chain = (
        keep_existing(api, ca_arn, existing, csr, params["remaining_days"], passthrough_keys, revoked)
        if path
        else (None, None)
    )
    if path and reason is None:
        text = checks.pem(existing)
        return dict(result_for(ca_arn, text, chain), changed=False, diff=diff)

    if path and not os.path.isdir(os.path.dirname(os.path.abspath(path))):
        # Before issuing: a certificate AWS issued but the task could not store is a certificate wasted.
        raise checks.CertificateCheckError(
            f"The directory of path {path} does not exist; create it first (the directory must exist and be writable)."
        )
    replaced = existing if existing is not None else revoked
    arn = issue(api, ca_arn, request, module.check_mode, checks.serial_hex(replaced) if replaced else None)
    if arn is None:  # check mode
        diff["after"] = {"state": "a new certificate would be issued"}
        certificate_text, chain_text = get_ca_certificate(api, ca_arn)
        chain = ca_chain(ca_arn, certificate_text, chain_text)[1] if certificate_text else None
        return check_mode_issued(ca_arn, reason or "no path is given, so each run issues one", diff, chain)
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


REVOKED_SUFFIX = ".revoked"


def revoked_record_path(path: str) -> str:
    """Where a certificate revoked with O(path) is moved: the path with .revoked appended."""
    return f"{path}{REVOKED_SUFFIX}"


def read_revoked_record(path: str | None):
    """The certificate last revoked with this path (moved to <path>.revoked), or None."""
    if not path:
        return None
    try:
        return read_existing(revoked_record_path(path))
    except checks.CertificateCheckError:
        return None  # Not a record this module wrote; it is ignored, and never overwritten silently.


def move_aside(module, path: str) -> str:
    """Move the revoked certificate at path to <path>.revoked, so that it no longer counts as valid."""
    record = revoked_record_path(path)
    if module.check_mode:
        return record
    try:
        os.replace(path, record)
    except OSError as e:
        raise checks.CertificateCheckError(
            f"The certificate at path {path} was revoked, but it could not be moved to {record}: {e.strerror}. "
            f"Move or remove it by hand, or the next state=present will keep it."
        ) from e
    return record


def ensure_revoked(module, api: AwsApi, ca_arn: CaArn) -> dict[str, Any]:
    """state=revoked: revoke the certificate of certificate_arn or path; an earlier revocation is no change.

    With path, a revoked certificate is moved to <path>.revoked: the next state=present finds no certificate
    at path and issues a new one, and a rerun of the revocation finds the record and sends no request.
    Without path, the module cannot know whether the certificate is revoked already, so a rerun sends
    RevokeCertificate again (AWS answers RequestAlreadyProcessedException: no change).
    """
    params = module.params
    path = params["path"]
    if module.check_mode and model.is_check_mode_arn(ca_arn.arn):
        return {
            "changed": True,
            "certificate_authority_arn": ca_arn.arn,
            "serial_number": model.CHECK_MODE_SERIAL,
            "msg": "A certificate would be revoked; the CA would be created by an earlier task.",
        }
    existing = read_existing(path)
    recorded = read_revoked_record(path)
    if params["certificate_arn"]:
        arn, _owner, serial = parse_certificate_arn(params["certificate_arn"], ca_arn)
        result: dict[str, Any] = {"certificate_arn": arn}
        if existing is not None and checks.serial_hex(existing) != serial:
            existing = None  # path holds another certificate: it is neither revoked nor moved.
        if recorded is not None and checks.serial_hex(recorded) != serial:
            recorded = None
    else:
        if existing is not None:
            recorded = None  # path holds a certificate: that one is to be revoked, whatever was revoked before.
        if existing is None and recorded is None:
            raise checks.CertificateCheckError(
                f"path {path} holds no certificate, and no certificate revoked earlier with this path is recorded "
                f"at {revoked_record_path(path)}, so there is nothing to revoke; give certificate_arn."
            )
        held = existing if existing is not None else recorded
        ca_certificate, _chain = ca_chain(ca_arn, *get_ca_certificate(api, ca_arn))
        if not checks.signed_by(held, ca_certificate):
            raise checks.CertificateCheckError(
                f"The certificate at path {checks.describe(held)} was not issued by the CA {ca_arn.arn} "
                f"(its issuer is '{checks.subject_text(held.issuer)}'); it cannot be revoked there."
            )
        serial = checks.serial_hex(held)
        result = result_for(ca_arn, checks.pem(held), None)
        result.pop("certificate_chain")
    result.update(certificate_authority_arn=ca_arn.arn, serial_number=serial)
    if recorded is not None:
        # Revoked earlier by this module with this path: known without asking AWS, so no request.
        return dict(result, changed=False, revoked_path=revoked_record_path(path))
    if module.check_mode:
        moved = f"; the certificate at path would be moved to {revoked_record_path(path)}" if existing else ""
        # Without a record at path, no call tells whether a certificate is revoked without revoking it.
        return dict(
            result,
            changed=True,
            msg=f"The certificate {serial} would be revoked (unless it already is){moved}.",
            **({"revoked_path": revoked_record_path(path)} if existing is not None else {}),
        )
    changed = True
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
        changed = False
    if existing is not None:
        return dict(result, changed=True, revoked_path=move_aside(module, path))
    return dict(result, changed=changed)
