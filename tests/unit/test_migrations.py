"""Versioned schemas (infra.migrations): every module's script directory builds exactly its
tables, a database of release 0.1 is stamped and upgraded with its rows, a later revision
(one more column) upgrades a database in use, and a database from a newer release is refused.

The tests reach a database only through the `store` fixture (a StoreConfig per name) and
infra.store.open_engine, so each runs on SQLite and on PostgreSQL (`each_store`, its version
table in the module's own schema); the few about SQLite files, or about no store, run once.
The release-0.1 schema and rows come from tests/fixtures/release_0_1 (what release 0.1's
create_all made): reflected into a MetaData and made again with create_all, as that release
did.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import re
import shutil
import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import StaticPool

from actors.billing import BillingActor
from actors.cam import CamActor
from actors.client_review import ClientReviewActor
from actors.delivery import DeliveryActor
from actors.onboarding import OnboardingActor
from actors.production import ProductionActor
from actors.qc import QcActor
from actors.reporting import ReportingActor
from actors.retention import RetentionActor
from actors.strategy import StrategyActor
from infra import migrations
from infra.migrations import MigrationError, baseline, head, upgrade
from infra.store import StoreConfig, open_engine
from supervisors import saga_log
from tests.fixtures.old_release import dumps
from tests.stores import store_config

_ACTORS = [CamActor, OnboardingActor, StrategyActor, ClientReviewActor, BillingActor,
           RetentionActor, ReportingActor, ProductionActor, QcActor, DeliveryActor]
# module -> (its script directory, the tables it declares today)
MODULES: dict[str, tuple[Path, sa.MetaData]] = {
    **{actor.module: (Path(inspect.getfile(actor)).parent / "migrations", actor.metadata)
       for actor in _ACTORS},
    "saga_log": (Path(saga_log.__file__).parent / "migrations", saga_log.metadata),
}
DELIVERY_SCRIPTS = MODULES["delivery"][0]
# release-0.1 database (file) name -> the module whose tables it holds
OLD_DATABASES = {name: "saga_log" if name == "supervisor" else name.split("-")[0]
                 for name in dumps()}
# About no store, or about SQLite files themselves: these run once, on SQLite.
ONCE = pytest.mark.parametrize("each_store", ["sqlite"], indirect=True)

pytestmark = pytest.mark.usefixtures("each_store")


@pytest.fixture
def store(tmp_path: Path) -> Callable[[str], StoreConfig]:
    """A new, empty store per name, on the store the test runs on: a SQLite file under
    tmp_path, or its own schema in tmp_path's PostgreSQL database. Every test below that
    takes `store` reaches its database only through Db."""
    return lambda name: store_config(tmp_path / "stores", name)


@dataclass(frozen=True)
class Db:
    """One module's database, opened as infra.store opens it; `schema` is its PostgreSQL
    schema (None on SQLite)."""

    engine: AsyncEngine
    schema: str | None

    async def migrate(self, scripts: Path) -> None:
        """What open_store does: upgrade inside the transaction that opens the store."""
        async with self.engine.begin() as conn:
            await conn.run_sync(upgrade, scripts, self.schema)

    async def revision(self) -> str | None:
        async with self.engine.connect() as conn:
            return await conn.run_sync(migrations.current, self.schema)

    async def differences(self, metadata: sa.MetaData) -> list[Any]:
        """What autogenerate would change to make the database match `metadata`: nothing,
        if the migrations build exactly the declared tables."""
        def compare(conn: sa.Connection) -> list[Any]:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            return compare_metadata(context, metadata)

        async with self.engine.connect() as conn:
            return await conn.run_sync(compare)

    async def table_names(self) -> set[str]:
        async with self.engine.connect() as conn:
            return set(await conn.run_sync(
                lambda c: sa.inspect(c).get_table_names(schema=self.schema)))

    async def column_names(self, table: str) -> set[str]:
        async with self.engine.connect() as conn:
            columns = await conn.run_sync(
                lambda c: sa.inspect(c).get_columns(table, schema=self.schema))
        return {c["name"] for c in columns}

    async def all_rows(self, metadata: sa.MetaData) -> dict[str, list[tuple]]:
        """Every row of `metadata`'s tables, in primary-key order."""
        async with self.engine.connect() as conn:
            return {t.name: [tuple(r) for r in await conn.execute(
                        sa.select(*t.columns).order_by(*t.primary_key.columns))]
                    for t in metadata.sorted_tables}

    async def create_release_0_1(self, name: str) -> sa.MetaData:
        """Database `name` as release 0.1 left it: its tables made by create_all (what that
        release's open_store did), its rows in them, and no version table."""
        metadata, rows = release_0_1(name)
        async with self.engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
            for table in metadata.sorted_tables:
                if rows[table.name]:
                    await conn.execute(table.insert(), rows[table.name])
        return metadata


@asynccontextmanager
async def opened(config: StoreConfig) -> AsyncIterator[Db]:
    engine = open_engine(config)
    try:
        yield Db(engine, config.schema)
    finally:
        await engine.dispose()


def release_0_1(name: str) -> tuple[sa.MetaData, dict[str, list[dict[str, Any]]]]:
    """Release 0.1's tables for database `name` (reflected from its dump, types made
    generic so any backend can create them) and the rows it held."""
    raw = sqlite3.connect(":memory:", check_same_thread=False)
    raw.executescript(dumps()[name].read_text())
    source = sa.create_engine("sqlite://", creator=lambda: raw, poolclass=StaticPool)
    try:
        metadata = sa.MetaData()
        metadata.reflect(source)
        for table in metadata.tables.values():
            for column in table.columns:
                column.type = column.type.as_generic()
        with source.connect() as conn:
            rows = {t.name: [dict(r) for r in conn.execute(sa.select(t)).mappings()]
                    for t in metadata.sorted_tables}
    finally:
        source.dispose()
        raw.close()
    return metadata, rows


def scripts_copy(tmp_path: Path, scripts: Path, *, baseline_only: bool = False) -> Path:
    """A copy of a script directory a test may add revisions to."""
    target = tmp_path / f"{scripts.parent.name}-migrations"
    shutil.copytree(scripts, target, ignore=shutil.ignore_patterns("__pycache__"))
    if baseline_only:
        for path in (target / "versions").glob("*.py"):
            if path.name not in ("__init__.py", "0001_baseline.py"):
                path.unlink()
    return target


def add_revision(scripts: Path, number: int, upgrade_body: str, doc: str) -> str:
    """Write revision <module>_<number> after the directory's head; returns its id."""
    prefix = baseline(scripts).rsplit("_", 1)[0]
    rev, down = f"{prefix}_{number:04d}", head(scripts)
    body = "\n".join(f"    {line}" for line in upgrade_body.strip().splitlines())
    (scripts / "versions" / f"{number:04d}_test.py").write_text(
        f'"""{doc}"""\n\nimport sqlalchemy as sa\nfrom alembic import op\n\n'
        f'revision = "{rev}"\ndown_revision = "{down}"\nbranch_labels = None\n'
        f"depends_on = None\n\n\ndef upgrade() -> None:\n{body}\n")
    return rev


# Release 0.1 declared batches.seed Integer; the baseline says BigInteger (a seed is 64-bit).
# On SQLite both are INTEGER affinity and 64-bit, so a 0.1 file needs no change for it, and
# release 0.1 ran on SQLite only: no 0.1 database has a 32-bit seed column.
SEED_DDL = ("seed INTEGER NOT NULL", "seed BIGINT NOT NULL")


def seed_widening(diff: Any) -> bool:
    return (isinstance(diff, list) and len(diff) == 1 and diff[0][0] == "modify_type"
            and diff[0][2:4] == ("batches", "seed"))


PACK = {"campaign_id": "c-1", "status": "delivered", "pack_dir": "/packs/c-1",
        "zip_path": "/packs/c-1.zip", "files_json": "[]", "manifest_sha256": "ab" * 32,
        "reason": None, "updated_at": "2027-01-04T09:00:00+00:00"}
ADD_NOTE = """op.add_column("packs", sa.Column("note", sa.Text(), nullable=True))"""


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
