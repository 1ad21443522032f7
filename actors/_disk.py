"""Durable folder operations for what actors write to disk (packs, invoice documents):
what they write is on stable storage before the row that says so commits.

The databases run synchronous=FULL; without these fsyncs a power cut could leave a row
saying "delivered" or "issued" over missing files.
"""

from __future__ import annotations

import os

# O_DIRECTORY refuses to open anything but a folder; not every platform has it.
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)


def sync_dir(path: str) -> None:
    """Make the names in `path` (files created, renamed or removed there) durable."""
    fd = os.open(path, _DIR_FLAGS)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_dirs(path: str, mode: int = 0o777) -> None:
    """`mkdir -p path` that syncs the parent of every folder it creates, so the way to the
    files survives a power cut too. `mode` is filtered by the umask, as for os.mkdir."""
    path = os.path.abspath(path)
    if os.path.isdir(path):
        return
    parent = os.path.dirname(path)
    if parent != path and not os.path.exists(parent):
        make_dirs(parent, mode)
    try:
        os.mkdir(path, mode)
    except FileExistsError:
        if not os.path.isdir(path):  # a file in the way: the caller's OSError to report
            raise
        return  # made by someone else meanwhile
    sync_dir(parent)
