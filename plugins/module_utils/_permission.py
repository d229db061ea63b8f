# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Logic of the acmpca_permission module: grant or revoke a service principal's use of a private CA.

Private to this collection: the names here may change without notice.

ACM PCA has no call to change a permission: a permission with other actions is deleted and created
again. ListPermissions is the only read; a rerun with the same input sends no write call.
"""

from __future__ import annotations

import re
from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.botocore import normalize_boto3_result

from ansible_collections.privateca.aws.plugins.module_utils._aws.arn import CaArn
from ansible_collections.privateca.aws.plugins.module_utils._aws.client import AwsApi
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import InvalidInputError

# The actions CreatePermission accepts (the API's ActionType), in the order AWS documents them.
VALID_ACTIONS = ("IssueCertificate", "GetCertificate", "ListPermissions")
DEFAULT_PRINCIPAL = "acm.amazonaws.com"
_ACCOUNT_ID = re.compile(r"\d{12}")
# The API's pattern for a principal: a service name such as acm.amazonaws.com.
_PRINCIPAL = re.compile(r"[^*]+$")


def check_actions(actions: list[str]) -> list[str]:
    """The actions as a sorted list without duplicates; InvalidInputError for unknown or none."""
    if not actions:
        raise InvalidInputError(f"actions must name at least one of {', '.join(VALID_ACTIONS)}.")
    unknown = sorted({action for action in actions if action not in VALID_ACTIONS})
    if unknown:
        raise InvalidInputError(
            f"Unknown action(s) {', '.join(repr(a) for a in unknown)} in actions; "
            f"a permission may allow {', '.join(VALID_ACTIONS)} (spelled exactly so)."
        )
    return sorted(set(actions))


def check_source_account(value: str | None) -> str | None:
    if value is None:
        return None
    if not _ACCOUNT_ID.fullmatch(value):
        hint = " (quote it in YAML: unquoted, a leading zero is lost)" if value.isdigit() and len(value) < 12 else ""
        raise InvalidInputError(f"source_account must be an AWS account id of 12 digits, got {value!r}{hint}.")
    return value


def check_principal(value: str) -> str:
    if not value or not _PRINCIPAL.match(value) or value != value.strip():
        raise InvalidInputError(
            f"principal must be an AWS service principal such as {DEFAULT_PRINCIPAL}, got {value!r}."
        )
    return value


def permission_result(permission: dict[str, Any]) -> dict[str, Any]:
    """A ListPermissions entry in snake_case, with its actions sorted and its date as ISO 8601 text."""
    names = {
        "Actions": "actions",
        "CertificateAuthorityArn": "certificate_authority_arn",
        "CreatedAt": "created_at",
        "Policy": "policy",
        "Principal": "principal",
        "SourceAccount": "source_account",
    }
    result = {names.get(key, key): normalize_boto3_result(value) for key, value in permission.items()}
    if "actions" in result:
        result["actions"] = sorted(result["actions"])
    return result


def _comparable(permission: dict[str, Any] | None) -> dict[str, Any]:
    """What diff mode shows: the parts of a permission that a task sets."""
    if not permission:
        return {}
    return {
        "actions": sorted(permission.get("Actions", [])),
        "principal": permission.get("Principal"),
        "source_account": permission.get("SourceAccount"),
    }


class PermissionManager:
    """Brings one CA's permission for one principal (and source account) to the wanted state."""

    def __init__(self, api: AwsApi, ca_arn: CaArn, principal: str, source_account: str | None) -> None:
        self.api = api
        self.ca_arn = ca_arn
        self.principal = principal
        self.source_account = source_account
        self.subject = f"the CA {ca_arn.arn}"

    def _matches(self, permission: dict[str, Any]) -> bool:
        if permission.get("Principal") != self.principal:
            return False
        # Without source_account, the permission is the CA's own account's (AWS fills in the caller's
        # account, and only the CA's account can create permissions on it).
        wanted_account = self.source_account or self.ca_arn.account_id
        return permission.get("SourceAccount") in (wanted_account, None)

    def current(self) -> dict[str, Any] | None:
        permissions = self.api.paginate(
            "ListPermissions", self.subject, "Permissions", CertificateAuthorityArn=self.ca_arn.arn
        )
        for permission in permissions:
            if self._matches(permission):
                return permission
        return None

    def _delete(self, permission: dict[str, Any]) -> None:
        params = {"CertificateAuthorityArn": self.ca_arn.arn, "Principal": permission["Principal"]}
        if permission.get("SourceAccount"):
            params["SourceAccount"] = permission["SourceAccount"]
        self.api.call("DeletePermission", self.subject, **params)

    def _create(self, actions: list[str]) -> None:
        params = {"CertificateAuthorityArn": self.ca_arn.arn, "Principal": self.principal, "Actions": actions}
        if self.source_account:
            params["SourceAccount"] = self.source_account
        self.api.call("CreatePermission", self.subject, **params)

    def _planned(self, actions: list[str]) -> dict[str, Any]:
        """The permission as it will be, for check mode (AWS adds created_at and policy)."""
        return {
            "Actions": actions,
            "CertificateAuthorityArn": self.ca_arn.arn,
            "Principal": self.principal,
            "SourceAccount": self.source_account or self.ca_arn.account_id,
        }

    def ensure_present(self, actions: list[str], check_mode: bool) -> dict[str, Any]:
        before = self.current()
        if before and sorted(before.get("Actions", [])) == actions:
            return self._outcome(False, before, before)
        if check_mode:
            return self._outcome(True, before, self._planned(actions))
        if before:
            # No call changes a permission's actions: replace it, and say so through changed and diff.
            self._delete(before)
        self._create(actions)
        after = self.current() or self._planned(actions)
        return self._outcome(True, before, after)

    def ensure_absent(self, check_mode: bool) -> dict[str, Any]:
        before = self.current()
        if not before:
            return self._outcome(False, None, None)
        if not check_mode:
            self._delete(before)
        return self._outcome(True, before, None)

    @staticmethod
    def _outcome(changed: bool, before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, Any]:
        return {
            "changed": changed,
            "permission": permission_result(after) if after else {},
            "diff": {"before": _comparable(before), "after": _comparable(after)},
        }
