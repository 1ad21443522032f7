"""Fixtures for every tier: one private PostgreSQL server per session (tests/pg_server.py),
and the store each test runs on (tests/stores.py)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from tests.pg_server import PostgresServer, PostgresStartFailed, PostgresUnavailable
from tests.stores import SQLITE, Store, activate


def _postgres_required() -> bool:
    # In CI a missing server must fail the run, not quietly skip the PostgreSQL tier.
    return (os.environ.get("CI", "").lower() == "true"
            or os.environ.get("AICMO_REQUIRE_POSTGRES") == "1")


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A running PostgresServer for the whole session, stopped (and its temp dir removed)
    at the end. Skips when no binaries are installed, unless CI=true or
    AICMO_REQUIRE_POSTGRES=1, where it fails."""
    server = PostgresServer()
    try:
        server.start()
    except PostgresStartFailed as exc:
        # Binaries are there but broken: always worth a failure, never a skip.
        pytest.fail(f"PostgreSQL failed to start: {exc}", pytrace=False)
    except PostgresUnavailable as exc:
        if _postgres_required():
            pytest.fail(f"PostgreSQL is required here (CI=true or AICMO_REQUIRE_POSTGRES=1): "
                        f"{exc}", pytrace=False)
        pytest.skip(f"PostgreSQL tier skipped (CI=true would fail): {exc}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_database(postgres: PostgresServer) -> Iterator[str]:
    """A fresh, empty database for one test; yields its admin URL
    (postgresql+asyncpg://...), dropped WITH (FORCE) afterwards."""
    name = f"t{uuid.uuid4().hex[:8]}"
    url = postgres.create_database(name)
    try:
        yield url
    finally:
        postgres.drop_database(name)


@pytest.fixture(params=["sqlite", "postgres"])
def each_store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """Run the requesting test once per store (tests/stores.py)."""
    store = SQLITE
    if request.param == "postgres":
        store = Store("postgres", request.getfixturevalue("postgres"))
    activate(store)
    try:
        yield store
    finally:
        activate(SQLITE)
        store.drop()
