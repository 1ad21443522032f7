"""Paragraphs for strategy.pdf that cost less to make and to lay out.

Most paragraphs are plain text: no tags, no entities. For those, reportlab's markup parser
(an HTMLParser run per paragraph) only ever yields one fragment carrying the style's font,
size and colour, so Para builds that fragment directly from one the parser made for the
style. Anything with markup goes through the parser as before.

Platypus wraps a table cell when it sizes the table and again when it draws it, a split
table's cells once per part, and a kept-together heading once to measure and once to place.
A paragraph's lines depend only on its text, style and width, so a second wrap at the same
width returns what the first computed, which is still in place.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaFrag

_MARKUP = re.compile(r"[<>&]")  # tags and entities: only the parser reads those


@cache
def _plain_fragment(style: ParagraphStyle) -> dict[str, Any]:
    """The attributes of the fragment the parser makes of plain text in `style`."""
    (fragment,) = Paragraph("x", style).frags
    return dict(vars(fragment))


class Para(Paragraph):
    """A Paragraph built without the parser when it is plain text, whose wrap at the width
    it last broke its lines for costs nothing."""

    _wrapped: tuple[float, object, tuple[float, float]] | None = None

    def __init__(self, text: str | None, style: ParagraphStyle, bulletText: str | None = None,
                 frags: list[ParaFrag] | None = None, **kwargs: Any) -> None:
        if frags is None and text is not None and not _MARKUP.search(text):
            text = cleanBlockQuotedText(text)  # what Paragraph does before it parses
            if text:
                # Fresh lists: reportlab may add to a fragment's links and underlines.
                frags = [ParaFrag(**{**_plain_fragment(style), "link": [], "us_lines": [],
                                     "text": text})]
        super().__init__(text, style, bulletText, frags, **kwargs)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        last = self._wrapped
        # Paragraph.split drops the lines when the paragraph must move on: then wrap anew.
        if last is None or last[0] != availWidth or last[1] is not getattr(self, "blPara", None):
            size = super().wrap(availWidth, availHeight)
            last = self._wrapped = (availWidth, getattr(self, "blPara", None), size)
        return last[2]
