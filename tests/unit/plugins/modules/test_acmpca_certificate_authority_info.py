# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""acmpca_certificate_authority_info through main(), against the in-memory ACM PCA of _acmpca_fake."""

from __future__ import annotations

import threading
import uuid

import pytest
import yaml

from ansible_collections.privateca.aws.plugins.modules import acmpca_certificate_authority
from ansible_collections.privateca.aws.plugins.modules import acmpca_certificate_authority_info as module
from ansible_collections.privateca.aws.tests.unit.conftest import runner
from ansible_collections.privateca.aws.tests.unit.conftest import warning_texts
from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._acmpca_fake import PLACEHOLDER_CSR as CSR

STANDARD_KEYS = {"changed", "invocation", "warnings", "deprecations", "failed", "msg"}
MISSING = "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012"


@pytest.fixture
def run(run_module, fake):
    return runner(run_module, module.main)


def test_lists_every_ca_across_pages_with_tags(run, fake):
    arns = [fake.add(name=f"ca{index}") for index in range(5)]
    result = run()
    assert result["changed"] is False
    assert [ca["arn"] for ca in result["certificate_authorities"]] == arns
    assert result["certificate_authorities"][3]["tags"] == {"Name": "ca3"}
    assert fake.operations.count("ListCertificateAuthorities") == 3
    assert fake.operations.count("ListTags") == 5


def test_filters_all_must_match(run, fake):
    wanted = fake.add(name="a", status="ACTIVE", Type="ROOT")
    fake.tags[wanted].append({"Key": "team", "Value": "pki"})
    fake.add(name="a", status="ACTIVE", Type="SUBORDINATE")
    fake.add(name="b", status="ACTIVE", Type="ROOT")
    other_status = fake.add(name="a", status="DISABLED", Type="ROOT")
    fake.tags[other_status].append({"Key": "team", "Value": "pki"})
    result = run(name="a", tags={"team": "pki"}, status=["ACTIVE"], type="ROOT")
    assert [ca["arn"] for ca in result["certificate_authorities"]] == [wanted]
    # GetResources names the two CAs with both tags; status and type need no request: only the CA that passes
    # them had its tags read.
    assert fake.operations.count("ListTags") == 1


def test_deleted_cas_are_listed_and_can_be_filtered_out(run, fake):
    fake.add(name="live")
    deleted = fake.add(name="gone", status="DELETED", RestorableUntil=fake.now)
    listed = run()["certificate_authorities"]
    assert {ca["status"] for ca in listed} == {"PENDING_CERTIFICATE", "DELETED"}
    assert next(ca for ca in listed if ca["arn"] == deleted)["restorable_until"]
    assert [ca["status"] for ca in run(status=["PENDING_CERTIFICATE"])["certificate_authorities"]] == [
        "PENDING_CERTIFICATE"
    ]


def test_include_certificate_and_csr_only_for_statuses_that_have_them(run, fake):
    active = fake.add(name="active", status="ACTIVE")
    pending = fake.add(name="pending")
    fake.add(name="failed", status="FAILED")
    listed = {ca["arn"]: ca for ca in run(include_certificate=True, include_csr=True)["certificate_authorities"]}
    assert "BEGIN CERTIFICATE" in listed[active]["certificate"]
    assert "PARENT" in listed[active]["certificate_chain"]
    assert listed[active]["csr"] == CSR
    assert listed[pending]["csr"] == CSR and "certificate" not in listed[pending]
    assert fake.operations.count("GetCertificateAuthorityCertificate") == 1
    assert fake.operations.count("GetCertificateAuthorityCsr") == 2


def test_by_arn_returns_one(run, fake):
    arn = fake.add(name="one")
    fake.add(name="two")
    result = run(certificate_authority_arn=arn)
    assert [ca["arn"] for ca in result["certificate_authorities"]] == [arn]
    assert "ListCertificateAuthorities" not in fake.operations


@pytest.mark.parametrize("on_missing", ["error", "warn", "skip"])
@pytest.mark.parametrize("deleted", [False, True], ids=["missing", "deleted"])
def test_on_missing(run, fake, deleted, on_missing):
    # An ARN of its own per test: ansible-core keeps warnings for the whole process.
    arn = fake.add(status="DELETED", RestorableUntil=fake.now) if deleted else f"{MISSING[:-36]}{uuid.uuid4()}"
    result = run(certificate_authority_arn=arn, on_missing=on_missing)
    if on_missing == "error":
        assert result["failed"] is True
        assert arn in result["msg"] and "on_missing" in result["msg"]
        return
    assert result["certificate_authorities"] == []
    assert any(arn in text for text in warning_texts(result)) is (on_missing == "warn")


def test_a_deleted_ca_by_arn_is_returned_when_status_asks_for_deleted(run, fake):
    arn = fake.add(status="DELETED", RestorableUntil=fake.now)
    assert run(certificate_authority_arn=arn, status=["DELETED"])["certificate_authorities"][0]["status"] == "DELETED"


def test_per_ca_requests_are_bounded_by_max_concurrency(run, fake, monkeypatch):
    for index in range(12):
        fake.add(name=f"ca{index}")
    in_flight, peak, lock = [0], [0], threading.Lock()
    original = fake._list_tags
    barrier_free = threading.Event()

    def counting_list_tags(**kwargs):
        with lock:
            in_flight[0] += 1
            peak[0] = max(peak[0], in_flight[0])
        barrier_free.wait(0.02)
        try:
            return original(**kwargs)
        finally:
            with lock:
                in_flight[0] -= 1

    monkeypatch.setitem(fake.answers, "ListTags", counting_list_tags)
    assert len(run(max_concurrency=3)["certificate_authorities"]) == 12
    assert 1 < peak[0] <= 3


@pytest.mark.parametrize("value", [0, 33])
def test_max_concurrency_out_of_range_fails_before_any_request(run, fake, value):
    result = run(max_concurrency=value)
    assert result["failed"] is True and "between 1 and 32" in result["msg"]
    assert fake.operations == []


def test_resource_owner_is_passed_on(run, fake, monkeypatch):
    seen = []
    original = fake._list_certificate_authorities

    def recording(**kwargs):
        seen.append(kwargs.get("ResourceOwner"))
        return original(**kwargs)

    monkeypatch.setitem(fake.answers, "ListCertificateAuthorities", recording)
    run(resource_owner="OTHER_ACCOUNTS")
    assert seen == ["OTHER_ACCOUNTS"]


def _undocumented(value: dict, documented: dict, path: str = "") -> list[str]:
    return [f"{path}{key} is returned but not documented" for key in value.keys() - documented.keys()]


def test_return_documentation_covers_what_is_returned(run, fake):
    fake.add(
        name="a",
        status="ACTIVE",
        Serial="01",
        LastStateChangeAt=fake.now,
        RevocationConfiguration={"OcspConfiguration": {"Enabled": True}},
    )
    fake.add(name="b", status="FAILED", FailureReason="OTHER")
    fake.add(name="c", status="DELETED", RestorableUntil=fake.now)
    result = run(include_certificate=True, include_csr=True)
    documented = yaml.safe_load(module.RETURN)
    assert {key for key in result if key not in STANDARD_KEYS} == set(documented)
    contains = documented["certificate_authorities"]["contains"]
    returned = set()
    for ca in result["certificate_authorities"]:
        assert _undocumented(ca, contains) == []
        returned |= set(ca)
    always = {key for key, doc in contains.items() if doc["returned"] == "always"}
    assert always <= set.intersection(*(set(ca) for ca in result["certificate_authorities"]))
    assert returned == set(contains)


def test_documentation_parses_and_names_every_option():
    documented = yaml.safe_load(module.DOCUMENTATION)
    yaml.safe_load(module.EXAMPLES)
    from_fragments = {"time_budget"}  # privateca.aws.acmpca.time_budget
    assert set(documented["options"]) == set(module.ARGUMENT_SPEC) - from_fragments
    for name, doc in documented["options"].items():
        assert doc.get("type", "str") == module.ARGUMENT_SPEC[name]["type"], name
        assert doc.get("default") == module.ARGUMENT_SPEC[name].get("default"), name
        assert doc.get("choices") == module.ARGUMENT_SPEC[name].get("choices"), name


def test_shared_cas_whose_tags_are_denied_are_listed_with_a_warning(run, fake, monkeypatch):
    from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._acmpca_fake import client_error

    arn = fake.add(name="shared", OwnerAccount="210987654321")

    def denied(**kwargs):
        raise client_error("AccessDeniedException", "ListTags")

    monkeypatch.setitem(fake.answers, "ListTags", denied)
    result = run(resource_owner="OTHER_ACCOUNTS")
    assert [ca["arn"] for ca in result["certificate_authorities"]] == [arn]
    assert result["certificate_authorities"][0]["tags"] == {}
    assert any(arn in text for text in warning_texts(result))
    # For the account's own CAs a denial is the user's to fix: it fails with the IAM action to allow.
    own = run(resource_owner="SELF")
    assert own["failed"] is True and "acm-pca:ListTags" in own["msg"]


@pytest.mark.parametrize("main", [module.main, acmpca_certificate_authority.main])
def test_a_profile_region_is_replaced_by_the_arn_region_without_a_warning(run_module, fake, profile_region, main):
    regions = fake.made
    arn = fake.add(status="ACTIVE", name="unit")
    result = run_module(main, {"certificate_authority_arn": arn, "profile": "pki"})
    assert "failed" not in result, result.get("msg")
    assert warning_texts(result) == [], "the user set no region for this task"
    assert [client["region"] for client in regions] == ["us-east-1"], "the request goes to the ARN's region"
    assert result["invocation"]["module_args"]["region"] is None, "module.params is not rewritten"


@pytest.mark.parametrize("main", [module.main, acmpca_certificate_authority.main])
def test_a_region_set_for_the_task_that_differs_warns(run_module, fake, main):
    regions = fake.made
    arn = fake.add(status="ACTIVE", name="unit")
    result = run_module(main, {"certificate_authority_arn": arn, "region": "eu-west-1"})
    assert any("eu-west-1" in w and "us-east-1" in w for w in warning_texts(result))
    assert [client["region"] for client in regions] == ["us-east-1"]
    assert result["invocation"]["module_args"]["region"] == "eu-west-1"
