# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A private CA's settings as the modules' options and as the ACM PCA API spell them, and how to compare them.

Private to this collection: the names here may change without notice.

Pure functions only (no requests), so that every rule can be unit tested on its own.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.botocore import normalize_boto3_result

from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import InvalidInputError

NAME_TAG = "Name"

STATUSES = ("CREATING", "PENDING_CERTIFICATE", "ACTIVE", "DELETED", "DISABLED", "EXPIRED", "FAILED")
KEY_ALGORITHMS = (
    "RSA_2048",
    "RSA_3072",
    "RSA_4096",
    "EC_prime256v1",
    "EC_secp384r1",
    "EC_secp521r1",
    "ML_DSA_44",
    "ML_DSA_65",
    "ML_DSA_87",
    "SM2",
)
SIGNING_ALGORITHMS = (
    "SHA256WITHECDSA",
    "SHA384WITHECDSA",
    "SHA512WITHECDSA",
    "SHA256WITHRSA",
    "SHA384WITHRSA",
    "SHA512WITHRSA",
    "SHA256WITHRSA_PSS",
    "SHA384WITHRSA_PSS",
    "SHA512WITHRSA_PSS",
    "SM3WITHSM2",
    "ML_DSA_44",
    "ML_DSA_65",
    "ML_DSA_87",
)
KEY_STORAGE_SECURITY_STANDARDS = (
    "FIPS_140_2_LEVEL_2_OR_HIGHER",
    "FIPS_140_2_LEVEL_3_OR_HIGHER",
    "CCPC_LEVEL_1_OR_HIGHER",
)
USAGE_MODES = ("GENERAL_PURPOSE", "SHORT_LIVED_CERTIFICATE")
CA_TYPES = ("ROOT", "SUBORDINATE")
S3_OBJECT_ACLS = ("PUBLIC_READ", "BUCKET_OWNER_FULL_CONTROL")
CRL_TYPES = ("COMPLETE", "PARTITIONED")
ACCESS_METHOD_TYPES = ("CA_REPOSITORY", "RESOURCE_PKI_MANIFEST", "RESOURCE_PKI_NOTIFY")

# What a CA gets at creation when the option is not given.
DEFAULT_TYPE = "SUBORDINATE"
DEFAULT_KEY_ALGORITHM = "RSA_2048"

SUBJECT_FIELDS = (
    "country",
    "organization",
    "organizational_unit",
    "distinguished_name_qualifier",
    "state",
    "common_name",
    "serial_number",
    "locality",
    "title",
    "surname",
    "given_name",
    "initials",
    "pseudonym",
    "generation_qualifier",
)
KEY_USAGE_FIELDS = (
    "digital_signature",
    "non_repudiation",
    "key_encipherment",
    "data_encipherment",
    "key_agreement",
    "key_cert_sign",
    "crl_sign",
    "encipher_only",
    "decipher_only",
)
GENERAL_NAME_FIELDS = (
    "other_name",
    "rfc822_name",
    "dns_name",
    "directory_name",
    "edi_party_name",
    "uniform_resource_identifier",
    "ip_address",
    "registered_id",
)

# The API's names that plain capitalisation of the option's name does not give.
_IRREGULAR_API_NAMES = {"crl_sign": "CRLSign"}

# AWS fills these in when a CRL is enabled without them; the comparison must do the same, or a rerun
# would see a difference that is only AWS echoing its defaults.
_CRL_DEFAULTS = {
    "S3ObjectAcl": "PUBLIC_READ",
    "CrlType": "COMPLETE",
    "CrlDistributionPointExtensionConfiguration": {"OmitExtension": False},
}
# AWS picks a validity for the CRL when none is given; an omitted expiration_in_days means "keep what AWS has".
_CRL_KEPT_WHEN_OMITTED = ("ExpirationInDays",)

# Fields that AWS cannot change once the CA exists: (option, where the description has them, what is compared).
CREATE_ONLY_FIELDS = (
    "type",
    "key_algorithm",
    "signing_algorithm",
    "subject",
    "csr_extensions",
    "key_storage_security_standard",
    "usage_mode",
)


def api_name(option: str) -> str:
    """The API's member name for a snake_case option name (``s3_bucket_name`` -> ``S3BucketName``)."""
    return _IRREGULAR_API_NAMES.get(option) or "".join(part[:1].upper() + part[1:] for part in option.split("_"))


def to_api(value: Any) -> Any:
    """Options (snake_case, None for omitted) to API parameters (CamelCase, omitted left out)."""
    if isinstance(value, dict):
        return {api_name(key): to_api(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [to_api(item) for item in value]
    return value


def to_options(value: Any) -> Any:
    """API data to the modules' snake_case names (tag dictionaries are not passed through here)."""
    return camel_dict_to_snake_dict(value) if isinstance(value, dict) else value


def default_signing_algorithm(key_algorithm: str) -> str:
    """SHA-256 with the key's family; ML-DSA and SM2 keys have one signing algorithm each."""
    if key_algorithm.startswith("RSA_"):
        return "SHA256WITHRSA"
    if key_algorithm.startswith("EC_"):
        return "SHA256WITHECDSA"
    if key_algorithm == "SM2":
        return "SM3WITHSM2"
    return key_algorithm  # ML_DSA_44 signs with ML_DSA_44, and so on.


def signing_fits_key(key_algorithm: str, signing_algorithm: str) -> bool:
    if key_algorithm.startswith("RSA_"):
        return signing_algorithm.endswith(("WITHRSA", "WITHRSA_PSS"))
    if key_algorithm.startswith("EC_"):
        return signing_algorithm.endswith("WITHECDSA")
    return signing_algorithm == default_signing_algorithm(key_algorithm)


# Tag key prefixes AWS keeps for itself (Private CA user guide, Adding tags to your private CA).
RESERVED_TAG_PREFIXES = ("aws:", "rds:")


def is_reserved_tag_key(key: str) -> bool:
    return key.lower().startswith(RESERVED_TAG_PREFIXES)


def signing_mismatch(signing: str, key: str, where: str) -> str:
    """The message for a signing algorithm that does not fit a key algorithm (where: whose key it is)."""
    return (
        f"signing_algorithm {signing} does not fit {where} {key}: a key of that algorithm signs with "
        f"{default_signing_algorithm(key)} or another algorithm of its family ({', '.join(signing_family(key))})."
    )


def signing_family(key_algorithm: str) -> list[str]:
    return [algorithm for algorithm in SIGNING_ALGORITHMS if signing_fits_key(key_algorithm, algorithm)]


def check_options(params: dict[str, Any]) -> None:
    """Checks that need no request; raise InvalidInputError with what is wrong and what is expected."""
    if not params.get("certificate_authority_arn") and not params.get("name"):
        raise InvalidInputError(
            "Give certificate_authority_arn or name: without either there is no way to tell which CA is meant."
        )
    name = params.get("name")
    if name is not None and not (1 <= len(name) <= 256):
        raise InvalidInputError(f"name must have 1 to 256 characters (it becomes the CA's Name tag), got {len(name)}.")
    key, signing = params.get("key_algorithm"), params.get("signing_algorithm")
    if key and signing and not signing_fits_key(key, signing):
        raise InvalidInputError(signing_mismatch(signing, key, "key_algorithm"))
    subject = params.get("subject")
    if subject is not None and not _subject(to_api(subject)):
        raise InvalidInputError(
            "subject is empty; give at least one field of the CA's name, for example "
            "subject: {common_name: Example Issuing CA, organization: Example Corp}."
        )
    reserved = sorted(str(key) for key in (params.get("tags") or {}) if is_reserved_tag_key(str(key)))
    if reserved:
        raise InvalidInputError(
            f"tags has the key(s) {', '.join(reserved)}, and keys that begin with {' or '.join(RESERVED_TAG_PREFIXES)} "
            "are reserved for AWS (no one else can add, change or remove them); choose other keys."
        )
    days = params.get("permanent_deletion_time_in_days")
    if days is not None and not 7 <= days <= 30:
        raise InvalidInputError(f"permanent_deletion_time_in_days must be between 7 and 30, got {days}.")
    tags = params.get("tags") or {}
    if NAME_TAG in tags and name is not None and tags[NAME_TAG] != name:
        raise InvalidInputError(
            f"tags has a {NAME_TAG} tag {tags[NAME_TAG]!r} that differs from name {name!r}; the Name tag is the name, "
            "set it with name only."
        )
    for access in ((params.get("csr_extensions") or {}).get("subject_information_access")) or []:
        location = access["access_location"]
        given = [field for field in GENERAL_NAME_FIELDS if location.get(field) is not None]
        if len(given) != 1:
            raise InvalidInputError(
                "Each access_location of csr_extensions.subject_information_access needs exactly one of "
                f"{', '.join(GENERAL_NAME_FIELDS)}; got {', '.join(given) or 'none'}."
            )
        directory = location.get("directory_name")
        if directory is not None:
            unknown = sorted(set(directory) - set(SUBJECT_FIELDS) - {"custom_attributes"})
            if unknown:
                raise InvalidInputError(
                    f"access_location.directory_name has unknown fields {', '.join(unknown)}; it takes the "
                    f"fields of subject: {', '.join(SUBJECT_FIELDS)}, custom_attributes."
                )
        method = access["access_method"]
        if (method.get("access_method_type") is None) == (method.get("custom_object_identifier") is None):
            raise InvalidInputError(
                "Each access_method of csr_extensions.subject_information_access needs exactly one of "
                "access_method_type and custom_object_identifier."
            )


# ---- create-only fields ------------------------------------------------------------------------------


def _subject(subject: dict[str, Any] | None) -> dict[str, Any]:
    """An ASN1Subject without empty values, so that AWS leaving out an empty field is no difference."""
    return {key: value for key, value in (subject or {}).items() if value not in (None, "", [])}


def _csr_extensions(extensions: dict[str, Any] | None) -> dict[str, Any]:
    """CsrExtensions with the key usages that are off left out (AWS may echo them as false or not at all)."""
    extensions = extensions or {}
    key_usage = {name: True for name, on in (extensions.get("KeyUsage") or {}).items() if on}
    normalised: dict[str, Any] = {}
    if key_usage:
        normalised["KeyUsage"] = key_usage
    if extensions.get("SubjectInformationAccess"):
        normalised["SubjectInformationAccess"] = extensions["SubjectInformationAccess"]
    return normalised


def current_create_only(description: dict[str, Any]) -> dict[str, Any]:
    """The create-only fields of a DescribeCertificateAuthority answer, in the API's spelling."""
    configuration = description.get("CertificateAuthorityConfiguration") or {}
    return {
        "type": description.get("Type"),
        "key_algorithm": configuration.get("KeyAlgorithm"),
        "signing_algorithm": configuration.get("SigningAlgorithm"),
        "subject": _subject(configuration.get("Subject")),
        "csr_extensions": _csr_extensions(configuration.get("CsrExtensions")),
        "key_storage_security_standard": description.get("KeyStorageSecurityStandard"),
        "usage_mode": description.get("UsageMode"),
    }


def desired_create_only(params: dict[str, Any]) -> dict[str, Any]:
    """The create-only fields the user gave, in the API's spelling; omitted ones are left out ("don't care").

    subject and csr_extensions are compared whole when given: they are the CA's identity in its CSR, so a
    field that AWS has and the task does not name is a difference, not something to ignore.
    """
    desired: dict[str, Any] = {}
    for field in CREATE_ONLY_FIELDS:
        value = params.get(field)
        if value is None:
            continue
        if field == "subject":
            value = _subject(to_api(value))
        elif field == "csr_extensions":
            value = _csr_extensions(to_api(value))
        desired[field] = value
    return desired


def create_only_differences(params: dict[str, Any], description: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(option, what AWS has, what the task asks for) for each create-only field that differs."""
    current = current_create_only(description)
    return [
        (field, current[field], wanted)
        for field, wanted in desired_create_only(params).items()
        if current[field] != wanted
    ]


def describe_differences(arn: str, differences: list[tuple[str, Any, Any]]) -> str:
    lines = "; ".join(
        f"{field}: AWS has {json.dumps(have, sort_keys=True)}, the task asks for {json.dumps(want, sort_keys=True)}"
        for field, have, want in differences
    )
    return (
        f"The CA {arn} differs from the task in settings that AWS cannot change once a CA exists ({lines}). "
        "Nothing was changed: replacing the CA would destroy its private key and everything it signed. "
        "Put these options back to the CA's values (or leave them out), or create a new CA under another name."
    )


# ---- revocation configuration ------------------------------------------------------------------------


def _crl(crl: dict[str, Any] | None, keep_from: dict[str, Any] | None = None) -> dict[str, Any]:
    if not crl or not crl.get("Enabled"):
        return {"Enabled": False}
    normalised = {**_CRL_DEFAULTS, **{key: value for key, value in crl.items() if value not in (None, "")}}
    for key in _CRL_KEPT_WHEN_OMITTED:
        if key not in normalised and keep_from and keep_from.get("Enabled") and key in keep_from:
            normalised[key] = keep_from[key]
    return normalised


def _ocsp(ocsp: dict[str, Any] | None) -> dict[str, Any]:
    if not ocsp or not ocsp.get("Enabled"):
        return {"Enabled": False}
    return {key: value for key, value in ocsp.items() if value not in (None, "")}


def current_revocation(description: dict[str, Any]) -> dict[str, Any]:
    revocation = description.get("RevocationConfiguration") or {}
    return {
        "CrlConfiguration": _crl(revocation.get("CrlConfiguration")),
        "OcspConfiguration": _ocsp(revocation.get("OcspConfiguration")),
    }


def desired_revocation(
    option: dict[str, Any] | None, description: dict[str, Any] | None = None
) -> dict[str, Any] | None:
    """The revocation configuration the task asks for, normalised as current_revocation does; None = don't care.

    Within revocation_configuration an omitted crl_configuration or ocsp_configuration means "disabled":
    UpdateCertificateAuthority replaces the whole configuration, so that is what AWS would end up with.
    """
    if option is None:
        return None
    wanted = to_api(option)
    current_crl = ((description or {}).get("RevocationConfiguration") or {}).get("CrlConfiguration")
    return {
        "CrlConfiguration": _crl(wanted.get("CrlConfiguration"), keep_from=current_crl),
        "OcspConfiguration": _ocsp(wanted.get("OcspConfiguration")),
    }


def revocation_request(option: dict[str, Any], description: dict[str, Any] | None = None) -> dict[str, Any]:
    """The RevocationConfiguration to send: what the task gives, not AWS's defaults (AWS applies those itself).

    An omitted part is sent disabled, and an omitted expiration_in_days keeps the CA's current value.
    """
    wanted = to_api(option)
    crl = wanted.get("CrlConfiguration") or {"Enabled": False}
    current_crl = ((description or {}).get("RevocationConfiguration") or {}).get("CrlConfiguration") or {}
    keep_expiration = current_crl.get("Enabled") and "ExpirationInDays" in current_crl
    if crl.get("Enabled") and "ExpirationInDays" not in crl and keep_expiration:
        crl = {**crl, "ExpirationInDays": current_crl["ExpirationInDays"]}
    return {"CrlConfiguration": crl, "OcspConfiguration": wanted.get("OcspConfiguration") or {"Enabled": False}}


# ---- tags -----------------------------------------------------------------------------------------------


def desired_tags(
    name: str | None, tags: dict[str, str] | None, purge_tags: bool, current: dict[str, str]
) -> tuple[dict[str, str], bool]:
    """The tags to compare with, and whether to purge others: the Name tag follows name and is never purged."""
    # AWS keeps strings; a YAML number (version: 2) must compare equal to the "2" it comes back as.
    wanted = {str(key): str(value) for key, value in (tags or {}).items()}
    if name is not None:
        wanted[NAME_TAG] = name
    elif NAME_TAG in current and NAME_TAG not in wanted:
        wanted[NAME_TAG] = current[NAME_TAG]
    return wanted, purge_tags and tags is not None


# ---- check mode placeholders ------------------------------------------------------------------------------

# What check mode returns for what AWS would assign (documented in each module's RETURN): a CA that would be
# created has an ARN with the account and CA id in zeros, and a CSR that is a text, not PEM; a certificate
# that would be issued is a text too. The modules that take a CA ARN or a certificate recognise these in check
# mode, so that a playbook whose later tasks use what an earlier task would create runs under --check.
CHECK_MODE_ACCOUNT = "000000000000"
CHECK_MODE_CA_ID = "00000000-0000-0000-0000-000000000000"
CHECK_MODE_CSR = "(check mode: AWS makes the CSR when it creates the CA)"
CHECK_MODE_CERTIFICATE = "(check mode: AWS issues the certificate on a run without --check)"
CHECK_MODE_SERIAL = "00"


def check_mode_arn(region: str | None) -> str:
    region = region or "us-east-1"
    partition = "aws-cn" if region.startswith("cn-") else "aws-us-gov" if region.startswith("us-gov-") else "aws"
    return f"arn:{partition}:acm-pca:{region}:{CHECK_MODE_ACCOUNT}:certificate-authority/{CHECK_MODE_CA_ID}"


def is_check_mode_arn(arn: str | None) -> bool:
    """Whether arn is the ARN check mode returns for a CA that an earlier task would have created."""
    return bool(arn) and arn.endswith(f":{CHECK_MODE_ACCOUNT}:certificate-authority/{CHECK_MODE_CA_ID}")


def is_check_mode_placeholder(text: str | None) -> bool:
    return text in (CHECK_MODE_CSR, CHECK_MODE_CERTIFICATE)


# ---- idempotency token, results ------------------------------------------------------------------------


def idempotency_token(create_params: dict[str, Any]) -> str:
    """A token that is the same for the same request, so that a retried create makes no second CA.

    AWS honours a token for five minutes; a later run with the same content finds the CA by its name anyway.
    """
    digest = hashlib.sha256(json.dumps(create_params, sort_keys=True, default=str).encode()).hexdigest()
    return digest[:32]


def restorable(description: dict[str, Any], now: datetime.datetime) -> bool:
    """Whether a DELETED CA can still be restored at ``now`` (timezone-aware)."""
    until = description.get("RestorableUntil")
    if isinstance(until, str):
        until = datetime.datetime.fromisoformat(until)
    return description.get("Status") == "DELETED" and until is not None and until > now


def ca_result(
    description: dict[str, Any],
    tags: dict[str, str] | None,
    csr: str | None = None,
    certificate: str | None = None,
    certificate_chain: str | None = None,
) -> dict[str, Any]:
    """What both CA modules return for one CA: the description in snake_case, tags as given, and extras."""
    result = to_options(normalize_boto3_result(description))
    result["tags"] = dict(tags or {})
    result["name"] = (tags or {}).get(NAME_TAG)
    if csr is not None:
        result["csr"] = csr
    if certificate is not None:
        result["certificate"] = certificate
    if certificate_chain is not None:
        result["certificate_chain"] = certificate_chain
    return result


def diff_view(description: dict[str, Any] | None, tags: dict[str, str] | None) -> dict[str, Any]:
    """What diff mode shows of a CA: its identity (type, key, subject) and what can change in place.

    {} for a CA that does not exist. A DELETED CA shows its status, so that a restore's diff tells
    DELETED -> DISABLED (or PENDING_CERTIFICATE) apart from a creation.
    """
    if not description:
        return {}
    configuration = description.get("CertificateAuthorityConfiguration") or {}
    view = {
        "status": description.get("Status"),
        "type": description.get("Type"),
        "key_algorithm": configuration.get("KeyAlgorithm"),
        "signing_algorithm": configuration.get("SigningAlgorithm"),
        "subject": to_options(_subject(configuration.get("Subject"))),
        "revocation_configuration": to_options(current_revocation(description)),
        "tags": dict(tags or {}),
    }
    if description.get("Status") == "DELETED" and description.get("RestorableUntil") is not None:
        view["restorable_until"] = normalize_boto3_result(description["RestorableUntil"])
    return view
