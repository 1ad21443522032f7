"""What a client reads in calendar.ics: the calendar's name, and each event's summary,
description and categories, unfolded and unescaped.

icalendar parses a content line a character at a time in Python, which made the calendar
the slowest file of a data pack to read. The calendar delivery writes uses a handful of
properties in one fixed shape, so a file entirely of that shape is read here, from the
same unfolding and unescaping functions icalendar applies to it, giving the same text.
Any other file (another property, a parameter, a nested component, a repeated property,
lower case, bad UTF-8) goes to icalendar, with its own errors.
"""

from __future__ import annotations

import re

from icalendar import Calendar
from icalendar.parser import split_on_unescaped_comma, unescape_backslash
from icalendar.parser.content_line import NEWLINE, UFOLD

# A line as delivery writes it: an upper-case name, VALUE=DATE as the only parameter.
_LINE = re.compile(r"([A-Z][A-Z-]*)(;VALUE=DATE)?:(.*)", re.DOTALL)
# The calendar's own properties; X-WR-CALNAME is an UNKNOWN value, taken verbatim.
_CALENDAR = frozenset({"VERSION", "PRODID", "CALSCALE", "METHOD", "X-WR-CALNAME"})
# An event's properties. An event tolerates a bad value in icalendar (it keeps it as
# "broken" and parses on), so its dates only need the shape that takes no parameter.
_EVENT = frozenset({"SUMMARY", "DESCRIPTION", "CATEGORIES", "UID", "TRANSP", "DTSTAMP",
                    "DTSTART", "DTEND"})
_DATED = frozenset({"DTSTART", "DTEND"})  # the properties written with VALUE=DATE
_DATE = re.compile(r"\d{8}")
_STAMP = re.compile(r"\d{8}T\d{6}Z")
_CRLF_FOLD = re.compile(r"\r\n[ \t]")


def calendar_text(data: bytes) -> str:
    """The calendar's client-facing text, one part per line."""
    parts = _simple_parts(data)
    return "\n".join(p for p in (parts if parts is not None else _icalendar_parts(data)) if p)


def _icalendar_parts(data: bytes) -> list[str]:
    cal = Calendar.from_ical(data)
    parts = [str(cal.get("x-wr-calname", ""))]
    for event in cal.walk("VEVENT"):
        categories = event.get("categories")
        cats = [c for group in (categories if isinstance(categories, list) else [categories])
                if group is not None for c in group.cats]
        parts += [str(event.get("summary", "")), str(event.get("description", "")), *cats]
    return parts


def _simple_parts(data: bytes) -> list[str] | None:
    """The parts icalendar would give, or None when the file is not of delivery's shape."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    lines = [line for line in _unfolded_lines(text) if line]
    if len(lines) < 2 or lines[0] != "BEGIN:VCALENDAR" or lines[-1] != "END:VCALENDAR":
        return None
    name = ""
    events: list[list[str]] = []
    event: dict[str, str] | None = None
    seen: set[str] = set()
    for line in lines[1:-1]:
        if line == "BEGIN:VEVENT" and event is None:
            event = {}
        elif line == "END:VEVENT" and event is not None:
            events.append(_event_parts(event))
            event = None
        elif (prop := _property(line, event)) is None:
            return None
        elif event is not None:
            if prop[0] in event:
                return None
            event[prop[0]] = prop[1]
        elif prop[0] in seen:
            return None
        else:
            seen.add(prop[0])
            name = prop[1] if prop[0] == "X-WR-CALNAME" else name
    if event is not None:
        return None
    return [name, *(part for parts in events for part in parts)]


def _unfolded_lines(text: str) -> list[str]:
    """icalendar's unfolding and line split. Where every line break is CRLF and no line is
    empty, its fold pattern can only match CRLF and one space or tab: that literal is found
    by a fast scan, where the general pattern is tried at every character."""
    if text.count("\n") == text.count("\r\n") and "\r\n\r\n" not in text:
        return _CRLF_FOLD.sub("", text).split("\r\n")
    return NEWLINE.split(UFOLD.sub("", text))


def _property(line: str, event: dict[str, str] | None) -> tuple[str, str] | None:
    """(name, raw value) of a property line allowed where it stands, else None."""
    match = _LINE.fullmatch(line)
    if match is None:
        return None
    name, dated, value = match.groups()
    if event is None:
        return (name, value) if name in _CALENDAR and not dated else None
    if name not in _EVENT or bool(dated) != (name in _DATED):
        return None
    if (dated and not _DATE.fullmatch(value)) or (name == "DTSTAMP"
                                                   and not _STAMP.fullmatch(value)):
        return None
    return name, value


def _event_parts(event: dict[str, str]) -> list[str]:
    """Summary, description, then each category: unescaped as icalendar does (CATEGORIES
    split on its unescaped commas first)."""
    cats = split_on_unescaped_comma(event["CATEGORIES"]) if "CATEGORIES" in event else []
    return [unescape_backslash(event.get("SUMMARY", "")),
            unescape_backslash(event.get("DESCRIPTION", "")), *cats]
