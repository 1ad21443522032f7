"""A generic saga engine: what the steps are is given by a SagaDefinition; this runs them.

Each step's compensation is registered (durably, in the saga log) before its command is
sent. A step is retried with backoff while its error is retryable; when it fails for
good, the registered compensations run in reverse order, each retried until it succeeds
or its own attempts run out. A compensation that never succeeds parks the unwind on a dead
letter (with dead letters on) until an operator retries it or gives it up; without them it
is recorded on the saga. Never dropped either way. Message ids derive from (saga, step,
do|undo), so a resumed saga re-sends exactly the ids it sent before and receivers
deduplicate them.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from contracts.codec import encode_value
from contracts.common import Contract
from contracts.envelope import ReplyEnvelope
from infra.clock import Clock
from infra.metrics import Metrics, NullMetrics
from supervisors import saga_log as log_tables
from supervisors.courier import deliver
from supervisors.ports import MessagePort
from supervisors.retry import COMPENSATION_POLICY, RetryPolicy
from supervisors.saga_definition import IllegalTransition, SagaDefinition, Step, Verdict
from supervisors.saga_log import SagaLog, Write
from supervisors.saga_rows import letter_row, saga_move, step_row
from supervisors.saga_run import INPUT, STORED_DATA, SagaRun, rebuild

log = logging.getLogger("aicmo.saga")
__all__ = ["IllegalTransition", "SagaDefinition", "SagaEngine", "SagaRun", "Step", "Verdict",
           "rebuild"]


class SagaEngine:
    def __init__(self, definition: SagaDefinition, port: MessagePort, log: SagaLog,
                 clock: Clock, *, rng: random.Random | None = None,
                 on_change: Callable[[SagaRun], None] = lambda run: None,
                 metrics: Metrics | None = None, dead_letters: bool = False):
        self.definition = definition
        self.dead_letters = dead_letters
        self.metrics: Metrics = metrics or NullMetrics()
        self._port = port
        self._log = log
        self._clock = clock
        self._rng = rng or random.Random()
        self._on_change = on_change
        self.retries = 0
        self.compensations_failed = 0

    async def run(self, run: SagaRun) -> SagaRun:
        """Drive a saga to its end: from its first step, or from wherever the log left it.
        Raises only when the saga log cannot be written; what the saga did stays on the run
        (`unlogged`), so running it again logs that first and carries on."""
        if run.unlogged:
            await self._write(run, [])
            if run.status == "done" or run.parked:  # the write that failed ended or parked it
                self._on_change(run)
                return run
        if run.status in ("compensating", "rejecting"):
            await self._unwind(run, run.failure or "resumed while compensating", [],
                               rejected=run.status == "rejecting")
            return run
        if run.unreadable is not None and run.cancel_reason is None:
            # Woken (a client's decision, say) while its stored data still does not read:
            # going on would redo a finished step whose verdict was long applied. It stays
            # on its letter; only undoing it (a cancel, a discarded letter) runs it now.
            run.status = "dead_letter"
            self._on_change(run)
            return run
        run.status = "running"  # a parked saga, woken, carries on from where it waited
        pending: list[Write] = []
        for step in self.definition.steps:
            if step.name in run.results or (step.when is not None and not step.when(run)):
                continue
            if run.cancel_reason is not None:
                await self._unwind(run, run.cancel_reason, pending)
                return run
            pending += self._enter(run, step)
            await self._write(run, pending)
            self._on_change(run)
            verdict, pending = await self._perform(run, step)
            if verdict.wait and verdict.failure is None:
                await self._park(run, pending)
                return run
            if verdict.dead_letter and self.dead_letters:
                await self._park(run, [*pending, self._letter(run, step, verdict.failure)],
                                 status="dead_letter")
                return run
            if verdict.failure is not None:
                await self._unwind(run, verdict.failure, pending, rejected=verdict.rejected)
                return run
            if verdict.outcome is not None:
                run.failure = verdict.reason
                await self._finish(run, verdict.outcome, run.state, pending)
                return run
        raise RuntimeError(f"saga {run.campaign_id} ran out of steps without an outcome")

    def _enter(self, run: SagaRun, step: Step) -> list[Write]:
        first: list[Write] = []
        if run.started_at is None:
            run.started_at = self._clock.now()
            self.metrics.record("aicmo_sagas_started")
            first.append((log_tables.start_saga, {"campaign": run.campaign_id,
                                                  "at": run.started_at.isoformat()}))
        run.step = step.name
        if step.name not in run.registered:
            run.registered.append(step.name)
        if step.name not in run.timings:  # a woken wait step keeps its first start
            run.timings[step.name] = (self._clock.now().isoformat(), None)
        return [*first,
            (log_tables.upsert_step, self._step_row(run, step.name, "do", "started")),
            (log_tables.move_saga, self._saga_move(run)),
        ]

    async def _perform(self, run: SagaRun, step: Step) -> tuple[Verdict, list[Write]]:
        destination = self.definition.destination(run, step)
        started = time.perf_counter()  # observability only: no decision reads it
        reply = await self._call(run, step.name, "do", destination, step.command(run),
                                 step.policy)
        self.metrics.record("aicmo_step_latency_seconds", time.perf_counter() - started,
                            module=step.module, step=step.name)
        if not reply.ok:
            error = reply.error
            assert error is not None
            reason = f"{step.name}: {error.code.value}: {error.message}"
            failed = self._step_row(run, step.name, "do", "failed", error=reason)
            return (Verdict(failure=reason, dead_letter=error.retryable),
                    [(log_tables.upsert_step, failed)])
        result = self.definition.reply_types()[reply.type].model_validate(reply.payload)
        verdict = step.interpret(run, result)
        try:
            for state in verdict.states:
                self.definition.check(run.state, state)
                run.state = state
        except IllegalTransition as exc:
            log.warning("saga %s: %s refused an illegal transition: %s", run.campaign_id,
                        step.name, exc)
            verdict = Verdict(failure=f"{step.name}: illegal transition refused: {exc}")
        if verdict.wait and verdict.failure is None:
            return verdict, [(log_tables.upsert_step, self._step_row(run, step.name, "do",
                                                                     "waiting"))]
        run.results[step.name] = result
        # The wall clock may step back mid-step (an NTP correction): the end is the later of
        # start and now, so it never precedes the start. Not start + monotonic elapsed: time
        # comes from the injected clock, and a woken or resumed step's start may have been
        # taken in another process, where this process's monotonic clock means nothing.
        began = run.timings[step.name][0]
        ended = max(datetime.fromisoformat(began), self._clock.now())
        run.timings[step.name] = (began, ended.isoformat())
        stored = encode_value({"type": reply.type, "payload": reply.payload})
        return verdict, [(log_tables.upsert_step, self._step_row(
            run, step.name, "do", "done", result=stored))]

    async def _call(self, run: SagaRun, step: str, kind: str, destination: str,
                    command: Contract, policy: RetryPolicy) -> ReplyEnvelope:
        def attempt(n: int) -> None:
            run.attempts[(step, kind)] = n
            if n > 1:
                self.retries += 1
                run.retries += 1
                self.metrics.record("aicmo_step_retries", step=step)

        return await deliver(self._port, self._clock, self._rng, destination, command,
                             message_id=run.message_id(step, kind),
                             correlation_id=run.campaign_id,
                             # A saga's input may name the message that started it.
                             causation_id=getattr(run.input, "causation_id", None),
                             policy=policy, on_attempt=attempt)

    def _letter(self, run: SagaRun, step: Step, error: str | None, kind: str = "do") -> Write:
        self.metrics.record("aicmo_dead_letters", step=step.name)
        message = (step.command(run) if kind == "do"
                   else step.compensation(run, run.failure or ""))  # type: ignore[misc]
        return (log_tables.insert_letter, letter_row(
            run, step.name, kind, self.definition.destination(run, step),
            type(message).__name__, error or "", self._clock.now()))

    def park_unreadable(self, run: SagaRun, lettered: bool) -> list[Write]:
        """Park a rebuilt saga whose stored data no longer reads (`run.unreadable`) on a dead
        letter, for an operator, instead of failing mid-step or, worse, stopping the
        supervisor from starting at all. Discarding the letter undoes the campaign. Retrying
        waits until the data reads again (repaired, or the contracts fixed, and a restart):
        running on without it would redo a finished step. One that was unwinding stays so
        under the letter, and a retry lets it carry on. Returns the log writes: none when
        the saga already has an open letter, so a restart writes no second one."""
        assert run.unreadable is not None
        step, why = run.unreadable
        if run.status in ("compensating", "rejecting"):
            run.unwinding = run.status
        else:
            run.failure = f"{step}: {why}"
        run.status = "dead_letter"
        if lettered:
            return []
        log.warning("saga %s parked on a dead letter: %s: %s", run.campaign_id, step, why)
        self.metrics.record("aicmo_dead_letters", step=step)
        letter = letter_row(run, step, "do", STORED_DATA,
                            "stored input" if step == INPUT else "stored result",
                            f"{step}: {why}", self._clock.now())
        return [(log_tables.insert_letter, letter), (log_tables.move_saga, self._saga_move(run))]

    async def _write(self, run: SagaRun, writes: list[Write]) -> None:
        """Log `writes` after whatever an earlier failed write of this saga left unlogged.
        The log's writes are upserts and updates keyed by the saga, so committing a
        failed batch again later, in the same order, is safe."""
        run.unlogged.extend(writes)
        batch = list(run.unlogged)
        await self._log.write(batch)
        del run.unlogged[:len(batch)]

    async def _park(self, run: SagaRun, pending: list[Write], status: str = "waiting") -> None:
        run.status = status
        await self._write(run, [*pending, (log_tables.move_saga, self._saga_move(run))])
        self._on_change(run)

    async def _park_undo(self, run: SagaRun, step: Step, failure: str,
                         pending: list[Write]) -> None:
        """A compensation kept failing: park the unwind on a dead letter for an operator,
        who retries it (same message id) or gives it up. Earlier steps wait undone: the
        unwind keeps its reverse order."""
        failed = self._step_row(run, step.name, "undo", "failed", error=failure)
        letter = self._letter(run, step, failure, kind="undo")
        run.unwinding = run.status
        await self._park(run, [*pending, (log_tables.upsert_step, failed), letter],
                         status="dead_letter")

    def give_up(self, run: SagaRun, step: str, why: str) -> tuple[str, list[Write]]:
        """An operator discarded the undo letter of `step`: the unwind is to skip it and
        the saga to end compensation_failed, saying why. Returns that failure and the log
        writes that record it; the caller marks the run once they are committed."""
        failure = f"{step}: given up: {why}"
        return failure, [(log_tables.upsert_step,
                          self._step_row(run, step, "undo", "given_up", error=failure))]

    async def _unwind(self, run: SagaRun, reason: str, pending: list[Write], *,
                      rejected: bool = False) -> None:
        # "rejecting" is logged so a supervisor that restarts mid-unwind still ends the saga
        # as rejected, not compensated.
        run.status, run.failure = ("rejecting" if rejected else "compensating"), reason
        await self._write(run, [*pending, (log_tables.move_saga, self._saga_move(run))])
        self._on_change(run)
        writes: list[Write] = []
        for name in reversed(run.registered):
            step = self.definition.step(name)
            if step.compensation is None or name in run.undone or name in run.given_up:
                continue
            reply = await self._call(run, name, "undo", self.definition.destination(run, step),
                                     step.compensation(run, reason), COMPENSATION_POLICY)
            if reply.ok:
                run.undone.add(name)
                self.metrics.record("aicmo_compensations", step=name)
                writes.append((log_tables.upsert_step, self._step_row(run, name, "undo", "done")))
                continue
            failure = f"{name}: {reply.error.code.value}: {reply.error.message}"  # type: ignore[union-attr]
            self.compensations_failed += 1
            self.metrics.record("aicmo_compensation_failures", step=name)
            if self.dead_letters:
                await self._park_undo(run, step, failure, writes)
                return
            run.compensation_failures.append(failure)
            writes.append((log_tables.upsert_step,
                           self._step_row(run, name, "undo", "failed", error=failure)))
        cancelled = run.cancel_reason is not None and reason == run.cancel_reason
        state, outcome = (self.definition.compensation_failed if run.compensation_failures
                          else self.definition.cancelled if cancelled
                          else self.definition.rejected if rejected
                          else self.definition.compensated)
        self.definition.check(run.state, state)
        await self._finish(run, outcome, state, writes)

    async def _finish(self, run: SagaRun, outcome: str, state: str, pending: list[Write]) -> None:
        run.status, run.state, run.outcome, run.step = "done", state, outcome, None
        run.finished_at = self._clock.now()
        self.metrics.record("aicmo_sagas_finished", outcome=str(outcome))
        await self._write(run, [*pending, (log_tables.finish_saga, {
            "campaign": run.campaign_id, "state": state, "outcome": outcome, "reason": run.failure,
            "failures": json.dumps(run.compensation_failures),
            "summary": json.dumps(self.definition.summarize(run)),
            "at": run.finished_at.isoformat()})])
        self._on_change(run)

    def _step_row(self, run: SagaRun, step: str, kind: str, status: str, *,
                  result: bytes | None = None, error: str | None = None) -> dict[str, Any]:
        return step_row(run, step, kind, status, self._clock.now(), result=result, error=error)

    def _saga_move(self, run: SagaRun) -> dict[str, Any]:
        return saga_move(run, self._clock.now())
