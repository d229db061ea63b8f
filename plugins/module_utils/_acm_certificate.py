# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Logic of the acm_private_certificate module: a private certificate that ACM requests from a private CA,
renews, and exports to files.

Private to this collection: the names here may change without notice.

The decisions are pure functions at the top (what differs, whether to renew, what the files need, what a
FailureReason means); ``PrivateCertificate`` below carries them out through the call layer (``_aws``): one
AwsApi for ACM and one for ACM PCA, and the layer's waiter (``PrivateCertificateIssued``,
``PrivateCertificateRenewed``). A rerun with nothing to change sends reads only: no RequestCertificate,
RenewCertificate, ExportCertificate or tag call.
"""

from __future__ import annotations

import datetime
import os
import re
import tempfile
import uuid
from typing import Any

try:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
except ImportError:
    pass  # The module checks HAS_CRYPTOGRAPHY (_certificate_checks) and fails with missing_required_lib.

try:
    import botocore.exceptions
except ImportError:
    pass  # AnsibleAWSModule reports a missing botocore itself.

from ansible_collections.amazon.aws.plugins.module_utils.botocore import normalize_boto3_result
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags

from ansible_collections.privateca.aws.plugins.module_utils._aws import waiter
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import InvalidInputError

# What RequestCertificate accepts for a private certificate ("Other listed algorithms are for imported
# certificates only"), and every key type, so that ListCertificates finds certificates of any of them.
KEY_ALGORITHMS = ("RSA_2048", "EC_prime256v1", "EC_secp384r1")
ALL_KEY_TYPES = ("RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1", "EC_secp384r1", "EC_secp521r1")
# "Each certificate is valid for 13 months (395 days)."
VALIDITY_DAYS = 395
# The statuses of a certificate that still counts as the task's; FAILED and EXPIRED ones are not reused.
LIVE_STATUSES = ("PENDING_VALIDATION", "ISSUED")
WRITE_OPERATIONS = frozenset(
    {
        "RequestCertificate",
        "RenewCertificate",
        "ExportCertificate",
        "DeleteCertificate",
        "AddTagsToCertificate",
        "RemoveTagsFromCertificate",
    }
)
RENEWAL_ACTIONS = frozenset({"IssueCertificate", "GetCertificate", "ListPermissions"})
CERTIFICATE_ARN = re.compile(r"arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate/[0-9a-fA-F-]{36}")
DOMAIN = re.compile(r"(\*\.)?(((?!-)[A-Za-z0-9-]{0,62}[A-Za-z0-9])\.)+((?!-)[A-Za-z0-9-]{1,62}[A-Za-z0-9])")
# What a FailureReason (or RenewalStatusReason) of a private certificate means for the user.
FAILURE_ADVICE = {
    "PCA_INVALID_ARN": "the CA's ARN is not the ARN of a private CA",
    "PCA_RESOURCE_NOT_FOUND": ("the CA was not found (deleted, or in another region or account than the certificate)"),
    "PCA_INVALID_STATE": "the CA is not ACTIVE (see privateca.aws.acmpca_certificate_authority_info)",
    "PCA_ACCESS_DENIED": (
        "the CA has not given ACM the permissions it needs (privateca.aws.acmpca_permission with its default "
        "actions; for a CA of another account, its resource policy, privateca.aws.acmpca_policy)"
    ),
    "PCA_NAME_CONSTRAINTS_VALIDATION": "a domain name is outside the name constraints of the CA's certificate",
    "PCA_INVALID_DURATION": (
        f"the CA cannot issue a certificate valid {VALIDITY_DAYS} days: its own certificate ends sooner, "
        "or it is a short-lived certificate CA"
    ),
    "PCA_INVALID_ARGS": "AWS Private CA refused the request (is the key algorithm of the CA's key family?)",
    "PCA_LIMIT_EXCEEDED": "a quota of AWS Private CA was reached (certificates issued); ask AWS for more",
    "PCA_REQUEST_FAILED": "AWS Private CA failed the request; try again later",
    "SLR_NOT_FOUND": "ACM's service-linked role is missing (needed for a CA of another account)",
}


# --- decisions (pure functions) ---------------------------------------------------------------------


def key_family(key_algorithm: str) -> str:
    return "EC" if key_algorithm.startswith("EC") else "RSA"


def normalised_key_algorithm(value: str | None) -> str | None:
    """DescribeCertificate writes RSA-2048 where RequestCertificate takes RSA_2048."""
    return value.replace("-", "_") if value else value


def check_certificate_arn(value: str | None) -> str | None:
    if value is not None and not CERTIFICATE_ARN.fullmatch(value):
        raise InvalidInputError(
            f"certificate_arn {value!r} is not the ARN of an ACM certificate; expected "
            "arn:aws:acm:<region>:<12-digit account id>:certificate/<id>."
        )
    return value


def check_domain_names(domain_name: str | None, alternative_names: list[str] | None) -> None:
    for what, name in [("domain_name", domain_name)] + [
        ("subject_alternative_names", n) for n in alternative_names or []
    ]:
        if name is not None and (len(name) > 253 or not DOMAIN.fullmatch(name)):
            raise InvalidInputError(f"{what}: {name!r} is not a domain name such as host.internal.example.com.")
    if alternative_names is not None and len(set(alternative_names) | {domain_name}) > 100:
        raise InvalidInputError(
            "A certificate has at most 100 domain names (domain_name and subject_alternative_names)."
        )


def check_passphrase(passphrase: str) -> bytes:
    """ExportCertificate's passphrase: 4 to 128 bytes, "any ASCII character except #, $, or %"."""
    encoded = passphrase.encode()
    if not 4 <= len(encoded) <= 128:
        raise InvalidInputError(f"export.passphrase must be 4 to 128 characters long, not {len(encoded)}.")
    bad = sorted({char for char in passphrase if not char.isascii() or char in "#$%"})
    if bad:
        raise InvalidInputError(
            f"export.passphrase may hold any ASCII character except #, $ and %; it holds {len(bad)} that AWS refuses."
        )
    return encoded


def wanted_names(domain_name: str, alternative_names: list[str] | None) -> list[str]:
    """The names of the certificate as DescribeCertificate lists them: the domain name first."""
    return list(dict.fromkeys([domain_name, *(alternative_names or [])]))


def create_only_differences(detail: dict[str, Any], wanted: dict[str, Any]) -> list[str]:
    """Each field that only a new certificate could change, with ACM's value and the task's (given ones only)."""
    current = {
        "domain_name": detail.get("DomainName"),
        "subject_alternative_names": detail.get("SubjectAlternativeNames") or [detail.get("DomainName")],
        "key_algorithm": normalised_key_algorithm(detail.get("KeyAlgorithm")),
        "certificate_authority_arn": detail.get("CertificateAuthorityArn"),
    }
    differences = []
    for field, value in wanted.items():
        if value is None:
            continue
        have = current[field]
        if field == "subject_alternative_names":
            if set(have) == set(value):
                continue
        elif have == value:
            continue
        differences.append(f"{field}: the certificate has {have!r}, the task asks for {value!r}")
    return differences


def one_match(arns: list[str], identity: str) -> str | None:
    if len(arns) > 1:
        raise InvalidInputError(
            f"{len(arns)} certificates match {identity}: {', '.join(arns)}. Give certificate_arn, or a name "
            "(the Name tag) that tells them apart."
        )
    return arns[0] if arns else None


def ca_problem(ca: dict[str, Any], key_algorithm: str | None, now: datetime.datetime) -> str | None:
    """Why ACM could not issue from this CA (DescribeCertificateAuthority's answer), or None."""
    arn = ca.get("Arn")
    if ca.get("Status") != "ACTIVE":
        return f"The CA {arn} is {ca.get('Status')}; ACM issues certificates only from an ACTIVE CA."
    if ca.get("UsageMode", "GENERAL_PURPOSE") != "GENERAL_PURPOSE":
        return (
            f"The CA {arn} is in {ca.get('UsageMode')} mode; ACM cannot issue certificates signed by a "
            "short-lived certificate CA. Use a GENERAL_PURPOSE CA."
        )
    ca_key = (ca.get("CertificateAuthorityConfiguration") or {}).get("KeyAlgorithm", "")
    if key_algorithm and ca_key and key_family(key_algorithm) != key_family(ca_key):
        return (
            f"key_algorithm {key_algorithm} is not of the CA's key family ({ca_key}); ACM requires the same "
            f"family (RSA or EC). Choose {'RSA_2048' if key_family(ca_key) == 'RSA' else 'EC_prime256v1 or EC_secp384r1'}."
        )
    not_after = ca.get("NotAfter")
    if isinstance(not_after, datetime.datetime) and not_after < now + datetime.timedelta(days=VALIDITY_DAYS):
        return (
            f"The CA {arn}'s certificate ends on {not_after.isoformat()}, before the {VALIDITY_DAYS} days of an "
            "ACM private certificate would; renew the CA's certificate first."
        )
    return None


def default_key_algorithm(ca: dict[str, Any]) -> str:
    """RSA_2048 for a CA with an RSA key, EC_prime256v1 for one with an EC key."""
    ca_key = (ca.get("CertificateAuthorityConfiguration") or {}).get("KeyAlgorithm", "RSA_2048")
    return "EC_prime256v1" if key_family(ca_key) == "EC" else "RSA_2048"


def missing_renewal_actions(permissions: list[dict[str, Any]]) -> list[str]:
    granted = {
        action
        for permission in permissions
        if permission.get("Principal") == "acm.amazonaws.com"
        for action in permission.get("Actions", [])
    }
    return sorted(RENEWAL_ACTIONS - granted)


def needs_renewal(not_after: Any, remaining_days: int | None, now: datetime.datetime) -> bool:
    if remaining_days is None or not isinstance(not_after, datetime.datetime):
        return False
    return not_after - now < datetime.timedelta(days=remaining_days)


def failure_message(arn: str, reason: str | None, ca_arn: str | None, renewal: bool = False) -> str:
    what = "renew" if renewal else "issue"
    advice = FAILURE_ADVICE.get(reason or "", "AWS gave no reason that the module knows")
    return f"ACM could not {what} the certificate {arn} from the CA {ca_arn}: {advice} (FailureReason {reason})."


def tag_changes(
    current: dict[str, str], tags: dict[str, str] | None, name: str | None, purge_tags: bool
) -> tuple[dict[str, str], list[str], dict[str, str]]:
    """(tags to set, keys to remove, tags afterwards); ``tags`` None leaves other tags alone."""
    if tags is None and name is None:
        return {}, [], dict(current)
    wanted = dict(tags or {})
    if name is not None:
        wanted["Name"] = name
    to_set, to_remove = compare_aws_tags(current, wanted, purge_tags=purge_tags and tags is not None)
    after = {key: value for key, value in current.items() if key not in to_remove}
    after.update(to_set)
    return to_set, list(to_remove), after


def load_file(path: str | None) -> bytes | None:
    if not path or not os.path.exists(path):
        return None
    with open(path, "rb") as handle:
        return handle.read()


def file_certificate_serial(content: bytes | None) -> int | None:
    try:
        return x509.load_pem_x509_certificate(content).serial_number if content else None
    except ValueError:
        return None


def key_matches(content: bytes | None, passphrase: bytes | None, certificate_pem: str) -> bool:
    """Whether the key file holds the private key of the certificate (decrypted with the passphrase if encrypted)."""
    if not content:
        return False
    password = passphrase if b"ENCRYPTED" in content else None
    try:
        key = serialization.load_pem_private_key(content, password)
    except (ValueError, TypeError):
        return False
    certificate = x509.load_pem_x509_certificate(certificate_pem.encode())
    der = serialization.Encoding.DER
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    return key.public_key().public_bytes(der, spki) == certificate.public_key().public_bytes(der, spki)


def same_pem(content: bytes | None, pem: str) -> bool:
    return content is not None and content.decode(errors="replace").strip() == pem.strip()


def key_file_content(exported_key: str, passphrase: bytes, encrypted: bool) -> bytes:
    """The key as ACM exports it (encrypted PKCS #8), or decrypted when the task asks for a plain key."""
    if encrypted:
        return exported_key.encode()
    key = serialization.load_pem_private_key(exported_key.encode(), passphrase)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def certificate_result(
    detail: dict[str, Any] | None, tags: dict[str, str], pem: str | None = None, chain: str | None = None
) -> dict[str, Any]:
    """What the module returns about a certificate (never its key)."""
    if not detail:
        return {"certificate_arn": None, "status": None, "tags": {}}
    return {
        "certificate_arn": detail.get("CertificateArn"),
        "status": detail.get("Status"),
        "domain_name": detail.get("DomainName"),
        "subject_alternative_names": detail.get("SubjectAlternativeNames", []),
        "key_algorithm": normalised_key_algorithm(detail.get("KeyAlgorithm")),
        "certificate_authority_arn": detail.get("CertificateAuthorityArn"),
        "serial": detail.get("Serial"),
        "not_before": normalize_boto3_result(detail.get("NotBefore")),
        "not_after": normalize_boto3_result(detail.get("NotAfter")),
        "renewal_eligibility": detail.get("RenewalEligibility"),
        "in_use_by": detail.get("InUseBy", []),
        "tags": tags,
        "certificate": pem,
        "certificate_chain": chain,
    }


def diff_view(result: dict[str, Any], files: dict[str, str]) -> dict[str, Any]:
    view = {
        key: result.get(key)
        for key in (
            "certificate_arn",
            "status",
            "domain_name",
            "subject_alternative_names",
            "key_algorithm",
            "certificate_authority_arn",
            "serial",
            "tags",
        )
        if result.get(key) is not None
    }
    if files:
        view["files"] = files
    return view


# --- the task -------------------------------------------------------------------------------------


class PrivateCertificate:
    """Brings one ACM private certificate (and its exported files) to the state the task asks for.

    ``acm`` and ``pca`` are call wrappers (call/paginate) for ACM and ACM PCA; ``files`` writes files with the
    module's atomic moves and file attributes (see the module); ``warn`` is ansible-core's warn().
    """

    def __init__(self, acm, pca, params: dict[str, Any], files, warn, check_mode: bool) -> None:
        self.acm = acm
        self.pca = pca
        self.params = params
        self.files = files
        self.warn = warn
        self.check_mode = check_mode
        self.changed = False
        self.now = datetime.datetime.now(datetime.timezone.utc)

    # reads
    def describe(self, arn: str) -> dict[str, Any]:
        return self.acm.call("DescribeCertificate", f"the certificate {arn}", CertificateArn=arn)["Certificate"]

    def tags_of(self, arn: str) -> dict[str, str]:
        answer = self.acm.call("ListTagsForCertificate", f"the certificate {arn}", CertificateArn=arn)
        return boto3_tag_list_to_ansible_dict(answer.get("Tags", []))

    def find(self) -> tuple[dict[str, Any] | None, dict[str, str]]:
        """The task's certificate and its tags: by certificate_arn, or by CA, domain name and Name tag."""
        params = self.params
        if params["certificate_arn"]:
            try:
                detail = self.acm.call(
                    "DescribeCertificate",
                    f"the certificate {params['certificate_arn']}",
                    expected=("ResourceNotFoundException",),
                    CertificateArn=params["certificate_arn"],
                )["Certificate"]
            except botocore.exceptions.ClientError:
                return None, {}
            return detail, self.tags_of(detail["CertificateArn"])
        summaries = self.acm.paginate(
            "ListCertificates",
            "the account's certificates",
            "CertificateSummaryList",
            CertificateStatuses=list(LIVE_STATUSES),
            Includes={"keyTypes": list(ALL_KEY_TYPES)},
        )
        candidates = [
            summary["CertificateArn"]
            for summary in summaries
            if summary.get("DomainName") == params["domain_name"] and summary.get("Type", "PRIVATE") == "PRIVATE"
        ]
        found = []
        for arn in candidates:
            detail = self.describe(arn)
            if detail.get("CertificateAuthorityArn") != params["certificate_authority_arn"]:
                continue
            tags = self.tags_of(arn) if params["name"] is not None else None
            if params["name"] is not None and tags.get("Name") != params["name"]:
                continue
            found.append((detail, tags))
        identity = f"the CA {params['certificate_authority_arn']} and domain name {params['domain_name']!r}"
        if params["name"] is not None:
            identity += f" and Name tag {params['name']!r}"
        arn = one_match([detail["CertificateArn"] for detail, _tags in found], identity)
        if arn is None:
            return None, {}
        detail, tags = found[0]
        return detail, tags if tags is not None else self.tags_of(arn)

    def certificate_pem(self, arn: str) -> tuple[str, str]:
        answer = self.acm.call("GetCertificate", f"the certificate {arn}", CertificateArn=arn)
        return answer["Certificate"], answer.get("CertificateChain", "")

    def wait(self, arn: str, name: str, what: str) -> dict[str, Any]:
        """The certificate once waiter ``name`` is done (the layer's waiter), within wait_timeout."""
        timeout = self.params["wait_timeout"]
        answer = waiter.wait(
            self.acm,
            name,
            f"the certificate {arn}",
            timeout=timeout,
            timed_out=lambda last: (
                f"The certificate {arn} is still {what} after wait_timeout={timeout} s "
                f"(status {((last or {}).get('Certificate') or {}).get('Status')}); rerun the task later, "
                "or raise wait_timeout."
            ),
            CertificateArn=arn,
        )
        return answer["Certificate"]

    # checks before a request
    def check_ca(self, key_algorithm: str | None) -> dict[str, Any]:
        ca_arn = self.params["certificate_authority_arn"]
        ca = self.pca.call("DescribeCertificateAuthority", f"the CA {ca_arn}", CertificateAuthorityArn=ca_arn)[
            "CertificateAuthority"
        ]
        problem = ca_problem(ca, key_algorithm, self.now)
        if problem:
            raise InvalidInputError(problem)
        try:
            permissions = list(
                self.pca.paginate(
                    "ListPermissions",
                    f"the CA {ca_arn}",
                    "Permissions",
                    expected=("AccessDeniedException",),
                    CertificateAuthorityArn=ca_arn,
                )
            )
        except botocore.exceptions.ClientError:
            return ca  # a CA shared from another account, or credentials that may not list permissions
        missing = missing_renewal_actions(permissions)
        if missing:
            self.warn(
                f"The CA {ca_arn} does not let ACM ({', '.join(missing)} missing for acm.amazonaws.com), so ACM "
                "cannot renew this certificate; grant it with privateca.aws.acmpca_permission."
            )
        return ca

    # the states
    def absent(self) -> dict[str, Any]:
        detail, tags = self.find()
        if detail is None:
            return {"changed": False, **certificate_result(None, {}), "diff": {"before": {}, "after": {}}}
        arn = detail["CertificateArn"]
        if detail.get("InUseBy"):
            raise InvalidInputError(
                f"The certificate {arn} is in use by {', '.join(detail['InUseBy'])}; remove it from them first "
                "(ACM refuses to delete a certificate in use)."
            )
        if not self.check_mode:
            self.acm.call("DeleteCertificate", f"the certificate {arn}", CertificateArn=arn)
        before = certificate_result(detail, tags)
        return {
            "changed": True,
            **certificate_result(None, {}),
            "diff": {"before": diff_view(before, {}), "after": {}},
        }

    def present(self) -> dict[str, Any]:
        params = self.params
        detail, tags = self.find()
        before_files = self.file_states(None)
        before = certificate_result(detail, tags) if detail else {}
        wanted = {
            "domain_name": params["domain_name"],
            "subject_alternative_names": (
                wanted_names(params["domain_name"], params["subject_alternative_names"])
                if params["subject_alternative_names"] is not None and params["domain_name"]
                else None
            ),
            "key_algorithm": params["key_algorithm"],
            "certificate_authority_arn": params["certificate_authority_arn"],
        }
        if detail is None:
            if params["certificate_arn"]:
                raise InvalidInputError(
                    f"The certificate {params['certificate_arn']} does not exist; to request a new one, leave out "
                    "certificate_arn and give certificate_authority_arn and domain_name."
                )
            detail, tags = self.request()
            if detail is None:  # check mode
                planned = {
                    "certificate_arn": None,
                    "status": "PENDING_VALIDATION",
                    "domain_name": params["domain_name"],
                    "subject_alternative_names": wanted_names(
                        params["domain_name"], params["subject_alternative_names"]
                    ),
                    "key_algorithm": params["key_algorithm"],
                    "certificate_authority_arn": params["certificate_authority_arn"],
                    "tags": tags,
                }
                files = {path: "written" for path in self.export_paths()}
                return {
                    "changed": True,
                    **certificate_result(None, tags),
                    **{key: value for key, value in planned.items() if value is not None},
                    "diff": {"before": {}, "after": diff_view(planned, files)},
                }
        else:
            differences = create_only_differences(detail, wanted)
            if differences:
                raise InvalidInputError(
                    f"The certificate {detail['CertificateArn']} differs in what ACM cannot change: "
                    f"{'; '.join(differences)}. Delete it (state: absent) or address another certificate; "
                    "the module never replaces one."
                )
            tags = self.ensure_tags(detail["CertificateArn"], tags)
        arn = detail["CertificateArn"]
        if detail["Status"] == "PENDING_VALIDATION" and params["wait"]:
            detail = self.wait(arn, "PrivateCertificateIssued", "being issued")
        if detail["Status"] == "FAILED":
            raise InvalidInputError(
                failure_message(arn, detail.get("FailureReason"), detail.get("CertificateAuthorityArn"))
            )
        pem = chain = None
        if detail["Status"] == "ISSUED":
            detail = self.renew_if_due(detail)
            pem, chain = self.certificate_pem(arn)
            if self.export_paths() and self.export(arn, pem, chain):
                detail = self.describe(arn)  # exported: eligible for renewal now
        elif self.export_paths():
            raise InvalidInputError(
                f"The certificate {arn} is {detail['Status']}, so it cannot be exported yet; set wait: true."
            )
        result = certificate_result(detail, tags, pem, chain)
        after_files = self.file_states(pem)
        return {
            "changed": self.changed,
            **result,
            "diff": {"before": diff_view(before, before_files), "after": diff_view(result, after_files)},
        }

    def request(self) -> tuple[dict[str, Any] | None, dict[str, str]]:
        params = self.params
        ca = self.check_ca(params["key_algorithm"])
        key_algorithm = params["key_algorithm"] or default_key_algorithm(ca)
        _to_set, _to_remove, tags = tag_changes({}, params["tags"], params["name"], params["purge_tags"])
        self.changed = True
        if self.check_mode:
            params["key_algorithm"] = key_algorithm
            return None, tags
        request = {
            "DomainName": params["domain_name"],
            "CertificateAuthorityArn": params["certificate_authority_arn"],
            "KeyAlgorithm": key_algorithm,
            # One token per task: a request that a retry sends again is one certificate.
            "IdempotencyToken": uuid.uuid4().hex,
        }
        if params["subject_alternative_names"]:
            request["SubjectAlternativeNames"] = wanted_names(
                params["domain_name"], params["subject_alternative_names"]
            )
        if tags:
            request["Tags"] = ansible_dict_to_boto3_tag_list(tags)
        arn = self.acm.call("RequestCertificate", f"a certificate for {params['domain_name']}", **request)[
            "CertificateArn"
        ]
        return self.describe(arn), tags

    def ensure_tags(self, arn: str, current: dict[str, str]) -> dict[str, str]:
        params = self.params
        to_set, to_remove, after = tag_changes(current, params["tags"], params["name"], params["purge_tags"])
        if not to_set and not to_remove:
            return current
        self.changed = True
        if not self.check_mode:
            if to_remove:
                self.acm.call(
                    "RemoveTagsFromCertificate",
                    f"the certificate {arn}",
                    CertificateArn=arn,
                    Tags=[{"Key": key} for key in to_remove],
                )
            if to_set:
                self.acm.call(
                    "AddTagsToCertificate",
                    f"the certificate {arn}",
                    CertificateArn=arn,
                    Tags=ansible_dict_to_boto3_tag_list(to_set),
                )
        return after

    def renew_if_due(self, detail: dict[str, Any]) -> dict[str, Any]:
        arn = detail["CertificateArn"]
        if not needs_renewal(detail.get("NotAfter"), self.params["remaining_days"], self.now):
            return detail
        summary = detail.get("RenewalSummary") or {}
        if summary.get("RenewalStatus") != "PENDING_AUTO_RENEWAL":
            exported_now = self.export_paths() and detail.get("RenewalEligibility") != "ELIGIBLE"
            if detail.get("RenewalEligibility") != "ELIGIBLE" and not exported_now:
                raise InvalidInputError(
                    f"The certificate {arn} has {self.params['remaining_days']} days or fewer left but cannot be "
                    "renewed: ACM renews only private certificates that were exported or are in use. Set export."
                )
            self.changed = True
            if self.check_mode:
                return detail
            if exported_now:
                # "You can only renew certificates that have been previously exported."
                pem, chain = self.certificate_pem(arn)
                self.export(arn, pem, chain)
            self.acm.call("RenewCertificate", f"the certificate {arn}", CertificateArn=arn)
        if not self.params["wait"]:
            return self.describe(arn)
        renewed = self.wait(arn, "PrivateCertificateRenewed", "being renewed")
        summary = renewed.get("RenewalSummary") or {}
        if summary.get("RenewalStatus") == "FAILED":
            raise InvalidInputError(
                failure_message(arn, summary.get("RenewalStatusReason"), renewed.get("CertificateAuthorityArn"), True)
            )
        return renewed

    # files
    def export_paths(self) -> list[str]:
        export = self.params["export"] or {}
        return [export[key] for key in ("certificate_path", "chain_path", "private_key_path") if export.get(key)]

    def file_states(self, pem: str | None) -> dict[str, str]:
        """What diff mode shows of each file: the serial of the certificate in it, or whether it exists."""
        export = self.params["export"] or {}
        states = {}
        for key in ("certificate_path", "chain_path", "private_key_path"):
            path = export.get(key)
            if not path:
                continue
            content = load_file(path)
            if content is None:
                states[path] = "absent"
            elif key == "certificate_path":
                serial = file_certificate_serial(content)
                states[path] = f"serial {serial:x}" if serial is not None else "not a certificate"
            else:
                states[path] = "present"
        return states

    def export(self, arn: str, pem: str, chain: str) -> bool:
        """Write the files that do not hold what ACM holds; ExportCertificate only when the key file needs it.

        True when ExportCertificate was sent.
        """
        export = self.params["export"]
        passphrase = check_passphrase(export["passphrase"]) if export.get("passphrase") else None
        key_path = export.get("private_key_path")
        certificate_path, chain_path = export.get("certificate_path"), export.get("chain_path")
        key_content = load_file(key_path)
        writes: dict[str, tuple[bytes, bool]] = {}
        if key_path and not key_matches(key_content, passphrase, pem):
            writes[key_path] = (b"", True)  # filled from ExportCertificate below
        elif key_path and key_content is not None:
            encrypted = b"ENCRYPTED" in key_content
            if encrypted != export["private_key_encrypted"]:
                writes[key_path] = (b"", True)
        if certificate_path and not same_pem(load_file(certificate_path), pem):
            writes[certificate_path] = (pem.encode(), False)
        if chain_path and not same_pem(load_file(chain_path), chain):
            writes[chain_path] = (chain.encode(), False)
        if writes:
            self.changed = True
        exporting = not self.check_mode and any(needs_export for _content, needs_export in writes.values())
        if exporting:
            exported = self.acm.call(
                "ExportCertificate", f"the certificate {arn}", CertificateArn=arn, Passphrase=passphrase
            )
            content = key_file_content(exported["PrivateKey"], passphrase, export["private_key_encrypted"])
            writes[key_path] = (content, False)
            # The key goes with the certificate exported with it (a renewal may have happened meanwhile).
            if certificate_path:
                writes[certificate_path] = (exported["Certificate"].encode(), False)
            if chain_path and exported.get("CertificateChain"):
                writes[chain_path] = (exported["CertificateChain"].encode(), False)
        for path in (certificate_path, chain_path, key_path):
            if not path:
                continue
            if path in writes and not self.check_mode:
                self.files.write(path, writes[path][0], private=path == key_path)
            if os.path.exists(path) and self.files.attributes(path, private=path == key_path):
                self.changed = True
        return exporting


class FileWriter:
    """Writes files atomically with the module's tools, and applies mode, owner and group."""

    def __init__(self, module, export: dict[str, Any]) -> None:
        self.module = module
        self.export = export

    def write(self, path: str, content: bytes, private: bool) -> None:
        directory = os.path.dirname(os.path.abspath(path))
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".ansible_tmp_")
        try:
            os.chmod(temporary, 0o600)
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
            self.module.atomic_move(temporary, os.path.abspath(path))
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        self.attributes(path, private)

    def attributes(self, path: str, private: bool) -> bool:
        """Apply mode/owner/group; the key file is 0600 whatever mode says. True when something changed."""
        arguments = self.module.load_file_common_arguments(
            {
                "path": path,
                "mode": "0600" if private else self.export.get("mode") or "0644",
                "owner": self.export.get("owner"),
                "group": self.export.get("group"),
            }
        )
        return self.module.set_fs_attributes_if_different(arguments, False)
