"""Versioned schemas: every owner of a database upgrades it to its own head when it starts.

Each module has an Alembic script directory beside its actor (`actors/<module>/migrations`,
and `supervisors/migrations` for the saga log), and its database keeps its own version
table (`alembic_version`: in the module's SQLite file, or in the module's schema on
PostgreSQL). `infra.store.open_store` upgrades it on the module's own connection, inside
the transaction that opens the store, before the actor takes a message (`upgrade_async`, or
`upgrade` through run_sync; one upgrade at a time per process, see `_running`). Alembic is
driven directly (ScriptDirectory + MigrationContext + Operations): no env.py, no alembic.ini.

What `upgrade` does with the database it is given:

- at a known revision: applies the revisions after it, in order, logging each (logger
  `aicmo.migrations`); at the head: nothing.
- empty (no version table, none of the baseline's tables): applies every revision.
- made by release 0.1, the last one before versioned schemas (no version table, every table
  the baseline revision lists in its BASELINE_TABLES): stamps it at the baseline, which
  creates exactly those tables, then applies the rest.
- at a revision this release does not know (a newer release wrote it), or holding only some
  of the baseline's tables: raises MigrationError and the actor does not start.

Adding a revision (say delivery adds a column to `packs`):

1. Change the table in actors/delivery/_tables.py.
2. Draft the operations: `draft(scripts, metadata)` upgrades a scratch SQLite database to the
   current head and renders what differs from `metadata` as Alembic operations::

       python -c "from pathlib import Path; from infra.migrations import draft; \\
                  from actors.delivery import _tables as t; \\
                  print(draft(Path('actors/delivery/migrations'), t.metadata))"

3. Write actors/delivery/migrations/versions/0002_<what>.py by hand, after the baseline's
   pattern: a docstring saying what and why, `revision = "delivery_0002"`,
   `down_revision = "delivery_0001"` (the current head; `head(scripts)` says which),
   `branch_labels = depends_on = None`, and `upgrade()` with the drafted operations
   (`downgrade()` too if it can be undone). Ids are `<module>_<NNNN>`, one line of history
   per directory: no branches. Write both ids as string literals: a start reads them from
   the files (infra.schema_head) to see, without loading Alembic, whether a database is
   already at its head. There is deliberately no script.py.mako: nothing needs one at run
   time, and `alembic revision` is not how revisions are made here.
4. Keep it runnable on both stores. SQLite's ALTER TABLE can add a column (give a NOT NULL
   one a server_default) and rename things, little else: anything more goes through
   `with op.batch_alter_table("packs") as batch:`, which copies the table. Never call
   `metadata.create_all` or import a module's tables in a revision: the metadata moves on,
   a revision must keep meaning what it meant when it shipped.
5. Shards (production/0, qc/1, ...) each upgrade their own database from the same directory.

tests/unit/test_migrations.py checks every directory's head against its module's metadata
(compare_metadata), so a table changed without a revision fails there.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection

from infra.schema_head import VERSION_TABLE, at_head

if TYPE_CHECKING:  # Alembic is loaded only when a database is not at its head
    from alembic.runtime.migration import MigrationContext, MigrationInfo
    from alembic.script import ScriptDirectory

log = logging.getLogger("aicmo.migrations")

# Revisions call `alembic.op`, a module-level proxy bound to one migration at a time. On an
# async driver the sync upgrade yields to the event loop at every statement, so a second
# upgrade started meanwhile would rebind `op` and run the first one's DDL on its own
# database. Upgrades in a process therefore run one at a time: `upgrade_async` queues
# them, and `upgrade` refuses to start while another one is running (it cannot wait: the
# one running needs this very thread to finish).
_running = threading.Lock()
_queues: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
    weakref.WeakKeyDictionary())


class MigrationError(RuntimeError):
    """The database cannot be brought to this release's schema; the owner must not start."""


def scripts_at(scripts: Path) -> ScriptDirectory:
    """The Alembic script directory at `scripts` (its revisions are in `versions/`)."""
    from alembic.script import ScriptDirectory

    if not (Path(scripts) / "versions").is_dir():
        raise MigrationError(f"{scripts} is not a migrations directory (no versions/ in it)")
    return ScriptDirectory(str(scripts))


def head(scripts: Path) -> str:
    """The revision `upgrade` brings a database to: the one head of `scripts`."""
    return _single(scripts_at(scripts).get_heads(), scripts, "head")


def baseline(scripts: Path) -> str:
    """The first revision of `scripts`: the schema of release 0.1."""
    return _single(scripts_at(scripts).get_bases(), scripts, "base")


def current(connection: Connection, schema: str | None = None) -> str | None:
    """The revision the database is at; None without a version table (or an empty one)."""
    heads = _context(connection, schema).get_current_heads()
    return heads[0] if len(heads) == 1 else None if not heads else ",".join(heads)


def upgrade(connection: Connection, scripts: Path, schema: str | None = None) -> None:
    """Bring the database on `connection` to the head of `scripts` (see the module doc).

    Synchronous; meant for `await conn.run_sync(upgrade, scripts, schema)` inside the
    transaction the caller opened, so a failed revision leaves the database as it was
    (PostgreSQL and SQLite both roll DDL back). Without an open transaction it opens one.
    `schema` is the module's PostgreSQL schema (where its version table lives); None on
    SQLite, where the module's file is its own.
    """
    if not _running.acquire(blocking=False):
        raise MigrationError("another schema upgrade is running in this process; upgrades "
                             "run one at a time (use infra.migrations.upgrade_async)")
    try:
        if not connection.in_transaction():
            with connection.begin():
                _upgrade(connection, Path(scripts), schema)
        else:
            _upgrade(connection, Path(scripts), schema)
    finally:
        _running.release()


async def upgrade_async(conn: AsyncConnection, scripts: Path, schema: str | None = None) -> None:
    """`upgrade` on an async connection (in the transaction the caller opened), after any
    other upgrade this event loop is running: stores opened concurrently upgrade in turn.

    A database already at the head is recognised without loading Alembic
    (infra.schema_head): most starts are restarts."""
    if await conn.run_sync(at_head, Path(scripts), schema):
        log.debug("%s is at the head of %s", schema or "the database", scripts)
        return
    loop = asyncio.get_running_loop()
    queue = _queues.get(loop)
    if queue is None:
        queue = _queues[loop] = asyncio.Lock()
    async with queue:
        await conn.run_sync(upgrade, scripts, schema)


def _upgrade(connection: Connection, scripts: Path, schema: str | None) -> None:
    from alembic.operations import Operations

    directory = scripts_at(scripts)
    target = _single(directory.get_heads(), scripts, "head")
    where = _where(connection, schema)
    context = _context(connection, schema, directory, target, where)
    heads = context.get_current_heads()
    if not heads:  # no version table, or an empty one
        _adopt(context, directory, connection, schema, where)
        heads = context.get_current_heads()
    known = {script.revision for script in directory.walk_revisions()}
    unknown = sorted(set(heads) - known)
    if unknown:
        raise MigrationError(
            f"{where} is at revision {', '.join(unknown)}, which this release does not know "
            f"(its newest is {target}): a newer release wrote it. Refusing to start; run the "
            "release that wrote it, or restore a backup made by this one.")
    if heads == (target,):
        log.debug("%s is at %s, the head", where, target)
        return
    try:
        with Operations.context(context):
            context.run_migrations()
    except Exception as exc:
        first = (str(exc).splitlines() or [""])[0]
        raise MigrationError(f"upgrading {where} from {heads[0] if heads else 'empty'} to "
                             f"{target} failed: {type(exc).__name__}: {first}") from exc


def _adopt(context: MigrationContext, directory: ScriptDirectory, connection: Connection,
           schema: str | None, where: str) -> None:
    """No version table: an empty database (every revision applies), or one of release 0.1,
    which created the baseline's tables with `metadata.create_all` and versioned nothing."""
    base = _single(directory.get_bases(), Path(directory.dir), "base")
    expected = set(getattr(directory.get_revision(base).module, "BASELINE_TABLES", ()))
    if not expected:
        raise MigrationError(f"{directory.dir}: the baseline revision {base} lists no "
                             "BASELINE_TABLES, so a release-0.1 database cannot be recognised")
    present = expected & set(sa.inspect(connection).get_table_names(schema=schema))
    if not present:
        return  # empty: run_migrations creates the version table and applies everything
    if present != expected:
        raise MigrationError(
            f"{where} has no version table and only some of the tables of release 0.1 "
            f"(has {sorted(present)}, lacks {sorted(expected - present)}): not a database "
            "this release knows how to upgrade. Refusing to start.")
    context.stamp(directory, base)
    log.info("%s has the tables of release 0.1 and no version table: stamped at %s",
             where, base)


def _context(connection: Connection, schema: str | None,
             directory: ScriptDirectory | None = None, target: str | None = None,
             where: str = "") -> MigrationContext:
    from alembic.runtime.migration import MigrationContext

    opts: dict[str, Any] = {"version_table": VERSION_TABLE, "version_table_schema": schema}
    if directory is not None and target is not None:
        def steps(heads: Any, _context: MigrationContext) -> Any:
            # what alembic.command.upgrade does: the steps from `heads` up to `target`
            return directory._upgrade_revs(target, heads)

        def applied(*, step: MigrationInfo, **_: Any) -> None:
            up = directory.get_revision(step.up_revision_id) if step.up_revision_id else None
            log.info("%s: applied %s -> %s (%s)", where,
                     ",".join(step.source_revision_ids) or "empty",
                     ",".join(step.destination_revision_ids),
                     (up.doc or "").strip().splitlines()[0] if up and up.doc else "")

        opts.update(script=directory, fn=steps, on_version_apply=[applied])
    return MigrationContext.configure(connection, opts=opts)


def _single(revisions: Any, scripts: Path, what: str) -> str:
    revisions = list(revisions)
    if len(revisions) != 1:
        raise MigrationError(f"{scripts} has {len(revisions)} {what} revisions "
                             f"({', '.join(revisions) or 'none'}); it must have exactly one")
    return revisions[0]


def _where(connection: Connection, schema: str | None) -> str:
    url = connection.engine.url
    if url.get_backend_name() == "sqlite":
        name = url.database or "an in-memory SQLite database"
    else:
        name = url.render_as_string(hide_password=True)
    return f"{name} (schema {schema})" if schema else name


def draft(scripts: Path, metadata: sa.MetaData) -> str:
    """Alembic operations (Python source) that would take the head of `scripts` to
    `metadata`: the start of a new revision's upgrade(), to read and tidy by hand."""
    from alembic.autogenerate import produce_migrations, render_python_code
    from alembic.runtime.migration import MigrationContext

    engine = sa.create_engine("sqlite://")
    try:
        with engine.begin() as connection:
            upgrade(connection, scripts)
            migrations = produce_migrations(MigrationContext.configure(connection), metadata)
            # one metadata, one head: produce_migrations makes exactly one UpgradeOps
            (ops,) = migrations.upgrade_ops_list
            return render_python_code(ops)
    finally:
        engine.dispose()
