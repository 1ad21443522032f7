"""Fonts, colours and paragraph styles of strategy.pdf."""

from __future__ import annotations

import os
from functools import cache
from itertools import groupby
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

INK = colors.HexColor("#1f2933")
ACCENT = colors.HexColor("#1d4e89")
MUTED = colors.HexColor("#616e7c")
RULE = colors.HexColor("#cbd2d9")
ZEBRA = colors.HexColor("#f0f4f8")

# Bitstream Vera ships inside reportlab, so every machine embeds the same font bytes, and
# unlike the 14 standard PDF fonts it covers the accents and dashes briefs are full of.
FONT, BOLD, ITALIC, BOLD_ITALIC = "AicmoSans", "AicmoSans-Bold", "AicmoSans-It", "AicmoSans-BI"
_FILES = {FONT: "Vera.ttf", BOLD: "VeraBd.ttf", ITALIC: "VeraIt.ttf", BOLD_ITALIC: "VeraBI.ttf"}


# Vera has no CJK or Hangul: those runs fall back to the Adobe Asian fonts every PDF reader
# knows, so a Chinese or Korean client name is printed rather than silently dropped.
CJK, HANGUL = "STSong-Light", "HYSMyeongJo-Medium"
_HANGUL_RANGES = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7AF))


@cache
def register_fonts() -> frozenset[int]:
    """Register the fonts once; return the code points the main font can draw."""
    folder = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    for name, file in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, os.path.join(folder, file)))
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
    parts = []
    for font, chars in groupby(text, key=_fallback):
        run = escape("".join(chars)).replace("\n", "<br/>")
        parts.append(f'<font name="{font}">{run}</font>' if font else run)
    return "".join(parts)


def _style(name: str, **kw: object) -> ParagraphStyle:
    base = {"fontName": FONT, "fontSize": 10, "leading": 14, "textColor": INK}
    return ParagraphStyle(name, **{**base, **kw})


@cache
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    return {
        "body": _style("body", spaceAfter=6),
        "quote": _style("quote", fontName=ITALIC, fontSize=11, leading=16, leftIndent=14,
                        rightIndent=14, spaceBefore=4, spaceAfter=10, textColor=ACCENT),
        "bullet": _style("bullet", leftIndent=16, bulletIndent=4, spaceAfter=3),
        "h1": _style("h1", fontName=BOLD, fontSize=18, leading=23, spaceBefore=16,
                     spaceAfter=10, textColor=ACCENT, keepWithNext=1),
        "h2": _style("h2", fontName=BOLD, fontSize=12, leading=16, spaceBefore=10,
                     spaceAfter=4, keepWithNext=1),
        "h3": _style("h3", fontName=BOLD, fontSize=10.5, leading=14, spaceBefore=8,
                     spaceAfter=3, textColor=ACCENT, keepWithNext=1),
        "cell": _style("cell", fontSize=8.5, leading=11),
        "head": _style("head", fontName=BOLD, fontSize=8.5, leading=11,
                       textColor=colors.white),
        "cover_brand": _style("cover_brand", fontName=BOLD, fontSize=34, leading=40,
                              textColor=ACCENT, spaceAfter=12),
        "cover_title": _style("cover_title", fontSize=20, leading=26, spaceAfter=36),
        "cover_line": _style("cover_line", fontSize=13, leading=19, spaceAfter=4),
        "cover_note": _style("cover_note", fontSize=9, leading=13, textColor=MUTED),
        "confidential": _style("confidential", fontName=BOLD, fontSize=12, leading=16,
                               textColor=colors.HexColor("#b42318"), spaceBefore=18),
        "toc0": _style("toc0", fontSize=11, leading=18, leftIndent=0),
        "margin": _style("margin", fontSize=8, leading=10, textColor=MUTED),
        "margin_right": _style("margin_right", fontSize=8, leading=10, textColor=MUTED,
                               alignment=TA_RIGHT),
    }
