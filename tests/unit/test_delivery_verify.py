"""verify_pack and remove_pack: tampering is caught, removal is complete and idempotent."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

from actors.delivery._pack import MANIFEST, remove_pack, render_pack, verify_pack
from actors.delivery._pack_bytes import canonical_json
from tests.unit.test_delivery_factory import (
    CAMPAIGN,
    EXPECTED_FILES,
    build_pack,
    deliver,
)


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    return render_pack(build_pack())


def test_verify_reports_tampered_missing_and_unlisted_files(
    tmp_path: Path, rendered: dict[str, bytes]
) -> None:
    root = Path(deliver(tmp_path, rendered)[0])
    (root / "qc_report.json").write_bytes(b"{}\n")
    (root / "strategy.md").unlink()
    (root / "channels" / "notes.txt").write_text("unlisted")

    problems = verify_pack(str(root))

    size = len(rendered["qc_report.json"])
    assert problems == [
        f"size mismatch: qc_report.json is 3 bytes, manifest says {size}",
        "sha256 mismatch: qc_report.json",
        "missing file: strategy.md",
        "unlisted file: channels/notes.txt",
    ]


def test_verify_reports_a_tampered_zip(tmp_path: Path, rendered: dict[str, bytes]) -> None:
    pack_dir, zip_path, _, _ = deliver(tmp_path, rendered)
    with zipfile.ZipFile(zip_path) as archive:
        entries = [(n, archive.read(n)) for n in archive.namelist() if n != "calendar.csv"]
    with zipfile.ZipFile(zip_path, "w") as archive:
        for name, data in entries:
            archive.writestr(name, b"changed" if name == "README.txt" else data)
        archive.writestr("run-me.sh", b"#!/bin/sh\n")

    assert verify_pack(pack_dir) == [
        "zip is missing: calendar.csv",
        "zip holds an unlisted file: run-me.sh",
        "zip entry differs from the manifest: README.txt",
    ]


def test_verify_reports_a_missing_or_corrupt_zip(
    tmp_path: Path, rendered: dict[str, bytes]
) -> None:
    pack_dir, zip_path, _, _ = deliver(tmp_path, rendered)
    Path(zip_path).write_bytes(b"not a zip")
    assert [p.split(":")[0] for p in verify_pack(pack_dir)] == ["unreadable zip"]

    os.unlink(zip_path)
    assert verify_pack(pack_dir) == [f"zip missing: {zip_path}"]


def test_verify_reports_a_tampered_manifest(tmp_path: Path, rendered: dict[str, bytes]) -> None:
    root = Path(deliver(tmp_path, rendered)[0])
    manifest = json.loads((root / MANIFEST).read_bytes())
    manifest["qc_status"] = "PASS"  # a forged outcome, files untouched
    (root / MANIFEST).write_bytes(canonical_json(manifest))

    problems = verify_pack(str(root))

    assert problems == [f"{MANIFEST} does not match its manifest_sha256",
                        f"zip entry differs from the manifest: {MANIFEST}"]


def test_verify_of_a_missing_pack_says_so(tmp_path: Path) -> None:
    assert verify_pack(str(tmp_path / "nope")) != []


def test_remove_pack_removes_folder_and_zip_and_is_idempotent(
    tmp_path: Path, rendered: dict[str, bytes]
) -> None:
    pack_dir, zip_path, _, _ = deliver(tmp_path, rendered)

    assert remove_pack(pack_dir) == len(EXPECTED_FILES) + 2  # the manifest and the zip
    assert not os.path.exists(pack_dir) and not os.path.exists(zip_path)
    assert remove_pack(pack_dir) == 0
    assert list(tmp_path.iterdir()) == []


def test_remove_pack_also_clears_leftover_temp_files(
    tmp_path: Path, rendered: dict[str, bytes]
) -> None:
    pack_dir = deliver(tmp_path, rendered)[0]
    stale = tmp_path / f".{CAMPAIGN}.tmp-99999"
    stale.mkdir()
    (stale / "assets.json").write_text("half-written")
    (tmp_path / f".{CAMPAIGN}.zip.tmp-99999").write_bytes(b"half a zip")

    remove_pack(pack_dir)

    assert list(tmp_path.iterdir()) == []
