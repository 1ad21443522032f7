"""In-memory progress of each batch, kept current as sagas move; what GetBatch answers."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from datetime import datetime
from typing import Any

from contracts.supervisor import BatchView, CampaignOutcome
from supervisors.saga import SagaRun


def outcome_of_run(run: SagaRun, summary: dict[str, Any]) -> CampaignOutcome:
    return CampaignOutcome(
        campaign_id=run.saga_id, state=str(run.state), step=run.step,
        outcome=run.outcome, reason=run.failure, pack_dir=summary.get("pack_dir"),
        qc_score=summary.get("qc_score"), compensation_failures=list(run.compensation_failures),
        started_at=run.started_at, finished_at=run.finished_at)


def outcome_of_row(row: dict[str, Any]) -> CampaignOutcome:
    summary = json.loads(row["summary"] or "{}")
    return CampaignOutcome(
        campaign_id=row["campaign_id"], state=row["state"], step=row["step"],
        outcome=row["outcome"], reason=row["reason"], pack_dir=summary.get("pack_dir"),
        qc_score=summary.get("qc_score"),
        compensation_failures=json.loads(row["compensation_failures"] or "[]"),
        started_at=row["started_at"], finished_at=row["finished_at"])


class BatchProgress:
    """One batch's campaigns by id, a version that grows on every change, and waiters."""

    def __init__(self, batch_id: str, created_at: datetime, order: list[str]):
        self.batch_id = batch_id
        self.created_at = created_at
        self.campaigns: dict[str, CampaignOutcome] = {}
        self._order = order
        self.version = 0
        self._changed = asyncio.Event()

    def put(self, outcome: CampaignOutcome) -> None:
        self.campaigns[outcome.campaign_id] = outcome
        self.version += 1
        self._changed.set()
        self._changed = asyncio.Event()

    @property
    def done(self) -> bool:
        return all(c.outcome is not None for c in self.campaigns.values())

    async def wait_for_change(self, after_version: int, timeout: float) -> None:
        if self.version != after_version or self.done or timeout <= 0:
            return
        try:
            await asyncio.wait_for(self._changed.wait(), timeout)
        except TimeoutError:
            return

    def snapshot(self, include_campaigns: bool) -> BatchView:
        outcomes = Counter(c.outcome.value if c.outcome else "in_flight"
                           for c in self.campaigns.values())
        states = Counter(c.state for c in self.campaigns.values())
        finished = sum(n for k, n in outcomes.items() if k != "in_flight")
        campaigns = [self.campaigns[cid] for cid in self._order] if include_campaigns else []
        return BatchView(batch_id=self.batch_id, total=len(self.campaigns), finished=finished,
                         counts=dict(outcomes), states=dict(states), done=self.done,
                         version=self.version, created_at=self.created_at, campaigns=campaigns)
