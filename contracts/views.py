"""Read models the driver API composes from several modules' replies: one campaign as an
operator sees it, one review as its client sees it. They are not messages (no module
receives them); the CLI, the HTTP API and the web console all show these same shapes.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pydantic import Field

from contracts.client_review import RequestedChange, ReviewStatus
from contracts.common import Channel, Contract
from contracts.dead_letters import DeadLetter
from contracts.production import Asset, AssetMeasure
from contracts.qc import QcCheck
from contracts.supervisor import Outcome, StepTiming

# StepTiming (the saga log's) and AssetMeasure (production's) travel in module replies; they
# are defined with those contracts and shown here as they come.
__all__ = ["AssetMeasure", "CampaignDetail", "ChannelShare", "ReviewAsset", "ReviewDetail",
           "StepTiming", "StrategySummary"]


class CampaignDetail(Contract):
    """One campaign: where its saga stands, how each step went, what QC found, its pack."""

    campaign_id: str
    batch_id: str
    brand: str = Field(description="the brief's brand name, as the client wrote it")
    client_name: str = ""
    state: str
    step: str | None
    outcome: Outcome | None
    reason: str | None = None
    qc_score: int | None = None
    awaiting_review: bool = False
    dead_letter: DeadLetter | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    steps: list[StepTiming] = []
    findings: list[QcCheck] = Field(
        default=[], description="failed and warned checks of the latest evaluation and of the "
                                "pack check")
    pack_dir: str | None = None
    pack_files: list[str] = Field(
        default=[], description="the pack's files, relative to pack_dir, from its manifest")
    zip_path: str | None = Field(default=None, description="the pack as one zip, beside it")


class ReviewAsset(Contract):
    """An asset as published, with each length its platform limits."""

    asset: Asset
    measures: list[AssetMeasure] = []


class ChannelShare(Contract):
    channel: Channel
    budget_share_pct: Decimal = Field(description="as the strategy document prints it")


class StrategySummary(Contract):
    """What a client needs from the strategy to judge the creative."""

    positioning: str
    audience: str
    pillars: list[str]
    channels: list[ChannelShare]
    call_to_action: str


class ReviewDetail(Contract):
    """A campaign's current review round with everything its client decides on."""

    campaign_id: str
    client_name: str
    brand: str
    round: int
    status: ReviewStatus
    qc_score: int
    requested_at: datetime
    due_at: datetime
    decided_at: datetime | None = None
    escalated_at: datetime | None = None
    reviewer: str | None = None
    note: str = ""
    changes: list[RequestedChange] = []
    strategy: StrategySummary | None = None
    assets: list[ReviewAsset] = []
