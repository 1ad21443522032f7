"""The client review actor in-process: opening rounds, feedback, queries and one-frame batches.

Round ordering, escalation and withdrawal: test_client_review_rounds.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from actors.client_review import ClientReviewActor
from actors.client_review import _tables as t
from contracts.client_review import (
    ChangeKind,
    Decision,
    GetReviewDecision,
    ListReviews,
    PreviewItem,
    RecordFeedback,
    RequestedChange,
    RequestReview,
    ReviewStatus,
)
from contracts.codec import encode_request
from contracts.common import Channel
from contracts.envelope import ErrorCode, ReplyEnvelope
from tests.support import T0, call, envelope, rows, send

pytestmark = pytest.mark.usefixtures("each_store")

CID = "c-1"
DUE = T0 + timedelta(days=5)
HOOK = RequestedChange(kind=ChangeKind.NEW_HOOK, asset_id="a-1", note="too generic")


@pytest.fixture
async def actor(started_actor):
    return await started_actor(ClientReviewActor, "client_review")


def request(round_: int = 0, campaign_id: str = CID, *, policy: str = "client",
            assets: int = 2, due_at: datetime = DUE) -> RequestReview:
    preview = [PreviewItem(asset_id=f"a-{i}", channel=Channel.LINKEDIN,
                           headline=f"Hook {i}", excerpt="Close your books in days.")
               for i in range(1, assets + 1)]
    return RequestReview(campaign_id=campaign_id, round=round_, client_id="cl-1",
                         client_name="Northwind", qc_score=91, preview=preview,
                         due_at=due_at, policy=policy)


def feedback(decision: Decision = Decision.APPROVED, campaign_id: str = CID, *,
             changes: tuple[RequestedChange, ...] = (), note: str = "",
             reviewer: str = "dana@client.io") -> RecordFeedback:
    return RecordFeedback(campaign_id=campaign_id, decision=decision, changes=list(changes),
                          note=note, reviewer=reviewer)


async def review_rows(actor, campaign_id: str = CID) -> dict[int, dict[str, Any]]:
    found = await rows(actor, select(t.reviews).where(t.reviews.c.campaign_id == campaign_id))
    return {row["round"]: row for row in found}


def code(reply: ReplyEnvelope) -> ErrorCode | None:
    return reply.error.code if reply.error else None


async def test_round_zero_opens_pending_with_due_date_stored(actor):
    [reply] = await send(actor, request())
    assert reply.ok and reply.type == "ReviewRequested"
    assert reply.payload["status"] == "pending" and reply.payload["round"] == 0
    assert reply.payload["due_at"] == DUE
    [row] = (await review_rows(actor)).values()
    assert row["status"] == "pending" and row["due_at"] == DUE.isoformat()
    assert row["requested_at"] == T0.isoformat()
    assert row["reviewer"] is None and row["decided_at"] is None
    assert row["review_id"] == reply.payload["review_id"]


async def test_auto_policy_approves_at_once(actor):
    actor.clock.current = T0 + timedelta(minutes=7)
    [reply] = await send(actor, request(policy="auto"))
    assert reply.payload["status"] == "approved"
    row = (await review_rows(actor))[0]
    assert row["status"] == "approved" and row["reviewer"] == "policy:auto-approve"
    assert row["decided_at"] == actor.clock.current.isoformat()
    [late] = await send(actor, feedback(Decision.REJECTED))
    assert code(late) is ErrorCode.CONFLICT


async def test_same_round_asked_again_returns_the_same_review_unchanged(actor):
    [first] = await send(actor, request())
    before = await review_rows(actor)
    actor.clock.current = T0 + timedelta(seconds=30)
    [again] = await send(actor, request(assets=5, due_at=DUE + timedelta(days=1)))
    assert again.ok and again.message_id != first.message_id
    assert again.payload == first.payload
    assert await review_rows(actor) == before


async def test_redelivery_returns_stored_reply_byte_for_byte(actor):
    frame = encode_request(envelope(request()))
    first = await actor.handle(frame)
    actor.clock.current = T0 + timedelta(seconds=30)
    assert await actor.handle(frame) == first
    async with actor.engine.connect() as conn:
        [stored] = (await conn.execute(select(t.processed.c.reply))).scalars()
    assert stored == first
    assert len(await review_rows(actor)) == 1


@pytest.mark.parametrize("decision", [Decision.APPROVED, Decision.REJECTED])
async def test_feedback_decides_the_pending_round(actor, decision):
    await send(actor, request())
    actor.clock.current = T0 + timedelta(hours=3)
    [reply] = await send(actor, feedback(decision, note="fine"))
    assert reply.ok and reply.payload == {"campaign_id": CID, "round": 0,
                                          "decision": decision.value}
    row = (await review_rows(actor))[0]
    assert row["status"] == decision.value and row["reviewer"] == "dana@client.io"
    assert row["decided_at"] == actor.clock.current.isoformat() and row["note"] == "fine"


async def test_changes_requested_are_stored_and_returned(actor):
    strike = RequestedChange(kind=ChangeKind.REMOVE_PHRASE, phrase="world-class")
    await send(actor, request())
    [reply] = await send(actor, feedback(Decision.CHANGES_REQUESTED, changes=(HOOK, strike)))
    assert reply.payload["decision"] == "changes_requested"
    assert (await review_rows(actor))[0]["status"] == "changes_requested"
    [view] = await send(actor, GetReviewDecision(campaign_id=CID, round=0))
    assert view.payload["status"] == "changes_requested"
    assert [RequestedChange.model_validate(c) for c in view.payload["changes"]] == [HOOK, strike]
    assert view.payload["reviewer"] == "dana@client.io"


async def test_second_decision_is_a_conflict_and_does_not_overwrite(actor):
    await send(actor, request())
    await send(actor, feedback(Decision.APPROVED, note="ship it"))
    before = await review_rows(actor)
    actor.clock.current = T0 + timedelta(hours=1)
    [again] = await send(actor, feedback(Decision.REJECTED, reviewer="boss@client.io"))
    assert code(again) is ErrorCode.CONFLICT and not again.error.retryable
    assert await review_rows(actor) == before


async def test_feedback_applies_to_the_newest_round_only(actor):
    await send(actor, request(), feedback(Decision.CHANGES_REQUESTED, changes=(HOOK,)),
               request(1))
    [reply] = await send(actor, feedback(Decision.APPROVED))
    assert reply.payload["round"] == 1
    rows = await review_rows(actor)
    assert [rows[0]["status"], rows[1]["status"]] == ["changes_requested", "approved"]


async def test_unknown_campaign_is_not_found(actor):
    [fb, view] = await send(actor, feedback(campaign_id="nope"),
                            GetReviewDecision(campaign_id="nope", round=0))
    assert code(fb) is ErrorCode.NOT_FOUND and code(view) is ErrorCode.NOT_FOUND
    assert await review_rows(actor, "nope") == {}


@pytest.mark.parametrize("payload", [
    {"decision": "changes_requested", "changes": []},
    {"decision": "approved", "changes": [HOOK.model_dump(mode="json")]},
    {"decision": "changes_requested", "changes": [{"kind": "remove_phrase"}]},
    {"decision": "changes_requested", "changes": [{"kind": "remove_phrase", "phrase": "  "}]},
], ids=["no-changes", "approved-with-changes", "phrase-missing", "phrase-blank"])
async def test_contract_refuses_inconsistent_feedback(actor, payload):
    await send(actor, request())
    raw = {"campaign_id": CID, "reviewer": "dana@client.io", **payload}
    bad = envelope(feedback(), payload=raw)
    [reply] = await call(actor, bad)
    assert code(reply) is ErrorCode.BAD_PAYLOAD and not reply.error.retryable
    assert reply.in_reply_to == bad.message_id
    assert (await review_rows(actor))[0]["status"] == "pending"


async def test_list_filters_by_status_and_counts_assets(actor):
    await send(actor, request(0, "c-1", assets=3), request(0, "c-2", assets=1, policy="auto"),
               request(0, "c-3", assets=2, due_at=DUE - timedelta(days=1)))
    [everything] = await send(actor, ListReviews())
    listed = [(r["campaign_id"], r["status"], r["assets"])
              for r in everything.payload["reviews"]]
    assert listed == [("c-3", "pending", 2), ("c-1", "pending", 3), ("c-2", "approved", 1)]
    [pending] = await send(actor, ListReviews(status=ReviewStatus.PENDING))
    assert [r["campaign_id"] for r in pending.payload["reviews"]] == ["c-3", "c-1"]
    [capped] = await send(actor, ListReviews(limit=1))
    assert len(capped.payload["reviews"]) == 1


async def test_commands_in_one_frame_see_each_others_writes(actor):
    replies = await send(actor, request(), feedback(Decision.CHANGES_REQUESTED, changes=(HOOK,)),
                         request(1), feedback(Decision.APPROVED), feedback(Decision.REJECTED))
    assert [code(r) for r in replies] == [None, None, None, None, ErrorCode.CONFLICT]
    assert [r.payload["round"] for r in replies[:4]] == [0, 0, 1, 1]
    rows = await review_rows(actor)
    assert {n: row["status"] for n, row in rows.items()} == {0: "changes_requested",
                                                            1: "approved"}
