"""Production: channel-ready creative written from an approved strategy."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from contracts.brief import NormalizedBrief
from contracts.common import Channel, Contract, Round, Seed, Severity
from contracts.strategy import StrategyDoc


class Asset(Contract):
    """One piece of creative as it would be published."""

    asset_id: str
    channel: Channel
    kind: str = Field(description="post | caption | ad | email | outline | script")
    title: str | None = Field(default=None, description="blog or video title")
    subject: str | None = Field(default=None, description="email subject line")
    preheader: str | None = Field(default=None, description="email preheader")
    headlines: list[str] = Field(default=[], description="ad headlines (RSA 30, Meta 40 chars)")
    descriptions: list[str] = Field(default=[], description="RSA descriptions (90 chars)")
    body: str = Field(description="the full published text (ad primary text, email body, "
                                  "outline, script), hashtags included")
    hook: str | None = Field(default=None, description="the opening line that earns attention")
    hashtags: list[str] = []
    cta: str
    pillar: str = Field(description="the messaging pillar this asset carries")
    strategy_id: str = ""
    strategy_version: int = 0
    sequence: int | None = Field(default=None, description="position in an email sequence")


class CalendarEntry(Contract):
    """One scheduled publication in the 30-day content calendar."""

    day: date
    channel: Channel
    asset_id: str
    hook: str


class Finding(Contract):
    """A QC finding production must act on (a failed check, as QC reported it)."""

    check_id: str
    asset_id: str | None
    severity: Severity
    evidence: str
    fix: str


class ProduceAssets(Contract):
    campaign_id: str
    brief: NormalizedBrief
    strategy_id: str
    strategy_version: int = 1
    strategy: StrategyDoc
    seed: Seed = 0


class AssetsProduced(Contract):
    campaign_id: str
    assets: list[Asset]
    calendar: list[CalendarEntry] = []
    hashtag_sets: dict[str, list[str]] = Field(default={}, description="named hashtag sets")
    generator: str = Field(default="deterministic", description="what wrote the final copy")


class ReviseAssets(Contract):
    """Change exactly what the findings name; leave every other asset as it is."""

    campaign_id: str
    brief: NormalizedBrief
    strategy_id: str
    strategy_version: int = 1
    strategy: StrategyDoc
    seed: Seed = 0
    round: Round = Field(ge=1, description="revision round, 1-based")
    findings: list[Finding] = Field(min_length=1)


class AssetsRevised(Contract):
    campaign_id: str
    round: Round
    assets: list[Asset]
    calendar: list[CalendarEntry] = []
    hashtag_sets: dict[str, list[str]] = {}
    changed: list[str] = Field(description="ids of the assets this revision changed")
    generator: str = "deterministic"


class DiscardAssets(Contract):
    """Compensation: tombstone the campaign's assets. Idempotent."""

    campaign_id: str
    reason: str


class AssetsDiscarded(Contract):
    campaign_id: str
    assets_discarded: int


class GetAssets(Contract):
    campaign_id: str


class AssetMeasure(Contract):
    """One length a platform limits, measured the way that platform counts it."""

    field: str = Field(description="body, headline 1, description 2, subject, preheader")
    length: int
    limit: int
    unit: str = Field(default="characters",
                      description="characters, or 'weighted characters' for X")

    @property
    def over(self) -> bool:
        return self.length > self.limit


class AssetsView(Contract):
    campaign_id: str
    status: str  # live | discarded
    assets: list[Asset]
    calendar: list[CalendarEntry] = []
    measures: dict[str, list[AssetMeasure]] = Field(
        default={}, description="per asset id: each length its platform limits, measured "
                                "with production's own limit table (older replies: none)")


COMMANDS = (ProduceAssets, ReviseAssets, DiscardAssets)
QUERIES = (GetAssets,)
REPLIES = (AssetsProduced, AssetsRevised, AssetsDiscarded, AssetsView)
