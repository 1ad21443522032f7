"""<number>.pdf: the invoice as a one-or-more page A4 PDF.

Built with reportlab's platypus in invariant mode: a fixed document id, and the Info dates
taken from the issue date, never the wall clock, so the same invoice gives the same bytes.
The subject and keywords carry the ownership marker (see _document_files).
"""

from __future__ import annotations

import io
from datetime import datetime

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from ._document_pdf_para import para as _p
from ._document_pdf_style import ACCENT, RULE
from ._document_sheet import Sheet

_MARGIN = 2 * cm
_WIDTH = A4[0] - 2 * _MARGIN
# The tables' looks, the same on every invoice: built once.
_PARTIES = TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
_FACTS = TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
                     ("BOTTOMPADDING", (0, 0), (-1, -1), 1)])
_LINES = TableStyle([("BACKGROUND", (0, 0), (-1, 0), ACCENT),
                     ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                     ("VALIGN", (0, 0), (-1, -1), "TOP")])
_TOTALS = TableStyle([("LINEABOVE", (0, -1), (-1, -1), 1.2, colors.black)])
_LINE_WIDTHS = [_WIDTH * w for w in (0.52, 0.12, 0.18, 0.18)]


def _parties(sheet: Sheet) -> Table:
    agency = [_p(sheet.agency_name, "agency"), *[_p(line, "body") for line in sheet.agency_lines]]
    client = [_p("Bill to", "label"), _p(sheet.client_name, "body")]
    table = Table([[agency, client]], colWidths=[_WIDTH * 0.6, _WIDTH * 0.4])
    table.setStyle(_PARTIES)
    return table


def _facts(sheet: Sheet) -> Table:
    rows = [[_p(label, "label"), _p(value, "body")] for label, value in sheet.facts]
    table = Table(rows, colWidths=[_WIDTH * 0.25, _WIDTH * 0.75])
    table.setStyle(_FACTS)
    return table


def _lines(sheet: Sheet) -> Table:
    header = [_p("Description", "head"), _p("Quantity", "head_num"),
              _p("Unit price", "head_num"), _p("Amount", "head_num")]
    rows = [[_p(d, "cell"), _p(q, "num"), _p(u, "num"), _p(a, "num")]
            for d, q, u, a in sheet.lines]
    table = Table([header, *rows], colWidths=_LINE_WIDTHS, repeatRows=1)
    table.setStyle(_LINES)
    return table


def _totals(sheet: Sheet) -> Table:
    rows = [[_p(label, "num"), _p(value, "num")] for label, value in sheet.totals[:-1]]
    label, value = sheet.totals[-1]
    rows.append([_p(label, "total"), _p(value, "total")])
    table = Table(rows, colWidths=[_WIDTH * 0.7, _WIDTH * 0.3])
    table.setStyle(_TOTALS)
    return table


def _story(sheet: Sheet) -> list[Flowable]:
    story: list[Flowable] = []
    if sheet.void_notice:
        story.append(_p(sheet.void_notice, "void"))
    if sheet.warning:
        story.append(_p(sheet.warning, "warning"))
    story += [_parties(sheet), _p(sheet.title, "title"), _facts(sheet), Spacer(1, 12),
              _lines(sheet), Spacer(1, 6), _totals(sheet), Spacer(1, 12)]
    story += [_p(note, "body") for note in sheet.notes]
    return story


def _footer(sheet: Sheet) -> object:
    stamp = datetime(sheet.issued_on.year, sheet.issued_on.month, sheet.issued_on.day)
    text = f"{sheet.agency_name} · {sheet.title}"

    def decorate(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.setDateFormatter(lambda *_: stamp.strftime("D:%Y%m%d%H%M%S+00'00'"))
        para = _p(f"{text} · page {doc.page}", "small")
        para.wrapOn(canvas, _WIDTH, 1 * cm)
        para.drawOn(canvas, _MARGIN, 1.1 * cm)

    return decorate


def render_pdf(sheet: Sheet) -> bytes:
    """The PDF's bytes: the same sheet always gives the same bytes."""
    buf = io.BytesIO()
    title = f"VOID {sheet.title}" if sheet.void_notice else sheet.title
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=_MARGIN, rightMargin=_MARGIN,
                            topMargin=_MARGIN, bottomMargin=_MARGIN, invariant=1, lang="en",
                            title=title, author=sheet.agency_name[:255], subject=sheet.marker,
                            creator="AICMO billing", producer="AICMO billing (ReportLab)",
                            keywords=sheet.marker)
    decorate = _footer(sheet)
    doc.build(_story(sheet), onFirstPage=decorate, onLaterPages=decorate)
    return buf.getvalue()
