"""The pack on disk: folder, zip and manifest, written atomically and byte for byte stable."""

from __future__ import annotations

import errno
import json
import os
import stat
import zipfile
from pathlib import Path

import pytest

from actors.delivery._pack import (
    MANIFEST,
    SCHEMA,
    manifest_fields,
    render_pack,
    verify_pack,
    write_pack,
)
from actors.delivery._pack_bytes import canonical_json
from contracts.delivery import BuildPack
from tests.unit.test_delivery_factory import (
    CAMPAIGN,
    EXPECTED_FILES,
    build_pack,
    deliver,
    leftovers,
    read_tree,
    sha,
)


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    return render_pack(build_pack())


def test_pack_holds_every_file_and_a_manifest_that_matches_them(
    tmp_path: Path, rendered: dict[str, bytes]
) -> None:
    pack_dir, zip_path, files, manifest_sha = deliver(tmp_path / "out", rendered)

    root = Path(pack_dir)
    assert root == tmp_path / "out" / CAMPAIGN and os.path.isabs(pack_dir)
    assert zip_path == f"{pack_dir}.zip"
    assert sorted(read_tree(root)) == sorted([*EXPECTED_FILES, MANIFEST])
    assert verify_pack(pack_dir) == []
    raw = (root / MANIFEST).read_bytes()
    assert sha(raw) == manifest_sha
    manifest = json.loads(raw)
    assert [f["path"] for f in manifest["files"]] == EXPECTED_FILES
    for entry in manifest["files"]:
        data = (root / entry["path"]).read_bytes()
        assert (entry["sha256"], entry["bytes"]) == (sha(data), len(data))
    assert [f.model_dump() for f in files] == manifest["files"]


def test_manifest_names_the_campaign_client_brief_and_outcome(
    tmp_path: Path, rendered: dict[str, bytes]
) -> None:
    cmd = build_pack()
    manifest = json.loads((Path(deliver(tmp_path, rendered)[0]) / MANIFEST).read_bytes())

    brief_sha = sha(canonical_json(cmd.brief.model_dump(mode="json")))
    assert manifest["schema"] == SCHEMA == "aicmo.pack/2"
    assert (manifest["campaign_id"], manifest["client_id"]) == (CAMPAIGN, "northwind-ltd")
    assert manifest["brief_sha256"] == brief_sha
    assert (manifest["seed"], manifest["generator"]) == (7, "deterministic")
    assert (manifest["strategy_id"], manifest["strategy_version"]) == ("st-1", 2)
    assert (manifest["qc_status"], manifest["qc_score"]) == ("WARN", 92)
    assert manifest["prepared_at"] == "2025-02-28T16:30:00+00:00"
    body = {k: v for k, v in manifest.items() if k != "manifest_sha256"}
    assert manifest["manifest_sha256"] == sha(canonical_json(body))


def test_media_types_follow_the_file_kind(tmp_path: Path, rendered: dict[str, bytes]) -> None:
    files = {f.path: f.media_type for f in deliver(tmp_path, rendered)[2]}

    assert files["index.html"] == files["qc_report.html"] == "text/html"
    assert files["strategy.pdf"] == "application/pdf"
    assert files["deck.pptx"] == (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation")
    assert files["strategy.md"] == files["channels/email.md"] == "text/markdown"
    assert files["assets.json"] == files["qc_report.json"] == "application/json"
    assert files["calendar.csv"] == "text/csv"
    assert files["calendar.ics"] == "text/calendar"
    assert files["README.txt"] == "text/plain"


def test_zip_holds_exactly_the_manifest_files_with_the_same_bytes(
    tmp_path: Path, rendered: dict[str, bytes]
) -> None:
    pack_dir, zip_path, _, _ = deliver(tmp_path, rendered)

    with zipfile.ZipFile(zip_path) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert names == sorted([*EXPECTED_FILES, MANIFEST])
        for name in names:
            assert archive.read(name) == (Path(pack_dir) / name).read_bytes()
        infos = archive.infolist()
    assert {i.date_time for i in infos} == {(2025, 2, 28, 16, 30, 0)}
    assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}
    assert {stat.S_IMODE(i.external_attr >> 16) for i in infos} == {0o644}
    assert {i.extra for i in infos} == {b""}


def test_files_are_readable_and_never_executable(
    tmp_path: Path, rendered: dict[str, bytes]
) -> None:
    pack_dir, zip_path, _, _ = deliver(tmp_path, rendered)

    modes = {stat.S_IMODE(p.stat().st_mode) for p in Path(pack_dir).rglob("*") if p.is_file()}
    assert modes == {0o644}
    assert stat.S_IMODE(os.stat(zip_path).st_mode) == 0o644


def test_same_input_gives_byte_identical_files_and_zip(tmp_path: Path) -> None:
    first, second = render_pack(build_pack()), render_pack(build_pack())
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []

    a = deliver(tmp_path / "a", first)
    b = deliver(tmp_path / "b", second)

    assert read_tree(Path(a[0])) == read_tree(Path(b[0]))
    assert Path(a[1]).read_bytes() == Path(b[1]).read_bytes()
    assert (a[2], a[3]) == (b[2], b[3])


def test_a_different_prepared_at_changes_the_dated_files() -> None:
    cmd = build_pack()
    later = cmd.model_copy(update={"prepared_at": cmd.prepared_at.replace(year=2026)})

    first, second = render_pack(cmd), render_pack(later)

    changed = {name for name in first if first[name] != second[name]}
    assert {"strategy.pdf", "deck.pptx", "calendar.ics", "index.html"} <= changed
    assert "assets.json" not in changed


def test_rewriting_a_pack_replaces_the_earlier_attempt(
    tmp_path: Path, rendered: dict[str, bytes]
) -> None:
    pack_dir = deliver(tmp_path, rendered)[0]
    (Path(pack_dir) / "stray.txt").write_text("from an earlier attempt")

    assert deliver(tmp_path, rendered)[0] == pack_dir

    assert verify_pack(pack_dir) == []
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    "campaign_id",
    ["", ".", "..", "../evil", "a/b", ".hidden", "-dash", "a b", "x" * 65, "ok\n", "é", "a\\b"],
)
def test_unsafe_campaign_ids_are_rejected(tmp_path: Path, campaign_id: str) -> None:
    with pytest.raises(ValueError):
        write_pack(str(tmp_path), campaign_id, {"a.txt": b"a"}, {})

    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("path", ["../escape.txt", "/etc/passwd", MANIFEST, "a//b", "", "a/.."])
def test_unsafe_file_paths_are_rejected(tmp_path: Path, path: str) -> None:
    with pytest.raises(ValueError):
        write_pack(str(tmp_path), CAMPAIGN, {path: b"x"}, {})


@pytest.mark.parametrize("key", ["campaign_id", "schema", "files", "manifest_sha256"])
def test_manifest_extra_cannot_override_reserved_keys(tmp_path: Path, key: str) -> None:
    with pytest.raises(ValueError):
        write_pack(str(tmp_path), CAMPAIGN, {"a.txt": b"a"}, {key: "other"})


def test_out_dir_under_a_regular_file_raises_oserror_and_leaves_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    cmd: BuildPack = build_pack(blocker / "out")

    with pytest.raises(OSError):
        write_pack(cmd.out_dir, cmd.campaign_id, {"a.txt": b"a"}, manifest_fields(cmd))

    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-dir"]


def test_read_only_out_dir_raises_oserror_and_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o500)
    try:
        if os.access(out, os.W_OK):
            pytest.skip("running as root: chmod does not make the directory unwritable")
        with pytest.raises(PermissionError):
            deliver(out, {"a.txt": b"a"})
        assert list(out.iterdir()) == []
    finally:
        out.chmod(0o700)


def test_failure_mid_write_keeps_the_earlier_pack_and_zip(
    tmp_path: Path, rendered: dict[str, bytes]
) -> None:
    pack_dir, zip_path, _, _ = deliver(tmp_path, rendered)
    before, zip_before = read_tree(Path(pack_dir)), Path(zip_path).read_bytes()
    # "a" is written as a file, so creating "a/b" beneath it fails after the temp dir exists.
    clashing = {"a": b"file", "a/b": b"cannot exist"}

    with pytest.raises(OSError):
        deliver(tmp_path, clashing)

    assert leftovers(tmp_path) == []
    assert read_tree(Path(pack_dir)) == before
    assert Path(zip_path).read_bytes() == zip_before
    assert verify_pack(pack_dir) == []


def test_failure_placing_the_zip_restores_the_earlier_pack(
    tmp_path: Path, rendered: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    pack_dir, zip_path, _, _ = deliver(tmp_path, rendered)
    before, zip_before = read_tree(Path(pack_dir)), Path(zip_path).read_bytes()

    def failing_replace(src: str, dst: str) -> None:  # the zip is the only thing replaced
        raise OSError(errno.EIO, "I/O error", dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError):
        deliver(tmp_path, {"a.txt": b"new"})

    assert read_tree(Path(pack_dir)) == before
    assert Path(zip_path).read_bytes() == zip_before
    assert leftovers(tmp_path) == []
