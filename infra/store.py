"""A module's own database: the async engine, the processed-messages table, the unit of work.

Every aiosqlite statement is a hop to its worker thread (about half a millisecond), and
every PostgreSQL statement a round trip, so a unit of work buffers its writes and flushes
them as one executemany per statement when the frame commits. A message whose handler
fails has its buffered writes dropped, which is how one bad message in a batch frame leaves
no trace while the others commit.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Self, TypeVar

from sqlalchemy import (
    Column,
    ColumnElement,
    LargeBinary,
    MetaData,
    Select,
    String,
    Table,
    event,
    func,
    select,
)
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.sql import Executable

from infra import sqlite_writes
from infra.migrations import upgrade_async
from infra.rows import Journal, Rows
from infra.store_config import StoreConfig
from infra.upserts import Upsert


def processed_messages(metadata: MetaData) -> Table:
    """The dedupe table: a message id applied once, and the reply it got."""
    return Table(
        "processed_messages",
        metadata,
        Column("message_id", String, primary_key=True),
        Column("type", String, nullable=False),
        Column("correlation_id", String, nullable=False, index=True),
        Column("reply", LargeBinary, nullable=False),
        Column("processed_at", String, nullable=False),
    )


def open_engine(config: StoreConfig) -> AsyncEngine:
    """An engine whose transactions keep one frame's unit of work safe from any other writer.

    SQLite: WAL, `synchronous` as configured, and BEGIN IMMEDIATE, which takes the file's
    write lock up front (see SQLAlchemy's pysqlite notes: the driver's own BEGIN handling is
    turned off and we emit BEGIN). PostgreSQL: SERIALIZABLE. A frame reads (its dedupe rows,
    the rows it will change) and then writes what it decided from them; under a weaker level
    a second writer of the same schema (a replaced actor still finishing a frame) could
    decide from the same snapshot and both would commit. SERIALIZABLE makes one of them fail
    instead, and a failed frame is answered retryable and sent again, when its dedupe rows
    show what the other one did. One writer per schema is the normal case, so conflicts, and
    the cost of the predicate locks, stay rare.
    """
    # Every transaction here ends in an explicit commit or rollback, so the pool need not
    # issue its own ROLLBACK on check-in (an extra round trip per frame). Bound values are
    # lead emails and phones: errors and logs show the SQL without them.
    options: dict[str, Any] = dict(pool_size=config.pool_size, max_overflow=0,
                                   pool_reset_on_return=None, hide_parameters=True)
    if config.dialect == "postgresql":
        settings = {"application_name": f"aicmo-{config.schema or 'store'}"}
        if config.schema:
            settings["search_path"] = config.schema
        # pre-ping: a connection the server dropped (restart, failover) is replaced, not used
        return create_async_engine(config.url, isolation_level="SERIALIZABLE",
                                   pool_pre_ping=True,
                                   connect_args={"server_settings": settings}, **options)
    engine = create_async_engine(config.url, **options)
    if engine.dialect.name != "sqlite":
        return engine

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={config.synchronous}")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # IMMEDIATE takes the write lock up front: one writer, no upgrade deadlocks.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


async def open_store(config: StoreConfig, metadata: MetaData,
                     migrations: Path | None = None) -> AsyncEngine:
    """An engine on `config` whose schema is current: what every owner of a database starts
    with. `migrations` is the owner's Alembic script directory (infra.migrations), applied
    before the first message; without one (a test's throwaway table), the tables are made
    as declared."""
    engine = open_engine(config)
    try:
        async with engine.begin() as conn:
            if migrations is None:
                await conn.run_sync(metadata.create_all)
            else:
                await upgrade_async(conn, migrations, config.schema)
    except BaseException:
        await engine.dispose()
        raise
    return engine


class Tx:
    """The unit of work handlers see: read through `conn` (or `rows`), write only through
    `write` (or `rows(...).put`).

    Writes go through `write` so a failed message can be undone by dropping them; pass
    the same statement object each time (a module-level constant, or `upsert(table)`) so
    runs batch.
    """

    def __init__(self, conn: AsyncConnection):
        self.conn = conn
        self.dialect: str = conn.dialect.name
        self._writes: list[tuple[Executable | Upsert, dict[str, Any]]] = []
        self._rows: dict[Table, Rows] = {}
        self._journal = Journal()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        """The unit of work is over: let go of its rows now. Each Rows refers back to this
        Tx and to the journal, whose entries refer to them; left to the cycle collector, a
        frame's rows (strategy documents, packs) would live until a full collection, which
        the runtime's thresholds (wiring.tune_gc) put thousands of frames apart."""
        self._rows.clear()
        self._journal.clear()
        self._writes.clear()

    def rows(self, table: Table) -> Rows:
        """This frame's rows of `table` (infra.rows): what is stored, as changed so far."""
        found = self._rows.get(table)
        if found is None:
            found = self._rows[table] = Rows(self, table, self._journal)
        return found

    @property
    def aborts_on_error(self) -> bool:
        """Whether a failed statement aborts the whole transaction (PostgreSQL), rather than
        only itself (SQLite)."""
        return self.dialect == "postgresql"

    @property
    def in_list_size(self) -> int:
        return IN_LIST_SIZE.get(self.dialect, min(IN_LIST_SIZE.values()))

    def write(self, statement: Executable | Upsert, params: dict[str, Any]) -> None:
        """Buffer a write; it runs when the frame commits, in order."""
        self._writes.append((statement, params))

    def mark(self) -> tuple[int, int]:
        """Where a handler starts: `rollback_to` undoes its writes and its row changes."""
        return len(self._writes), self._journal.mark()

    def rollback_to(self, mark: tuple[int, int]) -> None:
        writes, changes = mark
        del self._writes[writes:]
        self._journal.undo_to(changes)

    async def flush(self) -> None:
        """Run buffered writes as one executemany per statement.

        Statements run in the order of their first use in the frame, each with its
        parameter sets in write order. Within one campaign a module's writes follow the
        same statement order every time (upsert the head row, then its children), so this
        keeps each campaign's effects in order while a frame of 200 messages costs a
        handful of round trips instead of hundreds.
        """
        groups: dict[int, tuple[Executable | Upsert, list[dict[str, Any]]]] = {}
        for statement, params in self._writes:
            groups.setdefault(id(statement), (statement, []))[1].append(params)
        # On SQLite, straight to the driver: one thread hop per statement, and none of the
        # per-row work SQLAlchemy does for the general case (infra.sqlite_writes).
        driver = await self._sqlite_driver() if groups else None
        for statement, batch in groups.values():
            if isinstance(statement, Upsert):
                statement = statement.on(self.dialect)
            # Not a statement built per call with its values inside (written with {}): a
            # plan for it would be compiled every time, and SQLAlchemy compiles it anyway.
            if driver is not None and batch[0] and await sqlite_writes.run(
                    driver, self.conn.dialect, statement, batch):
                continue
            await self.conn.execute(statement, batch if len(batch) > 1 else batch[0])
        self._writes.clear()

    async def _sqlite_driver(self) -> Any:
        """The aiosqlite connection under this transaction's, or None on another driver."""
        if self.conn.dialect.driver != "aiosqlite":
            return None
        return (await self.conn.get_raw_connection()).driver_connection


T = TypeVar("T")
# Values bound per IN (...) list, per dialect: well under SQLite's bound-parameter limit
# (32,766) and asyncpg's (32,767 per statement), and few round trips on a network.
IN_LIST_SIZE = {"sqlite": 500, "postgresql": 5000}


def chunks(items: Sequence[T], size: int = IN_LIST_SIZE["sqlite"]) -> Iterator[Sequence[T]]:
    """`items` in slices small enough to bind in one statement (pass `tx.in_list_size`)."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def count_of(table: Table, *where: ColumnElement[bool]) -> Select[Any]:
    """SELECT count(*) of `table`'s rows matching `where`, as a column named n."""
    return select(func.count().label("n")).select_from(table).where(*where)


async def stored_replies(conn: AsyncConnection, table: Table, ids: list[str]) -> dict[str, bytes]:
    """Replies already given to any of `ids`, in one query."""
    rows = await conn.execute(
        select(table.c.message_id, table.c.reply).where(table.c.message_id.in_(ids))
    )
    return {row.message_id: row.reply for row in rows}
