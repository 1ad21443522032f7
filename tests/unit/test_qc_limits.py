"""Platform limits at their boundaries, and only on the channel they belong to."""

from __future__ import annotations

import pytest

from contracts.common import Channel, Severity
from contracts.qc import CheckStatus
from tests.unit.test_qc_checks import CALM, CLEAN, body
from tests.unit.test_qc_factory import find, not_passed

PASS, WARN, FAIL = CheckStatus.PASS, CheckStatus.WARN, CheckStatus.FAIL


def padded(asset_id: str, length: int) -> str:
    """The asset's body grown with a filler word to exactly `length` characters."""
    base = CLEAN.asset(asset_id).body + " "
    return base + "a" * (length - len(base))


@pytest.mark.parametrize(
    ("asset_id", "check_id", "limit"),
    [("x-1", "limit.x", 280), ("li-1", "limit.linkedin", 3000),
     ("ig-1", "limit.instagram", 2200)],
)
def test_character_limits_are_inclusive_blockers(asset_id: str, check_id: str,
                                                 limit: int) -> None:
    at = CLEAN.with_asset(asset_id, body=padded(asset_id, limit)).run()
    over = CLEAN.with_asset(asset_id, body=padded(asset_id, limit + 1)).run()

    assert find(at, check_id, asset_id).status is PASS
    failed = find(over, check_id, asset_id)
    assert (failed.status, failed.severity) == (FAIL, Severity.BLOCKER)
    assert f"is {limit + 1}; limit {limit}" in failed.evidence


def test_facebook_limit_is_63206_chars() -> None:
    report = CLEAN.with_asset("fb-1", body=padded("fb-1", 63207)).run()

    assert "is 63207; limit 63206" in find(report, "limit.facebook", "fb-1").evidence


def test_each_limit_runs_only_on_its_own_channel() -> None:
    report = CLEAN.with_asset("li-1", body=padded("li-1", 2000)).run()

    assert find(report, "limit.linkedin", "li-1").status is PASS
    by_channel = {(c.check_id, a.channel) for a in CLEAN.assets for c in report.checks
                  if c.asset_id == a.asset_id and c.check_id.startswith("limit.")}
    assert {cid for cid, ch in by_channel if ch is Channel.LINKEDIN} == {"limit.linkedin"}
    assert not {cid for cid, ch in by_channel if ch is Channel.BLOG}


@pytest.mark.parametrize(("tags", "status"), [(27, PASS), (28, FAIL)])
def test_instagram_allows_30_hashtags(tags: int, status: CheckStatus) -> None:
    extra = " " + " ".join(f"#tag{i}" for i in range(tags))  # plus the caption's own three

    check = find(body("ig-1", extra).run(), "limit.instagram_hashtags", "ig-1")

    assert (check.status, check.severity) == (status, Severity.MAJOR)


@pytest.mark.parametrize(
    ("headlines", "status"),
    [(["Northwind Reconciliation", "Close the Books in Days"], FAIL),
     (["Northwind Reconciliation"] + [f"Headline {i}" for i in range(14)], PASS),
     (["Northwind Reconciliation"] + [f"Headline {i}" for i in range(15)], FAIL),
     (["Northwind Reconciliation", "Book a Demo Today", "x" * 30], PASS),
     (["Northwind Reconciliation", "Book a Demo Today", "x" * 31], FAIL)],
)
def test_google_headlines_3_to_15_of_30_chars(headlines: list[str], status: CheckStatus) -> None:
    check = find(CLEAN.with_asset("gads-1", headlines=headlines).run(),
                 "limit.google_headline", "gads-1")

    assert (check.status, check.severity) == (status, Severity.BLOCKER)


def test_google_headline_evidence_quotes_the_long_one() -> None:
    long = "Reconcile Bank Lines as They Land"
    headlines = [*CLEAN.asset("gads-1").headlines, long]

    evidence = find(CLEAN.with_asset("gads-1", headlines=headlines).run(),
                    "limit.google_headline", "gads-1").evidence

    assert f'"{long}" ({len(long)} chars)' in evidence


@pytest.mark.parametrize(("count", "length", "status"),
                         [(1, 50, FAIL), (2, 90, PASS), (4, 50, PASS), (5, 50, FAIL),
                          (2, 91, FAIL)])
def test_google_descriptions_2_to_4_of_90_chars(count: int, length: int,
                                                 status: CheckStatus) -> None:
    descriptions = ["Northwind. Book a demo." + "d" * (length - 23)] * count

    check = find(CLEAN.with_asset("gads-1", descriptions=descriptions).run(),
                 "limit.google_description", "gads-1")

    assert check.status is status


@pytest.mark.parametrize(("length", "status"), [(40, PASS), (41, FAIL)])
def test_meta_headline_is_40_chars(length: int, status: CheckStatus) -> None:
    headline = "Northwind " + "h" * (length - 10)

    check = find(CLEAN.with_asset("meta-1", headlines=[headline]).run(),
                 "limit.meta_headline", "meta-1")

    assert (check.status, check.severity) == (status, Severity.MAJOR)


@pytest.mark.parametrize(("length", "status"), [(125, PASS), (126, WARN)])
def test_meta_primary_text_over_125_only_warns(length: int, status: CheckStatus) -> None:
    report = CLEAN.with_asset("meta-1", body=padded("meta-1", length)).run()

    assert find(report, "limit.meta_primary_text", "meta-1").status is status
    assert report.score == (100 if status is PASS else 95)


@pytest.mark.parametrize(("subject", "status"),
                         [(None, FAIL), ("  ", FAIL), ("Northwind " + "s" * 50, PASS),
                          ("Northwind " + "s" * 51, FAIL)])
def test_email_subject_present_and_at_most_60(subject: str | None, status: CheckStatus) -> None:
    check = find(CLEAN.with_asset("em-1", subject=subject).run(), "limit.email_subject", "em-1")

    assert (check.status, check.severity) == (status, Severity.MAJOR)


@pytest.mark.parametrize(("preheader", "status"),
                         [(None, FAIL), ("p" * 100, PASS), ("p" * 101, FAIL)])
def test_email_preheader_at_most_100(preheader: str | None, status: CheckStatus) -> None:
    check = find(CLEAN.with_asset("em-1", preheader=preheader).run(),
                 "limit.email_preheader", "em-1")

    assert (check.status, check.severity) == (status, Severity.MINOR)


@pytest.mark.parametrize(("words", "status"), [(150, PASS), (151, FAIL)])
def test_video_script_at_most_150_spoken_words(words: int, status: CheckStatus) -> None:
    spoken = 43  # the clean script, "month-end" as two words, directions not spoken
    assert "is 43;" in find(CLEAN.run(), "limit.video_length", "vid-1").evidence
    extra = "\n[Cut to close-up of the dashboard]\n" + "word " * (words - spoken)

    report = body("vid-1", extra).run()

    assert find(report, "limit.video_length", "vid-1").status is status
    assert not_passed(report) == ([] if status is PASS else [("limit.video_length", "vid-1")])
    assert f"is {words}; limit 150" in find(report, "limit.video_length", "vid-1").evidence


def test_filler_is_plain() -> None:
    assert CALM.split() == ["Calm", "close."]
