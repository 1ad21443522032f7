"""Text helpers every copy writer and the reviser share.

Sentence shape, hashtags, fitting a set of variants to a platform limit, shortening a
phrase at a clause boundary, and the phrase matcher that keeps forbidden claims and
clichés out of anything production writes from the strategy.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

# Residue a client pasted into the brief: the one pattern onboarding and QC use too,
# re-exported for the writers that import it from here.
from actors._residue import RESIDUE as RESIDUE
from actors._residue import has_residue as has_residue

T = TypeVar("T")

# Worn-out agency phrases; QC bans them, so production never writes them.
CLICHES = (
    "in today's digital age", "in today's fast-paced world", "content is king",
    "game-changer", "game changer", "game-changing", "synergy", "synergies",
    "cutting-edge", "best-in-class", "world-class", "next level", "take it to the next level",
    "paradigm shift", "move the needle", "think outside the box", "low-hanging fruit",
    "unlock your potential", "revolutionary", "at the end of the day", "one-stop shop",
    "state-of-the-art", "look no further", "seamless", "leverage",
)
# Claims that are risky in any industry, whatever the strategy lists, and those a
# regulator rejects in finance, health, legal or gambling: production writes none of them.
RISKY_CLAIMS = (
    "guaranteed", "guarantee", "#1", "number one", "no. 1", "risk-free", "no risk",
    "zero risk", "cure", "cures", "miracle", "100%", "instant results", "never fails",
    "best in the world", "no side effects", "clinically proven", "doctor recommended",
    "doctor approved", "double your money", "get rich", "free money", "safe investment",
    "can't lose", "cannot lose", "sure bet", "win big", "beat the market", "win your case",
)
# Notes for the team that must never leave the agency.
INTERNAL_MARKERS = (
    "internal:", "internal only", "for internal use", "do not share", "do not publish",
    "not for publication", "wip", "fixme", "draft only", "note to self",
)
_QUOTE = re.compile(r"\"([^\"]+)\"|(?<!\w)'([^']+)'(?!\w)")

# Clause breaks, the full-width ones Chinese and Japanese use (U+FF1A, U+FF1B, U+FF0C, U+3001) too.
_CLAUSE = re.compile(r"\s*(?:[:;,(\u2014\u2013\uff1a\uff1b\uff0c\u3001]|\s-\s|\bwith\b"
                     r"|\bplus\b|\band\b)\s*")
_DANGLING = frozenset(("a", "an", "the", "and", "or", "of", "for", "with", "to", "in", "on",
                       "at", "by", "from", "plus", "your", "our"))
_PLAIN = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                        "\u2013": "-", "\u2014": "-"})
_PLAIN_PAIRS = tuple((chr(code), str(plain)) for code, plain in _PLAIN.items())


def sentence(text: str) -> str:
    """`text` unchanged, plus a full stop if it does not already end a sentence."""
    # No stripping inside: the offer must appear exactly as the client wrote it.
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def sentences(*parts: str) -> str:
    """The non-empty parts as sentences, capitalized, joined by spaces."""
    return " ".join(sentence(cap(p.strip())) for p in parts if p.strip())


def bare(text: str) -> str:
    """`text` without trailing sentence punctuation, to sit inside another sentence."""
    return text.strip().rstrip(".!?;:, ")


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def low(text: str) -> str:
    """Lower-case a leading capital, but leave acronyms such as "AI" or "VPs" alone."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text



def fit(options: Sequence[T], limit: int, size: Callable[[T], int]) -> T:
    """The first option within `limit` (options go longest first); else the smallest."""
    for option in options:
        if size(option) <= limit:
            return option
    return min(options, key=size)


def trim_words(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` chars, without a dangling word.
    Chinese and Japanese are written without spaces: there any character is a boundary."""
    text = text.strip()
    if len(text) <= limit:
        return text
    window = text[: limit + 1]
    if any(_wide(c) for c in window):
        cut = max((i for i in range(1, limit + 1) if _breaks(text, i)), default=0)
        words = text[:cut].split()
    else:
        words = window.split()[:-1] if " " in window else []
    while words and words[-1].lower().strip(",;:") in _DANGLING:
        words.pop()
    return " ".join(words).rstrip(" ,;:-\u2014\u2013")


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _breaks(text: str, i: int) -> bool:
    return text[i].isspace() or _wide(text[i - 1]) or _wide(text[i])


def shorten(text: str, limit: int) -> str:
    """`text` cut back to its longest leading clause within `limit`, else to whole words."""
    text = bare(text)
    if len(text) <= limit:
        return text
    cuts = [m.start() for m in _CLAUSE.finditer(text) if 0 < m.start() <= limit]
    head = text[: max(cuts)].rstrip(" ,;:-") if cuts else ""
    return head if head and head.lower().split()[-1] not in _DANGLING else trim_words(text, limit)


def word_count(text: str) -> int:
    """Words as QC counts them: ASCII letter and digit runs, apostrophes kept inside."""
    return len(re.findall(r"[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)*", text))


@lru_cache(maxsize=1024)
def phrase_re(phrase: str) -> re.Pattern[str]:
    """`phrase` as a case-blind whole-word regex; hyphens and spaces match each other."""
    plain = phrase.translate(_PLAIN).strip()
    body = r"[\s\-]*".join(re.escape(t) for t in re.split(r"[\s\-]+", plain) if t)
    head = r"(?<!\w)" if re.match(r"\w", plain) else ""
    tail = r"(?!\w)" if re.search(r"\w$", plain) else ""
    return re.compile(head + body + tail, re.IGNORECASE)


def contains_any(text: str, phrases: Iterable[str]) -> bool:
    """Whether any non-blank phrase matches `text` with its typographic quotes made plain."""
    return _matches(_plain(text), _screen(tuple(phrases), True))


def matches_any(text: str, phrases: tuple[str, ...]) -> bool:
    """Whether any of `phrases` matches `text` as written (`phrase_re`)."""
    return _matches(text, _screen(phrases, False))


@lru_cache(maxsize=256)
def _any_re(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """One alternation for a whole phrase list: a single scan instead of one per phrase."""
    if not phrases:
        return None
    return re.compile("|".join(f"(?:{phrase_re(p).pattern})" for p in phrases), re.IGNORECASE)


# The only characters a case-blind regex matches to an ASCII letter they do not lower() to
# (dotted and dotless i, long s, Kelvin sign; found by testing every code point).
_FOLD_TRAPS = ("\u0130", "\u0131", "\u017f", "\u212a")


@dataclass(frozen=True)
class _Screen:
    """A phrase list made ready to test texts against."""

    anywhere: re.Pattern[str]  # every phrase in one alternation
    # Per phrase, the lower-cased first word a match starts with ("" when it is not ASCII,
    # or there is none: "" is in any text) and the phrase's own pattern.
    firsts: tuple[tuple[str, re.Pattern[str]], ...]


@lru_cache(maxsize=256)
def _screen(phrases: tuple[str, ...], skip_blank: bool) -> _Screen | None:
    if skip_blank:
        phrases = tuple(p for p in phrases if p.strip())
    anywhere = _any_re(phrases)
    if anywhere is None:
        return None
    return _Screen(anywhere, tuple((_first_word(p), phrase_re(p)) for p in phrases))


def _first_word(phrase: str) -> str:
    words = [t for t in re.split(r"[\s\-]+", phrase.translate(_PLAIN).strip()) if t]
    first = words[0].lower() if words else ""
    return first if first.isascii() else ""


def _matches(text: str, screen: _Screen | None) -> bool:
    """One alternation tried at every position of a text costs more than a substring test
    per phrase: only a phrase whose first word is in the text (as lower() has it, which is
    exact for ASCII words in a text without _FOLD_TRAPS) is searched for."""
    if screen is None:
        return False
    if any(trap in text for trap in _FOLD_TRAPS):
        return screen.anywhere.search(text) is not None
    lowered = text.lower()
    return any(first in lowered and pattern.search(text) for first, pattern in screen.firsts)


def _plain(text: str) -> str:
    """`text.translate(_PLAIN)`, by a C scan and replace per typographic character."""
    for typographic, plain in _PLAIN_PAIRS:
        if typographic in text:
            text = text.replace(typographic, plain)
    return text


def claim_phrases(claims: Iterable[str]) -> list[str]:
    """The phrases a forbidden claim bans: its quotes ("never say 'risk-free'"), else itself."""
    phrases: list[str] = []
    for claim in claims:
        text = claim.translate(_PLAIN)
        quotes = [m.group(1) or m.group(2) for m in _QUOTE.finditer(text)]
        phrases += quotes or [text.strip().rstrip(".!;,")]
    return [p for p in phrases if p.strip()]


def unique(items: Iterable[str]) -> list[str]:
    """Items in order, each once, compared case-blind; empty items dropped."""
    seen: dict[str, str] = {}
    for item in items:
        if item:
            seen.setdefault(item.casefold(), item)
    return list(seen.values())
