"""Text surgery for revisions: fill placeholders, strike phrases, shorten to a limit.

Every edit works line by line and tidies only the lines it touched, so the rest of an
asset stays byte-for-byte what it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ._copy_text import cap, phrase_re, shorten, trim_words

_TEMPLATE = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}|\{%\s*([^%]*?)\s*%\}")
_INSERT = re.compile(r"<\s*insert\b\s*([^>]*)>", re.IGNORECASE)
_BRACKET = re.compile(r"\[([A-Za-z][A-Za-z0-9]*(?:[ _-][A-Za-z0-9]+)*)\](?!\()")
_WORDS = re.compile(r"\b(?:TBD|TODO)\b:?", re.IGNORECASE)
_LOREM = re.compile(r"lorem\s+ipsum[^.!?\n]*", re.IGNORECASE)
_EXAMPLE = re.compile(r"(?:https?://)?(?:www\.)?(?<![\w-])example\.(?:com|org|net)\b(?:/\S*)?",
                      re.IGNORECASE)
_MARKERS = re.compile(
    r"[\[(]?\s*(?:\binternal\s*:|\bdo[\s-]+not[\s-]+share\b|\bwip\b|\bfixme\b)\s*[\])]?\s*:?",
    re.IGNORECASE)
_TAG = re.compile(r"(?<!\S)#\w+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Fill:
    """What a placeholder becomes, from the brief and strategy."""

    brand: str
    domain: str
    geography: str
    date: str

    def named(self, name: str) -> str | None:
        """The concrete text for a named field, or None if the name says nothing."""
        name = name.lower()
        table = ((("brand", "company", "client", "business"), self.brand),
                 (("link", "url", "website", "site", "domain"), self.domain),
                 (("date", "deadline", "day"), self.date),
                 (("city", "location", "region", "country", "geo"), self.geography),
                 (("first", "last", "name", "customer", "recipient"), "there"),
                 (("discount", "code", "coupon", "promo", "percent", "price", "amount",
                   "offer", "deal", "saving"), "an introductory offer"),
                 (("product", "service"), "its latest offer"))
        return next((text for words, text in table if any(w in name for w in words)), None)


def fill_placeholders(text: str, fill: Fill) -> str:
    """`text` with template residue replaced by concrete words from the brief."""
    def fields(m: re.Match[str]) -> str:
        return fill.named(m.group(1) or m.group(2) or "") or "an introductory offer"

    def brackets(m: re.Match[str]) -> str:
        # An unknown [Token] keeps its words; the brackets are what make it residue.
        return fill.named(m.group(1)) or m.group(1)

    steps: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
        (_TEMPLATE, fields), (_INSERT, fields), (_BRACKET, brackets),
        (_WORDS, lambda m: f"details at {fill.domain}"),
        (_LOREM, lambda m: ""),  # filler text has no meaning to replace; it just goes
        (_EXAMPLE, lambda m: fill.domain),
    )

    def line(s: str) -> str:
        for pattern, replace in steps:
            s = pattern.sub(replace, s)
        return s
    return edit_lines(text, line)


def remove_phrases(text: str, phrases: list[str]) -> str:
    patterns = [phrase_re(p) for p in phrases if p.strip()]

    def line(s: str) -> str:
        for pattern in patterns:
            s = pattern.sub("", s)
        return s
    return edit_lines(text, line)


def remove_markers(text: str) -> str:
    return edit_lines(text, lambda s: _MARKERS.sub(" ", s))


def edit_lines(text: str, change: Callable[[str], str]) -> str:
    """`change` applied per line; changed lines are tidied, and dropped if left empty."""
    out: list[str] = []
    for line in text.split("\n"):
        new = change(line)
        if new != line:
            new = _tidy(new)
            if not new:
                continue
        out.append(new)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")


def _tidy(line: str) -> str:
    line = re.sub(r"[ \t]{2,}", " ", line)
    line = re.sub(r"\s+([,.;:!?])", r"\1", line)
    line = re.sub(r"([,;:])([.!?])", r"\2", line)
    line = re.sub(r"\(\s*\)|\[\s*\]", "", line)
    line = re.sub(r"^[\s,;:.\-]+(?=\S)", "", line).strip()
    return "" if not re.search(r"\w", line) else (line if line.startswith("#") else cap(line))


@dataclass(frozen=True)
class Keep:
    """What a shortened body must still contain."""

    brand: str
    cta: str
    offer: str
    hook: str


Measure = Callable[[str], int]


def shorten_body(body: str, limit: int, keep: Keep, measure: Measure = len) -> tuple[str, str]:
    """(body, hook) within `limit` as `measure` counts (code points, or X's weighting):
    drop hashtags, then optional sentences, then cut the offer, then the hook. Brand and
    CTA are never removed."""
    hook = keep.hook
    for step in (_drop_tags, _drop_optional, _cut_offer):
        if measure(body) <= limit:
            break
        body = step(body, limit, keep, measure)
    room = chars_within(hook, measure(hook) - (measure(body) - limit), measure)
    # Last resort: a shorter hook, if enough of it is left to open the post.
    if measure(body) > limit and hook and hook in body and room >= 12:
        short = trim_words(hook, room)
        body, hook = body.replace(hook, short, 1), short
    return body, hook


def chars_within(text: str, budget: int, measure: Measure = len) -> int:
    """How many leading characters of `text` fit in `budget` as `measure` counts them."""
    if measure is len:
        return max(0, min(len(text), budget))
    return next((n for n in range(len(text), 0, -1) if measure(text[:n]) <= budget), 0)


def _drop_tags(body: str, limit: int, keep: Keep, measure: Measure) -> str:
    for tag in reversed(list(_TAG.finditer(body))):
        if measure(body) <= limit:
            break
        body = edit_lines(body[: tag.start()] + body[tag.end():], lambda s: s.rstrip())
    return body


def _drop_optional(body: str, limit: int, keep: Keep, measure: Measure) -> str:
    lines = body.split("\n")
    for li in range(len(lines) - 1, -1, -1):
        parts = _SENTENCE.split(lines[li])
        for si in range(len(parts) - 1, -1, -1):
            if measure("\n".join(lines)) <= limit:
                return _join(lines)
            if optional(parts[si], keep):
                parts.pop(si)
                lines[li] = " ".join(parts)
    return _join(lines)


def optional(part: str, keep: Keep) -> bool:
    """Whether `part` can go: it holds none of the brand, CTA, hook or offer."""
    # Whole words, so a one-letter brand ("A") does not protect every sentence.
    words = [keep.brand, keep.cta, *(x.strip(". ") for x in keep.offer.split(". "))]
    if any(w.strip() and phrase_re(w).search(part) for w in words):
        return False
    return bool(part.strip()) and not (keep.hook and keep.hook in part)


def _cut_offer(body: str, limit: int, keep: Keep, measure: Measure) -> str:
    if not keep.offer or keep.offer not in body:
        return body
    excess = measure(body) - limit
    target = max(12, chars_within(keep.offer, measure(keep.offer) - excess, measure))
    return body.replace(keep.offer, shorten(keep.offer, target), 1)


def _join(lines: list[str]) -> str:
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
