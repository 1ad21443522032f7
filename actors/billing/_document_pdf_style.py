"""Fonts, colours and paragraph styles of the invoice PDF.

The fonts, palette and text markup are the ones strategy.pdf uses (actors/_pdf_fonts.py).
"""

from __future__ import annotations

from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from actors._pdf_fonts import ACCENT, ALERT, BOLD, FONT, INK, MUTED, RULE, markup, register_fonts

__all__ = ["ACCENT", "RULE", "markup", "styles"]


def _style(name: str, **kw: object) -> ParagraphStyle:
    base = {"fontName": FONT, "fontSize": 9.5, "leading": 13, "textColor": INK}
    return ParagraphStyle(name, **{**base, **kw})


@cache
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    return {
        "body": _style("body", spaceAfter=4),
        "agency": _style("agency", fontName=BOLD, fontSize=16, leading=20, textColor=ACCENT),
        "small": _style("small", fontSize=8.5, leading=11, textColor=MUTED),
        "title": _style("title", fontName=BOLD, fontSize=20, leading=26, textColor=ACCENT,
                        spaceBefore=14, spaceAfter=8),
        "label": _style("label", fontName=BOLD, fontSize=8.5, leading=11, textColor=MUTED),
        "cell": _style("cell", fontSize=9, leading=12),
        "num": _style("num", fontSize=9, leading=12, alignment=TA_RIGHT),
        "head": _style("head", fontName=BOLD, fontSize=9, leading=12, textColor=colors.white),
        "head_num": _style("head_num", fontName=BOLD, fontSize=9, leading=12,
                           textColor=colors.white, alignment=TA_RIGHT),
        "total": _style("total", fontName=BOLD, fontSize=10.5, leading=14, alignment=TA_RIGHT),
        "void": _style("void", fontName=BOLD, fontSize=15, leading=20, textColor=ALERT,
                       borderColor=ALERT, borderWidth=2, borderPadding=6, spaceAfter=14),
        "warning": _style("warning", fontName=BOLD, fontSize=9, leading=12, textColor=ALERT,
                          spaceAfter=10),
    }
