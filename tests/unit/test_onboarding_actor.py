"""The onboarding actor in-process: frames in, replies out, rows in its own database."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from actors.onboarding import OnboardingActor
from actors.onboarding import _tables as t
from contracts.brief import CampaignBrief
from contracts.codec import decode_replies
from contracts.envelope import ErrorCode
from contracts.onboarding import DiscardBrief, GetBrief, NormalizeBrief
from tests.support import brief_dict, call, envelope, rows

pytestmark = pytest.mark.usefixtures("each_store")


@pytest.fixture
async def actor(started_actor):
    return await started_actor(OnboardingActor, "onboarding")


def normalize(campaign_id: str = "c-1", **overrides) -> NormalizeBrief:
    return NormalizeBrief(campaign_id=campaign_id,
                          brief=CampaignBrief.model_validate(brief_dict(**overrides)))


async def test_accepts_and_normalizes(actor):
    [reply] = await call(actor, envelope(normalize(industry="  B2B   SaaS ")))
    assert reply.ok and reply.type == "BriefNormalized"
    assert reply.payload["brief"]["industry"] == "b2b saas"
    assert reply.payload["brief"]["domain"] == "northwind.io"
    assert [r["status"] for r in await rows(actor, t.briefs)] == ["live"]


@pytest.mark.parametrize(("overrides", "needle"), [
    ({"industry": "Pharmaceuticals"}, "regulated"),
    ({"website": "https://www.example.com"}, "placeholder domain"),
    ({"offer": "TBD"}, "offer is a placeholder"),
    ({"budget": "900"}, "below the minimum"),
])
async def test_rejects_unworkable_briefs_as_a_result(actor, overrides, needle):
    [reply] = await call(actor, envelope(normalize(**overrides)))
    assert reply.ok and reply.type == "BriefRejected"
    assert any(needle in p for p in reply.payload["problems"])


async def test_redelivery_returns_stored_reply_and_changes_nothing(actor):
    env = envelope(normalize())
    [first] = await call(actor, env)
    actor.clock.current = actor.clock.current.replace(second=30)
    [again] = await call(actor, env)
    assert again == first
    [row] = await rows(actor, t.briefs)
    assert row["updated_at"] == first.sent_at.isoformat()


async def test_duplicate_inside_one_batch_applies_once(actor):
    env = envelope(normalize())
    first, second = await call(actor, env, env)
    assert first == second
    async with actor.engine.connect() as conn:
        assert len((await conn.execute(select(t.processed))).all()) == 1


async def test_discard_is_idempotent_and_blocks_resurrection(actor):
    await call(actor, envelope(normalize()))
    [d1] = await call(actor, envelope(DiscardBrief(campaign_id="c-1", reason="qc failed")))
    [d2] = await call(actor, envelope(DiscardBrief(campaign_id="c-1", reason="qc failed")))
    assert d1.payload["was_live"] is True and d2.payload["was_live"] is False
    [late] = await call(actor, envelope(normalize()))
    assert late.error.code is ErrorCode.CONFLICT and not late.error.retryable
    [row] = await rows(actor, t.briefs)
    assert row["status"] == "discarded" and row["brief_json"] is None


async def test_query_answers_from_own_data(actor):
    await call(actor, envelope(normalize()))
    [view] = await call(actor, envelope(GetBrief(campaign_id="c-1")))
    assert view.payload["status"] == "live"
    [missing] = await call(actor, envelope(GetBrief(campaign_id="nope")))
    assert missing.error.code is ErrorCode.NOT_FOUND


async def test_typed_errors_never_crash(actor):
    good = envelope(normalize())
    unknown = envelope(normalize(), type_name="LaunchRocket")
    future = envelope(normalize(), version="2.0")
    bad = envelope(normalize(), payload={"campaign_id": "c-2", "brief": {"budget": -1}})
    late = envelope(normalize("c-3"), ttl=-1)
    replies = await call(actor, good, unknown, future, bad, late)
    assert [r.error.code if r.error else None for r in replies] == [
        None, ErrorCode.UNKNOWN_TYPE, ErrorCode.UNSUPPORTED_VERSION, ErrorCode.BAD_PAYLOAD,
        ErrorCode.DEADLINE_EXCEEDED]
    assert [r.in_reply_to for r in replies] == [good.message_id, unknown.message_id,
                                                future.message_id, bad.message_id,
                                                late.message_id]
    assert len(await rows(actor, t.briefs)) == 1


async def test_garbage_frame_gets_bad_frame_reply(actor):
    for frame in (b"\xc1\xff", b"\x93\x01\x02\x03", b"", "text", b"\x90"):
        replies = decode_replies(await actor.handle(frame))
        assert replies and all(r.error.code is ErrorCode.BAD_FRAME for r in replies)
    assert await rows(actor, t.briefs) == []
