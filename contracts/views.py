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
from contracts.production import Asset
from contracts.qc import QcCheck
from contracts.supervisor import DeadLetter, Outcome


class StepTiming(Contract):
    """One saga step (or its compensation) as the saga log recorded it."""

    step: str
    kind: str = Field(description="do | undo (a compensation)")
    status: str = Field(description="started | waiting | done | failed")
    attempts: int
    started_at: datetime | None = None
    finished_at: datetime | None = Field(
        default=None, description="when the step last changed: its end once done or failed")
    error: str | None = None


class CampaignDetail(Contract):
    """One campaign: where its saga stands, how each step went, what QC found, its pack."""

    campaign_id: str
    batch_id: str
    brand: str = Field(description="the brief's brand name, as the client wrote it")
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


class AssetMeasure(Contract):
    """One length a platform limits, measured the way that platform counts it."""

    field: str = Field(description="body, headline 1, subject, ...")
    length: int
    limit: int
    unit: str = Field(default="characters",
                      description="characters, or 'weighted characters' for X")

    @property
    def over(self) -> bool:
        return self.length > self.limit


class ReviewAsset(Contract):
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
