"""Text probes the QC rules share: what a reader sees, placeholder residue, phrase matching."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from contracts.production import Asset

# Word boundaries keep real words ("todos", "photodocs", "tbdx") from being flagged.
_PLACEHOLDER_WORDS = re.compile(r"\b(?:TBD|TODO|lorem\s+ipsum)\b", re.IGNORECASE)

# Well-known merge-field names are caught in any case ("[brand]" is as broken as "[Brand]").
_KNOWN_FIELDS = re.compile(
    r"\[(?:brand|client|client[ _]name|company|name|first[ _]name|last[ _]name|product|"
    r"link|url|date|city)\]",
    re.IGNORECASE,
)

# Otherwise a bracketed token counts only when every word is Title or ALL-CAPS, so prose
# like "[sic]" passes; a following "(" means a Markdown link label, not a placeholder.
_BRACKET_TOKEN = re.compile(r"\[[A-Z][A-Za-z0-9]*(?:[ _-][A-Z][A-Za-z0-9]*)*\](?!\()")

# Stage directions are how a video script is written, not unfinished copy.
_DIRECTIONS = frozenset(
    {"vo", "v/o", "sfx", "music", "cut", "cut to", "b-roll", "on screen", "on-screen text",
     "text on screen", "scene", "pause", "beat", "hook", "cta", "end card", "close-up",
     "close up", "intro", "outro", "super"}
)

_TEMPLATE = re.compile(r"\{\{[^{}]*\}\}|\{%[^%]*%\}")
_INSERT = re.compile(r"<\s*insert\b[^>]*>", re.IGNORECASE)
# RFC 2606 reserves these for documentation: in published copy they are a stand-in link.
_EXAMPLE_DOMAIN = re.compile(r"(?<![\w-])example\.(?:com|org|net)\b", re.IGNORECASE)

_PATTERNS = (_PLACEHOLDER_WORDS, _KNOWN_FIELDS, _BRACKET_TOKEN, _TEMPLATE, _INSERT,
             _EXAMPLE_DOMAIN)

HASHTAG = re.compile(r"#\w+")
WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)*")

# Typographic quotes and dashes read the same as plain ones; one-for-one keeps offsets.
_PLAIN = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                        "\u2010": "-", "\u2013": "-", "\u2014": "-"})
_SEPARATOR = r"[\s\-]*"


def full_text(asset: Asset) -> str:
    """Everything a reader sees of the asset, one field per line."""
    singles = (asset.title, asset.subject, asset.preheader)
    parts = [*(s for s in singles if s), *asset.headlines, *asset.descriptions, asset.body]
    if asset.hook:
        parts.append(asset.hook)
    return "\n".join(parts)


def _is_placeholder(match: str) -> bool:
    return not (match.startswith("[") and match[1:-1].casefold() in _DIRECTIONS)


def find_placeholders(text: str) -> list[str]:
    """Every placeholder match in reading order, each quoted once."""
    spans = sorted((m.start(), m.group(0)) for pattern in _PATTERNS for m in pattern.finditer(text))
    return _unique(match for _, match in spans if _is_placeholder(match))


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


@lru_cache(maxsize=256)
def _any_phrase(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Every phrase of a list in one pattern, for a single scan that says "none here"."""
    return re.compile("|".join(f"(?:{phrase_pattern(p).pattern})" for p in phrases),
                      re.IGNORECASE)


def find_phrases(text: str, phrases: Iterable[str]) -> list[str]:
    """The text of every phrase found, as written, in reading order and each once."""
    phrases = tuple(p for p in phrases if p.strip())
    plain = text.translate(_PLAIN)
    # Clean copy is the common case: one combined scan rules every phrase out at once.
    if not phrases or _any_phrase(phrases).search(plain) is None:
        return []
    spans = sorted(
        (m.start(), text[m.start():m.end()])
        for phrase in phrases
        if phrase.strip()
        for m in phrase_pattern(phrase).finditer(plain)
    )
    return _unique(match for _, match in spans)


def count_phrase(text: str, phrase: str) -> int:
    return len(phrase_pattern(phrase).findall(text.translate(_PLAIN)))


def plain(text: str) -> str:
    """`text` with typographic quotes and dashes made plain."""
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
