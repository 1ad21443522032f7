"""MessagePort frames are bounded by bytes: a batch of big commands (full-year BuildPacks)
is spread over frames the receiver accepts, a frame the receiver still refuses as too large
is split and re-sent, and only an envelope too big on its own fails, alone."""

from __future__ import annotations

import asyncio
from typing import Any

from actors.onboarding._review import normalize
from actors.production._copy import write_creative
from actors.qc._rules import evaluate
from actors.strategy._plan import derive_strategy
from contracts.brief import CampaignBrief
from contracts.codec import (
    MAX_FRAME_BYTES,
    CodecError,
    decode_request,
    encode_replies,
    encode_request,
)
from contracts.common import Channel
from contracts.delivery import BuildPack, PackBuilt
from contracts.dispatch import check, refuse_frame
from contracts.envelope import Envelope, ErrorCode, ReplyEnvelope, reply_to
from supervisors.ports import MessagePort, Transport
from tests.support import T0, brief_dict, envelope

MIB = 1024 * 1024


def _big_build_pack() -> BuildPack:
    """A valid BuildPack as the saga sends it for a year-long, nine-channel campaign whose
    brief fills its long fields: about 120 KiB packed."""
    brief = normalize(CampaignBrief.model_validate(brief_dict(
        offer=("Usage-based analytics with a 30-day trial and a named data engineer. " * 30)[:2000],
        target_audience=("Heads of data at mid-market retailers who report weekly. " * 40)[:2000],
        compliance_notes=("No ROI guarantees; GDPR consent for every contact. " * 40)[:2000],
        objectives=[f"Grow qualified pipeline in region {i} this year" for i in range(6)],
        channels=list(Channel), duration_weeks=52)))
    doc = derive_strategy(brief, 0)
    creative = write_creative("c-1", brief, doc, "s-1", 1, 0)
    return BuildPack(
        campaign_id="c-1", out_dir="/srv/packs", prepared_at=T0, seed=0, brief=brief,
        strategy_id="s-1", strategy_version=1, strategy=doc, assets=creative.assets,
        calendar=creative.calendar, hashtag_sets=creative.hashtag_sets, formats="data",
        qc=evaluate(brief, doc, creative.assets, creative.calendar, 0))


BUILD_PACK = _big_build_pack()
PAYLOAD = BUILD_PACK.model_dump(mode="python")


class DeliveryReceiver(Transport):
    """What a delivery actor does with a frame, minus the rendering: the real codec's size
    limits (or a lower `limit`), a refusal for a frame it cannot take, and a PackBuilt for
    every valid BuildPack."""

    def __init__(self, limit: int = MAX_FRAME_BYTES):
        self.limit = limit
        self.accepted: list[int] = []  # sizes of frames taken
        self.refused = 0

    async def call(self, destination: str, frame: bytes) -> bytes:
        try:
            if len(frame) > self.limit:
                raise CodecError(f"frame of {len(frame)} bytes exceeds {self.limit}", "too_large")
            raws, batch = decode_request(frame)
        except CodecError as exc:
            self.refused += 1
            return refuse_frame(exc, T0)
        self.accepted.append(len(frame))
        replies = [self._answer(raw) for raw in raws]
        return encode_replies(replies, batch)

    def _answer(self, raw: Any) -> ReplyEnvelope:
        checked = check(raw, {"BuildPack": BuildPack}, "delivery", T0)
        if isinstance(checked, ReplyEnvelope):
            return checked
        cid = checked.message.campaign_id
        return reply_to(checked.envelope, PackBuilt(
            campaign_id=cid, pack_dir=f"/srv/packs/{cid}", zip_path=f"/srv/packs/{cid}.zip",
            files=[], manifest_sha256="ab" * 32), T0)


def build_pack(cid: str, pad: int = 0) -> Envelope:
    payload = {**PAYLOAD, "campaign_id": cid}
    if pad:  # not a valid BuildPack any more, but only its size matters to these tests
        payload["padding"] = "x" * pad
    return envelope(BUILD_PACK, cid, payload=payload)


async def send_all(port: MessagePort, envelopes: list[Envelope]) -> list[ReplyEnvelope]:
    return await asyncio.wait_for(
        asyncio.gather(*(port.send("delivery", e, T0) for e in envelopes)), 30)


def built(reply: ReplyEnvelope) -> str:
    assert reply.ok, reply.error
    return PackBuilt.model_validate(reply.payload).campaign_id


async def test_more_build_packs_than_fit_one_frame_all_get_their_pack():
    count = MAX_FRAME_BYTES // len(encode_request(build_pack("c-1"))) + 20  # past one frame
    envelopes = [build_pack(f"cmp-{i:03d}") for i in range(count)]
    receiver = DeliveryReceiver()
    port = MessagePort(receiver)

    replies = await send_all(port, envelopes)

    assert [built(r) for r in replies] == [e.correlation_id for e in envelopes]
    assert [r.in_reply_to for r in replies] == [e.message_id for e in envelopes]
    assert receiver.refused == 0 and len(receiver.accepted) >= 2
    assert max(receiver.accepted) <= MAX_FRAME_BYTES


async def test_a_frame_the_receiver_refuses_as_too_large_is_split_and_resent():
    receiver = DeliveryReceiver(limit=MIB)  # stricter than the port's byte budget
    envelopes = [build_pack(f"cmp-{i:02d}") for i in range(24)]

    replies = await send_all(MessagePort(receiver), envelopes)

    assert [built(r) for r in replies] == [e.correlation_id for e in envelopes]
    assert receiver.refused >= 1 and max(receiver.accepted) <= MIB


async def test_one_envelope_over_the_frame_budget_fails_alone_and_is_not_retried():
    receiver = DeliveryReceiver()
    huge = build_pack("cmp-huge", pad=MAX_FRAME_BYTES)
    others = [build_pack(f"cmp-{i}") for i in range(3)]

    replies = await send_all(MessagePort(receiver), [others[0], huge, *others[1:]])

    error = replies[1].error
    assert error is not None and replies[1].in_reply_to == huge.message_id
    assert (error.code, error.retryable) == (ErrorCode.TOO_LARGE, False)
    assert [built(r) for r in replies[:1] + replies[2:]] == [e.correlation_id for e in others]
    assert receiver.refused == 0  # never shipped


async def test_an_envelope_the_receiver_refuses_on_its_own_gets_too_large():
    receiver = DeliveryReceiver(limit=MIB)
    big = build_pack("cmp-big", pad=MIB + MIB // 2)  # under the port's budget, over the receiver's
    others = [build_pack(f"cmp-{i}") for i in range(4)]

    replies = await send_all(MessagePort(receiver, max_frame_bytes=4 * MIB),
                             [*others[:2], big, *others[2:]])

    error = replies[2].error
    assert error is not None and replies[2].in_reply_to == big.message_id
    assert (error.code, error.retryable) == (ErrorCode.TOO_LARGE, False)
    assert [built(r) for r in replies[:2] + replies[3:]] == [e.correlation_id for e in others]
