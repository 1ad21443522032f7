"""deck.pptx package mechanics that python-pptx makes slow: new slides, notes, saving.

python-pptx builds every slide and notes slide from scratch, cloning placeholders one by
one and scanning every part of the package for a free part name, and it saves by zipping
the parts, which save_deck would then unzip to rezip with fixed dates. A new slide (or notes
slide) is the same XML every time until its text goes in, so each is a copy of one made
once (read-only, and input-independent); the parts are serialized straight into the
deterministic zip. Part names, relationships and their order, and so the bytes, are what
python-pptx gives.
"""

from __future__ import annotations

from copy import deepcopy
from functools import cache

from pptx import Presentation
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.opc.serialized import PackageWriter, _PhysPkgWriter
from pptx.oxml.xmlchemy import BaseOxmlElement
from pptx.parts.slide import NotesSlidePart, SlidePart
from pptx.presentation import Presentation as Deck
from pptx.slide import Slide, SlideLayout
from pptx.text.text import TextFrame

_CONTENT_TYPES = "[Content_Types].xml"


@cache
def _blank_notes(layout: int) -> BaseOxmlElement:
    """A new notes slide's XML as python-pptx makes it (input-independent, made once)."""
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[layout])
    return slide.notes_slide.part._element


def add_slide_copy(deck: Deck, layout: SlideLayout, element: BaseOxmlElement) -> Slide:
    """A new last slide on `layout` holding a copy of `element`, related as the deck's
    slides.add_slide relates one (which would then clone the layout's placeholders)."""
    presentation = deck.part
    name = PackURI(f"/ppt/slides/slide{len(deck.slides) + 1}.xml")
    part = SlidePart(name, CT.PML_SLIDE, presentation.package, deepcopy(element))
    part.relate_to(layout.part, RT.SLIDE_LAYOUT)
    deck.slides._sldIdLst.add_sldId(presentation.relate_to(part, RT.SLIDE))
    return part.slide


def add_notes_slide(deck: Deck, slide: Slide, layout: int) -> TextFrame:
    """The notes text of `slide`, just added with `layout` as the deck's newest slide, on a
    notes slide made as slide.notes_slide would make it: same part name, relationships and
    their order."""
    presentation = deck.part
    master = presentation.notes_master_part  # made first, as python-pptx does
    # Each slide gets its notes as it is added, so the n-th slide's notes are the n-th.
    name = PackURI(f"/ppt/notesSlides/notesSlide{len(deck.slides)}.xml")
    part = NotesSlidePart(name, CT.PML_NOTES_SLIDE, presentation.package,
                          deepcopy(_blank_notes(layout)))
    part.relate_to(master, RT.NOTES_MASTER)
    part.relate_to(slide.part, RT.SLIDE)
    slide.part.relate_to(part, RT.NOTES_SLIDE)
    frame = slide.notes_slide.notes_text_frame
    if frame is None:
        raise ValueError("the notes master has no notes placeholder")
    return frame


class _Entries(_PhysPkgWriter):
    """Collects what PackageWriter would zip, member name -> bytes."""

    def __init__(self) -> None:
        self.entries: dict[str, bytes] = {}

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        self.entries[pack_uri.membername] = blob


def package_entries(deck: Deck) -> list[tuple[str, bytes]]:
    """Every zip member deck.save would write, [Content_Types].xml first, then by name."""
    package = deck.part.package
    writer = PackageWriter("", package._rels, tuple(package.iter_parts()))
    entries = _Entries()
    writer._write_content_types_stream(entries)  # the steps of PackageWriter._write
    writer._write_pkg_rels(entries)
    writer._write_parts(entries)
    return sorted(entries.entries.items(), key=lambda e: (e[0] != _CONTENT_TYPES, e[0]))
