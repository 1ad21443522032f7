"""Whose entry sits where a pack goes: only what this system wrote is replaced or removed.

A pack is published as <out_dir>/<campaign_id>/ and <out_dir>/<campaign_id>.zip, names a
user may already have taken (a folder called Documents). An entry there is ours only when
it carries the manifest.json that write_pack puts in every pack, naming this campaign id
and a pack schema of ours:
- the folder: a real folder (not a link) whose manifest.json is a real file holding a JSON
  object with that campaign_id and an "aicmo.pack/..." schema;
- the zip: a real file that opens as a zip with a manifest.json entry saying the same.
Anything else, including whatever cannot be read, is foreign: a write refuses it and a
revoke keeps it. Only the manifest is read, not the other files: a pack someone edited is
still the pack we wrote for this campaign, and replacing it is what a redelivery is for.

Leftovers of a crashed write are ours by name: `.<id>.tmp-<pid>`, `.<id>.zip.tmp-<pid>` and
`.<id>.old-<pid>`, hidden names ending in a number, are made by write_pack alone.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
import zlib

from ._pack_disk import remove
from ._pack_names import MANIFEST

SCHEMA_FAMILY = "aicmo.pack/"  # any version of our pack format: an older pack is ours too
# Far above any manifest we write; a bigger one is not ours, and is not read into memory.
_MANIFEST_LIMIT = 1 << 20
# What a zip that is not quite a zip raises on open or read: reason enough to call it foreign.
_UNREADABLE_ZIP = (OSError, EOFError, RuntimeError, NotImplementedError, ValueError,
                   zlib.error, zipfile.BadZipFile, zipfile.LargeZipFile)


class ForeignEntry(Exception):
    """Something this system did not write sits where the pack goes; it was not touched."""

    def __init__(self, path: str):
        super().__init__(f"{path} already exists and is not this campaign's pack: "
                         "left it untouched")
        self.path = path


def _names_campaign(raw: bytes, campaign_id: str) -> bool:
    try:
        body = json.loads(raw)
    except ValueError:  # includes bytes that are not UTF-8
        return False
    return (isinstance(body, dict) and body.get("campaign_id") == campaign_id
            and isinstance(body.get("schema"), str) and body["schema"].startswith(SCHEMA_FAMILY))


def _is_our_dir(path: str, campaign_id: str) -> bool:
    manifest = os.path.join(path, MANIFEST)
    if os.path.islink(path) or os.path.islink(manifest) or not os.path.isfile(manifest):
        return False
    try:
        if os.path.getsize(manifest) > _MANIFEST_LIMIT:
            return False
        with open(manifest, "rb") as fh:
            return _names_campaign(fh.read(), campaign_id)
    except OSError:
        return False


def _is_our_zip(path: str, campaign_id: str) -> bool:
    if os.path.islink(path) or not os.path.isfile(path):
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(MANIFEST)
            return info.file_size <= _MANIFEST_LIMIT and _names_campaign(
                archive.read(info), campaign_id)
    except KeyError:  # no manifest.json in it
        return False
    except _UNREADABLE_ZIP:
        return False


def foreign_entries(pack_dir: str) -> list[str]:
    """The pack folder and zip paths that are taken by something that is not ours."""
    campaign_id = os.path.basename(pack_dir)
    checks = ((pack_dir, _is_our_dir), (pack_dir + ".zip", _is_our_zip))
    return [path for path, ours in checks
            if os.path.lexists(path) and not ours(path, campaign_id)]


def check_replaceable(pack_dir: str) -> None:
    """Raise ForeignEntry unless whatever is at the pack's paths was written by us."""
    taken = foreign_entries(pack_dir)
    if taken:
        raise ForeignEntry(taken[0])


def sweep_leftovers(out_dir: str, campaign_id: str) -> None:
    """Remove what writes of this campaign that died mid-way left, whatever their pid."""
    prefix = f".{campaign_id}."
    leftover = re.compile(rf"\.{re.escape(campaign_id)}\.(?:tmp|zip\.tmp|old)-[0-9]+")
    try:
        # listdir, not scandir: out_dir holds every pack, and this runs on every write.
        names = [name for name in os.listdir(out_dir)
                 if name.startswith(prefix) and leftover.fullmatch(name)]
    except (FileNotFoundError, NotADirectoryError):  # no out_dir: nothing was ever written
        return
    for name in names:
        remove(os.path.join(out_dir, name))
