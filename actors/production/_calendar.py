"""The 30-day content calendar: when each channel publishes which asset, under which hook.

Each channel publishes `posts_per_week` times a week on evenly spread weekdays (a seeded
shift per channel keeps channels from all landing on day one), never twice on one day.
Assets are reused round-robin; the first run of an asset uses its own hook and every
rerun gets a fresh one from the campaign's hook deck, so no hook repeats.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from contracts.common import Channel
from contracts.production import Asset, CalendarEntry
from contracts.strategy import ChannelPlan

from ._copy_hooks import HookDeck, key

CALENDAR_DAYS = 30


def build_calendar(assets: Sequence[Asset], plans: Sequence[ChannelPlan], start: date,
                   hooks: HookDeck, rng: random.Random) -> list[CalendarEntry]:
    """Entries for every planned channel that has assets, in day then plan order."""
    pools = by_channel(assets)
    slots: list[tuple[int, int, Asset, bool]] = []  # (day, plan index, asset, first run)
    for rank, plan in enumerate(plans):
        pool = pools.get(plan.channel, [])
        for i, offset in enumerate(_days(plan.posts_per_week, rng) if pool else []):
            slots.append((offset, rank, pool[i % len(pool)], i < len(pool)))
    # Hooks are drawn in publishing order, so no channel is left with the deck's leftovers.
    return [CalendarEntry(day=start + timedelta(days=offset), channel=asset.channel,
                          asset_id=asset.asset_id,
                          hook=asset.hook if first and asset.hook else hooks.take(asset.pillar))
            for offset, _, asset, first in sorted(slots, key=lambda s: s[:2])]


def by_channel(assets: Sequence[Asset]) -> dict[Channel, list[Asset]]:
    pools: dict[Channel, list[Asset]] = {}
    for asset in assets:
        pools.setdefault(asset.channel, []).append(asset)
    return pools


def _days(posts_per_week: int, rng: random.Random) -> list[int]:
    """Day offsets within the 30 days: the same evenly spread weekdays every week."""
    per_week = max(0, min(7, posts_per_week))  # more than daily would double-book a day
    shift = rng.randrange(7)
    weekdays = sorted({(shift + i * 7 // per_week) % 7 for i in range(per_week)})
    return [week * 7 + d for week in range(5) for d in weekdays if week * 7 + d < CALENDAR_DAYS]


def repair_calendar(entries: Sequence[CalendarEntry], assets: Sequence[Asset], start: date,
                    hooks: HookDeck) -> list[CalendarEntry]:
    """The calendar with every broken entry fixed and every sound entry left as it was.

    Broken means: an asset that does not exist or belongs to another channel, a day outside
    the 30 days, a second post for one channel on one day, or a hook used before. An entry
    that cannot be placed anywhere in the window is dropped rather than double-booked.
    """
    known = {a.asset_id: a for a in assets}
    pools = by_channel(assets)
    taken: set[tuple[Channel, date]] = set()
    seen: set[str] = set()
    fixed: list[CalendarEntry] = []
    for i, entry in enumerate(entries):
        asset = known.get(entry.asset_id)
        if asset is None or asset.channel != entry.channel:
            pool = pools.get(entry.channel)
            if not pool:
                continue
            asset = pool[i % len(pool)]
        day = _free_day(entry.channel, entry.day, start, taken)
        if day is None:
            continue
        hook = entry.hook if entry.hook.strip() and key(entry.hook) not in seen else ""
        hook = hook or hooks.take(asset.pillar)
        taken.add((entry.channel, day))
        seen.add(key(hook))
        fixed.append(entry.model_copy(update={"asset_id": asset.asset_id, "day": day,
                                              "hook": hook}))
    return fixed


def _free_day(channel: Channel, wanted: date, start: date,
              taken: set[tuple[Channel, date]]) -> date | None:
    """`wanted` if it is in the window and free, else the nearest free day in the window."""
    offset = min(max((wanted - start).days, 0), CALENDAR_DAYS - 1)
    # Nearest first; on a tie the later day, so a moved post does not jump the queue.
    for distance in sorted(range(CALENDAR_DAYS), key=lambda d: abs(d - offset) * 2 - (d > offset)):
        day = start + timedelta(days=distance)
        if (channel, day) not in taken:
            return day
    return None
