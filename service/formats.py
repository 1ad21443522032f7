"""Jinja filters the pages share: times with their zone, money as a client reads it, labels."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from contracts.money import format_money


def when(value: datetime | None) -> str:
    return "" if value is None else f"{value:%Y-%m-%d %H:%M} UTC"


def money(amount: Decimal | None, currency: str) -> str:
    return "" if amount is None else format_money(amount, currency)


def label(value: Any) -> str:
    """An enum or snake_case value as words: changes_requested -> changes requested."""
    text = getattr(value, "value", value)
    return "" if text is None else str(text).replace("_", " ")


def seconds(start: datetime | None, end: datetime | None) -> str:
    if start is None or end is None:
        return ""
    return f"{(end - start).total_seconds():.2f} s"


FILTERS = {"when": when, "money": money, "label": label, "seconds": seconds}
