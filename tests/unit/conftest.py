"""Fixtures shared by the split saga engine and batch supervisor tests; the fakes and helpers
they build on are in saga_fakes.py and batch_harness.py. Both fixtures open their stores on
the store the test runs on (tests.stores): SQLite unless its module opts in to `each_store`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from contracts.codec import encode_value
from infra.store import StoreConfig
from supervisors import saga_log as tables
from supervisors.intake import new_saga_row
from supervisors.saga_log import SagaLog
from tests.stores import store_config
from tests.support import T0
from tests.unit.actor_fixtures import started_actor  # noqa: F401 - a fixture for every test here
from tests.unit.batch_harness import settings_for
from tests.unit.cli_fakes import cli_data_dir  # noqa: F401 - the CLI tests' data dir
from tests.unit.saga_fakes import SAGA
from wiring import LocalSystem


@pytest.fixture
async def log(tmp_path: Path):
    saga_log = SagaLog(store_config(tmp_path, "supervisor"))
    await saga_log.start()
    await saga_log.write([(tables.insert_saga,
                           new_saga_row(SAGA, "b-1", 0, "NEW", encode_value({}), T0))])
    yield saga_log
    await saga_log.close()


@pytest.fixture
async def system(tmp_path: Path):
    local = await LocalSystem(settings_for(tmp_path)).start()
    yield local
    await local.close()


@pytest.fixture
def store(tmp_path: Path) -> Callable[[str], StoreConfig]:
    """For the migration tests: a new, empty store per name, on the store the test runs on
    (a SQLite file under tmp_path, or its own schema in tmp_path's PostgreSQL database)."""
    return lambda name: store_config(tmp_path / "stores", name)
