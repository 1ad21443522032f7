"""How supervisors reach module actors: a transport moves frames, the port batches messages.

The port gathers the envelopes that many concurrent sagas send to one destination and
ships them as one batch frame; the receiver applies the batch in one transaction. While
`max_in_flight` frames to a destination are outstanding, new envelopes wait and join the
next frame, so batches grow exactly when the receiver is the bottleneck (backpressure).

A frame is bounded by bytes as well as by count: each envelope is packed once, when sent,
and frames are cut to stay under `max_frame_bytes`. A receiver with a stricter limit that
refuses a frame as too large gets it again in halves; only an envelope too large on its
own fails, and only for itself.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from datetime import datetime
from typing import Any, Protocol

from contracts.codec import (
    FRAME_OVERHEAD,
    MAX_FRAME_BYTES,
    CodecError,
    decode_replies,
    frame_request,
    pack_envelope,
)
from contracts.envelope import Envelope, ErrorCode, ErrorInfo, ReplyEnvelope, error_reply
from infra.faults import fault_message

log = logging.getLogger("aicmo.port")


class Transport:
    """Moves one request frame to a named destination and returns its reply frame."""

    async def call(self, destination: str, frame: bytes) -> bytes:
        raise NotImplementedError


class FrameHandler(Protocol):
    async def handle(self, frame: bytes) -> bytes: ...


class LocalTransport(Transport):
    """In-process: destinations are objects with `handle(frame)`; no Ray involved."""

    def __init__(self, handlers: dict[str, FrameHandler]):
        self._handlers = handlers

    async def call(self, destination: str, frame: bytes) -> bytes:
        return await self._handlers[destination].handle(frame)


# Room under the codec's limit, so a frame the port builds is never the one that meets it.
FRAME_BUDGET = MAX_FRAME_BYTES - MAX_FRAME_BYTES // 16
_NOT_RETRYABLE = frozenset({ErrorCode.BAD_FRAME, ErrorCode.TOO_LARGE})


class _Pending:
    __slots__ = ("envelope", "future", "packed")

    def __init__(self, envelope: Envelope, packed: bytes,
                 future: asyncio.Future[ReplyEnvelope]):
        self.envelope = envelope
        self.packed = packed  # packed once: measured for the budget, framed as is
        self.future = future


class MessagePort:
    def __init__(self, transport: Transport, *, max_batch: int = 256, max_in_flight: int = 2,
                 max_frame_bytes: int = FRAME_BUDGET):
        self._transport = transport
        self._max_batch = max_batch
        self._max_frame_bytes = max_frame_bytes
        self._max_in_flight = max_in_flight
        self._queues: dict[str, deque[_Pending]] = {}
        self._in_flight: dict[str, int] = {}
        self._scheduled: set[str] = set()
        self.frames_sent = 0
        self.messages_sent = 0
        self._closed = False
        self._shipping: set[asyncio.Task[None]] = set()  # frames on their way or answered

    async def drain(self, timeout: float = 2.0) -> None:
        """Give the frames already sent `timeout` seconds to be answered (a receiver closed
        under one would fail it half-way), then cancel the rest: a receiver that never
        answers must not keep its sender from closing. Call after `close`."""
        if self._shipping:
            await asyncio.wait(set(self._shipping), timeout=timeout)
        for task in list(self._shipping):
            task.cancel()
        await asyncio.gather(*self._shipping, return_exceptions=True)

    def close(self) -> None:
        """Stop sending: queued messages get a retryable error, later sends too."""
        self._closed = True
        for queue in self._queues.values():
            while queue:
                pending = queue.popleft()
                if not pending.future.done():
                    pending.future.set_result(_failure(pending.envelope, ErrorCode.UNAVAILABLE,
                                                       "port closed", pending.envelope.sent_at))

    async def send(self, destination: str, envelope: Envelope, now: datetime) -> ReplyEnvelope:
        """Send one envelope; its reply, or a retryable error if it could not be delivered
        before its deadline."""
        if self._closed:
            return _failure(envelope, ErrorCode.UNAVAILABLE, "port closed", now)
        packed = self._pack(destination, envelope, now)
        if isinstance(packed, ReplyEnvelope):
            return packed
        loop = asyncio.get_running_loop()
        future: asyncio.Future[ReplyEnvelope] = loop.create_future()
        self._queues.setdefault(destination, deque()).append(_Pending(envelope, packed, future))
        if destination not in self._scheduled:
            # Wait one loop turn so every saga woken by the last reply frame can enqueue.
            self._scheduled.add(destination)
            loop.call_soon(self._pump, destination)
        timeout = max(0.0, (envelope.deadline - now).total_seconds())
        # A plain timer, not wait_for: one callback per message instead of two extra tasks.
        timer = loop.call_later(timeout, _expire, future, envelope, destination, timeout, now)
        try:
            return await future
        finally:
            timer.cancel()

    def _pack(self, destination: str, envelope: Envelope, now: datetime) -> bytes | ReplyEnvelope:
        """The envelope packed, or its failure: it cannot be encoded, or no frame holds it."""
        try:
            packed = pack_envelope(envelope)
        except CodecError as exc:
            return _failure(envelope, ErrorCode.BAD_FRAME, f"{destination}: {exc}", now)
        if len(packed) + FRAME_OVERHEAD > self._max_frame_bytes:
            return _failure(envelope, ErrorCode.TOO_LARGE, f"{envelope.type} of {len(packed)} "
                            f"bytes exceeds the {self._max_frame_bytes}-byte frame limit", now)
        return packed

    def _pump(self, destination: str) -> None:
        self._scheduled.discard(destination)
        queue = self._queues[destination]
        while (not self._closed and queue
               and self._in_flight.get(destination, 0) < self._max_in_flight):
            batch = self._take(queue)
            if batch:
                self._in_flight[destination] = self._in_flight.get(destination, 0) + 1
                task = asyncio.get_running_loop().create_task(self._ship(destination, batch))
                self._shipping.add(task)
                task.add_done_callback(self._shipping.discard)

    def _take(self, queue: deque[_Pending]) -> list[_Pending]:
        """The next frame: up to max_batch messages whose frame fits max_frame_bytes."""
        batch: list[_Pending] = []
        size = FRAME_OVERHEAD
        while queue and len(batch) < self._max_batch:
            if queue[0].future.done():  # its deadline passed while it waited
                queue.popleft()
                continue
            if batch and size + len(queue[0].packed) > self._max_frame_bytes:
                break
            size += len(queue[0].packed)
            batch.append(queue.popleft())
        return batch

    async def _ship(self, destination: str, batch: list[_Pending]) -> None:
        try:
            replies = await self._exchange(destination, batch)
            for pending, reply in zip(batch, replies, strict=True):
                if not pending.future.done():
                    pending.future.set_result(reply)
        finally:
            self._in_flight[destination] -= 1
            self._pump(destination)

    async def _exchange(self, destination: str, batch: list[_Pending]) -> list[ReplyEnvelope]:
        self.frames_sent += 1
        self.messages_sent += len(batch)
        envelopes = [p.envelope for p in batch]
        now = envelopes[0].sent_at
        request = frame_request([p.packed for p in batch])
        try:
            frame = await self._transport.call(destination, request)
            replies = decode_replies(frame)
        except CodecError as exc:
            message = f"{destination}: {exc}"
            return [_failure(e, ErrorCode.BAD_FRAME, message, now) for e in envelopes]
        except Exception as exc:  # the receiver died or is unreachable: worth retrying
            # A remote failure's text may quote the receiver's database: keep it in the log.
            message = fault_message(exc, f"{destination} unavailable", log,
                                    context=f"a frame of {len(batch)}")
            return [_failure(e, ErrorCode.UNAVAILABLE, message, now) for e in envelopes]
        if _refused_as_too_large(replies):
            return await self._split(destination, batch, replies[0])
        if len(replies) != len(envelopes):
            return [_failure(e, ErrorCode.BAD_FRAME, f"{destination} answered "
                             f"{len(replies)} of {len(envelopes)}", now) for e in envelopes]
        return replies

    async def _split(self, destination: str, batch: list[_Pending],
                     refusal: ReplyEnvelope) -> list[ReplyEnvelope]:
        """The receiver's limit is stricter than ours: send each half in a frame of its own,
        in turn, within this frame's slot. An envelope refused alone is too large for it."""
        if len(batch) == 1:
            assert refusal.error is not None
            message = f"{destination}: {refusal.error.message}"
            return [_failure(batch[0].envelope, ErrorCode.TOO_LARGE, message, refusal.sent_at)]
        half = len(batch) // 2
        first = await self._exchange(destination, batch[:half])
        return first + await self._exchange(destination, batch[half:])


def _refused_as_too_large(replies: list[ReplyEnvelope]) -> bool:
    """A receiver answers a frame it cannot take at all with one reply to no message."""
    if len(replies) != 1 or replies[0].in_reply_to is not None:
        return False
    error = replies[0].error
    return error is not None and error.code is ErrorCode.TOO_LARGE


def _expire(future: asyncio.Future[ReplyEnvelope], envelope: Envelope, destination: str,
            timeout: float, now: Any) -> None:
    if not future.done():
        future.set_result(_failure(envelope, ErrorCode.DEADLINE_EXCEEDED,
                                   f"no reply from {destination} within {timeout:.1f}s", now))


def _failure(envelope: Envelope, code: ErrorCode, message: str, now: Any) -> ReplyEnvelope:
    info = ErrorInfo(code=code, message=message, retryable=code not in _NOT_RETRYABLE)
    return error_reply(envelope.message_id, envelope.correlation_id, info, now)
