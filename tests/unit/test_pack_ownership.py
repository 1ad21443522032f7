"""Delivering a pack replaces only what this system wrote: a user's own folder or zip at
OUT/<campaign_id> or OUT/<campaign_id>.zip is refused and left exactly as it was."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from actors.delivery import DeliveryActor
from actors.delivery import _tables as delivery_t
from actors.delivery._pack import verify_pack, write_pack
from contracts.envelope import ErrorCode
from runtime import DriverError
from tests.support import brief_dict, call, envelope, rows
from tests.unit.batch_harness import campaigns, on_disk, submit, wait_done
from tests.unit.factories.modules import build, error_of
from tests.unit.test_delivery_factory import read_tree

pytestmark = pytest.mark.usefixtures("each_store")


@pytest.fixture
async def delivery(started_actor):
    return await started_actor(DeliveryActor, "delivery")


def user_folder(out: Path, name: str) -> Path:
    folder = out / name
    (folder / "2024").mkdir(parents=True)
    (folder / "2024" / "taxes.pdf").write_bytes(b"%PDF- the user's own")
    (folder / "notes.txt").write_text("mine")
    return folder


def zip_of(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def manifest_of(campaign_id: str, schema: str = "aicmo.pack/2") -> bytes:
    return json.dumps({"schema": schema, "campaign_id": campaign_id, "files": []}).encode()


async def test_a_user_folder_named_like_the_campaign_is_refused_and_kept(delivery, tmp_path):
    out = tmp_path / "out"
    folder = user_folder(out, "Documents")
    before = read_tree(folder)

    [refused] = await call(delivery, envelope(build(out, "Documents")))

    assert error_of(refused) == (ErrorCode.CONFLICT, False)
    assert str(folder) in refused.error.message
    assert read_tree(folder) == before
    assert on_disk(out) == ["Documents"]  # nothing renamed aside, no temp left behind
    assert await rows(delivery, delivery_t.packs) == []


@pytest.mark.parametrize("make", [
    lambda p: p.write_bytes(b"not a zip at all"),
    lambda p: zip_of(p, {"letter.docx": b"the user's own"}),
    lambda p: zip_of(p, {"manifest.json": b"{\"campaign_id\": \"Documents\"}"}),  # no schema
    lambda p: zip_of(p, {"manifest.json": manifest_of("someone-else")}),
    lambda p: zip_of(p, {"manifest.json": b"\xff not json"}),
], ids=["bytes", "other-zip", "no-schema", "other-campaign", "bad-json"])
async def test_a_user_zip_named_like_the_campaign_is_refused_and_kept(delivery, tmp_path, make):
    out = tmp_path / "out"
    out.mkdir()
    make(out / "Documents.zip")
    before = (out / "Documents.zip").read_bytes()

    [refused] = await call(delivery, envelope(build(out, "Documents")))

    assert error_of(refused) == (ErrorCode.CONFLICT, False)
    assert str(out / "Documents.zip") in refused.error.message
    assert (out / "Documents.zip").read_bytes() == before
    assert on_disk(out) == ["Documents.zip"]


@pytest.mark.parametrize("manifest", [
    manifest_of("other-campaign"), manifest_of("Documents", schema="someone.else/1"),
    b"[1, 2, 3]", b"{ not json"])
async def test_a_folder_whose_manifest_is_not_this_campaigns_is_refused(
        delivery, tmp_path, manifest):
    out = tmp_path / "out"
    folder = user_folder(out, "Documents")
    (folder / "manifest.json").write_bytes(manifest)
    before = read_tree(folder)

    [refused] = await call(delivery, envelope(build(out, "Documents")))

    assert error_of(refused) == (ErrorCode.CONFLICT, False)
    assert read_tree(folder) == before and on_disk(out) == ["Documents"]


async def test_a_symlink_or_a_file_at_the_pack_path_is_refused(delivery, tmp_path):
    out = tmp_path / "out"
    mine = user_folder(tmp_path, "elsewhere")
    out.mkdir()
    (out / "linked").symlink_to(mine, target_is_directory=True)
    (out / "plain").write_text("a file where the folder would go")

    replies = await call(delivery, envelope(build(out, "linked"), "linked"),
                         envelope(build(out, "plain"), "plain"))

    assert [error_of(r) for r in replies] == [(ErrorCode.CONFLICT, False)] * 2
    assert on_disk(out) == ["linked", "plain"] and (out / "linked").is_symlink()
    assert (out / "plain").read_text() == "a file where the folder would go"
    assert (mine / "notes.txt").read_text() == "mine"


async def test_a_pack_this_system_wrote_earlier_is_still_replaced(tmp_path, started_actor):
    """A pack from an earlier run (its database since lost) carries our manifest: ours."""
    out = tmp_path / "out"
    first = await started_actor(DeliveryActor, "delivery", data_dir=tmp_path / "a")
    fresh = await started_actor(DeliveryActor, "delivery", data_dir=tmp_path / "b")
    [one] = await call(first, envelope(build(out, "c-1")))
    (Path(one.payload["pack_dir"]) / "stray.txt").write_text("from the earlier run")
    [two] = await call(fresh, envelope(build(out, "c-1")))
    assert one.ok and two.ok
    assert verify_pack(two.payload["pack_dir"]) == []
    assert on_disk(out) == ["c-1", "c-1.zip"]


@pytest.mark.parametrize("campaign_id", ["acme.zip", "acme.ZIP", "x.Zip"])
def test_a_campaign_id_ending_in_zip_is_refused_before_anything_is_written(
        tmp_path, campaign_id):
    acme = write_pack(str(tmp_path), "acme", {"a.txt": b"acme's"}, {})
    zip_before = Path(acme[1]).read_bytes()

    with pytest.raises(ValueError):
        write_pack(str(tmp_path), campaign_id, {"a.txt": b"a"}, {})

    assert on_disk(tmp_path) == ["acme", "acme.zip"]
    assert Path(acme[1]).read_bytes() == zip_before and verify_pack(acme[0]) == []


async def test_a_campaign_whose_pack_path_is_taken_compensates_and_keeps_the_users_files(
        system, tmp_path):
    out = tmp_path / "packs"
    [item] = campaigns("x", [brief_dict()])
    item = item.model_copy(update={"campaign_id": "Documents"})
    folder = user_folder(out, "Documents")
    zip_of(out / "Documents.zip", {"letter.docx": b"the user's own"})
    before, zip_before = read_tree(folder), (out / "Documents.zip").read_bytes()

    await submit(system, "b-docs", [item], out)
    [done] = (await wait_done(system, "b-docs")).campaigns

    assert done.outcome == "compensated" and str(folder) in (done.reason or "")
    assert read_tree(folder) == before
    assert (out / "Documents.zip").read_bytes() == zip_before
    assert on_disk(out) == ["Documents", "Documents.zip"]


async def test_a_batch_whose_campaign_ids_differ_only_in_case_is_refused_whole(
        system, tmp_path):
    items = campaigns("x", [brief_dict(), brief_dict(client_name="Acme Bakery")])
    items = [items[0].model_copy(update={"campaign_id": "Acme"}),
             items[1].model_copy(update={"campaign_id": "acme"})]

    with pytest.raises(DriverError) as refused:
        await submit(system, "b-case", items, tmp_path / "packs")

    assert refused.value.code == ErrorCode.BAD_PAYLOAD.value
    assert "Acme" in str(refused.value) and "acme" in str(refused.value)
    assert on_disk(tmp_path / "packs") == []
