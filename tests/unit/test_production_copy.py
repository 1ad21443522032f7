"""Copy writing: what every asset carries, what none may say, ids, and determinism."""

from __future__ import annotations

import re

import pytest

from actors.production._copy import write_creative
from actors.production._copy_hooks import key
from actors.production._copy_text import phrase_re
from contracts.common import Channel, derived_id
from contracts.production import Asset
from tests.unit.test_production_fixtures import (
    ALL_CHANNELS,
    FORBIDDEN,
    LISTED_CLICHES,
    make_brief,
    make_strategy,
    of,
    produce,
)

KINDS = {Channel.X: "post", Channel.LINKEDIN: "post", Channel.INSTAGRAM: "caption",
         Channel.FACEBOOK: "post", Channel.GOOGLE_ADS: "ad", Channel.META_ADS: "ad",
         Channel.EMAIL: "email", Channel.BLOG: "outline", Channel.SHORT_VIDEO: "script"}


def visible(asset: Asset) -> str:
    """Every field a reader sees, as QC reads it."""
    parts = [asset.title, asset.subject, asset.preheader, asset.body, asset.hook]
    return "\n".join([*(p or "" for p in parts), *asset.headlines, *asset.descriptions])


def test_every_planned_channel_gets_assets_of_its_kind_in_plan_order() -> None:
    _, strategy, creative = produce()

    channels = list(dict.fromkeys(a.channel for a in creative.assets))
    assert channels == [p.channel for p in strategy.channel_plan] == ALL_CHANNELS
    assert all(a.kind == KINDS[a.channel] for a in creative.assets)


def test_asset_ids_are_derived_from_campaign_channel_kind_and_position() -> None:
    creative = produce(campaign_id="camp-9")[2]

    x_posts = of(creative, Channel.X)
    assert x_posts[1].asset_id == derived_id("camp-9", "x", "post", 2)
    assert len({a.asset_id for a in creative.assets}) == len(creative.assets)


def test_a_single_channel_plan_writes_only_that_channel() -> None:
    _, _, creative = produce(channels=[Channel.EMAIL])
    assert {a.channel for a in creative.assets} == {Channel.EMAIL}


@pytest.mark.parametrize("seed", range(6))
def test_every_asset_names_brand_carries_cta_pillar_and_strategy_version(seed: int) -> None:
    _, strategy, creative = produce(seed)

    for asset in creative.assets:
        assert strategy.brand in visible(asset)
        assert asset.cta == strategy.call_to_action and asset.cta in asset.body
        assert asset.pillar in strategy.messaging_pillars
        assert (asset.strategy_id, asset.strategy_version) == ("strat-1", 2)


def test_pillars_rotate_so_every_pillar_is_carried() -> None:
    _, strategy, creative = produce()
    assert {a.pillar for a in creative.assets} == set(strategy.messaging_pillars)


@pytest.mark.parametrize("seed", range(6))
def test_no_two_assets_share_a_hook(seed: int) -> None:
    assets = produce(seed)[2].assets
    hooks = [key(a.hook or "") for a in assets]
    assert all(hooks) and len(set(hooks)) == len(hooks)


@pytest.mark.parametrize("seed", range(6))
def test_no_forbidden_claim_or_cliche_appears(seed: int) -> None:
    creative = produce(seed)[2]
    banned = [*FORBIDDEN, *LISTED_CLICHES]

    for asset in creative.assets:
        found = [p for p in banned if phrase_re(p).search(visible(asset))]
        assert found == [], (asset.channel, found)


def test_offer_reaches_every_channel_verbatim_residue_included() -> None:
    offer = "Spring sale: {{discount_code}} off every plan"
    _, _, creative = produce(offer=offer)
    for channel in ALL_CHANNELS:
        assert any(offer in visible(a) for a in of(creative, channel)), channel


def test_hashtag_sets_are_named_unique_and_alphanumeric() -> None:
    sets = produce()[2].hashtag_sets

    assert set(sets) == {"brand", "category", "campaign"} and all(sets.values())
    tags = [t for ts in sets.values() for t in ts]
    assert all(re.fullmatch(r"#[^\W_]+", t) and len(t) <= 31 for t in tags)
    assert len({t.casefold() for t in tags}) == len(tags)
    assert "#Northwind" in sets["brand"] and "#DemandPlanning" in sets["campaign"]


def test_same_inputs_give_identical_creative() -> None:
    brief = make_brief()
    strategy = make_strategy(brief)
    first = write_creative("camp-1", brief, strategy, "s", 1, 7)
    assert write_creative("camp-1", brief, strategy, "s", 1, 7) == first


def test_seeds_and_briefs_change_the_copy() -> None:
    brief = make_brief()
    strategy = make_strategy(brief)
    bodies = {tuple(a.body for a in write_creative("c", brief, strategy, "s", 1, s).assets)
              for s in range(6)}
    assert len(bodies) > 1

    _, _, other = produce(brand="Southwind", domain="southwind.io")
    assert [a.body for a in other.assets] != [a.body for a in produce()[2].assets]
    assert all("Southwind" in visible(a) for a in other.assets)
