"""One filled-in instance of every client review contract (merged into factories.contracts)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from contracts.client_review import (
    ChangeKind,
    Decision,
    EscalateReview,
    FeedbackRecorded,
    GetReview,
    GetReviewDecision,
    ListReviews,
    PreviewItem,
    RecordFeedback,
    RequestedChange,
    RequestReview,
    ReviewDecision,
    ReviewEscalated,
    ReviewList,
    ReviewRequested,
    ReviewRound,
    ReviewStatus,
    ReviewSummary,
    ReviewWithdrawn,
    WithdrawReview,
)
from contracts.common import Channel, Contract

CID = "c-1"
AT = datetime(2027, 1, 4, 11, 0, tzinfo=timezone(timedelta(hours=2)))
DUE = AT + timedelta(days=5)
CHANGE = RequestedChange(kind=ChangeKind.REMOVE_PHRASE, asset_id="a-1",
                         phrase="world-class", note="too boastful")


def decision() -> ReviewDecision:
    return ReviewDecision(campaign_id=CID, round=1, status=ReviewStatus.CHANGES_REQUESTED,
                          changes=[CHANGE], note="tone it down", reviewer="dana@client.io",
                          requested_at=AT, due_at=DUE, decided_at=AT + timedelta(hours=3),
                          escalated_at=None)


FACTORIES: dict[str, Callable[[], Contract]] = {
    "RequestReview": lambda: RequestReview(
        campaign_id=CID, round=0, client_id="cl-1", client_name="Northwind", qc_score=92,
        preview=[PreviewItem(asset_id="a-1", channel=Channel.X, headline="Close faster",
                             excerpt="Close your books in days.")], due_at=DUE,
        policy="client"),
    "RecordFeedback": lambda: RecordFeedback(
        campaign_id=CID, decision=Decision.CHANGES_REQUESTED, changes=[CHANGE],
        note="tone it down", reviewer="dana@client.io"),
    "EscalateReview": lambda: EscalateReview(campaign_id=CID, round=0, reason="no decision"),
    "WithdrawReview": lambda: WithdrawReview(campaign_id=CID, reason="invoice failed"),
    "GetReviewDecision": lambda: GetReviewDecision(campaign_id=CID, round=1),
    "GetReview": lambda: GetReview(campaign_id=CID),
    "ReviewRound": lambda: ReviewRound(
        **decision().model_dump(), review_id="r-1", client_id="cl-1", client_name="Northwind",
        qc_score=88, preview=[PreviewItem(asset_id="a-1", channel=Channel.X,
                                          headline="Close faster", excerpt="In days.")]),
    "ListReviews": lambda: ListReviews(status=ReviewStatus.PENDING, limit=50),
    "ReviewRequested": lambda: ReviewRequested(campaign_id=CID, review_id="r-1", round=0,
                                               status=ReviewStatus.PENDING, due_at=DUE),
    "FeedbackRecorded": lambda: FeedbackRecorded(campaign_id=CID, round=1,
                                                 decision=Decision.APPROVED),
    "ReviewEscalated": lambda: ReviewEscalated(campaign_id=CID, round=0, escalated_at=AT),
    "ReviewWithdrawn": lambda: ReviewWithdrawn(campaign_id=CID, was_open=True),
    "ReviewDecision": decision,
    "ReviewList": lambda: ReviewList(reviews=[ReviewSummary(
        campaign_id=CID, client_name="Northwind", round=0, status=ReviewStatus.PENDING,
        qc_score=92, assets=12, requested_at=AT, due_at=DUE, escalated_at=AT)]),
}
