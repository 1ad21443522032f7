"""Onboarding: turns a client's brief into a normalized brief, or says why it cannot."""

from __future__ import annotations

from datetime import datetime

from contracts.brief import CampaignBrief, NormalizedBrief
from contracts.common import Contract


class NormalizeBrief(Contract):
    """Capture the intake for a campaign and normalize it."""

    campaign_id: str
    brief: CampaignBrief


class BriefNormalized(Contract):
    """The intake was accepted; this is the brief every later step works from."""

    campaign_id: str
    brief: NormalizedBrief


class BriefRejected(Contract):
    """The intake cannot be worked on as given. A business outcome, not a fault."""

    campaign_id: str
    problems: list[str]


class DiscardBrief(Contract):
    """Compensation: tombstone the campaign's brief. Idempotent."""

    campaign_id: str
    reason: str


class BriefDiscarded(Contract):
    campaign_id: str
    was_live: bool


class GetBrief(Contract):
    campaign_id: str


class BriefView(Contract):
    campaign_id: str
    status: str  # live | rejected | discarded
    brief: NormalizedBrief | None
    problems: list[str]
    updated_at: datetime


COMMANDS = (NormalizeBrief, DiscardBrief)
QUERIES = (GetBrief,)
REPLIES = (BriefNormalized, BriefRejected, BriefDiscarded, BriefView)
