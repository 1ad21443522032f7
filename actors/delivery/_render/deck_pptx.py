"""deck.pptx mechanics: slide, text and table helpers, and byte-stable saving.

python-pptx stamps the save time into docProps/core.xml and into every zip entry, so the
deck's properties are set from prepared_at and the parts are zipped with fixed dates and a
fixed entry order (deck_package). No macros: the package is a plain .pptx, never .pptm.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import deepcopy
from functools import cache

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.text import CT_TextParagraph
from pptx.oxml.xmlchemy import BaseOxmlElement
from pptx.presentation import Presentation as Deck
from pptx.shapes.autoshape import Shape
from pptx.slide import Slide
from pptx.text.text import TextFrame, _Paragraph
from pptx.util import Emu, Inches, Length, Pt

from contracts.delivery import BuildPack

from .._pack_bytes import deterministic_zip, utc
from .deck_package import add_notes_slide, add_slide_copy, package_entries

ACCENT = RGBColor(0x1D, 0x4E, 0x89)
INK = RGBColor(0x1F, 0x29, 0x33)
MUTED = RGBColor(0x61, 0x6E, 0x7C)
PANEL = RGBColor(0xF0, 0xF4, 0xF8)
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.6)
BODY_TOP = Inches(1.5)
_TITLE_ONLY, _BLANK = 5, 6  # layout indexes in python-pptx's default template

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


def _place_title(shape: Shape, title: str) -> None:
    shape.left, shape.top = MARGIN, Inches(0.35)
    shape.width, shape.height = Emu(WIDTH - 2 * MARGIN), Inches(1.0)
    shape.text_frame.text = title
    para = shape.text_frame.paragraphs[0]
    para.alignment = PP_ALIGN.LEFT
    para.font.size, para.font.bold, para.font.color.rgb = Pt(30), True, ACCENT


@cache
def _untitled_slide() -> BaseOxmlElement:
    """A new slide as add_slide leaves it before the title's text goes in (made once)."""
    deck = new_deck()
    slide = deck.slides.add_slide(deck.slide_layouts[_TITLE_ONLY])
    _place_title(title_shape(slide), "")
    return slide.part._element


def add_slide(deck: Deck, title: str, notes: str) -> Slide:
    """A title-only slide with speaker notes; the caller adds the body."""
    # What python-pptx's add_slide and _place_title make, from a copy of what they made once.
    slide = add_slide_copy(deck, deck.slide_layouts[_TITLE_ONLY], _untitled_slide())
    title_shape(slide).text_frame.paragraphs[0]._p.append_text(clip(title, 80))
    add_notes_slide(deck, slide, _TITLE_ONLY).text = notes
    return slide


def _style(para: _Paragraph, size: int, color: RGBColor) -> None:
    para.font.size, para.font.color.rgb = Pt(size), color
    para.space_after = Pt(size * 0.4)


@cache
def _styled_paragraph(size: int, color: RGBColor) -> CT_TextParagraph:
    """A new paragraph as _style leaves it, before it has text (made once per style)."""
    deck = Presentation()
    box = deck.slides.add_slide(deck.slide_layouts[_BLANK]).shapes.add_textbox(0, 0, 1, 1)
    para = box.text_frame.add_paragraph()
    _style(para, size, color)
    return para._p


def _lines(frame: TextFrame, lines: list[str], size: int, bullet: bool, color: RGBColor) -> None:
    for line in lines:
        text = f"•  {line}" if bullet else line
        if len(frame.paragraphs) == 1 and not frame.text:  # the frame's own first paragraph
            para = frame.paragraphs[0]
            para.text = text
            _style(para, size, color)
        else:  # python-pptx's add_paragraph and _style, without redoing _style's lookups
            p = deepcopy(_styled_paragraph(size, color))
            frame._txBody.append(p)
            p.append_text(text)


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
    return deterministic_zip(package_entries(deck), cmd.prepared_at)
