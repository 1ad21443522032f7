"""Unit tests for copy writing: platform limits, required elements, determinism."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from actors.production._copy import write_assets
from actors.strategy._plan import derive_strategy
from contracts.brief import NormalizedBrief
from contracts.common import Channel, derived_id
from contracts.production import Asset
from contracts.strategy import StrategyDoc


def make_brief(**overrides: Any) -> NormalizedBrief:
    fields: dict[str, Any] = {
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
        "channels": [Channel.LINKEDIN, Channel.X, Channel.INSTAGRAM, Channel.EMAIL],
        "budget": Decimal("25000.00"),
        "currency": "USD",
        "tone": "confident, clear",
        "start_date": date(2025, 9, 1),
        "duration_weeks": 6,
        "compliance_notes": "",
    }
    fields.update(overrides)
    return NormalizedBrief(**fields)


def produce(seed: int = 0, **overrides: Any) -> tuple[NormalizedBrief, StrategyDoc, list[Asset]]:
    brief = make_brief(**overrides)
    strategy = derive_strategy(brief, seed)
    return brief, strategy, write_assets("camp-1", brief, strategy, seed)


def by_channel(assets: list[Asset]) -> dict[Channel, Asset]:
    return {a.channel: a for a in assets}


TONES = ["confident, clear", "playful", "warm and friendly", "urgent", "wry, understated"]


def test_one_asset_per_channel_in_plan_order() -> None:
    _, strategy, assets = produce()

    assert [a.channel for a in assets] == [p.channel for p in strategy.channel_plan]
    assert len({a.asset_id for a in assets}) == len(assets)
    assert assets[0].asset_id == derived_id("camp-1", Channel.LINKEDIN, 1)


def test_single_channel_brief_gives_one_asset() -> None:
    _, _, assets = produce(channels=[Channel.EMAIL])
    assert [a.channel for a in assets] == [Channel.EMAIL]


def test_asset_kinds_match_channels() -> None:
    kinds = {c: a.kind for c, a in by_channel(produce()[2]).items()}
    assert kinds == {Channel.LINKEDIN: "post", Channel.X: "post",
                     Channel.INSTAGRAM: "caption", Channel.EMAIL: "email"}


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("seed", range(6))
def test_platform_limits_hold_for_a_normal_brief(tone: str, seed: int) -> None:
    assets = by_channel(produce(seed, tone=tone)[2])

    assert len(assets[Channel.X].body) <= 280
    assert len(assets[Channel.LINKEDIN].body) <= 3000
    assert assets[Channel.LINKEDIN].body.count("\n\n") >= 2
    caption = assets[Channel.INSTAGRAM]
    assert len(caption.body) <= 2200
    assert 5 <= len(caption.hashtags) <= 15
    assert caption.body.splitlines()[-1] == " ".join(caption.hashtags)
    subject = assets[Channel.EMAIL].subject
    assert subject and len(subject) <= 60


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("seed", range(4))
def test_every_body_has_brand_offer_pillar_and_cta(tone: str, seed: int) -> None:
    brief, strategy, assets = produce(seed, tone=tone)

    for asset in assets:
        assert strategy.brand in asset.body
        assert brief.offer in asset.body
        assert asset.cta == strategy.call_to_action
        assert strategy.call_to_action in asset.body
        assert asset.pillar in strategy.messaging_pillars
        assert asset.pillar in asset.body
        assert all(tag in asset.body for tag in asset.hashtags)


def test_pillars_rotate_across_channels() -> None:
    _, strategy, assets = produce()
    pillars = [a.pillar for a in assets]
    assert len(set(pillars)) == min(len(assets), len(strategy.messaging_pillars))


def test_template_residue_in_offer_flows_through_verbatim() -> None:
    offer = "Save {{discount}} on Northwind Forecast this quarter"
    _, _, assets = produce(offer=offer)
    assert all(offer in a.body for a in assets)


def test_email_has_greeting_cta_and_unsubscribe_footer() -> None:
    email = by_channel(produce()[2])[Channel.EMAIL]
    lines = email.body.splitlines()

    assert lines[0].startswith("Hi ")
    assert email.hashtags == []
    assert "unsubscribe" in lines[-1].lower() and "northwind.io" in lines[-1]
    assert email.body.index(email.cta) < email.body.lower().index("unsubscribe")


def test_social_hashtags_are_listed_and_email_has_none() -> None:
    assets = by_channel(produce()[2])
    assert assets[Channel.X].hashtags or assets[Channel.LINKEDIN].hashtags
    assert all(t.startswith("#") for a in assets.values() for t in a.hashtags)
    assert assets[Channel.EMAIL].hashtags == []


def test_very_long_offer_gives_x_post_over_280_without_cutting() -> None:
    offer = ("Northwind Forecast Enterprise bundle with unlimited SKUs, hourly demand "
             "sensing, promotion uplift modelling, supplier lead-time alerts, a dedicated "
             "onboarding engineer, quarterly business reviews and a twelve-month price lock "
             "for every retailer that signs before the end of the fiscal year")
    _, strategy, assets = produce(offer=offer)
    x_post = by_channel(assets)[Channel.X]

    assert len(x_post.body) > 280
    assert offer in x_post.body
    assert strategy.brand in x_post.body and strategy.call_to_action in x_post.body


def test_long_offer_still_keeps_longer_channels_within_limits() -> None:
    offer = "Northwind Forecast with hourly demand sensing. " * 20
    assets = by_channel(produce(offer=offer.strip())[2])
    assert len(assets[Channel.LINKEDIN].body) <= 3000
    assert len(assets[Channel.INSTAGRAM].body) <= 2200


def test_same_inputs_give_identical_assets() -> None:
    brief, strategy, first = produce(7)
    assert write_assets("camp-1", brief, strategy, 7) == first


def test_different_seed_or_brief_changes_the_copy() -> None:
    brief, strategy, _ = produce()
    by_seed = {tuple(a.body for a in write_assets("camp-1", brief, strategy, s))
               for s in range(8)}
    assert len(by_seed) > 1

    _, _, other = produce(brand="Southwind", domain="southwind.io")
    assert [a.body for a in other] != [a.body for a in produce()[2]]
    assert all("Southwind" in a.body for a in other)


@pytest.mark.parametrize("seed", range(6))
def test_x_post_drops_extras_before_exceeding_280(seed: int) -> None:
    offer = ("Northwind Forecast: AI demand planning for retailers, with hourly demand "
             "sensing, supplier alerts and onboarding included for every new account")
    _, strategy, assets = produce(seed, offer=offer, tone="playful, warm")
    x_post = by_channel(assets)[Channel.X]

    assert len(x_post.body) <= 280
    assert offer in x_post.body and strategy.call_to_action in x_post.body
