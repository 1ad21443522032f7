"""Strategy: a plan derived from the normalized brief, versioned, approved before use."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import Field

from contracts.brief import NormalizedBrief
from contracts.common import Channel, Contract


class ChannelPlan(Contract):
    channel: Channel
    role: str
    budget_share_pct: Decimal = Field(description="shares over all channels sum to exactly 100")
    budget: Decimal
    posts_per_week: int


class Kpi(Contract):
    name: str
    target: Decimal
    unit: str
    timeframe_weeks: int


class Milestone(Contract):
    week: int
    on: date
    name: str


class StrategyDoc(Contract):
    """The plan production writes from. Derived from the brief; never canned."""

    brand: str
    positioning: str
    audience: str
    messaging_pillars: list[str] = Field(min_length=2)
    channel_plan: list[ChannelPlan] = Field(min_length=1)
    kpis: list[Kpi] = Field(min_length=1)
    timeline: list[Milestone] = Field(min_length=2)
    call_to_action: str
    hashtags: list[str]


class GenerateStrategy(Contract):
    campaign_id: str
    brief: NormalizedBrief
    seed: int = 0


class StrategyGenerated(Contract):
    campaign_id: str
    strategy_id: str
    version: int
    strategy: StrategyDoc


class ApproveStrategy(Contract):
    campaign_id: str
    strategy_id: str
    approved_by: str


class StrategyApproved(Contract):
    campaign_id: str
    strategy_id: str
    version: int
    approved_by: str
    approved_at: datetime


class DiscardStrategy(Contract):
    """Compensation: tombstone every version of the campaign's strategy. Idempotent."""

    campaign_id: str
    reason: str


class StrategyDiscarded(Contract):
    campaign_id: str
    versions_discarded: int


class GetStrategy(Contract):
    campaign_id: str


class StrategyView(Contract):
    campaign_id: str
    strategy_id: str
    version: int
    status: str  # generated | approved | discarded
    strategy: StrategyDoc
    approved_by: str | None


COMMANDS = (GenerateStrategy, ApproveStrategy, DiscardStrategy)
QUERIES = (GetStrategy,)
REPLIES = (StrategyGenerated, StrategyApproved, StrategyDiscarded, StrategyView)
