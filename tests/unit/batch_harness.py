"""Shared harness for the batch supervisor tests (test_batch_supervisor_*): driving the
supervisor the way a user does (request frames in, GetBatch polling) and reading packs and
rows back from the stores (tests.stores.query). The `system` fixture (a LocalSystem, no
Ray) is in conftest.py."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from contracts.common import Contract
from contracts.supervisor import (
    BatchAccepted,
    BatchView,
    CampaignSubmission,
    GetBatch,
    PackFormats,
    ReviewSettings,
    SubmitBatch,
)
from driver.requests import answer, request
from tests.stores import store_settings
from wiring import LocalSystem, Settings


def settings_for(tmp_path: Path) -> Settings:
    """A small system under tmp_path/data, on the store this test runs on (tests.stores)."""
    return store_settings(tmp_path / "data", production_shards=2, qc_shards=2,
                          delivery_shards=2)


async def ask(system: LocalSystem, message: Contract, expected: type[Contract]) -> Any:
    return answer(await system.supervisor.handle(request(message, "test-driver")), expected)


def campaigns(prefix: str, briefs: list[dict[str, Any]]) -> list[CampaignSubmission]:
    return [CampaignSubmission(campaign_id=f"{prefix}-{i:02d}", brief=b)
            for i, b in enumerate(briefs)]


async def submit(system: LocalSystem, batch_id: str, items: list[CampaignSubmission],
                 out_dir: Path | str, window: int = 4, *, qc_rounds: int = 2,
                 formats: PackFormats = "data", review: str = "auto") -> BatchAccepted:
    """Submit a batch; "data" packs unless a test asks for the PDF and the deck; client
    review approved by policy unless a test plays the client."""
    fields = dict(batch_id=batch_id, out_dir=str(out_dir), window=window,
                  qc_rounds=qc_rounds, pack_formats=formats,
                  review=ReviewSettings(policy=review), campaigns=items)
    # A relative out_dir is sent unchecked: the supervisor is the one that must refuse it.
    command = (SubmitBatch(**fields) if Path(out_dir).is_absolute()
               else SubmitBatch.model_construct(**fields))
    return await ask(system, command, BatchAccepted)


async def wait_done(system: LocalSystem, batch_id: str, timeout: float = 60) -> BatchView:
    """Poll as a driver does (GetBatch with wait_seconds) under an overall deadline. A batch
    that is settled but not done (parked on a dead letter) fails at once: it would not move."""
    async def poll() -> BatchView:
        query = GetBatch(batch_id=batch_id, wait_seconds=1.0, include_campaigns=True)
        while not (view := await ask(system, query, BatchView)).done:
            if view.settled:
                raise AssertionError(f"batch {batch_id} is parked, not done: {view.counts} "
                                     f"{[c.reason for c in view.campaigns if c.outcome is None]}")
        return view
    return await asyncio.wait_for(poll(), timeout)



def on_disk(out_dir: Path) -> list[str]:
    """Every name in the output directory, hidden temp names included."""
    return sorted(p.name for p in out_dir.iterdir()) if out_dir.exists() else []


def packs_of(campaign_ids: list[str]) -> list[str]:
    """What delivering these campaigns leaves in the output directory: folder and zip each,
    and the folder of their invoice documents."""
    invoices = ["_invoices"] if campaign_ids else []
    return sorted([*campaign_ids, *(f"{c}.zip" for c in campaign_ids), *invoices])
