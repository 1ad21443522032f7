"""What the migration tests share (test_migrations.py, test_migration_revisions.py): every
module's script directory and metadata, the release-0.1 schema and rows, a database handle
that reaches a store only through infra.store, and helpers that write revisions into a copy
of a script directory."""

from __future__ import annotations

import inspect
import shutil
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
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
from infra.migrations import baseline, head, upgrade
from infra.store import StoreConfig, open_engine
from supervisors import saga_log
from tests.fixtures.old_release import dumps

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


