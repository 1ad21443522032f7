"""Retention's queries (ListFollowUps, GetClientHealth), restart, and the contract factories."""

from __future__ import annotations

import inspect
from datetime import UTC, date, datetime

import pytest

import contracts.retention as contract
from actors._kernel import StoreConfig
from actors.retention import RetentionActor
from contracts.common import Contract, derived_id
from contracts.envelope import ErrorCode
from contracts.retention import (
    CompleteFollowUp,
    FollowUpList,
    GetClientHealth,
    ListFollowUps,
    OpenClient,
)
from tests.stores import store_config
from tests.support import FakeClock, send
from tests.unit.factories.retention import CLIENT, FACTORIES, delivery

pytestmark = pytest.mark.usefixtures("each_store")


@pytest.fixture
async def actor(started_actor):
    return await started_actor(RetentionActor, "retention")


async def listed(actor, **filters) -> list[tuple[str, str, str]]:
    """(due_on, kind, campaign_id) of the listed follow-ups, in order."""
    [reply] = await send(actor, ListFollowUps(**filters))
    return [(f.due_on.isoformat(), f.kind, f.campaign_id)
            for f in FollowUpList.model_validate(reply.payload).follow_ups]


async def two_clients(actor) -> None:
    await send(actor,
               delivery("c-1", contract_end=date(2027, 2, 10)),
               delivery("c-2", "other", delivered_at=datetime(2027, 1, 7, tzinfo=UTC)))


async def test_due_by_lists_scheduled_follow_ups_due_on_or_before_it(actor):
    await two_clients(actor)
    # c-1's contract ends 02-10, so its renewal falls with its check-in on 01-11.
    assert await listed(actor, due_by=date(2027, 1, 11)) == [
        ("2027-01-11", "check_in", "c-1"), ("2027-01-11", "renewal", "c-1")]
    assert await listed(actor, due_by=date(2027, 1, 14)) == [
        ("2027-01-11", "check_in", "c-1"), ("2027-01-11", "renewal", "c-1"),
        ("2027-01-14", "check_in", "c-2")]
    assert await listed(actor, due_by=date(2027, 1, 10)) == []


async def test_done_follow_ups_are_listed_only_on_request(actor):
    await two_clients(actor)
    await send(actor, CompleteFollowUp(follow_up_id=derived_id("follow-up", "c-1", "check_in")))
    assert await listed(actor, due_by=date(2027, 1, 11)) == [("2027-01-11", "renewal", "c-1")]
    assert len(await listed(actor, due_by=date(2027, 1, 11), include_done=True)) == 2


async def test_filters_by_client_and_campaign_and_limits(actor):
    await two_clients(actor)
    assert [k for _, k, _ in await listed(actor, client_id="other")] == [
        "check_in", "performance_review", "renewal"]
    assert {c for _, _, c in await listed(actor, campaign_id="c-1")} == {"c-1"}
    assert await listed(actor, limit=2) == (await listed(actor))[:2]
    with pytest.raises(ValueError):
        ListFollowUps(limit=0)


async def test_a_query_sees_commands_earlier_in_its_frame(actor):
    _, reply = await send(actor, delivery(), ListFollowUps(campaign_id="c-1"))
    assert len(reply.payload["follow_ups"]) == 3


async def test_client_health_answers_from_its_own_data(actor):
    await send(actor, OpenClient(client_id=CLIENT, client_name="Northwind Analytics",
                                 contract_end=date(2027, 12, 31)), delivery())
    [reply] = await send(actor, GetClientHealth(client_id=CLIENT))
    view = contract.ClientHealth.model_validate(reply.payload)
    assert (view.lifecycle, view.contract_end, view.campaigns) == (
        "active", date(2027, 12, 31), ["c-1"])
    assert view.risk.level == "low" and len(view.upsell) == 3
    [missing] = await send(actor, GetClientHealth(client_id="nobody"))
    assert missing.error.code is ErrorCode.NOT_FOUND


async def test_a_restarted_actor_reloads_everything_from_its_database(actor, tmp_path):
    await send(actor, delivery())
    before = await listed(actor)
    await actor.close()
    restarted = RetentionActor(store_config(tmp_path, "retention"), FakeClock())
    try:
        assert await listed(restarted) == before
        [again] = await send(restarted, delivery())
        assert len(again.payload["follow_ups"]) == 3
    finally:
        await restarted.close()


def test_every_contract_has_a_factory_that_survives_a_round_trip():
    classes = {name for name, value in inspect.getmembers(contract, inspect.isclass)
               if issubclass(value, Contract) and value.__module__ == contract.__name__}
    assert classes == set(FACTORIES)
    assert {c.__name__ for c in (*contract.COMMANDS, *contract.QUERIES, *contract.REPLIES)
            } <= classes
    for build in FACTORIES.values():
        instance = build()
        model = type(instance)
        assert model.model_validate(instance.model_dump(mode="python")) == instance
        assert model.model_validate_json(instance.model_dump_json()) == instance


def test_every_command_and_query_has_a_route():
    unstarted = RetentionActor(StoreConfig(url="sqlite+aiosqlite://"), FakeClock())
    routed = {route.model for route in unstarted.routes()}
    assert routed == {*contract.COMMANDS, *contract.QUERIES}
