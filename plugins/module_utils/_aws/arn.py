# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ARNs the user gives, split by amazon.aws's ``parse_aws_arn`` and checked with messages that say what is wrong.

Private to this collection: the names here may change without notice.
"""

from __future__ import annotations

import re
from typing import Any
from typing import NamedTuple

from ansible_collections.amazon.aws.plugins.module_utils.arn import parse_aws_arn

from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import InvalidInputError

ARN_FORM = "arn:<partition>:acm-pca:<region>:<12-digit account id>:certificate-authority/<CA id>"
ARN_EXAMPLE = "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012"
# The API caps an ARN at 200 characters; a longer value is a mistake, and echoing all of it would bury the message.
ARN_MAX_LENGTH = 200
_SHOWN_CHARACTERS = 210

# Partitions and regions are matched by shape, not by a list, so that new ones
# (aws-eusc / eusc-de-east-1, aws-iso-f, ...) work the day AWS opens them.
_PARTITION = re.compile(r"aws(?:-[a-z]+)*")
_REGION = re.compile(r"[a-z]{2,}(?:-[a-z]+)+-\d{1,2}")
_ACCOUNT = re.compile(r"\d{12}")
_CA_ID = re.compile(r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
_RESOURCE_TYPE = "certificate-authority"


class CaArn(NamedTuple):
    arn: str
    partition: str
    region: str
    account_id: str
    ca_id: str


def _shown(value: str) -> str:
    if len(value) <= _SHOWN_CHARACTERS:
        return repr(value)
    return f"{value[:_SHOWN_CHARACTERS]!r}... ({len(value)} characters)"


def _text_problem(value: Any) -> str | None:
    """What is wrong with a value as text, before it is read as an ARN."""
    if not isinstance(value, str):
        return f"it is a {type(value).__name__}, not a string; give one ARN per value"
    if not value:
        return "it is empty"
    if len(value) > ARN_MAX_LENGTH:
        return f"it is {len(value)} characters long, and an ARN has at most {ARN_MAX_LENGTH}"
    if value != value.strip():
        return "it has leading or trailing whitespace"
    for position, character in enumerate(value):
        if character.isspace() or not character.isprintable():
            return f"it contains the character {character!r} at position {position}"
    if value.startswith("[") and value.endswith("]"):
        return "it is a list, not a single ARN; give one ARN per task, or use the privateca.aws.acmpca_csr lookup"
    return None


def _ca_arn_problem(value: str, parsed: dict[str, Any] | None) -> str | None:
    """What is wrong with a well-formed text as the ARN of a private CA."""
    if parsed is None or len(value.split(":", 5)) != 6 or not value.startswith("arn:"):
        return "it does not have the six colon-separated fields of an ARN"
    partition = parsed["partition"]
    if not _PARTITION.fullmatch(partition):
        return f"the partition {partition!r} is not an AWS partition such as 'aws' or 'aws-cn'"
    if parsed["service"] != "acm-pca":
        return f"the service is {parsed['service']!r}, not 'acm-pca'"
    if not _REGION.fullmatch(parsed["region"]):
        return f"the region {parsed['region']!r} is not a region name such as 'us-east-1'"
    if not _ACCOUNT.fullmatch(parsed["account_id"]):
        return f"the account id {parsed['account_id']!r} is not 12 digits"
    resource = parsed["resource"]
    resource_type, _slash, ca_id = resource.partition("/")
    if resource_type != _RESOURCE_TYPE:
        return f"the resource {resource!r} is not a certificate-authority/<CA id>"
    ca_id, _slash, inside = ca_id.partition("/")
    if inside and _CA_ID.fullmatch(ca_id):
        # ACM PCA names what belongs to a CA under the CA's own ARN, e.g. the certificates it issued.
        ca_arn = value.rsplit(":", 1)[0] + f":{_RESOURCE_TYPE}/{ca_id}"
        kind = "a certificate issued by a CA" if inside.startswith("certificate/") else "something that belongs to a CA"
        return f"it is the ARN of {kind}, not of the CA itself; give the CA's ARN, {ca_arn}"
    if not _CA_ID.fullmatch(ca_id):
        return f"the CA id {ca_id!r} is not a UUID such as 12345678-1234-1234-1234-123456789012"
    return None


# For modules that act on one CA (document it with the fragment privateca.aws.acmpca.certificate_authority_arn).
CA_ARN_ARGUMENT_SPEC = {"certificate_authority_arn": {"type": "str", "required": True, "aliases": ["arn"]}}


def parse_ca_arn(value: Any) -> CaArn:
    """Check a private CA's ARN and split it; raise InvalidInputError when malformed."""
    problem = _text_problem(value)
    parsed = None
    if problem is None:
        # parse_aws_arn splits service and resource; it refuses some partitions, regions and account ids
        # that the checks below explain better, so those three fields are read here.
        fields = value.split(":", 5)
        if len(fields) == 6:
            parsed = parse_aws_arn(":".join(["arn", "aws", fields[2], "us-east-1", "0", fields[5]]))
        if parsed is not None:
            parsed.update(partition=fields[1], region=fields[3], account_id=fields[4])
        problem = _ca_arn_problem(value, parsed)
    if problem:
        shown = _shown(value) if isinstance(value, str) else _shown(repr(value))
        raise InvalidInputError(
            f"Invalid certificate authority ARN {shown}: {problem}. Expected {ARN_FORM}, for example {ARN_EXAMPLE}."
        )
    return CaArn(
        value,
        partition=parsed["partition"],
        region=parsed["region"],
        account_id=parsed["account_id"],
        ca_id=parsed["resource_id"],
    )
