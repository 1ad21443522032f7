"""The private PostgreSQL server fixtures (tests/conftest.py, tests/pg_server.py) work."""

from __future__ import annotations

import re
from pathlib import Path

import psutil
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from tests.pg_server import PostgresServer, PostgresUnavailable


async def _scalar(url: str, sql: str, **params: object) -> object:
    # NullPool: nothing stays connected after the test, so the drop never needs FORCE.
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as conn:
            return (await conn.execute(text(sql), params)).scalar_one()
    finally:
        await engine.dispose()


async def test_a_fresh_database_accepts_queries(pg_database: str) -> None:
    assert re.fullmatch(r"postgresql\+asyncpg://aicmo_admin:\w+@127\.0\.0\.1:\d+/t[0-9a-f]{8}",
                        pg_database)
    assert await _scalar(pg_database, "SELECT 1") == 1
    # Bytewise collation, like SQLite: upper case sorts before lower case.
    assert await _scalar(pg_database, "SELECT string_agg(x, '' ORDER BY x) "
                                      "FROM unnest(ARRAY['b', 'a', 'B', '_']) AS x") == "B_ab"


async def test_the_server_listens_on_loopback_only(postgres: PostgresServer) -> None:
    assert await _scalar(postgres.admin_url, "SHOW listen_addresses") == "127.0.0.1"
    listening = {c.laddr for c in psutil.Process(postgres.pid).net_connections(kind="inet")
                 if c.status == psutil.CONN_LISTEN}
    assert listening == {("127.0.0.1", postgres.port)}


async def test_a_dropped_database_is_gone(postgres: PostgresServer) -> None:
    url = postgres.create_database("t_dropped")
    assert await _scalar(url, "SELECT current_database()") == "t_dropped"
    postgres.drop_database("t_dropped")
    count = "SELECT count(*) FROM pg_database WHERE datname = :name"
    assert await _scalar(postgres.admin_url, count, name="t_dropped") == 0


def test_missing_binaries_are_reported_clearly(tmp_path: Path) -> None:
    with pytest.raises(PostgresUnavailable, match="lacks initdb, pg_ctl, psql"):
        PostgresServer(bindir=tmp_path).start()
