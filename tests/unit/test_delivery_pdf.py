"""strategy.pdf: a typeset, multi-page strategy a client can read, the same bytes every time."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from actors.delivery._render.pdf import render_pdf
from tests.unit.test_delivery_factory import CLIENT, build_pack

SECTIONS = [
    "Executive summary", "Business reality", "Market truth", "Audience and personas",
    "Value architecture", "Narrative", "Channel strategy", "Constraints", "Measurement",
    "Implementation timeline", "Next steps", "Appendix A — Creative assets",
    "Appendix B — Content calendar", "Appendix C — Quality control",
]


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render_pdf(build_pack())


@pytest.fixture(scope="module")
def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


@pytest.fixture(scope="module")
def pages(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def words(text: str) -> list[str]:
    # Real words only: the dot leaders of the contents page do not count.
    return re.findall(r"[^\W\d_][\w'\u2019-]*", text)


def test_cover_says_who_it_is_for_when_and_that_it_is_confidential(pages: list[str]) -> None:
    cover = pages[0]
    assert f"Prepared for {CLIENT}" in cover
    assert "28 February 2025" in cover
    assert "Confidential" in cover
    assert "Campaign strategy" in cover


def test_contents_lists_every_section_with_its_page(pages: list[str]) -> None:
    contents = pages[1]
    assert "Contents" in contents
    for title in SECTIONS:
        assert title in contents


def test_every_section_heading_is_in_the_text(pages: list[str]) -> None:
    body = "\n".join(pages[2:])
    for title in SECTIONS:
        assert title in body


def test_the_document_is_long_enough_and_paginated(pages: list[str]) -> None:
    assert len(words("\n".join(pages))) >= 2500
    assert len(pages) >= 8
    for number, text in enumerate(pages[1:], start=2):
        assert f"Page {number}" in text


def test_strategy_content_comes_from_the_command(pages: list[str]) -> None:
    text = " ".join(" ".join(pages).split())
    cmd = build_pack()
    assert cmd.strategy.value.positioning in text
    for persona in cmd.strategy.personas:
        assert persona.name in text and persona.objections[0] in text
    assert "£12,000.00" in text  # the LinkedIn share of the channel table
    assert "Demo bookings" in text and "Landing-page CTR" in text
    assert "Wrap-up report" in text
    assert "FCA financial promotion rules apply to any claim." in text


def test_appendix_carries_every_asset_and_calendar_entry(pages: list[str]) -> None:
    text = " ".join(" ".join(pages).split())
    cmd = build_pack()
    for asset in cmd.assets:
        assert asset.asset_id in text
        assert " ".join(asset.body.split())[:60] in text
    assert "Month-end, handled: step 3" in text  # an email subject
    assert "Reconciliation, Handled" in text  # a Google ad headline
    for entry in cmd.calendar:
        assert entry.day.isoformat() in text


def test_metadata_is_explicit_and_dated_from_prepared_at(reader: PdfReader) -> None:
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Northwind — Campaign strategy"
    assert meta.author == "AICMO"
    assert meta.creator == "AICMO delivery"
    assert meta.producer == "AICMO delivery (ReportLab)"
    assert meta["/CreationDate"] == meta["/ModDate"] == "D:20250228163000+00'00'"


def test_outline_bookmarks_every_section(reader: PdfReader) -> None:
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles == SECTIONS


def test_same_command_gives_the_same_bytes(pdf: bytes) -> None:
    assert render_pdf(build_pack()) == pdf


def test_text_from_the_brief_cannot_inject_markup() -> None:
    cmd = build_pack()
    brief = cmd.brief.model_copy(update={"client_name": "Acme <b>& Sons</b> <font size=40>"})
    text = PdfReader(io.BytesIO(render_pdf(cmd.model_copy(update={"brief": brief})))).pages[0]

    assert "Prepared for Acme <b>& Sons</b> <font size=40>" in text.extract_text()


def test_names_in_other_scripts_are_printed_not_dropped() -> None:
    cmd = build_pack()
    brief = cmd.brief.model_copy(update={"client_name": "北京科技 · 서울 Ltd"})
    pdf = render_pdf(cmd.model_copy(update={"brief": brief}))

    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    assert "Prepared for 北京科技 · 서울 Ltd" in pages[0]
    assert "Prepared for 北京科技 · 서울 Ltd" in pages[3]  # the running footer
