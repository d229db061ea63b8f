# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The stand-in's Resource Groups Tagging API lists ACM PCA CAs as GetResources does at AWS.

The rules are in tests/utils/_tagging_standin.py; each test is named after one, with the words of the
Resource Groups Tagging API reference (API_GetResources.html, supported-services.html) in its docstring.
Every test tags its CAs with a key of its own, so that the CAs of other tests on the shared stand-in
do not count.
"""

from __future__ import annotations

import time
import uuid

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import ACCESS_KEY
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import POLL_SECONDS
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import REGION
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import SECRET_KEY
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import control
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import create
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import error_code
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import wait_status

CA_TYPE = "acm-pca:certificate-authority"


@pytest.fixture(scope="module")
def tagging(standin):
    return boto3.client(
        "resourcegroupstaggingapi",
        region_name=REGION,
        endpoint_url=standin,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=Config(retries={"mode": "standard", "total_max_attempts": 1}),
    )


@pytest.fixture
def key():
    """A tag key of this test's own."""
    return f"tagging-test-{uuid.uuid4().hex[:8]}"


def tagged(pca, key: str, value: str) -> str:
    arn = create(pca)
    pca.tag_certificate_authority(CertificateAuthorityArn=arn, Tags=[{"Key": key, "Value": value}])
    return arn


def listed(tagging, **request) -> dict[str, dict[str, str]]:
    """Every page of GetResources: ARN -> tags."""
    found, token = {}, None
    while True:
        page = tagging.get_resources(**request, **({"PaginationToken": token} if token else {}))
        for mapping in page["ResourceTagMappingList"]:
            found[mapping["ResourceARN"]] = {tag["Key"]: tag["Value"] for tag in mapping["Tags"]}
        token = page.get("PaginationToken")
        if not token:
            return found


def test_resource_type_filter(pca, tagging, key):
    """supported-services.html: "The GetResources, GetTagKeys, and GetTagValues operations support all resource
    types." API_GetResources.html, ResourceTypeFilters: "The format of each resource type is
    service[:resourceType]" ... "The string for each service name and resource type is the same as that embedded
    in a resource's Amazon Resource Name (ARN)": a CA is ``acm-pca:certificate-authority``."""
    arn = tagged(pca, key, "one")
    tag_filter = [{"Key": key}]
    assert listed(tagging, ResourceTypeFilters=[CA_TYPE], TagFilters=tag_filter) == {arn: {key: "one"}}
    assert listed(tagging, ResourceTypeFilters=["acm-pca"], TagFilters=tag_filter) == {arn: {key: "one"}}
    assert listed(tagging, TagFilters=tag_filter) == {arn: {key: "one"}}
    assert listed(tagging, ResourceTypeFilters=["ec2:instance"], TagFilters=tag_filter) == {}


def test_tag_filters(pca, tagging, key):
    """TagFilters: "If you specify more than one filter in a single request, the response returns only those
    resources that satisfy all filters." "If you specify a filter that contains more than one value for a key, the
    response returns resources that match any of the specified values for that key." "If you don't specify a value
    for a key, the response returns all resources that are tagged with that key, with any or no value."
    GetResources "does not return untagged resources"."""
    first, second = tagged(pca, key, "first"), tagged(pca, key, "second")
    pca.tag_certificate_authority(CertificateAuthorityArn=second, Tags=[{"Key": f"{key}-other", "Value": "x"}])
    untagged = create(pca)
    by_type = {"ResourceTypeFilters": [CA_TYPE]}
    assert set(listed(tagging, TagFilters=[{"Key": key, "Values": ["first"]}], **by_type)) == {first}
    assert set(listed(tagging, TagFilters=[{"Key": key, "Values": ["first", "second"]}], **by_type)) == {
        first,
        second,
    }
    assert set(listed(tagging, TagFilters=[{"Key": key}], **by_type)) == {first, second}
    assert set(listed(tagging, TagFilters=[{"Key": key}, {"Key": f"{key}-other"}], **by_type)) == {second}
    assert listed(tagging, TagFilters=[{"Key": key, "Values": ["third"]}], **by_type) == {}
    assert untagged not in listed(tagging, **by_type)


def test_pagination(pca, tagging, key):
    """ResourcesPerPage: "Specifies the maximum number of results to be returned in each page" ... "You can specify
    a minimum of 1 and a maximum value of 100" (outside: InvalidParameterException, the error moto and the model
    name for a bad parameter). PaginationToken: "Specifies a PaginationToken response value from a previous request
    to indicate that you want the next page of results." PaginationTokenExpiredException: "A PaginationToken is
    valid for a maximum of 15 minutes" (the stand-in answers it for a token it does not know)."""
    arns = {tagged(pca, key, str(number)) for number in range(3)}
    request = {"ResourceTypeFilters": [CA_TYPE], "TagFilters": [{"Key": key}], "ResourcesPerPage": 1}
    first = tagging.get_resources(**request)
    assert len(first["ResourceTagMappingList"]) == 1
    assert first["PaginationToken"]
    assert set(listed(tagging, **request)) == arns
    for wrong in (0, 101):
        with pytest.raises(ClientError) as raised:
            tagging.get_resources(**{**request, "ResourcesPerPage": wrong})
        assert error_code(raised) == "InvalidParameterException"
    with pytest.raises(ClientError) as raised:
        tagging.get_resources(**request, PaginationToken="not-a-token")
    assert error_code(raised) == "PaginationTokenExpiredException"


def test_previously_tagged_ca_stays_listed(pca, tagging, key):
    """GetResources "Returns all the tagged or previously tagged resources"; TagFilters: "If you don't specify a
    TagFilter, the response includes all resources that are currently tagged or ever had a tag. Resources that were
    previously tagged, but do not currently have tags, are shown with an empty tag set"."""
    arn = tagged(pca, key, "gone")
    pca.untag_certificate_authority(CertificateAuthorityArn=arn, Tags=[{"Key": key}])
    assert listed(tagging, ResourceTypeFilters=[CA_TYPE]).get(arn) == {}
    assert listed(tagging, ResourceTypeFilters=[CA_TYPE], TagFilters=[{"Key": key}]) == {}


def test_index_delay(pca, tagging, config, key):
    """The tag index is eventually consistent: the reference documents no delay. With tagging_delay_seconds a
    new CA is not listed right away, and a changed tag still shows its old value, until the delay has passed."""
    config(tagging_delay_seconds=1.5)
    request = {"ResourceTypeFilters": [CA_TYPE], "TagFilters": [{"Key": key}]}
    started = time.monotonic()
    arn = tagged(pca, key, "old")
    if time.monotonic() - started < 1.5:
        assert arn not in listed(tagging, **request)
    deadline = time.monotonic() + POLL_SECONDS
    while arn not in (found := listed(tagging, **request)):
        assert time.monotonic() < deadline, f"{arn} never listed"
        time.sleep(0.1)
    assert time.monotonic() - started >= 1.5
    assert found[arn] == {key: "old"}
    changed = time.monotonic()
    pca.tag_certificate_authority(CertificateAuthorityArn=arn, Tags=[{"Key": key, "Value": "new"}])
    if time.monotonic() - changed < 1.5:
        assert listed(tagging, **request)[arn] == {key: "old"}
    while listed(tagging, **request)[arn] != {key: "new"}:
        assert time.monotonic() < deadline, "the new tag value never listed"
        time.sleep(0.1)
    assert time.monotonic() - changed >= 1.5


def test_deleted_ca(pca, tagging, config, key):
    """Whether GetResources lists a DELETED CA in its restoration period is not documented; an AWS SDK maintainer
    wrote (aws/aws-sdk#302) that it is meant to list "the tagged resources which are currently active". The
    stand-in leaves DELETED CAs out unless tagging_lists_deleted is set, then lists them with their tags."""
    arn = tagged(pca, key, "deleted")
    wait_status(pca, arn)
    pca.delete_certificate_authority(CertificateAuthorityArn=arn, PermanentDeletionTimeInDays=7)
    request = {"ResourceTypeFilters": [CA_TYPE], "TagFilters": [{"Key": key}]}
    assert listed(tagging, **request) == {}
    config(tagging_lists_deleted=1)
    assert listed(tagging, **request) == {arn: {key: "deleted"}}
    pca.restore_certificate_authority(CertificateAuthorityArn=arn)
    config(tagging_lists_deleted=0)
    assert listed(tagging, **request) == {arn: {key: "deleted"}}


def test_access_denied(pca, tagging, config, key):
    """A caller without the IAM action tag:GetResources is refused. The reference lists no such error for
    GetResources; IAM answers AccessDeniedException on JSON-protocol APIs, and the stand-in does (knob
    tagging_denied)."""
    tagged(pca, key, "denied")
    config(tagging_denied=1)
    with pytest.raises(ClientError) as raised:
        tagging.get_resources(ResourceTypeFilters=[CA_TYPE])
    assert error_code(raised) == "AccessDeniedException"
    config(tagging_denied=0)
    assert listed(tagging, ResourceTypeFilters=[CA_TYPE], TagFilters=[{"Key": key}])


def test_call_log_records_get_resources(standin, tagging):
    """The call log (acmpca_standin.py) records GetResources beside the ACM PCA requests, with arn null, so that
    tests count every request a module sends."""
    control(standin, "calls/reset", {})
    tagging.get_resources(ResourceTypeFilters=[CA_TYPE])
    assert control(standin, "calls") == [{"operation": "GetResources", "arn": None}]
