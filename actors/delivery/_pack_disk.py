"""Durable file operations for packs: a pack is on stable storage before delivery commits
the row that says it was delivered.

The database runs synchronous=FULL; without these fsyncs a power cut could leave it saying
"delivered" over empty or missing files. One fsync per file and per folder keeps it cheap.
"""

from __future__ import annotations

import os
import shutil

from actors._disk import sync_dir

FILE_MODE, DIR_MODE = 0o644, 0o755


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


def remove(path: str) -> None:
    """Remove a file, link or folder tree; nothing to do when it is gone."""
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.unlink(path)
