"""Objective coverage: every brief objective has a pillar and an asset that speak to it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from actors.qc._rules_coverage import keywords
from contracts.common import Severity
from contracts.qc import CheckStatus, QcCheck, QcStatus
from tests.unit.test_qc_checks import CLEAN
from tests.unit.test_qc_factory import (
    OBJECTIVES,
    PILLARS,
    Campaign,
    brief,
    not_passed,
    strategy,
)

UNRELATED = "Sponsor a regional football tournament"


def coverage(campaign: Campaign = CLEAN) -> list[QcCheck]:
    return [c for c in campaign.run().checks if c.check_id == "coverage.objective"]


def test_one_check_per_objective_over_the_whole_set() -> None:
    checks = coverage()

    assert [c.asset_id for c in checks] == [None] * len(OBJECTIVES)
    assert all(c.status is CheckStatus.PASS for c in checks)
    assert '"Book 120 qualified demos"' in checks[0].evidence
    assert '"A live demo on your own ledger"' in checks[0].evidence


def test_objective_unrelated_to_every_pillar_and_asset_fails() -> None:
    campaign = replace(CLEAN, brief=brief(objectives=[*OBJECTIVES, UNRELATED]))

    report = campaign.run()

    failed = coverage(campaign)[-1]
    assert (failed.status, failed.severity) == (CheckStatus.FAIL, Severity.MAJOR)
    assert "pillars none; assets none" in failed.evidence
    assert failed.fix == f'add a pillar and an asset that speaks to "{UNRELATED}"'
    assert (report.status, report.score) == (QcStatus.WARN, 90)


def test_objective_with_a_pillar_but_no_asset_fails() -> None:
    pillars = [*PILLARS, "Pitchside at the regional football tournament"]
    doc = strategy()
    doc = doc.model_copy(update={"narrative": doc.narrative.model_copy(
        update={"pillars": pillars})})
    campaign = replace(CLEAN, strategy=doc, brief=brief(objectives=[*OBJECTIVES, UNRELATED]))

    failed = coverage(campaign)[-1]

    assert failed.status is CheckStatus.FAIL
    assert failed.fix == f'add an asset that speaks to "{UNRELATED}"'


def test_objective_with_assets_but_no_pillar_fails() -> None:
    doc = strategy()
    unrelated = ["Close in days, not weeks", "Calm month-end"]
    doc = doc.model_copy(update={"narrative": doc.narrative.model_copy(
        update={"pillars": unrelated})})

    report = replace(CLEAN, strategy=doc).run()

    assert not_passed(report) == [("coverage.objective", None)] * 3
    assert [c.fix for c in report.checks if c.status is CheckStatus.FAIL] == [
        f'add a pillar that speaks to "{o}"' for o in OBJECTIVES]


@pytest.mark.parametrize(
    ("objective", "text"),
    [("Grow newsletter subscribers", "Subscribe to the newsletter"),
     ("Lift engagement on Instagram", "Engaging posts"),
     ("Drive qualified leads", "Qualify your lead"),
     ("Increase demo bookings", "Book your demos")],
)
def test_keywords_match_across_word_forms(objective: str, text: str) -> None:
    assert keywords(objective) & keywords(text)


def test_objective_verbs_and_numbers_are_not_keywords() -> None:
    assert keywords("Grow sign-ups by 40% in 12 weeks") == frozenset({"sign"})
