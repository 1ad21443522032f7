"""One embedded Ray per store for the integration session, with a fixed CPU count and a
Prometheus metrics port on loopback.

The tier runs on both stores the way the unit tier does: each module opts in with
`pytest.mark.usefixtures("each_store")`. Here `each_store` is this directory's own: it
follows the session-scoped `ray_store` param ("sqlite", "postgres") rather than making a
store per test, because starting a Ray and its actors per test would cost minutes. Pytest
runs every test of one param before the next, so the session holds one store, one data
dir and one Ray at a time: the SQLite Ray is shut down (and with it every detached actor it
named) before the PostgreSQL one starts on a new local Ray instance, so a PostgreSQL test
never reaches an actor built for SQLite, nor the reverse. CLI tests start their own
embedded Ray per process, on their own data dir (and database; tests/integration/checks.py
`cli_env`).
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from secrets import token_urlsafe as secrets_token

import pytest
import ray

from runtime import Runtime
from tests.stores import SQLITE, Store, activate


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def ray_store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """The store of this part of the session; its PostgreSQL databases are dropped once
    every test on it (and its Ray) is done."""
    store = SQLITE
    if request.param == "postgres":
        store = Store("postgres", request.getfixturevalue("postgres"))
    try:
        yield store
    finally:
        store.drop()


@pytest.fixture
def each_store(ray_store: Store) -> Iterator[Store]:
    """The session's store, active for this test (tests.stores.query reads from it)."""
    activate(ray_store)
    try:
        yield ray_store
    finally:
        activate(SQLITE)


@pytest.fixture(scope="session")
def runtime(ray_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runtime]:
    # A new local Ray per store: no actor of another Ray can be reused (the actors are
    # named and detached, and _deploy gets an existing one by name). Another tier's Ray
    # in this process goes first: a driver joins one Ray at a time.
    if ray.is_initialized():
        ray.shutdown()
    data_dir = tmp_path_factory.mktemp(f"aicmo-data-{ray_store.kind}")
    rt = Runtime.start(ray_store.settings(data_dir, production_shards=2, qc_shards=2,
                                          delivery_shards=2),
                       num_cpus=2, metrics_export_port=free_port())
    try:
        # The actors opened their stores: files in data_dir, or schemas in its database.
        assert "supervisor" in ray_store.stores(data_dir), ray_store.stores(data_dir)
        yield rt
    finally:
        rt.shutdown()


@dataclass(frozen=True)
class Web:
    """The web service on the session's Ray: its base URL and API token."""

    url: str
    token: str
    packs_dir: Path

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@pytest.fixture(scope="session")
def web(runtime: Runtime, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    """The web service (Ray Serve, FastAPI) deployed on the session's Ray, as `aicmo up`
    deploys it; removed before that Ray goes."""
    from runtime.serve import deploy_web, stop_web

    root = tmp_path_factory.mktemp("web")
    secrets = root / "service"
    secrets.mkdir()
    token = secrets_token()
    (secrets / "api-token").write_text(token)
    (secrets / "link-secret").write_text(secrets_token())
    url = deploy_web(runtime, http_port=free_port(), secrets_dir=secrets,
                     packs_dir=root / "packs", reports_dir=root / "reports")
    try:
        yield Web(url.rstrip("/"), token, root / "packs")
    finally:
        stop_web()
