"""Buffered writes on SQLite go straight to the driver (infra.sqlite_writes): the same SQL
and the same bound values SQLAlchemy sends, the same errors, the same transaction."""

from __future__ import annotations

import aiosqlite
import pytest
from sqlalchemy import (
    Column,
    LargeBinary,
    MetaData,
    String,
    Table,
    bindparam,
    event,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from infra import sqlite_writes
from infra.store import StoreConfig, Tx, open_store
from infra.upserts import upsert

metadata = MetaData()
things = Table("things", metadata, Column("key", String, primary_key=True),
               Column("blob", LargeBinary), Column("state", String),
               Column("note", String, default="made"))
rename = (update(things).where(things.c.key == bindparam("k"))
          .values(state="renamed", note=bindparam("n")))  # a constant and a bound value
ROWS = [{"key": f"k{i}", "blob": bytes([i]), "state": None, "note": None} for i in range(3)]


async def sent(batch, *, direct: bool, tmp_path, monkeypatch) -> tuple[list, list, int]:
    """What reached the driver for `batch`, the rows it left, and how many statements went
    straight to the driver."""
    if not direct:
        async def never(*args):
            return False
        monkeypatch.setattr(sqlite_writes, "run", never)
    engine = await open_store(StoreConfig.sqlite_file(tmp_path, f"d{direct}"), metadata)
    calls: list = []
    straight = 0
    real = aiosqlite.Connection.executemany

    async def spy(self, sql, rows):
        nonlocal straight
        straight += 1
        calls.append((sql, [tuple(bytes(v) if isinstance(v, memoryview) else v for v in r)
                            for r in rows]))
        return await real(self, sql, rows)

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def seen(conn, cursor, sql, params, context, many):
        if not sql.startswith("BEGIN"):
            calls.append((sql, [tuple(bytes(v) if isinstance(v, memoryview) else v for v in r)
                                for r in (params if many else [params])]))

    monkeypatch.setattr(aiosqlite.Connection, "executemany", spy)

    async with engine.begin() as conn:
        tx = Tx(conn)
        for statement_, params in [(upsert(things), r) for r in ROWS] + batch:
            tx.write(statement_, params)
        await tx.flush()
    async with engine.connect() as conn:
        stored = [tuple(r) for r in await conn.execute(select(things).order_by(things.c.key))]
    await engine.dispose()
    return calls, stored, straight


@pytest.mark.parametrize(("batch", "direct_statements"), [
    ([(rename, {"k": "k1", "n": "x"})], 2),
    ([(rename, {"k": "k1", "n": "x"}), (rename, {"k": "k2", "n": None})], 2),
    # a column left to its Python default: SQLAlchemy runs that statement
    ([(insert(things), {"key": "k9", "blob": b"z", "state": "s"})], 1),
])
async def test_same_sql_values_and_rows_as_sqlalchemy(batch, direct_statements, tmp_path,
                                                      monkeypatch):
    *direct, straight = await sent(batch, direct=True, tmp_path=tmp_path,
                                   monkeypatch=monkeypatch)
    monkeypatch.undo()
    *general, none = await sent(batch, direct=False, tmp_path=tmp_path,
                                monkeypatch=monkeypatch)
    assert direct == general
    assert (straight, none) == (direct_statements, 0)


async def test_a_driver_error_is_sqlalchemys_and_rolls_back(tmp_path):
    engine = await open_store(StoreConfig.sqlite_file(tmp_path, "e"), metadata)
    plain = insert(things)
    with pytest.raises(IntegrityError):
        async with engine.begin() as conn:
            tx = Tx(conn)
            for _ in range(2):
                tx.write(plain, {"key": "same", "blob": b"", "state": "s", "note": "n"})
            await tx.flush()
    async with engine.connect() as conn:
        assert (await conn.execute(select(things))).all() == []
    await engine.dispose()
