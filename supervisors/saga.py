"""A generic saga engine: what the steps are is given by a SagaDefinition; this runs them.

Each step's compensation is registered (durably, in the saga log) before its command is
sent. A step is retried with backoff while its error is retryable; when it fails for
good, the registered compensations run in reverse order, each retried until it succeeds
or its own attempts run out, and a compensation that never succeeds is recorded on the
saga, never dropped. Message ids derive from (saga, step, do|undo), so a resumed saga
re-sends exactly the ids it sent before and receivers deduplicate them.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from contracts.codec import decode_value, encode_value
from contracts.common import Contract, derived_id
from contracts.envelope import SCHEMA_VERSION, Envelope, ReplyEnvelope
from contracts.registry import reply_types
from infra.clock import Clock
from infra.metrics import Metrics, NullMetrics
from supervisors import saga_log as log_tables
from supervisors.ports import MessagePort
from supervisors.retry import COMPENSATION_POLICY, DEFAULT_POLICY, RetryPolicy
from supervisors.saga_log import SagaLog, Write


class IllegalTransition(Exception):
    """A step tried to move a saga to a state its definition does not allow from here."""


@dataclass(frozen=True)
class Verdict:
    """What a step's result means for the saga."""

    states: tuple[str, ...] = ()  # states entered, in order
    outcome: str | None = None  # the saga ends here without compensation
    failure: str | None = None  # the saga fails here: compensate what was done
    reason: str | None = None  # why it ended, when `outcome` is set


@dataclass(frozen=True)
class Step:
    name: str
    destination: Callable[[SagaRun], str]
    command: Callable[[SagaRun], Contract]
    interpret: Callable[[SagaRun, Any], Verdict]
    compensation: Callable[[SagaRun, str], Contract] | None = None
    policy: RetryPolicy = DEFAULT_POLICY
    # A step that may not apply (a revision round after a passing QC) says so here; the
    # answer depends only on earlier results, so a resumed saga skips the same steps.
    when: Callable[[SagaRun], bool] | None = None


@dataclass(frozen=True)
class SagaDefinition:
    steps: tuple[Step, ...]
    initial_state: str
    transitions: Mapping[str, frozenset[str]]
    compensated: tuple[str, str]  # (state, outcome) after a clean unwind
    compensation_failed: tuple[str, str]  # (state, outcome) when an undo kept failing
    # (state, outcome) after an operator's cancel was cleanly undone
    cancelled: tuple[str, str] = ("CANCELLED", "cancelled")
    summarize: Callable[[SagaRun], dict[str, Any]] = lambda run: {}  # facts kept at the end

    def check(self, old: str, new: str) -> None:
        if new not in self.transitions.get(old, frozenset()):
            raise IllegalTransition(f"{old} -> {new} is not allowed")

    def step(self, name: str) -> Step:
        return next(s for s in self.steps if s.name == name)


@dataclass
class SagaRun:
    """One saga's live state; rebuilt from the log when the supervisor restarts."""

    saga_id: str
    input: dict[str, Any]
    state: str
    status: str = "running"  # running | compensating | done
    step: str | None = None
    results: dict[str, Any] = field(default_factory=dict)
    registered: list[str] = field(default_factory=list)
    undone: set[str] = field(default_factory=set)
    failure: str | None = None
    outcome: str | None = None
    compensation_failures: list[str] = field(default_factory=list)
    cancel_reason: str | None = None  # an operator asked to stop: honoured between steps
    retries: int = 0
    started_at: datetime | None = None
    finished_at: datetime | None = None
    attempts: dict[tuple[str, str], int] = field(default_factory=dict)  # sends per message
    _ids: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)

    def message_id(self, step: str, kind: str) -> str:
        """The id of this saga's (step, do|undo) message: derived, so a resume resends it."""
        key = (step, kind)
        if key not in self._ids:
            self._ids[key] = derived_id(self.saga_id, step, kind)
        return self._ids[key]


class SagaEngine:
    def __init__(self, definition: SagaDefinition, port: MessagePort, log: SagaLog,
                 clock: Clock, *, rng: random.Random | None = None,
                 on_change: Callable[[SagaRun], None] = lambda run: None,
                 metrics: Metrics | None = None):
        self.definition = definition
        self.metrics: Metrics = metrics or NullMetrics()
        self._port = port
        self._log = log
        self._clock = clock
        self._rng = rng or random.Random()
        self._on_change = on_change
        self.retries = 0
        self.compensations_failed = 0

    async def run(self, run: SagaRun) -> SagaRun:
        """Drive a saga to its end: from its first step, or from wherever the log left it."""
        if run.status == "compensating":
            await self._unwind(run, run.failure or "resumed while compensating", [])
            return run
        pending: list[Write] = []
        for step in self.definition.steps:
            if step.name in run.results or (step.when is not None and not step.when(run)):
                continue
            if run.cancel_reason is not None:
                await self._unwind(run, run.cancel_reason, pending)
                return run
            pending += self._enter(run, step)
            await self._log.write(pending)
            self._on_change(run)
            verdict, pending = await self._perform(run, step)
            if verdict.failure is not None:
                await self._unwind(run, verdict.failure, pending)
                return run
            if verdict.outcome is not None:
                run.failure = verdict.reason
                await self._finish(run, verdict.outcome, run.state, pending)
                return run
        raise RuntimeError(f"saga {run.saga_id} ran out of steps without an outcome")

    def _enter(self, run: SagaRun, step: Step) -> list[Write]:
        first: list[Write] = []
        if run.started_at is None:
            run.started_at = self._clock.now()
            self.metrics.record("aicmo_sagas_started")
            first.append((log_tables.start_saga, {"cid": run.saga_id,
                                                  "at": run.started_at.isoformat()}))
        run.step = step.name
        if step.name not in run.registered:
            run.registered.append(step.name)
        return [*first,
            (log_tables.upsert_step, self._step_row(run, step.name, "do", "started")),
            (log_tables.move_saga, self._saga_move(run)),
        ]

    async def _perform(self, run: SagaRun, step: Step) -> tuple[Verdict, list[Write]]:
        destination = step.destination(run)
        started = time.perf_counter()  # observability only: no decision reads it
        reply = await self._call(run, step.name, "do", destination, step.command(run),
                                 step.policy)
        self.metrics.record("aicmo_step_latency_seconds", time.perf_counter() - started,
                            module=destination.split("/", 1)[0], step=step.name)
        if not reply.ok:
            error = reply.error
            assert error is not None
            reason = f"{step.name}: {error.code.value}: {error.message}"
            return Verdict(failure=reason), [(log_tables.upsert_step, self._step_row(
                run, step.name, "do", "failed", error=reason))]
        result = reply_types()[reply.type].model_validate(reply.payload)
        verdict = step.interpret(run, result)
        try:
            for state in verdict.states:
                self.definition.check(run.state, state)
                run.state = state
        except IllegalTransition as exc:
            verdict = Verdict(failure=f"{step.name}: illegal transition refused: {exc}")
        run.results[step.name] = result
        stored = encode_value({"type": reply.type, "payload": reply.payload})
        return verdict, [(log_tables.upsert_step, self._step_row(
            run, step.name, "do", "done", result=stored))]

    async def _call(self, run: SagaRun, step: str, kind: str, destination: str,
                    command: Contract, policy: RetryPolicy) -> ReplyEnvelope:
        message_id = run.message_id(step, kind)
        attempt = 0
        while True:
            attempt += 1
            run.attempts[(step, kind)] = attempt
            now = self._clock.now()
            # The engine builds envelopes from validated commands: trust inside, no re-check.
            envelope = Envelope.model_construct(
                message_id=message_id, type=type(command).__name__,
                schema_version=SCHEMA_VERSION, correlation_id=run.saga_id,
                causation_id=run.input.get("causation_id"),
                sent_at=now, deadline=now + timedelta(seconds=policy.timeout),
                payload=command.model_dump(mode="python"))
            reply = await self._port.send(destination, envelope, now)
            if reply.ok or not reply.error or not reply.error.retryable:
                return reply
            if attempt >= policy.max_attempts:
                return reply
            self.retries += 1
            run.retries += 1
            self.metrics.record("aicmo_step_retries", step=step)
            await self._clock.sleep(policy.delay(attempt, self._rng))

    async def _unwind(self, run: SagaRun, reason: str, pending: list[Write]) -> None:
        run.status, run.failure = "compensating", reason
        await self._log.write([*pending, (log_tables.move_saga, self._saga_move(run))])
        self._on_change(run)
        writes: list[Write] = []
        for name in reversed(run.registered):
            step = self.definition.step(name)
            if step.compensation is None or name in run.undone:
                continue
            reply = await self._call(run, name, "undo", step.destination(run),
                                     step.compensation(run, reason), COMPENSATION_POLICY)
            if reply.ok:
                run.undone.add(name)
                self.metrics.record("aicmo_compensations", step=name)
                writes.append((log_tables.upsert_step, self._step_row(run, name, "undo", "done")))
            else:
                failure = f"{name}: {reply.error.code.value}: {reply.error.message}"  # type: ignore[union-attr]
                run.compensation_failures.append(failure)
                self.compensations_failed += 1
                self.metrics.record("aicmo_compensation_failures", step=name)
                writes.append((log_tables.upsert_step,
                               self._step_row(run, name, "undo", "failed", error=failure)))
        cancelled = run.cancel_reason is not None and reason == run.cancel_reason
        state, outcome = (self.definition.compensation_failed if run.compensation_failures
                          else self.definition.cancelled if cancelled
                          else self.definition.compensated)
        self.definition.check(run.state, state)
        await self._finish(run, outcome, state, writes)

    async def _finish(self, run: SagaRun, outcome: str, state: str, pending: list[Write]) -> None:
        run.status, run.state, run.outcome, run.step = "done", state, outcome, None
        run.finished_at = self._clock.now()
        self.metrics.record("aicmo_sagas_finished", outcome=str(outcome))
        await self._log.write([*pending, (log_tables.finish_saga, {
            "cid": run.saga_id, "state": state, "outcome": outcome, "reason": run.failure,
            "failures": json.dumps(run.compensation_failures),
            "summary": json.dumps(self.definition.summarize(run)),
            "at": run.finished_at.isoformat()})])
        self._on_change(run)

    def _step_row(self, run: SagaRun, step: str, kind: str, status: str, *,
                  result: bytes | None = None, error: str | None = None) -> dict[str, Any]:
        return {"campaign_id": run.saga_id, "step": step, "kind": kind, "status": status,
                "attempts": run.attempts.get((step, kind), 0),
                "message_id": run.message_id(step, kind),
                "result": result, "error": error, "updated_at": self._clock.now().isoformat()}

    def _saga_move(self, run: SagaRun) -> dict[str, Any]:
        return {"cid": run.saga_id, "status": run.status, "state": run.state, "step": run.step,
                "reason": run.failure, "at": self._clock.now().isoformat()}


def rebuild(definition: SagaDefinition, row: Mapping[str, Any],
            steps: list[Mapping[str, Any]]) -> SagaRun:
    """A SagaRun as the log left it, so `SagaEngine.run` can carry on from there."""
    run = SagaRun(saga_id=row["campaign_id"], input=decode_value(row["input"]),
                  state=row["state"], status=row["status"], step=row["step"],
                  failure=row["reason"], outcome=row["outcome"],
                  cancel_reason=row.get("cancel_reason"),
                  started_at=_parse_time(row["started_at"]),
                  finished_at=_parse_time(row["finished_at"]))
    order = {s.name: i for i, s in enumerate(definition.steps)}
    types = reply_types()
    for entry in sorted(steps, key=lambda s: order.get(s["step"], len(order))):
        if entry["kind"] == "do":
            run.registered.append(entry["step"])
            if entry["status"] == "done":
                stored = decode_value(entry["result"])
                run.results[entry["step"]] = types[stored["type"]].model_validate(stored["payload"])
        elif entry["status"] == "done":
            run.undone.add(entry["step"])
    return run


def _parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
