"""Strategy: a plan derived from the normalized brief, versioned, approved before use."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import Field

from contracts.brief import NormalizedBrief
from contracts.common import Channel, Contract, Seed


class BusinessReality(Contract):
    model: str = Field(description="how the client makes money, e.g. subscription SaaS")
    offer: str
    revenue_logic: str = Field(description="how this campaign turns into revenue")


class MarketTruth(Contract):
    category: str
    alternatives: list[str] = Field(min_length=1, description="competitors or substitutes")
    avoid: list[str] = Field(min_length=1, description="what not to do in this market")


class Persona(Contract):
    name: str
    role: str
    pains: list[str] = Field(min_length=1)
    motivations: list[str] = Field(min_length=1)
    objections: list[str] = Field(min_length=1)


class ValueArchitecture(Contract):
    positioning: str = Field(description="the positioning statement")
    proof_points: list[str] = Field(min_length=1)
    differentiators: list[str] = Field(min_length=1)


class Narrative(Contract):
    problem: str
    resolution: str
    pillars: list[str] = Field(min_length=2, description="messaging pillars")
    taglines: list[str] = Field(min_length=1)


class ChannelPlan(Contract):
    channel: Channel
    role: str
    tactics: list[str] = []
    cadence: str = ""
    budget_share_pct: Decimal = Field(
        description="as the client reads it: whole percents, or one or two decimals for every "
                    "channel when whole ones would show a 0 or make two different shares look "
                    "alike; shares over all channels sum to exactly 100")
    budget: Decimal
    posts_per_week: int


class Constraints(Contract):
    compliance: list[str] = Field(description="rules from the industry and geography")
    forbidden_claims: list[str]
    brand_voice: list[str]
    excluded_channels: list[str] = Field(
        default=[], description="requested channels left out of the plan, each with why")
    unavailable_channels: list[Channel] = Field(
        default=[], description="every channel that does not work in the geography, "
                                "requested or not (retention never suggests these)")


class Kpi(Contract):
    name: str
    target: Decimal
    unit: str
    timeframe_weeks: int
    kind: str = "lagging"  # leading | lagging


class Measurement(Contract):
    kpis: list[Kpi] = Field(min_length=1)
    leading_indicators: list[str] = []
    lagging_indicators: list[str] = []
    review_cadence: str = ""


class Milestone(Contract):
    week: int
    on: date
    name: str


class StrategyDoc(Contract):
    """The plan production writes from. Derived from the brief; never canned."""

    brand: str
    audience: str
    business: BusinessReality
    market: MarketTruth
    personas: list[Persona] = Field(min_length=2, max_length=3)
    value: ValueArchitecture
    narrative: Narrative
    channel_plan: list[ChannelPlan] = Field(min_length=1)
    constraints: Constraints
    measurement: Measurement
    timeline: list[Milestone] = Field(min_length=2)
    call_to_action: str
    hashtags: list[str]

    @property
    def positioning(self) -> str:
        return self.value.positioning

    @property
    def messaging_pillars(self) -> list[str]:
        return self.narrative.pillars

    @property
    def kpis(self) -> list[Kpi]:
        return self.measurement.kpis


class GenerateStrategy(Contract):
    campaign_id: str
    brief: NormalizedBrief
    seed: Seed = 0


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
    approved_at: datetime | None = None


COMMANDS = (GenerateStrategy, ApproveStrategy, DiscardStrategy)
QUERIES = (GetStrategy,)
REPLIES = (StrategyGenerated, StrategyApproved, StrategyDiscarded, StrategyView)
