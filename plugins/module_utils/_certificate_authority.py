# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What privateca.aws.acmpca_certificate_authority does: find the CA, decide, and make only the calls needed.

Private to this collection: the names here may change without notice.

The decisions (``plan_*``) are separate from the calls, so that the rules for each status and desired
state can be tested without AWS. Every request goes through AwsApi, which records it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags

from ansible_collections.privateca.aws.plugins.module_utils import _ca_model as model
from ansible_collections.privateca.aws.plugins.module_utils._after_write import WriteLog
from ansible_collections.privateca.aws.plugins.module_utils._after_write import add_note
from ansible_collections.privateca.aws.plugins.module_utils._aws import waiter
from ansible_collections.privateca.aws.plugins.module_utils._aws.arn import parse_ca_arn
from ansible_collections.privateca.aws.plugins.module_utils._aws.client import AwsApi
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import AcmPcaError
from ansible_collections.privateca.aws.plugins.module_utils._ca_by_tag import fallback_warning
from ansible_collections.privateca.aws.plugins.module_utils._ca_by_tag import tagged_cas
from ansible_collections.privateca.aws.plugins.module_utils._csr import get_csr

# Statuses in which a CA has a CSR to give, and in which UpdateCertificateAuthority is allowed.
HAS_CSR = ("PENDING_CERTIFICATE", "ACTIVE", "DISABLED", "EXPIRED")
UPDATABLE = ("ACTIVE", "DISABLED")
# How many DELETED CAs an idempotency token may lead to before the task gives up (see _create_call).
MAX_STALE_TOKENS = 3


class TaskError(Exception):
    """The task cannot do what it was asked without breaking a rule; nothing more was sent."""


class NameConflict(TaskError):
    """More than one CA carries the name: ``arns`` lists them."""

    def __init__(self, message: str, arns: list[str]) -> None:
        super().__init__(message)
        self.arns = arns


RERUN_FINDS_THE_REST = "a rerun of the task finds what was changed and makes only the changes still missing"


def utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def _subject(arn: str | None, name: str | None) -> str:
    if arn:
        return f"the CA {arn}"
    return f"the CA named {name!r}"


# ---- reads -------------------------------------------------------------------------------------------


def list_tags(api: AwsApi, arn: str) -> dict[str, str]:
    """The CA's tags; a CA whose state has no tags to give (AWS says InvalidStateException) shows none."""
    return read_tags(api, arn) or {}


def _describe(api: AwsApi, arn: str, missing_ok: bool = False) -> dict[str, Any] | None:
    try:
        answer = api.call(
            "DescribeCertificateAuthority",
            f"the CA {arn}",
            CertificateAuthorityArn=arn,
            expected=("ResourceNotFoundException",) if missing_ok else (),
        )
    except is_boto3_error_code("ResourceNotFoundException"):
        return None
    return answer["CertificateAuthority"]


def read_tags(api: AwsApi, arn: str, expected: tuple[str, ...] = ()) -> dict[str, str] | None:
    """The CA's tags, or None when AWS will not give them in the CA's state (InvalidStateException, DELETED).

    Errors in ``expected`` are raised as botocore's ClientError for the caller.
    """
    try:
        tags = list(
            api.paginate(
                "ListTags",
                f"the CA {arn}",
                "Tags",
                expected=("InvalidStateException", *expected),
                CertificateAuthorityArn=arn,
            )
        )
    except is_boto3_error_code("InvalidStateException"):
        return None
    return boto3_tag_list_to_ansible_dict(tags)


def find_by_name(
    api: AwsApi,
    name: str,
    include_deleted: bool,
    now: datetime.datetime,
    warn: Callable[[str], None] = lambda message: None,
    tagging: Callable[[], Any] | None = None,
) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """The one CA of this account and region whose Name tag is ``name``.

    CAs that are not DELETED come first; only when none carries the name, and ``include_deleted``, a
    DELETED CA that can still be restored counts. More than one match is a failure that lists them.

    ``tagging`` makes the tagging API's client: GetResources names the CAs that carry the name, and only
    those are described (_ca_by_tag.py), instead of reading the tags of every CA of the region. Without it,
    or when the credentials may not call tag:GetResources (one warning), every CA is listed as before.

    The tagging API is eventually consistent, so it decides only when it names a live CA that carries the
    name (checked with the CA's own ListTags). When it names none, the listing confirms before the caller
    creates a CA or restores a DELETED one: a CA created moments ago by an earlier run, or by other tooling,
    is found, and a second CA is never made. The CreateCertificateAuthority idempotency token is not relied
    on for this: it covers five minutes and only a request identical to the first, and a CA made by other
    tooling not at all. A rerun that finds its CA costs GetResources, DescribeCertificateAuthority and ListTags,
    whatever the number of CAs in the region.
    """
    index_tags: dict[str, dict[str, str]] = {}
    client = tagging() if tagging is not None else None
    if client is not None:
        named = tagged_cas(client, {model.NAME_TAG: [name]}, f"the CAs named {name!r}")
        if named is None:
            warn(fallback_warning(f"the CA named {name!r}"))
        else:
            live = []
            for arn in named:
                description = _describe(api, arn, missing_ok=True)
                if description is None or description.get("Status") == "DELETED":
                    continue  # gone for good (the index lags), or for the listing below to weigh
                tags = read_tags(api, arn)
                if tags is not None and tags.get(model.NAME_TAG) == name:
                    live.append((description, tags))
            if live:
                return _one_match(live, name, deleted=False)
            index_tags = named
    return _find_by_listing(api, name, include_deleted, now, warn, index_tags)


def _one_match(
    matches: list[tuple[dict[str, Any], dict[str, str]]], name: str, deleted: bool
) -> tuple[dict[str, Any], dict[str, str]]:
    if len(matches) > 1:
        arns = ", ".join(ca["Arn"] for ca, _tags in matches)
        kind = "DELETED CAs that can be restored" if deleted else "CAs"
        raise NameConflict(
            f"{len(matches)} {kind} carry the Name tag {name!r}: {arns}. Give certificate_authority_arn to say "
            "which one is meant, or rename the others.",
            [ca["Arn"] for ca, _tags in matches],
        )
    return matches[0]


def _find_by_listing(
    api: AwsApi,
    name: str,
    include_deleted: bool,
    now: datetime.datetime,
    warn: Callable[[str], None],
    index_tags: dict[str, dict[str, str]],
) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """find_by_name by listing every CA and reading its tags. ``index_tags``: what the tagging API gave, used
    for DELETED CAs whose tags ListTags does not give."""
    cas = list(
        api.paginate("ListCertificateAuthorities", "the account's CAs", "CertificateAuthorities", ResourceOwner="SELF")
    )
    for deleted in (False, True):
        if deleted and not include_deleted:
            break
        matches, unreadable = [], []
        for ca in cas:
            if (ca.get("Status") == "DELETED") != deleted or (deleted and not model.restorable(ca, now)):
                continue
            tags = read_tags(api, ca["Arn"])
            if tags is None:
                tags = index_tags.get(ca["Arn"]) if deleted else None
            if tags is None:
                unreadable.append(ca["Arn"])
            elif tags.get(model.NAME_TAG) == name:
                matches.append((ca, tags))
        if matches:
            return _one_match(matches, name, deleted)
        if deleted and unreadable:
            warn(
                f"AWS did not give the tags of {len(unreadable)} DELETED CA(s) that can still be restored "
                f"({', '.join(unreadable)}), so they could not be checked for the name {name!r}. If one of them is "
                "the CA meant, restore it by giving its certificate_authority_arn."
            )
    return None, {}


def find(
    api: AwsApi,
    arn: str | None,
    name: str | None,
    include_deleted: bool,
    now: datetime.datetime,
    warn: Callable[[str], None] = lambda message: None,
    tagging: Callable[[], Any] | None = None,
):
    if arn:
        description = _describe(api, arn, missing_ok=True)
        return description, (list_tags(api, arn) if description else {})
    return find_by_name(api, name, include_deleted, now, warn, tagging)


# ---- decisions --------------------------------------------------------------------------------------


def plan_in_place(params: dict[str, Any], description: dict[str, Any], tags: dict[str, str]) -> dict[str, Any]:
    """What must change on an existing, not DELETED CA: {"update": {...}, "tag": {...}, "untag": [...]}.

    Raises TaskError when the task asks for something AWS cannot do in the CA's status, or for a
    different value of a field that AWS cannot change at all.
    """
    arn, status = description["Arn"], description["Status"]
    if status == "FAILED":
        raise TaskError(
            f"AWS failed to create the CA {arn} ({description.get('FailureReason', 'no reason given')}). "
            "Delete it (state: absent) and run the task again to create a new one."
        )
    differences = model.create_only_differences(params, description)
    if differences:
        raise TaskError(model.describe_differences(arn, differences))

    update: dict[str, Any] = {}
    enabled = params.get("enabled")
    if enabled is not None:
        wanted_status = "ACTIVE" if enabled else "DISABLED"
        if status not in UPDATABLE:
            raise TaskError(
                f"enabled cannot be applied to the CA {arn}, whose status is {status}: only a CA with its certificate "
                "(ACTIVE or DISABLED) can be enabled or disabled. " + _status_advice(status)
            )
        if status != wanted_status:
            update["Status"] = wanted_status

    wanted_revocation = model.desired_revocation(params.get("revocation_configuration"), description)
    if wanted_revocation is not None and wanted_revocation != model.current_revocation(description):
        if status not in UPDATABLE:
            raise TaskError(
                f"The revocation configuration of the CA {arn} cannot be changed while its status is {status}: AWS "
                "changes it only on an ACTIVE or DISABLED CA. " + _status_advice(status)
            )
        update["RevocationConfiguration"] = model.revocation_request(params["revocation_configuration"], description)

    wanted_tags, purge = model.desired_tags(
        params.get("name"), params.get("tags"), params.get("purge_tags", True), tags
    )
    to_set, to_unset = compare_aws_tags(tags, wanted_tags, purge_tags=purge)
    to_unset = [key for key in to_unset if key != model.NAME_TAG]
    return {"update": update, "tag": to_set, "untag": to_unset}


def _status_advice(status: str) -> str:
    if status in ("PENDING_CERTIFICATE", "CREATING"):
        return (
            "Import the CA's certificate first (privateca.aws.acmpca_certificate_authority_certificate), "
            "then run this task again."
        )
    if status == "EXPIRED":
        return "Import a renewed certificate for it first, then run this task again."
    return ""


def create_params(params: dict[str, Any]) -> dict[str, Any]:
    """The CreateCertificateAuthority request for the task's options, with a token derived from it."""
    if params.get("subject") is None:
        raise TaskError(
            f"No CA named {params['name']!r} exists, and subject is needed to create one "
            "(for example subject: {common_name: Example Root CA})."
        )
    if params.get("enabled") is not None:
        raise TaskError(
            f"No CA named {params['name']!r} exists yet, and enabled applies only to a CA with its certificate. "
            "Leave enabled out to create the CA; a CA becomes ACTIVE when its certificate is imported."
        )
    key_algorithm = params.get("key_algorithm") or model.DEFAULT_KEY_ALGORITHM
    configuration: dict[str, Any] = {
        "KeyAlgorithm": key_algorithm,
        "SigningAlgorithm": params.get("signing_algorithm") or model.default_signing_algorithm(key_algorithm),
        "Subject": model.to_api(params["subject"]),
    }
    if params.get("csr_extensions"):
        configuration["CsrExtensions"] = model.to_api(params["csr_extensions"])
    request: dict[str, Any] = {
        "CertificateAuthorityConfiguration": configuration,
        "CertificateAuthorityType": params.get("type") or model.DEFAULT_TYPE,
    }
    if params.get("revocation_configuration") is not None:
        request["RevocationConfiguration"] = model.revocation_request(params["revocation_configuration"])
    for option, api_name in (
        ("key_storage_security_standard", "KeyStorageSecurityStandard"),
        ("usage_mode", "UsageMode"),
    ):
        if params.get(option):
            request[api_name] = params[option]
    tags, _purge = model.desired_tags(params["name"], params.get("tags"), False, {})
    request["Tags"] = ansible_dict_to_boto3_tag_list(tags)
    request["IdempotencyToken"] = model.idempotency_token(request)
    return request


CHECK_MODE_CSR = model.CHECK_MODE_CSR


def predicted_after_create(request: dict[str, Any], wait: bool, region: str | None) -> dict[str, Any]:
    """The description a CreateCertificateAuthority request leads to: PENDING_CERTIFICATE once created
    (CREATING without wait), with AWS's defaults for what the request leaves out."""
    configuration = request["CertificateAuthorityConfiguration"]
    return {
        "Arn": model.check_mode_arn(region),
        "OwnerAccount": model.CHECK_MODE_ACCOUNT,
        "Type": request["CertificateAuthorityType"],
        "Status": "PENDING_CERTIFICATE" if wait else "CREATING",
        "CertificateAuthorityConfiguration": configuration,
        "RevocationConfiguration": model.desired_revocation(
            model.to_options(request.get("RevocationConfiguration")) or {}
        ),
        "KeyStorageSecurityStandard": request.get("KeyStorageSecurityStandard", "FIPS_140_2_LEVEL_3_OR_HIGHER"),
        "UsageMode": request.get("UsageMode", "GENERAL_PURPOSE"),
    }


def predicted_after_restore(description: dict[str, Any]) -> dict[str, Any]:
    """What a restored CA looks like: DISABLED if it had its certificate, PENDING_CERTIFICATE if not."""
    predicted = {key: value for key, value in description.items() if key != "RestorableUntil"}
    predicted["Status"] = "DISABLED" if description.get("NotAfter") else "PENDING_CERTIFICATE"
    return predicted


def predicted_after_update(description: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    predicted = dict(description)
    if "Status" in update:
        predicted["Status"] = update["Status"]
    if "RevocationConfiguration" in update:
        predicted["RevocationConfiguration"] = update["RevocationConfiguration"]
    return predicted


# ---- the task ------------------------------------------------------------------------------------------


class CertificateAuthorityTask:
    """One run of the module: ``run()`` returns changed, certificate_authority and the diff."""

    def __init__(
        self,
        api: AwsApi,
        params: dict[str, Any],
        check_mode: bool,
        now: Callable[[], datetime.datetime] | None = None,
        warn: Callable[[str], None] | None = None,
        tagging: Callable[[], Any] | None = None,
        region: str | None = None,
    ) -> None:
        self.tagging = tagging  # makes the tagging API's client, to find a CA by name (find_by_name)
        self.region = region  # where a CA would be created, for the ARN check mode predicts
        self.api = api
        self.params = params
        self.check_mode = check_mode
        self.now = now or utc_now
        # One deadline for every wait of the task (leaving CREATING, then the CSR).
        self.deadline = api.budget.now() + params.get("wait_timeout", 300)
        self.subject = _subject(params.get("certificate_authority_arn"), params.get("name"))
        self.warn = warn or (lambda message: None)
        # What this run has changed so far, named in the message of a later failure.
        self.writes = WriteLog()

    def run(self) -> dict[str, Any]:
        arn, name = self.params.get("certificate_authority_arn"), self.params.get("name")
        present = self.params["state"] == "present"
        with self.writes.context():
            description, tags = find(self.api, arn, name, present, self.now(), self.warn, self.tagging)
            if present:
                return self._present(description, tags)
            return self._absent(description, tags)

    # -- state: present

    def _present(self, description: dict[str, Any] | None, tags: dict[str, str]) -> dict[str, Any]:
        if description is None:
            if self.params.get("certificate_authority_arn"):
                raise TaskError(
                    f"No CA {self.params['certificate_authority_arn']} exists (or it was deleted for good). "
                    "To create a new CA, leave certificate_authority_arn out and give name."
                )
            return self._create()

        self._check_rename(description, tags)
        before = model.diff_view(description, tags)
        changed = restored_in_check_mode = False
        if description["Status"] == "DELETED":
            if not model.restorable(description, self.now()):
                raise TaskError(
                    f"The CA {description['Arn']} was deleted and its restore window ended at "
                    f"{description.get('RestorableUntil')}; it cannot be restored. Leave certificate_authority_arn "
                    "out and give a name to create a new CA."
                )
            changed = True
            if self.check_mode:
                description = predicted_after_restore(description)
                restored_in_check_mode = True
            else:
                self.api.call("RestoreCertificateAuthority", self.subject, CertificateAuthorityArn=description["Arn"])
                self.writes.record(f"the CA {description['Arn']} was restored", RERUN_FINDS_THE_REST)
                description = _describe(self.api, description["Arn"])
                tags = list_tags(self.api, description["Arn"])
        if description["Status"] == "CREATING" and self.params["wait"]:
            description = self._wait_until_created(description["Arn"])

        plan = plan_in_place(self.params, description, tags)
        changed = changed or bool(plan["update"] or plan["tag"] or plan["untag"])
        arn = description["Arn"]
        if plan["update"]:
            if not self.check_mode:
                self.api.call("UpdateCertificateAuthority", self.subject, CertificateAuthorityArn=arn, **plan["update"])
                self.writes.record(
                    f"the CA {arn} was updated ({', '.join(sorted(plan['update']))})", RERUN_FINDS_THE_REST
                )
            description = predicted_after_update(description, plan["update"])
        if plan["untag"] and not self.check_mode:
            self.api.call(
                "UntagCertificateAuthority",
                self.subject,
                CertificateAuthorityArn=arn,
                Tags=[{"Key": key} for key in plan["untag"]],
            )
            self.writes.record(
                f"the tags {', '.join(plan['untag'])} of the CA {arn} were removed", RERUN_FINDS_THE_REST
            )
        if plan["tag"] and not self.check_mode:
            self.api.call(
                "TagCertificateAuthority",
                self.subject,
                CertificateAuthorityArn=arn,
                Tags=ansible_dict_to_boto3_tag_list(plan["tag"]),
            )
            self.writes.record(f"the tags {', '.join(plan['tag'])} of the CA {arn} were set", RERUN_FINDS_THE_REST)
        tags = {key: value for key, value in {**tags, **plan["tag"]}.items() if key not in plan["untag"]}
        if plan["update"] and not self.check_mode:
            description = _describe(self.api, arn)
        return self._result(changed, before, description, tags, predicted=restored_in_check_mode)

    def _check_rename(self, description: dict[str, Any], tags: dict[str, str]) -> None:
        """A name given with certificate_authority_arn renames the CA: refuse a name that another CA carries.

        Two CAs with one name would make every later task by name fail; so this is checked before any write
        (it costs a ListCertificateAuthorities, and only when the name changes).
        """
        name = self.params.get("name")
        if not self.params.get("certificate_authority_arn") or name is None or tags.get(model.NAME_TAG) == name:
            return
        arn = description["Arn"]
        try:
            other, _other_tags = find_by_name(self.api, name, False, self.now(), self.warn)
        except TaskError as e:
            raise TaskError(f"The CA {arn} cannot be renamed to {name!r}: {e}") from None
        if other is not None and other["Arn"] != arn:
            current = tags.get(model.NAME_TAG)
            raise TaskError(
                f"The CA {arn} (named {current!r}) cannot be renamed to {name!r}: the CA {other['Arn']} "
                f"({other.get('Status')}) carries that name, and two CAs with one name would make every task by "
                "name fail. Nothing was changed. Choose another name, or rename or delete the other CA first."
            )

    def _create(self) -> dict[str, Any]:
        request = create_params(self.params)
        tags = boto3_tag_list_to_ansible_dict(request["Tags"])
        predicted = predicted_after_create(request, self.params["wait"], self.api_region())
        after = model.diff_view(predicted, tags)
        if self.check_mode:
            result = model.ca_result(predicted, tags, csr=CHECK_MODE_CSR if self.params["wait"] else None)
            return {"changed": True, "certificate_authority": result, "diff": {"before": {}, "after": after}}
        description = self._create_call(request)
        arn = description["Arn"]
        if description["Status"] == "CREATING" and self.params["wait"]:
            description = self._wait_until_created(arn)
        if description["Status"] == "DELETED":
            raise TaskError(
                f"The CA {arn} that this run created was deleted while AWS was still creating it (by another task "
                "or person). Nothing else was created; run the task again to create a new CA."
            )
        self._confirm_only_one(arn)
        return self._result(True, {}, description, tags)

    def _create_call(self, request: dict[str, Any]) -> dict[str, Any]:
        """CreateCertificateAuthority, and the new CA's description.

        AWS returns the CA of an idempotency token for five minutes, whatever became of it since. A token
        that returns a DELETED CA (deleted while it was still CREATING) made nothing: the request is sent
        again with a token that also depends on the ARNs of those DELETED CAs, so that a new CA is created,
        and the same for every run of the same task (two identical runs still make one CA). A FAILED CA is
        a failure that says how to get a new one; it is not reported as created.
        """
        stale: list[str] = []
        base = {key: value for key, value in request.items() if key != "IdempotencyToken"}
        while True:
            try:
                arn = self.api.call("CreateCertificateAuthority", self.subject, **request)["CertificateAuthorityArn"]
            except AcmPcaError as e:
                if e.exception is not None and getattr(e.exception, "response", None) is None:
                    # No answer from AWS (a dropped or refused connection): the request may have been carried out.
                    add_note(
                        e,
                        "AWS may have created the CA if the request reached it before the connection failed; a rerun "
                        "of the task finds such a CA (by the same idempotency token within five minutes, then by its "
                        "name) and does not create a second one",
                    )
                raise
            self.writes.record(
                f"the CA {arn} was created (it exists now)",
                "a rerun of the task finds it by its name and does not create another",
            )
            description = _describe(self.api, arn, missing_ok=True)
            status = (description or {}).get("Status")
            if status == "FAILED":
                raise TaskError(
                    f"AWS failed to create the CA {arn} ({description.get('FailureReason', 'no reason given')}); "
                    "this request's idempotency token returns it. Delete it (state: absent, with this name or "
                    f"certificate_authority_arn: {arn}) and run the task again: that run creates a new CA."
                )
            if status not in ("DELETED", None):
                break
            self.writes.forget_last()  # the token's CA was DELETED: nothing was created
            stale.append(arn)
            if len(stale) >= MAX_STALE_TOKENS:
                raise TaskError(
                    f"AWS answered CreateCertificateAuthority with CAs that are DELETED or gone ({', '.join(stale)}): "
                    "each was deleted while AWS was still creating it, within the five minutes AWS keeps an "
                    "idempotency token. No CA was created; run the task again in five minutes, or change its tags."
                )
            request = dict(base, IdempotencyToken=model.idempotency_token(dict(base, DeletedCas=stale)))
        if stale:
            self.warn(
                f"This request's idempotency token returned the CA {', '.join(stale)}, deleted while AWS was still "
                f"creating it (AWS keeps a token for five minutes, whatever became of its CA); the new CA {arn} "
                "was created instead."
            )
        return description

    def _confirm_only_one(self, arn: str) -> None:
        """Fail when another CA carries the name this run gave its new CA (two runs at once each made one).

        The list AWS gives may not show a CA created a moment ago: this finds the other run's CA when AWS
        lists it, not always.
        """
        name = self.params["name"]
        try:
            found, _tags = find_by_name(self.api, name, False, self.now())
            others = [found["Arn"]] if found is not None and found["Arn"] != arn else []
        except NameConflict as e:
            others = [other for other in e.arns if other != arn]
        if others:
            raise TaskError(
                f"Two runs created a CA named {name!r} at the same time: this run created {arn}; "
                f"{' and '.join(others)} also carr{'ies' if len(others) == 1 else 'y'} the name. Both exist and "
                "are billed, and every task that finds the CA by this name fails until one is left. Keep the one "
                "you want and delete the other (state: absent with its certificate_authority_arn, "
                "permanent_deletion_time_in_days: 7)."
            )

    def api_region(self) -> str | None:
        return self.region or self.params.get("region")

    # -- state: absent

    def _absent(self, description: dict[str, Any] | None, tags: dict[str, str]) -> dict[str, Any]:
        if description is None or description["Status"] == "DELETED":
            result = model.ca_result(description, tags) if description else {}
            return {"changed": False, "certificate_authority": result, "diff": {"before": {}, "after": {}}}
        before = model.diff_view(description, tags)
        arn = description["Arn"]
        if description["Status"] == "CREATING" and self.params["wait"]:
            description = self._wait_until_created(arn)
        if not self.check_mode:
            if description["Status"] == "ACTIVE":
                # AWS deletes only a CA that is not ACTIVE.
                self.api.call(
                    "UpdateCertificateAuthority", self.subject, CertificateAuthorityArn=arn, Status="DISABLED"
                )
                self.writes.record(f"the CA {arn} was disabled", "a rerun of the task finds it DISABLED and deletes it")
            self.api.call(
                "DeleteCertificateAuthority",
                self.subject,
                CertificateAuthorityArn=arn,
                PermanentDeletionTimeInDays=self.params["permanent_deletion_time_in_days"],
            )
            self.writes.record(f"the CA {arn} was deleted", "a rerun of the task finds it DELETED and changes nothing")
            description = _describe(self.api, arn)
        else:
            description = dict(description, Status="DELETED")
        return {
            "changed": True,
            "certificate_authority": model.ca_result(description, tags),
            "diff": {"before": before, "after": {}},
        }

    # -- waiting and results

    def _time_left(self) -> float:
        return max(0.0, self.deadline - self.api.budget.now())

    def _wait_until_created(self, arn: str) -> dict[str, Any]:
        """Wait until the CA has left CREATING, within wait_timeout (the one waiter botocore lacks)."""
        try:
            response = waiter.wait(
                self.api,
                "CertificateAuthorityCreated",
                self.subject,
                timeout=self._time_left(),
                timed_out=lambda last: (
                    f"The CA {arn} was still CREATING after wait_timeout ({self.params['wait_timeout']} s); raise "
                    "wait_timeout, or run the task again later (it will find the CA, not create another)."
                ),
                CertificateAuthorityArn=arn,
            )
        except waiter.WaitFailed as e:
            description = e.response["CertificateAuthority"]
            raise TaskError(
                f"AWS failed to create the CA {arn} ({description.get('FailureReason', 'no reason given')}). "
                "Delete it (state: absent) and run the task again."
            ) from None
        except AcmPcaError as e:
            if e.exception is None:  # the wait timed out
                raise TaskError(e.message) from None
            raise
        return response["CertificateAuthority"]

    def _csr(self, description: dict[str, Any]) -> str | None:
        """The CA's CSR when its status has one; waited for while AWS is still making it, within wait_timeout."""
        if description["Status"] not in HAS_CSR:
            return None
        return get_csr(
            self.api,
            parse_ca_arn(description["Arn"]),
            wait=self.params["wait"] and self._time_left() > 0,
            wait_timeout=self._time_left(),
            required=False,
        )

    @staticmethod
    def _predicted_csr(description: dict[str, Any]) -> str | None:
        return CHECK_MODE_CSR if description["Status"] in HAS_CSR else None

    def _result(
        self,
        changed: bool,
        before: dict[str, Any],
        description: dict[str, Any],
        tags: dict[str, str],
        predicted: bool = False,
    ):
        """predicted: the description is what check mode predicts for a CA that AWS has not restored."""
        csr = self._predicted_csr(description) if predicted else self._csr(description)
        return {
            "changed": changed,
            "certificate_authority": model.ca_result(description, tags, csr=csr),
            "diff": {"before": before, "after": model.diff_view(description, tags)},
        }


__all__ = ["AcmPcaError", "CertificateAuthorityTask", "TaskError"]
