"""Delivery packs on disk: written atomically, removed idempotently, verified by manifest.

A pack is `<out_dir>/<campaign_id>/` holding the rendered files plus `manifest.json`, which
lists every other file with its sha256 and size. The directory is built under a hidden
sibling temp name and renamed into place, so a reader never sees a half-written pack.
OSErrors propagate untouched; the actor decides which of them a retry may fix.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import shutil

from actors.delivery._pack_files import canonical_json, render_pack
from contracts.delivery import PackFile

__all__ = ["MANIFEST", "SCHEMA", "remove_pack", "render_pack", "verify_pack", "write_pack"]

SCHEMA = "aicmo.pack/1"
MANIFEST = "manifest.json"

_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_RESERVED_KEYS = frozenset({"schema", "campaign_id", "files"})


def _check_name(name: str, what: str) -> None:
    # fullmatch, not ^...$: "$" would let a trailing newline through.
    if name in (".", "..") or not _SAFE_NAME.fullmatch(name):
        raise ValueError(f"unsafe {what}: {name!r}")


def _check_path(path: str) -> None:
    for part in path.split("/"):
        _check_name(part, "file path")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _join(root: str, path: str) -> str:
    return os.path.join(root, *path.split("/"))


def _remove(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.unlink(path)


def _manifest(campaign_id: str, extra: dict, entries: list[PackFile]) -> bytes:
    files = [e.model_dump() for e in entries]
    return canonical_json({"schema": SCHEMA, "campaign_id": campaign_id, **extra, "files": files})


def _write_tree(root: str, files: dict[str, bytes]) -> None:
    for path in sorted(files):
        full = _join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "xb") as fh:
            fh.write(files[path])


def _swap_into_place(tmp: str, final: str, old: str) -> None:
    # Rename the earlier attempt aside rather than deleting it first: if the second
    # rename fails, the earlier pack is put back instead of being lost.
    _remove(old)
    had_old = os.path.lexists(final)
    if had_old:
        os.rename(final, old)
    try:
        os.rename(tmp, final)
    except BaseException:
        if had_old:
            os.rename(old, final)
        raise
    _remove(old)


def _validate(campaign_id: str, files: dict[str, bytes], extra: dict) -> None:
    _check_name(campaign_id, "campaign id")
    for path in files:
        _check_path(path)
    if MANIFEST in files:
        raise ValueError(f"{MANIFEST} is written by write_pack, not passed in")
    clash = sorted(_RESERVED_KEYS & extra.keys())
    if clash:
        raise ValueError(f"manifest_extra may not set {clash}")


def write_pack(
    out_dir: str, campaign_id: str, files: dict[str, bytes], manifest_extra: dict
) -> tuple[str, list[PackFile], str]:
    """Write the pack atomically; return (absolute pack dir, files by path, manifest sha256).

    Raises ValueError for an unsafe campaign id or file path; OSError as the disk raises it.
    """
    _validate(campaign_id, files, manifest_extra)
    entries = sorted(
        (PackFile(path=p, sha256=_sha256(b), bytes=len(b)) for p, b in files.items()),
        key=lambda e: e.path,
    )
    manifest = _manifest(campaign_id, manifest_extra, entries)
    os.makedirs(out_dir, exist_ok=True)
    parent = os.path.abspath(out_dir)
    final = os.path.join(parent, campaign_id)
    tmp = os.path.join(parent, f".{campaign_id}.tmp-{os.getpid()}")
    _remove(tmp)  # left by a crashed attempt that had our pid
    try:
        os.mkdir(tmp)
        _write_tree(tmp, {**files, MANIFEST: manifest})
        _swap_into_place(tmp, final, os.path.join(parent, f".{campaign_id}.old-{os.getpid()}"))
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final, entries, _sha256(manifest)


def _files_under(root: str) -> set[str]:
    """Relative '/'-separated paths of every file below `root`."""
    found: set[str] = set()
    for dirpath, _, names in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        prefix = "" if rel == os.curdir else rel.replace(os.sep, "/") + "/"
        found.update(prefix + name for name in names)
    return found


def remove_pack(pack_dir: str) -> int:
    """Delete the pack and any temp dirs a failed write left; return pack files removed.

    Idempotent: 0 when the pack is already gone.
    """
    path = os.path.abspath(pack_dir)
    parent, name = os.path.split(path)
    # Refuse anything that write_pack could not have created, e.g. "/" or "..".
    _check_name(name, "pack directory name")
    pattern = os.path.join(glob.escape(parent), f".{glob.escape(name)}")
    for leftover in glob.glob(pattern + ".tmp-*") + glob.glob(pattern + ".old-*"):
        _remove(leftover)
    if not os.path.isdir(path):
        return 0
    count = len(_files_under(path))
    shutil.rmtree(path)
    return count


def _entry_fields(entry: object) -> tuple[str, str, int] | None:
    if not isinstance(entry, dict):
        return None
    path, sha, size = entry.get("path"), entry.get("sha256"), entry.get("bytes")
    if not (isinstance(path, str) and isinstance(sha, str) and isinstance(size, int)):
        return None
    try:
        _check_path(path)  # a tampered manifest must not make us read outside the pack
    except ValueError:
        return None
    return path, sha, size


def _check_entry(pack_dir: str, entry: object) -> list[str]:
    fields = _entry_fields(entry)
    if fields is None:
        return [f"malformed manifest entry: {entry!r}"]
    path, sha, size = fields
    try:
        with open(_join(pack_dir, path), "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        return [f"missing file: {path}"]
    except OSError as exc:
        return [f"unreadable file: {path}: {exc.strerror}"]
    problems: list[str] = []
    if len(data) != size:
        problems.append(f"size mismatch: {path} is {len(data)} bytes, manifest says {size}")
    if _sha256(data) != sha:
        problems.append(f"sha256 mismatch: {path}")
    return problems


def _read_manifest(pack_dir: str) -> tuple[dict | None, str | None]:
    try:
        with open(os.path.join(pack_dir, MANIFEST), "rb") as fh:
            manifest = json.loads(fh.read())
    except FileNotFoundError:
        return None, f"missing file: {MANIFEST}"
    except (OSError, ValueError) as exc:
        return None, f"unreadable {MANIFEST}: {exc}"
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), list):
        return None, f"{MANIFEST} has no file list"
    return manifest, None


def verify_pack(pack_dir: str) -> list[str]:
    """Problems found re-checking the pack against its manifest; [] when intact."""
    if not os.path.isdir(pack_dir):
        return [f"pack directory missing: {pack_dir}"]
    manifest, problem = _read_manifest(pack_dir)
    if manifest is None:
        return [problem or f"unreadable {MANIFEST}"]
    schema = manifest.get("schema")
    problems = [] if schema == SCHEMA else [f"unknown schema: {schema!r}"]
    listed: set[str] = set()
    for entry in manifest["files"]:
        problems += _check_entry(pack_dir, entry)
        if isinstance(entry, dict):
            listed.add(str(entry.get("path")))
    unlisted = _files_under(pack_dir) - listed - {MANIFEST}
    return problems + [f"unlisted file: {p}" for p in sorted(unlisted)]
