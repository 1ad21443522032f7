"""Production: channel-ready creative written from an approved strategy."""

from __future__ import annotations

from pydantic import Field

from contracts.brief import NormalizedBrief
from contracts.common import Channel, Contract
from contracts.strategy import StrategyDoc


class Asset(Contract):
    """One piece of creative as it would be published."""

    asset_id: str
    channel: Channel
    kind: str = Field(description="post | caption | email")
    subject: str | None = Field(default=None, description="email subject line")
    body: str = Field(description="the full published text, hashtags included")
    hashtags: list[str] = []
    cta: str
    pillar: str = Field(description="the messaging pillar this asset carries")


class ProduceAssets(Contract):
    campaign_id: str
    brief: NormalizedBrief
    strategy_id: str
    strategy: StrategyDoc
    seed: int = 0


class AssetsProduced(Contract):
    campaign_id: str
    assets: list[Asset]


class DiscardAssets(Contract):
    """Compensation: tombstone the campaign's assets. Idempotent."""

    campaign_id: str
    reason: str


class AssetsDiscarded(Contract):
    campaign_id: str
    assets_discarded: int


class GetAssets(Contract):
    campaign_id: str


class AssetsView(Contract):
    campaign_id: str
    status: str  # live | discarded
    assets: list[Asset]


COMMANDS = (ProduceAssets, DiscardAssets)
QUERIES = (GetAssets,)
REPLIES = (AssetsProduced, AssetsDiscarded, AssetsView)
