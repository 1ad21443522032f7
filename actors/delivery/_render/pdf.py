"""strategy.pdf: the typeset strategy, with cover, contents, sections and appendices.

Built with reportlab's platypus in invariant mode: no wall-clock dates, a fixed document id,
and the Info dates taken from the pack's prepared_at, so the same command gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from contracts.delivery import BuildPack

from .._pack_bytes import utc
from . import outline as o
from .appendices import appendix_outline
from .dates import long_date
from .pdf_style import ACCENT, RULE, ZEBRA, markup, styles
from .plan_sections import strategy_outline

_MARGIN = 2.2 * cm


class _Heading(Paragraph):
    """A section heading: listed in the contents and bookmarked in the PDF outline."""

    def __init__(self, text: str, key: str) -> None:
        super().__init__(markup(text), styles()["h1"])
        self.toc_key = key


class _Doc(BaseDocTemplate):
    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, _Heading):
            text = flowable.getPlainText()
            self.canv.bookmarkPage(flowable.toc_key)
            self.canv.addOutlineEntry(text, flowable.toc_key, level=0)
            self.notify("TOCEntry", (0, text, self.page, flowable.toc_key))


def _table(block: o.Table) -> Table:
    st = styles()
    rows = [[Paragraph(markup(h), st["head"]) for h in block.header]]
    rows += [[Paragraph(markup(c), st["cell"]) for c in row] for row in block.rows]
    weights = block.widths or (1.0,) * len(block.header)
    width = A4[0] - 2 * _MARGIN
    table = Table(rows, colWidths=[width * w / sum(weights) for w in weights], repeatRows=1)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA]),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def _para(block: o.Para) -> Paragraph:
    st = styles()
    text = markup(block.text)
    if block.label:
        text = f"<b>{markup(block.label)}.</b> {text}" if text else f"<b>{markup(block.label)}</b>"
    return Paragraph(text, st["quote" if block.quote else "body"])


def _flowables(block: o.Block) -> list[Flowable]:
    st = styles()
    if isinstance(block, o.Para):
        return [_para(block)]
    if isinstance(block, o.Sub):
        return [Paragraph(markup(block.text), st["h3" if block.minor else "h2"])]
    if isinstance(block, o.Table):
        return [_table(block), Spacer(1, 8)]
    marks = [f"{i}." if block.numbered else "•" for i in range(1, len(block.items) + 1)]
    return [Paragraph(markup(item), st["bullet"], bulletText=mark)
            for mark, item in zip(marks, block.items, strict=True)]


def _section(section: o.Section, new_page: bool) -> list[Flowable]:
    story: list[Flowable] = [PageBreak()] if new_page else []
    story.append(_Heading(section.title, section.anchor))
    for block in section.blocks:
        story += _flowables(block)
    return story


def _cover(cmd: BuildPack) -> list[Flowable]:
    st = styles()
    lines = [f"Prepared for {cmd.brief.client_name}", long_date(cmd.prepared_at.date())]
    note = (f"Campaign {cmd.campaign_id} · strategy {cmd.strategy_id} "
            f"version {cmd.strategy_version} · seed {cmd.seed}")
    return [
        Spacer(1, 5 * cm),
        Paragraph(markup(cmd.strategy.brand), st["cover_brand"]),
        Paragraph("Campaign strategy", st["cover_title"]),
        *[Paragraph(markup(line), st["cover_line"]) for line in lines],
        Spacer(1, 6 * cm),
        Paragraph(markup(note), st["cover_note"]),
        Paragraph("Confidential", st["confidential"]),
        NextPageTemplate("body"),
        PageBreak(),
    ]


def _contents() -> list[Flowable]:
    toc = TableOfContents(levelStyles=[styles()["toc0"]], dotsMinLevel=0)
    return [Paragraph("Contents", styles()["h1"]), toc, PageBreak()]


def _story(cmd: BuildPack) -> list[Flowable]:
    story = _cover(cmd) + _contents()
    for i, section in enumerate(strategy_outline(cmd)):
        story += _section(section, new_page=i > 0 and section.anchor in ("channels",))
    for section in appendix_outline(cmd):
        story += _section(section, new_page=True)
    return story


def _margin_text(canvas: Canvas, text: str, y: float, right: bool = False) -> None:
    """One line of header or footer text, through markup so any script prints."""
    width = A4[0] - 2 * _MARGIN
    para = Paragraph(markup(text), styles()["margin_right" if right else "margin"])
    para.wrapOn(canvas, width, 1 * cm)
    para.drawOn(canvas, _MARGIN, y)


def _page_decorator(cmd: BuildPack, cover: bool) -> Callable[[Canvas, BaseDocTemplate], None]:
    stamp = utc(cmd.prepared_at).strftime("D:%Y%m%d%H%M%S+00'00'")
    header = f"{cmd.strategy.brand} — Campaign strategy"
    footer = f"Prepared for {cmd.brief.client_name}"

    def decorate(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.setDateFormatter(lambda *_: stamp)
        if cover:
            return
        top = A4[1] - 1.5 * cm
        _margin_text(canvas, header, top)
        _margin_text(canvas, "Confidential", top, right=True)
        _margin_text(canvas, footer, 1.1 * cm)
        _margin_text(canvas, f"Page {doc.page}", 1.1 * cm, right=True)

    return decorate


def _document(cmd: BuildPack, buf: io.BytesIO) -> _Doc:
    doc = _Doc(buf, pagesize=A4, leftMargin=_MARGIN, rightMargin=_MARGIN, topMargin=_MARGIN,
               bottomMargin=_MARGIN, invariant=1, lang="en",
               title=f"{cmd.strategy.brand} — Campaign strategy"[:255], author="AICMO",
               subject=f"Prepared for {cmd.brief.client_name}"[:255],
               creator="AICMO delivery", producer="AICMO delivery (ReportLab)",
               keywords=f"campaign {cmd.campaign_id}")
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([
        PageTemplate("cover", [frame], onPage=_page_decorator(cmd, cover=True)),
        PageTemplate("body", [frame], onPage=_page_decorator(cmd, cover=False)),
    ])
    return doc


def render_pdf(cmd: BuildPack) -> bytes:
    buf = io.BytesIO()
    _document(cmd, buf).multiBuild(_story(cmd))
    return buf.getvalue()
