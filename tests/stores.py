"""The store a test runs on: SQLite files (the embedded default) or the private PostgreSQL
server (the cluster store), so the same tests run on both.

A test module opts in with `pytestmark = pytest.mark.usefixtures("each_store")`: each of its
tests then runs once per store, and `store_config` / `store_settings` (and the harnesses
built on them) give that store. Outside such a module they give SQLite files, as before.

On PostgreSQL, each data dir a test names gets its own database, so a test that opens two
independent stores ("a" and "b") still gets two, and reopening one data dir reopens the same
schemas, as reopening a SQLite file does.

What a test reads or changes behind a module's back (rows in its tables, a corrupted blob)
goes through `query(data_dir, name, sql, params)`: sqlite3 on `<data_dir>/<name>.db`, or the
administrator's connection to the data dir's database with `search_path` set to the store's
schema. `stores`, `tables` and `row_counts` say what is there, on either store.
"""

from __future__ import annotations

import fnmatch
import re
import sqlite3
import uuid
from collections.abc import Awaitable, Callable, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
from sqlalchemy.engine import make_url

from infra.pg_roles import provision_now, run_now, schema_name
from infra.store import StoreConfig
from tests.pg_server import PostgresServer
from wiring import Settings

T = TypeVar("T")
# Schemas every PostgreSQL database has; the rest are the stores' own (infra.pg_roles).
_SYSTEM_SCHEMAS = "nspname NOT LIKE 'pg\\_%' AND nspname NOT IN ('information_schema', 'public')"


class Store:
    def __init__(self, kind: str, server: PostgresServer | None = None):
        self.kind = kind
        self._server = server
        self._databases: dict[Path, str] = {}  # data dir -> admin URL of its database

    def database_url(self, data_dir: str | Path) -> str | None:
        """The administrator URL of `data_dir`'s database; None on SQLite."""
        if self._server is None:
            return None
        key = Path(data_dir).resolve()
        if key not in self._databases:
            self._databases[key] = self._server.create_database(f"t{uuid.uuid4().hex[:10]}")
        return self._databases[key]

    def config(self, data_dir: str | Path, name: str) -> StoreConfig:
        url = self.database_url(data_dir)
        if url is None:
            return StoreConfig.sqlite_file(data_dir, name)
        role_url = provision_now(url, [name])[name]
        return StoreConfig(url=role_url, schema=schema_name(name))

    def settings(self, data_dir: str | Path, **options: Any) -> Settings:
        return Settings(data_dir=str(data_dir), database_url=self.database_url(data_dir),
                        **options)

    # -- reading behind the modules' backs ------------------------------------------------

    def stores(self, data_dir: str | Path, pattern: str = "*") -> list[str]:
        """The stores under `data_dir` whose name matches the glob `pattern`, sorted: file
        stems on SQLite, schema names ("production_0") on PostgreSQL. Either is a `name`
        `query` and `tables` accept."""
        if self._server is None:
            return sorted(p.stem for p in Path(data_dir).glob(f"{pattern}.db"))
        return self._on_postgres(data_dir, lambda conn: _schemas(conn, pattern), [])

    def query(self, data_dir: str | Path, name: str, sql: str,
              params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run `sql` (`?` placeholders) on store `name`, committed; its rows as tuples. A
        glob `name` ("production-*") runs it on each matching store, rows in store order.
        No such store: no rows."""
        if self._server is None:
            rows: list[tuple[Any, ...]] = []
            for path in sorted(Path(data_dir).glob(f"{name}.db")):
                with closing(sqlite3.connect(path)) as db, db:
                    rows += db.execute(sql, tuple(params)).fetchall()
            return rows

        async def run(conn: Any) -> list[tuple[Any, ...]]:
            found: list[tuple[Any, ...]] = []
            for schema in await _schemas(conn, name):
                await conn.execute(f'SET search_path TO "{schema}"')
                found += [tuple(r) for r in await conn.fetch(_numbered(sql), *params)]
            return found

        return self._on_postgres(data_dir, run, [])

    def tables(self, data_dir: str | Path, name: str) -> set[str]:
        """The tables of store `name` (its version table included)."""
        if self._server is None:
            return {t for (t,) in self.query(data_dir, name, "SELECT name FROM sqlite_master "
                                                            "WHERE type = 'table'")}

        async def run(conn: Any) -> set[str]:
            return {r[0] for r in await conn.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = $1", _schema_of(name))}

        return self._on_postgres(data_dir, run, set())

    def row_counts(self, data_dir: str | Path) -> dict[str, int]:
        """Rows in every table of every store under `data_dir`, by "<store>.<table>"."""
        if self._server is None:
            return {f"{store}.{table}": self.query(data_dir, store,
                                                   f'SELECT count(*) FROM "{table}"')[0][0]
                    for store in self.stores(data_dir)
                    for table in sorted(self.tables(data_dir, store))}

        async def run(conn: Any) -> dict[str, int]:  # one connection, not one per table
            listed = await conn.fetch("SELECT schemaname, tablename FROM pg_tables WHERE "
                                      "schemaname = ANY($1::text[]) ORDER BY 1, 2",
                                      await _schemas(conn, "*"))
            return {f"{s}.{t}": await conn.fetchval(f'SELECT count(*) FROM "{s}"."{t}"')
                    for s, t in listed}

        return self._on_postgres(data_dir, run, {})

    def _on_postgres(self, data_dir: str | Path, work: Callable[[Any], Awaitable[T]],
                     missing: T) -> T:
        """`work(conn)` on the administrator's connection to `data_dir`'s database
        (`on_database`); `missing` if no test opened a store under `data_dir`."""
        url = self._databases.get(Path(data_dir).resolve())
        return missing if url is None else on_database(url, work)

    def drop(self) -> None:
        if self._server is not None:
            for url in self._databases.values():
                self._server.drop_database(url.rsplit("/", 1)[1])
        self._databases.clear()


def on_database(url: str, work: Callable[[Any], Awaitable[T]]) -> T:
    """`work(conn)` on a fresh connection as the role in `url`, closed after, through
    infra.pg_roles.run_now (callers may be inside a running event loop)."""
    u = make_url(url)

    async def main() -> T:
        conn = await asyncpg.connect(host=u.host, port=u.port, user=u.username,
                                     password=u.password, database=u.database)
        try:
            return await work(conn)
        finally:
            await conn.close()

    return run_now(main)


SQLITE = Store("sqlite")
_active: Store = SQLITE


def active() -> Store:
    return _active


def activate(store: Store) -> None:
    global _active
    _active = store


def store_config(data_dir: str | Path, name: str) -> StoreConfig:
    """`name`'s store under `data_dir`, on the store this test runs on."""
    return _active.config(data_dir, name)


def store_settings(data_dir: str | Path, **options: Any) -> Settings:
    """Settings whose every module keeps its data on the store this test runs on."""
    return _active.settings(data_dir, **options)


def stores(data_dir: str | Path, pattern: str = "*") -> list[str]:
    """The stores under `data_dir` matching `pattern`, on the store this test runs on."""
    return _active.stores(data_dir, pattern)


def query(data_dir: str | Path, name: str, sql: str,
          params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Rows of `sql` (`?` placeholders, portable SQL) run on store `name` under `data_dir`
    (a glob name runs it on each matching store), on the store this test runs on.
    Synchronous, and safe to call from inside a running event loop."""
    return _active.query(data_dir, name, sql, params)


def tables(data_dir: str | Path, name: str) -> set[str]:
    """The tables of store `name` under `data_dir`, on the store this test runs on."""
    return _active.tables(data_dir, name)


def row_counts(data_dir: str | Path) -> dict[str, int]:
    """Rows in every table of every store under `data_dir` ("cam.leads": 3), on the store
    this test runs on: to see that something wrote nothing."""
    return _active.row_counts(data_dir)


def _schema_of(name: str) -> str:
    return name.replace("-", "_").replace("/", "_").lower()


async def _schemas(conn: Any, pattern: str) -> list[str]:
    names = [r[0] for r in await conn.fetch(f"SELECT nspname FROM pg_namespace WHERE "
                                            f"{_SYSTEM_SCHEMAS}")]
    return sorted(n for n in names if fnmatch.fnmatchcase(n, _schema_of(pattern)))


_QUOTED_OR_MARK = re.compile(r"'(?:[^']|'')*'|\?")


def _numbered(sql: str) -> str:
    """sqlite3's `?` placeholders as asyncpg's `$1, $2, ...` (quoted text left alone)."""
    counter = iter(range(1, 1 << 16))
    return _QUOTED_OR_MARK.sub(
        lambda m: f"${next(counter)}" if m.group() == "?" else m.group(), sql)
