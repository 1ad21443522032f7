"""calendar.csv and calendar.ics: the content calendar for spreadsheets and calendar apps."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import timedelta

from contracts.common import derived_id
from contracts.delivery import BuildPack
from contracts.production import Asset, CalendarEntry

from .._pack_names import channel_file
from .dates import weekday
from .ics import day, ics_bytes, text, utc_time, verbatim

CSV_HEADER = ("date", "weekday", "channel", "asset_id", "kind", "pillar", "hook", "cta")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: str) -> str:
    """A cell no spreadsheet runs as a formula (OWASP CSV injection advice: a leading ')."""
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def _assets(cmd: BuildPack) -> dict[str, Asset]:
    return {a.asset_id: a for a in cmd.assets}


def _row(entry: CalendarEntry, asset: Asset | None) -> list[str]:
    cells = [entry.day.isoformat(), weekday(entry.day), entry.channel.value, entry.asset_id,
             asset.kind if asset else "", asset.pillar if asset else "", entry.hook,
             asset.cta if asset else ""]
    return [csv_safe(c) for c in cells]


def render_calendar_csv(cmd: BuildPack) -> bytes:
    """One row per calendar entry, in calendar order, RFC 4180 (CRLF, quoted as needed)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    assets = _assets(cmd)
    writer.writerows(_row(e, assets.get(e.asset_id)) for e in cmd.calendar)
    # A byte-order mark makes Excel read the file as UTF-8 instead of the local code page.
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def event_uid(campaign_id: str, entry: CalendarEntry, repeat: int = 0) -> str:
    """Stable across re-renders: derived only from the campaign, asset and day."""
    parts = (campaign_id, entry.asset_id, entry.day.isoformat(), *([repeat] if repeat else []))
    return f"{derived_id('calendar', *parts)}@aicmo"


def _description(entry: CalendarEntry, asset: Asset | None) -> str:
    lines = [f"Hook: {entry.hook}", f"Asset: {entry.asset_id}",
             f"Copy: {channel_file(entry.channel)}"]
    if asset is not None:
        lines += [f"Kind: {asset.kind}", f"Pillar: {asset.pillar}", f"CTA: {asset.cta}",
                  "", asset.body]
    return "\n".join(lines)


def _event(cmd: BuildPack, entry: CalendarEntry, asset: Asset | None, repeat: int,
           stamp: str) -> list[str]:
    # Properties in the order icalendar writes them: its canonical ones, then by name.
    return ["BEGIN:VEVENT",
            f"SUMMARY:{text(f'{entry.channel.label}: {entry.hook}')}",
            f"DTSTART;VALUE=DATE:{day(entry.day)}",
            f"DTEND;VALUE=DATE:{day(entry.day + timedelta(days=1))}",
            f"DTSTAMP:{stamp}",
            f"UID:{text(event_uid(cmd.campaign_id, entry, repeat))}",
            f"CATEGORIES:{text(entry.channel.label)}",
            f"DESCRIPTION:{text(_description(entry, asset))}",
            "TRANSP:TRANSPARENT",  # a publication slot does not make anyone busy
            "END:VEVENT"]


def render_calendar_ics(cmd: BuildPack) -> bytes:
    """An iCalendar file with one all-day VEVENT per calendar entry."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//AICMO//Campaign pack//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{verbatim(f'{cmd.strategy.brand} content calendar')}"]
    assets, seen = _assets(cmd), Counter[tuple[str, str]]()
    stamp = utc_time(cmd.prepared_at)
    for entry in cmd.calendar:
        key = (entry.asset_id, entry.day.isoformat())
        lines += _event(cmd, entry, assets.get(entry.asset_id), seen[key], stamp)
        seen[key] += 1
    lines.append("END:VCALENDAR")
    return ics_bytes(lines)
