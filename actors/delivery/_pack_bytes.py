"""Byte-stable encodings every pack file goes through: canonical JSON and deterministic zips.

Rendering is a pure function of the BuildPack command: no clock, no randomness, no locale.
Same command, same bytes, so a retried delivery produces the same manifest hash.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

from pydantic_core import to_json

# The zip format cannot store dates before 1980.
_ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=UTC)


def canonical_json(obj: object) -> bytes:
    """Sorted keys, fixed indent, UTF-8; Decimals and dates fall back to their str().

    Byte-for-byte what json.dumps(indent=2, sort_keys=True, ensure_ascii=False) writes,
    but serialized by pydantic-core: the stdlib falls back to pure Python whenever
    `indent` is set, and packs are on the hot path."""
    return to_json(_sorted(obj), indent=2, fallback=str) + b"\n"


def _sorted(value: object) -> object:
    if isinstance(value, dict):
        return {str(k): _sorted(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, (list, tuple)):
        return [_sorted(v) for v in value]
    return value


def utc(moment: datetime) -> datetime:
    """`moment` in UTC without tzinfo, clamped to what a zip can store."""
    return max(moment.astimezone(UTC), _ZIP_EPOCH).replace(tzinfo=None)


def deterministic_zip(entries: list[tuple[str, bytes]], when: datetime) -> bytes:
    """A zip of `entries` in the given order with fixed dates, modes and compression."""
    stamp = utc(when).timetuple()[:6]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3  # unix, so external_attr reads as a file mode
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=6)
    return buf.getvalue()
