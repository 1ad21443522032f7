"""Upgrade: a data dir written by release 0.1 (before versioned schemas) is upgraded when
this release starts on it, and the unfinished batch in it resumes and finishes.

The data dir comes from tests/fixtures/release_0_1 (see tests/fixtures/old_release.py):
batch "release-0.1", two campaigns parked awaiting their client's review.

SQLite only (not opted in to `each_store`): release 0.1 ran on SQLite alone, so its data dirs
are SQLite files; the PostgreSQL side of upgrading is in test_migrations.
"""

from __future__ import annotations

import asyncio
import inspect
import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from actors.delivery import verify_pack
from contracts.client_review import Decision
from contracts.codec import encode_request
from contracts.common import Contract
from contracts.supervisor import BatchView, FeedbackAccepted, GetBatch, SubmitFeedback
from driver.requests import answer
from infra.migrations import VERSION_TABLE, head
from supervisors import saga_log
from tests.fixtures.old_release import BATCH_ID, CAMPAIGN_IDS, SHARDS, build_data_dir
from tests.support import T0, FakeClock, envelope
from wiring import SUPERVISOR, LocalSystem, Settings, module_class


def scripts_of(database: str) -> Path:
    """The script directory of the owner of data-dir file `database` (e.g. qc-0)."""
    if database == SUPERVISOR:
        return Path(saga_log.__file__).parent / "migrations"
    return Path(inspect.getfile(module_class(database.replace("-", "/")))).parent / "migrations"


def version_of(path: Path) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path)) as db:
        return db.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchall()


class Driver:
    """A LocalSystem of this release on `data_dir`, driven the way a user drives it."""

    def __init__(self, data_dir: Path, clock: FakeClock):
        self.clock = clock
        self.system = LocalSystem(Settings(data_dir=str(data_dir), **SHARDS), clock)

    async def ask(self, message: Contract, expected: type[Contract]) -> Any:
        frame = encode_request(envelope(message, "driver", now=self.clock.now()))
        return answer(await self.system.supervisor.handle(frame), expected)

    async def settled(self, timeout: float = 60) -> BatchView:
        async def poll() -> BatchView:
            query = GetBatch(batch_id=BATCH_ID, wait_seconds=1.0, include_campaigns=True)
            while not (view := await self.ask(query, BatchView)).settled:
                pass
            return view
        return await asyncio.wait_for(poll(), timeout)


@pytest.fixture
async def upgraded(tmp_path: Path):
    """Release 0.1's data dir with this release started on it, a day after 0.1 stopped."""
    files = build_data_dir(tmp_path / "data", tmp_path / "packs")
    for path in files.values():
        with closing(sqlite3.connect(path)) as db:
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
        assert VERSION_TABLE not in tables  # as release 0.1 left it
    driver = Driver(tmp_path / "data", FakeClock(T0 + timedelta(days=1)))
    await driver.system.start()
    yield driver, files
    await driver.system.close()


async def test_every_database_is_at_its_head_once_the_system_has_started(upgraded):
    _, files = upgraded
    assert len(files) == 11  # ten modules (one shard each of the pools) and the saga log
    for database, path in files.items():
        assert version_of(path) == [(head(scripts_of(database)),)], database


async def test_the_parked_batch_resumes_and_delivers_every_campaign(upgraded, tmp_path):
    driver, _ = upgraded
    view = await driver.settled()
    assert (view.counts, view.done) == ({"awaiting_review": 2}, False)
    assert sorted(c.campaign_id for c in view.campaigns) == CAMPAIGN_IDS
    assert {c.state for c in view.campaigns} == {"IN_CLIENT_REVIEW"}

    for campaign_id in CAMPAIGN_IDS:
        accepted = await driver.ask(SubmitFeedback(campaign_id=campaign_id,
                                                   decision=Decision.APPROVED,
                                                   reviewer="dana@client.io"), FeedbackAccepted)
        assert (accepted.round, accepted.decision) == (0, Decision.APPROVED)

    view = await driver.settled()
    assert view.done and view.counts == {"delivered": 2}
    packs = tmp_path / "packs"
    for campaign in view.campaigns:
        assert (campaign.outcome, campaign.state) == ("delivered", "COMPLETED")
        assert campaign.pack_dir == str(packs / campaign.campaign_id)
        assert verify_pack(campaign.pack_dir) == []
    assert sorted(p.name for p in packs.iterdir()) == sorted(
        [*CAMPAIGN_IDS, *(f"{c}.zip" for c in CAMPAIGN_IDS), "_invoices"])
    # Billing writes each invoice's PDF and HTML beside the packs, one folder per campaign.
    assert sorted(p.name for p in (packs / "_invoices").iterdir()) == CAMPAIGN_IDS
