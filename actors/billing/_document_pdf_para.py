"""The invoice PDF's paragraphs, built without the work that cannot change their layout.

Two costs of reportlab's Paragraph are pure repetition for an invoice:

- Parsing. Nearly every text on an invoice is plain (a name, an amount, a date), so its markup
  parses to a single fragment that differs from any other plain text in the same style only
  in its text. Such a fragment is copied from one parsed once per style, never per invoice;
  anything else (escapes, line breaks, fallback fonts) still goes through the parser.
- Second layout. A table wraps each cell to measure its rows, then wraps it again, at the same
  width, to draw it. A paragraph keeps the lines it broke at a width and hands them back.

Either way the paragraph holds exactly what reportlab's own path gives it: the same bytes.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText, textTransformFrags
from reportlab.platypus.paraparser import ParaFrag, ParaParser

from actors._pdf_fonts import register_fonts

from ._document_pdf_style import markup, styles


class _Para(Paragraph):
    """A paragraph that breaks its lines once per width."""

    _laid_out: tuple[float, object, float, float] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        # The height offered never changes the lines (Paragraph.wrap ignores it). The lines
        # are reused only while they are still the ones this wrap made: a split may drop them.
        laid = self._laid_out
        if (laid is not None and laid[0] == availWidth and laid[1] is self.__dict__.get("blPara")
                and laid[2:] == (self.width, self.height)):
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        if "blPara" in self.__dict__ and size == (availWidth, self.height):  # lines were made
            self._laid_out = (availWidth, self.blPara, self.width, self.height)
        return size


def para(text: str, style: str) -> Paragraph:
    """`text` (plain, not markup) as a paragraph in the named invoice style."""
    chosen = styles()[style]
    # All its characters in the main font, none that markup escapes or breaks: it is its own
    # markup (what markup() would find, without walking the text character by character).
    source = text if _plain_chars().issuperset(text) else markup(text)
    if source != text:  # escaped, broken or set in a fallback font: the parser's job
        return _Para(source, chosen)
    cleaned = cleanBlockQuotedText(text)  # what Paragraph would parse
    if not cleaned:
        return _Para(source, chosen)
    frag = ParaFrag(**_plain_fragment(style))
    # Fresh lists: no two paragraphs share them, as no two parses do.
    frag.link, frag.us_lines, frag.text = [], [], cleaned
    frags = [frag]
    textTransformFrags(frags, chosen)
    return _Para(cleaned, chosen, frags=frags)


@cache
def _plain_chars() -> frozenset[str]:
    return frozenset(map(chr, register_fonts())) - {"&", "<", ">", "\n"}


@cache
def _plain_fragment(style: str) -> dict[str, Any]:
    """The attributes reportlab's parser gives a plain text's one fragment in `style`."""
    chosen: ParagraphStyle = styles()[style]
    parsed_style, frags, _ = ParaParser().parse("x", chosen)
    if parsed_style is not chosen or len(frags) != 1:  # a reportlab that parses differently
        raise RuntimeError(f"unexpected parse of plain text in invoice style {style!r}")
    return dict(frags[0].__dict__)
