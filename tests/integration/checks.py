"""What a user would check after a batch: packs on disk, rows in each owning module's store
(read through tests.stores, so on SQLite files or PostgreSQL schemas alike)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import zipfile
from pathlib import Path

from actors.delivery import verify_pack
from bench.invariants import LIVE  # what counts as a live row, defined once
from cli.inputs import EXAMPLES, load_briefs
from tests.stores import active, query, stores, tables


def example_records(fresh: bool = True) -> list[dict]:
    """The example briefs; `fresh` drops their fixed ids so each batch gets its own."""
    records = load_briefs(EXAMPLES)
    return [{"brief": r["brief"]} for r in records] if fresh else records


def good_briefs(n: int) -> list[dict]:
    """n briefs that should all be delivered, cycled from the examples' good ones."""
    good = [r["brief"] for r in load_briefs(EXAMPLES)][:16]
    return [{"brief": good[i % len(good)]} for i in range(n)]


def module_of(store: str) -> str:
    """'production-1' (a file) or 'production_1' (a schema) -> 'production': a module's
    shards share its tables."""
    return re.sub(r"[-_]\d+$", "", store)


def live_rows(data_dir: str, campaign_id: str) -> dict[str, int]:
    """Live rows for a campaign, per 'store.table', across every module's store."""
    found: dict[str, int] = {}
    for store in stores(data_dir):
        if store == "supervisor":
            continue
        present = tables(data_dir, store)
        for (module, table), live in LIVE.items():
            if module == module_of(store) and table in present:
                [(n,)] = query(data_dir, store, f"select count(*) from {table} where "
                                                f"campaign_id = ? and {live}", (campaign_id,))
                if n:
                    found[f"{store}.{table}"] = n
    return found


def processed_count(data_dir: str, module: str, message_type: str) -> int:
    """Applied messages of a type, over every store of a module (all its shards)."""
    return sum(n for (n,) in query(data_dir, f"{module}*", "select count(*) from "
                                   "processed_messages where type = ?", (message_type,)))


def cli_env(data_dir: Path) -> dict[str, str]:
    """The environment of a CLI process on the store this test runs on: AICMO_DATABASE_URL
    names `data_dir`'s own PostgreSQL database, or is unset (SQLite files in --data-dir)."""
    env = {key: value for key, value in os.environ.items() if key != "AICMO_DATABASE_URL"}
    url = active().database_url(data_dir)
    if url is not None:
        env["AICMO_DATABASE_URL"] = url
    return env


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
    """Delivered pack folders (their zips sit beside them); not billing's _invoices folder
    (no campaign id starts with "_" or ".")."""
    if not out_dir.exists():
        return []
    return sorted(p for p in out_dir.iterdir()
                  if p.is_dir() and not p.name.startswith((".", "_")))
