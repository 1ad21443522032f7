"""Fonts, colours and paragraph styles of strategy.pdf."""

from __future__ import annotations

from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from actors._pdf_fonts import (
    ACCENT,
    BOLD,
    FONT,
    INK,
    ITALIC,
    MUTED,
    RULE,
    markup,
    register_fonts,
)

__all__ = ["ACCENT", "RULE", "ZEBRA", "markup", "styles"]
ZEBRA = colors.HexColor("#f0f4f8")


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
