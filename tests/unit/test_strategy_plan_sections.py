"""Unit tests for the strategy's prose sections: each is filled, specific to the brief, and
long enough to carry a multi-page strategy document.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from actors.strategy._plan import derive_strategy
from contracts.common import Channel
from contracts.strategy import StrategyDoc
from tests.unit.test_strategy_plan import make_brief

SAAS = {
    "client_id": "client-ledgerline", "client_name": "Ledgerline Inc.", "brand": "Ledgerline",
    "website": "https://ledgerline.io", "domain": "ledgerline.io", "industry": "b2b saas",
    "geography": "United States",
    "offer": "Accounts-payable automation for mid-market finance teams: 30-day free pilot "
             "with NetSuite sync",
    "target_audience": "Controllers and VPs of Finance at US companies with 200-2,000 staff",
    "objectives": ["Book 120 qualified demos", "Grow pilot sign-ups by 40%"],
    "channels": [Channel.LINKEDIN, Channel.EMAIL], "currency": "USD",
    "tone": "precise, practical",
}
MINIMAL = {"objectives": ["Increase online sales"], "channels": [Channel.X],
           "offer": "Linen shirts", "target_audience": "Commuters", "tone": "clear",
           "duration_weeks": 1}


def strings(value: Any) -> list[str]:
    """Every string in a dumped model, however deeply nested."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def word_count(doc: StrategyDoc) -> int:
    return sum(len(s.split()) for s in strings(doc.model_dump(mode="json")))


@pytest.mark.parametrize("overrides", [{}, SAAS, MINIMAL,
                                       {"industry": "pharma", "regulated": True,
                                        "geography": "Germany"},
                                       {"geography": "Beijing, China"}])
def test_a_strategy_is_substantive(overrides: dict[str, Any]) -> None:
    doc = derive_strategy(make_brief(**overrides), 0)
    assert word_count(doc) >= 1200
    # Sentences, not fragments: the long-form sections end like prose.
    for text in (doc.business.model, doc.business.revenue_logic, doc.value.positioning,
                 doc.narrative.problem, doc.narrative.resolution):
        assert text.endswith(".") and len(text.split()) >= 15, text


def test_every_section_is_filled() -> None:
    doc = derive_strategy(make_brief(), 0)
    assert doc.business.model and doc.business.offer and doc.business.revenue_logic
    assert doc.market.category
    assert 2 <= len(doc.market.alternatives) <= 4
    assert 2 <= len(doc.market.avoid) <= 4
    assert len(doc.value.proof_points) >= 3 and len(doc.value.differentiators) >= 3
    assert 3 <= len(doc.narrative.pillars) <= 4
    assert 2 <= len(doc.narrative.taglines) <= 3
    assert len(doc.constraints.compliance) >= 3 and len(doc.constraints.brand_voice) >= 3
    assert doc.measurement.review_cadence and doc.measurement.leading_indicators
    assert doc.call_to_action and doc.hashtags


def test_sections_speak_in_the_briefs_words() -> None:
    brief = make_brief(**SAAS)
    doc = derive_strategy(brief, 0)

    assert "Ledgerline" in doc.business.model
    assert brief.offer in doc.business.offer
    assert "$48" not in doc.business.revenue_logic  # the budget below, not another's
    assert "$12,000.00" in doc.business.revenue_logic
    assert "book 120 qualified demos" in doc.business.revenue_logic
    assert "accounts-payable automation" in doc.market.category
    assert "the United States" in doc.market.category
    assert any("accounts-payable automation" in a for a in doc.market.alternatives)
    assert doc.narrative.problem.startswith("Controllers and VPs of Finance in the United")
    assert "Ledgerline" in doc.narrative.resolution
    assert doc.call_to_action in doc.narrative.resolution
    assert any("30-day free pilot" in p for p in doc.value.proof_points)
    assert any("LinkedIn and email" in d for d in doc.value.differentiators)


def test_positioning_names_brand_audience_and_offer() -> None:
    brief = make_brief()
    positioning = derive_strategy(brief, 0).value.positioning

    assert positioning.startswith("For urban commuters aged 25-40 in the United Kingdom")
    assert "Acme" in positioning and brief.offer in positioning
    assert derive_strategy(brief, 0).positioning == positioning


def test_industry_shapes_the_business_and_market() -> None:
    retail = derive_strategy(make_brief(), 0)
    saas = derive_strategy(make_brief(**SAAS), 0)

    assert "order" in retail.business.model and "Subscription" in saas.business.model
    assert set(retail.market.alternatives).isdisjoint(saas.market.alternatives)
    assert retail.market.avoid != saas.market.avoid


@pytest.mark.parametrize(("overrides", "audience"), [
    ({}, "urban commuters aged 25-40"), (MINIMAL, "commuters"),
    (SAAS, "controllers and vps of finance")])
def test_personas_come_from_the_audience(overrides: dict[str, Any], audience: str) -> None:
    brief = make_brief(**overrides)
    people = derive_strategy(brief, 0).personas

    assert 2 <= len(people) <= 3
    assert len({p.name for p in people}) == len(people)
    for person in people:
        assert audience in person.role.lower(), person.role
        assert len(person.pains) >= 2 and len(person.motivations) >= 2
        assert len(person.objections) >= 2
    # Personas differ in what drives them, even when the objectives are alike.
    assert len({p.motivations[0] for p in people}) >= 2
    assert len({p.objections[0] for p in people}) == len(people)


def test_business_buyers_get_business_personas() -> None:
    b2b = " ".join(p.name for p in derive_strategy(make_brief(**SAAS), 0).personas)
    b2c = " ".join(p.name for p in derive_strategy(make_brief(), 0).personas)
    assert "budget holder" in b2b and "budget holder" not in b2c


def test_pillars_carry_their_objectives() -> None:
    objectives = ["Book 120 qualified demos", "Grow pilot sign-ups by 40%",
                  "Build a retargeting audience of finance leaders"]
    pillars = derive_strategy(make_brief(objectives=objectives), 0).narrative.pillars

    assert pillars[0].startswith("Qualified demos: ")
    assert pillars[1].startswith("Pilot sign-ups: ")
    assert pillars[2].startswith("Retargeting audience of finance leaders: ")
    assert len({p.lower() for p in pillars}) == len(pillars)


def test_pillars_stay_at_four_and_every_objective_keeps_one() -> None:
    objectives = ["Increase revenue", "Reach new parents", "Grow community",
                  "More site visits", "Reduce churn", "Win the Golden Pencil award"]
    pillars = derive_strategy(make_brief(objectives=objectives), 0).narrative.pillars

    assert len(pillars) == 4
    text = " ".join(pillars).lower()
    for topic in ("revenue", "parents", "community", "site visits", "churn",
                  "golden pencil award"):
        assert topic in text


def test_short_briefs_still_get_three_pillars() -> None:
    pillars = derive_strategy(make_brief(objectives=["Increase online sales"]), 0).messaging_pillars
    assert len(pillars) == 3
    assert len({p.lower() for p in pillars}) == 3


@pytest.mark.parametrize("seed", range(5))
def test_taglines_name_the_brand_or_offer(seed: int) -> None:
    doc = derive_strategy(make_brief(), seed)
    assert 2 <= len(doc.narrative.taglines) <= 3
    assert len(set(doc.narrative.taglines)) == len(doc.narrative.taglines)
    for tagline in doc.narrative.taglines:
        assert "Acme" in tagline or "spring linen collection" in tagline.lower()


@pytest.mark.parametrize(
    ("objective", "expected"),
    [
        ("Generate demo requests", "Book a demo at acme.com"),
        ("Start a free trial", "Sign up at acme.com"),
        ("Increase online sales", "Shop the spring linen collection at acme.com"),
        ("Build brand awareness", "Discover the spring linen collection"),
        ("Win the Golden Pencil award", "acme.com"),
    ],
)
def test_cta_follows_primary_objective_and_names_domain(objective: str, expected: str) -> None:
    cta = derive_strategy(make_brief(objectives=[objective, "Reduce churn"]), 0).call_to_action
    assert expected in cta
    assert "acme.com" in cta


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"brand": "HP", "industry": "it", "offer": "{{discount}}"},
        {"brand": "Café Noir & Co.", "offer": "Single-origin espresso subscriptions"},
    ],
)
def test_hashtags_are_clean_unique_and_bounded(overrides: dict[str, Any]) -> None:
    tags = derive_strategy(make_brief(**overrides), 0).hashtags

    assert 3 <= len(tags) <= 8
    assert all(re.fullmatch(r"#[^\W_]+", t) for t in tags), tags
    assert len({t.lower() for t in tags}) == len(tags)


def test_hashtags_come_from_brand_industry_and_offer() -> None:
    tags = derive_strategy(make_brief(), 0).hashtags
    assert tags[:2] == ["#Acme", "#OutdoorApparel"]
    assert any(t in tags for t in ("#Spring", "#Linen", "#Collection", "#Shirts"))


def test_odd_brief_text_is_used_as_words_not_templates() -> None:
    brief = make_brief(tone="{aud}, bold", offer="The {brand} bundle: {{x}} off",
                       budget=Decimal("999.99"))
    doc = derive_strategy(brief, 0)
    assert any(v.startswith("{aud}:") for v in doc.constraints.brand_voice)
    assert brief.offer in doc.value.positioning
