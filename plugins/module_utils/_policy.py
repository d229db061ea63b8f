# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Logic of the acmpca_policy module: the resource policy of a private CA.

Private to this collection: the names here may change without notice.

Policies are compared as amazon.aws compares them (compare_policies: order of statements, of lists and of
keys does not matter, nor does a string against a one-element list), so equivalent JSON is no change and
sends no write call.
"""

from __future__ import annotations

import json
from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.policy import compare_policies

from ansible_collections.privateca.aws.plugins.module_utils._aws.arn import CaArn
from ansible_collections.privateca.aws.plugins.module_utils._aws.client import AwsApi
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import AcmPcaError
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import InvalidInputError

# The API's limit on a policy's length (PutPolicy, AWSPolicy: 1 to 20480 characters).
POLICY_MAX_LENGTH = 20480


def parse_policy(text: str) -> dict[str, Any]:
    """The policy as a dict; InvalidInputError with the place of the mistake when it is not a JSON object.

    The module's option has type json, so a dict given in YAML arrives here as JSON text too.
    """
    try:
        policy = json.loads(text)
    except json.JSONDecodeError as e:
        raise InvalidInputError(
            f"policy is not valid JSON: {e.msg} at line {e.lineno}, column {e.colno}. "
            "Give a dict in YAML, or JSON text such as the output of a to_json filter or a file lookup."
        ) from e
    if not isinstance(policy, dict):
        raise InvalidInputError(
            f"policy must be a JSON object with a Statement list, got a JSON {type(policy).__name__}."
        )
    if "Statement" not in policy:
        raise InvalidInputError("policy has no Statement; an ACM PCA resource policy needs at least one statement.")
    length = len(json.dumps(policy, separators=(",", ":")))
    if length > POLICY_MAX_LENGTH:
        raise InvalidInputError(
            f"policy is {length} characters long without spaces; AWS allows at most {POLICY_MAX_LENGTH}."
        )
    return policy


class PolicyManager:
    """Brings one CA's resource policy to the wanted state."""

    def __init__(self, api: AwsApi, ca_arn: CaArn) -> None:
        self.api = api
        self.ca_arn = ca_arn
        self.subject = f"the CA {ca_arn.arn}"

    def current(self) -> dict[str, Any] | None:
        try:
            response = self.api.call(
                "GetPolicy", self.subject, expected=("ResourceNotFoundException",), ResourceArn=self.ca_arn.arn
            )
        except is_boto3_error_code("ResourceNotFoundException"):
            # AWS answers the same for a CA without a policy and for a CA that does not exist; only in that
            # case is a second read worth its time. It raises the plain ResourceNotFound advice for a missing CA.
            self.api.call("DescribeCertificateAuthority", self.subject, CertificateAuthorityArn=self.ca_arn.arn)
            return None
        text = response.get("Policy")
        if not text:
            return None
        try:
            return json.loads(text)
        except json.JSONDecodeError as e:
            raise AcmPcaError(message=f"AWS returned a policy for {self.subject} that is not valid JSON") from e

    def ensure_present(self, wanted: dict[str, Any], check_mode: bool) -> dict[str, Any]:
        before = self.current()
        if before is not None and not compare_policies(before, wanted):
            return self._outcome(False, before, before)
        if not check_mode:
            self.api.call(
                "PutPolicy",
                self.subject,
                ResourceArn=self.ca_arn.arn,
                Policy=json.dumps(wanted, separators=(",", ":")),
            )
        return self._outcome(True, before, wanted)

    def ensure_absent(self, check_mode: bool) -> dict[str, Any]:
        before = self.current()
        if before is None:
            return self._outcome(False, None, None)
        if not check_mode:
            self.api.call("DeletePolicy", self.subject, ResourceArn=self.ca_arn.arn)
        return self._outcome(True, before, None)

    @staticmethod
    def _outcome(changed: bool, before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, Any]:
        return {"changed": changed, "policy": after, "diff": {"before": before or {}, "after": after or {}}}
