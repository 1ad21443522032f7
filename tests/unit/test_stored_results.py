"""Saga log data that no longer validates (a step's stored result, a saga's stored input):
the supervisor still starts, parks that one saga on a dead letter saying what is wrong,
and resumes everything else (LocalSystem on a fake clock, no Ray)."""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from typing import Any

import pytest

from contracts.client_review import Decision
from contracts.codec import decode_value, encode_value
from contracts.dead_letters import (
    DeadLetterList,
    DeadLetterResolved,
    DiscardDeadLetter,
    ListDeadLetters,
    RetryDeadLetter,
)
from contracts.envelope import ErrorCode
from contracts.supervisor import FeedbackAccepted, SubmitFeedback
from tests.stores import query
from tests.unit.batch_harness import settings_for
from tests.unit.lifecycle_harness import Lifecycle
from wiring import LocalSystem

pytestmark = pytest.mark.usefixtures("each_store")

Edit = Callable[[dict[str, Any]], None]


@pytest.fixture
async def life(tmp_path):
    """Batch "b" of three campaigns and batch "c" of one, all parked on client review:
    every step up to the review has its result in the saga log."""
    harness = await Lifecycle(tmp_path).start()
    await harness.submit("b", 3)
    await harness.submit("c", 1)
    assert (await harness.settled("b")).counts == {"awaiting_review": 3}
    assert (await harness.settled("c")).counts == {"awaiting_review": 1}
    yield harness
    await harness.close()


def _edit_blob(life: Lifecycle, sql_get: str, sql_put: str, key: tuple[Any, ...],
               edit: Edit) -> None:
    [(blob,)] = query(life.root / "data", "supervisor", sql_get, key)
    value = decode_value(blob)
    edit(value)
    query(life.root / "data", "supervisor", sql_put, (encode_value(value), *key))


def corrupt_result(life: Lifecycle, campaign_id: str, step: str, edit: Edit) -> None:
    """Change a step's stored result ({"type", "payload"}) in place, in the saga log."""
    _edit_blob(life, "SELECT result FROM saga_steps WHERE campaign_id = ? AND step = ? "
                     "AND kind = 'do'",
               "UPDATE saga_steps SET result = ? WHERE campaign_id = ? AND step = ? "
               "AND kind = 'do'", (campaign_id, step), edit)


def corrupt_input(life: Lifecycle, campaign_id: str, edit: Edit) -> None:
    _edit_blob(life, "SELECT input FROM sagas WHERE campaign_id = ?",
               "UPDATE sagas SET input = ? WHERE campaign_id = ?", (campaign_id,), edit)


async def restart_with(life: Lifecycle, damage: Callable[[], None]) -> None:
    """Stop everything, damage the saga log, start again from the same files."""
    await life.system.close()
    damage()
    life.system = LocalSystem(settings_for(life.root), life.clock)
    await life.system.start()  # must not raise


async def letters(life: Lifecycle) -> dict[str, Any]:
    listed = (await life.ask(ListDeadLetters(), DeadLetterList)).letters
    return {letter.campaign_id: letter for letter in listed}


def approve(campaign_id: str) -> SubmitFeedback:
    return SubmitFeedback(campaign_id=campaign_id, decision=Decision.APPROVED,
                          reviewer="dana@client.io")


def drop_strategy_id(stored: dict[str, Any]) -> None:
    del stored["payload"]["strategy_id"]


def break_website(stored: dict[str, Any]) -> None:
    stored["brief"]["website"] = "SECRET-not-a-url"


async def test_a_stored_result_that_no_longer_validates_parks_only_its_saga(life):
    await restart_with(life, lambda: corrupt_result(life, "b-00", "strategy", drop_strategy_id))

    view = await life.settled("b")
    assert view.counts == {"dead_letter": 1, "awaiting_review": 2}
    parked = view.campaigns[0]
    assert parked.dead_lettered and "strategy" in parked.reason
    [letter] = (await letters(life)).values()
    assert (letter.campaign_id, letter.step, letter.status) == ("b-00", "strategy", "open")
    assert "stored result no longer validates" in letter.error
    assert "StrategyGenerated" in letter.error and "strategy_id" in letter.error

    for campaign_id in ("b-01", "b-02", "c-00"):  # the rest of the batch, and another batch
        await life.ask(approve(campaign_id), FeedbackAccepted)
    view = await life.settled("b")
    assert [c.outcome for c in view.campaigns] == [None, "delivered", "delivered"]
    assert (await life.campaign("c")).outcome == "delivered"


async def test_a_stored_input_that_no_longer_validates_parks_only_its_saga(life):
    await restart_with(life, lambda: corrupt_input(life, "b-01", break_website))

    view = await life.settled("b")
    assert [c.dead_lettered for c in view.campaigns] == [False, True, False]
    [letter] = (await letters(life)).values()
    assert (letter.campaign_id, letter.step) == ("b-01", "input")
    assert "stored input no longer validates" in letter.error
    assert "website" in letter.error and "SECRET" not in letter.error  # no data dumped

    await life.ask(approve("b-00"), FeedbackAccepted)
    await life.ask(approve("c-00"), FeedbackAccepted)
    assert [c.outcome for c in (await life.settled("b")).campaigns] == [
        "delivered", None, None]
    assert (await life.campaign("c")).outcome == "delivered"


async def test_an_undecodable_stored_result_parks_its_saga_too(life):
    def garbage() -> None:
        query(life.root / "data", "supervisor", "UPDATE saga_steps SET result = ? "
              "WHERE campaign_id = 'c-00' AND step = 'onboard' AND kind = 'do'",
              (b"\xc1\xc1",))

    await restart_with(life, garbage)
    assert (await life.settled("c")).counts == {"dead_letter": 1}
    [letter] = (await letters(life)).values()
    assert letter.step == "onboard" and "no longer decodes" in letter.error
    assert (await life.settled("b")).counts == {"awaiting_review": 3}


async def test_the_letter_is_written_once_and_discarding_it_undoes_the_campaign(life):
    await restart_with(life, lambda: corrupt_result(life, "b-00", "strategy", drop_strategy_id))
    await life.restart()  # still unreadable: parked on the same letter, not a second one
    [letter] = (await letters(life)).values()
    assert (await life.settled("b")).campaigns[0].dead_lettered

    await life.ask(DiscardDeadLetter(letter_id=letter.letter_id, reason="unreadable"),
                   DeadLetterResolved)
    done = await life.campaign("b")
    assert (done.outcome, done.state) == ("cancelled", "CANCELLED")
    assert life.rows("cam", "SELECT status FROM campaigns WHERE campaign_id = 'b-00'") == [
        ("cancelled",)]
    assert life.rows("onboarding", "SELECT status FROM briefs WHERE campaign_id = 'b-00'") == [
        ("discarded",)]


async def test_the_letter_waits_until_the_data_reads_again_then_a_retry_carries_on(life):
    original: dict[str, Any] = {}
    await restart_with(life, lambda: corrupt_result(life, "b-00", "strategy",
                                                    lambda v: original.update(deepcopy(v))
                                                    or drop_strategy_id(v)))
    [letter] = (await letters(life)).values()

    # Running on would redo the strategy step long after its verdict: refused, and a
    # client's decision does not start it either.
    refused = await life.reply(RetryDeadLetter(letter_id=letter.letter_id))
    assert refused.error is not None and refused.error.code is ErrorCode.CONFLICT
    assert "restart" in refused.error.message and "strategy" in refused.error.message
    await life.ask(approve("b-00"), FeedbackAccepted)
    assert (await life.settled("b")).campaigns[0].dead_lettered

    await restart_with(life, lambda: corrupt_result(life, "b-00", "strategy",
                                                    lambda v: v.update(original)))
    assert list(await letters(life)) == ["b-00"]  # still parked on its letter, not run
    await life.ask(RetryDeadLetter(letter_id=letter.letter_id), DeadLetterResolved)
    assert (await life.campaign("b")).outcome == "delivered"  # the approval stood


async def test_a_saga_unwinding_on_unreadable_data_parks_and_its_discard_just_unwinds(life):
    def unwinding_and_corrupt() -> None:
        query(life.root / "data", "supervisor", "UPDATE sagas SET status = 'compensating', "
              "reason = 'qc: gave up' WHERE campaign_id = 'b-00'")
        corrupt_result(life, "b-00", "strategy", drop_strategy_id)

    await restart_with(life, unwinding_and_corrupt)
    [letter] = (await letters(life)).values()
    assert (await life.settled("b")).campaigns[0].dead_lettered

    # No undo failed, so none is given up: the unwind carries on as it would have.
    await life.ask(DiscardDeadLetter(letter_id=letter.letter_id, reason="unreadable"),
                   DeadLetterResolved)
    done = await life.campaign("b")
    assert (done.outcome, done.reason, done.compensation_failures) == (
        "compensated", "qc: gave up", [])
    assert life.rows("supervisor", "SELECT count(*) FROM saga_steps "
                     "WHERE status = 'given_up'") == [(0,)]
    assert life.rows("strategy", "SELECT status FROM strategies "
                     "WHERE campaign_id = 'b-00'") == [("discarded",)]
