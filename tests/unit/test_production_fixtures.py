"""A small local factory for production tests: a brief and a hand-built StrategyDoc.

Built by hand rather than by the strategy actor so these tests pin production's own
behaviour. The sanity tests here check the factory itself.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from actors.production._copy import write_creative
from actors.production._creative import Creative
from contracts.brief import NormalizedBrief
from contracts.common import Channel
from contracts.production import Asset
from contracts.strategy import (
    BusinessReality,
    ChannelPlan,
    Constraints,
    Kpi,
    MarketTruth,
    Measurement,
    Milestone,
    Narrative,
    Persona,
    StrategyDoc,
    ValueArchitecture,
)

ALL_CHANNELS = list(Channel)
POSTS_PER_WEEK = {Channel.X: 7, Channel.LINKEDIN: 3, Channel.INSTAGRAM: 4, Channel.EMAIL: 1,
                  Channel.FACEBOOK: 3, Channel.GOOGLE_ADS: 2, Channel.META_ADS: 2,
                  Channel.BLOG: 1, Channel.SHORT_VIDEO: 2}
FORBIDDEN = ["guaranteed", "#1", "risk-free", "best in class"]
LISTED_CLICHES = ["in today's digital age", "content is king", "game-changer", "synergy"]
LONG_OFFER = ("Northwind Forecast Enterprise bundle with unlimited SKUs, hourly demand sensing, "
              "promotion uplift modelling, supplier lead-time alerts, a dedicated onboarding "
              "engineer, quarterly business reviews and a twelve-month price lock for every "
              "retailer that signs before the end of the fiscal year")


def make_brief(**overrides: Any) -> NormalizedBrief:
    fields: dict[str, Any] = {
        "client_id": "client-northwind",
        "client_name": "Northwind Analytics Inc",
        "brand": "Northwind",
        "website": "https://northwind.io",
        "domain": "northwind.io",
        "industry": "b2b software",
        "regulated": False,
        "geography": "North America",
        "offer": "Free 30-day trial of Northwind Forecast, the AI demand planner",
        "target_audience": "Operations leaders at mid-size retailers",
        "objectives": ["Generate demo requests", "Build brand awareness"],
        "channels": ALL_CHANNELS,
        "budget": Decimal("25000.00"),
        "currency": "USD",
        "tone": "confident, clear",
        "start_date": date(2027, 9, 1),
        "duration_weeks": 6,
        "compliance_notes": "",
    }
    fields.update(overrides)
    return NormalizedBrief(**fields)


def _plans(channels: list[Channel]) -> list[ChannelPlan]:
    share = (Decimal(100) / len(channels)).quantize(Decimal("0.01"))
    shares = [share] * (len(channels) - 1) + [Decimal(100) - share * (len(channels) - 1)]
    return [ChannelPlan(channel=c, role=f"{c.value} reach", tactics=["weekly proof posts"],
                        cadence=f"{POSTS_PER_WEEK[c]} a week", budget_share_pct=s,
                        budget=s * 250, posts_per_week=POSTS_PER_WEEK[c])
            for c, s in zip(channels, shares, strict=True)]


def _personas() -> list[Persona]:
    return [
        Persona(name="Dana", role="Head of operations",
                pains=["Stockouts during promotions", "Forecasts rebuilt by hand every week"],
                motivations=["Fewer emergency orders", "A plan the buyers trust"],
                objections=["Another tool to learn", "Our data is too messy"]),
        Persona(name="Sam", role="Supply planner",
                pains=["Spreadsheets that break at quarter end"],
                motivations=["Time back for supplier talks"],
                objections=["Integration work with the ERP"]),
    ]


def make_strategy(brief: NormalizedBrief, **overrides: Any) -> StrategyDoc:
    brand = brief.brand
    fields: dict[str, Any] = {
        "brand": brand,
        "audience": "Operations leaders at mid-size retailers in North America",
        "business": BusinessReality(model="subscription SaaS", offer=brief.offer,
                                    revenue_logic="trials convert to annual seats"),
        "market": MarketTruth(category="demand planning software",
                              alternatives=["spreadsheets", "ERP planning modules"],
                              avoid=["promising exact forecasts"]),
        "personas": _personas(),
        "value": ValueArchitecture(
            positioning=f"{brand} gives retail operations a forecast they can act on",
            proof_points=["Forecasts refresh every hour from point-of-sale data",
                          "Guaranteed 40% fewer stockouts in the first month"],
            differentiators=["Promotion uplift built in", "Set up in two weeks with your ERP"]),
        "narrative": Narrative(
            problem="Retail demand moves faster than monthly spreadsheets",
            resolution=f"{brand} turns daily sales into a plan buyers can trust",
            pillars=["See demand forecasting in action in a live demo",
                     "Fewer stockouts, calmer promotions",
                     "Brand awareness: planning that fits the tools you already use"],
            taglines=[f"{brand}: plan with confidence"]),
        "channel_plan": _plans([c for c in brief.channels if c in POSTS_PER_WEEK]),
        "constraints": Constraints(compliance=["CAN-SPAM footer on every email"],
                                   forbidden_claims=FORBIDDEN, brand_voice=["plain", "precise"]),
        "measurement": Measurement(kpis=[Kpi(name="demo requests", target=Decimal(120),
                                             unit="demos", timeframe_weeks=6)]),
        "timeline": [Milestone(week=0, on=brief.start_date, name="launch"),
                     Milestone(week=6, on=brief.start_date + timedelta(weeks=6), name="review")],
        "call_to_action": "Book a demo at northwind.io",
        "hashtags": ["#DemandPlanning", "#RetailOps"],
    }
    fields.update(overrides)
    return StrategyDoc(**fields)


def produce(seed: int = 0, campaign_id: str = "camp-1", strategy_overrides: Any = None,
            **brief_overrides: Any) -> tuple[NormalizedBrief, StrategyDoc, Creative]:
    brief = make_brief(**brief_overrides)
    strategy = make_strategy(brief, **(strategy_overrides or {}))
    return brief, strategy, write_creative(campaign_id, brief, strategy, "strat-1", 2, seed)


def of(creative: Creative, channel: Channel) -> list[Asset]:
    return [a for a in creative.assets if a.channel == channel]


def test_factory_plans_every_channel_with_shares_summing_to_100() -> None:
    brief = make_brief()
    strategy = make_strategy(brief)
    assert [p.channel for p in strategy.channel_plan] == ALL_CHANNELS
    assert sum(p.budget_share_pct for p in strategy.channel_plan) == Decimal(100)


def test_factory_strategy_carries_a_forbidden_claim_for_production_to_avoid() -> None:
    strategy = make_strategy(make_brief())
    assert any("guaranteed" in p.lower() for p in strategy.value.proof_points)
