"""Delivery packs on disk: written atomically and durably, zipped, removed idempotently.

A pack is `<out_dir>/<campaign_id>/` holding the rendered files plus `manifest.json`, which
lists every other file with its sha256, size and media type, and `<out_dir>/<campaign_id>.zip`
holding the same files. Both are built under hidden sibling temp names, synced, and renamed
into place, so a reader never sees a half-written pack, a failed rewrite keeps the earlier
one, and a pack is on disk before the row that records it is committed. What sits at those
paths is replaced or removed only when it is ours (see _pack_owner).
OSErrors propagate untouched; the actor decides which of them a retry may fix.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from datetime import UTC, datetime

from actors._disk import make_dirs, sync_dir
from contracts.delivery import BuildPack, PackFile

from ._pack_bytes import canonical_json, deterministic_zip
from ._pack_disk import DIR_MODE, remove, sync_tree, write_files
from ._pack_names import MANIFEST, SCHEMA, check_name, check_path, media_type
from ._pack_owner import ForeignEntry, check_replaceable, foreign_entries, sweep_leftovers
from ._pack_verify import verify_pack
from ._render import render_pack

__all__ = ["MANIFEST", "SCHEMA", "ForeignEntry", "manifest_fields", "remove_pack",
           "render_pack", "verify_pack", "write_pack"]

log = logging.getLogger("aicmo.delivery")
_RESERVED_KEYS = frozenset({"schema", "campaign_id", "files", "manifest_sha256"})


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_fields(cmd: BuildPack) -> dict:
    """The `manifest_extra` for write_pack that a BuildPack gives: ids, brief hash, seed,
    generator, strategy, QC outcome and date."""
    return {
        "client_id": cmd.brief.client_id, "client_name": cmd.brief.client_name,
        "brand": cmd.brief.brand,
        "brief_sha256": _sha256(canonical_json(cmd.brief.model_dump(mode="json"))),
        "seed": cmd.seed, "generator": cmd.generator,
        "strategy_id": cmd.strategy_id, "strategy_version": cmd.strategy_version,
        "qc_status": cmd.qc.status.value, "qc_score": cmd.qc.score,
        "prepared_at": cmd.prepared_at.isoformat(),
    }


def _manifest(campaign_id: str, extra: dict, entries: list[PackFile]) -> bytes:
    body = {"schema": SCHEMA, "campaign_id": campaign_id, **extra,
            "files": [e.model_dump() for e in entries]}
    return canonical_json({**body, "manifest_sha256": _sha256(canonical_json(body))})


def _zip_time(extra: dict) -> datetime:
    """Zip entry dates come from the pack's prepared_at, never from the clock."""
    value = extra.get("prepared_at")
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime(1980, 1, 1, tzinfo=UTC)


def _join(root: str, path: str) -> str:
    return os.path.join(root, *path.split("/"))


def _write_tree(root: str, files: dict[str, bytes], zip_path: str, zipped: bytes) -> None:
    """The pack's files under `root` and its zip at `zip_path`, all synced, then every folder
    under `root`."""
    placed, folders = [], {root}
    for path in sorted(files):
        full = _join(root, path)
        folder = os.path.dirname(full)
        if folder not in folders:
            if not os.path.isdir(folder):
                os.makedirs(folder, mode=DIR_MODE)
            folders.add(folder)
        placed.append((full, files[path]))
    write_files([*placed, (zip_path, zipped)])
    sync_tree(root)


def _publish(tmp: str, tmp_zip: str, final: str, final_zip: str, old: str) -> None:
    # Rename the earlier pack aside rather than deleting it first: if a later rename fails,
    # the earlier pack is put back instead of being lost.
    check_replaceable(final)  # as late as can be: a user's folder or zip is never moved
    had_old = os.path.lexists(final)
    if had_old:
        os.rename(final, old)
    placed = False
    try:
        os.rename(tmp, final)
        placed = True
        os.replace(tmp_zip, final_zip)
    except BaseException:
        if placed:
            os.rename(final, tmp)  # the caller's cleanup removes it from there
        if had_old:
            os.rename(old, final)
        raise
    remove(old)
    sync_dir(os.path.dirname(final))  # the renames, before anyone records the pack


def _validate(campaign_id: str, files: dict[str, bytes], extra: dict) -> None:
    check_name(campaign_id, "campaign id")
    if campaign_id.casefold().endswith(".zip"):  # its folder would be named like a zip
        raise ValueError(f"a campaign id may not end in .zip: {campaign_id!r}")
    for path in files:
        check_path(path)
    if MANIFEST in files:
        raise ValueError(f"{MANIFEST} is written by write_pack, not passed in")
    clash = sorted(_RESERVED_KEYS & extra.keys())
    if clash:
        raise ValueError(f"manifest_extra may not set {clash}")


def _paths(out_dir: str, campaign_id: str) -> tuple[str, str, str, str]:
    """(pack dir, its temp dir, the zip's temp file, where the earlier pack waits aside)."""
    parent, pid = os.path.abspath(out_dir), os.getpid()
    hidden = os.path.join(parent, f".{campaign_id}")
    return (os.path.join(parent, campaign_id), f"{hidden}.tmp-{pid}", f"{hidden}.zip.tmp-{pid}",
            f"{hidden}.old-{pid}")


def write_pack(
    out_dir: str, campaign_id: str, files: dict[str, bytes], manifest_extra: dict
) -> tuple[str, str, list[PackFile], str]:
    """Write the pack and its zip atomically.

    Returns (absolute pack dir, zip path, files sorted by path, sha256 of manifest.json),
    once every file, folder and rename is synced to disk. Raises ValueError for an unsafe
    campaign id or file path, ForeignEntry when something not ours holds the pack's folder
    or zip path (nothing of it is touched), OSError as the disk raises it.
    """
    _validate(campaign_id, files, manifest_extra)
    entries = sorted((PackFile(path=p, sha256=_sha256(b), bytes=len(b), media_type=media_type(p))
                      for p, b in files.items()), key=lambda e: e.path)
    manifest = _manifest(campaign_id, manifest_extra, entries)
    tree = {**files, MANIFEST: manifest}
    zipped = deterministic_zip(sorted(tree.items()), _zip_time(manifest_extra))
    make_dirs(out_dir)
    final, tmp, tmp_zip, old = _paths(out_dir, campaign_id)
    sweep_leftovers(os.path.dirname(final), campaign_id)  # from writes that died, any pid
    try:
        os.mkdir(tmp, DIR_MODE)
        _write_tree(tmp, tree, tmp_zip, zipped)
        _publish(tmp, tmp_zip, final, final + ".zip", old)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if os.path.lexists(tmp_zip):
            os.unlink(tmp_zip)
        raise
    return final, final + ".zip", entries, _sha256(manifest)


def _count_files(root: str) -> int:
    return sum(len(names) for _, _, names in os.walk(root))


def remove_pack(pack_dir: str) -> int:
    """Delete the pack folder, its zip and whatever failed writes of it left.

    Returns how many files were removed (the folder's files plus the zip); idempotent: 0 when
    everything is already gone. A folder or zip at those paths that is not ours is left
    alone and logged: a revoke must not fail over a file it never wrote.
    """
    path = os.path.abspath(pack_dir)
    parent, name = os.path.split(path)
    # Refuse anything that write_pack could not have created, e.g. "/" or "..".
    check_name(name, "pack directory name")
    sweep_leftovers(parent, name)
    kept = foreign_entries(path)
    for entry in kept:
        log.warning("revoking campaign %s: %s is not its pack; left it untouched", name, entry)
    removed = 0
    if path not in kept and os.path.isdir(path):
        removed = _count_files(path)
        shutil.rmtree(path)
    if path + ".zip" not in kept and os.path.lexists(path + ".zip"):
        os.unlink(path + ".zip")
        removed += 1
    if os.path.isdir(parent):
        sync_dir(parent)  # a revoked pack stays gone after a power cut
    return removed
