"""Text probes the QC rules share: what a reader sees, phrase matching. Placeholder and
template residue is actors._residue's, the one pattern onboarding and production use too."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from contracts.production import Asset

HASHTAG = re.compile(r"#\w+")
WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)*")

# Typographic quotes and dashes read the same as plain ones; one-for-one keeps offsets.
_PLAIN = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                        "\u2010": "-", "\u2013": "-", "\u2014": "-"})
_PLAIN_PAIRS = tuple((chr(code), plain) for code, plain in _PLAIN.items())
_SEPARATOR = r"[\s\-]*"
# The only characters a case-blind regex matches to an ASCII letter they do not lower() to
# (Turkish dotted and dotless i, long s, Kelvin sign; found by testing every code point).
# Without them, and with lower() keeping every offset, an ASCII word is found by str.find
# in the lower-cased text exactly where the regex could start a match.
_FOLD_TRAPS = ("\u0130", "\u0131", "\u017f", "\u212a")


def full_text(asset: Asset) -> str:
    """Everything a reader sees of the asset, one field per line."""
    singles = (asset.title, asset.subject, asset.preheader)
    parts = [*(s for s in singles if s), *asset.headlines, *asset.descriptions, asset.body]
    if asset.hook:
        parts.append(asset.hook)
    return "\n".join(parts)


@lru_cache(maxsize=512)
def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """`phrase` as a case-blind regex: whole words only, any spacing or hyphen between them.

    "risk-free" also finds "risk free", "wip" does not find "wipe", "#1" does not find "#10".
    """
    plain = phrase.translate(_PLAIN).strip()
    body = _SEPARATOR.join(re.escape(t) for t in re.split(r"[\s\-]+", plain) if t)
    head = r"(?<!\w)" if re.match(r"\w", plain) else ""
    tail = r"(?!\w)" if re.search(r"\w$", plain) else ""
    return re.compile(head + body + tail, re.IGNORECASE)


@lru_cache(maxsize=512)
def _first_word(phrase: str) -> str:
    """The phrase's first word as `phrase_pattern` splits it, lower-cased."""
    words = [w for w in re.split(r"[\s\-]+", phrase.translate(_PLAIN).strip()) if w]
    return words[0].lower() if words else ""


@lru_cache(maxsize=256)
def _any_phrase(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Every phrase of a list in one pattern, for a single scan that says "none here"."""
    return re.compile("|".join(f"(?:{phrase_pattern(p).pattern})" for p in phrases),
                      re.IGNORECASE)


def find_phrases(text: str, phrases: Iterable[str]) -> list[str]:
    """The text of every phrase found, as written, in reading order and each once."""
    plain_text = plain(text)
    lowered = plain_text.lower()
    phrases = tuple(phrases)
    if any(trap in plain_text for trap in _FOLD_TRAPS):
        spans = _scanned_spans(plain_text, lowered, phrases)
    else:
        spans = []
        for first, patterns in _anchors(phrases):
            if first in lowered:  # else none of its phrases can match
                spans += _anchored_spans(first, patterns, plain_text, lowered)
    return _unique(match for _, match in sorted((start, text[start:end])
                                                for start, end in spans))


def _scanned_spans(plain_text: str, lowered: str,
                   phrases: tuple[str, ...]) -> list[tuple[int, int]]:
    # A phrase whose first word is nowhere in the text cannot match, and a substring test
    # is far cheaper than a regex alternation tried at every position of a long page.
    phrases = tuple(p for p in phrases if p.strip() and _first_word(p) in lowered)
    # Clean copy is the common case: one combined scan rules every phrase out at once.
    if not phrases or _any_phrase(phrases).search(plain_text) is None:
        return []
    return [m.span() for phrase in phrases for m in phrase_pattern(phrase).finditer(plain_text)]


@lru_cache(maxsize=256)
def _anchors(phrases: tuple[str, ...]) -> tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]:
    """The non-blank phrases' patterns by their lower-cased first word: one substring test
    for "no", "no risk" and "no. 1"."""
    by_first: dict[str, list[re.Pattern[str]]] = {}
    for phrase in phrases:
        if phrase.strip():
            by_first.setdefault(_first_word(phrase), []).append(phrase_pattern(phrase))
    return tuple((first, tuple(patterns)) for first, patterns in by_first.items())


def _anchored_spans(first: str, patterns: tuple[re.Pattern[str], ...], plain_text: str,
                    lowered: str) -> list[tuple[int, int]]:
    """Where each pattern matches, as finditer finds it, in a text without _FOLD_TRAPS. A
    match of an ASCII first word can only start where str.find finds that word: the regex
    is tried there alone instead of at every position of the text."""
    if not (first and first.isascii()):
        return [m.span() for pattern in patterns for m in pattern.finditer(plain_text)]
    starts, at = [], lowered.find(first)
    while at >= 0:
        starts.append(at)
        at = lowered.find(first, at + 1)
    spans: list[tuple[int, int]] = []
    for pattern in patterns:
        end = 0
        for at in starts:
            if at >= end and (m := pattern.match(plain_text, at)):
                spans.append(m.span())
                end = m.end()
    return spans


def count_phrase(text: str, phrase: str) -> int:
    return len(phrase_pattern(phrase).findall(plain(text)))


def plain(text: str) -> str:
    """`text` with typographic quotes and dashes made plain."""
    # A substring test and replace per character are C scans; str.translate looks every
    # character of the text up in a dict, which costs more on a long page.
    for typographic, plain_char in _PLAIN_PAIRS:
        if typographic in text:
            text = text.replace(typographic, plain_char)
    return text


def count_hashtags(body: str) -> int:
    return len(HASHTAG.findall(body))


def normalize(text: str) -> str:
    """Case and whitespace differences do not make two texts different."""
    return " ".join(plain(text).casefold().split())


def words(text: str) -> list[str]:
    """Lower-case words, apostrophes kept inside ("don't"), punctuation dropped."""
    return [w.casefold() for w in WORD.findall(plain(text))]


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
