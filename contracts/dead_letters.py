"""The operator's dead-letter desk: steps whose retryable errors outlasted every retry,
parked for a person to retry or discard. The supervisor answers these messages."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from contracts.common import Contract


class DeadLetter(Contract):
    """A step whose retryable error outlasted every retry: its saga is parked on it."""

    letter_id: str
    campaign_id: str
    step: str
    destination: str
    message_type: str
    message_id: str
    attempts: int
    error: str
    status: Literal["open", "retried", "discarded"]
    created_at: datetime
    resolved_at: datetime | None = None


class ListDeadLetters(Contract):
    status: Literal["open", "retried", "discarded"] | None = "open"
    limit: int = Field(default=1000, ge=1, le=10_000)


class DeadLetterList(Contract):
    letters: list[DeadLetter]


class RetryDeadLetter(Contract):
    """Send the parked step again (same message id: a receiver that applied it answers
    with its stored reply), with a fresh round of retries."""

    letter_id: str


class DiscardDeadLetter(Contract):
    """Give up on the parked step: the campaign is cancelled and its completed steps undone."""

    letter_id: str
    reason: str = Field(default="discarded by operator", max_length=500)


class DeadLetterResolved(Contract):
    letter: DeadLetter
    batch_id: str = Field(description="the campaign's batch, to watch")
