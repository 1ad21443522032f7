"""What a client reads in a rendered pack, read back from disk: every client-facing text,
each file first verified against its manifest entry.

Read: the Markdown files (strategy.md, channels/*.md), every HTML page (visible text,
unescaped, and attribute values: a stand-in link hides in an href), the deck's slide
text and its speaker notes, calendar.ics (unfolded and unescaped), calendar.csv and
README.txt. Not read, on purpose:
- strategy.pdf: rendered from the same strategy sections EvaluateAssets checks one by
  one; extracting text from a PDF is slow and lossy (words split at line ends).
- *.json: data for machines. assets.json holds the assets EvaluateAssets checked, and
  qc_report.json QC's own findings.
Every file is verified, read or not: a pack that is not what delivery wrote is refused.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from contracts.common import PackFile
from contracts.qc import PACK_TARGET

from ._pack_html import html_text
from ._pack_ics import calendar_text


@dataclass(frozen=True)
class PackText:
    """One client-facing text of the pack: "pack:<path>" or "pack:<path>#<part>"."""

    target: str
    text: str


class PackMissing(Exception):
    """The pack directory is not there: this node cannot see the shared volume (yet)."""


# Markdown backslash escapes delivery adds so text shows as written ("\#1", "\[Brand\]").
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")


def markdown_text(data: bytes) -> str:
    return _MD_ESCAPE.sub(r"\1", data.decode("utf-8"))


def _shape_text(shape: object) -> Iterator[str]:
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    if getattr(shape, "shape_type", None) == MSO_SHAPE_TYPE.GROUP:
        for inner in shape.shapes:  # type: ignore[attr-defined]
            yield from _shape_text(inner)
    if getattr(shape, "has_text_frame", False) and shape.text_frame.text:  # type: ignore[attr-defined]
        yield shape.text_frame.text  # type: ignore[attr-defined]
    if getattr(shape, "has_table", False):
        for row in shape.table.rows:  # type: ignore[attr-defined]
            yield from (cell.text for cell in row.cells if cell.text)


def deck_texts(path: str, data: bytes) -> list[PackText]:
    """Each slide's text and, separately, its speaker notes: a presenter reads those aloud.
    python-pptx is imported on the first deck: a shard checking data packs only (no deck)
    is spared its 10 MiB or so."""
    from pptx import Presentation

    texts = []
    for n, slide in enumerate(Presentation(io.BytesIO(data)).slides, start=1):
        shown = "\n".join(t for shape in slide.shapes for t in _shape_text(shape))
        texts.append(PackText(f"{PACK_TARGET}{path}#slide-{n}", shown))
        if slide.has_notes_slide:
            notes = slide.notes_slide.notes_text_frame.text
            texts.append(PackText(f"{PACK_TARGET}{path}#slide-{n}-notes", notes))
    return texts


def _whole(read: Callable[[bytes], str]) -> Callable[[str, bytes], list[PackText]]:
    return lambda path, data: [PackText(f"{PACK_TARGET}{path}", read(data))]


_READERS: dict[str, Callable[[str, bytes], list[PackText]]] = {
    ".md": _whole(markdown_text),
    ".html": _whole(html_text),
    ".pptx": deck_texts,
    ".ics": _whole(calendar_text),
    ".csv": _whole(lambda data: data.decode("utf-8-sig")),
    ".txt": _whole(lambda data: data.decode("utf-8")),
}


def _reader(path: str) -> Callable[[str, bytes], list[PackText]] | None:
    return _READERS.get(os.path.splitext(path)[1].lower())


def _verified(pack_dir: str, entry: PackFile) -> tuple[bytes | None, str | None]:
    """The file's bytes, or why they cannot be trusted."""
    try:
        with open(os.path.join(pack_dir, *entry.path.split("/")), "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        return None, f"{entry.path} is missing"
    except OSError as exc:
        return None, f"{entry.path} is unreadable: {exc.strerror}"
    if len(data) != entry.bytes or hashlib.sha256(data).hexdigest() != entry.sha256:
        return None, f"{entry.path} differs from its manifest entry (sha256 or size)"
    return data, None


def read_pack(pack_dir: str, files: list[PackFile]) -> tuple[list[PackText], list[str]]:
    """(every client-facing text of the pack, the files that failed verification).

    Raises PackMissing when the directory itself is absent: a fault of where this runs
    (the shared volume not mounted), not of the pack. A path outside the pack is refused
    as a failed verification, never opened."""
    if not os.path.isdir(pack_dir):
        raise PackMissing(f"pack directory {pack_dir} is not there")
    texts: list[PackText] = []
    problems: list[str] = []
    for entry in sorted(files, key=lambda f: f.path):
        if not _safe(entry.path):
            problems.append(f"{entry.path!r} is not a path inside the pack")
            continue
        data, problem = _verified(pack_dir, entry)
        read = _reader(entry.path)
        if problem is not None:
            problems.append(problem)
        elif data is not None and read is not None:
            texts += _read(read, entry.path, data, problems)
    return texts, problems


def _read(read: Callable[[str, bytes], list[PackText]], path: str, data: bytes,
          problems: list[str]) -> list[PackText]:
    try:
        return read(path, data)
    except Exception as exc:  # a file no client app could open is as bad as a wrong one
        problems.append(f"{path} cannot be read as {os.path.splitext(path)[1]}: "
                        f"{type(exc).__name__}: {exc}")
        return []


def _safe(path: str) -> bool:
    parts = path.split("/")
    return bool(path) and not path.startswith("/") and all(p not in ("", ".", "..")
                                                           for p in parts)
