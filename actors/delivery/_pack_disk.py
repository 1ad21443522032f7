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
# Files open at once in write_files: far below any descriptor limit.
_BATCH = 64


def write_files(files: list[tuple[str, bytes]]) -> None:
    """Create each path (none may exist) holding its bytes, every one synced to disk.

    A batch of files is written before any of them is synced: the same fsync per file, but
    the kernel journals their creation together, which costs it less CPU than write, sync,
    write, sync."""
    for start in range(0, len(files), _BATCH):
        _write_batch(files[start:start + _BATCH])


def _write_batch(files: list[tuple[str, bytes]]) -> None:
    fds: list[int] = []
    try:
        for path, data in files:
            fds.append(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
            os.fchmod(fds[-1], FILE_MODE)  # whatever the umask says: readable, not executable
            _write_all(fds[-1], data)
        for fd in fds:
            os.fsync(fd)
    finally:
        _close_all(fds)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _close_all(fds: list[int]) -> None:
    """Close every descriptor; then raise the first close that failed (a write error some
    file systems report only there)."""
    failed: OSError | None = None
    for fd in fds:
        try:
            os.close(fd)
        except OSError as exc:
            failed = failed or exc
    if failed is not None:
        raise failed


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
