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
_TYPOGRAPHIC = tuple(chr(code) for code in _PLAIN)
_SEPARATOR = r"[\s\-]*"


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
    # A phrase whose first word is nowhere in the text cannot match, and a substring test
    # is far cheaper than a regex alternation tried at every position of a long page.
    phrases = tuple(p for p in phrases if p.strip() and _first_word(p) in lowered)
    # Clean copy is the common case: one combined scan rules every phrase out at once.
    if not phrases or _any_phrase(phrases).search(plain_text) is None:
        return []
    spans = sorted(
        (m.start(), text[m.start():m.end()])
        for phrase in phrases
        if phrase.strip()
        for m in phrase_pattern(phrase).finditer(plain_text)
    )
    return _unique(match for _, match in spans)


def count_phrase(text: str, phrase: str) -> int:
    return len(phrase_pattern(phrase).findall(plain(text)))


def plain(text: str) -> str:
    """`text` with typographic quotes and dashes made plain."""
    # str.translate walks every character through a dict: skip it when there is nothing
    # to replace, as in most copy (a substring test per character is a C scan).
    if not any(char in text for char in _TYPOGRAPHIC):
        return text
    return text.translate(_PLAIN)


def count_hashtags(body: str) -> int:
    return len(HASHTAG.findall(body))


def normalize(text: str) -> str:
    """Case and whitespace differences do not make two texts different."""
    return " ".join(text.translate(_PLAIN).casefold().split())


def words(text: str) -> list[str]:
    """Lower-case words, apostrophes kept inside ("don't"), punctuation dropped."""
    return [w.casefold() for w in WORD.findall(text.translate(_PLAIN))]


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
