"""The base of every module actor: one entry point that takes a frame and returns a reply frame.

A frame's messages are checked one by one (type, version, payload, deadline); the valid
ones are applied in one transaction that also records each command's id and reply, so a
redelivered command gets its stored reply and changes nothing.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import MetaData, Table, insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from contracts.codec import CodecError, decode_request, frame_replies, pack_reply
from contracts.common import Contract
from contracts.dispatch import check, late, refuse_frame
from contracts.envelope import (
    Envelope,
    ErrorCode,
    ErrorInfo,
    ReplyEnvelope,
    error_reply,
    result_fields,
)
from contracts.housekeeping import CompactHistory, HistoryCompacted
from infra.clock import Clock, SystemClock
from infra.faults import fault_message
from infra.metrics import Metrics, NullMetrics
from infra.store import StoreConfig, Tx, open_store, stored_replies

from . import housekeeping
from .errors import ModuleError
from .route import Route


@dataclass(frozen=True)
class _Accepted:
    index: int
    envelope: Envelope
    message: Any
    route: Route[Any, Contract]


class ModuleActor:
    """Subclasses set `module`, `metadata` and `processed`, and return their `routes()`."""

    module: ClassVar[str]
    metadata: ClassVar[MetaData]
    processed: ClassVar[Table]
    # The table with one row per campaign this module owns, keyed by campaign_id: the
    # default prefetch loads those rows for a frame's commands into `tx.rows(head)`.
    head: ClassVar[Table | None] = None
    # The module's Alembic script directory (infra.migrations): its database is upgraded
    # to the newest revision at start, before the first message.
    migrations: ClassVar[Path | None] = None

    def __init__(self, store: StoreConfig, clock: Clock | None = None,
                 metrics: Metrics | None = None):
        self._store = store
        self.clock: Clock = clock or SystemClock()
        self.metrics: Metrics = metrics or NullMetrics()
        self._engine: AsyncEngine | None = None
        self._start_lock = asyncio.Lock()
        self._write_lock = asyncio.Lock()  # one frame's unit of work at a time
        self._routes = {route.model.__name__: route
                        for route in (*self.routes(), self._housekeeping_route())}
        self._accepted = {name: route.model for name, route in self._routes.items()}
        # Not `_record`: on the instance that would shadow a module's handler of that name.
        self._record_processed = insert(self.processed)
        self.log = logging.getLogger(f"aicmo.{self.module}")

    def routes(self) -> list[Route[Any, Contract]]:
        """The module's own contract; the kernel adds the housekeeping every module answers."""
        raise NotImplementedError

    def all_routes(self) -> list[Route[Any, Contract]]:
        return list(self._routes.values())

    def _housekeeping_route(self) -> Route[CompactHistory, HistoryCompacted]:
        return Route(CompactHistory, housekeeping.handler(self), housekeeping=True)

    async def prune_history(self, tx: Tx, before: Any) -> int:
        """Delete what this module keeps only as history from before `before` (a datetime);
        how many rows went. Most modules' rows are their record: nothing."""
        return await housekeeping.keep_history(tx, before)

    async def prefetch(self, tx: Tx, commands: list[tuple[Envelope, Any]]) -> None:
        """Load what this frame's commands will read, in bulk, into `tx.rows`."""
        if self.head is not None:  # commands about no one campaign (sweeps) have nothing here
            ids = [cid for _, message in commands
                   if (cid := getattr(message, "campaign_id", None)) is not None]
            await tx.rows(self.head).load(ids)

    async def start(self) -> None:
        """Open the database and bring its schema up to date. Idempotent; called lazily too."""
        async with self._start_lock:
            if self._engine is not None:
                return
            self._engine = await open_store(self._store, self.metadata, self.migrations)

    async def close(self) -> None:
        if self._engine is not None:
            await self._engine.dispose()
            self._engine = None

    @property
    def engine(self) -> AsyncEngine:
        if self._engine is None:
            raise RuntimeError(f"{self.module} actor not started")
        return self._engine

    async def handle(self, frame: bytes) -> bytes:
        """The public surface: a request frame in, a reply frame out. Never raises."""
        now = self.clock.now()
        try:
            raws, batch = decode_request(frame)
        except CodecError as exc:
            return refuse_frame(exc, now)
        # Replies are packed once: the same bytes are stored for dedupe and framed.
        self.metrics.record("aicmo_frame_messages", len(raws), module=self.module)
        replies: list[bytes] = [b""] * len(raws)
        accepted: list[_Accepted] = []
        for index, raw in enumerate(raws):
            checked = self._check(index, raw, now)
            if isinstance(checked, ReplyEnvelope):
                replies[index] = pack_reply(checked)
            else:
                accepted.append(checked)
        if accepted:
            await self._apply_all(accepted, replies, now)
        return frame_replies(replies, batch)

    def _check(self, index: int, raw: Any, now: Any) -> _Accepted | ReplyEnvelope:
        checked = check(raw, self._accepted, self.module, now, enforce_deadline=False)
        if isinstance(checked, ReplyEnvelope):
            return checked
        route = self._routes[checked.envelope.type]
        return _Accepted(index, checked.envelope, checked.message, route)

    async def _apply_all(self, accepted: list[_Accepted], replies: list[bytes], now: Any) -> None:
        try:
            await self.start()
            async with self._write_lock:
                while accepted:
                    try:
                        async with self.engine.begin() as conn:
                            with Tx(conn) as tx:
                                await self._apply(tx, accepted, replies, now)
                        return
                    except _Aborted as aborted:  # again, without the message that failed
                        replies[aborted.item.index] = pack_reply(aborted.reply)
                        accepted = [a for a in accepted if a is not aborted.item]
        except Exception as exc:  # the database itself failed: nothing was committed
            message = fault_message(exc, f"{self.module} store", self.log,
                                    context=f"a frame of {len(accepted)}")
            info = ErrorInfo(code=ErrorCode.IO_FAILED, message=message, retryable=True)
            for item in accepted:
                replies[item.index] = pack_reply(error_reply(
                    item.envelope.message_id, item.envelope.correlation_id, info, now))

    async def _apply(self, tx: Tx, accepted: list[_Accepted], replies: list[bytes],
                     now: Any) -> None:
        commands = [a for a in accepted if not a.route.is_query]
        seen = await stored_replies(tx.conn, self.processed,
                                    [a.envelope.message_id for a in commands]) if commands else {}
        await self.prefetch(tx, [(a.envelope, a.message) for a in commands
                                 if a.envelope.message_id not in seen and not a.route.housekeeping])
        in_frame: dict[str, bytes] = {}
        for item in accepted:
            message_id = item.envelope.message_id
            if not item.route.is_query and message_id in seen:
                replies[item.index] = seen[message_id] or pack_reply(error_reply(
                    message_id, item.envelope.correlation_id,
                    housekeeping.compacted_reply_error(item.envelope), now))
                self.metrics.record("aicmo_redeliveries_deduplicated", module=self.module)
            elif not item.route.is_query and message_id in in_frame:
                replies[item.index] = in_frame[message_id]
            elif item.envelope.deadline <= now:  # new work only: the sender has given up
                info = ErrorInfo(code=ErrorCode.DEADLINE_EXCEEDED, message=late(item.envelope),
                                 retryable=True)
                replies[item.index] = pack_reply(error_reply(
                    message_id, item.envelope.correlation_id, info, now))
            else:
                reply, keep = await self._run(tx, item, now)
                packed = replies[item.index] = pack_reply(reply)
                if keep and not item.route.is_query and not item.route.housekeeping:
                    self.metrics.record("aicmo_messages_applied", module=self.module,
                                        type=item.envelope.type)
                    in_frame[message_id] = packed
                    tx.write(self._record_processed, _processed_row(item.envelope, packed, now))
        await tx.flush()

    async def _run(self, tx: Tx, item: _Accepted,
                   now: Any) -> tuple[ReplyEnvelope | dict[str, Any], bool]:
        """Run one handler. Returns the reply (a result's as `result_fields`, packed as is)
        and whether it is final (to be recorded)."""
        mark = tx.mark()
        envelope = item.envelope
        try:
            result = await item.route.handler(tx, item.message, envelope)
            return result_fields(envelope, result, now), True
        except ModuleError as exc:
            tx.rollback_to(mark)
            return error_reply(envelope.message_id, envelope.correlation_id, exc.info(), now), (
                not exc.retryable)
        except Exception as exc:
            tx.rollback_to(mark)
            message = fault_message(exc, self.module, self.log, context=envelope.type)
            info = ErrorInfo(code=ErrorCode.INTERNAL, message=message, retryable=True)
            reply = error_reply(envelope.message_id, envelope.correlation_id, info, now)
            if isinstance(exc, DBAPIError) and tx.aborts_on_error:
                raise _Aborted(item, reply) from exc
            return reply, False


class _Aborted(Exception):
    """A handler's statement failed, and the server aborted the frame's transaction with it
    (PostgreSQL does; SQLite carries on). The frame is applied again without that message,
    so one bad message still leaves no trace while the others commit."""

    def __init__(self, item: _Accepted, reply: ReplyEnvelope):
        super().__init__(item.envelope.type)
        self.item = item
        self.reply = reply


def _processed_row(envelope: Envelope, packed_reply: bytes, now: Any) -> dict[str, Any]:
    return {
        "message_id": envelope.message_id,
        "type": envelope.type,
        "correlation_id": envelope.correlation_id,
        "reply": packed_reply,
        "processed_at": now.isoformat(),
    }

