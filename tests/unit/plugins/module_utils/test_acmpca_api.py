# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shared call layer: every error ACM PCA documents has advice, and calls are recorded and classified."""

from __future__ import annotations

import botocore.exceptions
import botocore.session
import pytest

from ansible_collections.privateca.aws.plugins.module_utils._acmpca import AcmPcaError
from ansible_collections.privateca.aws.plugins.module_utils._acmpca_api import ERROR_ADVICE
from ansible_collections.privateca.aws.plugins.module_utils._acmpca_api import WRITE_OPERATIONS
from ansible_collections.privateca.aws.plugins.module_utils._acmpca_api import AcmPcaApi

SERVICE = botocore.session.get_session().get_service_model("acm-pca")
DOCUMENTED = sorted(
    {(op, error.name) for op in SERVICE.operation_names for error in SERVICE.operation_model(op).error_shapes}
)


@pytest.mark.parametrize("operation, code", DOCUMENTED, ids=[f"{op}-{code}" for op, code in DOCUMENTED])
def test_every_documented_error_of_every_operation_has_advice(operation, code):
    assert code in ERROR_ADVICE, f"{operation} documents {code}, which ERROR_ADVICE does not explain"
    # Each text must format with the two fields the layer fills in, and end without a full stop
    # (amazon.aws appends ": <AWS's message>").
    text = ERROR_ADVICE[code].format(operation=operation, subject="the CA arn:x")
    assert not text.endswith(".")


def test_the_model_documents_errors_at_all():
    assert len(DOCUMENTED) > 50


def test_write_operations_are_operations_of_the_service():
    assert set(SERVICE.operation_names) >= WRITE_OPERATIONS
    # Every operation whose name says it changes something is classified as a write.
    changing = {
        op
        for op in SERVICE.operation_names
        if op.startswith(("Create", "Delete", "Import", "Issue", "Put", "Restore", "Revoke", "Tag", "Untag", "Update"))
    }
    assert changing == WRITE_OPERATIONS


class _Client:
    def __init__(self, error=None):
        self.error = error

    def describe_certificate_authority(self, aws_retry=False, **params):
        if self.error:
            raise self.error
        return {"CertificateAuthority": {"Arn": params["CertificateAuthorityArn"]}}

    def update_certificate_authority(self, aws_retry=False, **params):
        return {}


def _client_error(code):
    return botocore.exceptions.ClientError({"Error": {"Code": code, "Message": "m"}}, "DescribeCertificateAuthority")


def test_calls_are_recorded_and_writes_told_apart():
    api = AcmPcaApi(_Client())
    api.call("DescribeCertificateAuthority", "the CA x", CertificateAuthorityArn="x")
    api.call("UpdateCertificateAuthority", "the CA x", CertificateAuthorityArn="x", Status="ACTIVE")
    assert api.operations == ["DescribeCertificateAuthority", "UpdateCertificateAuthority"]
    assert api.write_operations == ["UpdateCertificateAuthority"]


def test_an_error_becomes_advice_naming_operation_and_subject():
    api = AcmPcaApi(_Client(_client_error("AccessDeniedException")))
    with pytest.raises(AcmPcaError) as raised:
        api.call("DescribeCertificateAuthority", "the CA x", CertificateAuthorityArn="x")
    assert "acm-pca:DescribeCertificateAuthority on the CA x" in raised.value.message


def test_an_expected_error_is_left_to_the_caller():
    api = AcmPcaApi(_Client(_client_error("ResourceNotFoundException")))
    with pytest.raises(botocore.exceptions.ClientError):
        api.call(
            "DescribeCertificateAuthority",
            "the CA x",
            expected=("ResourceNotFoundException",),
            CertificateAuthorityArn="x",
        )


def test_paginate_follows_tokens_and_leaves_expected_errors_to_the_caller():
    class Pages:
        def list_tags(self, aws_retry=False, CertificateAuthorityArn=None, NextToken=None):
            if NextToken == "2":
                raise _client_error("InvalidStateException")
            return {"Tags": [{"Key": NextToken or "first"}], "NextToken": "1" if NextToken is None else None}

    api = AcmPcaApi(Pages())
    assert list(api.paginate("ListTags", "the CA x", "Tags", CertificateAuthorityArn="x")) == [
        {"Key": "first"},
        {"Key": "1"},
    ]
    assert api.operations == ["ListTags", "ListTags"]
    with pytest.raises(botocore.exceptions.ClientError):
        list(api.paginate("ListTags", "x", "Tags", expected=("InvalidStateException",), NextToken="2"))


@pytest.mark.parametrize("code", sorted(code for code, text in ERROR_ADVICE.items() if text.startswith("{subject}")))
def test_advice_that_starts_with_the_subject_starts_with_a_capital_letter(code):
    api = AcmPcaApi(_Client(_client_error(code)), region="us-east-1")
    with pytest.raises(AcmPcaError) as raised:
        api.call("DescribeCertificateAuthority", "the CA arn:aws:acm-pca:x", CertificateAuthorityArn="arn:x")
    assert raised.value.message.startswith("The CA arn:aws:acm-pca:x "), raised.value.message
