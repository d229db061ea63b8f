# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Finding CAs by their Name tag (and the info module's tag filters) through the tagging API's GetResources.

Both modules run through main() against the unit tests' ACM PCA fake (_acmpca_fake), whose FakeTagging answers GetResources
from an index of its own that can lag (``unindexed``, ``stale_index``), leave DELETED CAs out, or refuse the
caller (``tagging_denied``).
"""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.privateca.aws.plugins.modules import acmpca_certificate_authority as ca_module
from ansible_collections.privateca.aws.plugins.modules import acmpca_certificate_authority_info as info_module
from ansible_collections.privateca.aws.tests.unit.conftest import runner
from ansible_collections.privateca.aws.tests.unit.conftest import warning_texts

SUBJECT = {"common_name": "Unit CA"}
RESTORABLE = datetime.datetime(2099, 1, 1, tzinfo=datetime.timezone.utc)


@pytest.fixture
def ca(run_module, fake):
    return runner(run_module, ca_module.main)


@pytest.fixture
def info(run_module, fake):
    return runner(run_module, info_module.main)


def denied_warnings(result: dict) -> list[str]:
    return [text for text in warning_texts(result) if "tag:GetResources" in text]


# ---- acmpca_certificate_authority


def test_rerun_by_name_reads_only_the_named_ca_whatever_the_region_holds(ca, fake):
    arns = [fake.add(name=f"ca{number}") for number in range(9)]
    result = ca(name="ca6")
    assert result["changed"] is False
    assert result["certificate_authority"]["arn"] == arns[6]
    assert fake.operations == [
        "GetResources",
        "DescribeCertificateAuthority",
        "ListTags",
        "GetCertificateAuthorityCsr",
    ]
    assert ("resourcegroupstaggingapi", "us-east-1") in [(made["service"], made["region"]) for made in fake.made]


def test_denied_get_resources_falls_back_to_the_listing_and_says_once_which_permission_to_add(ca, fake):
    fake.tagging_denied = True
    arns = [fake.add(name=f"ca{number}") for number in range(3)]
    result = ca(name="ca1")
    assert result["changed"] is False
    assert result["certificate_authority"]["arn"] == arns[1]
    assert fake.operations.count("GetResources") == 1
    assert "ListCertificateAuthorities" in fake.operations
    assert fake.operations.count("ListTags") == 3
    assert len(denied_warnings(result)) == 1
    assert "Add the IAM action tag:GetResources" in denied_warnings(result)[0]


def test_a_ca_the_index_has_not_seen_yet_is_found_by_the_listing_so_no_second_ca_is_made(ca, fake):
    created = ca(name="fresh", subject=SUBJECT)
    assert fake.writes == ["CreateCertificateAuthority"]
    fake.unindexed.add(created["certificate_authority"]["arn"])  # the tag index lags behind
    fake.calls.clear()
    again = ca(name="fresh", subject=SUBJECT)
    assert again["changed"] is False
    assert again["certificate_authority"]["arn"] == created["certificate_authority"]["arn"]
    assert fake.writes == []
    assert fake.operations[0] == "GetResources"
    assert "ListCertificateAuthorities" in fake.operations
    assert denied_warnings(again) == []  # an empty answer is no refusal: no warning


def test_a_stale_name_in_the_index_is_checked_against_the_ca_own_tags(ca, fake):
    renamed = fake.add(name="other")
    fake.stale_index[renamed] = [{"Key": "Name", "Value": "unit"}]  # the index still shows the old name
    meant = fake.add(name="unit")
    fake.unindexed.add(meant)
    result = ca(name="unit")
    assert result["changed"] is False
    assert result["certificate_authority"]["arn"] == meant


def test_an_arn_the_index_keeps_after_the_ca_is_gone_is_skipped(ca, fake):
    ghost = "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/00000000-0000-0000-0000-000000000000"
    fake.stale_index[ghost] = [{"Key": "Name", "Value": "unit"}]
    result = ca(name="unit", subject=SUBJECT)
    assert result["changed"] is True
    assert fake.writes == ["CreateCertificateAuthority"]
    assert result["certificate_authority"]["arn"] != ghost


def test_two_cas_named_by_the_index_fail_and_name_both(ca, fake):
    first, second = fake.add(name="twin"), fake.add(name="twin", status="ACTIVE")
    fake.add(name="other")
    result = ca(name="twin")
    assert result["failed"] is True
    assert first in result["msg"] and second in result["msg"]
    assert "ListCertificateAuthorities" not in fake.operations
    assert fake.writes == []


def test_two_cas_with_one_name_found_by_the_listing_when_denied_fail_and_name_both(ca, fake):
    fake.tagging_denied = True
    first, second = fake.add(name="twin"), fake.add(name="twin")
    result = ca(name="twin")
    assert result["failed"] is True
    assert first in result["msg"] and second in result["msg"]


def test_a_deleted_ca_the_index_leaves_out_is_found_by_the_listing_and_restored(ca, fake):
    deleted = fake.add(name="unit", status="DELETED", RestorableUntil=RESTORABLE)
    result = ca(name="unit")
    assert result["changed"] is True
    assert result["certificate_authority"]["arn"] == deleted
    assert fake.writes == ["RestoreCertificateAuthority"]


def test_a_deleted_ca_whose_tags_listtags_hides_is_restored_with_the_tags_the_index_gives(ca, fake):
    fake.tags_of_deleted_readable = False
    fake.index_lists_deleted = True
    deleted = fake.add(name="unit", status="DELETED", RestorableUntil=RESTORABLE)
    result = ca(name="unit")
    assert result["changed"] is True
    assert result["certificate_authority"]["arn"] == deleted
    assert fake.writes == ["RestoreCertificateAuthority"]
    assert not any("could not be checked" in text for text in warning_texts(result))


def test_a_live_ca_wins_over_a_deleted_one_the_index_names_too(ca, fake):
    fake.index_lists_deleted = True
    fake.add(name="unit", status="DELETED", RestorableUntil=RESTORABLE)
    live = fake.add(name="unit")
    result = ca(name="unit")
    assert result["changed"] is False
    assert result["certificate_authority"]["arn"] == live
    assert "ListCertificateAuthorities" not in fake.operations


def test_absent_by_name_deletes_a_ca_the_index_has_not_seen(ca, fake):
    arn = fake.add(name="unit")
    fake.unindexed.add(arn)
    result = ca(name="unit", state="absent")
    assert result["changed"] is True
    assert fake.writes == ["DeleteCertificateAuthority"]


def test_other_tagging_errors_fail_and_do_not_fall_back(ca, fake, monkeypatch):
    from ansible_collections.privateca.aws.tests.unit.plugins.module_utils._acmpca_fake import client_error

    def invalid(**kwargs):
        raise client_error("InvalidParameterException", "GetResources")

    monkeypatch.setitem(fake.answers, "GetResources", invalid)
    fake.add(name="unit")
    result = ca(name="unit")
    assert result["failed"] is True
    assert "ListCertificateAuthorities" not in fake.operations


def test_by_arn_never_asks_the_tagging_api(ca, fake):
    arn = fake.add(name="unit")
    ca(certificate_authority_arn=arn)
    assert "GetResources" not in fake.operations
    assert all(made["service"] != "resourcegroupstaggingapi" for made in fake.made)


# ---- acmpca_certificate_authority_info


def test_info_by_name_reads_the_tags_of_the_named_ca_only(info, fake):
    arns = [fake.add(name=f"ca{number}") for number in range(9)]
    result = info(name="ca4")
    assert [found["arn"] for found in result["certificate_authorities"]] == [arns[4]]
    assert result["certificate_authorities"][0]["tags"] == {"Name": "ca4"}
    assert fake.operations.count("GetResources") == 1
    assert fake.operations.count("ListTags") == 1
    assert "DescribeCertificateAuthority" not in fake.operations
    assert set(fake.operations) == {"GetResources", "ListCertificateAuthorities", "ListTags"}


def test_info_by_tags_follows_the_pages_and_keeps_the_other_filters(info, fake):
    fake.resources_page_size = 2
    wanted = []
    for number in range(5):
        arn = fake.add(name=f"ca{number}", status="ACTIVE" if number % 2 else "PENDING_CERTIFICATE")
        fake.tags[arn].append({"Key": "team", "Value": "pki"})
        if number % 2:
            wanted.append(arn)
    fake.add(name="elsewhere")
    result = info(tags={"team": "pki"}, status=["ACTIVE"])
    assert sorted(found["arn"] for found in result["certificate_authorities"]) == sorted(wanted)
    assert fake.operations.count("GetResources") == 3
    assert fake.operations.count("ListTags") == 2  # only the ACTIVE ones the index named


def test_info_denied_falls_back_to_the_listing_with_one_warning(info, fake):
    fake.tagging_denied = True
    arns = [fake.add(name=f"ca{number}") for number in range(3)]
    result = info(name="ca2")
    assert [found["arn"] for found in result["certificate_authorities"]] == [arns[2]]
    assert fake.operations.count("ListTags") == 3
    assert len(denied_warnings(result)) == 1


def test_info_takes_an_empty_answer_as_it_is(info, fake):
    """Documented: a CA the tagging API has not indexed yet is missing for a while; no tags of unnamed CAs are read."""
    fresh = fake.add(name="fresh")
    fake.unindexed.add(fresh)
    result = info(name="fresh")
    assert result["certificate_authorities"] == []
    assert "ListTags" not in fake.operations
    assert denied_warnings(result) == []


def test_info_drops_a_ca_whose_own_tags_no_longer_match(info, fake):
    renamed = fake.add(name="other")
    fake.stale_index[renamed] = [{"Key": "Name", "Value": "unit"}]
    assert info(name="unit")["certificate_authorities"] == []


def test_info_skips_an_arn_the_index_keeps_after_the_ca_is_gone(info, fake):
    ghost = "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/00000000-0000-0000-0000-000000000000"
    fake.stale_index[ghost] = [{"Key": "Name", "Value": "unit"}]
    live = fake.add(name="unit")
    assert [found["arn"] for found in info(name="unit")["certificate_authorities"]] == [live]


@pytest.mark.parametrize("indexed", [False, True])
def test_info_lists_deleted_cas_by_tag_as_before(info, fake, indexed):
    """Whether or not the tagging API lists DELETED CAs: their own tags where ListTags gives them (the stand-in),
    else those the tagging API gives."""
    fake.index_lists_deleted = indexed
    fake.tags_of_deleted_readable = not indexed
    deleted = fake.add(name="unit", status="DELETED", RestorableUntil=RESTORABLE)
    result = info(name="unit")
    assert [found["arn"] for found in result["certificate_authorities"]] == [deleted]
    assert result["certificate_authorities"][0]["tags"] == {"Name": "unit"}


def test_info_for_shared_cas_or_without_name_and_tags_lists(info, fake):
    fake.add(name="unit")
    info(name="unit", resource_owner="OTHER_ACCOUNTS")
    info(status=["ACTIVE"])
    assert "GetResources" not in fake.operations
