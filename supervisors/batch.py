"""The batch supervisor: accepts batches, runs each campaign's saga in a bounded window,
and answers progress queries. Its public surface is one frame-in, frame-out method.

Submitting a batch id that already exists returns that batch (created=False) and runs
nothing new. On start it resumes every unfinished saga from the saga log.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import deque
from datetime import datetime
from typing import Any

from sqlalchemy import select

from contracts.codec import CodecError, decode_request, encode_replies
from contracts.common import Contract
from contracts.dispatch import check, refuse_frame
from contracts.envelope import ErrorCode, ErrorInfo, ReplyEnvelope, error_reply, reply_to
from contracts.supervisor import (
    BatchAccepted,
    BatchList,
    BatchView,
    BuildBatchReport,
    CancelAccepted,
    CancelCampaigns,
    DiscardDeadLetter,
    GetBatch,
    ListBatches,
    ListDeadLetters,
    RetryDeadLetter,
    SignClient,
    SubmitBatch,
    SubmitFeedback,
)
from infra.clock import Clock
from infra.metrics import Metrics, NullMetrics
from supervisors import saga_log as t
from supervisors.campaign import campaign_saga
from supervisors.dead_letters import DeadLetterDesk
from supervisors.desk import ClientDesk
from supervisors.errors import SupervisorError
from supervisors.intake import check_new, saga_row
from supervisors.outbox import OutcomeOutbox
from supervisors.ports import MessagePort
from supervisors.saga import SagaEngine, SagaRun, rebuild
from supervisors.saga_log import SagaLog, Write
from supervisors.views import BatchProgress, outcome_of_row, outcome_of_run

log = logging.getLogger("aicmo.supervisor")
GAUGE_INTERVAL = 5.0  # seconds between gauge reports while nothing changes


class BatchSupervisor:
    def __init__(self, saga_log: SagaLog, port: MessagePort, clock: Clock, *,
                 pools: dict[str, int], rng: random.Random | None = None,
                 metrics: Metrics | None = None):
        self.metrics: Metrics = metrics or NullMetrics()
        self._in_flight = 0
        self._heartbeat: asyncio.Task[None] | None = None
        self._log = saga_log
        self._port = port
        self._clock = clock
        self._pools = pools
        rng = rng or random.Random()
        self.engine = SagaEngine(campaign_saga(), port, saga_log, clock, rng=rng,
                                 on_change=self._changed, metrics=self.metrics,
                                 dead_letters=True)
        self._progress: dict[str, BatchProgress] = {}
        self._batch_of: dict[str, str] = {}
        self._runners: dict[str, asyncio.Task[None]] = {}
        self._queues: dict[str, deque[SagaRun]] = {}  # sagas of a batch waiting for a slot
        self._windows: dict[str, int] = {}
        self._intake = asyncio.Lock()
        self._open_runs: dict[str, SagaRun] = {}  # unfinished sagas, by campaign id
        self.outbox = OutcomeOutbox(saga_log, port, clock, rng)
        self.desk = ClientDesk(port, clock, saga_log, rng, open_runs=self._open_runs,
                               batch_of=self._batch_of.get, wake=self._wake,
                               submit=self._submit, outbox=self.outbox)
        self.letters = DeadLetterDesk(saga_log, clock, open_runs=self._open_runs,
                                      batch_of=self._batch_of, wake=self._wake)
        self._handlers: dict[type[Contract], Any] = {
            SubmitBatch: self._submit, GetBatch: self._get, ListBatches: self._list,
            CancelCampaigns: self._cancel, SubmitFeedback: self.desk.feedback,
            SignClient: self.desk.sign, BuildBatchReport: self.desk.report,
            ListDeadLetters: self.letters.list, RetryDeadLetter: self.letters.retry,
            DiscardDeadLetter: self.letters.discard}

    async def start(self) -> None:
        """Open the saga log and resume every batch that has unfinished sagas."""
        await self._log.start()
        self._heartbeat = asyncio.create_task(self._report_gauges())
        rows = await self._log.fetch(select(t.sagas.c.batch_id).where(t.sagas.c.status != "done")
                                     .distinct())
        for row in rows:
            runs = await self._load(row["batch_id"])
            log.info("resuming %d unfinished sagas of batch %s", len(runs), row["batch_id"])
            for run in runs:
                if run.waiting:  # asks client review again: a decision may have landed
                    self._unpark(run)  # while the old supervisor died
            # A saga parked on a dead letter stays parked until an operator decides.
            self._drive(row["batch_id"], [r for r in runs if r.status != "dead_letter"])
        self.outbox.kick()  # outcomes finished before a crash but not yet reported

    async def close(self) -> None:
        if self._heartbeat is not None:
            self._heartbeat.cancel()
        await self.outbox.close()
        self._port.close()
        for task in self._runners.values():
            task.cancel()
        await asyncio.gather(*self._runners.values(), return_exceptions=True)
        await self._log.close()

    async def handle(self, frame: bytes) -> bytes:
        """The public surface: frames of the supervisor's contract (contracts.supervisor) in,
        reply frames out. Never raises."""
        now = self._clock.now()
        try:
            raws, batch = decode_request(frame)
        except CodecError as exc:
            return refuse_frame(exc, now)
        accepted = {cls.__name__: cls for cls in self._handlers}
        replies: list[ReplyEnvelope] = []
        for raw in raws:
            checked = check(raw, accepted, "supervisor", now)
            if isinstance(checked, ReplyEnvelope):
                replies.append(checked)
                continue
            env = checked.envelope
            try:
                handler = self._handlers[type(checked.message)]
                result = await handler(checked.message, env.message_id)
                replies.append(reply_to(env, result, self._clock.now()))
            except SupervisorError as exc:
                replies.append(error_reply(env.message_id, env.correlation_id, exc.info, now))
            except Exception as exc:  # a fault of ours: answer it, never crash the caller
                log.exception("supervisor failed on %s", env.type)
                info = ErrorInfo(code=ErrorCode.INTERNAL, retryable=True,
                                 message=f"{type(exc).__name__}: {exc}")
                replies.append(error_reply(env.message_id, env.correlation_id, info, now))
        return encode_replies(replies, batch)

    async def _submit(self, cmd: SubmitBatch, message_id: str,
                      deal: dict[str, Any] | None = None) -> BatchAccepted:
        """Log the batch and its sagas, then run them. `deal` links a signed client's
        first campaign to its lead and contract (see ClientDesk.sign)."""
        async with self._intake:  # two racing submissions of one batch id create it once
            existing = await self._log.batch(cmd.batch_id)
            if existing is not None:
                return BatchAccepted(batch_id=cmd.batch_id, total=existing["total"],
                                     created=False)
            await check_new(self._log, cmd)
            now = self._clock.now()
            writes: list[Write] = [(t.insert_batch, {
                "batch_id": cmd.batch_id, "out_dir": cmd.out_dir, "window": cmd.window,
                "seed": cmd.seed, "total": len(cmd.campaigns), "created_at": now.isoformat()})]
            writes += [(t.insert_saga, saga_row(cmd, i, message_id, now, deal or {}, self._pools))
                       for i in range(len(cmd.campaigns))]
            await self._log.write(writes)
        runs = await self._load(cmd.batch_id)
        self._drive(cmd.batch_id, runs)
        if len(runs) < len(cmd.campaigns):
            self.outbox.kick()  # briefs refused at intake are outcomes too
        return BatchAccepted(batch_id=cmd.batch_id, total=len(cmd.campaigns), created=True)

    async def _load(self, batch_id: str) -> list[SagaRun]:
        """Rebuild a batch's progress from the log; return its unfinished sagas."""
        batch = await self._log.batch(batch_id)
        if batch is None:
            raise SupervisorError(ErrorCode.NOT_FOUND, f"no batch {batch_id}")
        rows = await self._log.fetch(select(t.sagas).where(t.sagas.c.batch_id == batch_id)
                                     .order_by(t.sagas.c.position))
        progress = BatchProgress(batch_id, datetime.fromisoformat(batch["created_at"]),
                                 [r["campaign_id"] for r in rows],
                                 self.engine.definition.summarize)
        for row in rows:
            progress.put(outcome_of_row(row))
            self._batch_of[row["campaign_id"]] = batch_id
        self._progress[batch_id] = progress
        open_rows = [r for r in rows if r["status"] != "done"]
        steps = await self._log.steps_of([r["campaign_id"] for r in open_rows])
        self._windows[batch_id] = batch["window"]
        runs = [rebuild(self.engine.definition, r, steps[r["campaign_id"]]) for r in open_rows]
        self._open_runs.update((run.saga_id, run) for run in runs)
        return runs

    def _drive(self, batch_id: str, runs: list[SagaRun]) -> None:
        queue = self._queues.setdefault(batch_id, deque())
        queue.extend(runs)
        task = self._runners.get(batch_id)
        if queue and (task is None or task.done()):
            task = asyncio.create_task(self._run_window(batch_id))
            self._runners[batch_id] = task
            task.add_done_callback(lambda done: self._runners.pop(batch_id, None)
                                   if self._runners.get(batch_id) is done else None)

    def _wake(self, campaign_id: str) -> None:
        """A parked saga's answer may be in (a client decided, an operator retried or
        cancelled): queue it behind the batch's window again."""
        run = self._open_runs.get(campaign_id)
        if run is not None and run.parked:
            self._unpark(run)  # queued once, however many wake-ups arrive
            self._drive(self._batch_of[campaign_id], [run])

    def _unpark(self, run: SagaRun) -> None:
        """A parked saga about to run again counts as running from now on, so no view
        reports its batch settled on its old state."""
        run.status = "running"
        self._changed(run)

    async def _run_window(self, batch_id: str) -> None:
        """At most `window` sagas of this batch in flight at once. A saga that parks (it
        waits for a client) leaves its slot; a woken one queues again."""
        queue, window = self._queues[batch_id], self._windows[batch_id]

        async def worker() -> None:
            while queue:
                run = queue.popleft()
                self._occupancy(+1)
                try:
                    await self.engine.run(run)
                except Exception:
                    # The saga log itself failed: the saga stays unfinished in the log and
                    # resumes when the supervisor restarts. Say so where operators look.
                    log.exception("saga %s stalled in batch %s", run.saga_id, batch_id)
                    run.failure = "stalled: supervisor fault, resumes on restart"
                    self._changed(run)
                finally:
                    self._occupancy(-1)

        while queue:  # wake-ups that arrive as the last workers finish get a new round
            await asyncio.gather(*(worker() for _ in range(min(window, len(queue)))))

    async def _report_gauges(self) -> None:
        """Gauges are exported only while recorded; an idle supervisor must still say 0."""
        while True:
            self._occupancy(0)
            if self.outbox.behind:
                self.outbox.kick()
            try:
                await self.desk.sweep()
            except Exception:  # a module is down: the sweep runs again next time round
                log.exception("client desk sweep failed")
            await asyncio.sleep(GAUGE_INTERVAL)  # the sweeps' own clock decides what is due

    def _occupancy(self, delta: int) -> None:
        self._in_flight += delta
        window = sum(self._windows[b] for b in self._runners) or 1
        self.metrics.record("aicmo_campaigns_in_flight", self._in_flight)
        self.metrics.record("aicmo_window_occupancy", min(1.0, self._in_flight / window))

    def _changed(self, run: SagaRun) -> None:
        progress = self._progress.get(self._batch_of.get(run.saga_id, ""))
        if progress is None:
            return
        if run.status == "done":
            self._open_runs.pop(run.saga_id, None)
            self.outbox.kick()
            # Keep the small outcome, let the run and its step results go: finished sagas
            # held by reference would grow memory and every GC pass with each batch.
            progress.put(outcome_of_run(run, self.engine.definition.summarize(run)))
        else:
            progress.put(run)

    async def _get(self, query: GetBatch, message_id: str) -> BatchView:
        progress = self._progress.get(query.batch_id)
        if progress is None:
            await self._load(query.batch_id)
            progress = self._progress[query.batch_id]
        await progress.wait_until_settled(query.wait_seconds)
        return progress.snapshot(query.include_campaigns)

    async def _cancel(self, cmd: CancelCampaigns, message_id: str) -> CancelAccepted:
        """Mark the target's unfinished sagas durably; each unwinds at its next step."""
        if cmd.target in self._progress or await self._log.batch(cmd.target):
            await self._get(GetBatch(batch_id=cmd.target), message_id)  # loads it if needed
            members = [cid for cid, b in self._batch_of.items() if b == cmd.target]
        elif cmd.target in self._batch_of:
            members = [cmd.target]
        else:
            raise SupervisorError(ErrorCode.NOT_FOUND, f"no batch or campaign {cmd.target}")
        runs = [self._open_runs[cid] for cid in members if cid in self._open_runs]
        reason = f"cancelled: {cmd.reason}"
        fresh = [run for run in runs if run.cancel_reason is None]
        await self._log.write([(t.request_cancel, {"cid": run.saga_id, "why": reason})
                               for run in fresh])
        for run in fresh:
            run.cancel_reason = reason
            self._wake(run.saga_id)  # a saga waiting for its client unwinds now
        return CancelAccepted(target=cmd.target, cancelling=len(runs),
                              already_finished=len(members) - len(runs))

    async def _list(self, query: ListBatches, message_id: str) -> BatchList:
        rows = await self._log.fetch(select(t.batches.c.batch_id)
                                     .order_by(t.batches.c.created_at.desc()).limit(query.limit))
        views = [await self._get(GetBatch(batch_id=r["batch_id"]), message_id) for r in rows]
        return BatchList(batches=views)
