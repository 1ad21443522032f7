"""How supervisors reach module actors: a transport moves frames, the port batches messages.

The port gathers the envelopes that many concurrent sagas send to one destination and
ships them as one batch frame; the receiver applies the batch in one transaction. While
`max_in_flight` frames to a destination are outstanding, new envelopes wait and join the
next frame, so batches grow exactly when the receiver is the bottleneck (backpressure).
"""

from __future__ import annotations

import asyncio
from collections import deque
from datetime import datetime
from typing import Any, Protocol

from contracts.codec import CodecError, decode_replies, encode_request
from contracts.envelope import Envelope, ErrorCode, ErrorInfo, ReplyEnvelope, error_reply


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


class _Pending:
    __slots__ = ("envelope", "future")

    def __init__(self, envelope: Envelope, future: asyncio.Future[ReplyEnvelope]):
        self.envelope = envelope
        self.future = future


class MessagePort:
    def __init__(self, transport: Transport, *, max_batch: int = 256, max_in_flight: int = 2):
        self._transport = transport
        self._max_batch = max_batch
        self._max_in_flight = max_in_flight
        self._queues: dict[str, deque[_Pending]] = {}
        self._in_flight: dict[str, int] = {}
        self._scheduled: set[str] = set()
        self.frames_sent = 0
        self.messages_sent = 0
        self._closed = False

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
        loop = asyncio.get_running_loop()
        future: asyncio.Future[ReplyEnvelope] = loop.create_future()
        self._queues.setdefault(destination, deque()).append(_Pending(envelope, future))
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

    def _pump(self, destination: str) -> None:
        self._scheduled.discard(destination)
        queue = self._queues[destination]
        while (not self._closed and queue
               and self._in_flight.get(destination, 0) < self._max_in_flight):
            batch = [queue.popleft() for _ in range(min(self._max_batch, len(queue)))]
            batch = [p for p in batch if not p.future.done()]
            if batch:
                self._in_flight[destination] = self._in_flight.get(destination, 0) + 1
                asyncio.get_running_loop().create_task(self._ship(destination, batch))

    async def _ship(self, destination: str, batch: list[_Pending]) -> None:
        try:
            replies = await self._exchange(destination, [p.envelope for p in batch])
            for pending, reply in zip(batch, replies, strict=True):
                if not pending.future.done():
                    pending.future.set_result(reply)
        finally:
            self._in_flight[destination] -= 1
            self._pump(destination)

    async def _exchange(self, destination: str, envelopes: list[Envelope]) -> list[ReplyEnvelope]:
        self.frames_sent += 1
        self.messages_sent += len(envelopes)
        now = envelopes[0].sent_at
        try:
            frame = await self._transport.call(destination, encode_request(envelopes))
            replies = decode_replies(frame)
        except CodecError as exc:
            message = f"{destination}: {exc}"
            return [_failure(e, ErrorCode.BAD_FRAME, message, now) for e in envelopes]
        except Exception as exc:  # the receiver died or is unreachable: worth retrying
            message = f"{destination} unavailable: {type(exc).__name__}: {exc}"
            return [_failure(e, ErrorCode.UNAVAILABLE, message, now) for e in envelopes]
        if len(replies) != len(envelopes):
            return [_failure(e, ErrorCode.BAD_FRAME, f"{destination} answered "
                             f"{len(replies)} of {len(envelopes)}", now) for e in envelopes]
        return replies


def _expire(future: asyncio.Future[ReplyEnvelope], envelope: Envelope, destination: str,
            timeout: float, now: Any) -> None:
    if not future.done():
        future.set_result(_failure(envelope, ErrorCode.DEADLINE_EXCEEDED,
                                   f"no reply from {destination} within {timeout:.1f}s", now))


def _failure(envelope: Envelope, code: ErrorCode, message: str, now: Any) -> ReplyEnvelope:
    info = ErrorInfo(code=code, message=message, retryable=code is not ErrorCode.BAD_FRAME)
    return error_reply(envelope.message_id, envelope.correlation_id, info, now)
