"""Helpers every pack renderer shares: canonical JSON, names, dates and deterministic zips.

Rendering is a pure function of the BuildPack command: no clock, no randomness, no locale.
Same command, same bytes, so a retried delivery produces the same manifest hash.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal

from pydantic_core import to_json

from contracts.common import Channel
from contracts.money import format_money

# Month and weekday names are spelled here, not taken from strftime: %B follows the
# process locale, and a pack must not change with the machine that renders it.
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


_UNSAFE = re.compile(r"[^a-z0-9._-]+")
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


def channel_label(channel: Channel) -> str:
    return channel.label


def safe_name(text: str, fallback: str = "file") -> str:
    """A file name stem made only of [a-z0-9._-], never hidden, never a path."""
    name = _UNSAFE.sub("-", text.lower()).strip(".-_")[:48]
    return name or fallback


def channel_file(channel: Channel) -> str:
    return f"channels/{safe_name(channel.value, 'channel')}.md"


def long_date(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def weekday(day: date) -> str:
    return _WEEKDAYS[day.weekday()]


def money(amount: Decimal, currency: str) -> str:
    """`amount` as a client reads it, per its ISO 4217 currency: "$1,250.00", "¥220,000",
    "KWD 1,250.125". One formatter (contracts.money), pinned to one locale, so the pack's
    bytes do not follow the machine's."""
    return format_money(amount, currency)


def hashtag(tag: str) -> str:
    return tag if tag.startswith("#") else f"#{tag}"


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
