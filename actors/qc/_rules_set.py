"""Rules over the whole set: no asset repeats another, and the calendar is publishable
(one post per channel per day, only assets that exist, no hook used twice).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations

from actors._text import plural
from contracts.common import Severity
from contracts.production import Asset, CalendarEntry
from contracts.qc import QcCheck

from ._rules_base import Context, check, verdict
from ._rules_text import full_text, normalize, words

# Three-word shingles: Jaccard >= 0.8 means the copy was reworded, not rewritten.
SHINGLE = 3
NEAR_DUPLICATE = 0.8
_PUNCTUATION = re.compile(r"[^\w\s]")


def shingles(text: str) -> frozenset[tuple[str, ...]]:
    ws = words(text)
    if len(ws) < SHINGLE:
        return frozenset({tuple(ws)}) if ws else frozenset()
    return frozenset(tuple(ws[i:i + SHINGLE]) for i in range(len(ws) - SHINGLE + 1))


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the two texts' word shingles (1.0 for identical text)."""
    return _jaccard(shingles(a), shingles(b))


def _jaccard(sa: frozenset[tuple[str, ...]], sb: frozenset[tuple[str, ...]]) -> float:
    union = sa | sb
    return len(sa & sb) / len(union) if union else 1.0


class _Texts:
    """An asset's normalized body and, once asked for, its shingles: each asset is in many
    pairs, its texts are worked out once."""

    def __init__(self, asset: Asset) -> None:
        self.asset = asset
        self.body = normalize(asset.body)
        self._shingles: frozenset[tuple[str, ...]] | None = None

    @property
    def shingles(self) -> frozenset[tuple[str, ...]]:
        if self._shingles is None:
            self._shingles = shingles(full_text(self.asset))
        return self._shingles


def _duplicate_pair(a: _Texts, b: _Texts) -> str | None:
    x, y = a.asset, b.asset
    if a.body == b.body:
        return f"{x.asset_id} = {y.asset_id} (identical body)"
    if x.kind != y.kind:
        return None  # an email and an ad may share a line; only like for like is a copy
    score = _jaccard(a.shingles, b.shingles)
    return f"{x.asset_id} ~ {y.asset_id} (similarity {score:.2f})" if (
        score >= NEAR_DUPLICATE) else None


def duplicate(assets: Sequence[Asset], calendar: Sequence[CalendarEntry],
              ctx: Context) -> list[QcCheck]:
    texts = [_Texts(a) for a in assets]
    pairs = [p for a, b in combinations(texts, 2) if (p := _duplicate_pair(a, b))]
    evidence = ("duplicates: " + "; ".join(pairs) if pairs
                else f"no two of {plural(len(assets), 'asset')} alike")
    fix = "rewrite the second asset of each pair for its own channel and angle"
    return [check("duplicate", None, Severity.MINOR, verdict(not pairs), evidence, fix)]


def calendar_conflict(assets: Sequence[Asset], calendar: Sequence[CalendarEntry],
                      ctx: Context) -> list[QcCheck]:
    slots: dict[tuple[str, str], list[str]] = defaultdict(list)
    for entry in calendar:
        slots[(entry.day.isoformat(), entry.channel.value)].append(entry.asset_id)
    clashes = [f"{day} {channel}: {', '.join(ids)}"
               for (day, channel), ids in sorted(slots.items()) if len(ids) > 1]
    evidence = ("two posts on one channel on one day: " + "; ".join(clashes) if clashes
                else f"{plural(len(calendar), 'entry', 'entries')}, at most one per channel "
                     "per day")
    fix = "move one of each clashing pair to a free day on that channel"
    return [check("calendar.conflict", None, Severity.MAJOR, verdict(not clashes), evidence,
                  fix)]


def calendar_unknown_asset(assets: Sequence[Asset], calendar: Sequence[CalendarEntry],
                           ctx: Context) -> list[QcCheck]:
    known = {a.asset_id for a in assets}
    unknown = list(dict.fromkeys(e.asset_id for e in calendar if e.asset_id not in known))
    evidence = ("calendar schedules unknown assets: " + ", ".join(unknown) if unknown
                else "every entry schedules an asset in the set")
    fix = "schedule only assets in the set, or drop the entries for " + ", ".join(unknown)
    return [check("calendar.unknown_asset", None, Severity.MAJOR, verdict(not unknown),
                  evidence, fix)]


def _hook_key(hook: str) -> str:
    return " ".join(_PUNCTUATION.sub(" ", normalize(hook)).split())


def _repeat(key: str, owners: list[str], scheduled: list[str]) -> str | None:
    # A hook belongs to one asset: its own calendar entry may repeat it, nothing else.
    if len(set(owners + scheduled)) <= 1 and len(scheduled) <= 1:
        return None
    ids = ", ".join(dict.fromkeys(owners + scheduled))
    return f'"{key}" (assets {ids}; {len(scheduled)} calendar entries)'


def hook_repeat(assets: Sequence[Asset], calendar: Sequence[CalendarEntry],
                ctx: Context) -> list[QcCheck]:
    owners: dict[str, list[str]] = defaultdict(list)
    for asset in assets:
        if asset.hook and (key := _hook_key(asset.hook)):
            owners[key].append(asset.asset_id)
    scheduled: dict[str, list[str]] = defaultdict(list)
    for entry in calendar:
        if key := _hook_key(entry.hook):
            scheduled[key].append(entry.asset_id)
    keys = dict.fromkeys([*owners, *scheduled])
    repeats = [r for k in keys if (r := _repeat(k, owners[k], scheduled[k]))]
    evidence = "repeated hooks: " + "; ".join(repeats) if repeats else "every hook is used once"
    fix = "write a fresh opening line for each repeat after the first"
    return [check("hook.repeat", None, Severity.MINOR, verdict(not repeats), evidence, fix)]
