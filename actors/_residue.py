"""Template residue and placeholders: the one pattern onboarding, production and QC share.

Onboarding refuses a brief that carries residue, production keeps residue it cannot avoid
visible rather than dressing it up, and QC fails any client-facing text that still holds
some. One pattern, so the three can never disagree on what counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Each alternative names one kind of residue; case rules are scoped per alternative.
_ALTERNATIVES = (
    # Merge and template tags: "{{discount_code}}", "{% if vip %}".
    r"\{\{[^{}]*\}\}|\{%[^%]*%\}",
    # "Insert ... here" instructions left in angle or square brackets.
    r"(?i:<\s*insert\b[^>]*>|\[\s*insert\b[^\]]*\])",
    # Word boundaries keep real words ("todos", "photodocs", "tbdx") from being flagged.
    r"(?i:\b(?:TBD|TODO|lorem\s+ipsum)\b)",
    # Well-known merge-field names in any case ("[brand]" is as broken as "[Brand]").
    r"(?i:\[(?:brand|client|client[ _]name|company|name|first[ _]name|last[ _]name|product"
    r"|link|url|date|city)\])",
    # Any other bracketed token counts only when every word is Title or ALL-CAPS, so prose
    # like "[sic]" passes; a following "(" means a Markdown link label, not a placeholder.
    r"\[[A-Z][A-Za-z0-9]*(?:[ _-][A-Z][A-Za-z0-9]*)*\](?!\()",
    # RFC 2606 reserves these for documentation: in published copy they are a stand-in link.
    r"(?i:(?<![\w-])example\.(?:com|org|net)\b)",
)
RESIDUE = re.compile("|".join(f"(?:{a})" for a in _ALTERNATIVES))

# Stage directions are how a video script is written ("[VO]", "[Cut to]"), not residue.
_DIRECTIONS = frozenset(
    {"vo", "v/o", "sfx", "music", "cut", "cut to", "b-roll", "on screen", "on-screen text",
     "text on screen", "scene", "pause", "beat", "hook", "cta", "end card", "close-up",
     "close up", "intro", "outro", "super"}
)


def _is_residue(match: str) -> bool:
    return not (match.startswith("[") and match[1:-1].strip().casefold() in _DIRECTIONS)


def _may_hold_residue(text: str) -> bool:
    """False when no alternative of RESIDUE can match: each starts with "{", "<" or "[", or
    needs "tbd", "todo", "lorem" or "example." (no letter of which a case-blind regex
    matches to anything but itself in either case). A few C scans instead of the pattern
    tried at every position of a long page, which is what clean text costs. Keep in step
    with _ALTERNATIVES."""
    if "[" in text or "{" in text or "<" in text:
        return True
    low = text.lower()
    return "tbd" in low or "todo" in low or "lorem" in low or "example." in low


def find_residue(text: str) -> list[str]:
    """Every piece of residue in `text`, as written, in reading order and each once."""
    if not _may_hold_residue(text):
        return []
    return _unique(m.group(0) for m in RESIDUE.finditer(text) if _is_residue(m.group(0)))


def has_residue(text: str) -> bool:
    return _may_hold_residue(text) and any(_is_residue(m.group(0))
                                           for m in RESIDUE.finditer(text))


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
