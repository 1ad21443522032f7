"""QC over the strategy document: residue, placeholders and forbidden claims in any section
fail as blockers that name the section, while the rules that quote what they forbid pass."""

from __future__ import annotations

from typing import Any

import pytest

from actors.qc._rules import evaluate
from actors.qc._rules_documents import strategy_checks, strategy_sections
from contracts.qc import CheckStatus, QcStatus
from contracts.strategy import StrategyDoc
from tests.unit.test_qc_factory import assets, brief, calendar, strategy

DEFECTS = {
    "template residue": ("{{discount_code}}", '"{{discount_code}}"'),
    "placeholder": ("[Insert offer here]", '"[Insert offer here]"'),
    "forbidden claim": ("risk-free", '"risk-free"'),
}


def seeded(section: str, text: str) -> StrategyDoc:
    """The factory strategy with `text` written into one section."""
    doc = strategy()
    changes: dict[str, Any] = {
        "positioning": {"value": doc.value.model_copy(
            update={"positioning": f"The close, in days, {text}"})},
        "narrative": {"narrative": doc.narrative.model_copy(
            update={"taglines": [f"Close in days {text}"]})},
        "personas": {"personas": [doc.personas[0].model_copy(
            update={"pains": [f"a week-long close {text}"]}), doc.personas[1]]},
        "timeline": {"timeline": [doc.timeline[0].model_copy(
            update={"name": f"launch {text}"}), doc.timeline[1]]},
        "call_to_action": {"call_to_action": f"Book a demo {text}"},
    }
    return doc.model_copy(update=changes[section])


def failed(doc: StrategyDoc) -> list[tuple[str, str | None, str]]:
    return [(c.check_id, c.asset_id, c.evidence) for c in strategy_checks(brief(), doc)
            if c.status is CheckStatus.FAIL]


def test_a_clean_strategy_passes_a_check_per_section_and_rule() -> None:
    checks = strategy_checks(brief(), strategy())
    sections = [target for target, _ in strategy_sections(strategy())]
    claimable = [t for t in sections if t not in ("strategy:avoid", "strategy:constraints")]
    assert [(c.check_id, c.asset_id) for c in checks] == [
        *(("strategy.placeholder", t) for t in sections),
        *(("strategy.claim", t) for t in claimable)]
    assert all(c.status is CheckStatus.PASS and not c.fix for c in checks)


@pytest.mark.parametrize("defect", sorted(DEFECTS))
@pytest.mark.parametrize("section",
                         ["positioning", "narrative", "personas", "timeline", "call_to_action"])
def test_each_defect_in_each_section_is_a_blocker_naming_the_section(defect, section) -> None:
    text, shown = DEFECTS[defect]
    [(check_id, target, evidence)] = failed(seeded(section, text))
    rule = "strategy.claim" if defect == "forbidden claim" else "strategy.placeholder"
    assert (check_id, target) == (rule, f"strategy:{section}")
    assert shown in evidence


def test_the_strategys_own_forbidden_claims_count_everywhere_but_in_its_rules() -> None:
    doc = strategy()  # forbids "zero errors" (quoted) and "fastest close in the industry"
    assert failed(doc) == []  # the constraints section names both: that is guidance
    bad = seeded("positioning", "with zero errors, the fastest close in the industry")
    [(_, target, evidence)] = failed(bad)
    assert target == "strategy:positioning"
    assert evidence == 'forbidden claims: "zero errors", "fastest close in the industry"'


def test_what_not_to_do_in_the_market_may_quote_a_risky_claim() -> None:
    doc = strategy()
    doc = doc.model_copy(update={"market": doc.market.model_copy(
        update={"avoid": ["Never promise 'guaranteed' savings"]})})
    assert failed(doc) == []


def test_regulated_claims_fail_only_where_the_industry_is_regulated() -> None:
    doc = seeded("positioning", "a safe investment for your team")
    assert failed(doc) == []
    regulated = [c for c in strategy_checks(brief(industry="fintech"), doc)
                 if c.status is CheckStatus.FAIL]
    assert [(c.asset_id, c.evidence) for c in regulated] == [
        ("strategy:positioning", 'forbidden claims: "safe investment"')]


def test_every_section_is_read() -> None:
    names = [target.removeprefix("strategy:") for target, _ in strategy_sections(strategy())]
    assert names == ["brand", "audience", "business", "market", "avoid", "personas",
                     "positioning", "value", "narrative", "channel_plan", "constraints",
                     "measurement", "timeline", "call_to_action", "hashtags"]
    assert all(text for _, text in strategy_sections(strategy()))


def test_the_evaluation_reports_strategy_blockers_apart_from_asset_ones() -> None:
    clean = evaluate(brief(), strategy(), assets(), calendar())
    assert clean.status is QcStatus.PASS and clean.strategy_blockers == []

    report = evaluate(brief(), seeded("positioning", "{{discount_code}}"), assets(),
                      calendar())
    assert report.status is QcStatus.FAIL
    assert [c.asset_id for c in report.strategy_blockers] == ["strategy:positioning"]
    assert report.blockers == report.strategy_blockers  # the assets themselves are clean
