"""The supervisor's own contract: submitting batches and watching them (its dead-letter
desk's messages are in contracts.dead_letters)."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal

from pydantic import Field

from contracts.brief import CampaignBrief
from contracts.cam import ClientSigned
from contracts.client_review import Decision, RequestedChange
from contracts.common import (
    CAMPAIGN_ID_PATTERN,
    AbsoluteDir,
    CampaignId,
    Contract,
    EntityId,
    Seed,
)
from contracts.dead_letters import (
    DeadLetter,
    DeadLetterList,
    DeadLetterResolved,
    DiscardDeadLetter,
    ListDeadLetters,
    RetryDeadLetter,
)
from contracts.reporting import ReportBuilt


class Outcome(StrEnum):
    """Every campaign ends in exactly one of these."""

    DELIVERED = "delivered"
    COMPENSATED = "compensated"  # a step failed for good; completed steps were undone
    REJECTED = "rejected"  # the brief was refused before any work was done
    COMPENSATION_FAILED = "compensation_failed"  # undoing a step kept failing: needs a human
    CANCELLED = "cancelled"  # an operator cancelled it; completed steps were undone


PackFormats = Literal["full", "data"]


class CampaignSubmission(Contract):
    # Campaign ids name pack directories, so they are restricted to path-safe characters.
    campaign_id: CampaignId
    brief: dict[str, Any] = Field(description="raw brief; validated by the supervisor on intake")


class ReviewSettings(Contract):
    """How a batch's campaigns go through client review."""

    policy: Literal["client", "auto"] = Field(
        default="client", description="client: wait for the client's decision; auto: "
                                      "approved by policy at once (unattended runs)")
    days: float = Field(default=5.0, gt=0, le=365, description="review deadline, in days")
    on_timeout: Literal["escalate", "approve", "reject"] = Field(
        default="escalate", description="at the deadline: flag it and keep waiting, or "
                                        "decide by policy")


AUTO_APPROVE = ReviewSettings(policy="auto")  # unattended runs: approved by policy at once


MAX_QC_ROUNDS = 5  # the most revision rounds after a failed QC a batch may ask for


class SubmitBatch(Contract):
    """Run every campaign's saga. Submitting a batch id that exists with the campaigns it
    was made from (same ids, same briefs, same order) returns that batch: a resume. With
    other campaigns it is refused (conflict)."""

    batch_id: EntityId = Field(description="path-safe: the batch's report is named by it")
    out_dir: AbsoluteDir
    window: int = Field(default=64, ge=1, le=4096, description="sagas in flight at once")
    seed: Seed = 0
    qc_rounds: int = Field(default=2, ge=0, le=MAX_QC_ROUNDS,
                           description="revision rounds after a failed QC before compensating")
    pack_formats: PackFormats = Field(
        default="full", description="full: everything a client opens (PDF, deck, ...); "
                                    "data: the same pack without the PDF and the deck")
    review: ReviewSettings = ReviewSettings()
    campaigns: list[CampaignSubmission] = Field(min_length=1, max_length=10_000)


# The supervisor words a taken campaign id with `campaign_taken`; the driver reads the ids
# back with CAMPAIGN_TAKEN (an error reply carries a message, not fields).
CAMPAIGN_TAKEN = re.compile(
    r"^campaign (?P<campaign>[\w.-]+) already belongs to batch (?P<batch>[\w.-]+):")


def campaign_taken(campaign_id: str, batch_id: str) -> str:
    """The refusal of a submission whose campaign id belongs to batch `batch_id`."""
    return (f"campaign {campaign_id} already belongs to batch {batch_id}: to resume that "
            f"batch, submit the same briefs with batch id {batch_id}; to start a new one, "
            "give the briefs new campaign ids")


class BatchAccepted(Contract):
    batch_id: str
    total: int
    created: bool = Field(description="False when the batch id already existed")


class GetBatch(Contract):
    """Batch progress. With `wait_seconds`, the reply waits until the batch is done or that
    many seconds pass, whichever is first: a long poll a progress bar can loop on."""

    batch_id: str
    wait_seconds: float = Field(default=0.0, ge=0, le=30)
    include_campaigns: bool = False


class CampaignOutcome(Contract):
    campaign_id: str
    state: str
    step: str | None
    outcome: Outcome | None
    reason: str | None = None
    pack_dir: str | None = None
    qc_score: int | None = None
    compensation_failures: list[str] = []
    started_at: datetime | None = None
    finished_at: datetime | None = None
    awaiting_review: bool = Field(default=False, description="parked until the client decides")
    dead_lettered: bool = Field(default=False, description="parked on a poison message until "
                                                           "an operator retries or discards it")
    dead_letter: DeadLetter | None = Field(
        default=None, description="the open letter it is parked on (its id is what `dlq "
                                  "retry` takes); filled in views that list campaigns")


class BatchView(Contract):
    batch_id: str
    total: int
    finished: int
    counts: dict[str, int] = Field(description="campaigns per outcome, plus 'in_flight', "
                                               "'awaiting_review' and 'dead_letter' for "
                                               "unfinished ones")
    states: dict[str, int] = Field(description="campaigns per project state")
    steps: dict[str, int] = Field(default={}, description="running campaigns per saga step")
    done: bool
    settled: bool = Field(default=False, description="done, or every unfinished campaign is "
                                                     "parked: waiting for its client's review "
                                                     "or on a dead letter")
    version: int = Field(description="grows on every change; lets watchers skip repaints")
    created_at: datetime
    campaigns: list[CampaignOutcome] = []


class GetSaga(Contract):
    """One campaign's saga as the supervisor's log has it. (cam answers GetCampaign with
    the campaign record; this is where the saga stands.)"""

    campaign_id: str


class StepTiming(Contract):
    """One saga step (or its compensation) as the saga log recorded it."""

    step: str
    kind: Literal["do", "undo"] = Field(description="do | undo (a compensation)")
    status: str = Field(description="started | waiting | done | failed | given_up")
    attempts: int
    started_at: datetime | None = Field(default=None, description="when the step was first "
                                                                  "entered (do steps)")
    finished_at: datetime | None = Field(
        default=None, description="when the step last changed: its end once done or failed")
    error: str | None = None


class SagaView(Contract):
    """A campaign's saga: its outcome so far, its brief's names, its steps in the order they
    ran (do steps, then any compensations), and the shard of each pool that holds its rows."""

    campaign: CampaignOutcome
    batch_id: str
    brand: str = Field(description="the brief's brand name (its client name if none)")
    client_name: str
    steps: list[StepTiming] = []
    routes: dict[str, str] = Field(
        default={}, description="pool -> destination holding the campaign's rows, fixed at "
                                "intake (production/2); none for a brief refused at intake")


class CancelCampaigns(Contract):
    """Stop a batch's or a campaign's pending work and undo what it completed. A saga stops
    at its next step boundary (a step already sent finishes first). Idempotent."""

    target: EntityId = Field(description="a batch id or a campaign id")
    reason: str = Field(default="cancelled by operator", max_length=500)


class CancelAccepted(Contract):
    target: str
    cancelling: int = Field(description="unfinished campaigns that will stop")
    already_finished: int


class ListBatches(Contract):
    limit: int = Field(default=20, ge=1, le=1000)


class BatchList(Contract):
    batches: list[BatchView]


class SubmitFeedback(Contract):
    """A client's decision on a campaign's open review round. The supervisor records it
    with client review and wakes the campaign's saga."""

    campaign_id: str = Field(pattern=CAMPAIGN_ID_PATTERN)
    decision: Decision
    changes: list[RequestedChange] = Field(default=[], max_length=50)
    note: str = Field(default="", max_length=2000)
    reviewer: str = Field(default="client", min_length=1, max_length=200)


class FeedbackAccepted(Contract):
    campaign_id: str
    round: int
    decision: Decision
    batch_id: str | None = Field(default=None, description="the campaign's batch, to watch")


class SignClient(Contract):
    """Close a lead's deal. With a brief, the client's first campaign starts at once, as a
    batch of one named after the deal (so signing twice starts it once)."""

    lead_id: str
    deal_id: EntityId = Field(description="path-safe: the first campaign's batch is named "
                                          "after it")
    contract_months: int = Field(ge=1, le=60)
    monthly_fee: Decimal = Field(gt=0, max_digits=14, decimal_places=2)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    brief: CampaignBrief | None = None
    campaign_id: CampaignId | None = None
    out_dir: AbsoluteDir
    seed: Seed = 0
    qc_rounds: int = Field(default=2, ge=0, le=MAX_QC_ROUNDS)
    pack_formats: PackFormats = "full"
    review: ReviewSettings = ReviewSettings()


class ClientOnboarded(Contract):
    signed: ClientSigned
    batch_id: str | None = Field(description="the first campaign's batch, when a brief came")


class BuildBatchReport(Contract):
    """Write a batch's report (HTML and JSON) with its invoices as billing has them now."""

    batch_id: EntityId
    out_dir: AbsoluteDir


COMMANDS = (SubmitBatch, CancelCampaigns, SubmitFeedback, SignClient, BuildBatchReport,
            RetryDeadLetter, DiscardDeadLetter)
QUERIES = (GetBatch, GetSaga, ListBatches, ListDeadLetters)
REPLIES = (BatchAccepted, BatchView, SagaView, BatchList, CancelAccepted, FeedbackAccepted,
           ClientOnboarded, ReportBuilt, DeadLetterList, DeadLetterResolved)
