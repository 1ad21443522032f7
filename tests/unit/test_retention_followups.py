"""The retention actor schedules follow-ups: dates, the one-renewal rule, idempotency."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from actors.retention import RetentionActor
from actors.retention import _tables as t
from contracts.common import derived_id
from contracts.envelope import ErrorCode
from contracts.retention import CompleteFollowUp, FollowUpsScheduled, OpenClient
from tests.support import call, envelope, rows, send
from tests.unit.factories.retention import CLIENT, delivery

pytestmark = pytest.mark.usefixtures("each_store")


@pytest.fixture
async def actor(started_actor):
    return await started_actor(RetentionActor, "retention")


def due(reply) -> dict[str, tuple[str, str]]:
    """kind -> (due_on, campaign_id) of the follow-ups in a reply."""
    scheduled = FollowUpsScheduled.model_validate(reply.payload)
    return {f.kind: (f.due_on.isoformat(), f.campaign_id) for f in scheduled.follow_ups}


async def test_schedules_check_in_review_and_renewal_from_the_delivery_date(actor):
    [reply] = await send(actor, delivery())
    assert reply.ok and reply.type == "FollowUpsScheduled"
    # Delivered 2027-01-04; no contract end, so the renewal runs off the campaign end 03-29.
    assert due(reply) == {"check_in": ("2027-01-11", "c-1"),
                          "performance_review": ("2027-02-03", "c-1"),
                          "renewal": ("2027-02-27", "c-1")}
    follow_ups = {r["kind"]: r for r in await rows(actor, t.follow_ups)}
    assert follow_ups["check_in"]["follow_up_id"] == derived_id("follow-up", "c-1", "check_in")
    assert {r["status"] for r in follow_ups.values()} == {"scheduled"}
    assert "30-day performance review of Northwind Analytics's campaign c-1" in (
        follow_ups["performance_review"]["note"])
    assert reply.payload["lifecycle"] == "active" and reply.payload["risk"]["level"] == "low"
    assert [u["channel"] for u in reply.payload["upsell"]] == ["meta_ads", "google_ads",
                                                               "short_video"]


async def test_renewal_runs_off_the_contract_end_and_is_clamped_after_delivery(actor):
    [far] = await send(actor, delivery(contract_end=date(2027, 12, 31)))
    assert due(far)["renewal"] == ("2027-12-01", "c-1")
    [near] = await send(actor, delivery("c-2", "other", contract_end=date(2027, 1, 20)))
    assert due(near)["renewal"] == ("2027-01-05", "c-2")


async def test_a_contract_end_from_open_client_counts_when_the_delivery_has_none(actor):
    await send(actor, OpenClient(client_id=CLIENT, client_name="Northwind Analytics",
                                 contract_end=date(2027, 9, 30)))
    [reply] = await send(actor, delivery())
    assert due(reply)["renewal"] == ("2027-08-31", "c-1")


async def test_the_delivery_date_is_the_utc_date(actor):
    evening_in_new_york = datetime(2027, 1, 4, 21, 0, tzinfo=timezone(timedelta(hours=-5)))
    [reply] = await send(actor, delivery(delivered_at=evening_in_new_york))
    assert due(reply)["check_in"] == ("2027-01-12", "c-1")


async def test_a_second_schedule_for_the_campaign_returns_the_same_follow_ups(actor):
    [first] = await send(actor, delivery())
    actor.clock.current += timedelta(hours=1)
    [again] = await send(actor, delivery(revision_rounds=3))  # a new message id
    assert again.payload == first.payload
    assert len(await rows(actor, t.follow_ups)) == 3
    [campaign] = await rows(actor, t.campaigns)
    assert campaign["revision_rounds"] == 0


async def test_a_redelivered_message_gets_its_stored_reply(actor):
    env = envelope(delivery())
    [first] = await call(actor, env)
    [again] = await call(actor, env)
    assert again == first
    async with actor.engine.connect() as conn:
        assert len((await conn.execute(select(t.processed))).all()) == 1


async def test_a_newer_campaign_shares_the_clients_one_renewal(actor):
    await send(actor, delivery(contract_end=date(2027, 12, 31)))
    [second] = await send(actor, delivery("c-2", delivered_at=datetime(2027, 2, 1, tzinfo=UTC)))
    assert due(second) == {"check_in": ("2027-02-08", "c-2"),
                           "performance_review": ("2027-03-03", "c-2"),
                           "renewal": ("2027-12-01", "c-1")}
    renewals = [r for r in await rows(actor, t.follow_ups) if r["kind"] == "renewal"]
    assert len(renewals) == 1


async def test_a_newer_campaign_moves_the_renewal_when_the_contract_end_moved(actor):
    await send(actor, delivery(contract_end=date(2027, 12, 31)))
    [second] = await send(actor, delivery("c-2", contract_end=date(2028, 6, 30)))
    assert due(second)["renewal"] == ("2028-05-31", "c-1")
    renewals = [r for r in await rows(actor, t.follow_ups) if r["kind"] == "renewal"]
    assert [(r["due_on"], r["status"]) for r in renewals] == [("2028-05-31", "scheduled")]
    assert "2028-06-30" in renewals[0]["note"]


async def test_commands_in_one_frame_see_each_others_changes(actor):
    check_in = derived_id("follow-up", "c-1", "check_in")
    first, second, done = await send(
        actor, delivery(), delivery("c-2", campaign_end=date(2027, 6, 30)),
        CompleteFollowUp(follow_up_id=check_in, note="All good"))
    assert [r.ok for r in (first, second, done)] == [True, True, True]
    assert due(second)["renewal"] == ("2027-05-31", "c-1")  # moved to the later campaign end
    follow_ups = await rows(actor, t.follow_ups)
    assert len(follow_ups) == 5
    assert [r["status"] for r in follow_ups if r["follow_up_id"] == check_in] == ["done"]
    [client] = await rows(actor, t.clients)
    assert client["term_end"] == "2027-06-30"


async def test_delivery_quality_sets_risk_and_lifecycle(actor):
    [reply] = await send(actor, delivery(revision_rounds=3, review_days=8))
    risk = reply.payload["risk"]
    assert (risk["score"], risk["level"]) == (0.5, "high")
    assert {f["name"] for f in risk["factors"]} == {"revision_rounds", "review_delay"}
    assert reply.payload["lifecycle"] == "at_risk"


async def test_complete_follow_up_is_idempotent_and_keeps_the_agenda(actor):
    await send(actor, delivery())
    check_in = derived_id("follow-up", "c-1", "check_in")
    [done] = await send(actor, CompleteFollowUp(follow_up_id=check_in, note="Pack is live"))
    note = done.payload["follow_up"]["note"]
    assert done.payload["follow_up"]["status"] == "done"
    assert note.startswith("7-day check-in") and note.endswith("\nOutcome: Pack is live")
    [again] = await send(actor, CompleteFollowUp(follow_up_id=check_in, note="twice"))
    assert again.payload == done.payload
    [missing] = await send(actor, CompleteFollowUp(follow_up_id="nope"))
    assert missing.error.code is ErrorCode.NOT_FOUND


async def test_bad_payloads_are_typed_errors_and_change_nothing(actor):
    bad = envelope(delivery(), payload={**delivery().model_dump(mode="python"), "qc_score": 101})
    negative = envelope(delivery(), payload={**delivery().model_dump(mode="python"),
                                             "review_days": -1})
    replies = await call(actor, bad, negative)
    assert [r.error.code for r in replies] == [ErrorCode.BAD_PAYLOAD] * 2
    assert await rows(actor, t.follow_ups) == []


async def test_a_renewal_already_held_is_not_scheduled_again_for_the_same_term(actor):
    await send(actor, delivery(contract_end=date(2027, 12, 31)))
    await send(actor, CompleteFollowUp(follow_up_id=derived_id("follow-up", "c-1", "renewal")))
    [same_term] = await send(actor, delivery("c-2", contract_end=date(2027, 12, 31)))
    assert "renewal" not in due(same_term)
    [next_term] = await send(actor, delivery("c-3", contract_end=date(2028, 12, 31)))
    assert due(next_term)["renewal"] == ("2028-12-01", "c-3")
    renewals = sorted((r["campaign_id"], r["status"]) for r in await rows(actor, t.follow_ups)
                      if r["kind"] == "renewal")
    assert renewals == [("c-1", "done"), ("c-3", "scheduled")]
