"""Text probes the QC rules share: placeholder residue, hashtags, body normalization."""

from __future__ import annotations

import re

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

_TEMPLATE = re.compile(r"\{\{[^{}]*\}\}|\{%[^%]*%\}")
_INSERT = re.compile(r"<\s*insert\b[^>]*>", re.IGNORECASE)

_PATTERNS = (_PLACEHOLDER_WORDS, _KNOWN_FIELDS, _BRACKET_TOKEN, _TEMPLATE, _INSERT)

HASHTAG = re.compile(r"#\w+")


def full_text(asset: Asset) -> str:
    """What a reader sees: the subject line (if any) followed by the body."""
    return f"{asset.subject}\n{asset.body}" if asset.subject else asset.body


def find_placeholders(text: str) -> list[str]:
    """Every placeholder match in reading order, each quoted once."""
    spans = sorted((m.start(), m.group(0)) for pattern in _PATTERNS for m in pattern.finditer(text))
    seen: dict[str, None] = {}
    for _, match in spans:
        seen.setdefault(match, None)
    return list(seen)


def count_hashtags(body: str) -> int:
    return len(HASHTAG.findall(body))


def normalize(text: str) -> str:
    """Case and whitespace differences do not make two texts different."""
    return " ".join(text.casefold().split())
