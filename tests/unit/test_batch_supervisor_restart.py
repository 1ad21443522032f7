"""The batch supervisor dying mid-batch with replies still owed to it: a restarted supervisor
resumes the batch from its log and builds every pack once (LocalSystem, no Ray)."""

from __future__ import annotations

import asyncio

import pytest

from actors.delivery._pack import verify_pack
from contracts.codec import decode_request
from contracts.supervisor import BatchView, GetBatch, Outcome
from runtime import LocalSystem, build_supervisor
from supervisors.ports import LocalTransport, Transport
from tests.stores import query
from tests.support import brief_dict
from tests.unit.batch_harness import (
    ask,
    campaigns,
    on_disk,
    packs_of,
    settings_for,
    submit,
    wait_done,
)

pytestmark = pytest.mark.usefixtures("each_store")

# --- restarting the supervisor ------------------------------------------------------------------


class LostReplies(Transport):
    """Real actors behind it. From the second frame carrying CompleteCampaign (a saga's last
    step) on, each frame is applied by its actor but the reply never comes back: the
    supervisor is about to die."""

    def __init__(self, inner: Transport):
        self.inner = inner
        self.closing_frames = 0
        self.tripped = asyncio.Event()
        self.release = asyncio.Event()

    async def call(self, destination: str, frame: bytes) -> bytes:
        if self.release.is_set():
            raise ConnectionError("the old supervisor is gone")
        reply = await self.inner.call(destination, frame)
        raws, _ = decode_request(frame)
        self.closing_frames += any(raw["type"] == "CompleteCampaign" for raw in raws)
        if self.closing_frames < 2:
            return reply
        self.tripped.set()
        await self.release.wait()
        raise ConnectionError("the old supervisor is gone")


async def test_a_restarted_supervisor_resumes_the_batch_without_duplicates(tmp_path):
    settings, out_dir = settings_for(tmp_path), tmp_path / "packs"
    items = campaigns("rs", [brief_dict(client_name=f"Client {i}") for i in range(6)])
    first = LocalSystem(settings)
    gate = LostReplies(LocalTransport(first.modules))
    first.supervisor = build_supervisor(first.settings, gate)  # as provisioned
    await first.start()
    await submit(first, "batch-rs", items, out_dir, window=2)
    await asyncio.wait_for(gate.tripped.wait(), 30)
    before = await ask(first, GetBatch(batch_id="batch-rs"), BatchView)
    await first.supervisor.close()  # the supervisor dies with replies still owed to it
    gate.release.set()
    await first.close()

    second = await LocalSystem(settings).start()
    try:
        view = await wait_done(second, "batch-rs")
    finally:
        await second.close()

    assert 1 <= before.finished < len(items)
    assert [c.outcome for c in view.campaigns] == [Outcome.DELIVERED] * len(items)
    assert on_disk(out_dir) == packs_of([i.campaign_id for i in items])  # no temp or extras
    assert all(verify_pack(c.pack_dir) == [] for c in view.campaigns if c.pack_dir)
    builds = query(tmp_path / "data", "delivery-*",
                   "SELECT correlation_id FROM processed_messages WHERE type = 'BuildPack'")
    assert sorted(builds) == [(i.campaign_id,) for i in items]  # each pack built once
