"""Drivers bring every store to its schema's head in a short-lived child process before
they start the actors (wiring.upgrade_stores_apart), so no actor's process loads Alembic
to do it. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from infra.migrations import MigrationError
from infra.schema_head import head_of_files
from supervisors.saga_log import SagaLog
from tests.unit.migration_harness import ONCE
from wiring import SUPERVISOR, Settings, module_class, upgrade_stores_apart

pytestmark = pytest.mark.usefixtures("each_store")
ROOT = Path(__file__).resolve().parents[2]


def small(store, data_dir: Path) -> Settings:
    settings = store.settings(data_dir, production_shards=1, qc_shards=2, delivery_shards=1)
    return settings.provisioned()


def version_of(store, data_dir: Path, destination: str) -> list[tuple[str, ...]]:
    slug = destination.replace("/", "-")
    return store.query(data_dir, slug, "SELECT version_num FROM alembic_version")


def test_every_store_is_at_its_head_after_the_upgrade(each_store, tmp_path):
    settings = small(each_store, tmp_path)
    upgrade_stores_apart(settings)
    upgrade_stores_apart(settings)  # again: at the head, nothing to do
    for destination in [*settings.destinations(), SUPERVISOR]:
        owner = SagaLog if destination == SUPERVISOR else module_class(destination)
        scripts = owner.migrations
        assert version_of(each_store, tmp_path, destination) == [(head_of_files(scripts),)], \
            destination


def test_a_store_from_a_newer_release_stops_the_start_with_its_reason(each_store, tmp_path):
    settings = small(each_store, tmp_path)
    upgrade_stores_apart(settings)
    each_store.query(tmp_path, "strategy",
                     "UPDATE alembic_version SET version_num = 'strategy_9999'")
    with pytest.raises(MigrationError, match="strategy_9999, which this release does not know"):
        upgrade_stores_apart(settings)


@ONCE
def test_the_driver_does_not_load_alembic_to_upgrade(tmp_path):
    code = ("import sys\n"
            "from wiring import Settings, upgrade_stores_apart\n"
            "upgrade_stores_apart(Settings(data_dir=sys.argv[1], production_shards=1,\n"
            "                              qc_shards=1, delivery_shards=1))\n"
            "print('alembic' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
    assert (tmp_path / "strategy.db").is_file() and (tmp_path / "supervisor.db").is_file()
