"""The campaign's creative as production holds it: assets, their calendar, hashtag sets."""

from __future__ import annotations

from dataclasses import dataclass, field

from contracts.production import Asset, CalendarEntry


@dataclass(frozen=True)
class Creative:
    assets: list[Asset]
    calendar: list[CalendarEntry] = field(default_factory=list)
    hashtag_sets: dict[str, list[str]] = field(default_factory=dict)
