"""The dialect-neutral store (infra.store, infra.rows, infra.upserts, infra.pg_roles) on
SQLite and on PostgreSQL alike."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, select, text
from sqlalchemy.exc import DBAPIError

from infra.pg_roles import ProvisionError, provision_now, role_url
from infra.store import StoreConfig, Tx, open_store
from infra.upserts import insert_ignore, upsert
from tests.stores import store_config

pytestmark = pytest.mark.usefixtures("each_store")

metadata = MetaData()
things = Table("things", metadata, Column("key", String, primary_key=True),
               Column("size", Integer, nullable=False), Column("note", String))
parts = Table("parts", metadata, Column("thing", String, primary_key=True),
              Column("position", Integer, primary_key=True), Column("label", String))


async def opened(tmp_path, name: str = "things"):
    return await open_store(store_config(tmp_path, name), metadata)


async def unit_of_work(engine, *writes) -> None:
    async with engine.begin() as conn:
        tx = Tx(conn)
        for statement, params in writes:
            tx.write(statement, params)
        await tx.flush()


async def all_rows(engine, table: Table) -> list[tuple]:
    async with engine.connect() as conn:
        return [tuple(r) for r in await conn.execute(select(table).order_by(*table.primary_key))]


async def test_an_upsert_replaces_and_an_insert_ignore_keeps(tmp_path):
    engine = await opened(tmp_path)
    try:
        await unit_of_work(engine, (upsert(things), {"key": "a", "size": 1, "note": "x"}),
                           (upsert(things), {"key": "b", "size": 2, "note": None}))
        # the second write to a key in a later frame, and twice in one frame
        await unit_of_work(engine, (upsert(things), {"key": "a", "size": 10, "note": None}),
                           (upsert(things), {"key": "b", "size": 20, "note": "y"}),
                           (insert_ignore(things), {"key": "a", "size": 99, "note": "z"}),
                           (insert_ignore(things), {"key": "c", "size": 3, "note": None}))
        assert await all_rows(engine, things) == [("a", 10, None), ("b", 20, "y"),
                                                  ("c", 3, None)]
    finally:
        await engine.dispose()


async def test_an_upsert_of_a_table_that_is_all_key_keeps_the_row(tmp_path):
    table = Table("tags", MetaData(), Column("tag", String, primary_key=True))
    engine = await open_store(store_config(tmp_path, "tags"), table.metadata)
    try:
        await unit_of_work(engine, (upsert(table), {"tag": "x"}), (upsert(table), {"tag": "x"}))
        assert await all_rows(engine, table) == [("x",)]
    finally:
        await engine.dispose()


async def test_rows_load_in_bulk_and_read_what_the_frame_put(tmp_path):
    engine = await opened(tmp_path)
    try:
        await unit_of_work(engine, *[(upsert(things), {"key": f"k{i}", "size": i, "note": None})
                                     for i in range(1200)])
        async with engine.begin() as conn:
            tx = Tx(conn)
            rows = tx.rows(things)
            found = await rows.get_many([f"k{i}" for i in range(1200)] + ["nope"])
            assert found["k1199"]["size"] == 1199 and found["nope"] is None
            rows.put({"key": "nope", "size": 5, "note": "new"})
            assert (await rows.get("nope"))["size"] == 5
            assert tx.rows(things) is rows  # one map per table per frame
            await tx.flush()
        assert (await all_rows(engine, things))[-1] == ("nope", 5, "new")
    finally:
        await engine.dispose()


async def test_a_failed_handlers_row_changes_are_undone_with_its_writes(tmp_path):
    engine = await opened(tmp_path)
    try:
        await unit_of_work(engine, (upsert(things), {"key": "a", "size": 1, "note": None}))
        async with engine.begin() as conn:
            tx = Tx(conn)
            rows = tx.rows(things)
            await rows.load(["a"])
            mark = tx.mark()
            rows.put({"key": "a", "size": 2, "note": "changed"})
            rows.put({"key": "b", "size": 3, "note": None})
            tx.rows(parts).put({"thing": "a", "position": 0, "label": "p"})
            tx.rollback_to(mark)
            assert rows.known("a")["size"] == 1
            assert rows.known("b") is None
            assert list(tx.rows(parts)) == []
            await tx.flush()
        assert await all_rows(engine, things) == [("a", 1, None)]
        assert await all_rows(engine, parts) == []
    finally:
        await engine.dispose()


async def test_children_load_once_by_their_parent_key(tmp_path):
    engine = await opened(tmp_path)
    try:
        await unit_of_work(engine, *[(upsert(parts), {"thing": t, "position": p, "label": None})
                                     for t in ("a", "b") for p in range(3)])
        async with engine.begin() as conn:
            tx = Tx(conn)
            rows = tx.rows(parts)
            await rows.load_where(parts.c.thing, ["a"])
            rows.put({"thing": "a", "position": 1, "label": "mine"})
            await rows.load_where(parts.c.thing, ["a", "b"])  # "a" is not read again
            assert [r["label"] for r in rows.where(parts.c.thing, "a")] == [None, "mine", None]
            assert len(rows.where(parts.c.thing, "b")) == 3
    finally:
        await engine.dispose()


async def test_bound_lists_are_sized_for_the_dialect(tmp_path):
    engine = await opened(tmp_path)
    try:
        async with engine.connect() as conn:
            tx = Tx(conn)
            assert tx.in_list_size == {"sqlite": 500, "postgresql": 5000}[tx.dialect]
    finally:
        await engine.dispose()


async def test_a_64_bit_seed_round_trips(tmp_path):
    from supervisors import saga_log

    engine = await open_store(store_config(tmp_path, "supervisor"), saga_log.metadata)
    try:
        async with engine.begin() as conn:
            await conn.execute(saga_log.batches.insert().values(
                batch_id="b", out_dir="/tmp/x", window=1, seed=2**63 - 1, total=0,
                created_at="t"))
            assert await conn.scalar(select(saga_log.batches.c.seed)) == 2**63 - 1
    finally:
        await engine.dispose()


@pytest.mark.parametrize("each_store", ["postgres"], indirect=True)
async def test_a_modules_role_cannot_touch_another_modules_schema(each_store, tmp_path):
    cam = await open_store(store_config(tmp_path, "cam"), metadata)
    billing = await open_store(store_config(tmp_path, "billing"), metadata)
    try:
        await unit_of_work(cam, (upsert(things), {"key": "lead", "size": 1, "note": None}))
        async with billing.connect() as conn:
            for statement in ("SELECT * FROM cam.things",
                              "INSERT INTO cam.things VALUES ('x', 1, NULL)",
                              "CREATE TABLE cam.mine (x int)",
                              "CREATE TABLE public.mine (x int)"):
                with pytest.raises(DBAPIError, match="permission denied"):
                    await conn.execute(text(statement))
                await conn.rollback()
        async with cam.connect() as conn:  # its own, unqualified, is its schema
            assert await conn.scalar(text("SELECT current_schema()")) == "cam"
    finally:
        await cam.dispose()
        await billing.dispose()


@pytest.mark.parametrize("each_store", ["postgres"], indirect=True)
async def test_two_writers_of_one_schema_cannot_both_commit_a_decision(each_store, tmp_path):
    """SERIALIZABLE: both read the row, both write from what they read; one must fail."""
    first = await opened(tmp_path)
    second = await opened(tmp_path)
    try:
        await unit_of_work(first, (upsert(things), {"key": "n", "size": 0, "note": None}))
        read_both = asyncio.Barrier(2)

        async def bump(engine) -> None:
            async with engine.begin() as conn:
                size = await conn.scalar(select(things.c.size).where(things.c.key == "n"))
                await read_both.wait()
                tx = Tx(conn)
                tx.write(upsert(things), {"key": "n", "size": size + 1, "note": None})
                await tx.flush()

        results = await asyncio.gather(bump(first), bump(second), return_exceptions=True)
        failures = [r for r in results if isinstance(r, Exception)]
        assert len(failures) == 1 and "could not serialize" in str(failures[0])
        assert (await all_rows(first, things))[0][1] == 1
    finally:
        await first.dispose()
        await second.dispose()


@pytest.mark.parametrize("each_store", ["postgres"], indirect=True)
async def test_provisioning_is_idempotent_and_refuses_bad_names(each_store, tmp_path):
    url = each_store.database_url(tmp_path)
    assert provision_now(url, ["qc-1"]) == provision_now(url, ["qc-1"]) == {
        "qc-1": role_url(url, "qc-1")}
    with pytest.raises(ProvisionError, match="schema name"):
        provision_now(url, ['x"; DROP TABLE y; --'])
    with pytest.raises(ProvisionError, match="PostgreSQL URL"):
        provision_now("sqlite+aiosqlite:///x.db", ["cam"])


def test_a_store_config_knows_its_dialect(tmp_path):
    assert StoreConfig.sqlite_file(tmp_path, "cam").dialect == "sqlite"
    assert StoreConfig("postgresql+asyncpg://u:p@h/db", schema="cam").dialect == "postgresql"
