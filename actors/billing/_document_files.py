"""Invoice documents on disk: written atomically and durably, never over a stranger's file.

An invoice's documents are `<out_dir>/_invoices/<campaign_id>/<number>.pdf` and `.html`: a
folder per campaign, apart from the campaign's pack (delivery's), so a number handed out
twice by a frame that never committed can only ever meet the same campaign's own file.

A file there is ours only when it is a regular file (not a link), of a size we would write,
holding the marker `aicmo-invoice:<invoice_id>` of this very invoice (the PDF's subject and
keywords, the HTML's generator meta tag). Anything else is foreign: an issue refuses it, a
void keeps it, and neither touches it. Each file is written under a hidden temp name beside
it, synced, and renamed into place, then the folder is synced, so a reader never sees half a
document and the files are on disk before billing commits the row that names them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable

from actors._disk import make_dirs, sync_dir

FILE_MODE, DIR_MODE = 0o644, 0o755
# Far above any invoice we render; a bigger file is not ours and is not read into memory.
_SIZE_LIMIT = 8 << 20
# No campaign id starts with "_" (contracts.common.ID_PATTERN): this folder cannot be
# a campaign's pack folder, whatever the campaigns are called.
INVOICES = "_invoices"
_DOCUMENT = re.compile(r"INV-[0-9]{4}-[0-9]{6}\.(?:pdf|html)")
_LEFTOVER = re.compile(r"\.INV-[0-9]{4}-[0-9]{6}\.(?:pdf|html)\.tmp-[0-9]+")


class ForeignDocument(Exception):
    """Something this system did not write sits where an invoice document goes."""

    def __init__(self, path: str):
        super().__init__(f"{path} already exists and is not this invoice's document: "
                         "left it untouched")
        self.path = path


def folder_of(out_dir: str, campaign_id: str) -> str:
    return os.path.join(os.path.abspath(out_dir), INVOICES, campaign_id)


def is_ours(path: str, marker: str) -> bool:
    """True when `path` is a regular file carrying `marker`."""
    if os.path.islink(path) or not os.path.isfile(path):
        return False
    try:
        if os.path.getsize(path) > _SIZE_LIMIT:
            return False
        with open(path, "rb") as fh:
            return marker.encode("ascii") in fh.read()
    except OSError:
        return False


def foreign_paths(paths: list[str], marker: str) -> list[str]:
    """Those of `paths` that something not ours holds."""
    return [p for p in paths if os.path.lexists(p) and not is_ours(p, marker)]


def write_documents(folder: str, files: dict[str, bytes], marker: str,
                    refuse_foreign: bool) -> list[str]:
    """Write `files` (name -> bytes) into `folder`, each replacing only a file of ours.

    A foreign file raises ForeignDocument before anything is written when `refuse_foreign`;
    otherwise it is kept and its path returned. OSErrors propagate as the disk raises them."""
    make_dirs(folder, DIR_MODE)
    _sweep(folder, lambda name: _LEFTOVER.fullmatch(name) is not None)
    targets = {name: os.path.join(folder, name) for name in sorted(files)}
    kept = foreign_paths(list(targets.values()), marker)
    if kept and refuse_foreign:
        raise ForeignDocument(kept[0])
    for name, path in targets.items():
        if path not in kept:
            _place(path, files[name], marker)
    sync_dir(folder)
    return kept


def remove_ours(folder: str, marker: str, keep: frozenset[str] = frozenset()) -> int:
    """Remove this invoice's documents from `folder` but those named in `keep`: left by a
    frame that never committed under another number, or never committed at all."""
    return _sweep(folder, lambda name: (_DOCUMENT.fullmatch(name) is not None
                                        and name not in keep
                                        and is_ours(os.path.join(folder, name), marker)))


def _place(path: str, data: bytes, marker: str) -> None:
    folder, name = os.path.split(path)
    tmp = os.path.join(folder, f".{name}.tmp-{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), FILE_MODE)  # whatever the umask says
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if foreign_paths([path], marker):  # as late as can be: a stranger's file stays
            raise ForeignDocument(path)
        os.replace(tmp, path)
    except BaseException:
        if os.path.lexists(tmp):
            os.unlink(tmp)
        raise


def _sweep(folder: str, doomed: Callable[[str], bool]) -> int:
    try:
        with os.scandir(folder) as entries:
            names = sorted(e.name for e in entries if e.is_file(follow_symlinks=False))
    except (FileNotFoundError, NotADirectoryError):  # nothing was ever written there
        return 0
    removed = [name for name in names if doomed(name)]
    for name in removed:
        os.unlink(os.path.join(folder, name))
    if removed:
        sync_dir(folder)
    return len(removed)
