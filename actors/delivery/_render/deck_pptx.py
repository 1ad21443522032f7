"""deck.pptx mechanics: slide, text and table helpers, and byte-stable saving.

python-pptx stamps the save time into docProps/core.xml and into every zip entry, so the
deck's properties are set from prepared_at and the zip is rewritten with fixed dates and a
fixed entry order. No macros: the package is a plain .pptx, never .pptm.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.presentation import Presentation as Deck
from pptx.shapes.autoshape import Shape
from pptx.slide import Slide
from pptx.text.text import TextFrame
from pptx.util import Emu, Inches, Length, Pt

from contracts.delivery import BuildPack

from .._pack_bytes import deterministic_zip, utc

ACCENT = RGBColor(0x1D, 0x4E, 0x89)
INK = RGBColor(0x1F, 0x29, 0x33)
MUTED = RGBColor(0x61, 0x6E, 0x7C)
PANEL = RGBColor(0xF0, 0xF4, 0xF8)
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.6)
BODY_TOP = Inches(1.5)
_TITLE_ONLY = 5  # layout index in python-pptx's default template
_CONTENT_TYPES = "[Content_Types].xml"

Box = tuple[Length, Length, Length, Length]  # left, top, width, height


def clip(value: str, limit: int) -> str:
    """One line of slide text, cut at a word boundary; the notes carry the full text."""
    flat = " ".join(value.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def new_deck() -> Deck:
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    return deck


def title_shape(slide: Slide) -> Shape:
    """The slide's title placeholder, which the title-only layout every slide uses has."""
    shape = slide.shapes.title
    if shape is None:
        raise ValueError("the slide's layout has no title placeholder")
    return shape


def add_slide(deck: Deck, title: str, notes: str) -> Slide:
    """A title-only slide with speaker notes; the caller adds the body."""
    slide = deck.slides.add_slide(deck.slide_layouts[_TITLE_ONLY])
    shape = title_shape(slide)
    shape.left, shape.top = MARGIN, Inches(0.35)
    shape.width, shape.height = Emu(WIDTH - 2 * MARGIN), Inches(1.0)
    shape.text_frame.text = clip(title, 80)
    para = shape.text_frame.paragraphs[0]
    para.alignment = PP_ALIGN.LEFT
    para.font.size, para.font.bold, para.font.color.rgb = Pt(30), True, ACCENT
    slide.notes_slide.notes_text_frame.text = notes
    return slide


def _lines(frame: TextFrame, lines: list[str], size: int, bullet: bool, color: RGBColor) -> None:
    for line in lines:
        empty = not frame.text and len(frame.paragraphs) == 1
        para = frame.paragraphs[0] if empty else frame.add_paragraph()
        para.text = f"•  {line}" if bullet else line
        para.font.size, para.font.color.rgb = Pt(size), color
        para.space_after = Pt(size * 0.4)


def add_text(slide: Slide, lines: list[str], box: Box, size: int = 18,
             bullet: bool = True, color: RGBColor = INK) -> TextFrame:
    """A text box of lines (bulleted by default) at (left, top, width, height)."""
    shape = slide.shapes.add_textbox(*box)
    frame = shape.text_frame
    frame.word_wrap = True
    _lines(frame, lines, size, bullet, color)
    return frame


def add_column(slide: Slide, heading: str, items: list[str], box: Box,
               size: int = 16) -> None:
    """A bold accent heading over bulleted items."""
    frame = add_text(slide, [heading], box, size=size + 2, bullet=False, color=ACCENT)
    frame.paragraphs[0].font.bold = True
    _lines(frame, items, size, True, INK)


def add_panel(slide: Slide, lines: list[str], box: Box,
              size: int = 14) -> None:
    """Lines on a shaded panel, as published copy is shown."""
    panel = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, *box)
    panel.fill.solid()
    panel.fill.fore_color.rgb = PANEL
    panel.line.fill.background()
    frame = panel.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP
    _lines(frame, lines, size, False, INK)
    for para in frame.paragraphs:
        para.alignment = PP_ALIGN.LEFT


def body_box(left: float = 0.0, width: float = 1.0, top: Length = BODY_TOP) -> Box:
    """A box in the body area; left and width are fractions of the usable width."""
    usable = WIDTH - 2 * MARGIN
    return (Emu(int(MARGIN + usable * left)), top, Emu(int(usable * width)),
            Emu(HEIGHT - top - Inches(0.5)))


def add_table(slide: Slide, header: tuple[str, ...], rows: Sequence[tuple[str, ...]],
              widths: tuple[float, ...], size: int = 13) -> None:
    shown = rows[:12]
    usable = Emu(WIDTH - 2 * MARGIN)
    height = Emu(Inches(0.42) * (len(shown) + 1))
    table = slide.shapes.add_table(len(shown) + 1, len(header), MARGIN, BODY_TOP, usable,
                                   height).table
    for col, weight in enumerate(widths):
        table.columns[col].width = Emu(int(usable * weight / sum(widths)))
    for r, row in enumerate([header, *shown]):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = clip(value, 90)
            cell.text_frame.paragraphs[0].font.size = Pt(size)


def _set_properties(deck: Deck, cmd: BuildPack) -> None:
    props, when = deck.core_properties, utc(cmd.prepared_at)
    props.title = clip(f"{cmd.strategy.brand} — Campaign strategy", 200)
    props.subject = clip(f"Prepared for {cmd.brief.client_name}", 200)
    props.author = props.last_modified_by = "AICMO"
    props.keywords = f"campaign {cmd.campaign_id}"
    props.category = "Confidential"
    props.created = props.modified = when
    props.revision = 1


def save_deck(deck: Deck, cmd: BuildPack) -> bytes:
    """The deck's bytes with fixed properties, entry dates and entry order."""
    _set_properties(deck, cmd)
    raw = io.BytesIO()
    deck.save(raw)
    with zipfile.ZipFile(raw) as archive:
        names = sorted(archive.namelist(), key=lambda n: (n != _CONTENT_TYPES, n))
        entries = [(name, archive.read(name)) for name in names]
    return deterministic_zip(entries, cmd.prepared_at)
