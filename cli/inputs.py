"""What the user hands the CLI: briefs files, lead files, change requests. Each bad input is
an InputError that says where and why, raised before any runtime starts."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from cli.options import InputError
from contracts.client_review import ChangeKind, RequestedChange

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "briefs.jsonl"


def load_briefs(path: Path) -> list[dict[str, Any]]:
    """Read a JSONL file: one brief per line, either bare or as {"campaign_id", "brief"}."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
        if not isinstance(item, dict):
            raise InputError(f"{path}:{number}: expected a JSON object")
        records.append({"campaign_id": item.get("campaign_id"),
                        "brief": item.get("brief", item)})
    if not records:
        raise InputError(f"{path} holds no briefs")
    return records


def read_leads(path: Path) -> list[dict[str, Any]]:
    """Rows of a .csv (with a header) or .jsonl lead file, as the file has them: cam
    validates each row and reports the bad ones."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
    if path.suffix.lower() == ".csv":
        rows = [dict(row) for row in csv.DictReader(text.splitlines())]
    else:
        rows = []
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
    if not rows:
        raise InputError(f"{path} holds no leads")
    return rows


def parse_change(text: str) -> RequestedChange:
    """KIND[:ASSET_ID[:PHRASE]], e.g. new_hook:a-3 or remove_phrase::world-class."""
    kind, _, rest = text.partition(":")
    asset_id, _, phrase = rest.partition(":")
    try:
        return RequestedChange(kind=ChangeKind(kind), asset_id=asset_id or None,
                               phrase=phrase or None)
    except ValueError as exc:
        kinds = ", ".join(k.value for k in ChangeKind)
        raise InputError(f"--change {text!r}: expected KIND[:ASSET_ID[:PHRASE]] with KIND one "
                         f"of {kinds} ({exc})") from exc
