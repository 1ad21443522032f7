"""Durable file operations for packs: a pack is on stable storage before delivery commits
the row that says it was delivered.

The database runs synchronous=FULL; without these fsyncs a power cut could leave it saying
"delivered" over empty or missing files. One fsync per file and per folder keeps it cheap.
"""

from __future__ import annotations

import os
import shutil

FILE_MODE, DIR_MODE = 0o644, 0o755
# O_DIRECTORY refuses to open anything but a folder; not every platform has it.
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)


def sync_dir(path: str) -> None:
    """Make the names in `path` (files created, renamed or removed there) durable."""
    fd = os.open(path, _DIR_FLAGS)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_file(path: str, data: bytes) -> None:
    """Create `path` (it must not exist) holding `data`, synced to disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "wb") as fh:
        os.fchmod(fd, FILE_MODE)  # whatever the umask says: readable, never executable
        fh.write(data)
        fh.flush()
        os.fsync(fd)


def sync_tree(root: str) -> None:
    """Sync every folder under `root`, and `root`, so every file written there has a name."""
    for folder, _, _ in os.walk(root, topdown=False):
        sync_dir(folder)


def make_dirs(path: str) -> None:
    """`mkdir -p path` that syncs the parent of every folder it creates, so the way to the
    pack survives a power cut too."""
    path = os.path.abspath(path)
    if os.path.isdir(path):
        return
    parent = os.path.dirname(path)
    if parent != path and not os.path.exists(parent):
        make_dirs(parent)
    try:
        os.mkdir(path)
    except FileExistsError:
        if not os.path.isdir(path):  # a file in the way: the caller's OSError to report
            raise
        return  # made by someone else meanwhile
    sync_dir(parent)


def remove(path: str) -> None:
    """Remove a file, link or folder tree; nothing to do when it is gone."""
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.unlink(path)
