"""The client review module: review rounds, the client's feedback, deadlines escalated.

A saga opens round 0 after QC approves and waits for the decision; changes requested open
the next round once production and QC have been through them. Feedback always applies to
the newest round, and only while it is pending: a decision is never overwritten.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from actors._kernel import Conflict, ModuleActor, NotFound, Route, Row, Tx
from contracts.client_review import (
    EscalateReview,
    FeedbackRecorded,
    GetReview,
    GetReviewDecision,
    ListReviews,
    RecordFeedback,
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
from contracts.common import Contract, derived_id
from contracts.envelope import Envelope

from . import _tables as t

AUTO_REVIEWER = "policy:auto-approve"


class ClientReviewActor(ModuleActor):
    module = "client_review"
    metadata = t.metadata
    processed = t.processed
    migrations = Path(__file__).parent / "migrations"

    def routes(self) -> list[Route[Any, Contract]]:
        return [
            Route(RequestReview, self._request),
            Route(RecordFeedback, self._feedback),
            Route(EscalateReview, self._escalate),
            Route(WithdrawReview, self._withdraw),
            Route(GetReviewDecision, self._decision, is_query=True),
            Route(GetReview, self._latest, is_query=True),
            Route(ListReviews, self._list, is_query=True),
        ]

    async def prefetch(self, tx: Tx, commands: list[tuple[Envelope, Any]]) -> None:
        """Every round and tombstone of the frame's campaigns, into tx.rows."""
        ids = sorted({message.campaign_id for _, message in commands})
        await tx.rows(t.reviews).load_where(t.reviews.c.campaign_id, ids)
        await tx.rows(t.withdrawn).load(ids)

    async def _request(self, tx: Tx, cmd: RequestReview, env: Envelope) -> ReviewRequested:
        known = await _campaign(tx, cmd.campaign_id)
        if known.withdrawn is not None:
            raise Conflict(f"reviews of campaign {cmd.campaign_id} were withdrawn")
        rounds = known.rounds
        if cmd.round in rounds:  # the same round asked again: it is already open
            return _requested(rounds[cmd.round])
        expected = max(rounds) + 1 if rounds else 0
        if cmd.round != expected:
            raise Conflict(f"campaign {cmd.campaign_id}: round {cmd.round} cannot open; "
                           f"the next round is {expected}")
        if rounds and rounds[expected - 1]["status"] != ReviewStatus.CHANGES_REQUESTED:
            raise Conflict(f"campaign {cmd.campaign_id}: round {expected - 1} is "
                           f"{rounds[expected - 1]['status']}, not changes_requested")
        now = self.clock.now().isoformat()
        auto = cmd.policy == "auto"
        row = {
            "campaign_id": cmd.campaign_id, "round": cmd.round,
            "review_id": derived_id("review", cmd.campaign_id, cmd.round),
            "client_id": cmd.client_id, "client_name": cmd.client_name,
            "qc_score": cmd.qc_score,
            "preview_json": json.dumps([p.model_dump(mode="json") for p in cmd.preview]),
            "status": ReviewStatus.APPROVED if auto else ReviewStatus.PENDING,
            "changes_json": "[]", "note": "approved by the batch's policy" if auto else "",
            "reviewer": AUTO_REVIEWER if auto else None, "requested_at": now,
            # Stored in UTC so deadlines sort as text, whatever offset the sender used.
            "due_at": cmd.due_at.astimezone(UTC).isoformat(),
            "decided_at": now if auto else None,
            "escalated_at": None}
        tx.rows(t.reviews).put(row)
        return _requested(row)

    async def _feedback(self, tx: Tx, cmd: RecordFeedback, env: Envelope) -> FeedbackRecorded:
        row = await self._open_round(tx, cmd.campaign_id)
        if row["status"] != ReviewStatus.PENDING:
            raise Conflict(f"campaign {cmd.campaign_id}: round {row['round']} was already "
                           f"decided ({row['status']})")
        updated = {**row, "status": ReviewStatus(cmd.decision.value),
                   "changes_json": json.dumps([c.model_dump(mode="json") for c in cmd.changes]),
                   "note": cmd.note, "reviewer": cmd.reviewer,
                   "decided_at": self.clock.now().isoformat()}
        tx.rows(t.reviews).put(updated)
        return FeedbackRecorded(campaign_id=cmd.campaign_id, round=row["round"],
                                decision=cmd.decision)

    async def _escalate(self, tx: Tx, cmd: EscalateReview, env: Envelope) -> ReviewEscalated:
        row = (await _campaign(tx, cmd.campaign_id)).rounds.get(cmd.round)
        if row is None:
            raise NotFound(f"campaign {cmd.campaign_id} has no review round {cmd.round}")
        if row["escalated_at"] is None:
            row = tx.rows(t.reviews).put({**row, "escalated_at": self.clock.now().isoformat()})
        return ReviewEscalated(campaign_id=cmd.campaign_id, round=cmd.round,
                               escalated_at=datetime.fromisoformat(row["escalated_at"]))

    async def _withdraw(self, tx: Tx, cmd: WithdrawReview, env: Envelope) -> ReviewWithdrawn:
        known = await _campaign(tx, cmd.campaign_id)
        pending = [r for r in known.rounds.values() if r["status"] == ReviewStatus.PENDING]
        for row in pending:
            tx.rows(t.reviews).put({**row, "status": ReviewStatus.WITHDRAWN})
        if known.withdrawn is None:
            tx.rows(t.withdrawn).put({"campaign_id": cmd.campaign_id, "reason": cmd.reason,
                                      "withdrawn_at": self.clock.now().isoformat()})
        return ReviewWithdrawn(campaign_id=cmd.campaign_id, was_open=bool(pending))

    async def _open_round(self, tx: Tx, campaign_id: str) -> Row:
        known = await _campaign(tx, campaign_id)
        if known.withdrawn is not None:
            raise Conflict(f"reviews of campaign {campaign_id} were withdrawn")
        if not known.rounds:
            raise NotFound(f"campaign {campaign_id} has no review")
        return known.rounds[max(known.rounds)]

    async def _decision(self, tx: Tx, query: GetReviewDecision, env: Envelope) -> ReviewDecision:
        row = (await _campaign(tx, query.campaign_id)).rounds.get(query.round)
        if row is None:
            raise NotFound(f"campaign {query.campaign_id} has no review round {query.round}")
        return ReviewDecision(
            campaign_id=row["campaign_id"], round=row["round"], status=row["status"],
            changes=json.loads(row["changes_json"]), note=row["note"],
            reviewer=row["reviewer"], requested_at=row["requested_at"], due_at=row["due_at"],
            decided_at=row["decided_at"], escalated_at=row["escalated_at"])

    async def _latest(self, tx: Tx, query: GetReview, env: Envelope) -> ReviewRound:
        rounds = (await _campaign(tx, query.campaign_id)).rounds
        if not rounds:
            raise NotFound(f"campaign {query.campaign_id} has no review")
        row = rounds[max(rounds)]
        return ReviewRound(**{k: row[k] for k in _ROUND_COLUMNS},
                           preview=json.loads(row["preview_json"]),
                           changes=json.loads(row["changes_json"]))

    async def _list(self, tx: Tx, query: ListReviews, env: Envelope) -> ReviewList:
        stmt = select(t.reviews).order_by(t.reviews.c.due_at, t.reviews.c.campaign_id,
                                          t.reviews.c.round).limit(query.limit)
        if query.status is not None:
            stmt = stmt.where(t.reviews.c.status == query.status.value)
        rows = (await tx.conn.execute(stmt)).mappings()
        return ReviewList(reviews=[ReviewSummary(
            campaign_id=r["campaign_id"], client_name=r["client_name"], round=r["round"],
            status=r["status"], qc_score=r["qc_score"], assets=len(json.loads(r["preview_json"])),
            requested_at=r["requested_at"], due_at=r["due_at"], escalated_at=r["escalated_at"])
            for r in rows])


_ROUND_COLUMNS = ("campaign_id", "review_id", "round", "client_id", "client_name", "qc_score",
                  "status", "note", "reviewer", "requested_at", "due_at", "decided_at",
                  "escalated_at")


@dataclass(frozen=True)
class _Campaign:
    """A campaign's review rows as this frame has them (a view of tx.rows, which holds and
    writes them): its rounds by number, and its tombstone once withdrawn."""

    rounds: dict[int, Row]
    withdrawn: Row | None


async def _campaign(tx: Tx, campaign_id: str) -> _Campaign:
    reviews = tx.rows(t.reviews)
    await reviews.load_where(t.reviews.c.campaign_id, [campaign_id])  # prefetched: no query
    return _Campaign(rounds={r["round"]: r for r in reviews.where(t.reviews.c.campaign_id,
                                                                   campaign_id)},
                     withdrawn=await tx.rows(t.withdrawn).get(campaign_id))


def _requested(row: Row) -> ReviewRequested:
    return ReviewRequested(campaign_id=row["campaign_id"], review_id=row["review_id"],
                           round=row["round"], status=row["status"],
                           due_at=datetime.fromisoformat(row["due_at"]))
