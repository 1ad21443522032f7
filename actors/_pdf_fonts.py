"""The fonts and palette every PDF the agency sends shares (delivery's strategy.pdf,
billing's invoice.pdf), and the one way plain text becomes reportlab paragraph markup.

Bitstream Vera ships inside reportlab, so every machine embeds the same font bytes (and
the same PDF), and unlike the 14 standard PDF fonts it covers the accents and dashes
briefs are full of. Vera has no CJK or Hangul: those runs fall back to the Adobe Asian
fonts every PDF reader knows, so a Chinese or Korean client name is printed rather than
silently dropped.
"""

from __future__ import annotations

import os
import re
from functools import cache
from itertools import groupby
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

from actors._pdf_memo import remember_streams, remember_subsets

INK = colors.HexColor("#1f2933")
ACCENT = colors.HexColor("#1d4e89")
MUTED = colors.HexColor("#616e7c")
RULE = colors.HexColor("#cbd2d9")
ALERT = colors.HexColor("#b42318")

FONT, BOLD, ITALIC, BOLD_ITALIC = "AicmoSans", "AicmoSans-Bold", "AicmoSans-It", "AicmoSans-BI"
_FILES = {FONT: "Vera.ttf", BOLD: "VeraBd.ttf", ITALIC: "VeraIt.ttf", BOLD_ITALIC: "VeraBI.ttf"}
CJK, HANGUL = "STSong-Light", "HYSMyeongJo-Medium"
_HANGUL_RANGES = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7AF))
# Printable ASCII (all in Vera) and ASCII whitespace: text made only of these needs no fallback.
_MAIN_FONT_ONLY = re.compile(r"[\x20-\x7e\t\n\r\x0b\x0c\x1c-\x1f]*")


@cache
def register_fonts() -> frozenset[int]:
    """Register the fonts once per process; return the code points the main font draws."""
    folder = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    remember_streams()
    for name, file in _FILES.items():
        font = TTFont(name, os.path.join(folder, file))
        remember_subsets(font)
        pdfmetrics.registerFont(font)
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=ITALIC,
                                  boldItalic=BOLD_ITALIC)
    for name in (CJK, HANGUL):
        pdfmetrics.registerFont(UnicodeCIDFont(name))
        pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name,
                                      boldItalic=name)
    return frozenset(pdfmetrics.getFont(FONT).face.charToGlyph)


def _fallback(char: str) -> str:
    if char.isspace() or ord(char) in register_fonts():
        return ""
    code = ord(char)
    return HANGUL if any(lo <= code <= hi for lo, hi in _HANGUL_RANGES) else CJK


def markup(text: str) -> str:
    """Plain text as reportlab paragraph markup: escaped, line breaks kept, and characters
    the main font lacks set in a fallback font."""
    if _MAIN_FONT_ONLY.fullmatch(text):  # most text: skip the per-character look-up
        return escape(text).replace("\n", "<br/>")
    parts = []
    for font, chars in groupby(text, key=_fallback):
        run = escape("".join(chars)).replace("\n", "<br/>")
        parts.append(f'<font name="{font}">{run}</font>' if font else run)
    return "".join(parts)
