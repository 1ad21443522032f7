"""What a client reads on an HTML page of the pack: visible text, unescaped, and the values
of attributes that are text someone sees or follows (a stand-in link hides in an href).

html.parser tokenizes in Python, a few regex matches per tag. The pages delivery writes
are plain markup (lower-case tags, double-quoted attributes, no comments, a bare <style>
or <script> holding no "<"), where a text is what lies between two tags and an attribute
is name="value": one check that the page is plain, and one scan, read the same parts
html.parser's events give. Any other page goes to html.parser itself.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

# Attributes that only shape the page; every other attribute value is text someone sees
# or follows (alt, title, href, content, ...).
_LAYOUT_ATTRS = frozenset({"class", "id", "style", "rel", "lang", "charset", "http-equiv",
                           "type", "name", "target", "width", "height", "colspan",
                           "rowspan", "scope", "role"})
_HIDDEN = ("script", "style")  # html.parser's CDATA_CONTENT_ELEMENTS

# Plain markup, as html.parser reads it (ASCII whitespace only: it ends a tag name there).
# Possessive throughout: a page that is not plain fails in one pass, never by trying
# every way to split a text into runs.
_PLAIN_PAGE = re.compile(
    r"(?:[^<]++"
    r"|<[a-z][a-z0-9]*+(?:[ \t\n\r\f]++[a-z][a-z0-9-]*+=\"[^\"<>]*+\")*+[ \t\n\r\f]*+/?>"
    r"|</[a-z][a-z0-9]*+>"
    r"|<!DOCTYPE html>|<!doctype html>)*+"
)
# What plain markup may not hold besides: <style> or <script> with attributes or empty,
# or whose raw text does not run to its own end tag.
_ODD_HIDDEN = re.compile(r"<(?:style|script)(?=[ \t\n\r\f/])"
                         r"|<(style|script)>[^<]*+(?:<(?!/\1>)|\Z)")
# In a plain page, in reading order: a hidden element's raw text (skipped), a text that is
# not only whitespace (from the page's start or a tag's ">": a page may start with ">"),
# an attribute.
_PIECE = re.compile(r"<(?:style|script)>[^<]*+"
                    r"|(?:\A|>)(\s*+[^\s<][^<]*+)"
                    r"|([a-z][a-z0-9-]*+)=\"([^\"<>]*+)\"")


class _HtmlText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # entities come back unescaped
        self.parts: list[str] = []
        self._hidden = 0  # inside <script> or <style>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        self.parts += [v for k, v in attrs if v and k not in _LAYOUT_ATTRS]

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.parts.append(data)


def html_text(data: bytes) -> str:
    """The page's client-facing text, one part per line."""
    page = data.decode("utf-8")
    parts = _plain_parts(page)
    if parts is None:
        handler = _HtmlText()
        handler.feed(page)
        handler.close()
        parts = handler.parts
    return "\n".join(parts)


def _plain_parts(page: str) -> list[str] | None:
    """The parts _HtmlText collects from `page`, or None if the page is not plain markup."""
    if _PLAIN_PAGE.fullmatch(page) is None or _ODD_HIDDEN.search(page):
        return None
    parts = []
    for text, name, value in _PIECE.findall(page):
        if text:  # as handle_data: unescaped, kept unless blank (&nbsp; is blank)
            text = unescape(text)
            if text.strip():
                parts.append(text)
        elif name and value and name not in _LAYOUT_ATTRS:  # as handle_starttag
            parts.append(unescape(value))
    return parts
