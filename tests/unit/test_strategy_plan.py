"""Unit tests for strategy derivation: budgets add up, channels have tactics and cadence,
KPIs cover objectives, the timeline fits the window, and plans are deterministic.

`make_brief` is the local factory the other test_strategy_plan_* modules import.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from actors.strategy._plan import derive_strategy
from contracts.brief import NormalizedBrief
from contracts.common import Channel


def make_brief(**overrides: Any) -> NormalizedBrief:
    fields: dict[str, Any] = {
        "client_id": "client-acme",
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
POSTS_PER_WEEK = {
    Channel.LINKEDIN: (2, 4), Channel.X: (5, 7), Channel.INSTAGRAM: (3, 5),
    Channel.EMAIL: (1, 1), Channel.FACEBOOK: (3, 5), Channel.GOOGLE_ADS: (1, 2),
    Channel.META_ADS: (2, 3), Channel.BLOG: (1, 2), Channel.SHORT_VIDEO: (2, 4),
}


@pytest.mark.parametrize("budget", ["1000.01", "0.01", "0.05", "999999.99", "12345", "7.77",
                                    "333.33"])
@pytest.mark.parametrize("count", range(1, len(ALL_CHANNELS) + 1))
@pytest.mark.parametrize("seed", [0, 1, 42])
def test_shares_sum_to_100_and_amounts_to_budget(budget: str, count: int, seed: int) -> None:
    brief = make_brief(budget=Decimal(budget), channels=ALL_CHANNELS[:count])
    plan = derive_strategy(brief, seed).channel_plan

    assert [p.channel for p in plan] == ALL_CHANNELS[:count]
    assert sum(p.budget_share_pct for p in plan) == Decimal("100.00")
    assert sum(p.budget for p in plan) == Decimal(budget)
    # Shares as the client reads them: whole percents, or one or two decimals for all.
    assert len({p.budget_share_pct.as_tuple().exponent for p in plan}) == 1
    for p in plan:
        assert p.budget_share_pct.as_tuple().exponent in (0, -1, -2)
        assert p.budget.as_tuple().exponent == -2
        assert p.budget >= 0
        assert Decimal(0) < p.budget_share_pct <= Decimal(100)


def test_single_channel_takes_everything() -> None:
    plan = derive_strategy(make_brief(channels=[Channel.X], budget=Decimal("1000.01")), 3)

    assert len(plan.channel_plan) == 1
    assert plan.channel_plan[0].budget_share_pct == Decimal("100.00")
    assert plan.channel_plan[0].budget == Decimal("1000.01")


@pytest.mark.parametrize("seed", range(6))
def test_every_channel_has_tactics_and_a_cadence_matching_posts_per_week(seed: int) -> None:
    brief = make_brief(channels=ALL_CHANNELS)
    for p in derive_strategy(brief, seed).channel_plan:
        low, high = POSTS_PER_WEEK[p.channel]
        assert low <= p.posts_per_week <= high
        assert p.cadence.startswith(f"{p.posts_per_week} "), p.cadence
        assert "a week" in p.cadence
        assert 2 <= len(p.tactics) <= 4
        assert len(set(p.tactics)) == len(p.tactics)
        assert all(t.endswith(".") and len(t.split()) >= 6 for t in p.tactics)


def test_each_channel_has_its_own_role_and_tactics() -> None:
    plan = derive_strategy(make_brief(channels=ALL_CHANNELS), 0).channel_plan
    tactics = [t for p in plan for t in p.tactics]
    assert len(set(tactics)) == len(tactics)
    assert len({p.role for p in plan}) == len(plan)


def test_roles_and_tactics_name_the_objective_they_serve() -> None:
    brief = make_brief(objectives=["Generate qualified leads", "Grow newsletter retention"],
                       channels=ALL_CHANNELS)
    for p in derive_strategy(brief, 0).channel_plan:
        served = [o for o in brief.objectives if o in p.role]
        assert served, p.role
        assert any(served[0] in t for t in p.tactics), p.tactics


def test_channels_spend_more_where_they_fit_the_objective() -> None:
    # Search ads capture sales intent; email is cheap and serves retention first.
    brief = make_brief(objectives=["Increase online sales"],
                       channels=[Channel.GOOGLE_ADS, Channel.EMAIL])
    for seed in range(5):
        ads, email = derive_strategy(brief, seed).channel_plan
        assert ads.budget > email.budget


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
def test_lagging_kpis_cover_each_objective(objectives: list[str]) -> None:
    brief = make_brief(objectives=objectives)
    m = derive_strategy(brief, 5).measurement

    for objective in objectives:
        matching = [k for k in m.kpis if objective in k.name]
        assert matching, f"no KPI for {objective!r}"
        assert all(k.kind == "lagging" and k.target > 0 and k.unit for k in matching)
        assert all(k.timeframe_weeks == brief.duration_weeks for k in matching)
    assert m.lagging_indicators == [k.name for k in m.kpis if k.kind == "lagging"]


def test_leading_kpis_cover_every_channel_family() -> None:
    brief = make_brief(channels=ALL_CHANNELS, duration_weeks=6)
    m = derive_strategy(brief, 0).measurement
    leading = [k for k in m.kpis if k.kind == "leading"]

    assert len(leading) == len(ALL_CHANNELS)
    names = " ".join(k.name.lower() for k in leading)
    for family in ("engagement rate", "open rate", "click-through rate", "watch-through",
                   "engaged time"):
        assert family in names
    assert all(k.target > 0 and k.unit and 1 <= k.timeframe_weeks <= 6 for k in leading)
    assert m.leading_indicators == [k.name for k in leading]


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


@pytest.mark.parametrize("weeks", [1, 2, 3, 4, 5, 8, 13, 26, 52])
@pytest.mark.parametrize("regulated", [False, True])
def test_timeline_within_campaign_window(weeks: int, regulated: bool) -> None:
    brief = make_brief(duration_weeks=weeks, regulated=regulated)
    timeline = derive_strategy(brief, 0).timeline
    last_day = brief.start_date + timedelta(weeks=weeks) - timedelta(days=1)

    assert timeline[0].on == brief.start_date and "kickoff" in timeline[0].name.lower()
    assert timeline[-1].on == last_day and "final report" in timeline[-1].name.lower()
    assert any("launch" in m.name.lower() for m in timeline)
    for milestone in timeline:
        assert 1 <= milestone.week <= weeks
        assert brief.start_date <= milestone.on <= last_day
    assert [m.on for m in timeline] == sorted(m.on for m in timeline)
    names = [m.name.lower() for m in timeline]
    assert any("mid-campaign review" in n for n in names) == (weeks >= 4)
    assert sum("monthly review" in n for n in names) == (
        len([w for w in range(4, weeks, 4) if w != weeks // 2]) if weeks >= 10 else 0)
    assert any("compliance sign-off" in n for n in names) == regulated


@pytest.mark.parametrize(("weeks", "expected"), [(2, "Daily"), (8, "Weekly"),
                                                 (12, "monthly"), (40, "quarterly")])
def test_review_cadence_follows_duration(weeks: int, expected: str) -> None:
    cadence = derive_strategy(make_brief(duration_weeks=weeks), 0).measurement.review_cadence
    assert expected in cadence
    assert "Acme Outdoor Ltd" in cadence


def test_same_brief_and_seed_give_identical_strategy() -> None:
    first, second = derive_strategy(make_brief(), 11), derive_strategy(make_brief(), 11)
    assert first == second
    assert first.model_dump_json() == second.model_dump_json()


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
        {"geography": "Germany"},
        {"client_id": "client-other"},
    ],
)
def test_different_brief_gives_different_strategy(change: dict[str, Any]) -> None:
    base = derive_strategy(make_brief(), 0)
    other = derive_strategy(make_brief(**change), 0)
    assert base != other
    if {"brand", "offer", "target_audience"} & change.keys():
        assert base.positioning != other.positioning
