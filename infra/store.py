"""A module's own database: the async engine, the processed-messages table, the unit of work.

Every aiosqlite statement is a hop to its worker thread (about half a millisecond), so a
unit of work buffers its writes and flushes them as one executemany per statement when
the frame commits. A message whose handler fails has its buffered writes dropped, which
is how one bad message in a batch frame leaves no trace while the others commit.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

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


@dataclass(frozen=True)
class StoreConfig:
    """Where a module keeps its data. `url` may point at any SQLAlchemy async URL."""

    url: str
    # FULL fsyncs the WAL on every commit: an acknowledged message survives power loss,
    # not only a killed process. Frames batch many messages per commit, so it is cheap.
    synchronous: str = "FULL"

    @classmethod
    def sqlite_file(cls, data_dir: str | Path, name: str, synchronous: str = "FULL") -> StoreConfig:
        path = Path(data_dir).resolve() / f"{name}.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        return cls(url=f"sqlite+aiosqlite:///{path}", synchronous=synchronous)


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
    """An engine whose transactions really are transactions on SQLite (see SQLAlchemy's
    pysqlite notes: the driver's own BEGIN handling is turned off and we emit BEGIN)."""
    # Every transaction here ends in an explicit commit or rollback, so the pool need not
    # issue its own ROLLBACK on check-in (an extra thread hop per frame). Bound values are
    # lead emails and phones: errors and logs show the SQL without them.
    engine = create_async_engine(config.url, pool_size=1, max_overflow=0,
                                 pool_reset_on_return=None, hide_parameters=True)
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


async def open_store(config: StoreConfig, metadata: MetaData) -> AsyncEngine:
    """An engine on `config` whose tables exist: what every owner of a database starts with."""
    engine = open_engine(config)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    return engine


class Tx:
    """The unit of work handlers see: read through `conn`, write only through `write`.

    Writes go through `write` so a failed message can be undone by dropping them; pass
    the same statement object each time (a module-level constant) so runs batch.
    """

    def __init__(self, conn: AsyncConnection):
        self.conn = conn
        self._writes: list[tuple[Executable, dict[str, Any]]] = []
        # Per-frame scratch a module may fill in `prefetch` and keep current in handlers.
        self.cache: dict[Any, Any] = {}

    def write(self, statement: Executable, params: dict[str, Any]) -> None:
        """Buffer a write; it runs when the frame commits, in order."""
        self._writes.append((statement, params))

    def mark(self) -> int:
        return len(self._writes)

    def rollback_to(self, mark: int) -> None:
        del self._writes[mark:]

    async def flush(self) -> None:
        """Run buffered writes as one executemany per statement.

        Statements run in the order of their first use in the frame, each with its
        parameter sets in write order. Within one campaign a module's writes follow the
        same statement order every time (upsert the head row, then its children), so this
        keeps each campaign's effects in order while a frame of 200 messages costs a
        handful of round trips instead of hundreds.
        """
        groups: dict[int, tuple[Executable, list[dict[str, Any]]]] = {}
        for statement, params in self._writes:
            groups.setdefault(id(statement), (statement, []))[1].append(params)
        for statement, batch in groups.values():
            await self.conn.execute(statement, batch if len(batch) > 1 else batch[0])
        self._writes.clear()


T = TypeVar("T")
# Ids bound per IN (...) list: well under SQLite's bound-parameter limit.
IN_LIST_SIZE = 500


def chunks(items: Sequence[T], size: int = IN_LIST_SIZE) -> Iterator[Sequence[T]]:
    """`items` in slices small enough to bind in one statement."""
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


async def rows_by_key(conn: AsyncConnection, column: Any, keys: list[str]) -> dict[str, Any]:
    """Rows whose `column` is in `keys`, keyed by it, in one query (for `prefetch`)."""
    if not keys:
        return {}
    rows = await conn.execute(select(column.table).where(column.in_(set(keys))))
    return {row._mapping[column.name]: row._mapping for row in rows}
