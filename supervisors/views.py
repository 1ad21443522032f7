"""In-memory progress of each batch, kept current as sagas move; what GetBatch answers.

Live sagas are held by reference and turned into CampaignOutcome models only when
someone asks: a saga changes seven times or more, a progress query comes once a second.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from typing import Any

from contracts.supervisor import BatchView, CampaignOutcome
from supervisors.saga import SagaRun

Summarize = Callable[[SagaRun], dict[str, Any]]


def outcome_of_run(run: SagaRun, summary: dict[str, Any]) -> CampaignOutcome:
    return CampaignOutcome(
        campaign_id=run.saga_id, state=str(run.state), step=run.step,
        outcome=run.outcome, reason=run.failure, pack_dir=summary.get("pack_dir"),
        qc_score=summary.get("qc_score"), compensation_failures=list(run.compensation_failures),
        started_at=run.started_at, finished_at=run.finished_at, awaiting_review=run.waiting)


def outcome_of_row(row: dict[str, Any]) -> CampaignOutcome:
    summary = json.loads(row["summary"] or "{}")
    return CampaignOutcome(
        campaign_id=row["campaign_id"], state=row["state"], step=row["step"],
        outcome=row["outcome"], reason=row["reason"], pack_dir=summary.get("pack_dir"),
        qc_score=summary.get("qc_score"),
        compensation_failures=json.loads(row["compensation_failures"] or "[]"),
        started_at=row["started_at"], finished_at=row["finished_at"],
        awaiting_review=row["status"] == "waiting")


class BatchProgress:
    """One batch's campaigns by id, a version that grows on every change, and waiters."""

    def __init__(self, batch_id: str, created_at: datetime, order: list[str],
                 summarize: Summarize):
        self.batch_id = batch_id
        self.created_at = created_at
        self._entries: dict[str, CampaignOutcome | SagaRun] = {}
        self._order = order
        self._summarize = summarize
        self.version = 0
        self._finished: set[str] = set()
        self._waiting: set[str] = set()
        self._settled = asyncio.Event()

    def put(self, entry: CampaignOutcome | SagaRun) -> None:
        key = entry.campaign_id if isinstance(entry, CampaignOutcome) else entry.saga_id
        self._entries[key] = entry
        self.version += 1
        if entry.outcome is not None:
            self._finished.add(key)
        if _awaiting(entry):
            self._waiting.add(key)
        else:
            self._waiting.discard(key)
        if self.settled:
            self._settled.set()
        else:
            self._settled.clear()

    def _outcome(self, entry: CampaignOutcome | SagaRun) -> CampaignOutcome:
        if isinstance(entry, CampaignOutcome):
            return entry
        return outcome_of_run(entry, self._summarize(entry))

    @property
    def done(self) -> bool:
        # Campaigns are all known from intake on, so this is exact as soon as it is true.
        return len(self._finished) == len(self._order)

    @property
    def settled(self) -> bool:
        """Nothing will move without someone: all finished, or the rest await clients."""
        return len(self._finished) + len(self._waiting) == len(self._order)

    async def wait_until_settled(self, timeout: float) -> None:
        """Return when every campaign has an outcome or awaits its client's review, or
        after `timeout` seconds."""
        if self.settled or timeout <= 0:
            return
        try:
            await asyncio.wait_for(self._settled.wait(), timeout)
        except TimeoutError:
            return

    def snapshot(self, include_campaigns: bool) -> BatchView:
        entries = self._entries.values()
        outcomes = Counter(str(e.outcome) if e.outcome
                           else "awaiting_review" if _awaiting(e) else "in_flight"
                           for e in entries)
        states = Counter(str(e.state) for e in entries)
        steps = Counter(e.step for e in entries if e.outcome is None and e.step)
        finished = sum(n for k, n in outcomes.items() if k not in ("in_flight", "awaiting_review"))
        campaigns = ([self._outcome(self._entries[cid]) for cid in self._order]
                     if include_campaigns else [])
        return BatchView(batch_id=self.batch_id, total=len(self._entries), finished=finished,
                         counts=dict(outcomes), states=dict(states), steps=dict(steps),
                         done=self.done, settled=self.settled,
                         version=self.version, created_at=self.created_at, campaigns=campaigns)


def _awaiting(entry: CampaignOutcome | SagaRun) -> bool:
    return entry.awaiting_review if isinstance(entry, CampaignOutcome) else entry.waiting
