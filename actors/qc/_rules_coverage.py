"""Objective coverage: every objective in the brief has a strategy pillar and an asset
that speak to it. Matching is by shared keywords after light stemming, so "Book 120
qualified demos" is covered by a pillar about "a demo on your own ledger".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from contracts.common import Severity
from contracts.production import Asset, CalendarEntry
from contracts.qc import QcCheck

from ._rules_base import Context, check, verdict
from ._rules_text import full_text, words

# Words that say how much or how to move a number, not what the objective is about.
_STOPWORDS = frozenset({
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "our",
    "over", "per", "than", "the", "their", "this", "to", "up", "ups", "with", "within", "your",
    "more", "new", "first", "least", "most", "grow", "growth", "drive", "build", "increase",
    "boost", "lift", "raise", "generate", "get", "reach", "achieve", "improve", "book", "hit",
    "double", "triple", "reduce", "cut", "rate", "percent", "week", "weeks", "month",
    "months", "quarter", "year", "years", "day", "days",
})
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ers", "er",
             "ed", "es", "ly", "s", "e", "y")
# Stems longer than this compare by prefix: "subscriber" and "subscription" match.
_KEY_LENGTH = 6


@lru_cache(maxsize=65536)  # copy repeats its vocabulary; stemming is per word, pure
def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not (
                suffix == "s" and word.endswith("ss")):
            return word[: -len(suffix)] + ("i" if suffix in ("ies", "ied", "y") else "")
    return word


# Each objective is matched against every pillar and asset of its evaluation, so a text's
# keywords are asked for a few times in a row; across campaigns asset texts rarely repeat.
# A cache the size of an evaluation keeps those hits: at 4,096 texts it held about 13 MiB
# in every QC shard, for nothing.
@lru_cache(maxsize=256)
def keywords(text: str) -> frozenset[str]:
    """Content words of `text`, stemmed twice ("engagement" -> "engag") and cut to a key."""
    found = set()
    for word in words(text):
        word = word.replace("'", "")
        if word in _STOPWORDS or word.isdigit() or len(word) < 3:
            continue
        found.add(_stem(_stem(word))[:_KEY_LENGTH])
    return frozenset(found)


def _matches(goal: frozenset[str], named: Iterable[tuple[str, str]]) -> list[str]:
    return [name for name, text in named if goal & keywords(text)]


def _covers(objective: str, pillars: list[str], assets: Sequence[Asset]) -> QcCheck:
    goal = keywords(objective)
    # An asset speaks through its copy, its channel and the pillar it carries.
    asset_texts = [(a.asset_id, f"{full_text(a)} {a.channel.value} {a.pillar}") for a in assets]
    by_pillar = _matches(goal, ((f'"{p}"', p) for p in pillars))
    by_asset = _matches(goal, asset_texts)
    ok = not goal or (bool(by_pillar) and bool(by_asset))
    evidence = (f'objective "{objective}" (keywords {", ".join(sorted(goal)) or "none"}): '
                f"pillars {', '.join(by_pillar) or 'none'}; "
                f"assets {', '.join(by_asset) or 'none'}")
    missing = " and ".join(w for w, hit in (("a pillar", by_pillar), ("an asset", by_asset))
                           if not hit)
    fix = f'add {missing} that speaks to "{objective}"'
    return check("coverage.objective", None, Severity.MAJOR, verdict(ok), evidence, fix)


def coverage_objective(assets: Sequence[Asset], calendar: Sequence[CalendarEntry],
                       ctx: Context) -> list[QcCheck]:
    pillars = list(ctx.strategy.narrative.pillars)
    return [_covers(o, pillars, assets) for o in ctx.brief.objectives]
