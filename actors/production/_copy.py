"""Write a campaign's creative from a brief and its approved strategy.

Pure and deterministic: the same campaign, brief, strategy and seed give the same
creative in any process (string-seeded Random, no hash(), no clock). The offer is copied
verbatim into the first asset of every channel so anything odd a client pasted into the
brief reaches QC, which is the gate.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from contracts.brief import NormalizedBrief
from contracts.common import Channel, derived_id
from contracts.production import Asset
from contracts.strategy import ChannelPlan, StrategyDoc

from ._calendar import build_calendar
from ._copy_ads import google_search_ad, meta_ad
from ._copy_context import Draft, Piece, build_context
from ._copy_email import EMAILS_IN_SEQUENCE, email
from ._copy_hooks import HookDeck
from ._copy_longform import blog_outline, video_script
from ._copy_social import facebook_post, instagram_caption, linkedin_post, x_post
from ._creative import Creative


@dataclass(frozen=True)
class ChannelSpec:
    """How many assets a channel gets and who writes each one."""

    count: Callable[[random.Random], int]
    write: Callable[[Piece], Draft]


def _fixed(n: int) -> Callable[[random.Random], int]:
    return lambda rng: n


SPECS: dict[Channel, ChannelSpec] = {
    Channel.X: ChannelSpec(lambda rng: rng.randint(2, 3), x_post),
    Channel.LINKEDIN: ChannelSpec(_fixed(2), linkedin_post),
    Channel.INSTAGRAM: ChannelSpec(_fixed(2), instagram_caption),
    Channel.FACEBOOK: ChannelSpec(_fixed(2), facebook_post),
    Channel.GOOGLE_ADS: ChannelSpec(_fixed(1), google_search_ad),
    Channel.META_ADS: ChannelSpec(_fixed(2), meta_ad),
    Channel.EMAIL: ChannelSpec(_fixed(EMAILS_IN_SEQUENCE), email),
    Channel.BLOG: ChannelSpec(_fixed(1), blog_outline),
    Channel.SHORT_VIDEO: ChannelSpec(_fixed(2), video_script),
}


def write_creative(
    campaign_id: str,
    brief: NormalizedBrief,
    strategy: StrategyDoc,
    strategy_id: str,
    strategy_version: int,
    seed: int,
) -> Creative:
    """Assets for every planned channel, their 30-day calendar and the hashtag sets."""
    ctx = build_context(brief, strategy)
    base = f"{seed}:{campaign_id}:{strategy.brand}"
    hooks = HookDeck(ctx, random.Random(f"{base}:hooks"))
    # Pillars rotate across the whole campaign from a seeded start.
    start = random.Random(f"{base}:pillars").randrange(len(ctx.pillars))
    plans = _one_plan_per_channel(strategy.channel_plan)
    assets: list[Asset] = []
    for plan in plans:
        # A generator per channel keeps one channel's copy stable when another is added.
        rng = random.Random(f"{base}:{brief.offer}:{plan.channel.value}")
        for n in range(1, SPECS[plan.channel].count(rng) + 1):
            pillar = ctx.pillars[(start + len(assets)) % len(ctx.pillars)]
            piece = Piece(ctx, plan, pillar, n, len(assets), rng, hooks)
            draft = SPECS[plan.channel].write(piece)
            assets.append(_asset(campaign_id, piece, draft, strategy_id, strategy_version))
    calendar = build_calendar(assets, plans, brief.start_date, hooks,
                              random.Random(f"{base}:calendar"))
    return Creative(assets=assets, calendar=calendar, hashtag_sets=ctx.hashtags)


def _one_plan_per_channel(plans: list[ChannelPlan]) -> list[ChannelPlan]:
    # A channel planned twice would write colliding asset ids and double-book the calendar.
    first: dict[Channel, ChannelPlan] = {}
    for plan in plans:
        first.setdefault(plan.channel, plan)
    return list(first.values())


def _asset(campaign_id: str, piece: Piece, draft: Draft, strategy_id: str,
           strategy_version: int) -> Asset:
    channel = piece.plan.channel
    return Asset(
        asset_id=derived_id(campaign_id, channel.value, draft.kind, piece.n),
        channel=channel, kind=draft.kind, title=draft.title, subject=draft.subject,
        preheader=draft.preheader, headlines=list(draft.headlines),
        descriptions=list(draft.descriptions), body=draft.body, hook=draft.hook,
        hashtags=list(draft.hashtags), cta=piece.ctx.cta, pillar=piece.pillar,
        strategy_id=strategy_id, strategy_version=strategy_version, sequence=draft.sequence,
    )

