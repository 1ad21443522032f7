"""Rewording: hand each deterministic body to the configured TextGenerator.

Only bodies are reworded. Titles, subjects, preheaders and ad headlines stay as the
deterministic writer made them: they are short, limit-bound and what QC and the
calendar refer to. The default generator changes nothing, so it is skipped outright.
"""

from __future__ import annotations

import dataclasses

from actors._kernel.generation import CopyRequest, DraftGenerator, TextGenerator
from contracts.brief import NormalizedBrief
from contracts.common import Channel
from contracts.production import Asset
from contracts.strategy import StrategyDoc

from ._creative import Creative

# The published ceiling for an asset's body on each channel.
BODY_LIMITS: dict[Channel, int] = {
    Channel.X: 280,
    Channel.LINKEDIN: 3000,
    Channel.INSTAGRAM: 2200,
    Channel.FACEBOOK: 2000,
    Channel.META_ADS: 125,  # primary text shown before "See more"
    Channel.GOOGLE_ADS: 90,  # an RSA description
    Channel.EMAIL: 2000,
    Channel.BLOG: 6000,
    Channel.SHORT_VIDEO: 900,
}


async def reword(generator: TextGenerator, creative: Creative, brief: NormalizedBrief,
                 strategy: StrategyDoc, seed: int) -> Creative:
    """The creative with every body reworded by `generator`, one asset at a time."""
    if isinstance(generator, DraftGenerator):
        return creative
    assets = [await _reword_asset(generator, asset, brief, strategy, seed)
              for asset in creative.assets]
    return dataclasses.replace(creative, assets=assets)


async def _reword_asset(generator: TextGenerator, asset: Asset, brief: NormalizedBrief,
                        strategy: StrategyDoc, seed: int) -> Asset:
    body = await generator.write(copy_request(asset, brief, strategy, seed))
    return asset.model_copy(update={"body": body})


def copy_request(asset: Asset, brief: NormalizedBrief, strategy: StrategyDoc,
                 seed: int) -> CopyRequest:
    """What the generator needs to reword one asset's body, and the rules it must keep."""
    return CopyRequest(
        channel=asset.channel.value,
        kind=asset.kind,
        brand=brief.brand,
        offer=brief.offer,
        audience=strategy.audience,
        pillar=asset.pillar,
        cta=asset.cta,
        tone=brief.tone,
        max_chars=BODY_LIMITS[asset.channel],
        draft=asset.body,
        must_include=tuple(s for s in (brief.brand, asset.cta) if s),
        forbidden=tuple(strategy.constraints.forbidden_claims),
        seed=seed,
    )
