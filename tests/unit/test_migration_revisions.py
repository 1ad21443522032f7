"""A later release's revisions (infra.migrations): one more column upgrades a database in
use and one of release 0.1, a failing revision changes nothing, and upgrades in one process
take turns. Each runs on SQLite and on PostgreSQL, as in test_migrations.py."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
import sqlalchemy as sa

from infra import migrations
from infra.migrations import MigrationError, baseline, head
from tests.unit.migration_harness import (
    ADD_NOTE,
    DELIVERY_SCRIPTS,
    MODULES,
    ONCE,
    PACK,
    add_revision,
    opened,
    scripts_copy,
)

pytestmark = pytest.mark.usefixtures("each_store")

# --- a later release adds a column -------------------------------------------------------


async def test_a_revision_adding_a_column_upgrades_a_database_in_use(tmp_path, store, caplog):
    """The issue's case: a release adds one column to `packs`. Its revision adds it to the
    database at start, so its statements find the column and the rows stay."""
    caplog.set_level(logging.INFO, logger="aicmo.migrations")
    async with opened(store("delivery-0")) as db:
        await db.migrate(DELIVERY_SCRIPTS)  # this release's schema, in use
        from actors.delivery import _tables as delivery_t
        async with db.engine.begin() as conn:
            await conn.execute(sa.insert(delivery_t.packs), PACK)

        newer = scripts_copy(tmp_path, DELIVERY_SCRIPTS)
        rev = add_revision(newer, 2, ADD_NOTE, "Packs keep a note.")
        await db.migrate(newer)
        assert await db.revision() == rev
        assert f"{head(DELIVERY_SCRIPTS)} -> {rev} (Packs keep a note.)" in caplog.text

        # the newer release's table, with the column: reading and writing it works
        packs = sa.Table("packs", sa.MetaData(),
                         *[sa.Column(c.name, c.type, primary_key=c.primary_key)
                           for c in delivery_t.packs.columns], sa.Column("note", sa.Text))
        async with db.engine.begin() as conn:
            [row] = (await conn.execute(sa.select(packs))).mappings().all()
            assert dict(row) == {**PACK, "note": None}
            await conn.execute(sa.update(packs).values(note="kept"))
            assert (await conn.execute(sa.select(packs.c.note))).scalar_one() == "kept"


async def test_a_release_0_1_database_goes_through_the_baseline_to_the_newest_revision(
        tmp_path, store, caplog):
    caplog.set_level(logging.INFO, logger="aicmo.migrations")
    newer = scripts_copy(tmp_path, DELIVERY_SCRIPTS)
    rev = add_revision(newer, 2, ADD_NOTE, "Packs keep a note.")
    async with opened(store("delivery-0")) as db:
        await db.create_release_0_1("delivery-0")
        await db.migrate(newer)
        assert await db.revision() == rev
        assert "note" in await db.column_names("packs")
    assert f"stamped at {baseline(newer)}" in caplog.text
    assert f"{baseline(newer)} -> {rev}" in caplog.text


async def test_a_failing_revision_leaves_the_database_as_it_was(tmp_path, store):
    newer = scripts_copy(tmp_path, DELIVERY_SCRIPTS)
    add_revision(newer, 2, ADD_NOTE + "\nop.execute('SELECT no_such_column FROM packs')",
                 "Half a revision.")
    async with opened(store("delivery-0")) as db:
        await db.migrate(DELIVERY_SCRIPTS)
        with pytest.raises(MigrationError, match="to delivery_0002 failed"):
            await db.migrate(newer)
        assert await db.revision() == head(DELIVERY_SCRIPTS)
        assert await db.differences(MODULES["delivery"][1]) == []  # no `note` column


# --- one upgrade at a time -----------------------------------------------------------------


async def test_stores_opened_together_upgrade_in_turn(store):
    """Revisions share alembic's module-level `op`: upgrade_async queues concurrent upgrades
    so that each one's operations run on its own database."""
    async def open_and_upgrade(name: str) -> tuple[str | None, list[Any]]:
        scripts, metadata = MODULES[name]
        async with opened(store(name)) as db:
            async with db.engine.begin() as conn:
                await migrations.upgrade_async(conn, scripts, db.schema)
            return await db.revision(), await db.differences(metadata)

    names = ["cam", "billing", "reporting", "saga_log"]
    results = await asyncio.gather(*(open_and_upgrade(n) for n in names))
    assert results == [(head(MODULES[n][0]), []) for n in names]


async def test_an_upgrade_started_while_another_runs_refuses_to_borrow_its_op(store):
    assert migrations._running.acquire(blocking=False)  # as if another upgrade were running
    try:
        async with opened(store("qc")) as db:
            with pytest.raises(MigrationError, match="one at a time"):
                await db.migrate(MODULES["qc"][0])
            assert await db.table_names() == set()
    finally:
        migrations._running.release()


@ONCE
def test_draft_renders_what_a_changed_table_needs():
    """The first step of adding a revision (see infra.migrations): the operations that take
    the head to the changed tables."""
    metadata = sa.MetaData()
    for table in MODULES["delivery"][1].tables.values():
        table.to_metadata(metadata)
    metadata.tables["packs"].append_column(sa.Column("note", sa.Text))
    code = migrations.draft(DELIVERY_SCRIPTS, metadata)
    assert "op.add_column('packs', sa.Column('note', sa.Text(), nullable=True))" in code
    assert "create_table" not in code
    assert "pass" in migrations.draft(DELIVERY_SCRIPTS, MODULES["delivery"][1])

