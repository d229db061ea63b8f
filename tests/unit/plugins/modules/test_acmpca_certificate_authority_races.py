# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""acmpca_certificate_authority under retries, races and interruptions (issue 19), through main().

- An idempotency token that AWS ties to a CA since DELETED or FAILED is never reported as a created CA.
- Two runs that each created a CA with the same name are told so, with both ARNs and which one is theirs.
- A failure after a write says what the run had already changed and what a rerun does.
"""

from __future__ import annotations

import botocore.exceptions
import pytest

from ansible_collections.privateca.aws.plugins.modules import acmpca_certificate_authority as module
from ansible_collections.privateca.aws.tests.unit.conftest import runner
from ansible_collections.privateca.aws.tests.unit.conftest import warning_texts
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._acmpca_fake import FakeAcmPca

SUBJECT = {"common_name": "Unit CA"}


@pytest.fixture
def run(run_module, fake):
    return runner(run_module, module.main)


def delete_while_creating(fake: FakeAcmPca, arn: str) -> None:
    """What DeleteCertificateAuthority does to a CREATING CA: DELETED, with no restore period."""
    fake.cas[arn]["Status"] = "DELETED"
    fake.cas[arn].pop("RestorableUntil", None)


# ---- the idempotency token


def test_a_token_that_returns_a_deleted_ca_creates_a_new_one(run, fake):
    first = run(name="unit", subject=SUBJECT, wait=False)["certificate_authority"]["arn"]
    delete_while_creating(fake, first)

    fake.calls.clear()
    again = run(name="unit", subject=SUBJECT)
    assert again["changed"] is True
    second = again["certificate_authority"]["arn"]
    assert second != first
    assert again["certificate_authority"]["status"] == "PENDING_CERTIFICATE"
    assert again["certificate_authority"]["csr"]
    # The first request's token returned the DELETED CA; the second, derived from its ARN, made a new one.
    assert fake.writes == ["CreateCertificateAuthority", "CreateCertificateAuthority"]
    assert any(first in text and second in text for text in warning_texts(again))

    fake.calls.clear()
    rerun = run(name="unit", subject=SUBJECT)
    assert rerun["changed"] is False
    assert rerun["certificate_authority"]["arn"] == second
    assert fake.writes == []


def test_the_new_token_is_the_same_for_every_run_so_identical_runs_still_make_one_ca(run, fake):
    first = run(name="unit", subject=SUBJECT, wait=False)["certificate_authority"]["arn"]
    delete_while_creating(fake, first)
    second = run(name="unit", subject=SUBJECT, wait=False)["certificate_authority"]["arn"]
    # Another run that did not see the second CA yet (hidden from the name lookup) gets the same CA.
    tags = fake.tags[second]
    fake.tags[second] = []
    third = run(name="unit", subject=SUBJECT, wait=False)
    fake.tags[second] = tags
    assert third["certificate_authority"]["arn"] == second
    assert len(fake.cas) == 2


def test_a_ca_deleted_twice_while_creating_still_leads_to_a_new_one(run, fake):
    first = run(name="unit", subject=SUBJECT, wait=False)["certificate_authority"]["arn"]
    delete_while_creating(fake, first)
    second = run(name="unit", subject=SUBJECT, wait=False)["certificate_authority"]["arn"]
    delete_while_creating(fake, second)
    third = run(name="unit", subject=SUBJECT)
    assert third["changed"] is True
    assert third["certificate_authority"]["arn"] not in (first, second)
    assert third["certificate_authority"]["status"] == "PENDING_CERTIFICATE"


def test_a_token_that_keeps_returning_deleted_cas_fails_without_reporting_one(run, fake, monkeypatch):
    create = fake._create_certificate_authority

    def always_deleted(**request):
        answer = create(**request)
        delete_while_creating(fake, answer["CertificateAuthorityArn"])
        return answer

    monkeypatch.setitem(fake.answers, "CreateCertificateAuthority", always_deleted)
    result = run(name="unit", subject=SUBJECT)
    assert result["failed"] is True
    assert "No CA was created" in result["msg"]
    assert all(arn in result["msg"] for arn in fake.cas)
    assert fake.writes.count("CreateCertificateAuthority") == 3


def test_a_token_that_returns_a_failed_ca_fails_and_says_how_to_get_a_new_one(run, fake):
    first = run(name="unit", subject=SUBJECT, wait=False)["certificate_authority"]["arn"]
    fake.cas[first].update(Status="FAILED", FailureReason="OTHER")
    tags = fake.tags[first]
    fake.tags[first] = []  # not found by name: only the token leads to it
    result = run(name="unit", subject=SUBJECT)
    assert result["failed"] is True
    assert first in result["msg"] and "OTHER" in result["msg"] and "state: absent" in result["msg"]
    assert "creates a new CA" in result["msg"]
    assert len(fake.cas) == 1
    fake.tags[first] = tags


def test_the_advice_for_a_failed_ca_leads_to_a_working_next_run(run, fake):
    first = run(name="unit", subject=SUBJECT, wait=False)["certificate_authority"]["arn"]
    fake.cas[first].update(Status="FAILED", FailureReason="OTHER")

    failed = run(name="unit", subject=SUBJECT)
    assert failed["failed"] is True and "state: absent" in failed["msg"]

    deleted = run(name="unit", state="absent")
    assert deleted["changed"] is True
    fake.cas[first].pop("RestorableUntil", None)  # a FAILED CA has no restore period

    fake.calls.clear()
    created = run(name="unit", subject=SUBJECT)
    assert created["changed"] is True
    assert created["certificate_authority"]["arn"] != first
    assert created["certificate_authority"]["status"] == "PENDING_CERTIFICATE"
    assert fake.writes == ["CreateCertificateAuthority", "CreateCertificateAuthority"]


def test_a_ca_deleted_while_the_task_waits_for_it_is_not_reported_as_created(run, fake, monkeypatch):
    fake.creating_polls = 10
    describe = fake._describe_certificate_authority

    def deleted_on_the_second_poll(**kwargs):
        answer = describe(**kwargs)
        if fake.operations.count("DescribeCertificateAuthority") == 2:
            delete_while_creating(fake, kwargs["CertificateAuthorityArn"])
            answer = describe(**kwargs)
        return answer

    monkeypatch.setitem(fake.answers, "DescribeCertificateAuthority", deleted_on_the_second_poll)
    result = run(name="unit", subject=SUBJECT)
    assert result["failed"] is True
    assert "was deleted while AWS was still creating it" in result["msg"]
    assert next(iter(fake.cas)) in result["msg"]


# ---- two runs at once


def test_two_runs_that_each_created_a_ca_with_the_name_fail_naming_both(run, fake, monkeypatch):
    create = fake._create_certificate_authority
    theirs: list[str] = []

    def with_a_concurrent_run(**request):
        theirs.append(fake.add(name="unit"))  # the other run's CA, made while this one was creating its own
        return create(**request)

    monkeypatch.setitem(fake.answers, "CreateCertificateAuthority", with_a_concurrent_run)
    result = run(name="unit", subject=SUBJECT, tags={"team": "a"})
    ours = next(arn for arn in fake.cas if arn not in theirs)
    assert result["failed"] is True
    assert f"this run created {ours}" in result["msg"]
    assert theirs[0] in result["msg"]
    assert "certificate_authority_arn" in result["msg"]


def test_the_check_finds_the_other_ca_when_aws_does_not_list_ours_yet(run, fake, monkeypatch):
    create = fake._create_certificate_authority
    theirs: list[str] = []

    def listed_late(**request):
        theirs.append(fake.add(name="unit"))
        answer = create(**request)
        fake.tags[answer["CertificateAuthorityArn"]] = []  # not yet seen by the name lookup
        return answer

    monkeypatch.setitem(fake.answers, "CreateCertificateAuthority", listed_late)
    result = run(name="unit", subject=SUBJECT)
    assert result["failed"] is True
    assert theirs[0] in result["msg"] and "this run created" in result["msg"]


def test_a_create_alone_confirms_and_succeeds(run, fake):
    result = run(name="unit", subject=SUBJECT)
    assert result["changed"] is True
    assert fake.operations.count("ListCertificateAuthorities") == 2  # the lookup, then the confirmation


# ---- failures after a write


def refused(operation: str):
    def call(**kwargs):
        raise botocore.exceptions.EndpointConnectionError(endpoint_url="http://127.0.0.1:1")

    return call


def test_a_refused_connection_after_the_create_says_the_ca_exists_and_a_rerun_finds_it(run, fake, monkeypatch):
    monkeypatch.setitem(fake.answers, "DescribeCertificateAuthority", refused("DescribeCertificateAuthority"))
    result = run(name="unit", subject=SUBJECT)
    arn = next(iter(fake.cas))
    assert result["failed"] is True
    assert "Could not connect" in result["msg"]
    assert f"the CA {arn} was created (it exists now)" in result["msg"]
    assert "a rerun of the task finds it by its name and does not create another" in result["msg"].lower()


def test_a_failure_before_any_write_says_nothing_was_changed(run, fake, monkeypatch):
    monkeypatch.setitem(fake.answers, "ListCertificateAuthorities", refused("ListCertificateAuthorities"))
    result = run(name="unit", subject=SUBJECT)
    assert result["failed"] is True
    assert "Could not connect" in result["msg"]
    assert "Before this failure" not in result["msg"]


def test_a_failed_delete_after_the_disable_says_the_ca_is_disabled(run, fake, monkeypatch):
    arn = fake.add(name="unit", status="ACTIVE")
    monkeypatch.setitem(fake.answers, "DeleteCertificateAuthority", refused("DeleteCertificateAuthority"))
    result = run(name="unit", state="absent")
    assert result["failed"] is True
    assert f"the CA {arn} was disabled" in result["msg"]
    assert "finds it DISABLED and deletes it" in result["msg"]
    assert fake.cas[arn]["Status"] == "DISABLED"


def test_a_failure_after_the_restore_says_the_ca_was_restored(run, fake, monkeypatch):
    arn = fake.add(name="unit", status="ACTIVE")
    run(certificate_authority_arn=arn, state="absent")
    monkeypatch.setitem(fake.answers, "UpdateCertificateAuthority", refused("UpdateCertificateAuthority"))
    result = run(certificate_authority_arn=arn, enabled=True)
    assert result["failed"] is True
    assert f"the CA {arn} was restored" in result["msg"]


def test_a_failure_after_a_tag_change_names_it(run, fake, monkeypatch):
    arn = fake.add(name="unit", status="ACTIVE")
    fake.tags[arn].append({"Key": "old", "Value": "x"})
    monkeypatch.setitem(fake.answers, "TagCertificateAuthority", refused("TagCertificateAuthority"))
    result = run(name="unit", tags={"new": "y"})
    assert result["failed"] is True
    assert f"the tags old of the CA {arn} were removed" in result["msg"]


def test_a_create_that_got_no_answer_says_the_ca_may_exist_and_a_rerun_finds_it(run, fake, monkeypatch):
    create = fake._create_certificate_authority

    def created_then_dropped(**request):
        create(**request)  # AWS carried it out; the answer never came back
        raise botocore.exceptions.ConnectionClosedError(endpoint_url="http://127.0.0.1:1")

    monkeypatch.setitem(fake.answers, "CreateCertificateAuthority", created_then_dropped)
    result = run(name="unit", subject=SUBJECT, time_budget=1)
    assert result["failed"] is True
    assert "AWS may have created the CA" in result["msg"]
    assert "does not create a second one" in result["msg"]

    monkeypatch.setitem(fake.answers, "CreateCertificateAuthority", create)
    rerun = run(name="unit", subject=SUBJECT)
    assert rerun["changed"] is False
    assert len(fake.cas) == 1
