"""The supervisor's durable saga log, in its own database.

Every saga's state, current step, each step's attempts and result, and each
compensation live here. Writes from all running sagas are group-committed: whoever
writes while a commit is under way joins the next one, so the log costs a few commits
per second, not one per step.
"""

from __future__ import annotations

import asyncio
import logging
import random
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    Column,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    bindparam,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql import Executable, Select

from infra.store import StoreConfig, Tx, chunks, open_store
from infra.upserts import Upsert, upsert
from supervisors.retry import LOG_WRITE_POLICY, RetryPolicy

log = logging.getLogger("aicmo.saga_log")
# The database itself failed (disk full, locked, I/O, connection lost): worth retrying.
# Anything else (a constraint) is one writer's fault and is not retried.
_TRANSIENT = (OperationalError, InterfaceError)

metadata = MetaData()

batches = Table(
    "batches",
    metadata,
    Column("batch_id", String, primary_key=True),
    Column("out_dir", Text, nullable=False),
    Column("window", Integer, nullable=False),
    Column("seed", BigInteger, nullable=False),  # contracts.common.Seed is 64-bit
    Column("total", Integer, nullable=False),
    Column("created_at", String, nullable=False),
)

sagas = Table(
    "sagas",
    metadata,
    Column("campaign_id", String, primary_key=True),
    Column("batch_id", String, nullable=False, index=True),
    Column("position", Integer, nullable=False),
    # running | waiting (for a client) | dead_letter (for an operator) | compensating |
    # rejecting (undoing the work of a refused input) | done
    Column("status", String, nullable=False),
    Column("state", String, nullable=False),  # the project state (campaign.ProjectState)
    Column("step", String),
    Column("outcome", String),
    Column("reason", Text),
    Column("input", LargeBinary, nullable=False),  # msgpack: what the saga was started with
    Column("compensation_failures", Text, nullable=False, default="[]"),
    Column("summary", Text, nullable=False, default="{}"),  # e.g. pack_dir, qc_score
    Column("cancel_reason", Text),  # set by CancelCampaigns; the saga stops at a step boundary
    # when reporting acknowledged the outcome (outbox); indexed: drains look for NULLs
    Column("reported_at", String, index=True),
    Column("started_at", String),
    Column("finished_at", String),
    Column("updated_at", String, nullable=False),
)

saga_steps = Table(
    "saga_steps",
    metadata,
    Column("campaign_id", String, nullable=False),
    Column("step", String, nullable=False),
    Column("kind", String, nullable=False),  # do | undo
    Column("status", String, nullable=False),  # started | waiting | done | failed
    Column("attempts", Integer, nullable=False),
    Column("message_id", String, nullable=False),
    Column("result", LargeBinary),  # msgpack reply payload once done
    Column("error", Text),
    Column("started_at", String),  # when a "do" step was first entered
    Column("updated_at", String, nullable=False),
    PrimaryKeyConstraint("campaign_id", "step", "kind"),
)

# Poison messages: a step whose retryable error outlasted every retry parks its saga here
# until an operator retries it or discards it (which compensates the campaign).
dead_letters = Table(
    "dead_letters",
    metadata,
    Column("letter_id", String, primary_key=True),
    Column("campaign_id", String, nullable=False, index=True),
    Column("step", String, nullable=False),
    Column("destination", String, nullable=False),
    Column("message_type", String, nullable=False),
    Column("message_id", String, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("error", Text, nullable=False),
    Column("status", String, nullable=False),  # open | retried | discarded
    Column("created_at", String, nullable=False),
    Column("resolved_at", String),
)

# Bind names are not column names: SQLAlchemy keeps a column's name for its SET value.
insert_letter = insert(dead_letters)
resolve_letter = (
    update(dead_letters).where(dead_letters.c.letter_id == bindparam("lid"))
    .values(status=bindparam("status"), resolved_at=bindparam("at"))
)
upsert_step = upsert(saga_steps)
insert_saga = insert(sagas)
insert_batch = insert(batches)
move_saga = (
    update(sagas).where(sagas.c.campaign_id == bindparam("campaign"))
    .values(status=bindparam("status"), state=bindparam("state"), step=bindparam("step"),
            reason=bindparam("reason"), updated_at=bindparam("at"))
)
start_saga = (
    update(sagas).where(sagas.c.campaign_id == bindparam("campaign"))
    .values(started_at=bindparam("at"), updated_at=bindparam("at"))
)
finish_saga = (
    update(sagas).where(sagas.c.campaign_id == bindparam("campaign"))
    .values(status="done", state=bindparam("state"), step=None, outcome=bindparam("outcome"),
            reason=bindparam("reason"), compensation_failures=bindparam("failures"),
            summary=bindparam("summary"),
            finished_at=bindparam("at"), updated_at=bindparam("at"))
)

# Retention (supervisors.housekeeping): a finished saga's step results go once compacted;
# its step rows and resolved dead letters go once pruned.
compact_steps = (update(saga_steps).where(saga_steps.c.campaign_id == bindparam("campaign"))
                 .values(result=None))


def finished_before(at: Any) -> Select[Any]:
    """Ids of the sagas that finished before `at` (a value or a bindparam)."""
    return select(sagas.c.campaign_id).where(sagas.c.status == "done",
                                             sagas.c.finished_at < at)


prune_steps = delete(saga_steps).where(
    saga_steps.c.campaign_id.in_(finished_before(bindparam("before"))))
prune_letters = delete(dead_letters).where(dead_letters.c.status != "open",
                                           dead_letters.c.resolved_at < bindparam("before"))

request_cancel = (
    update(sagas).where(sagas.c.campaign_id == bindparam("campaign"))
    .values(cancel_reason=bindparam("why"))
)

Write = tuple[Executable | Upsert, dict[str, Any]]


class SagaLogError(Exception):
    """The saga log could not commit a write, even after retrying. Nothing was written."""


class SagaLog:
    # Its store's tables and Alembic scripts, named as a module actor names its own (what
    # infra.store_upgrade reads from a store's owner).
    metadata: ClassVar[MetaData] = metadata
    migrations: ClassVar[Path] = Path(__file__).parent / "migrations"

    def __init__(self, store: StoreConfig, retry: RetryPolicy = LOG_WRITE_POLICY):
        self._store = store
        self._retry = retry
        self._rng = random.Random()
        self._engine: AsyncEngine | None = None
        self._pending: list[tuple[list[Write], asyncio.Future[None]]] = []
        self._flusher: asyncio.Task[None] | None = None

    async def start(self) -> None:
        if self._engine is None:
            self._engine = await open_store(self._store, self.metadata, self.migrations)

    async def close(self) -> None:
        if self._flusher is not None:
            await asyncio.gather(self._flusher, return_exceptions=True)
        if self._engine is not None:
            await self._engine.dispose()
            self._engine = None

    @property
    def engine(self) -> AsyncEngine:
        if self._engine is None:
            raise RuntimeError("saga log not started")
        return self._engine

    async def write(self, writes: list[Write]) -> None:
        """Durably apply `writes` (in one transaction with whatever else is pending).
        A failing database is retried with backoff a few times; then this raises."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append((writes, future))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush())
        await future

    async def _flush(self) -> None:
        await asyncio.sleep(0)  # let sagas woken in this loop turn add their writes
        while self._pending:
            group, self._pending = self._pending, []
            try:
                await self._commit_retrying([writes for writes, _ in group])
            except Exception:
                # One bad writer must not fail the others: retry each on its own.
                for writes, future in group:
                    try:
                        await self._commit([writes])
                    except Exception as exc:
                        error = SagaLogError(f"saga log write failed: {type(exc).__name__}")
                        error.__cause__ = exc  # the detail, for the operator's log
                        future.set_exception(error)
                    else:
                        future.set_result(None)
                continue
            for _, future in group:
                if not future.done():
                    future.set_result(None)

    async def _commit_retrying(self, groups: list[list[Write]]) -> None:
        attempt = 0
        while True:
            attempt += 1
            try:
                return await self._commit(groups)
            except _TRANSIENT as exc:
                if attempt >= self._retry.max_attempts:
                    raise
                log.warning("saga log write failed (attempt %d), retrying: %s", attempt,
                            type(exc).__name__)
                await asyncio.sleep(self._retry.delay(attempt, self._rng))

    async def _commit(self, groups: list[list[Write]]) -> None:
        async with self.engine.begin() as conn:
            with Tx(conn) as tx:
                for writes in groups:
                    for statement, params in writes:
                        tx.write(statement, params)
                await tx.flush()

    async def fetch(self, statement: Executable) -> list[dict[str, Any]]:
        async with self.engine.connect() as conn:
            return [dict(r) for r in (await conn.execute(statement)).mappings()]

    async def batch(self, batch_id: str) -> dict[str, Any] | None:
        rows = await self.fetch(select(batches).where(batches.c.batch_id == batch_id))
        return rows[0] if rows else None

    async def open_letters(self, campaign_ids: list[str]) -> set[str]:
        """Which of these campaigns have an open dead letter."""
        found: set[str] = set()
        for chunk in chunks(campaign_ids):
            found.update(r["campaign_id"] for r in await self.fetch(
                select(dead_letters.c.campaign_id).where(
                    dead_letters.c.campaign_id.in_(chunk), dead_letters.c.status == "open")))
        return found

    async def steps_of(self, campaign_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {campaign_id: [] for campaign_id in campaign_ids}
        for chunk in chunks(campaign_ids):
            for row in await self.fetch(select(saga_steps)
                                        .where(saga_steps.c.campaign_id.in_(chunk))):
                out[row["campaign_id"]].append(row)
        return out
