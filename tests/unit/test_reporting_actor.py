"""The reporting actor in-process: outcomes recorded once per event id, figures and lists
answered from its own database."""

from __future__ import annotations

import inspect
from decimal import Decimal

import pytest

from actors.reporting import ReportingActor
from actors.reporting import _tables as t
from contracts import reporting
from contracts.common import Contract
from contracts.envelope import ErrorCode
from contracts.reporting import GetFigures, ListOutcomes, ReportFigures
from tests.stores import store_config
from tests.support import FakeClock, call, envelope, rows
from tests.unit.factories.reporting import FACTORIES, T, event, step

pytestmark = pytest.mark.usefixtures("each_store")


@pytest.fixture
async def actor(started_actor):
    return await started_actor(ReportingActor, "reporting")


async def test_records_an_outcome_with_its_step_timings(actor):
    ev = event("c-1", invoice_total=Decimal("1200.10"), currency="USD",
               steps=[step("onboard", 0.25), step("produce", 3, attempts=2)])
    [reply] = await call(actor, envelope(ev))
    assert reply.ok and reply.payload == {"event_id": ev.event_id, "stored": True}
    [row] = await rows(actor, t.outcomes)
    assert (row["batch_id"], row["outcome"], row["invoice_total"]) == ("b-1", "delivered",
                                                                       "1200.10")
    timings = sorted(await rows(actor, t.step_timings), key=lambda r: r["position"])
    assert [(r["step"], r["attempts"]) for r in timings] == [("onboard", 1), ("produce", 2)]


async def test_same_event_under_a_new_message_id_is_not_stored_again(actor):
    ev = event("c-1", steps=[step("produce", 1)])
    [first] = await call(actor, envelope(ev))
    [again] = await call(actor, envelope(ev.model_copy(update={"outcome": "cancelled"})))
    assert first.payload["stored"] is True and again.payload["stored"] is False
    assert [r["outcome"] for r in await rows(actor, t.outcomes)] == ["delivered"]
    assert len(await rows(actor, t.step_timings)) == 1


async def test_redelivered_message_gets_its_stored_reply(actor):
    env = envelope(event("c-1"))
    [first] = await call(actor, env)
    [again] = await call(actor, env)
    assert again == first and again.payload["stored"] is True
    assert len(await rows(actor, t.outcomes)) == 1


async def test_one_event_twice_in_one_frame_is_stored_once(actor):
    ev = event("c-1", steps=[step("produce", 1)])
    first, second = await call(actor, envelope(ev), envelope(ev))
    assert (first.payload["stored"], second.payload["stored"]) == (True, False)
    assert len(await rows(actor, t.outcomes)) == 1 and len(await rows(actor, t.step_timings)) == 1


async def test_figures_by_batch_and_by_client_and_after_a_restart(actor, tmp_path):
    await call(actor, envelope(event("c-1", qc_score=90)),
               envelope(event("c-2", "compensated", qc_score=50, compensated_steps=["x"])),
               envelope(event("c-3", batch_id="b-2", qc_score=70)),
               envelope(event("c-4", batch_id="b-2", client_id="cl-2")))
    [batch, client] = await call(actor, envelope(GetFigures(batch_id="b-1")),
                                 envelope(GetFigures(client_id="cl-1")))
    assert batch.payload["campaigns"] == 2 and batch.payload["outcomes"]["compensated"] == 1
    assert client.payload["campaigns"] == 3 and client.payload["qc"]["median"] == 70.0
    await actor.close()
    reopened = ReportingActor(store_config(tmp_path, "reporting"), FakeClock())
    [after] = await call(reopened, envelope(GetFigures(batch_id="b-1")))
    await reopened.close()
    assert ReportFigures.model_validate(after.payload) == ReportFigures.model_validate(
        batch.payload)


async def test_a_query_in_the_same_frame_sees_the_frames_events(actor):
    *_, figures = await call(actor, envelope(event("c-1")), envelope(event("c-2")),
                             envelope(GetFigures(batch_id="b-1")))
    assert figures.payload["campaigns"] == 2


async def test_figures_of_an_unknown_batch_is_not_found(actor):
    [missing] = await call(actor, envelope(GetFigures(batch_id="nope")))
    assert missing.error.code is ErrorCode.NOT_FOUND


@pytest.mark.parametrize("payload", [{}, {"batch_id": "b-1", "client_id": "cl-1"}])
async def test_figures_need_exactly_one_scope(actor, payload):
    [bad] = await call(actor, envelope(GetFigures(batch_id="b-1"), payload=payload))
    assert bad.error.code is ErrorCode.BAD_PAYLOAD


async def test_list_outcomes_by_finish_time_with_a_limit(actor):
    await call(actor, *(envelope(event(f"c-{i}", finished_at=T.replace(hour=20 - i),
                                       reason=f"r{i}")) for i in range(3)),
               envelope(event("c-x", batch_id="b-2")))
    [listed] = await call(actor, envelope(ListOutcomes(batch_id="b-1")))
    assert [o["campaign_id"] for o in listed.payload["outcomes"]] == ["c-2", "c-1", "c-0"]
    assert listed.payload["outcomes"][0]["reason"] == "r2"
    [limited] = await call(actor, envelope(ListOutcomes(batch_id="b-1", limit=1)))
    assert [o["campaign_id"] for o in limited.payload["outcomes"]] == ["c-2"]
    [empty] = await call(actor, envelope(ListOutcomes(batch_id="none")))
    assert empty.payload["outcomes"] == []


async def test_bad_outcome_or_step_order_is_refused_and_stores_nothing(actor):
    good = event("c-1").model_dump(mode="python")
    backwards = {**step("produce", 1).model_dump(), "finished_at": T.replace(hour=8)}
    replies = await call(actor, envelope(event("c-1"), payload={**good, "outcome": "won"}),
                         envelope(event("c-1"), payload={**good, "steps": [backwards]}))
    assert [r.error.code for r in replies] == [ErrorCode.BAD_PAYLOAD] * 2
    assert await rows(actor, t.outcomes) == []


def test_every_contract_has_a_factory_that_round_trips():
    classes = {name for name, obj in inspect.getmembers(reporting, inspect.isclass)
               if issubclass(obj, Contract) and obj is not Contract}
    assert classes == set(FACTORIES)
    for name, factory in FACTORIES.items():
        instance = factory()
        model = type(instance)
        assert model.__name__ == name
        assert model.model_validate(instance.model_dump(mode="python")) == instance


def test_every_command_and_query_has_a_route(tmp_path):
    actor = ReportingActor(store_config(tmp_path, "reporting"))
    routed = {route.model for route in actor.routes()}
    assert routed == {*reporting.COMMANDS, *reporting.QUERIES}
    assert {r.model for r in actor.routes() if r.is_query} == set(reporting.QUERIES)
