"""The saga engine resuming from its SagaLog after the supervisor died mid-step or
mid-unwind, and the log's group commit."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from contracts.common import derived_id
from contracts.envelope import Envelope
from supervisors import saga_log as tables
from supervisors.saga import SagaDefinition, SagaRun, rebuild
from supervisors.saga_log import SagaLog
from tests.support import T0, FakeClock
from tests.unit.saga_fakes import (
    CONFLICT,
    DO,
    SAGA,
    UNDO,
    ScriptedTransport,
    definition,
    engine,
    fresh_run,
    saga_row,
    step_rows,
    undo_order,
)

pytestmark = pytest.mark.usefixtures("each_store")

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


async def test_a_rejection_resumed_mid_unwind_still_ends_as_rejected(log):
    """A refused input is undone like any failure, but ends as rejected: the log says
    "rejecting", so a supervisor that restarts mid-unwind ends it the same way."""
    defn = replace(definition(), rejected=("UNDONE", "rejected"))
    run = fresh_run()
    run.state, run.status, run.failure = "A", "rejecting", "brief rejected: offer is TBD"
    run.registered = ["first"]
    after = ScriptedTransport()
    run = await engine(after, log, FakeClock(), defn=defn).run(run)
    assert after.sent() == undo_order("alpha")
    assert (run.state, run.outcome) == ("UNDONE", "rejected")
    assert (await saga_row(log))["outcome"] == "rejected"
