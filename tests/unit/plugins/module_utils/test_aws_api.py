# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shared call layer: every error ACM PCA documents has advice, and calls are recorded and classified."""

from __future__ import annotations

import importlib.util
import sys

import botocore.exceptions
import botocore.session
import pytest

from ansible_collections.privateca.aws.plugins.module_utils._aws import client
from ansible_collections.privateca.aws.plugins.module_utils._aws.advice import SERVICES
from ansible_collections.privateca.aws.plugins.module_utils._aws.client import AwsApi
from ansible_collections.privateca.aws.plugins.module_utils._aws.client import is_write
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import AcmPcaError
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._acmpca_fake import CA_ARN
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._acmpca_fake import FakeAcmPca
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import ModelChecked
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import api_for
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._aws_helpers import client_error

_SESSION = botocore.session.get_session()
DOCUMENTED = sorted(
    (service, op, error.name)
    for service in SERVICES
    for op in _SESSION.get_service_model(service).operation_names
    for error in _SESSION.get_service_model(service).operation_model(op).error_shapes
)
CONTEXT = {"arn": "arn:x", "region": "us-east-1", "account_id": "123456789012", "bucket": "b", "key": "k"}


@pytest.mark.parametrize(
    "service, operation, code", DOCUMENTED, ids=[f"{service}-{op}-{code}" for service, op, code in DOCUMENTED]
)
def test_every_documented_error_of_every_operation_of_every_service_has_advice(service, operation, code):
    advice = SERVICES[service]
    assert code in advice.errors, f"{service} {operation} documents {code}, which its advice table does not explain"
    # Each text must format with the fields the layer fills in, and end without a full stop
    # (amazon.aws appends ": <AWS's message>").
    text = advice.template(operation, code).format(operation=operation, subject="the CA arn:x", **CONTEXT)
    assert not text.endswith(".")


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_operation_advice_names_operations_and_errors_of_the_service(service):
    model = _SESSION.get_service_model(service)
    for operation, specific in SERVICES[service].operations.items():
        assert operation in model.operation_names
        documented = {error.name for error in model.operation_model(operation).error_shapes}
        # S3 documents few of its errors in the model; the others are those its API reference lists.
        assert set(specific.errors) <= documented | set(SERVICES[service].errors)
        specific.what.format(operation=operation, subject="x", **CONTEXT)


def test_the_models_document_errors_at_all():
    assert len([d for d in DOCUMENTED if d[0] == "acm-pca"]) > 50
    assert {d[0] for d in DOCUMENTED} == set(SERVICES)


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_writes_are_the_operations_whose_names_say_they_change_something(service):
    model = _SESSION.get_service_model(service)
    reads = {op for op in model.operation_names if not is_write(op)}
    assert reads and all(op.startswith(("Describe", "Get", "List", "Head")) for op in reads)
    assert is_write("IssueCertificate") and is_write("RevokeCertificate") and not is_write("GetCertificate")


def _fake(error_code: str | None = None) -> FakeAcmPca:
    """The ACM PCA fake with an ACTIVE CA (CA_ARN), whose next DescribeCertificateAuthority fails with ``error_code``."""
    fake = FakeAcmPca()
    fake.add("ACTIVE", arn=CA_ARN)
    if error_code:
        fake.fail_next("DescribeCertificateAuthority", error_code, "m")
    return fake


def _api(fake: FakeAcmPca, **kwargs) -> AwsApi:
    """The call layer around the fake, as connect() builds it: model checks and the retry layer in the path."""
    return api_for(ModelChecked(fake, "acm-pca"), **kwargs)


def test_calls_are_recorded_and_writes_told_apart():
    api = _api(_fake())
    api.call("DescribeCertificateAuthority", "the CA x", CertificateAuthorityArn=CA_ARN)
    api.call("UpdateCertificateAuthority", "the CA x", CertificateAuthorityArn=CA_ARN, Status="ACTIVE")
    assert api.operations == ["DescribeCertificateAuthority", "UpdateCertificateAuthority"]
    assert api.write_operations == ["UpdateCertificateAuthority"]


def test_an_error_becomes_advice_naming_operation_and_subject():
    api = _api(_fake("AccessDeniedException"))
    with pytest.raises(AcmPcaError) as raised:
        api.call("DescribeCertificateAuthority", "the CA x", CertificateAuthorityArn=CA_ARN)
    assert "acm-pca:DescribeCertificateAuthority on the CA x" in raised.value.message


def test_an_expected_error_is_left_to_the_caller():
    api = _api(_fake("ResourceNotFoundException"))
    with pytest.raises(botocore.exceptions.ClientError):
        api.call(
            "DescribeCertificateAuthority",
            "the CA x",
            expected=("ResourceNotFoundException",),
            CertificateAuthorityArn=CA_ARN,
        )


def test_paginate_follows_tokens_and_leaves_expected_errors_to_the_caller():
    def pages(CertificateAuthorityArn, NextToken=None):
        if NextToken == "2":
            raise client_error("InvalidStateException", "ListTags")
        return {"Tags": [{"Key": NextToken or "first"}], **({"NextToken": "1"} if NextToken is None else {})}

    fake = _fake()
    fake.answers["ListTags"] = pages
    api = _api(fake)
    assert list(api.paginate("ListTags", "the CA x", "Tags", CertificateAuthorityArn=CA_ARN)) == [
        {"Key": "first"},
        {"Key": "1"},
    ]
    assert api.operations == ["ListTags", "ListTags"]
    with pytest.raises(botocore.exceptions.ClientError):
        list(
            api.paginate(
                "ListTags",
                "x",
                "Tags",
                expected=("InvalidStateException",),
                CertificateAuthorityArn=CA_ARN,
                NextToken="2",
            )
        )


@pytest.mark.parametrize(
    "code", sorted(code for code, text in SERVICES["acm-pca"].errors.items() if text.startswith("{subject}"))
)
def test_advice_that_starts_with_the_subject_starts_with_a_capital_letter(code):
    api = _api(_fake(code), region="us-east-1")
    with pytest.raises(AcmPcaError) as raised:
        api.call("DescribeCertificateAuthority", "the CA arn:aws:acm-pca:x", CertificateAuthorityArn=CA_ARN)
    assert raised.value.message.startswith("The CA arn:aws:acm-pca:x "), raised.value.message


def test_calls_that_succeed_never_load_the_advice_tables(monkeypatch):
    # A module run imports the call layer from AnsiballZ's zip, where Python compiles each file twice; the
    # tables are only for failures. A None entry in sys.modules makes every import of that name fail.
    monkeypatch.setitem(sys.modules, "ansible_collections.privateca.aws.plugins.module_utils._aws.advice", None)
    spec = importlib.util.spec_from_file_location("_aws_client_without_advice", client.__file__)
    fresh = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fresh)
    fake = _fake("ResourceNotFoundException")
    api = api_for(ModelChecked(fake, "acm-pca"), api_class=fresh.AwsApi)
    ca = {"CertificateAuthorityArn": CA_ARN}

    with pytest.raises(botocore.exceptions.ClientError):
        api.call("DescribeCertificateAuthority", "the CA x", expected=("ResourceNotFoundException",), **ca)
    assert api.call("DescribeCertificateAuthority", "the CA x", **ca)["CertificateAuthority"]["Status"] == "ACTIVE"
    fake.fail_next("DescribeCertificateAuthority", "AccessDeniedException", "m")
    with pytest.raises(ImportError):  # the one place that reads them: a call that failed
        api.call("DescribeCertificateAuthority", "the CA x", **ca)
