"""Revoking a pack removes it from disk whether or not delivery's database remembers it,
sweeps what a crashed write left, and never removes a user's own files."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from actors.delivery import DeliveryActor
from actors.delivery import _tables as delivery_t
from actors.delivery._pack import write_pack
from contracts.delivery import RevokePack
from supervisors.campaign_close import closing_steps
from supervisors.campaign_reads import salvage_input
from supervisors.saga_run import SagaRun
from tests.support import call, envelope, rows
from tests.unit.batch_harness import on_disk
from tests.unit.test_delivery_factory import CAMPAIGN, deliver, leftovers

pytestmark = pytest.mark.usefixtures("each_store")


@pytest.fixture
async def delivery(tmp_path, started_actor):
    """A delivery actor whose database has never heard of any pack (a fresh shard)."""
    return await started_actor(DeliveryActor, "delivery", data_dir=tmp_path / "db")


def revoke(out: Path, campaign_id: str = "c-1") -> RevokePack:
    return RevokePack(campaign_id=campaign_id, out_dir=str(out), reason="compensating")


def crashed_write(out: Path, campaign_id: str) -> list[str]:
    """What writes killed mid-way (by other processes) leave beside the pack."""
    (out / f".{campaign_id}.tmp-4242" / "channels").mkdir(parents=True)
    (out / f".{campaign_id}.tmp-4242" / "channels" / "x.md").write_text("half")
    (out / f".{campaign_id}.zip.tmp-77").write_bytes(b"PK half a zip")
    (out / f".{campaign_id}.old-9").mkdir()
    (out / f".{campaign_id}.old-9" / "manifest.json").write_text("{}")
    return [f".{campaign_id}.old-9", f".{campaign_id}.tmp-4242", f".{campaign_id}.zip.tmp-77"]


async def test_revoke_removes_a_pack_the_database_never_recorded(delivery, tmp_path):
    out = tmp_path / "out"
    # The write happened, then the commit that records it did not (or the shard was lost).
    written = write_pack(str(out), "c-1", {"a.txt": b"a", "b/c.txt": b"c"}, {})

    [revoked] = await call(delivery, envelope(revoke(out)))

    assert revoked.ok and revoked.payload["files_removed"] == 4  # a, b/c, manifest, zip
    assert revoked.payload["kept"] == []
    assert on_disk(out) == []
    assert not Path(written[0]).exists() and not Path(written[1]).exists()
    [row] = await rows(delivery, delivery_t.packs)
    assert (row["status"], row["pack_dir"]) == ("revoked", written[0])


async def test_revoke_keeps_a_users_folder_and_zip_and_still_succeeds(
        delivery, tmp_path, caplog):
    out = tmp_path / "out"
    (out / "Documents").mkdir(parents=True)
    (out / "Documents" / "taxes.pdf").write_bytes(b"mine")
    (out / "Documents.zip").write_bytes(b"my own archive")

    with caplog.at_level(logging.WARNING):
        [revoked] = await call(delivery, envelope(revoke(out, "Documents")))

    assert revoked.ok and revoked.payload["files_removed"] == 0
    assert revoked.payload["kept"] == [str(out / "Documents"), str(out / "Documents.zip")]
    assert (out / "Documents" / "taxes.pdf").read_bytes() == b"mine"
    assert (out / "Documents.zip").read_bytes() == b"my own archive"
    assert str(out / "Documents") in caplog.text


async def test_revoke_sweeps_what_crashed_writes_left(delivery, tmp_path):
    out = tmp_path / "out"
    write_pack(str(out), "c-1", {"a.txt": b"a"}, {})
    crashed_write(out, "c-1")
    other = write_pack(str(out), "c-10", {"a.txt": b"a"}, {})
    others_leftovers = crashed_write(out, "c-10")

    [revoked] = await call(delivery, envelope(revoke(out)))

    assert revoked.ok
    assert on_disk(out) == sorted(["c-10", "c-10.zip", *others_leftovers])
    assert Path(other[0], "a.txt").read_bytes() == b"a"


async def test_revoking_with_nothing_on_disk_is_fine(delivery, tmp_path):
    [revoked] = await call(delivery, envelope(revoke(tmp_path / "never-created")))

    assert revoked.ok and revoked.payload["files_removed"] == 0
    assert not (tmp_path / "never-created").exists()


def test_a_new_write_sweeps_what_crashed_writes_left(tmp_path):
    crashed_write(tmp_path, CAMPAIGN)

    pack_dir = deliver(tmp_path, {"a.txt": b"a"})[0]

    assert leftovers(tmp_path) == []
    assert on_disk(tmp_path) == [CAMPAIGN, f"{CAMPAIGN}.zip"]
    assert Path(pack_dir, "a.txt").read_bytes() == b"a"


def test_the_saga_tells_delivery_where_the_campaigns_pack_would_be(tmp_path):
    [pack_step] = [s for s in closing_steps() if s.name == "pack"]
    run = SagaRun(campaign_id="c-1", input=salvage_input({"out_dir": str(tmp_path / "packs")}),
                  state="DELIVERED")

    assert pack_step.compensation is not None
    undo = pack_step.compensation(run, "invoice failed")

    assert undo == RevokePack(campaign_id="c-1", out_dir=str(tmp_path / "packs"),
                              reason="invoice failed")


async def test_revoking_a_pack_whose_out_dir_could_never_exist_is_fine(delivery, tmp_path):
    """The pack step failed because out_dir sits under a file: its undo has nothing to do."""
    (tmp_path / "a-file").write_text("x")

    [revoked] = await call(delivery, envelope(revoke(tmp_path / "a-file" / "packs")))

    assert revoked.ok and revoked.payload["files_removed"] == 0
    assert (tmp_path / "a-file").read_text() == "x"
