"""Dates as a client reads them in a pack: "7 March 2026", "Saturday".

Month and weekday names are spelled here, not taken from strftime: %B follows the process
locale, and a pack must not change with the machine that renders it.
"""

from __future__ import annotations

from datetime import date

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def long_date(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def weekday(day: date) -> str:
    return _WEEKDAYS[day.weekday()]
