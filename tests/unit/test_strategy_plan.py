"""Unit tests for strategy derivation: budgets add up, KPIs cover objectives, plans differ."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from actors.strategy._plan import derive_strategy
from contracts.brief import NormalizedBrief
from contracts.common import Channel


def make_brief(**overrides: Any) -> NormalizedBrief:
    fields: dict[str, Any] = {
        "client_name": "Acme Outdoor Ltd",
        "brand": "Acme",
        "website": "https://acme.com",
        "domain": "acme.com",
        "industry": "outdoor apparel",
        "regulated": False,
        "geography": "United Kingdom",
        "offer": "Spring linen collection: 20% off all shirts",
        "target_audience": "Urban commuters aged 25-40 who cycle to work",
        "objectives": ["Increase online sales", "Build brand awareness"],
        "channels": [Channel.LINKEDIN, Channel.X, Channel.INSTAGRAM, Channel.EMAIL],
        "budget": Decimal("12000.00"),
        "currency": "GBP",
        "tone": "confident, clear",
        "start_date": date(2025, 3, 3),
        "duration_weeks": 8,
        "compliance_notes": "",
    }
    fields.update(overrides)
    return NormalizedBrief(**fields)


ALL_CHANNELS = list(Channel)


@pytest.mark.parametrize("budget", ["1000.01", "0.01", "0.05", "999999.99", "12345", "7.77"])
@pytest.mark.parametrize("count", [1, 2, 3, 4])
@pytest.mark.parametrize("seed", [0, 1, 42])
def test_shares_sum_to_100_and_amounts_to_budget(budget: str, count: int, seed: int) -> None:
    brief = make_brief(budget=Decimal(budget), channels=ALL_CHANNELS[:count])
    plan = derive_strategy(brief, seed).channel_plan

    assert [p.channel for p in plan] == ALL_CHANNELS[:count]
    assert sum(p.budget_share_pct for p in plan) == Decimal("100.00")
    assert sum(p.budget for p in plan) == Decimal(budget)
    for p in plan:
        assert p.budget_share_pct.as_tuple().exponent == -2
        assert p.budget.as_tuple().exponent == -2
        assert p.budget >= 0
        assert Decimal(0) < p.budget_share_pct <= Decimal(100)


def test_single_channel_takes_everything() -> None:
    plan = derive_strategy(make_brief(channels=[Channel.X], budget=Decimal("1000.01")), 3)

    assert len(plan.channel_plan) == 1
    assert plan.channel_plan[0].budget_share_pct == Decimal("100.00")
    assert plan.channel_plan[0].budget == Decimal("1000.01")


def test_posts_per_week_follow_channel_norms() -> None:
    ranges = {Channel.X: (5, 7), Channel.LINKEDIN: (2, 4), Channel.INSTAGRAM: (3, 5),
              Channel.EMAIL: (1, 1)}
    for seed in range(10):
        for p in derive_strategy(make_brief(), seed).channel_plan:
            low, high = ranges[p.channel]
            assert low <= p.posts_per_week <= high


def test_roles_name_the_objective_they_serve() -> None:
    brief = make_brief(objectives=["Generate qualified leads", "Grow newsletter retention"])
    for p in derive_strategy(brief, 0).channel_plan:
        assert any(o in p.role for o in brief.objectives), p.role


@pytest.mark.parametrize(
    "objectives",
    [
        ["Increase online sales", "Build brand awareness"],
        ["Generate demo signups", "Drive website traffic", "Boost engagement"],
        ["Improve customer loyalty and retention"],
        ["Win the Golden Pencil award", "Increase revenue", "Reach new parents",
         "Grow community", "More site visits", "Reduce churn"],
    ],
)
def test_kpis_cover_each_objective_with_positive_target(objectives: list[str]) -> None:
    brief = make_brief(objectives=objectives)
    kpis = derive_strategy(brief, 5).kpis

    assert len(kpis) >= len(objectives)
    for objective in objectives:
        matching = [k for k in kpis if objective in k.name]
        assert matching, f"no KPI for {objective!r}"
        assert all(k.target > 0 and k.timeframe_weeks == brief.duration_weeks for k in matching)


def test_unknown_objective_gets_a_progress_kpi() -> None:
    kpis = derive_strategy(make_brief(objectives=["Win the Golden Pencil award"]), 0).kpis

    assert kpis[0].name.startswith("objective progress score")
    assert kpis[0].target > 0


def test_kpi_targets_scale_with_budget_and_duration() -> None:
    def impressions(budget: str, weeks: int) -> Decimal:
        brief = make_brief(objectives=["Build brand awareness"], budget=Decimal(budget),
                           duration_weeks=weeks)
        return derive_strategy(brief, 0).kpis[0].target

    assert impressions("50000", 8) > 2 * impressions("5000", 8)
    assert impressions("5000", 26) > impressions("5000", 4)


def test_revenue_kpi_is_in_brief_currency() -> None:
    kpis = derive_strategy(make_brief(objectives=["Increase revenue"], currency="EUR"), 0).kpis
    assert kpis[0].unit == "EUR"


@pytest.mark.parametrize("weeks", [1, 2, 3, 4, 5, 13, 52])
def test_timeline_within_campaign_window(weeks: int) -> None:
    brief = make_brief(duration_weeks=weeks)
    timeline = derive_strategy(brief, 0).timeline
    end = brief.start_date + timedelta(weeks=weeks)

    assert timeline[0].on == brief.start_date and timeline[0].week == 0
    assert timeline[-1].week == weeks and timeline[-1].on == end
    for milestone in timeline:
        assert 0 <= milestone.week <= weeks
        assert brief.start_date <= milestone.on <= end
    assert [m.on for m in timeline] == sorted(m.on for m in timeline)
    has_review = any("review" in m.name.lower() for m in timeline)
    assert has_review == (weeks >= 4)


def test_same_brief_and_seed_give_identical_strategy() -> None:
    assert derive_strategy(make_brief(), 11) == derive_strategy(make_brief(), 11)


def test_different_seed_changes_the_plan() -> None:
    plans = {derive_strategy(make_brief(), seed).model_dump_json() for seed in range(5)}
    assert len(plans) == 5


@pytest.mark.parametrize(
    "change",
    [
        {"brand": "Borealis", "client_name": "Borealis AS", "domain": "borealis.no"},
        {"offer": "Waterproof hiking boots with free resoling for life"},
        {"target_audience": "Retired hill walkers in the Lake District"},
        {"industry": "consumer electronics"},
        {"objectives": ["Generate demo signups"]},
        {"budget": Decimal("500.00")},
        {"start_date": date(2026, 1, 5)},
    ],
)
def test_different_brief_gives_different_strategy(change: dict[str, Any]) -> None:
    base = derive_strategy(make_brief(), 0)
    other = derive_strategy(make_brief(**change), 0)
    assert base != other
    if {"brand", "offer", "target_audience"} & change.keys():
        assert base.positioning != other.positioning


def test_text_is_derived_from_the_brief() -> None:
    brief = make_brief()
    doc = derive_strategy(brief, 0)

    assert "Acme" in doc.positioning and brief.offer.rstrip(".") in doc.positioning
    assert "urban commuters" in doc.positioning.lower()
    assert "Urban commuters" in doc.audience and "United Kingdom" in doc.audience
    assert 3 <= len(doc.messaging_pillars) <= 4
    assert len({p.lower() for p in doc.messaging_pillars}) == len(doc.messaging_pillars)


def test_one_pillar_per_objective_up_to_four() -> None:
    objectives = ["Increase revenue", "Reach new parents", "Grow community",
                  "More site visits", "Reduce churn"]
    assert len(derive_strategy(make_brief(objectives=objectives), 0).messaging_pillars) == 4


@pytest.mark.parametrize(
    ("objective", "expected"),
    [
        ("Generate demo requests", "Book a demo at acme.com"),
        ("Increase online sales", "Shop the"),
        ("Build brand awareness", "Discover"),
        ("Win the Golden Pencil award", "acme.com"),
    ],
)
def test_cta_follows_primary_objective_and_names_domain(objective: str, expected: str) -> None:
    cta = derive_strategy(make_brief(objectives=[objective, "Reduce churn"]), 0).call_to_action
    assert expected in cta
    assert "acme.com" in cta


def test_cta_names_each_brief_domain() -> None:
    brief = make_brief(domain="shop.example.org", website="https://shop.example.org")
    assert "shop.example.org" in derive_strategy(brief, 0).call_to_action


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
