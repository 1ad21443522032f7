"""How a command writes its output: stdout carries only that output (`own_stdout`, `emit`),
in one of three formats (human text, JSON, CSV), with money and times a reader can trust.

Formats: `--json` prints one JSON document, or for a list one JSON object per line (JSON
lines, nothing for an empty list); `--csv` prints a header and one row per item. Money
stays a plain decimal string next to its currency code in JSON and CSV; human output
formats it (contracts.money.format_money). Times carry their zone.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, TextIO

from pydantic import BaseModel

from contracts.money import format_money

_output: TextIO | None = None  # where `emit` writes while `own_stdout` holds fd 1


def emit(text: str) -> None:
    """Write a line of the command's output (what a script reads from stdout)."""
    stream = _output or sys.stdout
    stream.write(text + "\n")
    stream.flush()  # a watcher's repaint shows now; stderr and stdout interleave in order


def stdout_is_terminal() -> bool:
    """Whether the command's output goes to a terminal (not a pipe or a file)."""
    stream = _output or sys.stdout
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@contextmanager
def own_stdout() -> Iterator[None]:
    """For the life of a command, fd 1 is stderr and `emit` alone writes to stdout.

    Ray's driver prints its error lines ("(raylet) A worker died ...") through sys.stdout
    whatever log_to_driver says, and the processes Ray spawns inherit fd 1: pointing fd 1
    at stderr is the one switch that covers both. The environment is left alone: Ray reads
    RAY_AUTH_MODE and its other settings from it."""
    global _output
    sys.stdout.flush()
    on_fd1 = _on_fd1(sys.stdout)  # else a caller replaced it (a test capturing output)
    real = os.dup(1)  # not inheritable (PEP 446): no process Ray spawns holds the real stdout
    os.dup2(2, 1)
    try:
        with open(real, "w", encoding=sys.stdout.encoding, errors=sys.stdout.errors,
                  closefd=False) as stdout:
            _output = stdout if on_fd1 else sys.stdout
            yield
    finally:
        _output = None
        sys.stdout.flush()
        os.dup2(real, 1)
        os.close(real)


def _on_fd1(stream: TextIO) -> bool:
    try:
        return stream.fileno() == 1
    except (AttributeError, OSError, ValueError):  # no descriptor behind it
        return False


def record(item: Any) -> dict[str, Any]:
    """An item of a list as JSON-ready data: a contract model's JSON form (Decimal as its
    exact string, times in ISO 8601 with their zone), or a dict of such values."""
    if isinstance(item, BaseModel):
        return item.model_dump(mode="json")
    return {key: _plain(value) for key, value in item.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def csv_text(rows: Sequence[dict[str, Any]], fields: Sequence[str]) -> str:
    """A header line and one line per row (csv module quoting), without a final newline."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(fields), lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().rstrip("\n")


def emit_list(fmt: str, items: Sequence[Any], fields: Sequence[str],
              human: Callable[[Any], str], empty: str) -> None:
    """A list in the chosen format: "json" (one object a line, nothing when empty), "csv"
    (a header, then the `fields` of each item), or "text" (`human` of each item, or
    `empty` when there are none)."""
    if fmt == "json":
        for item in items:
            emit(json.dumps(record(item)))
    elif fmt == "csv":
        emit(csv_text([record(item) for item in items], fields))
    else:
        emit("\n".join(human(item) for item in items) if items else empty)


def money(amount: Decimal, currency: str) -> str:
    """An amount as a reader expects it ($4,500.00), in its currency's precision."""
    return format_money(amount, currency)


def when(moment: datetime) -> str:
    """A time with its zone, in UTC: 2026-12-07 14:00 UTC."""
    if moment.tzinfo is None:
        raise ValueError(f"{moment!r} has no time zone")
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
