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

from contracts.supervisor import BatchView, CampaignOutcome, Outcome
from supervisors.saga import SagaRun

Summarize = Callable[[SagaRun], dict[str, Any]]


def outcome_of_run(run: SagaRun, summary: dict[str, Any]) -> CampaignOutcome:
    return CampaignOutcome(
        campaign_id=run.campaign_id, state=str(run.state), step=run.step,
        outcome=Outcome(run.outcome) if run.outcome else None, reason=run.failure,
        pack_dir=summary.get("pack_dir"),
        qc_score=summary.get("qc_score"), compensation_failures=list(run.compensation_failures),
        started_at=run.started_at, finished_at=run.finished_at, awaiting_review=run.waiting,
        dead_lettered=run.status == "dead_letter")


def outcome_of_row(row: dict[str, Any]) -> CampaignOutcome:
    summary = json.loads(row["summary"] or "{}")
    return CampaignOutcome(
        campaign_id=row["campaign_id"], state=row["state"], step=row["step"],
        outcome=row["outcome"], reason=row["reason"], pack_dir=summary.get("pack_dir"),
        qc_score=summary.get("qc_score"),
        compensation_failures=json.loads(row["compensation_failures"] or "[]"),
        started_at=row["started_at"], finished_at=row["finished_at"],
        awaiting_review=row["status"] == "waiting",
        dead_lettered=row["status"] == "dead_letter")


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
        self._parked: set[str] = set()
        self._settled = asyncio.Event()

    @property
    def campaign_ids(self) -> list[str]:
        return list(self._order)

    def put(self, entry: CampaignOutcome | SagaRun) -> None:
        key = entry.campaign_id
        self._entries[key] = entry
        self.version += 1
        if entry.outcome is not None:
            self._finished.add(key)
        if _parked(entry):
            self._parked.add(key)
        else:
            self._parked.discard(key)
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
        """Nothing will move without someone: all finished, or the rest are parked for a
        client's review or an operator's decision on a dead letter."""
        return len(self._finished) + len(self._parked) == len(self._order)

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
        outcomes = Counter(str(e.outcome) if e.outcome else _parked(e) or "in_flight"
                           for e in entries)
        states = Counter(str(e.state) for e in entries)
        steps = Counter(e.step for e in entries if e.outcome is None and e.step)
        finished = sum(n for k, n in outcomes.items()
                       if k not in ("in_flight", "awaiting_review", "dead_letter"))
        campaigns = ([self._outcome(self._entries[campaign_id]) for campaign_id in self._order]
                     if include_campaigns else [])
        return BatchView(batch_id=self.batch_id, total=len(self._entries), finished=finished,
                         counts=dict(outcomes), states=dict(states), steps=dict(steps),
                         done=self.done, settled=self.settled,
                         version=self.version, created_at=self.created_at, campaigns=campaigns)


def _parked(entry: CampaignOutcome | SagaRun) -> str | None:
    """What an unfinished campaign is parked on, if it is: 'awaiting_review' or
    'dead_letter'."""
    if isinstance(entry, CampaignOutcome):
        waiting, dead = entry.awaiting_review, entry.dead_lettered
    else:
        waiting, dead = entry.waiting, entry.status == "dead_letter"
    return "awaiting_review" if waiting else "dead_letter" if dead else None
