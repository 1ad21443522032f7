"""Shared fakes for the saga engine tests (test_saga_engine_*): fake receivers behind the real
MessagePort, a three-step saga definition of our own, and helpers reading the SagaLog back.
The `log` fixture (a real SagaLog on SQLite holding one saga row) is in conftest.py."""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import select

from contracts.codec import decode_request, encode_replies, parse_envelope
from contracts.common import Contract
from contracts.envelope import Envelope, ErrorCode, ErrorInfo, error_reply, reply_to
from contracts.onboarding import BriefDiscarded, BriefView, DiscardBrief, GetBrief
from supervisors import saga_log as tables
from supervisors.ports import MessagePort, Transport
from supervisors.retry import RetryPolicy
from supervisors.saga import SagaDefinition, SagaEngine, SagaRun, Step, Verdict
from supervisors.saga_log import SagaLog
from tests.support import T0, FakeClock

SAGA = "saga-1"
DO, UNDO = "GetBrief", "DiscardBrief"
UNAVAILABLE = ErrorInfo(code=ErrorCode.UNAVAILABLE, message="receiver restarting", retryable=True)
CONFLICT = ErrorInfo(code=ErrorCode.CONFLICT, message="already closed", retryable=False)
QUICK = RetryPolicy(max_attempts=3, base_delay=0.1, factor=2.0, max_delay=1.0, jitter=0.0,
                    timeout=5.0)

Hook = Callable[[str, Envelope], Awaitable[None]]


class ScriptedTransport(Transport):
    """Fake receivers: records every envelope that arrives and answers it as scripted.

    `script[(destination, type)]` is a list of errors (None = success) used one per
    arrival; its last entry repeats. Anything unscripted succeeds.
    """

    def __init__(self, script: dict[tuple[str, str], list[ErrorInfo | None]] | None = None,
                 hook: Hook | None = None):
        self.script = {key: list(outcomes) for key, outcomes in (script or {}).items()}
        self.hook = hook
        self.arrived: list[tuple[str, Envelope]] = []

    async def call(self, destination: str, frame: bytes) -> bytes:
        raws, batch = decode_request(frame)
        replies = []
        for envelope in (parse_envelope(raw) for raw in raws):
            self.arrived.append((destination, envelope))
            if self.hook is not None:
                await self.hook(destination, envelope)
            replies.append(self._answer(destination, envelope))
        return encode_replies(replies, batch)

    def _answer(self, destination: str, envelope: Envelope) -> Any:
        outcomes = self.script.get((destination, envelope.type)) or [None]
        error = outcomes.pop(0) if len(outcomes) > 1 else outcomes[0]
        if error is not None:
            return error_reply(envelope.message_id, envelope.correlation_id, error, T0)
        return reply_to(envelope, _result(envelope), T0)

    def sent(self) -> list[tuple[str, str]]:
        return [(destination, envelope.type) for destination, envelope in self.arrived]

    def ids(self, destination: str, type_name: str) -> list[str]:
        return [e.message_id for d, e in self.arrived if (d, e.type) == (destination, type_name)]


def _result(envelope: Envelope) -> Contract:
    cid = envelope.payload["campaign_id"]
    if envelope.type == DO:
        return BriefView(campaign_id=cid, status="live", brief=None, problems=[], updated_at=T0)
    return BriefDiscarded(campaign_id=cid, was_live=True)


def _step(name: str, destination: str, enters: str, *, outcome: str | None = None,
          policy: RetryPolicy = QUICK) -> Step:
    return Step(name=name, module=destination,
                command=lambda run: GetBrief(campaign_id=run.campaign_id),
                interpret=lambda run, result: Verdict(states=(enters,), outcome=outcome),
                compensation=lambda run, why: DiscardBrief(campaign_id=run.campaign_id,
                                                           reason=why),
                policy=policy)


def definition(*, second_enters: str = "B", second_policy: RetryPolicy = QUICK) -> SagaDefinition:
    """NEW -first-> A -second-> B -third-> DONE; any live state may end UNDONE/UNDO_FAILED."""
    ends = {"UNDONE", "UNDO_FAILED"}
    return SagaDefinition(
        steps=(_step("first", "alpha", "A"),
               _step("second", "beta", second_enters, policy=second_policy),
               _step("third", "gamma", "DONE", outcome="finished")),
        initial_state="NEW",
        transitions={"NEW": frozenset({"A", *ends}), "A": frozenset({"B", *ends}),
                     "B": frozenset({"DONE", *ends})},
        compensated=("UNDONE", "undone"),
        compensation_failed=("UNDO_FAILED", "undo_failed"))


def engine(transport: Transport, log: SagaLog, clock: FakeClock, *,
           defn: SagaDefinition | None = None, rng: random.Random | None = None) -> SagaEngine:
    return SagaEngine(defn or definition(), MessagePort(transport), log, clock,
                      rng=rng or random.Random(7))


def fresh_run() -> SagaRun:
    return SagaRun(campaign_id=SAGA, input={}, state="NEW")


async def saga_row(log: SagaLog) -> dict[str, Any]:
    [row] = await log.fetch(select(tables.sagas).where(tables.sagas.c.campaign_id == SAGA))
    return row


async def step_rows(log: SagaLog) -> dict[tuple[str, str], dict[str, Any]]:
    rows = (await log.steps_of([SAGA]))[SAGA]
    return {(row["step"], row["kind"]): row for row in rows}


def undo_order(*destinations: str) -> list[tuple[str, str]]:
    return [(d, UNDO) for d in destinations]
