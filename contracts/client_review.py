"""Client review: the client sees a preview of the approved creative and decides.

A review has rounds (0, 1, ...): when the client asks for changes, production revises, QC
checks again and a new round opens. Feedback is a business outcome carried in replies.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import Field, model_validator

from contracts.common import Channel, Contract, Round

ReviewPolicy = Literal["client", "auto"]  # auto: approved by the batch's policy at once


class Decision(StrEnum):
    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"
    REJECTED = "rejected"


class ReviewStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"  # compensated while still pending


class ChangeKind(StrEnum):
    """What a client may ask production to change; each maps to a revision production knows."""

    NEW_HOOK = "new_hook"  # a different opening line
    REWRITE = "rewrite"  # a new hook and a fresh supporting line
    REMOVE_PHRASE = "remove_phrase"  # strike the quoted phrase wherever it appears


class RequestedChange(Contract):
    """One change the client asks for. Without `asset_id` it applies to every asset."""

    kind: ChangeKind
    asset_id: str | None = None
    phrase: str | None = Field(default=None, max_length=200,
                               description="the phrase to remove (REMOVE_PHRASE)")
    note: str = Field(default="", max_length=1000)

    @model_validator(mode="after")
    def _phrase_for_removal(self) -> RequestedChange:
        if self.kind is ChangeKind.REMOVE_PHRASE and not (self.phrase or "").strip():
            raise ValueError("remove_phrase needs the phrase to remove")
        return self


class PreviewItem(Contract):
    asset_id: str
    channel: Channel
    headline: str = Field(description="the hook, title or subject the client sees first")
    excerpt: str


class RequestReview(Contract):
    """Open review round `round` for a campaign and send the client the preview."""

    campaign_id: str
    round: Round
    client_id: str
    client_name: str
    qc_score: int = Field(ge=0, le=100)
    preview: list[PreviewItem] = Field(min_length=1)
    due_at: datetime = Field(description="when the review deadline falls")
    policy: ReviewPolicy = "client"


class ReviewRequested(Contract):
    campaign_id: str
    review_id: str
    round: Round
    status: ReviewStatus
    due_at: datetime


class RecordFeedback(Contract):
    """The client's (or a policy's) decision on the open round."""

    campaign_id: str
    decision: Decision
    changes: list[RequestedChange] = Field(default=[], max_length=50)
    note: str = Field(default="", max_length=2000)
    reviewer: str = Field(min_length=1, max_length=200)

    @model_validator(mode="after")
    def _changes_only_when_requested(self) -> RecordFeedback:
        wants = self.decision is Decision.CHANGES_REQUESTED
        if wants and not self.changes:
            raise ValueError("changes_requested needs at least one requested change")
        if not wants and self.changes:
            raise ValueError(f"a {self.decision.value} decision carries no changes")
        return self


class FeedbackRecorded(Contract):
    campaign_id: str
    round: Round
    decision: Decision


class EscalateReview(Contract):
    """The review deadline passed without a decision: flag it for the account lead."""

    campaign_id: str
    round: Round
    reason: str


class ReviewEscalated(Contract):
    campaign_id: str
    round: Round
    escalated_at: datetime


class WithdrawReview(Contract):
    """Compensation: close the campaign's reviews. Decided rounds keep their decision."""

    campaign_id: str
    reason: str


class ReviewWithdrawn(Contract):
    campaign_id: str
    was_open: bool


class GetReviewDecision(Contract):
    campaign_id: str
    round: Round


class ReviewDecision(Contract):
    """A review round as it stands: pending until the client (or a policy) decides."""

    campaign_id: str
    round: Round
    status: ReviewStatus
    changes: list[RequestedChange] = []
    note: str = ""
    reviewer: str | None = None
    requested_at: datetime
    due_at: datetime
    decided_at: datetime | None = None
    escalated_at: datetime | None = None


class GetReview(Contract):
    """A campaign's latest review round, whatever its status."""

    campaign_id: str


class ReviewRound(Contract):
    """One review round in full: who reviews, what QC scored, what was asked and decided."""

    campaign_id: str
    review_id: str
    round: Round
    client_id: str
    client_name: str
    qc_score: int
    status: ReviewStatus
    preview: list[PreviewItem] = Field(default=[], description="what the round was opened with")
    changes: list[RequestedChange] = []
    note: str = ""
    reviewer: str | None = None
    requested_at: datetime
    due_at: datetime
    decided_at: datetime | None = None
    escalated_at: datetime | None = None


class ListReviews(Contract):
    status: ReviewStatus | None = None
    limit: int = Field(default=1000, ge=1, le=10_000)


class ReviewSummary(Contract):
    campaign_id: str
    client_name: str
    round: Round
    status: ReviewStatus
    qc_score: int
    assets: int
    requested_at: datetime
    due_at: datetime
    escalated_at: datetime | None = None


class ReviewList(Contract):
    reviews: list[ReviewSummary]


COMMANDS = (RequestReview, RecordFeedback, EscalateReview, WithdrawReview)
QUERIES = (GetReviewDecision, GetReview, ListReviews)
REPLIES = (ReviewRequested, FeedbackRecorded, ReviewEscalated, ReviewWithdrawn, ReviewDecision,
           ReviewRound, ReviewList)
