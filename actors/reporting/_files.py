"""A report on disk: `<out_dir>/<name>.html` and its JSON twin, each written atomically.

Each file is written under a hidden temp name beside it and renamed into place, so a reader
never sees half a report. The two renames are separate: if the second fails, the pair is
briefly mismatched until the retried command rewrites both. OSErrors propagate untouched;
the actor decides which of them a retry may fix.
"""

from __future__ import annotations

import json
import os
from datetime import datetime

from contracts.reporting import ReportFigures

_FILE_MODE = 0o644


def json_twin(name: str, generated_at: datetime, figures: ReportFigures) -> bytes:
    """The figures as JSON (Decimals as strings), with the report's name and time."""
    body = {"batch_id": name, "generated_at": generated_at.isoformat(),
            **figures.model_dump(mode="json")}
    return (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def check_name(name: str) -> None:
    """Refuse a report name that is not one plain, visible file name component."""
    if (not name or name != os.path.basename(name) or name.startswith(".") or ".." in name
            or "\\" in name or "\x00" in name):
        raise ValueError(f"report name {name!r} is not a safe file name")


def _write_atomic(path: str, data: bytes) -> None:
    folder, base = os.path.split(path)
    tmp = os.path.join(folder, f".{base}.tmp-{os.getpid()}")
    if os.path.lexists(tmp):
        os.unlink(tmp)  # left by a crashed attempt of this process id
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.lexists(tmp):
            os.unlink(tmp)
        raise


def write_report(out_dir: str, name: str, html: bytes, twin: bytes) -> tuple[str, str]:
    """Write `<out_dir>/<name>.html` and `.json`; returns their absolute paths.

    `out_dir` is absolute: the contracts that carry it (AbsoluteDir) refuse any other.
    Raises ValueError for an unsafe name; OSError as the disk raises it.
    """
    check_name(name)
    folder = os.path.abspath(out_dir)
    os.makedirs(folder, exist_ok=True)
    html_path = os.path.join(folder, f"{name}.html")
    json_path = os.path.join(folder, f"{name}.json")
    _write_atomic(json_path, twin)
    _write_atomic(html_path, html)
    return html_path, json_path
