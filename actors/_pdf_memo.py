"""What every PDF of a process would compute again, computed once: font subsets and the
Flate streams they are compressed into.

Every invoice embeds a subset of each Vera face it uses, made by reportlab (makeSubset) and
deflated with the rest of the document's streams. Invoices set nearly the same characters
in nearly the same order (the agency's header comes first, then digits, currency signs and
the words every invoice prints), so the same subset bytes were made and compressed for
almost every one: four of an invoice's five streams had been compressed before, and they
took 90% of its zlib time (85% with a different client name on every invoice). Both are
pure functions of their input, so remembering the last few gives the same bytes, document
for document. (strategy.pdf goes through the same filter, but its many pages and
larger subsets rarely repeat: the gain is billing's.)"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import TTFont

# Distinct inputs remembered: a document has a few streams of its own (its pages) besides
# the font ones every document repeats, which stay the most recently used.
STREAMS, SUBSETS = 32, 16


class _RememberingFlate(pdfdoc.PDFStreamFilterZCompress):
    """reportlab's Flate filter (same name, same zlib call), remembering its last inputs."""

    def __init__(self) -> None:
        self._compress = lru_cache(maxsize=STREAMS)(super().encode)

    def encode(self, text: str | bytes) -> bytes:
        return self._compress(text)


def remember_streams() -> None:
    """Route every Flate stream this process's PDFs write through one remembering filter.
    reportlab looks its filter up as `pdfdoc.PDFZCompress` each time it makes a stream (page
    contents, embedded fonts), so replacing that one object covers them all."""
    if not isinstance(pdfdoc.PDFZCompress, _RememberingFlate):
        pdfdoc.PDFZCompress = _RememberingFlate()


def remember_subsets(font: TTFont) -> None:
    """Make `font`'s face remember the subsets it made, by the characters they hold, in
    order (reportlab numbers a subset's glyphs in the order the document first used them)."""
    make: Callable[[list[int]], bytes] = font.face.makeSubset
    remembered: Callable[[tuple[int, ...]], bytes] = lru_cache(maxsize=SUBSETS)(
        lambda codes: make(list(codes)))

    def make_subset(subset: Any) -> bytes:
        return remembered(tuple(subset))

    font.face.makeSubset = make_subset
