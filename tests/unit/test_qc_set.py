"""Checks over the whole set: duplicates and near-duplicates, calendar conflicts, unknown
assets in the calendar, repeated hooks.
"""

from __future__ import annotations

from dataclasses import replace

from actors.qc._rules_set import similarity
from contracts.common import Channel, Severity
from contracts.qc import CheckStatus, QcStatus
from tests.unit.test_qc_checks import CLEAN
from tests.unit.test_qc_factory import START, entry, find, not_passed

FAIL = CheckStatus.FAIL


def test_similarity_is_shingle_jaccard() -> None:
    assert similarity("a b c d", "A  b c, d!") == 1.0
    assert similarity("a b c d", "a b c e") == 1 / 3  # {abc, bcd} vs {abc, bce}
    assert similarity("", "") == 1.0


def test_near_duplicate_of_the_same_kind_is_caught_with_its_score() -> None:
    li = CLEAN.asset("li-1")
    reworded = li.body.replace("short review", "quick review")
    campaign = CLEAN.with_asset("li-2", body=reworded, hook=li.hook, cta=li.cta)
    # li-2's own calendar entry keeps its old hook, so only li-2's hook field repeats.

    report = campaign.run()

    dup = find(report, "duplicate")
    assert (dup.status, dup.severity) == (FAIL, Severity.MINOR)
    score = similarity(f"{li.body}\n{li.hook}", f"{reworded}\n{li.hook}")
    assert score >= 0.8
    assert f"li-1 ~ li-2 (similarity {score:.2f})" in dup.evidence
    assert ("hook.repeat", None) in not_passed(report)


def test_same_pillar_rewritten_for_its_channel_is_not_a_duplicate() -> None:
    assert find(CLEAN.run(), "duplicate").evidence == "no two of 12 assets alike"


def test_identical_bodies_are_caught_across_kinds() -> None:
    x = CLEAN.asset("x-1")
    campaign = CLEAN.with_asset("ig-1", body="  " + x.body.upper().replace(" ", "\n "),
                                cta=x.cta)

    report = campaign.run()

    assert not_passed(report) == [("duplicate", None)]
    assert "x-1 = ig-1 (identical body)" in find(report, "duplicate").evidence
    assert (report.status, report.score) == (QcStatus.WARN, 97)


def test_similar_copy_of_different_kinds_is_left_alone() -> None:
    em = CLEAN.asset("em-1")
    campaign = CLEAN.with_asset("blog-1", body=em.body + "\nMore soon.", cta=em.cta)

    assert find(campaign.run(), "duplicate").status is CheckStatus.PASS


def test_two_entries_on_one_channel_one_day_conflict() -> None:
    moved = [e.model_copy(update={"day": START}) if e.asset_id == "li-2" else e
             for e in CLEAN.calendar]

    report = replace(CLEAN, calendar=moved).run()

    conflict = find(report, "calendar.conflict")
    assert (conflict.status, conflict.severity) == (FAIL, Severity.MAJOR)
    assert "2027-02-01 linkedin: li-1, li-2" in conflict.evidence
    assert (report.status, report.score) == (QcStatus.WARN, 90)


def test_different_channels_may_share_a_day() -> None:
    days = {e.day for e in CLEAN.calendar if e.asset_id in ("x-1", "li-1")}

    assert len(days) == 1
    assert find(CLEAN.run(), "calendar.conflict").status is CheckStatus.PASS


def test_unknown_asset_in_calendar_is_named() -> None:
    calendar = [*CLEAN.calendar, entry(20, Channel.X, "x-9", "A new hook."),
                entry(21, Channel.X, "x-9", "Another new hook.")]

    report = replace(CLEAN, calendar=calendar).run()

    unknown = find(report, "calendar.unknown_asset")
    assert (unknown.status, unknown.severity) == (FAIL, Severity.MAJOR)
    assert unknown.evidence == "calendar schedules unknown assets: x-9"
    assert not_passed(report) == [("calendar.unknown_asset", None)]


def test_empty_calendar_passes_the_calendar_checks() -> None:
    report = replace(CLEAN, calendar=[]).run()

    assert not_passed(report) == []


def test_an_asset_and_its_own_entry_share_a_hook_without_repeating() -> None:
    x = CLEAN.asset("x-1")

    assert [e.hook for e in CLEAN.calendar if e.asset_id == "x-1"] == [x.hook]
    assert find(CLEAN.run(), "hook.repeat").status is CheckStatus.PASS


def test_hook_repeated_across_calendar_entries_is_caught() -> None:
    calendar = [e.model_copy(update={"hook": "Month-end should NOT take a week!"})
                if e.asset_id == "fb-1" else e for e in CLEAN.calendar]

    report = replace(CLEAN, calendar=calendar).run()

    hook = find(report, "hook.repeat")
    assert (hook.status, hook.severity) == (FAIL, Severity.MINOR)
    assert '"month end should not take a week" (assets x-1, fb-1;' in hook.evidence


def test_one_asset_scheduled_twice_repeats_its_hook() -> None:
    x = CLEAN.asset("x-1")
    calendar = [*CLEAN.calendar, entry(25, Channel.X, "x-1", x.hook or "")]

    report = replace(CLEAN, calendar=calendar).run()

    assert not_passed(report) == [("hook.repeat", None)]
    assert "2 calendar entries" in find(report, "hook.repeat").evidence
