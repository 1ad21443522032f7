"""QC scoring and report shape: exact penalties, WARN costs 5, floor at 0, stable order."""

from __future__ import annotations

import pytest

from actors.qc._rules import score, status
from contracts.common import Severity
from contracts.qc import CheckStatus, QcCheck, QcStatus
from tests.unit.test_qc_checks import CALM, CLEAN, body
from tests.unit.test_qc_factory import Campaign, not_passed


def synthetic(*pairs: tuple[Severity, CheckStatus]) -> list[QcCheck]:
    return [QcCheck(check_id=f"c{i}", asset_id=None, severity=sev, status=st, evidence="e")
            for i, (sev, st) in enumerate(pairs)]


B, M, m = Severity.BLOCKER, Severity.MAJOR, Severity.MINOR
P, W, F = CheckStatus.PASS, CheckStatus.WARN, CheckStatus.FAIL


@pytest.mark.parametrize(
    ("checks", "expected"),
    [
        ([(B, P), (M, P), (m, P)], (100, QcStatus.PASS)),
        ([(B, F)], (70, QcStatus.FAIL)),
        ([(M, F)], (90, QcStatus.WARN)),
        ([(m, F)], (97, QcStatus.WARN)),
        ([(m, W)], (95, QcStatus.WARN)),
        ([(B, W)], (95, QcStatus.WARN)),  # a warned blocker is advice, not a failure
        ([(B, F), (M, F), (m, F), (m, W)], (52, QcStatus.FAIL)),
        ([(B, F)] * 4, (0, QcStatus.FAIL)),
        ([(m, W)] * 21, (0, QcStatus.WARN)),
    ],
)
def test_score_and_status_arithmetic(
    checks: list[tuple[Severity, CheckStatus]], expected: tuple[int, QcStatus]
) -> None:
    assert (score(synthetic(*checks)), status(synthetic(*checks))) == expected


def _subject_and_cliche() -> Campaign:
    over = CLEAN.with_asset("em-1", subject="Northwind: " + "close in days " * 4)
    return body("fb-1", " Truly world-class.", over)


def test_major_and_minor_failures_warn_at_87() -> None:
    report = _subject_and_cliche().run()

    assert not_passed(report) == [("cliche", "fb-1"), ("limit.email_subject", "em-1")]
    assert (report.status, report.score) == (QcStatus.WARN, 100 - 10 - 3)


def test_a_warning_costs_5_and_stacks_with_failures() -> None:
    campaign = body("meta-1", " " + CALM * 3, _subject_and_cliche())

    report = campaign.run()

    assert len(not_passed(report)) == 3
    assert (report.status, report.score) == (QcStatus.WARN, 100 - 10 - 3 - 5)


def test_one_failed_blocker_fails_the_report() -> None:
    report = body("meta-1", " " + CALM * 3, body("x-1", " TODO")).run()

    assert not_passed(report) == [("placeholder", "x-1"), ("limit.meta_primary_text", "meta-1")]
    assert (report.status, report.score) == (QcStatus.FAIL, 100 - 30 - 5)


def test_score_floors_at_zero() -> None:
    broken = CLEAN
    for asset_id in ("x-1", "li-1", "ig-1", "fb-1"):
        broken = body(asset_id, " TBD, guaranteed. FIXME", broken)

    report = broken.run()

    assert len(report.blockers) == 12  # placeholder, claim.risky, internal_marker each
    assert (report.status, report.score) == (QcStatus.FAIL, 0)


def test_round_is_copied_into_the_report() -> None:
    assert [CLEAN.run(round=n).round for n in (0, 1, 2)] == [0, 1, 2]


def test_same_input_gives_identical_report() -> None:
    assert Campaign().run().model_dump_json() == Campaign().run().model_dump_json()


def test_checks_run_asset_by_asset_then_over_the_set() -> None:
    report = CLEAN.run()

    em = [c.check_id for c in report.checks if c.asset_id == "em-1"]
    assert em == ["placeholder", "limit.email_subject", "limit.email_preheader", "cta", "brand",
                  "cliche", "claim.risky", "internal_marker", "email.single_cta",
                  "email.unsubscribe", "readability"]
    assert [c.check_id for c in report.checks if c.asset_id is None] == [
        "duplicate", "calendar.conflict", "calendar.unknown_asset", "hook.repeat",
        *["coverage.objective"] * 3]
    assert [c.asset_id for c in report.checks][:2] == ["x-1", "x-1"]
    # then the strategy document's, section by section (test_qc_documents)
    assert report.checks[-1].asset_id == "strategy:hashtags"
    last_set_check = max(i for i, c in enumerate(report.checks) if c.asset_id is None)
    assert all((c.asset_id or "").startswith("strategy:")
               for c in report.checks[last_set_check + 1:])


def test_report_lists_passed_checks_too() -> None:
    report = CLEAN.run()

    assert len(report.checks) == 109 + 15 + 13  # assets and set, then strategy sections
    assert all(c.status is CheckStatus.PASS and not c.fix and c.evidence for c in report.checks)
