"""The supervisor's own contract: submitting batches and watching them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import Field

from contracts.common import CAMPAIGN_ID_PATTERN, Contract, Seed


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
    campaign_id: str = Field(pattern=CAMPAIGN_ID_PATTERN)
    brief: dict[str, Any] = Field(description="raw brief; validated by the supervisor on intake")


class SubmitBatch(Contract):
    """Run every campaign's saga. Submitting a batch id that exists returns that batch."""

    batch_id: str = Field(min_length=1, max_length=64)
    out_dir: str
    window: int = Field(default=64, ge=1, le=4096, description="sagas in flight at once")
    seed: Seed = 0
    qc_rounds: int = Field(default=2, ge=0, le=5,
                           description="revision rounds after a failed QC before compensating")
    pack_formats: PackFormats = Field(
        default="full", description="full: everything a client opens (PDF, deck, ...); "
                                    "data: the same pack without the PDF and the deck")
    campaigns: list[CampaignSubmission] = Field(min_length=1, max_length=10_000)


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


class BatchView(Contract):
    batch_id: str
    total: int
    finished: int
    counts: dict[str, int] = Field(description="campaigns per outcome, plus 'in_flight'")
    states: dict[str, int] = Field(description="campaigns per project state")
    steps: dict[str, int] = Field(default={}, description="running campaigns per saga step")
    done: bool
    version: int = Field(description="grows on every change; lets watchers skip repaints")
    created_at: datetime
    campaigns: list[CampaignOutcome] = []


class CancelCampaigns(Contract):
    """Stop a batch's or a campaign's pending work and undo what it completed. A saga stops
    at its next step boundary (a step already sent finishes first). Idempotent."""

    target: str = Field(min_length=1, max_length=64, description="a batch id or a campaign id")
    reason: str = Field(default="cancelled by operator", max_length=500)


class CancelAccepted(Contract):
    target: str
    cancelling: int = Field(description="unfinished campaigns that will stop")
    already_finished: int


class ListBatches(Contract):
    limit: int = Field(default=20, ge=1, le=1000)


class BatchList(Contract):
    batches: list[BatchView]


COMMANDS = (SubmitBatch, CancelCampaigns)
QUERIES = (GetBatch, ListBatches)
REPLIES = (BatchAccepted, BatchView, BatchList, CancelAccepted)
