"""The batch supervisor: accepts batches, runs each campaign's saga in a bounded window,
and answers progress queries. Its public surface is one frame-in, frame-out method.

Submitting a batch id that already exists with the campaigns it was made from returns
that batch (created=False) and runs nothing new; with other campaigns it is refused as a
conflict (supervisors.intake.check_same). On start it resumes every unfinished saga from
the saga log.
"""

from __future__ import annotations

import asyncio
import logging
import random
from typing import Any

from sqlalchemy import select

from contracts.campaign_input import Deal
from contracts.codec import CodecError, decode_request, encode_replies
from contracts.common import Contract
from contracts.dead_letters import DiscardDeadLetter, ListDeadLetters, RetryDeadLetter
from contracts.dispatch import check, refuse_frame
from contracts.envelope import ErrorCode, ErrorInfo, ReplyEnvelope, error_reply, reply_to
from contracts.housekeeping import CollectGarbage
from contracts.supervisor import (
    BatchAccepted,
    BatchList,
    BatchView,
    BuildBatchReport,
    CancelAccepted,
    CancelCampaigns,
    GetBatch,
    GetSaga,
    ListBatches,
    SignClient,
    SubmitBatch,
    SubmitFeedback,
)
from infra.clock import Clock
from infra.faults import fault_message
from infra.metrics import Metrics, NullMetrics
from supervisors import saga_log as t
from supervisors.batch_book import BatchBook
from supervisors.campaign import campaign_saga
from supervisors.dead_letters import DeadLetterDesk
from supervisors.desk import ClientDesk
from supervisors.errors import SupervisorError
from supervisors.housekeeping import Housekeeper, RetentionPolicy, destinations_of
from supervisors.intake import check_new, check_same, saga_row
from supervisors.open_sagas import OpenSagas
from supervisors.outbox import OutcomeOutbox
from supervisors.ports import MessagePort
from supervisors.review_desk import ReviewDesk
from supervisors.saga import SagaDefinition, SagaEngine, SagaRun
from supervisors.saga_log import SagaLog, Write
from supervisors.saga_view import SagaReader
from supervisors.views import outcome_of_run
from supervisors.windows import SagaWindows

log = logging.getLogger("aicmo.supervisor")
GAUGE_INTERVAL = 5.0  # seconds between gauge reports while nothing changes


class BatchSupervisor:
    def __init__(self, saga_log: SagaLog, port: MessagePort, clock: Clock, *,
                 pools: dict[str, int], rng: random.Random | None = None,
                 metrics: Metrics | None = None, retention: RetentionPolicy | None = None,
                 definition: SagaDefinition | None = None, daily_sweeps: bool = True):
        """`definition` is the saga each campaign runs: the campaign saga unless another is
        given (bench/overhead.py runs the same supervisor over a saga of trivial modules).
        `daily_sweeps` are the campaign system's (review deadlines, overdue invoices and
        churn, retention): they talk to its modules, so a supervisor over another saga's
        modules turns them off."""
        self.metrics: Metrics = metrics or NullMetrics()
        self._heartbeat: asyncio.Task[None] | None = None
        self._log = saga_log
        self._port = port
        self._clock = clock
        self._pools = pools
        self._daily_sweeps = daily_sweeps
        rng = rng or random.Random()
        self.engine = SagaEngine(definition or campaign_saga(), port, saga_log, clock, rng=rng,
                                 on_change=self._changed, metrics=self.metrics,
                                 dead_letters=True)
        self.book = BatchBook(saga_log, self.engine)
        self._intake = asyncio.Lock()
        self._open_runs: dict[str, SagaRun] = {}  # unfinished sagas, by campaign id
        self.windows = SagaWindows(self.engine, self.book, clock, rng, self.metrics,
                                   self._open_runs, self._changed)
        self.open_sagas = OpenSagas(self._open_runs, self.book.batch_of, self.windows.wake)
        self.outbox = OutcomeOutbox(saga_log, port, clock, rng, self.metrics)
        self.reviews = ReviewDesk(port, clock, rng, self.open_sagas)
        self.desk = ClientDesk(port, clock, saga_log, rng, submit=self._submit,
                               outbox=self.outbox)
        self.keeper = Housekeeper(saga_log, port, clock, rng, retention or RetentionPolicy(),
                                  destinations_of(pools))
        self.letters = DeadLetterDesk(saga_log, clock, self.engine, self.open_sagas)
        sagas = SagaReader(saga_log, self.engine.definition, self._open_runs)
        self._handlers: dict[type[Contract], Any] = {
            SubmitBatch: self._submit, GetBatch: self._get, GetSaga: sagas.get,
            ListBatches: self._list,
            CancelCampaigns: self._cancel, SubmitFeedback: self.reviews.feedback,
            SignClient: self.desk.sign, BuildBatchReport: self.desk.report,
            ListDeadLetters: self.letters.list, RetryDeadLetter: self.letters.retry,
            DiscardDeadLetter: self.letters.discard, CollectGarbage: self.keeper.collect}

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
                    self.windows.unpark(run)  # while the old supervisor died
            # A saga parked on a dead letter stays parked until an operator decides.
            self.windows.drive(row["batch_id"], [r for r in runs if r.status != "dead_letter"])
        self.outbox.kick()  # outcomes finished before a crash but not yet reported

    async def close(self) -> None:
        if self._heartbeat is not None:  # its sweeps talk to the modules: end them first
            self._heartbeat.cancel()
            await asyncio.gather(self._heartbeat, return_exceptions=True)
        await self.outbox.close()
        self._port.close()
        await self.windows.close()
        await self._port.drain()
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
                info = ErrorInfo(code=ErrorCode.INTERNAL, retryable=True,
                                 message=fault_message(exc, "supervisor", log,
                                                       context=env.type))
                replies.append(error_reply(env.message_id, env.correlation_id, info, now))
        return encode_replies(replies, batch)

    async def _submit(self, cmd: SubmitBatch, message_id: str,
                      deal: Deal | None = None) -> BatchAccepted:
        """Log the batch and its sagas, then run them. `deal` links a signed client's
        first campaign to its lead and contract (see ClientDesk.sign)."""
        async with self._intake:  # two racing submissions of one batch id create it once
            existing = await self._log.batch(cmd.batch_id)
            if existing is not None:
                await check_same(self._log, cmd)
                return BatchAccepted(batch_id=cmd.batch_id, total=existing["total"],
                                     created=False)
            await check_new(self._log, cmd)
            now = self._clock.now()
            writes: list[Write] = [(t.insert_batch, {
                "batch_id": cmd.batch_id, "out_dir": cmd.out_dir, "window": cmd.window,
                "seed": cmd.seed, "total": len(cmd.campaigns), "created_at": now.isoformat()})]
            writes += [(t.insert_saga,
                        saga_row(cmd, i, message_id, now, deal or Deal(), self._pools))
                       for i in range(len(cmd.campaigns))]
            await self._log.write(writes)
        runs = await self._load(cmd.batch_id)
        self.windows.drive(cmd.batch_id, runs)
        if len(runs) < len(cmd.campaigns):
            self.outbox.kick()  # briefs refused at intake are outcomes too
        return BatchAccepted(batch_id=cmd.batch_id, total=len(cmd.campaigns), created=True)

    async def _load(self, batch_id: str) -> list[SagaRun]:
        """Read a batch from the log; return its unfinished sagas, now held open."""
        runs = await self.book.load(batch_id)
        self._open_runs.update((run.campaign_id, run) for run in runs)
        return runs

    async def _report_gauges(self) -> None:
        """Gauges are exported only while recorded; an idle supervisor must still say 0."""
        while True:
            self.windows.occupancy(0)
            if self.outbox.behind:
                self.outbox.kick()
            try:
                if self._daily_sweeps:
                    await self._sweep()
            except Exception:  # a module is down: the sweep runs again next time round
                log.exception("daily sweep failed")
            await asyncio.sleep(GAUGE_INTERVAL)  # the sweeps' own clock decides what is due

    async def _sweep(self) -> None:
        await self.reviews.review_deadlines()
        await self.desk.sweep()
        await self.keeper.sweep()

    def _changed(self, run: SagaRun) -> None:
        batch_id = self.book.batch_of.get(run.campaign_id, "")
        progress = self.book.progress.get(batch_id)
        if progress is None:
            return
        if run.status != "done":
            progress.put(run)
            return
        self._open_runs.pop(run.campaign_id, None)
        self.reviews.forget(run.campaign_id)
        self.outbox.kick()
        # Keep the small outcome, let the run and its step results go: finished sagas
        # held by reference would grow memory and every GC pass with each batch.
        progress.put(outcome_of_run(run, self.engine.definition.summarize(run)))
        if progress.done:  # its last saga: the batch leaves memory (see BatchBook)
            self.book.forget(batch_id)
            self.windows.forget(batch_id)

    async def _get(self, query: GetBatch, message_id: str) -> BatchView:
        progress = await self.book.find(query.batch_id)
        if progress is None:
            raise SupervisorError(ErrorCode.NOT_FOUND, f"no batch {query.batch_id}")
        await progress.wait_until_settled(query.wait_seconds)
        view = progress.snapshot(query.include_campaigns)
        return await self.book.with_letters(view) if query.include_campaigns else view

    async def _cancel(self, cmd: CancelCampaigns, message_id: str) -> CancelAccepted:
        """Mark the target's unfinished sagas durably; each unwinds at its next step."""
        progress = await self.book.find(cmd.target)
        if progress is not None:
            members = progress.campaign_ids
        elif await self.book.batch_of_campaign(cmd.target) is not None:
            members = [cmd.target]
        else:
            raise SupervisorError(ErrorCode.NOT_FOUND, f"no batch or campaign {cmd.target}")
        runs = [self._open_runs[member] for member in members if member in self._open_runs]
        reason = f"cancelled: {cmd.reason}"
        fresh = [run for run in runs if run.cancel_reason is None]
        await self._log.write([(t.request_cancel, {"campaign": run.campaign_id, "why": reason})
                               for run in fresh])
        for run in fresh:
            run.cancel_reason = reason
            if run.unwinding is None:  # one already unwinding waits on its undo letter
                self.windows.wake(run.campaign_id)  # a saga waiting for its client unwinds now
        return CancelAccepted(target=cmd.target, cancelling=len(runs),
                              already_finished=len(members) - len(runs))

    async def _list(self, query: ListBatches, message_id: str) -> BatchList:
        rows = await self._log.fetch(select(t.batches.c.batch_id)
                                     .order_by(t.batches.c.created_at.desc()).limit(query.limit))
        views = [await self._get(GetBatch(batch_id=r["batch_id"]), message_id) for r in rows]
        return BatchList(batches=views)
