"""Versioned schemas (infra.migrations): every module's script directory builds exactly its
tables, a database of release 0.1 is stamped and upgraded with its rows, and a database from
a newer release, or from nowhere, is refused.

The tests reach a database only through the `store` fixture (conftest.py) and
tests/unit/migration_harness.py, so each runs on SQLite and on PostgreSQL (`each_store`,
the version table in the module's own schema); the few about SQLite files, or about no
store, run once. The release-0.1 schema and rows come from tests/fixtures/release_0_1.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from contextlib import closing

import pytest
import sqlalchemy as sa

from infra import migrations
from infra.migrations import MigrationError, baseline, head, upgrade
from infra.schema_head import at_head, head_of_files
from infra.store import StoreConfig
from tests.fixtures.old_release import dumps
from tests.unit.migration_harness import (
    ADD_NOTE,
    DELIVERY_SCRIPTS,
    MODULES,
    OLD_DATABASES,
    ONCE,
    SEED_DDL,
    add_revision,
    opened,
    scripts_copy,
    seed_widening,
)

pytestmark = pytest.mark.usefixtures("each_store")

# --- every module's directory --------------------------------------------------------------


@ONCE
@pytest.mark.parametrize("module", sorted(MODULES))
def test_each_directory_is_one_line_of_history_from_its_baseline(module):
    scripts, _ = MODULES[module]
    assert (scripts / "__init__.py").is_file() and (scripts / "versions/__init__.py").is_file()
    assert baseline(scripts) == f"{module}_0001"
    directory = migrations.scripts_at(scripts)
    assert all(s.revision.startswith(f"{module}_") for s in directory.walk_revisions())
    assert head(scripts).startswith(f"{module}_")


@pytest.mark.parametrize("module", sorted(MODULES))
async def test_a_new_database_upgraded_to_head_has_exactly_the_declared_tables(
        module, store, caplog):
    scripts, metadata = MODULES[module]
    caplog.set_level(logging.INFO, logger="aicmo.migrations")
    async with opened(store(module)) as db:
        await db.migrate(scripts)
        assert await db.revision() == head(scripts)
        assert await db.differences(metadata) == []
        assert await db.table_names() == {*metadata.tables, migrations.VERSION_TABLE}
        applied = [r.getMessage() for r in caplog.records if "applied" in r.getMessage()]
        assert applied and f"empty -> {baseline(scripts)}" in applied[0]

        caplog.clear()
        await db.migrate(scripts)  # at head: nothing to do, nothing logged
        assert await db.revision() == head(scripts)
        assert not [r for r in caplog.records if r.levelno >= logging.INFO]


@ONCE
@pytest.mark.parametrize("name", sorted(OLD_DATABASES))
def test_the_baseline_makes_the_very_schema_release_0_1_made(name, tmp_path):
    """SQLite keeps each table's CREATE statement: the baseline's must be release 0.1's."""
    scripts = scripts_copy(tmp_path, MODULES[OLD_DATABASES[name]][0], baseline_only=True)
    fresh = tmp_path / "fresh.db"
    engine = sa.create_engine(f"sqlite:///{fresh}")
    with engine.begin() as conn:
        upgrade(conn, scripts)
    engine.dispose()

    def schema(db: sqlite3.Connection) -> set[str]:
        return {sql.replace(*SEED_DDL) for (sql,) in db.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name != ?",
            (migrations.VERSION_TABLE,))}

    with closing(sqlite3.connect(fresh)) as new, closing(sqlite3.connect(":memory:")) as old:
        old.executescript(dumps()[name].read_text())
        assert schema(new) == schema(old)
        tables = {t for (t,) in old.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    module = migrations.scripts_at(scripts).get_revision(baseline(scripts)).module
    assert set(module.BASELINE_TABLES) == tables


# --- release 0.1 ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(OLD_DATABASES))
async def test_a_release_0_1_database_is_stamped_at_the_baseline_then_upgraded_keeping_rows(
        name, store, caplog):
    scripts, metadata = MODULES[OLD_DATABASES[name]]
    caplog.set_level(logging.INFO, logger="aicmo.migrations")
    async with opened(store(name)) as db:
        old = await db.create_release_0_1(name)
        before = await db.all_rows(old)
        assert migrations.VERSION_TABLE not in await db.table_names()

        await db.migrate(scripts)
        assert await db.revision() == head(scripts)
        assert await db.all_rows(old) == before
        assert [d for d in await db.differences(metadata) if not seed_widening(d)] == []
    assert f"stamped at {baseline(scripts)}" in caplog.text


@ONCE
async def test_a_release_0_1_file_upgrades_in_place(tmp_path):
    """The dump loaded byte for byte (no reflection on the way), as a data dir holds it."""
    path = tmp_path / "supervisor.db"
    with closing(sqlite3.connect(path)) as db:
        db.executescript(dumps()["supervisor"].read_text())
        before = db.execute("SELECT campaign_id, status, input FROM sagas").fetchall()
    async with opened(StoreConfig.sqlite_file(tmp_path, "supervisor")) as db:
        await db.migrate(MODULES["saga_log"][0])
        assert await db.revision() == head(MODULES["saga_log"][0])
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT campaign_id, status, input FROM sagas").fetchall() == before
        assert len(before) == 2


async def test_a_database_with_only_some_of_the_baseline_tables_is_refused(store):
    scripts, metadata = MODULES["delivery"]
    async with opened(store("delivery")) as db:
        async with db.engine.begin() as conn:
            await conn.run_sync(lambda c: metadata.tables["packs"].create(c))
        with pytest.raises(MigrationError,
                           match=re.escape("only some of the tables of release 0.1")):
            await db.migrate(scripts)
        assert await db.table_names() == {"packs"}


# --- a newer release's database ------------------------------------------------------------


async def test_a_database_from_a_newer_release_is_refused(tmp_path, store):
    newer = scripts_copy(tmp_path, DELIVERY_SCRIPTS)
    rev = add_revision(newer, 2, ADD_NOTE, "Packs keep a note.")
    async with opened(store("delivery-0")) as db:
        await db.migrate(newer)  # a newer release ran on it
        with pytest.raises(MigrationError, match=f"at revision {rev}, which this release "
                                                 "does not know"):
            await db.migrate(DELIVERY_SCRIPTS)  # then this one starts on it
        assert await db.revision() == rev


async def test_an_unknown_revision_is_refused_before_anything_changes(store):
    scripts, _ = MODULES["cam"]
    async with opened(store("cam")) as db:
        await db.migrate(scripts)
        async with db.engine.begin() as conn:
            await conn.execute(sa.text(f"UPDATE {migrations.VERSION_TABLE} "
                                       "SET version_num = 'cam_9999'"))
        with pytest.raises(MigrationError, match="newer release wrote it"):
            await db.migrate(scripts)
        assert await db.revision() == "cam_9999"


# --- a database at its head, recognised without Alembic ------------------------------------


@ONCE
@pytest.mark.parametrize("module", sorted(MODULES))
def test_the_head_read_from_the_files_is_alembics(module):
    scripts, _ = MODULES[module]
    assert head_of_files(scripts) == head(scripts)


@ONCE
def test_files_that_do_not_say_plainly_give_no_head(tmp_path):
    branched = scripts_copy(tmp_path / "branched", DELIVERY_SCRIPTS)
    for number in (2, 3):  # two revisions after the baseline: a branch, two heads
        (branched / "versions" / f"{number:04d}_branch.py").write_text(
            f'revision = "delivery_{number:04d}"\ndown_revision = "delivery_0001"\n')
    assert head_of_files(branched) is None
    computed = scripts_copy(tmp_path / "computed", DELIVERY_SCRIPTS)
    baseline_file = next((computed / "versions").glob("0001_*.py"))
    baseline_file.write_text(baseline_file.read_text().replace(
        'revision = "delivery_0001"', 'revision = "delivery_" + "0001"'))
    assert head_of_files(computed) is None  # not a literal
    baseless = scripts_copy(tmp_path / "baseless", DELIVERY_SCRIPTS)
    baseline_file = next((baseless / "versions").glob("0001_*.py"))
    baseline_file.write_text(baseline_file.read_text().replace(
        "down_revision = None", 'down_revision = "delivery_0000"'))
    assert head_of_files(baseless) is None  # its history starts at a missing revision


async def test_a_database_at_its_head_is_left_alone_and_one_behind_is_upgraded(tmp_path, store):
    scripts = scripts_copy(tmp_path, DELIVERY_SCRIPTS)
    async with opened(store("delivery-0")) as db:
        async with db.engine.begin() as conn:
            assert not await conn.run_sync(at_head, scripts, db.schema)  # empty
            await migrations.upgrade_async(conn, scripts, db.schema)
            assert await conn.run_sync(at_head, scripts, db.schema)
        rev = add_revision(scripts, 2, ADD_NOTE, "Packs keep a note.")
        async with db.engine.begin() as conn:
            assert not await conn.run_sync(at_head, scripts, db.schema)
            await migrations.upgrade_async(conn, scripts, db.schema)
        assert await db.revision() == rev
        assert "note" in await db.column_names("packs")
