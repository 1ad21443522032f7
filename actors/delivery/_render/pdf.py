"""strategy.pdf: the typeset strategy, with cover, contents, sections and appendices.

Built with reportlab's platypus in invariant mode: no wall-clock dates, a fixed document id,
and the Info dates taken from the pack's prepared_at, so the same command gives the same bytes.
Laid out in one pass (see pdf_onepass): the contents page learns its page numbers from it.
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
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from contracts.delivery import BuildPack

from .._pack_bytes import utc
from . import outline as o
from .appendices import appendix_outline
from .dates import long_date
from .pdf_onepass import Contents, QueueingCanvas, QueueingFrame
from .pdf_para import Para
from .pdf_style import ACCENT, RULE, ZEBRA, markup, styles
from .plan_sections import strategy_outline

_MARGIN = 2.2 * cm


class _Heading(Para):
    """A section heading: listed in the contents and bookmarked in the PDF outline."""

    def __init__(self, text: str, key: str) -> None:
        super().__init__(markup(text), styles()["h1"])
        self.toc_key = key


class _Doc(BaseDocTemplate):
    contents: Contents

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, _Heading):
            text = flowable.getPlainText()
            self.canv.later(self._mark, text, flowable.toc_key)
            self.contents.add_entry(text, self.page, flowable.toc_key)

    def _mark(self, text: str, key: str) -> None:
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=0)


def _table(block: o.Table) -> Table:
    st = styles()
    rows = [[Para(markup(h), st["head"]) for h in block.header]]
    rows += [[Para(markup(c), st["cell"]) for c in row] for row in block.rows]
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
    return Para(text, st["quote" if block.quote else "body"])


def _flowables(block: o.Block) -> list[Flowable]:
    st = styles()
    if isinstance(block, o.Para):
        return [_para(block)]
    if isinstance(block, o.Sub):
        return [Para(markup(block.text), st["h3" if block.minor else "h2"])]
    if isinstance(block, o.Table):
        return [_table(block), Spacer(1, 8)]
    marks = [f"{i}." if block.numbered else "•" for i in range(1, len(block.items) + 1)]
    return [Para(markup(item), st["bullet"], bulletText=mark)
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
        Para(markup(cmd.strategy.brand), st["cover_brand"]),
        Para("Campaign strategy", st["cover_title"]),
        *[Para(markup(line), st["cover_line"]) for line in lines],
        Spacer(1, 6 * cm),
        Para(markup(note), st["cover_note"]),
        Para("Confidential", st["confidential"]),
        NextPageTemplate("body"),
        PageBreak(),
    ]


def _story(cmd: BuildPack) -> tuple[list[Flowable], Contents]:
    """The flowables in order, and the contents page among them."""
    body: list[Flowable] = []
    for i, section in enumerate(strategy_outline(cmd)):
        body += _section(section, new_page=i > 0 and section.anchor in ("channels",))
    for section in appendix_outline(cmd):
        body += _section(section, new_page=True)
    toc = Contents(styles()["toc0"], [(f.getPlainText(), f.toc_key) for f in body
                                      if isinstance(f, _Heading)])
    return [*_cover(cmd), Para("Contents", styles()["h1"]), toc, PageBreak(), *body], toc


def _margin_para(text: str, right: bool = False) -> Para:
    """One line of header or footer text, through markup so any script prints."""
    return Para(markup(text), styles()["margin_right" if right else "margin"])


def _draw_margin(canvas: Canvas, para: Para, y: float) -> None:
    para.wrapOn(canvas, A4[0] - 2 * _MARGIN, 1 * cm)
    para.drawOn(canvas, _MARGIN, y)


def _page_decorator(cmd: BuildPack, cover: bool) -> Callable[[Canvas, BaseDocTemplate], None]:
    stamp = utc(cmd.prepared_at).strftime("D:%Y%m%d%H%M%S+00'00'")
    top, bottom = A4[1] - 1.5 * cm, 1.1 * cm
    # The same on every page: made once, drawn on each.
    fixed = [] if cover else [
        (_margin_para(f"{cmd.strategy.brand} — Campaign strategy"), top),
        (_margin_para("Confidential", right=True), top),
        (_margin_para(f"Prepared for {cmd.brief.client_name}"), bottom)]

    def margins(canvas: Canvas, page: int) -> None:
        for para, y in fixed:
            _draw_margin(canvas, para, y)
        _draw_margin(canvas, _margin_para(f"Page {page}", right=True), bottom)

    def decorate(canvas: QueueingCanvas, doc: BaseDocTemplate) -> None:
        canvas.setDateFormatter(lambda *_: stamp)
        if not cover:
            canvas.later(margins, canvas, doc.page)

    return decorate


def _document(cmd: BuildPack, buf: io.BytesIO) -> _Doc:
    doc = _Doc(buf, pagesize=A4, leftMargin=_MARGIN, rightMargin=_MARGIN, topMargin=_MARGIN,
               bottomMargin=_MARGIN, invariant=1, lang="en",
               title=f"{cmd.strategy.brand} — Campaign strategy"[:255], author="AICMO",
               subject=f"Prepared for {cmd.brief.client_name}"[:255],
               creator="AICMO delivery", producer="AICMO delivery (ReportLab)",
               keywords=f"campaign {cmd.campaign_id}")
    frame = QueueingFrame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([
        PageTemplate("cover", [frame], onPage=_page_decorator(cmd, cover=True)),
        PageTemplate("body", [frame], onPage=_page_decorator(cmd, cover=False)),
    ])
    return doc


def render_pdf(cmd: BuildPack) -> bytes:
    buf = io.BytesIO()
    doc = _document(cmd, buf)
    story, doc.contents = _story(cmd)
    doc.build(story, canvasmaker=QueueingCanvas)
    return buf.getvalue()
