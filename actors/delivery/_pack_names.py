"""What a pack may be called and what its files are: safe names, paths and media types."""

from __future__ import annotations

import re

from contracts.common import Channel

SCHEMA = "aicmo.pack/2"
MANIFEST = "manifest.json"

_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_UNSAFE = re.compile(r"[^a-z0-9._-]+")

MEDIA_TYPES = {
    ".html": "text/html",
    ".pdf": "application/pdf",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".md": "text/markdown",
    ".json": "application/json",
    ".csv": "text/csv",
    ".ics": "text/calendar",
    ".txt": "text/plain",
}


def check_name(name: str, what: str) -> None:
    """Raise ValueError unless `name` is one safe path component."""
    # fullmatch, not ^...$: "$" would let a trailing newline through.
    if name in (".", "..") or not _SAFE_NAME.fullmatch(name):
        raise ValueError(f"unsafe {what}: {name!r}")


def check_path(path: str) -> None:
    """Raise ValueError unless `path` is a relative '/'-separated path of safe components."""
    for part in path.split("/"):
        check_name(part, "file path")


def media_type(path: str) -> str:
    dot = path.rfind(".")
    return MEDIA_TYPES.get(path[dot:].lower() if dot >= 0 else "", "application/octet-stream")


def safe_name(text: str, fallback: str = "file") -> str:
    """A file name stem made only of [a-z0-9._-], never hidden, never a path."""
    name = _UNSAFE.sub("-", text.lower()).strip(".-_")[:48]
    return name or fallback


def channel_file(channel: Channel) -> str:
    """Where a channel's own Markdown file sits in the pack."""
    return f"channels/{safe_name(channel.value, 'channel')}.md"
