"""What a user would check after a batch: packs on disk, rows in each owning module's DB."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from pathlib import Path

from actors.delivery import verify_pack
from bench.invariants import LIVE, module_of  # what counts as a live row, defined once
from cli import EXAMPLES, load_briefs


def example_records(fresh: bool = True) -> list[dict]:
    """The example briefs; `fresh` drops their fixed ids so each batch gets its own."""
    records = load_briefs(EXAMPLES)
    return [{"brief": r["brief"]} for r in records] if fresh else records


def good_briefs(n: int) -> list[dict]:
    """n briefs that should all be delivered, cycled from the examples' good ones."""
    good = [r["brief"] for r in load_briefs(EXAMPLES)][:16]
    return [{"brief": good[i % len(good)]} for i in range(n)]


def live_rows(data_dir: str, campaign_id: str) -> dict[str, int]:
    """Live rows for a campaign, per 'database.table', across every module database."""
    found: dict[str, int] = {}
    for db in sorted(Path(data_dir).glob("*.db")):
        if db.stem == "supervisor":
            continue
        with sqlite3.connect(db) as conn:
            tables = {r[0] for r in conn.execute("select name from sqlite_master "
                                                 "where type='table'")}
            for (module, table), live in LIVE.items():
                if module == module_of(db) and table in tables:
                    n = conn.execute(f"select count(*) from {table} where campaign_id = ? "
                                     f"and {live}", (campaign_id,)).fetchone()[0]
                    if n:
                        found[f"{db.stem}.{table}"] = n
    return found


def processed_count(data_dir: str, module: str, message_type: str) -> int:
    """Applied messages of a type, over every database of a module (all its shards)."""
    total = 0
    for db in Path(data_dir).glob(f"{module}*.db"):
        with sqlite3.connect(db) as conn:
            total += conn.execute("select count(*) from processed_messages where type = ?",
                                  (message_type,)).fetchone()[0]
    return total


PACK_FILES = {"index.html", "strategy.pdf", "deck.pptx", "strategy.md", "assets.json",
              "calendar.csv", "calendar.ics", "qc_report.html", "qc_report.json", "README.txt"}


RENDERED = {"strategy.pdf", "deck.pptx"}  # left out of pack_formats="data"


def assert_pack_intact(pack_dir: str, full: bool = True) -> None:
    """verify_pack, plus recomputing every hash ourselves and opening the zip."""
    assert verify_pack(pack_dir) == []
    manifest = json.loads((Path(pack_dir) / "manifest.json").read_text())
    listed = {f["path"] for f in manifest["files"]}
    expected = PACK_FILES if full else PACK_FILES - RENDERED
    assert expected <= listed
    assert full or not RENDERED & listed
    for entry in manifest["files"]:
        data = (Path(pack_dir) / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert len(data) == entry["bytes"]
    with zipfile.ZipFile(f"{pack_dir}.zip") as archive:
        assert set(archive.namelist()) == listed | {"manifest.json"}
        assert archive.testzip() is None


def pack_dirs(out_dir: Path) -> list[Path]:
    """Delivered pack folders (their zips sit beside them)."""
    if not out_dir.exists():
        return []
    return sorted(p for p in out_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
