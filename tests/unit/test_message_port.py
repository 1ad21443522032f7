"""MessagePort: batching many sends into few frames, matching replies to senders, and
turning transport faults into typed, retryable (or not) error replies."""

from __future__ import annotations

import asyncio

from contracts.codec import decode_request, encode_replies, parse_envelope
from contracts.envelope import Envelope, ErrorCode, ReplyEnvelope, reply_to
from contracts.onboarding import BriefView, GetBrief
from supervisors.ports import MessagePort, Transport
from tests.support import T0, envelope


class EchoTransport(Transport):
    """Answers every GetBrief with a BriefView naming the campaign and the destination.
    Optionally holds each call at `gate` and counts calls under way at once."""

    def __init__(self, gate: asyncio.Event | None = None):
        self.frames: list[tuple[str, list[Envelope]]] = []
        self.gate = gate
        self.active = 0
        self.peak = 0
        self.entered = asyncio.Event()

    async def call(self, destination: str, frame: bytes) -> bytes:
        raws, batch = decode_request(frame)
        envelopes = [parse_envelope(raw) for raw in raws]
        self.frames.append((destination, envelopes))
        self.active += 1
        self.peak = max(self.peak, self.active)
        self.entered.set()
        try:
            if self.gate is not None:
                await self.gate.wait()
        finally:
            self.active -= 1
        return encode_replies([reply_to(e, _view(destination, e), T0) for e in envelopes], batch)


def _view(destination: str, env: Envelope) -> BriefView:
    return BriefView(campaign_id=env.payload["campaign_id"], status=destination, brief=None,
                     problems=[], updated_at=T0)


class BrokenTransport(Transport):
    """The receiver is unreachable for the first `failures` calls."""

    def __init__(self, failures: int = 10**6):
        self.failures = failures
        self.echo = EchoTransport()

    async def call(self, destination: str, frame: bytes) -> bytes:
        if self.failures > 0:
            self.failures -= 1
            raise ConnectionError("actor died")
        return await self.echo.call(destination, frame)


class SilentTransport(Transport):
    """Takes the frame and never answers (until the test lets it go)."""

    def __init__(self) -> None:
        self.release = asyncio.Event()

    async def call(self, destination: str, frame: bytes) -> bytes:
        await self.release.wait()
        raise ConnectionError("gave up")


class ShortTransport(Transport):
    """Answers one reply fewer than the frame carried."""

    async def call(self, destination: str, frame: bytes) -> bytes:
        raws, _ = decode_request(frame)
        envelopes = [parse_envelope(raw) for raw in raws]
        replies = [reply_to(e, _view(destination, e), T0) for e in envelopes]
        return encode_replies(replies[:-1], batch=True)


class GarbageTransport(Transport):
    async def call(self, destination: str, frame: bytes) -> bytes:
        return b"\xc1 not msgpack"


def message(cid: str, ttl: float = 30) -> Envelope:
    return envelope(GetBrief(campaign_id=cid), correlation_id=cid, ttl=ttl)


async def send_all(port: MessagePort, destination: str, cids: list[str],
                   ttl: float = 30) -> list[tuple[Envelope, ReplyEnvelope]]:
    envelopes = [message(cid, ttl) for cid in cids]
    replies = await asyncio.wait_for(
        asyncio.gather(*(port.send(destination, e, T0) for e in envelopes)), 10)
    return list(zip(envelopes, replies, strict=True))


CIDS = [f"cmp-{i:02d}" for i in range(20)]


async def test_concurrent_sends_to_one_destination_share_frames():
    transport = EchoTransport()
    port = MessagePort(transport)

    await send_all(port, "strategy", CIDS)

    assert port.messages_sent == len(CIDS)
    assert port.frames_sent < port.messages_sent
    assert all(len(envelopes) > 1 for _, envelopes in transport.frames)
    assert sum(len(envelopes) for _, envelopes in transport.frames) == len(CIDS)


async def test_each_sender_gets_the_reply_to_its_own_message():
    port = MessagePort(EchoTransport())

    results = await send_all(port, "strategy", CIDS)

    for sent, reply in results:
        assert reply.ok and reply.in_reply_to == sent.message_id
        assert BriefView.model_validate(reply.payload).campaign_id == sent.correlation_id


async def test_frames_carry_only_their_own_destinations_messages():
    transport = EchoTransport()
    port = MessagePort(transport)

    left, right = await asyncio.gather(send_all(port, "qc/0", CIDS[:10]),
                                       send_all(port, "qc/1", CIDS[10:]))

    for destination, envelopes in transport.frames:
        expected = CIDS[:10] if destination == "qc/0" else CIDS[10:]
        assert {e.correlation_id for e in envelopes} <= set(expected)
    assert {BriefView.model_validate(r.payload).status for _, r in left} == {"qc/0"}
    assert {BriefView.model_validate(r.payload).status for _, r in right} == {"qc/1"}


async def test_an_unreachable_receiver_gives_every_waiter_a_retryable_unavailable():
    port = MessagePort(BrokenTransport())

    results = await send_all(port, "delivery", CIDS[:5])

    for sent, reply in results:
        assert reply.error is not None and reply.in_reply_to == sent.message_id
        assert (reply.error.code, reply.error.retryable) == (ErrorCode.UNAVAILABLE, True)
        assert "delivery" in reply.error.message and "actor died" in reply.error.message


async def test_a_failed_frame_frees_its_slot_for_the_next_one():
    port = MessagePort(BrokenTransport(failures=1), max_in_flight=1)

    [(_, first)] = await send_all(port, "delivery", ["cmp-a"])
    [(_, second)] = await send_all(port, "delivery", ["cmp-b"], ttl=2)

    assert first.error is not None and first.error.code is ErrorCode.UNAVAILABLE
    assert second.ok


async def test_a_receiver_that_never_answers_gives_a_retryable_deadline_exceeded():
    transport = SilentTransport()
    port = MessagePort(transport)

    [(sent, reply)] = await send_all(port, "production/0", ["cmp-a"], ttl=0.05)
    transport.release.set()

    assert reply.error is not None and reply.in_reply_to == sent.message_id
    assert (reply.error.code, reply.error.retryable) == (ErrorCode.DEADLINE_EXCEEDED, True)


async def test_a_reply_frame_with_the_wrong_count_is_a_bad_frame_for_everyone():
    port = MessagePort(ShortTransport())

    results = await send_all(port, "strategy", CIDS[:4])

    for _, reply in results:
        assert reply.error is not None and reply.error.code is ErrorCode.BAD_FRAME
        assert not reply.error.retryable
        assert "answered 3 of 4" in reply.error.message


async def test_an_undecodable_reply_frame_is_a_bad_frame():
    port = MessagePort(GarbageTransport())

    [(_, reply)] = await send_all(port, "strategy", ["cmp-a"])

    assert reply.error is not None and reply.error.code is ErrorCode.BAD_FRAME


async def test_max_in_flight_bounds_concurrent_frames_per_destination():
    gate = asyncio.Event()
    transport = EchoTransport(gate)
    port = MessagePort(transport, max_batch=1, max_in_flight=2)
    envelopes = [message(cid) for cid in CIDS[:8]]
    sends = asyncio.gather(*(port.send("qc/0", e, T0) for e in envelopes))

    await asyncio.wait_for(transport.entered.wait(), 5)
    under_way = transport.active
    gate.set()
    replies = await asyncio.wait_for(sends, 10)

    assert under_way == 2
    assert transport.peak == 2
    assert port.frames_sent == 8 and all(r.ok for r in replies)


async def test_messages_queued_behind_a_busy_receiver_join_one_frame():
    gate = asyncio.Event()
    transport = EchoTransport(gate)
    port = MessagePort(transport, max_in_flight=1)
    first = asyncio.ensure_future(port.send("strategy", message("cmp-first"), T0))
    await asyncio.wait_for(transport.entered.wait(), 5)

    # The sends are queued before the held frame can finish: its wake-up is scheduled after them.
    rest = asyncio.gather(*(port.send("strategy", message(cid), T0) for cid in CIDS[:10]))
    gate.set()
    await asyncio.wait_for(asyncio.gather(first, rest), 10)

    assert [len(envelopes) for _, envelopes in transport.frames] == [1, 10]
