"""Which batches the supervisor holds in memory: their progress, and each campaign's batch.

A batch is held while it has unfinished sagas. When its last saga finishes, it leaves:
its progress moves to a short list of recently finished batches (a driver's last polls
are answered from memory), and older batches are read from the saga log on demand. So
the supervisor's memory follows the work in flight, not every batch it has ever run.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime
from typing import Any

from sqlalchemy import select

from contracts.dead_letters import DeadLetter
from contracts.envelope import ErrorCode
from contracts.supervisor import BatchView
from infra.store import chunks
from supervisors import saga_log as t
from supervisors.errors import SupervisorError
from supervisors.saga import SagaEngine, SagaRun, rebuild
from supervisors.saga_log import SagaLog, Write
from supervisors.views import BatchProgress, outcome_of_row

RECENT_BATCHES = 16  # finished batches whose progress stays in memory


class BatchBook:
    def __init__(self, saga_log: SagaLog, engine: SagaEngine):
        self._log = saga_log
        self._engine = engine
        self._definition = engine.definition
        self.progress: dict[str, BatchProgress] = {}  # batches with unfinished sagas
        self.batch_of: dict[str, str] = {}  # campaign id -> batch id, of those batches
        self.windows: dict[str, int] = {}
        self._recent: OrderedDict[str, BatchProgress] = OrderedDict()

    async def load(self, batch_id: str) -> list[SagaRun]:
        """Read a batch from the log; hold it if it has unfinished sagas, and return those
        sagas rebuilt."""
        batch, rows = await self._read(batch_id)
        progress = self._progress_of(batch, rows)
        open_rows = [r for r in rows if r["status"] != "done"]
        if not open_rows:
            self._remember(batch_id, progress)
            return []
        open_ids = [r["campaign_id"] for r in open_rows]
        steps = await self._log.steps_of(open_ids)
        lettered = await self._log.open_letters(open_ids)
        runs = [rebuild(self._definition, r, steps[r["campaign_id"]]) for r in open_rows]
        await self._park_unreadable(runs, lettered, progress)
        for run in runs:
            if run.status in ("compensating", "rejecting") and run.campaign_id in lettered:
                # its unwind is parked on an undo letter: an operator decides, not a restart
                run.unwinding, run.status = run.status, "dead_letter"
                progress.put(run)
        self.progress[batch_id] = progress
        self.batch_of.update((campaign_id, batch_id) for campaign_id in progress.campaign_ids)
        self.windows[batch_id] = batch["window"]
        return runs

    async def _park_unreadable(self, runs: list[SagaRun], lettered: set[str],
                               progress: BatchProgress) -> None:
        """Sagas whose stored input or step result no longer validates go on a dead letter,
        each on its own: the rest of the batch, and every other batch, resume as usual."""
        writes: list[Write] = []
        for run in runs:
            if run.unreadable is not None:
                writes += self._engine.park_unreadable(run, run.campaign_id in lettered)
                progress.put(run)
        if writes:
            await self._log.write(writes)

    async def find(self, batch_id: str) -> BatchProgress | None:
        """A batch's progress, from memory or else from the log; None if there is none."""
        found = self.progress.get(batch_id) or self._recent.get(batch_id)
        if found is not None:
            return found
        try:
            batch, rows = await self._read(batch_id)
        except SupervisorError:
            return None
        progress = self._progress_of(batch, rows)
        self._remember(batch_id, progress)
        return progress

    async def with_letters(self, view: BatchView) -> BatchView:
        """The view with each dead-lettered campaign's open letter attached, so whoever
        reads it can name the letter to retry or discard."""
        parked = [c.campaign_id for c in view.campaigns if c.dead_lettered]
        if not parked:
            return view
        letters: dict[str, DeadLetter] = {}
        for chunk in chunks(parked):
            rows = await self._log.fetch(select(t.dead_letters).where(
                t.dead_letters.c.campaign_id.in_(chunk), t.dead_letters.c.status == "open"))
            letters.update((row["campaign_id"], DeadLetter(**row)) for row in rows)
        campaigns = [c.model_copy(update={"dead_letter": letters.get(c.campaign_id)})
                     if c.dead_lettered else c for c in view.campaigns]
        return view.model_copy(update={"campaigns": campaigns})

    async def batch_of_campaign(self, campaign_id: str) -> str | None:
        if campaign_id in self.batch_of:
            return self.batch_of[campaign_id]
        rows = await self._log.fetch(select(t.sagas.c.batch_id)
                                     .where(t.sagas.c.campaign_id == campaign_id))
        return rows[0]["batch_id"] if rows else None

    def forget(self, batch_id: str) -> None:
        """Every saga of the batch has finished: let it go from the open batches."""
        progress = self.progress.pop(batch_id, None)
        if progress is None:
            return
        for campaign_id in progress.campaign_ids:
            self.batch_of.pop(campaign_id, None)
        self.windows.pop(batch_id, None)
        self._remember(batch_id, progress)

    def _remember(self, batch_id: str, progress: BatchProgress) -> None:
        self._recent[batch_id] = progress
        self._recent.move_to_end(batch_id)
        while len(self._recent) > RECENT_BATCHES:
            self._recent.popitem(last=False)

    async def _read(self, batch_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        batch = await self._log.batch(batch_id)
        if batch is None:
            raise SupervisorError(ErrorCode.NOT_FOUND, f"no batch {batch_id}")
        rows = await self._log.fetch(select(t.sagas).where(t.sagas.c.batch_id == batch_id)
                                     .order_by(t.sagas.c.position))
        return batch, rows

    def _progress_of(self, batch: dict[str, Any],
                     rows: list[dict[str, Any]]) -> BatchProgress:
        progress = BatchProgress(batch["batch_id"], datetime.fromisoformat(batch["created_at"]),
                                 [r["campaign_id"] for r in rows], self._definition.summarize)
        for row in rows:
            progress.put(outcome_of_row(row))
        return progress
