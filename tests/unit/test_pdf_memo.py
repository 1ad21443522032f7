"""Remembered font subsets and Flate streams (actors/_pdf_memo.py): the bytes of every PDF
are the ones reportlab makes without them."""

from __future__ import annotations

import os
import zlib

import pytest
import reportlab
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from actors._pdf_fonts import BOLD, BOLD_ITALIC, FONT, ITALIC, register_fonts
from actors._pdf_memo import _RememberingFlate, remember_subsets
from actors.billing._documents import render
from actors.delivery._render.pdf import render_pdf
from tests.unit.factories.billing import FACTORIES
from tests.unit.test_delivery_factory import build_pack


def _vera() -> TTFont:
    return TTFont("MemoVera", os.path.join(os.path.dirname(reportlab.__file__), "fonts",
                                           "Vera.ttf"))


def test_a_remembered_stream_is_what_zlib_makes_of_it() -> None:
    flate = _RememberingFlate()
    for text in (b"BT /F1 12 Tf (Invoice) Tj ET" * 50, "BT (Rechnung \u2013 f\u00e4llig) Tj ET"):
        raw = text if isinstance(text, bytes) else text.encode("utf8")
        assert flate.encode(text) == zlib.compress(raw)
        assert flate.encode(text) == zlib.compress(raw)  # the second time, remembered


def test_a_remembered_subset_is_the_one_the_face_makes() -> None:
    plain, remembering = _vera(), _vera()
    remember_subsets(remembering)
    # The glyphs are numbered in the order given: the same characters in another order
    # are another subset.
    for subset in ([32, 73, 110, 118], [118, 110, 73, 32], [32, 73, 110, 118]):
        assert remembering.face.makeSubset(subset) == plain.face.makeSubset(subset)


def _documents() -> dict[str, bytes]:
    return {"strategy.pdf": render_pdf(build_pack()),
            **render(FACTORIES["Invoice"](), None)}  # type: ignore[arg-type]


def test_documents_have_the_same_bytes_as_without_the_memo(
        monkeypatch: pytest.MonkeyPatch) -> None:
    register_fonts()
    assert isinstance(pdfdoc.PDFZCompress, _RememberingFlate)
    _documents()  # a first time: the second is served from what the first left
    remembered = _documents()
    # reportlab's own filter and the faces' own makeSubset, for this test only
    monkeypatch.setattr(pdfdoc, "PDFZCompress", pdfdoc.PDFStreamFilterZCompress())
    for name in (FONT, BOLD, ITALIC, BOLD_ITALIC):
        monkeypatch.delattr(pdfmetrics.getFont(name).face, "makeSubset")
    assert _documents() == remembered
