"""One layout pass for a document with a contents page, where multiBuild takes two.

multiBuild lays the whole document out twice: the first pass only learns on which pages the
headings land, the second draws the contents page with those numbers. Here platypus lays the
document out once while the canvas queues everything it would draw; when layout is over the
contents' page numbers are known, and the queue is drawn in the order a plain build draws it.
So the PDF has the very bytes of multiBuild's last pass: the same drawing calls, in the same
order, on the same canvas (which matters, since fonts number their glyphs in order of use).

The contents page is laid out with its entries' titles before their pages are known. That is
its final geometry: a page number is drawn by a callback after the title, taking no width.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame
from reportlab.platypus.tableofcontents import TableOfContents

_Call = tuple[Callable[..., Any], tuple[Any, ...]]


class QueueingCanvas(Canvas):
    """A canvas that queues page output during layout and draws it all when saved."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._queue: list[_Call] | None = []

    def later(self, fn: Callable[..., Any], *args: Any) -> None:
        """Call fn(*args) in drawing order: now once drawing has begun, else when saved."""
        if self._queue is None:
            fn(*args)
        else:
            self._queue.append((fn, args))

    # What platypus itself does to the canvas between flowables, besides drawing them.
    def showPage(self) -> None:
        self.later(super().showPage)

    def setPageRotation(self, rot: int) -> None:
        self.later(super().setPageRotation, rot)

    def setPageSize(self, size: tuple[float, float]) -> None:
        self.later(super().setPageSize, size)

    def save(self) -> None:
        queue, self._queue = self._queue or [], None
        for fn, args in queue:
            fn(*args)
        super().save()


class QueueingFrame(Frame):
    """A frame that lays flowables out as usual but has the canvas draw them later."""

    def add(self, flowable: Flowable, canv: QueueingCanvas, trySplit: int = 0) -> int:
        # Frame._add places the flowable and then calls its drawOn: shadow that one call.
        def queue(canvas: QueueingCanvas, x: float, y: float, _sW: float = 0) -> None:
            canvas.later(self._draw, flowable, canvas, x, y, _sW)

        flowable.drawOn = queue
        try:
            return int(self._add(flowable, canv, trySplit))
        finally:
            del flowable.drawOn

    def _draw(self, flowable: Flowable, canvas: Canvas, x: float, y: float, sw: float) -> None:
        flowable._frame = self  # as Frame._add has it while drawing
        try:
            flowable.drawOn(canvas, x, y, _sW=sw)
        finally:
            del flowable._frame


class Contents(TableOfContents):
    """A table of contents that knows its entries' titles from the start, and their pages
    by the time it is drawn (through add_entry, as layout places each heading)."""

    def __init__(self, style: ParagraphStyle, titles: list[tuple[str, str]]) -> None:
        super().__init__(levelStyles=[style], dotsMinLevel=0)
        self._titles = titles
        # The page slot of each entry holds its index until the real page is known.
        self._lastEntries = [(0, text, i, key) for i, (text, key) in enumerate(titles)]

    def add_entry(self, text: str, page: int, key: str) -> None:
        """Record where layout put the next heading."""
        if self._titles[len(self._entries)] != (text, key):
            raise RuntimeError(f"heading {text!r} is not the next contents entry")
        self.addEntry(0, text, page, key)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        size = super().wrap(availWidth, availHeight)
        draw_end = self.canv.getNamedCB("drawTOCEntryEnd")

        def draw_entry_end(canvas: Canvas, kind: str, label: str) -> None:
            index, rest = label.split(",", 1)
            draw_end(canvas, kind, f"{self._entries[int(index)][2]},{rest}")

        self.canv.setNamedCB("drawTOCEntryEnd", draw_entry_end)
        return size
