"""The saga engine running forward, unwinding in reverse and guarding its transitions: fake
receivers behind the real MessagePort, a real SagaLog (on each store), and a fake clock."""

from __future__ import annotations

import json

import pytest

from contracts.common import derived_id
from contracts.envelope import Envelope
from supervisors.retry import COMPENSATION_POLICY
from supervisors.saga import IllegalTransition
from tests.stores import query
from tests.support import FakeClock
from tests.unit.saga_fakes import (
    CONFLICT,
    DO,
    SAGA,
    UNAVAILABLE,
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
        seen.extend(query(tmp_path, "supervisor",
                          "SELECT step, status, message_id FROM saga_steps WHERE kind = 'do' "
                          "AND message_id = ?", (envelope.message_id,)))

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
