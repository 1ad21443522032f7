"""calendar.csv and calendar.ics: one row and one all-day event per calendar entry."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from actors.delivery._render.calendar import (
    CSV_HEADER,
    event_uid,
    render_calendar_csv,
    render_calendar_ics,
)
from contracts.common import Channel
from contracts.production import CalendarEntry
from tests.unit.test_delivery_factory import CAMPAIGN, START, build_pack


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_has_one_row_per_entry_in_calendar_order() -> None:
    cmd = build_pack()
    data = render_calendar_csv(cmd)

    rows = csv_rows(data)
    assert data.startswith("\ufeff".encode())  # so Excel reads UTF-8
    assert tuple(rows[0]) == CSV_HEADER
    assert [(r["date"], r["channel"], r["asset_id"], r["hook"]) for r in rows] == [
        (e.day.isoformat(), e.channel.value, e.asset_id, e.hook) for e in cmd.calendar]
    assert rows[0]["weekday"] == "Monday"  # 3 March 2025
    assert rows[0]["kind"] == "post" and rows[0]["cta"] == "Book a demo"


def test_csv_cells_cannot_run_as_spreadsheet_formulas() -> None:
    cmd = build_pack()
    entry = CalendarEntry(day=START, channel=Channel.X, asset_id="x-1", hook="=HYPERLINK(1)")

    rows = csv_rows(render_calendar_csv(cmd.model_copy(update={"calendar": [entry]})))

    assert rows[0]["hook"] == "'=HYPERLINK(1)"


def test_ics_parses_with_one_all_day_event_per_entry() -> None:
    cmd = build_pack()

    cal = Calendar.from_ical(render_calendar_ics(cmd))

    events = cal.walk("VEVENT")
    assert len(events) == len(cmd.calendar)
    for event, entry in zip(events, cmd.calendar, strict=True):
        assert event.decoded("dtstart") == entry.day
        assert event.decoded("dtend") == entry.day + timedelta(days=1)
        assert entry.hook in str(event["summary"])
        assert event.decoded("dtstamp") == datetime(2025, 2, 28, 16, 30, tzinfo=UTC)
        assert str(event["uid"]) == event_uid(CAMPAIGN, entry)
    assert len({str(e["uid"]) for e in events}) == len(events)
    assert str(cal["prodid"]) == "-//AICMO//Campaign pack//EN"


def test_event_description_carries_the_copy_to_publish() -> None:
    cmd = build_pack()
    first = Calendar.from_ical(render_calendar_ics(cmd)).walk("VEVENT")[0]

    description = str(first["description"])
    asset = next(a for a in cmd.assets if a.asset_id == cmd.calendar[0].asset_id)
    assert asset.body in description
    assert "channels/linkedin.md" in description


def test_uids_depend_only_on_campaign_asset_and_day() -> None:
    entry = build_pack().calendar[0]
    moved = entry.model_copy(update={"day": entry.day + timedelta(days=1)})

    assert event_uid(CAMPAIGN, entry) == event_uid(CAMPAIGN, entry.model_copy(
        update={"hook": "a new hook"}))
    assert event_uid(CAMPAIGN, entry) != event_uid(CAMPAIGN, moved)
    assert event_uid(CAMPAIGN, entry) != event_uid("cmp-0002", entry)


def test_a_repeated_asset_on_one_day_still_gets_unique_uids() -> None:
    cmd = build_pack()
    twice = [cmd.calendar[0], cmd.calendar[0]]

    events = Calendar.from_ical(render_calendar_ics(cmd.model_copy(
        update={"calendar": twice}))).walk("VEVENT")

    assert len({str(e["uid"]) for e in events}) == 2


def test_same_command_gives_the_same_bytes() -> None:
    assert render_calendar_ics(build_pack()) == render_calendar_ics(build_pack())
    assert render_calendar_csv(build_pack()) == render_calendar_csv(build_pack())
