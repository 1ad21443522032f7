"""Every QC check id: one seeded defect is caught by exactly that check, and the same check
passes on the clean campaign. The ids are a contract with production's reviser.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from contracts.common import Channel, Severity
from contracts.qc import CheckStatus, QcStatus
from tests.unit.test_qc_factory import OBJECTIVES, START, Campaign, brief, entry, find, not_passed

B, M, m = Severity.BLOCKER, Severity.MAJOR, Severity.MINOR
FAIL, WARN = CheckStatus.FAIL, CheckStatus.WARN
CLEAN = Campaign()
REGULATED = replace(CLEAN, brief=brief(regulated=True))
CALM = "Calm close. "  # filler that is short, plain and free of every banned phrase


def body(asset_id: str, extra: str, base: Campaign = CLEAN) -> Campaign:
    return base.with_asset(asset_id, body=base.asset(asset_id).body + extra)


def swap(asset_id: str, old: str, new: str) -> Campaign:
    return CLEAN.with_asset(asset_id, body=CLEAN.asset(asset_id).body.replace(old, new))


def _duplicate() -> Campaign:
    li = CLEAN.asset("li-1")
    return CLEAN.with_asset("fb-1", body=li.body, cta=li.cta)


def _conflict() -> Campaign:
    # li-2 moves onto li-1's day: two LinkedIn posts on one day.
    moved = [e.model_copy(update={"day": START}) if e.asset_id == "li-2" else e
             for e in CLEAN.calendar]
    return replace(CLEAN, calendar=moved)


def _positioning(extra: str) -> Campaign:
    value = CLEAN.strategy.value
    return replace(CLEAN, strategy=CLEAN.strategy.model_copy(update={"value": value.model_copy(
        update={"positioning": value.positioning + extra})}))


LONG_SENTENCE = ("Northwind is the reconciliation platform that finance teams at growing "
                 "companies use when they want every bank line, card charge and payout matched "
                 "against the general ledger automatically and continuously, without exporting "
                 "spreadsheets, writing lookup formulas or waiting for the end of the month, "
                 "so book a demo")

Case = tuple[Callable[[], Campaign], str, str | None, Severity, CheckStatus]

CASES: dict[str, Case] = {
    "placeholder": (lambda: body("li-1", " Pricing: TBD."), "li-1", B, FAIL),
    "limit.x": (lambda: body("x-1", " " + "a" * 154), "x-1", B, FAIL),
    "limit.linkedin": (lambda: body("li-1", " " + CALM * 250), "li-1", B, FAIL),
    "limit.instagram": (lambda: body("ig-1", " " + CALM * 170), "ig-1", B, FAIL),
    "limit.instagram_hashtags": (
        lambda: body("ig-1", " " + " ".join(f"#tag{i}" for i in range(28))), "ig-1", M, FAIL),
    "limit.facebook": (lambda: body("fb-1", " " + CALM * 5300), "fb-1", B, FAIL),
    "limit.google_headline": (
        lambda: CLEAN.with_asset("gads-1", headlines=[*CLEAN.asset("gads-1").headlines,
                                                      "Reconcile Bank Lines as They Land"]),
        "gads-1", B, FAIL),
    "limit.google_description": (
        lambda: CLEAN.with_asset("gads-1", descriptions=CLEAN.asset("gads-1").descriptions[:1]),
        "gads-1", B, FAIL),
    "limit.meta_headline": (
        lambda: CLEAN.with_asset("meta-1", headlines=["Close the books in days, every month, "
                                                      "with Northwind"]),
        "meta-1", M, FAIL),
    "limit.meta_primary_text": (lambda: body("meta-1", " " + CALM * 3), "meta-1", M, WARN),
    "limit.email_subject": (
        lambda: CLEAN.with_asset("em-1", subject="Northwind: " + "close in days " * 4),
        "em-1", M, FAIL),
    "limit.email_preheader": (
        lambda: CLEAN.with_asset("em-2", preheader="Their controller now ends " + CALM * 7),
        "em-2", m, FAIL),
    "limit.video_length": (lambda: body("vid-1", "\n" + CALM * 55), "vid-1", M, FAIL),
    "cta": (lambda: CLEAN.with_asset("x-1", cta="Start a free trial"), "x-1", B, FAIL),
    "email.single_cta": (lambda: swap("em-1", "Month-end", "Book a demo. Month-end"),
                         "em-1", M, FAIL),
    "email.unsubscribe": (lambda: swap("em-2", " Unsubscribe any time.", ""), "em-2", B, FAIL),
    "cliche": (lambda: body("fb-1", " It is a game-changer."), "fb-1", m, FAIL),
    "claim.risky": (lambda: body("ig-1", " Guaranteed."), "ig-1", B, FAIL),
    "claim.regulated": (lambda: body("li-1", " Clinically proven.", REGULATED), "li-1", B, FAIL),
    "brand": (lambda: swap("x-1", "Northwind", "Our tool"), "x-1", B, FAIL),
    "internal_marker": (lambda: body("blog-1", "\nFIXME: add stats"), "blog-1", B, FAIL),
    "readability": (lambda: CLEAN.with_asset("li-1", body=LONG_SENTENCE), "li-1", m, WARN),
    "duplicate": (_duplicate, None, m, FAIL),
    "calendar.conflict": (_conflict, None, M, FAIL),
    "calendar.unknown_asset": (
        lambda: replace(CLEAN, calendar=[*CLEAN.calendar,
                                         entry(20, Channel.X, "x-9", "A hook nobody used.")]),
        None, M, FAIL),
    "hook.repeat": (lambda: CLEAN.with_asset("ig-1", hook=CLEAN.asset("x-1").hook),
                    None, m, FAIL),
    "coverage.objective": (
        lambda: replace(CLEAN, brief=brief(
            objectives=[*OBJECTIVES, "Sponsor a regional football tournament"])),
        None, M, FAIL),
    "strategy.placeholder": (lambda: _positioning(" Pricing: [Insert price here]."),
                             "strategy:positioning", B, FAIL),
    "strategy.claim": (lambda: _positioning(" Risk-free."), "strategy:positioning", B, FAIL),
}


@pytest.mark.parametrize("check_id", list(CASES))
def test_seeded_defect_is_caught_by_its_check_alone(check_id: str) -> None:
    seed, asset_id, severity, status = CASES[check_id]

    report = seed().run()

    assert not_passed(report) == [(check_id, asset_id)]
    caught = next(c for c in report.checks if c.status is not CheckStatus.PASS)
    assert (caught.severity, caught.status) == (severity, status)
    assert caught.evidence and caught.fix
    expected = QcStatus.FAIL if (severity, status) == (B, FAIL) else QcStatus.WARN
    assert report.status is expected


@pytest.mark.parametrize("check_id", list(CASES))
def test_the_same_check_passes_on_clean_content(check_id: str) -> None:
    _, asset_id, _, _ = CASES[check_id]
    clean = REGULATED if check_id == "claim.regulated" else CLEAN

    passed = [c for c in clean.run().checks if (c.check_id, c.asset_id) == (check_id, asset_id)]

    assert passed and all(c.status is CheckStatus.PASS and c.fix == "" for c in passed)


def test_every_check_id_the_engine_reports_has_a_seeded_defect() -> None:
    reported = {c.check_id for c in REGULATED.run().checks}

    assert reported == set(CASES)


@pytest.mark.parametrize("check_id", ["limit.x", "placeholder", "claim.risky", "brand"])
def test_evidence_quotes_what_was_found_or_measured(check_id: str) -> None:
    seed, asset_id, _, _ = CASES[check_id]

    evidence = find(seed().run(), check_id, asset_id).evidence

    assert {"limit.x": "281", "placeholder": '"TBD"', "claim.risky": '"Guaranteed"',
            "brand": '"Northwind" not named'}[check_id] in evidence
