# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The unit tests' fakes of AWS keep to botocore's model at the seam, and to the rules they claim of the API."""

from __future__ import annotations

import botocore.exceptions
import pytest

from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._acmpca_fake import CA_ARN
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._acmpca_fake import FakeAcmPca
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._acmpca_fake import FakeTagging
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import FakeService
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import ModelChecked
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import service_model
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import xform
from ansible_collections.privateca.aws.tests.unit.plugins.modules._access_helpers import FakeS3
from ansible_collections.privateca.aws.tests.unit.plugins.modules._acm_fakes import FakeAcm

FAKES = [FakeAcmPca, FakeTagging, FakeAcm, FakeS3]


@pytest.fixture
def fake() -> FakeAcmPca:
    fake = FakeAcmPca()
    fake.add("ACTIVE", arn=CA_ARN)
    return fake


@pytest.mark.parametrize("fake_class", FAKES, ids=lambda fake_class: fake_class.__name__)
def test_every_handler_answers_an_operation_of_its_service(fake_class: type[FakeService]):
    """A handler named after no operation would never be called: a renamed or misspelt operation shows here."""
    operations = {xform(name) for name in service_model(fake_class.service).operation_names}
    handlers = {
        name[1:]
        for klass in fake_class.__mro__
        if klass not in (FakeService, object)
        for name in vars(klass)
        if name.startswith("_") and not name.startswith("__") and callable(vars(klass)[name])
    }
    answered = {name for name in handlers if name in operations}
    assert answered, f"{fake_class.__name__} answers no operation of {fake_class.service}"
    helpers = handlers - answered
    # Private helpers of the fakes, which are not operations.
    assert helpers <= {"ca", "matching", "record", "detail", "chain"}, helpers


def test_a_request_the_model_refuses_fails_before_the_fake_answers(fake):
    client = ModelChecked(fake, "acm-pca")
    with pytest.raises(botocore.exceptions.ParamValidationError, match="CertificateAuthorityARN"):
        client.describe_certificate_authority(CertificateAuthorityARN=CA_ARN)
    with pytest.raises(botocore.exceptions.ParamValidationError, match="CertificateAuthorityArn"):
        client.get_certificate_authority_csr()
    assert fake.calls == [], "AWS would have refused these before any rule of the API"


def test_an_answer_the_model_does_not_know_fails_the_test(fake):
    fake.answers["DescribeCertificateAuthority"] = lambda CertificateAuthorityArn: {
        "CertificateAuthority": {"Arn": CertificateAuthorityArn, "Colour": "blue"}
    }
    with pytest.raises(AssertionError, match="answers what its model does not"):
        ModelChecked(fake, "acm-pca").describe_certificate_authority(CertificateAuthorityArn=CA_ARN)


def test_an_operation_the_service_does_not_have_is_refused(fake):
    with pytest.raises(AttributeError, match="acm-pca has no operation get_resources"):
        ModelChecked(fake, "acm-pca").get_resources(ResourceTypeFilters=["acm-pca:certificate-authority"])
    with pytest.raises(AttributeError, match="acm-pca has no operation describe_certificate"):
        fake.describe_certificate(CertificateArn="arn:aws:acm:us-east-1:123456789012:certificate/x")  # ACM's


def test_queued_errors_come_first_then_the_fakes_rules(fake):
    fake.fail_next("GetCertificateAuthorityCsr", "ThrottlingException", status=400)
    client = ModelChecked(fake, "acm-pca")
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        client.get_certificate_authority_csr(CertificateAuthorityArn=CA_ARN)
    assert raised.value.response["Error"]["Code"] == "ThrottlingException"
    assert client.get_certificate_authority_csr(CertificateAuthorityArn=CA_ARN)["Csr"].startswith("-----BEGIN")
    assert fake.operations == ["GetCertificateAuthorityCsr", "GetCertificateAuthorityCsr"]


@pytest.mark.parametrize(
    ("status", "operation", "request_", "code"),
    [
        # DeleteCertificateAuthority: "Before you can delete a CA that you have created and activated, you must
        # disable it."
        ("ACTIVE", "delete_certificate_authority", {}, "InvalidStateException"),
        # RestoreCertificateAuthority restores a DELETED CA; any other answers InvalidStateException.
        ("DISABLED", "restore_certificate_authority", {}, "InvalidStateException"),
        # GetCertificateAuthorityCsr while AWS creates the CA: RequestInProgressException ("Your request is
        # already in progress").
        ("CREATING", "get_certificate_authority_csr", {}, "RequestInProgressException"),
        # GetCertificateAuthorityCertificate before the CA's certificate is imported.
        ("PENDING_CERTIFICATE", "get_certificate_authority_certificate", {}, "InvalidStateException"),
        # UpdateCertificateAuthority: "Your private CA must be in the ACTIVE or DISABLED state before you can
        # update it."
        ("PENDING_CERTIFICATE", "update_certificate_authority", {"Status": "ACTIVE"}, "InvalidStateException"),
    ],
)
def test_the_fake_refuses_what_the_api_reference_says_aws_refuses(status, operation, request_, code):
    fake = FakeAcmPca()
    arn = fake.add(status)
    fake.creating_polls = 1  # a CREATING CA stays so for this test's request
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        getattr(ModelChecked(fake, "acm-pca"), operation)(CertificateAuthorityArn=arn, **request_)
    assert raised.value.response["Error"]["Code"] == code


def test_a_second_revocation_of_a_certificate_is_already_processed(fake):
    # RevokeCertificate: revoking again answers RequestAlreadyProcessedException ("Your request has already been
    # completed"), whether the serial comes with or without colons.
    client = ModelChecked(fake, "acm-pca")
    request = {"CertificateAuthorityArn": CA_ARN, "CertificateSerial": "0a:1b", "RevocationReason": "SUPERSEDED"}
    client.revoke_certificate(**request)
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        client.revoke_certificate(**dict(request, CertificateSerial="0a1b"))
    assert raised.value.response["Error"]["Code"] == "RequestAlreadyProcessedException"
