"""The delivery actor in-process: frames in, pack folders and zips on disk, rows out."""

from __future__ import annotations

import json
import os
import zipfile
from typing import Any

import pytest

from actors.delivery import DeliveryActor
from actors.delivery import _tables as delivery_t
from actors.delivery._pack import verify_pack
from contracts.delivery import GetPack, RevokePack
from contracts.envelope import ErrorCode
from tests.support import call, envelope, rows
from tests.unit.factories.modules import (
    ASSETS,
    BRIEF,
    REPORT,
    assert_redelivery_changes_nothing,
    build,
    error_of,
    later,
    processed_count,
)

pytestmark = pytest.mark.usefixtures("each_store")

# What the built pack holds besides manifest.json: one channel file per planned channel.
CHANNEL_FILES = {f"channels/{c}.md" for c in sorted({a.channel.value for a in ASSETS})}
DATA_FILES = {"index.html", "strategy.md", "assets.json", "calendar.csv", "calendar.ics",
              "qc_report.html", "qc_report.json", "README.txt", *CHANNEL_FILES}
FULL_FILES = DATA_FILES | {"strategy.pdf", "deck.pptx"}


@pytest.fixture
async def delivery(started_actor):
    return await started_actor(DeliveryActor, "delivery")


def snapshot(pack_dir: str) -> dict[str, tuple[int, int]]:
    """Size and mtime of the pack's files and of its zip."""
    found = {}
    for root, _, names in os.walk(pack_dir):
        for name in names:
            path = os.path.join(root, name)
            st = os.stat(path)
            found[os.path.relpath(path, pack_dir)] = (st.st_size, st.st_mtime_ns)
    if os.path.exists(pack_dir + ".zip"):
        st = os.stat(pack_dir + ".zip")
        found["<zip>"] = (st.st_size, st.st_mtime_ns)
    return found


def zip_names(zip_path: str) -> set[str]:
    with zipfile.ZipFile(zip_path) as archive:
        assert archive.testzip() is None
        return set(archive.namelist())


async def test_delivery_builds_a_verifiable_pack_and_its_zip(delivery, tmp_path):
    [built] = await call(delivery, envelope(build(tmp_path / "packs", formats="full")))
    assert built.type == "PackBuilt"
    pack_dir, zip_path = built.payload["pack_dir"], built.payload["zip_path"]
    assert pack_dir == str(tmp_path / "packs" / "c-1") and verify_pack(pack_dir) == []
    assert zip_path == str(tmp_path / "packs" / "c-1.zip")
    listed = {f["path"] for f in built.payload["files"]}
    assert listed == FULL_FILES
    assert set(snapshot(pack_dir)) == listed | {"manifest.json", "<zip>"}
    assert zip_names(zip_path) == listed | {"manifest.json"}
    assert sorted(os.listdir(tmp_path / "packs")) == ["c-1", "c-1.zip"]
    manifest = json.loads((tmp_path / "packs" / "c-1" / "manifest.json").read_text())
    assert (manifest["campaign_id"], manifest["client_id"], manifest["qc_score"]) == (
        "c-1", BRIEF.client_id, REPORT.score)
    [view] = await call(delivery, envelope(GetPack(campaign_id="c-1")))
    assert view.payload["status"] == "delivered" and view.payload["zip_path"] == zip_path
    assert view.payload["files"] == built.payload["files"]
    assert view.payload["manifest_sha256"] == built.payload["manifest_sha256"]


async def test_delivery_data_format_leaves_out_the_pdf_and_the_deck(delivery, tmp_path):
    [built] = await call(delivery, envelope(build(tmp_path / "packs", formats="data")))
    listed = {f["path"] for f in built.payload["files"]}
    assert listed == DATA_FILES == FULL_FILES - {"strategy.pdf", "deck.pptx"}
    assert verify_pack(built.payload["pack_dir"]) == []
    assert zip_names(built.payload["zip_path"]) == listed | {"manifest.json"}


async def test_delivery_redelivery_returns_stored_reply_and_leaves_disk_alone(delivery, tmp_path):
    env = envelope(build(tmp_path / "packs"))
    [first] = await call(delivery, env)
    on_disk = snapshot(first.payload["pack_dir"])
    assert "<zip>" in on_disk
    await assert_redelivery_changes_nothing(delivery, delivery_t.packs, env)
    assert snapshot(first.payload["pack_dir"]) == on_disk


async def test_delivery_revoke_removes_folder_and_zip_and_is_final(delivery, tmp_path):
    [built] = await call(delivery, envelope(build(tmp_path / "packs")))
    pack_dir, zip_path = built.payload["pack_dir"], built.payload["zip_path"]
    revoke = RevokePack(campaign_id="c-1", out_dir=str(tmp_path / "packs"),
                        reason="invoice voided")
    [r1] = await call(delivery, envelope(revoke))
    [r2] = await call(delivery, envelope(revoke))
    assert r1.payload["files_removed"] == len(built.payload["files"]) + 2  # + manifest, zip
    assert r2.ok and r2.payload["files_removed"] == 0
    assert not os.path.exists(pack_dir) and not os.path.exists(zip_path)
    assert os.listdir(tmp_path / "packs") == []
    [row] = await rows(delivery, delivery_t.packs)
    assert (row["status"], row["files_json"], row["manifest_sha256"]) == ("revoked", "[]", "")
    [late] = await call(delivery, envelope(build(tmp_path / "packs")))
    assert error_of(late) == (ErrorCode.CONFLICT, False)
    assert not os.path.exists(pack_dir) and not os.path.exists(zip_path)
    [view] = await call(delivery, envelope(GetPack(campaign_id="c-1")))
    assert view.payload["status"] == "revoked" and view.payload["files"] == []


async def test_delivery_query_for_unknown_campaign(delivery):
    [missing] = await call(delivery, envelope(GetPack(campaign_id="nope")))
    assert error_of(missing) == (ErrorCode.NOT_FOUND, False)


def bad_build(tmp_path, **payload: Any) -> Any:
    """A BuildPack envelope whose payload carries values the contract refuses."""
    good = build(tmp_path / "packs")
    return envelope(good, good.campaign_id,
                    payload={**good.model_dump(mode="python"), **payload})


async def test_delivery_relative_out_dir_is_a_bad_payload(delivery, tmp_path):
    [refused] = await call(delivery, bad_build(tmp_path, out_dir="packs"))
    assert error_of(refused) == (ErrorCode.BAD_PAYLOAD, False)
    assert "absolute" in refused.error.message
    assert await rows(delivery, delivery_t.packs) == []
    assert await processed_count(delivery) == 0  # refused at the boundary: nothing recorded


async def test_delivery_unwritable_out_dir_fails_for_good(delivery, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a regular file")
    env = envelope(build(blocker / "packs"))
    [failed] = await call(delivery, env)
    assert error_of(failed) == (ErrorCode.IO_FAILED, False)
    assert await rows(delivery, delivery_t.packs) == []
    # A non-retryable error is a final reply: recorded, and a redelivery gets it again.
    assert await processed_count(delivery) == 1
    later(delivery)
    [again] = await call(delivery, env)
    assert again == failed
    [fixed] = await call(delivery, envelope(build(tmp_path / "packs")))
    assert fixed.ok and verify_pack(fixed.payload["pack_dir"]) == []


async def test_delivery_unsafe_campaign_id_is_a_bad_payload(delivery, tmp_path):
    [refused] = await call(delivery, bad_build(tmp_path, campaign_id="acme q3"))
    assert error_of(refused) == (ErrorCode.BAD_PAYLOAD, False)
    assert await processed_count(delivery) == 0


async def test_delivery_batch_commits_the_good_and_rejects_the_bad(delivery, tmp_path):
    out = tmp_path / "packs"
    replies = await call(
        delivery,
        envelope(build(out, "c-1"), "c-1"),
        envelope(build(out, "c-2"), "c-2", payload={"campaign_id": "c-2"}),
        envelope(build(out, "c-3"), "c-3",
                 payload={**build(out, "c-3").model_dump(mode="python"), "out_dir": "rel"}),
        envelope(build(out, "c-4"), "c-4"),
    )
    assert [error_of(r) for r in replies] == [
        None, (ErrorCode.BAD_PAYLOAD, False), (ErrorCode.BAD_PAYLOAD, False), None]
    assert sorted(r["campaign_id"] for r in await rows(delivery, delivery_t.packs)) == [
        "c-1", "c-4"]
    assert sorted(os.listdir(out)) == ["c-1", "c-1.zip", "c-4", "c-4.zip"]
