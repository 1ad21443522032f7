"""A pack is on stable storage before write_pack returns, so before delivery commits the
row that says it was delivered: every file, the zip, every folder and the output dir."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from actors.delivery._pack import remove_pack, write_pack
from tests.unit.test_delivery_factory import CAMPAIGN, deliver


class SyncRecorder:
    """Wraps the real os.fsync and notes what each synced descriptor was, as the kernel
    names it, and whether the pack had reached its final name by then."""

    def __init__(self, final: Path):
        self.final = final
        self.synced: list[tuple[str, bool]] = []
        self._real = os.fsync

    def __call__(self, fd: int) -> None:
        path = os.readlink(f"/proc/self/fd/{fd}")
        self.synced.append((path, self.final.is_dir()))
        self._real(fd)

    def paths(self) -> set[str]:
        return {path for path, _ in self.synced}


@pytest.fixture
def recorder(tmp_path, monkeypatch):
    if not os.path.isdir("/proc/self/fd"):
        pytest.skip("needs /proc to name a descriptor")
    out = Path(os.path.realpath(tmp_path)) / "new" / "out"
    spy = SyncRecorder(out / CAMPAIGN)
    monkeypatch.setattr(os, "fsync", spy)
    return out, spy


def final_name(path: str, out: Path) -> str:
    """Where a temp path synced during the write ends up once the pack is published."""
    temp = re.escape(str(out / f".{CAMPAIGN}"))
    path = re.sub(rf"^{temp}\.tmp-\d+", str(out / CAMPAIGN), path)
    return re.sub(rf"^{temp}\.zip\.tmp-\d+$", str(out / f"{CAMPAIGN}.zip"), path)


def test_every_file_the_zip_and_every_folder_are_synced_before_write_pack_returns(recorder):
    out, spy = recorder

    pack_dir, zip_path, _, _ = deliver(out, {"a.txt": b"a", "channels/x.md": b"x",
                                             "channels/deep/y.md": b"y"})

    synced = {final_name(p, out) for p in spy.paths()}
    files = {str(p) for p in Path(pack_dir).rglob("*") if p.is_file()}
    folders = {pack_dir, *(str(p) for p in Path(pack_dir).rglob("*") if p.is_dir())}
    assert files == {f"{pack_dir}/{n}" for n in
                     ("a.txt", "channels/x.md", "channels/deep/y.md", "manifest.json")}
    assert files <= synced
    assert zip_path in synced
    assert folders <= synced
    # The output dir and the folders write_pack created to reach it are durable too.
    assert {str(out), str(out.parent), str(out.parent.parent)} <= synced


def test_the_output_dir_is_synced_after_the_pack_takes_its_name(recorder):
    out, spy = recorder

    deliver(out, {"a.txt": b"a"})
    deliver(out, {"a.txt": b"rewritten"})

    after_rename = [published for path, published in spy.synced if path == str(out)]
    assert after_rename and all(after_rename)
    assert len(spy.synced) < 20  # cheap: about one fsync per file and folder per write


def test_removing_a_pack_syncs_the_output_dir(tmp_path, monkeypatch):
    out = Path(os.path.realpath(tmp_path))
    pack_dir = write_pack(str(out), "c-1", {"a.txt": b"a"}, {})[0]
    spy = SyncRecorder(out / "c-1")
    monkeypatch.setattr(os, "fsync", spy)

    remove_pack(pack_dir)

    assert (str(out), False) in spy.synced
