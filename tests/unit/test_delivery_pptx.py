"""deck.pptx: opens in python-pptx, 10-30 slides, speaker notes everywhere, stable bytes."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import pytest
from pptx import Presentation

from actors.delivery._render.deck import render_deck
from contracts.common import Channel
from tests.unit.test_delivery_factory import CLIENT, build_pack


@pytest.fixture(scope="module")
def deck_bytes() -> bytes:
    return render_deck(build_pack())


@pytest.fixture(scope="module")
def slides(deck_bytes: bytes) -> list[tuple[str, str, str]]:
    """(title, all slide text, notes) per slide."""
    found = []
    for slide in Presentation(io.BytesIO(deck_bytes)).slides:
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        for shape in slide.shapes:
            if shape.has_table:
                texts += [c.text for row in shape.table.rows for c in row.cells]
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        found.append((slide.shapes.title.text, "\n".join(texts), notes))
    return found


def test_deck_has_between_10_and_30_slides_each_with_notes(
    slides: list[tuple[str, str, str]],
) -> None:
    assert 10 <= len(slides) <= 30
    assert all(notes.strip() for _, _, notes in slides)


def test_deck_tells_the_story_in_order(slides: list[tuple[str, str, str]]) -> None:
    titles = [title for title, _, _ in slides]
    assert titles[0] == "Northwind"
    expected = ["Positioning", "Persona: Priya — Financial controller",
                "Narrative and messaging pillars", "Channel plan", "KPIs and targets",
                "Implementation timeline", "Sample creative: LinkedIn", "Quality control",
                "Next steps"]
    assert [t for t in titles if t in expected] == expected
    assert titles[-1] == "Next steps"


def test_title_slide_names_client_date_and_confidentiality(
    slides: list[tuple[str, str, str]],
) -> None:
    text = slides[0][1]
    assert f"Prepared for {CLIENT}" in text
    assert "28 February 2025" in text and "Confidential" in text


def test_one_sample_slide_per_channel_with_the_full_copy_in_notes(
    slides: list[tuple[str, str, str]],
) -> None:
    samples = {t: (body, notes) for t, body, notes in slides if t.startswith("Sample creative")}
    channels = {a.channel for a in build_pack().assets}
    assert len(samples) == len(channels)
    email_body, email_notes = samples["Sample creative: Email"]
    assert "Subject: Month-end, handled: step 1" in email_body
    assert "Unsubscribe at any time." in email_notes
    ad_body, _ = samples["Sample creative: Google Ads (responsive search)"]
    assert "Close Month-End in Days" in ad_body
    assert Channel.GOOGLE_ADS in channels


def test_tables_carry_the_plan_and_kpis(slides: list[tuple[str, str, str]]) -> None:
    by_title = {t: body for t, body, _ in slides}
    assert "£12,000.00" in by_title["Channel plan"]
    assert "Demo bookings" in by_title["KPIs and targets"]
    assert "Wrap-up report" in by_title["Implementation timeline"]


def test_core_properties_come_from_the_command(deck_bytes: bytes) -> None:
    props = Presentation(io.BytesIO(deck_bytes)).core_properties
    assert props.title == "Northwind — Campaign strategy"
    assert props.author == props.last_modified_by == "AICMO"
    assert props.created == props.modified == datetime(2025, 2, 28, 16, 30)
    assert props.revision == 1


def test_package_is_a_plain_pptx_with_fixed_entry_dates(deck_bytes: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(deck_bytes)) as archive:
        names = archive.namelist()
        dates = {i.date_time for i in archive.infolist()}
        content_types = archive.read("[Content_Types].xml").decode()
    assert names[0] == "[Content_Types].xml"
    assert names[1:] == sorted(names[1:])
    assert dates == {(2025, 2, 28, 16, 30, 0)}
    assert "macroEnabled" not in content_types  # a .pptx, not a .pptm
    assert not [n for n in names if "vbaProject" in n or "activeX" in n]


def test_same_command_gives_the_same_bytes(deck_bytes: bytes) -> None:
    assert render_deck(build_pack()) == deck_bytes


def test_smallest_plan_still_makes_at_least_ten_slides() -> None:
    cmd = build_pack()
    strategy = cmd.strategy.model_copy(update={"channel_plan": cmd.strategy.channel_plan[:1]})
    small = cmd.model_copy(update={"strategy": strategy, "assets": cmd.assets[:1],
                                   "calendar": []})

    deck = Presentation(io.BytesIO(render_deck(small)))

    assert len(deck.slides) >= 10
    assert all(s.notes_slide.notes_text_frame.text.strip() for s in deck.slides)
