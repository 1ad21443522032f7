"""Claims: risky promises fail everywhere; regulated industries get a stricter list; the
strategy's own forbidden claims are enforced too.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from actors.qc._rules_claims import claim_phrases
from contracts.common import Severity
from contracts.qc import CheckStatus, QcStatus
from tests.unit.test_qc_checks import CLEAN, REGULATED, body
from tests.unit.test_qc_factory import brief, find, not_passed, strategy


@pytest.mark.parametrize(
    "claim", ["Guaranteed", "we guarantee results", "the #1 tool", "Number one for finance",
              "No. 1 in reviews", "risk-free", "risk free", "no risk", "It will cure your close",
              "100% effective", "instant results"],
)
def test_risky_claims_are_blockers_in_any_industry(claim: str) -> None:
    report = body("li-1", f" {claim}.").run()

    found = find(report, "claim.risky", "li-1")
    assert (found.status, found.severity) == (CheckStatus.FAIL, Severity.BLOCKER)
    assert found.fix
    assert not_passed(report) == [("claim.risky", "li-1")]


@pytest.mark.parametrize(
    "prose", ["A secure vault for receipts.", "Ranked in the top 10 by users.",
              "Our #10 release is out.", "There is some risk in change.", "Procured in a day."],
)
def test_near_misses_are_not_claims(prose: str) -> None:
    assert not_passed(body("li-1", f" {prose}").run()) == []


def test_the_strategys_forbidden_claims_are_enforced() -> None:
    report = body("x-1", " Zero errors.", body("li-1", " The fastest close in the industry.")).run()

    assert not_passed(report) == [("claim.risky", "x-1"), ("claim.risky", "li-1")]
    assert '"Zero errors"' in find(report, "claim.risky", "x-1").evidence


def test_forbidden_claims_written_as_guidance_match_their_quoted_phrase() -> None:
    assert claim_phrases(["Never claim 'zero errors'", 'Avoid "best price" and \u201cfree '
                          'forever\u201d', "fastest close.", "  "]) == [
        "zero errors", "best price", "free forever", "fastest close"]


def test_a_new_forbidden_claim_applies_without_code_changes() -> None:
    campaign = replace(body("fb-1", " Loved by auditors."),
                       strategy=strategy(forbidden_claims=["loved by auditors"]))

    assert not_passed(campaign.run()) == [("claim.risky", "fb-1")]


REGULATED_ONLY = ["Clinically proven.", "Doctor-recommended.", "Double your money.",
                  "Win big tonight.", "We will win your case.", "A safe investment.",
                  "Guaranteed returns."]


@pytest.mark.parametrize("claim", REGULATED_ONLY)
def test_regulated_industry_forbids_the_stricter_list(claim: str) -> None:
    report = body("li-1", f" {claim}", REGULATED).run()

    found = find(report, "claim.regulated", "li-1")
    assert (found.status, found.severity) == (CheckStatus.FAIL, Severity.BLOCKER)
    assert report.status is QcStatus.FAIL


@pytest.mark.parametrize("claim", REGULATED_ONLY[:-1])
def test_unregulated_industry_allows_the_stricter_list(claim: str) -> None:
    report = body("li-1", f" {claim}").run()

    assert not_passed(report) == []
    assert not [c for c in report.checks if c.check_id == "claim.regulated"]


def test_guaranteed_returns_is_risky_everywhere_and_regulated_too() -> None:
    unregulated = body("li-1", " Guaranteed returns.").run()
    regulated = body("li-1", " Guaranteed returns.", REGULATED).run()

    assert not_passed(unregulated) == [("claim.risky", "li-1")]
    assert not_passed(regulated) == [("claim.risky", "li-1"), ("claim.regulated", "li-1")]
    assert regulated.score == 100 - 30 - 30


@pytest.mark.parametrize("industry", ["consumer finance", "healthcare", "pharma", "legal services",
                                      "online gambling", "crypto exchange"])
def test_industry_alone_makes_a_brief_regulated(industry: str) -> None:
    campaign = replace(body("li-1", " Clinically proven."),
                       brief=brief(industry=industry, regulated=False))

    assert not_passed(campaign.run()) == [("claim.regulated", "li-1")]


def test_regulated_brief_checks_every_asset() -> None:
    report = REGULATED.run()

    regulated = [c.asset_id for c in report.checks if c.check_id == "claim.regulated"]
    assert regulated == [a.asset_id for a in CLEAN.assets]
    assert (report.status, report.score) == (QcStatus.PASS, 100)
