"""The client review actor's rounds: ordering, deadline escalation and withdrawal."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from actors.client_review import ClientReviewActor
from actors.client_review import _tables as t
from contracts.client_review import Decision, EscalateReview, GetReviewDecision, WithdrawReview
from contracts.envelope import ErrorCode
from tests.support import T0, rows
from tests.unit.test_client_review_actor import (
    CID,
    HOOK,
    code,
    feedback,
    request,
    review_rows,
    send,
)

pytestmark = pytest.mark.usefixtures("each_store")


@pytest.fixture
async def actor(started_actor):
    return await started_actor(ClientReviewActor, "client_review")


async def tombstones(actor) -> list[dict[str, Any]]:
    return await rows(actor, t.withdrawn)


def escalate(round_: int = 0, campaign_id: str = CID) -> EscalateReview:
    return EscalateReview(campaign_id=campaign_id, round=round_, reason="deadline passed")


def withdraw(campaign_id: str = CID) -> WithdrawReview:
    return WithdrawReview(campaign_id=campaign_id, reason="invoice failed")


async def test_round_one_cannot_open_before_round_zero(actor):
    [reply] = await send(actor, request(1))
    assert code(reply) is ErrorCode.CONFLICT and not reply.error.retryable
    assert await review_rows(actor) == {}


@pytest.mark.parametrize("decided", [None, Decision.APPROVED, Decision.REJECTED])
async def test_round_one_needs_round_zero_to_ask_for_changes(actor, decided):
    await send(actor, request())
    if decided is not None:
        await send(actor, feedback(decided))
    [reply] = await send(actor, request(1))
    assert code(reply) is ErrorCode.CONFLICT
    assert list(await review_rows(actor)) == [0]


async def test_round_one_opens_after_changes_requested(actor):
    await send(actor, request(), feedback(Decision.CHANGES_REQUESTED, changes=(HOOK,)))
    [skip] = await send(actor, request(2))
    assert code(skip) is ErrorCode.CONFLICT
    [reply] = await send(actor, request(1))
    assert reply.ok and reply.payload["round"] == 1 and reply.payload["status"] == "pending"
    rows = await review_rows(actor)
    assert rows[1]["status"] == "pending"
    assert rows[1]["review_id"] != rows[0]["review_id"]
    assert rows[0]["status"] == "changes_requested"


async def test_escalation_is_stamped_once(actor):
    await send(actor, request())
    actor.clock.current = first = T0 + timedelta(days=6)
    [one] = await send(actor, escalate())
    assert one.ok and one.payload["escalated_at"] == first
    actor.clock.current = T0 + timedelta(days=8)
    [two] = await send(actor, escalate())
    assert two.payload["escalated_at"] == first
    assert (await review_rows(actor))[0]["escalated_at"] == first.isoformat()
    [view] = await send(actor, GetReviewDecision(campaign_id=CID, round=0))
    assert view.payload["escalated_at"] == first and view.payload["status"] == "pending"


async def test_escalating_an_unknown_round_is_not_found(actor):
    await send(actor, request())
    [later, nobody] = await send(actor, escalate(1), escalate(0, "nope"))
    assert code(later) is ErrorCode.NOT_FOUND and code(nobody) is ErrorCode.NOT_FOUND
    assert (await review_rows(actor))[0]["escalated_at"] is None


async def test_withdraw_closes_pending_rounds_and_keeps_decisions(actor):
    await send(actor, request(), feedback(Decision.CHANGES_REQUESTED, changes=(HOOK,)),
               request(1), request(0, "c-2", policy="auto"))
    actor.clock.current = T0 + timedelta(hours=2)
    [done, auto] = await send(actor, withdraw(), withdraw("c-2"))
    assert done.payload == {"campaign_id": CID, "was_open": True}
    assert auto.payload == {"campaign_id": "c-2", "was_open": False}
    rows = await review_rows(actor)
    assert [rows[0]["status"], rows[1]["status"]] == ["changes_requested", "withdrawn"]
    assert (await review_rows(actor, "c-2"))[0]["status"] == "approved"
    assert [(r["campaign_id"], r["reason"], r["withdrawn_at"]) for r in await tombstones(actor)] \
        == [(c, "invoice failed", actor.clock.current.isoformat()) for c in (CID, "c-2")]


async def test_withdrawn_reviews_take_no_request_or_feedback(actor):
    await send(actor, request())
    await send(actor, withdraw())
    [again, next_round, fb] = await send(actor, request(), request(1), feedback())
    assert [code(again), code(next_round), code(fb)] == [ErrorCode.CONFLICT] * 3
    assert {n: row["status"] for n, row in (await review_rows(actor)).items()} == {
        0: "withdrawn"}


async def test_withdraw_is_idempotent(actor):
    await send(actor, request())
    [first] = await send(actor, withdraw())
    before = await tombstones(actor)
    actor.clock.current = T0 + timedelta(hours=1)
    [second] = await send(actor, withdraw())
    assert first.payload["was_open"] is True and second.payload["was_open"] is False
    assert await tombstones(actor) == before
    assert before[0]["withdrawn_at"] == T0.isoformat()


async def test_withdraw_of_an_unknown_campaign_blocks_a_later_request(actor):
    [reply] = await send(actor, withdraw("ghost"))
    assert reply.ok and reply.payload["was_open"] is False
    assert [r["campaign_id"] for r in await tombstones(actor)] == ["ghost"]
    [late] = await send(actor, request(0, "ghost"))
    assert code(late) is ErrorCode.CONFLICT
    assert await review_rows(actor, "ghost") == {}


async def test_withdraw_in_the_same_frame_sees_the_round_opened_before_it(actor):
    replies = await send(actor, request(), withdraw(), feedback(), withdraw(), escalate())
    assert [code(r) for r in replies] == [None, None, ErrorCode.CONFLICT, None, None]
    assert [replies[1].payload["was_open"], replies[3].payload["was_open"]] == [True, False]
    assert (await review_rows(actor))[0]["status"] == "withdrawn"
    assert len(await tombstones(actor)) == 1
