# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One advice table per AWS service: what each documented error means and what to do about it.

Each table is kept complete by a unit test that walks botocore's model of the service
(tests/unit/plugins/module_utils/test_aws_advice.py). A template may use {operation} (the API call),
{subject} (what it was about, "the CA arn:..."), and the context the caller passes (for a CA:
{arn}, {region}, {account_id}; for S3: {bucket}, {key}). amazon.aws appends ": <AWS's own message>",
so a text ends without a full stop.

Adding a service: one ``ServiceAdvice`` in SERVICES, nothing else.
Private to this collection: the names here may change without notice.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

_NONE: Mapping = MappingProxyType({})


class OperationAdvice(NamedTuple):
    """What one operation says instead of the service's generic texts."""

    what: str = "{operation} for {subject}"  # the request, in words: "the request for the CSR of {arn}"
    failed: str = "{operation} failed for {subject}"  # an error without advice
    errors: Mapping[str, str] = _NONE
    own_errors_only: bool = False  # True: an error not in ``errors`` gets ``failed``, not the service's advice


class ServiceAdvice(NamedTuple):
    label: str  # the service as users know it: "ACM PCA"
    errors: dict[str, str]  # error code -> advice
    operations: Mapping[str, OperationAdvice] = _NONE

    def for_operation(self, operation: str) -> OperationAdvice:
        return self.operations.get(operation, OperationAdvice())

    def template(self, operation: str, code: str | None) -> str:
        specific = self.for_operation(operation)
        shared = None if specific.own_errors_only else self.errors.get(code)
        return specific.errors.get(code) or shared or specific.failed


_BUCKET_POLICY = (
    "the bucket's policy lets the service principal acm-pca.amazonaws.com call s3:PutObject, s3:PutObjectAcl, "
    "s3:GetBucketAcl and s3:GetBucketLocation"
)

ACM_PCA = ServiceAdvice(
    label="ACM PCA",
    errors={
        "AccessDeniedException": (
            "Access denied: the credentials need the IAM action acm-pca:{operation} on {subject} "
            "(a CA shared through AWS RAM allows only what its RAM permission grants)"
        ),
        "CertificateMismatchException": (
            "AWS refused the certificate for {subject}: its public key is not the CA's own (the one in the CA's "
            "CSR), or it was not signed by the first certificate of the chain"
        ),
        "ConcurrentModificationException": (
            "Another request is changing {subject} at the same time; rerun the task once it has finished"
        ),
        "InvalidArgsException": "AWS rejected an argument of {operation} for {subject}; check the values named below",
        "InvalidArnException": "AWS rejected an ARN given for {subject} as invalid; check it against the console",
        "InvalidNextTokenException": "AWS rejected the pagination token of {operation}; rerun the task",
        "InvalidPolicyException": (
            "AWS rejected the policy for {subject}: check its JSON, its principals and its actions "
            "(ACM PCA resource policies allow only acm-pca actions on this CA)"
        ),
        "InvalidRequestException": "AWS rejected {operation} for {subject} as invalid",
        "InvalidStateException": (
            "{subject} is not in a state that allows {operation}; check its status "
            "(privateca.aws.acmpca_certificate_authority_info) and what the call needs"
        ),
        "InvalidTagException": (
            "AWS rejected a tag of {subject}: keys have 1 to 128 characters, values at most 256, "
            "and neither may start with 'aws:'"
        ),
        "LimitExceededException": (
            "An ACM PCA quota was reached by {operation} for {subject} (for example CAs per region or certificates "
            "issued); delete what you no longer need or ask AWS for a higher quota in Service Quotas"
        ),
        "LockoutPreventedException": (
            "AWS refused the policy for {subject} because it would take away your own account's access to the CA; "
            "keep a statement that lets the CA's account manage it"
        ),
        "MalformedCertificateException": (
            "AWS could not parse the certificate given for {subject}; give PEM text that begins with "
            "-----BEGIN CERTIFICATE-----"
        ),
        "MalformedCSRException": (
            "AWS could not parse the CSR given for {subject}; give a PEM certificate signing request"
        ),
        "PermissionAlreadyExistsException": (
            "A permission for this principal already exists on {subject}; it was probably created by another run"
        ),
        "RequestAlreadyProcessedException": (
            "AWS already processed this request for {subject} (same idempotency token); nothing more was done"
        ),
        "RequestFailedException": "AWS failed {operation} for {subject}; retry later",
        "RequestInProgressException": (
            "AWS is still processing an earlier request for {subject}; retry later, or let the task wait (wait: true)"
        ),
        "ResourceNotFoundException": (
            "{subject} was not found; check the ARN, the region, and that the credentials belong to the CA's account"
        ),
        "TooManyTagsException": "{subject} would have more than the 50 tags AWS allows; remove some tags",
        "ValidationException": "AWS rejected the values given to {operation} for {subject}",
        "ThrottlingException": (
            "AWS kept throttling {operation} for {subject}; lower the number of parallel tasks (forks) or retry later"
        ),
    },
    operations={
        "GetCertificateAuthorityCsr": OperationAdvice(
            what="the request for the CSR of {arn}",
            failed="Failed to get the CSR of {arn}",
            own_errors_only=True,
            errors={
                "ResourceNotFoundException": (
                    "No private CA {arn} exists in account {account_id} and region {region}; "
                    "check the ARN, and that your credentials belong to that account"
                ),
                "InvalidArnException": (
                    "AWS rejected the ARN {arn} as invalid; check it against the CA's ARN in the console"
                ),
                "InvalidStateException": (
                    "The private CA {arn} is in a state that has no CSR to give (for example DELETED or FAILED); "
                    "check its status with DescribeCertificateAuthority, then restore or recreate the CA"
                ),
                "RequestFailedException": "AWS failed the request for the CSR of {arn}; retry later",
                "RequestInProgressException": (
                    "The CSR of {arn} is still being created; retry later, or set wait: true to poll until it is ready"
                ),
                "AccessDeniedException": (
                    "Access denied to the CSR of {arn}: the credentials need the IAM action "
                    "acm-pca:GetCertificateAuthorityCsr on this CA (a CA shared through AWS RAM with the default "
                    "permission does not allow it)"
                ),
            },
        ),
        "CreateCertificateAuthorityAuditReport": OperationAdvice(
            errors={
                "ResourceNotFoundException": (
                    "AWS found no CA {arn} or no bucket {bucket}: check the ARN and the region, and that the bucket "
                    "exists (in the CA's account and region)"
                ),
                "InvalidArgsException": (
                    "AWS refused to write an audit report of {arn} to the bucket {bucket}: check s3_bucket_name, and "
                    f"that {_BUCKET_POLICY}"
                ),
            },
        ),
    },
)

S3 = ServiceAdvice(
    label="S3",
    errors={
        "AccessDenied": "Access denied: the credentials need the IAM action s3:{operation} on {subject}",
        "AnnotationLimitExceeded": "S3 refused {operation} for {subject}: too many annotations",
        "AnnotationNameTooLong": "S3 refused {operation} for {subject}: an annotation name is too long",
        "BucketAlreadyExists": "The bucket name of {subject} is taken by another account; choose another name",
        "BucketAlreadyOwnedByYou": "{subject} already exists in your account",
        "EncryptionTypeMismatch": "S3 refused {operation} for {subject}: the encryption type does not match",
        "IdempotencyParameterMismatch": "S3 refused {operation} for {subject}: the idempotency token was reused",
        "InvalidAnnotationName": "S3 refused {operation} for {subject}: an annotation name is invalid",
        "InvalidObjectState": "{subject} is archived (for example in Glacier); restore it before reading it",
        "InvalidPrefix": "S3 rejected the prefix given to {operation} for {subject}",
        "InvalidRequest": "S3 rejected {operation} for {subject} as invalid",
        "InvalidWriteOffset": "S3 refused {operation} for {subject}: the write offset is wrong",
        "NoSuchAnnotation": "{subject} has no such annotation",
        "NoSuchBucket": "The bucket of {subject} does not exist; check the bucket name and the region",
        "NoSuchKey": "{subject} does not exist; check the bucket and the key",
        "NoSuchUpload": "The multipart upload of {subject} no longer exists",
        "ObjectAlreadyInActiveTierError": "{subject} is already in the active tier",
        "ObjectNotInActiveTierError": "{subject} is not in the active tier; restore it first",
        "TooManyParts": "S3 refused {operation} for {subject}: too many parts",
        "UnsupportedMediaType": "S3 refused {operation} for {subject}: unsupported media type",
    },
    operations={
        "GetObject": OperationAdvice(
            what="the audit report {key} from the bucket {bucket}",
            failed="Could not read the audit report {key} from the bucket {bucket}",
            errors={
                "NoSuchKey": (
                    "The audit report {key} is not in the bucket {bucket}; AWS may still be writing it, retry later"
                ),
                "NoSuchBucket": "The bucket {bucket} does not exist; check s3_bucket_name",
                "AccessDenied": (
                    "Access denied reading the audit report {key} from the bucket {bucket}: the credentials need the "
                    "IAM action s3:GetObject on it (and kms:Decrypt when the bucket encrypts with a KMS key)"
                ),
            },
        ),
    },
)

ACM = ServiceAdvice(
    label="ACM",
    errors={
        "AccessDeniedException": "Access denied: the credentials need the IAM action acm:{operation} on {subject}",
        "ConflictException": "Another request is changing {subject} at the same time; rerun the task once it is done",
        "InternalServerException": "ACM failed {operation} for {subject}; retry later",
        "InvalidArgsException": "ACM rejected an argument of {operation} for {subject}; check the values named below",
        "InvalidArnException": "ACM rejected an ARN given for {subject} as invalid; check it against the console",
        "InvalidDomainValidationOptionsException": (
            "ACM rejected the domain validation options for {subject}; each validation domain must be the domain "
            "name or a superdomain of it"
        ),
        "InvalidParameterException": "ACM rejected a parameter of {operation} for {subject}",
        "InvalidStateException": "{subject} is not in a state that allows {operation}; check its status",
        "InvalidTagException": (
            "ACM rejected a tag of {subject}: keys have 1 to 128 characters, values at most 256, "
            "and neither may start with 'aws:'"
        ),
        "LimitExceededException": (
            "An ACM quota was reached by {operation} for {subject}; delete what you no longer need or ask AWS for a "
            "higher quota in Service Quotas"
        ),
        "RequestInProgressException": "ACM is still processing {subject}; retry later, or let the task wait",
        "ResourceInUseException": "{subject} is in use by another AWS resource; detach it first",
        "ResourceNotFoundException": (
            "{subject} was not found; check the ARN, the region, and that the credentials belong to its account"
        ),
        "ServiceQuotaExceededException": (
            "An ACM quota was reached by {operation} for {subject}; ask AWS for a higher quota in Service Quotas"
        ),
        "TagPolicyException": "A tag policy of your organization refused the tags of {subject}",
        "ThrottlingException": (
            "AWS kept throttling {operation} for {subject}; lower the number of parallel tasks (forks) or retry later"
        ),
        "TooManyTagsException": "{subject} would have more than the 50 tags AWS allows; remove some tags",
        "ValidationException": "ACM rejected the values given to {operation} for {subject}",
    },
)

# The Resource Groups Tagging API: GetResources finds CAs by tag (_ca_by_tag.py). Access denied is not in its
# model; the caller expects it (it falls back to listing the CAs), so it has no text here.
TAGGING = ServiceAdvice(
    label="Resource Groups Tagging API",
    errors={
        "ConcurrentModificationException": (
            "Another request is changing the tagging API's report at the same time; rerun the task once it is done"
        ),
        "ConstraintViolationException": (
            "The tagging API refused {operation} for {subject}: the account's organization settings do not allow it"
        ),
        "InternalServiceException": "The tagging API failed {operation} for {subject}; retry later",
        "InvalidParameterException": "The tagging API rejected a parameter of {operation} for {subject}",
        "PaginationTokenExpiredException": (
            "The tagging API's pagination token for {subject} expired (tokens last 15 minutes); rerun the task"
        ),
        "ThrottledException": (
            "AWS kept throttling {operation} of the tagging API for {subject}; lower the number of parallel tasks "
            "(forks) or retry later"
        ),
    },
)

# boto3's service name -> its advice. A new service is one line here and its table above.
SERVICES = {"acm-pca": ACM_PCA, "s3": S3, "acm": ACM, "resourcegroupstaggingapi": TAGGING}
