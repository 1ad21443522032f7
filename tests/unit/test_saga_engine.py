"""The saga engine on a tiny definition of our own: fake receivers behind the real
MessagePort, a real SagaLog on SQLite, and a fake clock so backoff waits are recorded."""

from __future__ import annotations

import asyncio
import json
import random
import sqlite3
from collections.abc import Awaitable, Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from contracts.codec import decode_request, encode_replies, encode_value, parse_envelope
from contracts.common import Contract, derived_id
from contracts.envelope import Envelope, ErrorCode, ErrorInfo, error_reply, reply_to
from contracts.onboarding import BriefDiscarded, BriefView, DiscardBrief, GetBrief
from infra.store import StoreConfig
from supervisors import saga_log as tables
from supervisors.ports import MessagePort, Transport
from supervisors.retry import COMPENSATION_POLICY, RetryPolicy
from supervisors.saga import (
    IllegalTransition,
    SagaDefinition,
    SagaEngine,
    SagaRun,
    Step,
    Verdict,
    rebuild,
)
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


class HighRng(random.Random):
    """Jitter always at the top of its band."""

    def uniform(self, a: float, b: float) -> float:
        return b


class LowRng(random.Random):
    """Jitter always at the bottom of its band."""

    def uniform(self, a: float, b: float) -> float:
        return a


def _step(name: str, destination: str, enters: str, *, outcome: str | None = None,
          policy: RetryPolicy = QUICK) -> Step:
    return Step(name, lambda run: destination,
                lambda run: GetBrief(campaign_id=run.saga_id),
                lambda run, result: Verdict(states=(enters,), outcome=outcome),
                lambda run, why: DiscardBrief(campaign_id=run.saga_id, reason=why), policy)


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


@pytest.fixture
async def log(tmp_path: Path):
    saga_log = SagaLog(StoreConfig.sqlite_file(tmp_path, "supervisor"))
    await saga_log.start()
    await saga_log.write([(tables.insert_saga, {
        "campaign_id": SAGA, "batch_id": "b-1", "position": 0, "status": "running",
        "state": "NEW", "step": None, "outcome": None, "reason": None,
        "input": encode_value({}), "compensation_failures": "[]", "summary": "{}",
        "started_at": None, "finished_at": None, "updated_at": T0.isoformat()})])
    yield saga_log
    await saga_log.close()


def engine(transport: Transport, log: SagaLog, clock: FakeClock, *,
           defn: SagaDefinition | None = None, rng: random.Random | None = None) -> SagaEngine:
    return SagaEngine(defn or definition(), MessagePort(transport), log, clock,
                      rng=rng or random.Random(7))


def fresh_run() -> SagaRun:
    return SagaRun(saga_id=SAGA, input={}, state="NEW")


async def saga_row(log: SagaLog) -> dict[str, Any]:
    [row] = await log.fetch(select(tables.sagas).where(tables.sagas.c.campaign_id == SAGA))
    return row


async def step_rows(log: SagaLog) -> dict[tuple[str, str], dict[str, Any]]:
    rows = (await log.steps_of([SAGA]))[SAGA]
    return {(row["step"], row["kind"]): row for row in rows}


def undo_order(*destinations: str) -> list[tuple[str, str]]:
    return [(d, UNDO) for d in destinations]


DID_ALL = [("alpha", DO), ("beta", DO), ("gamma", DO)]


# --- running forward ------------------------------------------------------------------


async def test_steps_run_in_order_and_the_saga_ends_with_the_last_steps_outcome(log):
    transport, clock = ScriptedTransport(), FakeClock()

    run = await engine(transport, log, clock).run(fresh_run())

    assert transport.sent() == DID_ALL
    assert (run.status, run.state, run.outcome) == ("done", "DONE", "finished")
    row = await saga_row(log)
    assert (row["status"], row["state"], row["outcome"]) == ("done", "DONE", "finished")
    assert {key: r["status"] for key, r in (await step_rows(log)).items()} == {
        ("first", "do"): "done", ("second", "do"): "done", ("third", "do"): "done"}
    assert clock.slept == []


async def test_each_steps_compensation_is_logged_before_its_command_is_sent(log, tmp_path):
    seen: list[tuple[str, str, str]] = []

    async def read_log(destination: str, envelope: Envelope) -> None:
        with closing(sqlite3.connect(tmp_path / "supervisor.db")) as db:
            seen.extend(db.execute(
                "SELECT step, status, message_id FROM saga_steps WHERE kind = 'do' "
                "AND message_id = ?", (envelope.message_id,)).fetchall())

    await engine(ScriptedTransport(hook=read_log), log, FakeClock()).run(fresh_run())

    assert seen == [(step, "started", derived_id(SAGA, step, "do"))
                    for step in ("first", "second", "third")]


# --- failing and unwinding ------------------------------------------------------------


async def test_a_step_failing_for_good_unwinds_every_registered_step_in_reverse(log):
    transport = ScriptedTransport({("gamma", DO): [CONFLICT]})

    run = await engine(transport, log, FakeClock()).run(fresh_run())

    assert transport.sent() == DID_ALL + undo_order("gamma", "beta", "alpha")
    assert (run.state, run.outcome) == ("UNDONE", "undone")
    assert run.failure is not None and run.failure.startswith("third: conflict: already closed")
    steps = await step_rows(log)
    assert steps[("third", "do")]["status"] == "failed"
    assert [steps[(s, "undo")]["status"] for s in ("first", "second", "third")] == ["done"] * 3
    row = await saga_row(log)
    assert (row["state"], row["outcome"], row["compensation_failures"]) == (
        "UNDONE", "undone", "[]")


async def test_a_step_that_fails_early_undoes_only_the_steps_registered_so_far(log):
    transport = ScriptedTransport({("beta", DO): [CONFLICT]})

    run = await engine(transport, log, FakeClock()).run(fresh_run())

    assert transport.sent() == [("alpha", DO), ("beta", DO), *undo_order("beta", "alpha")]
    assert run.outcome == "undone"


async def test_a_non_retryable_error_is_not_retried(log):
    transport, clock = ScriptedTransport({("beta", DO): [CONFLICT, None]}), FakeClock()
    saga_engine = engine(transport, log, clock)

    run = await saga_engine.run(fresh_run())

    assert len(transport.ids("beta", DO)) == 1
    assert clock.slept == [] and saga_engine.retries == 0 and run.retries == 0
    assert run.outcome == "undone"


async def test_an_illegal_transition_is_refused_and_the_saga_compensates(log):
    transport = ScriptedTransport()
    defn = definition(second_enters="DONE")  # A -> DONE skips a state: not allowed

    run = await engine(transport, log, FakeClock(), defn=defn).run(fresh_run())

    assert run.failure is not None and "illegal transition" in run.failure
    assert "A -> DONE" in run.failure
    assert (run.state, run.outcome) == ("UNDONE", "undone")
    assert transport.sent() == [("alpha", DO), ("beta", DO), *undo_order("beta", "alpha")]
    assert "illegal transition" in (await saga_row(log))["reason"]


def test_a_definition_refuses_moves_its_transitions_do_not_list():
    defn = definition()
    defn.check("A", "B")
    with pytest.raises(IllegalTransition, match="B -> A"):
        defn.check("B", "A")
    with pytest.raises(IllegalTransition):
        defn.check("DONE", "UNDONE")  # terminal: nothing leaves it


# --- retries ----------------------------------------------------------------------------


async def test_retryable_errors_are_retried_with_exponential_backoff_up_to_the_cap(log):
    policy = RetryPolicy(max_attempts=6, base_delay=0.1, factor=2.0, max_delay=0.25,
                         jitter=0.0)
    transport, clock = ScriptedTransport({("beta", DO): [UNAVAILABLE] * 4 + [None]}), FakeClock()
    saga_engine = engine(transport, log, clock, defn=definition(second_policy=policy))

    run = await saga_engine.run(fresh_run())

    assert clock.slept == pytest.approx([0.1, 0.2, 0.25, 0.25])
    assert run.outcome == "finished"
    assert saga_engine.retries == 4 and run.retries == 4


async def test_retries_resend_the_same_message_id(log):
    transport = ScriptedTransport({("beta", DO): [UNAVAILABLE] * 3 + [None]})

    await engine(transport, log, FakeClock()).run(fresh_run())  # QUICK allows 3 attempts

    assert transport.ids("beta", DO) == [derived_id(SAGA, "second", "do")] * 3


async def test_retry_waits_are_jittered_within_the_policy_band(log):
    policy = RetryPolicy(max_attempts=6, base_delay=0.1, factor=2.0, max_delay=0.5, jitter=0.5)
    transport, clock = ScriptedTransport({("beta", DO): [UNAVAILABLE] * 5 + [None]}), FakeClock()

    await engine(transport, log, clock, defn=definition(second_policy=policy),
                 rng=random.Random(11)).run(fresh_run())

    raws = [0.1, 0.2, 0.4, 0.5, 0.5]
    assert len(clock.slept) == len(raws)
    for slept, raw in zip(clock.slept, raws, strict=True):
        assert raw * 0.5 <= slept <= raw * 1.5
    assert clock.slept != pytest.approx(raws)  # the jitter really spreads them


async def test_no_retry_wait_exceeds_the_policy_cap(log):
    policy = RetryPolicy(max_attempts=6, base_delay=0.1, factor=2.0, max_delay=0.25, jitter=0.5)
    transport, clock = ScriptedTransport({("beta", DO): [UNAVAILABLE] * 5 + [None]}), FakeClock()

    await engine(transport, log, clock, defn=definition(second_policy=policy),
                 rng=HighRng()).run(fresh_run())

    assert clock.slept and max(clock.slept) <= policy.max_delay


async def test_a_step_still_failing_after_its_last_attempt_fails_the_saga(log):
    transport, clock = ScriptedTransport({("beta", DO): [UNAVAILABLE]}), FakeClock()

    run = await engine(transport, log, clock).run(fresh_run())

    assert len(transport.ids("beta", DO)) == QUICK.max_attempts
    assert len(clock.slept) == QUICK.max_attempts - 1
    assert run.failure is not None and run.failure.startswith("second: unavailable")
    assert (run.outcome, transport.sent()[-2:]) == ("undone", undo_order("beta", "alpha"))


# --- compensations that fail --------------------------------------------------------------


@pytest.mark.parametrize(("error", "attempts"), [
    (UNAVAILABLE, COMPENSATION_POLICY.max_attempts),  # retried until attempts run out
    (CONFLICT, 1),  # not retryable: recorded at once
])
async def test_a_compensation_that_keeps_failing_is_recorded_not_swallowed(log, error, attempts):
    transport = ScriptedTransport({("gamma", DO): [CONFLICT], ("beta", UNDO): [error]})
    saga_engine = engine(transport, log, FakeClock())

    run = await saga_engine.run(fresh_run())

    assert len(transport.ids("beta", UNDO)) == attempts
    assert transport.ids("alpha", UNDO), "the failure must not stop the earlier undos"
    assert (run.state, run.outcome) == ("UNDO_FAILED", "undo_failed")
    assert saga_engine.compensations_failed == 1
    row = await saga_row(log)
    assert (row["state"], row["outcome"]) == ("UNDO_FAILED", "undo_failed")
    [failure] = json.loads(row["compensation_failures"])
    assert failure.startswith(f"second: {error.code.value}")
    steps = await step_rows(log)
    assert steps[("second", "undo")]["status"] == "failed"
    assert steps[("second", "undo")]["error"] == failure
    assert (steps[("first", "undo")]["status"], steps[("third", "undo")]["status"]) == (
        "done", "done")


# --- resuming from the log ----------------------------------------------------------------


class Crash:
    """A hook that hangs the first envelope of one kind, as if the supervisor died there."""

    def __init__(self, destination: str, type_name: str):
        self.target = (destination, type_name)
        self.reached = asyncio.Event()
        self.release = asyncio.Event()

    async def __call__(self, destination: str, envelope: Envelope) -> None:
        if (destination, envelope.type) == self.target and not self.reached.is_set():
            self.reached.set()
            await self.release.wait()
            raise ConnectionError("the old supervisor is gone")


async def crash_at(crash: Crash, transport: ScriptedTransport, log: SagaLog) -> None:
    """Run a saga until it reaches `crash`, then abandon the run."""
    task = asyncio.create_task(engine(transport, log, FakeClock()).run(fresh_run()))
    await asyncio.wait_for(crash.reached.wait(), 5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    crash.release.set()


async def rebuilt(log: SagaLog, defn: SagaDefinition) -> SagaRun:
    return rebuild(defn, await saga_row(log), (await log.steps_of([SAGA]))[SAGA])


async def test_a_resumed_saga_resends_its_unfinished_step_and_skips_finished_ones(log):
    crash = Crash("beta", DO)
    before = ScriptedTransport(hook=crash)
    await crash_at(crash, before, log)
    defn = definition()

    run = await rebuilt(log, defn)
    assert (run.status, run.state, list(run.results), run.registered) == (
        "running", "A", ["first"], ["first", "second"])
    after = ScriptedTransport()
    run = await engine(after, log, FakeClock(), defn=defn).run(run)

    assert after.sent() == [("beta", DO), ("gamma", DO)]
    assert after.ids("beta", DO) == before.ids("beta", DO)
    assert run.outcome == "finished"
    assert (await saga_row(log))["outcome"] == "finished"


async def test_a_saga_resumed_while_compensating_finishes_the_unwind(log):
    crash = Crash("beta", UNDO)
    before = ScriptedTransport({("gamma", DO): [CONFLICT]}, hook=crash)
    await crash_at(crash, before, log)
    defn = definition()
    assert (await saga_row(log))["status"] == "compensating"

    run = await rebuilt(log, defn)
    after = ScriptedTransport()
    run = await engine(after, log, FakeClock(), defn=defn).run(run)

    assert after.sent() == undo_order("gamma", "beta", "alpha")  # no step is redone
    assert after.ids("beta", UNDO) == before.ids("beta", UNDO)
    assert after.ids("gamma", UNDO) == before.ids("gamma", UNDO)
    assert (run.state, run.outcome) == ("UNDONE", "undone")
    assert run.failure is not None and run.failure.startswith("third: conflict")
    row = await saga_row(log)
    assert (row["status"], row["outcome"]) == ("done", "undone")
    steps = await step_rows(log)
    assert [steps[(s, "undo")]["status"] for s in ("first", "second", "third")] == ["done"] * 3


# --- the log's group commit ----------------------------------------------------------------


async def test_one_bad_write_does_not_fail_the_writes_grouped_with_it(log):
    good = [(tables.upsert_step, {
        "campaign_id": SAGA, "step": "first", "kind": "do", "status": "started", "attempts": 0,
        "message_id": derived_id(SAGA, "first", "do"), "result": None, "error": None,
        "updated_at": T0.isoformat()})]
    duplicate = [(tables.insert_saga, {**await saga_row(log), "batch_id": "b-2"})]

    results = await asyncio.gather(log.write(good), log.write(duplicate),
                                   return_exceptions=True)

    assert results[0] is None, results[0]
    assert isinstance(results[1], Exception)
    assert ("first", "do") in await step_rows(log)


# --- RetryPolicy.delay ----------------------------------------------------------------------


def test_delay_grows_by_the_factor_from_the_base_until_the_cap():
    policy = RetryPolicy(base_delay=0.05, factor=3.0, max_delay=1.0, jitter=0.0)
    rng = random.Random(0)
    assert [policy.delay(a, rng) for a in range(1, 6)] == pytest.approx(
        [0.05, 0.15, 0.45, 1.0, 1.0])


def test_delay_jitter_stays_within_plus_or_minus_the_jitter_fraction():
    policy = RetryPolicy(base_delay=0.2, factor=2.0, max_delay=10.0, jitter=0.25)
    assert policy.delay(2, HighRng()) == pytest.approx(0.5)
    assert policy.delay(2, LowRng()) == pytest.approx(0.3)
    rng = random.Random(5)
    draws = [policy.delay(2, rng) for _ in range(200)]
    assert all(0.3 <= d <= 0.5 for d in draws)
    assert len({round(d, 6) for d in draws}) > 100


def test_delay_is_never_negative():
    policy = RetryPolicy(base_delay=1.0, jitter=2.0)
    assert policy.delay(1, LowRng()) == 0.0


def test_delay_never_exceeds_max_delay():
    policy = RetryPolicy(base_delay=0.5, factor=2.0, max_delay=2.0, jitter=0.5)
    rng = random.Random(1)
    assert max(policy.delay(a, rng) for a in range(1, 12) for _ in range(20)) <= 2.0
