"""iCalendar text (RFC 5545): escaped values, folded content lines, the file's bytes.

Written directly rather than through icalendar's component model, which costs a dozen
objects per property and folds each line a character at a time. The rules, and so the
bytes, are those of icalendar 7.3, which the tests use to read the file back.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

_LIMIT = 75  # octets: a folded line's part holds at most 74, plus the fold's leading space
_FOLD = "\r\n "
_NO_SPLIT_AFTER = "\\^"  # a fold never separates a backslash or caret from what it escapes


def text(value: str) -> str:
    """A TEXT value escaped as icalendar escapes it: a written \\N and every line break
    become \\n; backslashes, semicolons and commas get a backslash. Order matters."""
    return (value.replace("\\N", "\n").replace("\\", "\\\\").replace(";", "\\;")
            .replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
            .replace("\r", "\\n"))


def verbatim(value: str) -> str:
    """A value of a property icalendar does not know (X-...): written as it is, so it may
    not hold a line break (icalendar refuses one too)."""
    if "\n" in value:
        raise ValueError(f"a line break in an iCalendar value of unknown type: {value!r}")
    return value


def day(value: date) -> str:
    """A DATE value, yyyymmdd."""
    return f"{value.year:04}{value.month:02}{value.day:02}"


def utc_time(value: datetime) -> str:
    """A DATE-TIME value in UTC, yyyymmddThhmmssZ (seconds, as icalendar writes it)."""
    value = value.astimezone(UTC)
    return f"{day(value)}T{value.hour:02}{value.minute:02}{value.second:02}Z"


def _fold_ascii(line: str) -> str:
    parts, start = [], 0
    while len(line) - start >= _LIMIT:
        end = start + _LIMIT - 1
        if line[end - 1] in _NO_SPLIT_AFTER:
            end -= 1
        parts.append(line[start:end])
        start = end
    parts.append(line[start:])
    return _FOLD.join(parts)


def _fold_utf8(line: str) -> str:
    parts: list[str] = []
    chars: list[str] = []
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        if chars and size + width >= _LIMIT:
            carried = [chars.pop()] if len(chars) > 1 and chars[-1] in _NO_SPLIT_AFTER else []
            parts.append("".join(chars))
            chars, size = carried, len(carried)
        chars.append(char)
        size += width
    parts.append("".join(chars))
    return _FOLD.join(parts)


def fold(line: str) -> str:
    """A content line folded to lines of at most 75 octets, splitting no character."""
    if line.isascii():
        return line if len(line) < _LIMIT else _fold_ascii(line)
    return _fold_utf8(line)


def ics_bytes(lines: list[str]) -> bytes:
    """The content lines, folded, each ended by CRLF, in UTF-8."""
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")
