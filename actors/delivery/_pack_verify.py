"""verify_pack: re-check a pack on disk against its manifest, and its zip against both."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections import Counter

from ._pack_bytes import canonical_json
from ._pack_names import MANIFEST, SCHEMA, check_path


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _files_under(root: str) -> set[str]:
    """Relative '/'-separated paths of every file below `root`."""
    found: set[str] = set()
    for dirpath, _, names in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        prefix = "" if rel == os.curdir else rel.replace(os.sep, "/") + "/"
        found.update(prefix + name for name in names)
    return found


def _entry_fields(entry: object) -> tuple[str, str, int] | None:
    if not isinstance(entry, dict):
        return None
    path, sha, size = entry.get("path"), entry.get("sha256"), entry.get("bytes")
    if not (isinstance(path, str) and isinstance(sha, str) and isinstance(size, int)):
        return None
    try:
        check_path(path)  # a tampered manifest must not make us read outside the pack
    except ValueError:
        return None
    return path, sha, size


def _check_file(pack_dir: str, path: str, sha: str, size: int) -> list[str]:
    try:
        with open(os.path.join(pack_dir, *path.split("/")), "rb") as fh:
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


def _read_manifest(pack_dir: str) -> tuple[dict | None, bytes, str | None]:
    try:
        with open(os.path.join(pack_dir, MANIFEST), "rb") as fh:
            raw = fh.read()
        manifest = json.loads(raw)
    except FileNotFoundError:
        return None, b"", f"missing file: {MANIFEST}"
    except (OSError, ValueError) as exc:
        return None, b"", f"unreadable {MANIFEST}: {exc}"
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), list):
        return None, b"", f"{MANIFEST} has no file list"
    return manifest, raw, None


def _check_header(manifest: dict) -> list[str]:
    problems = [] if manifest.get("schema") == SCHEMA else [
        f"unknown schema: {manifest.get('schema')!r}"]
    body = {k: v for k, v in manifest.items() if k != "manifest_sha256"}
    if manifest.get("manifest_sha256") != _sha256(canonical_json(body)):
        problems.append(f"{MANIFEST} does not match its manifest_sha256")
    return problems


def _zip_problems(archive: zipfile.ZipFile, expected: dict[str, str]) -> list[str]:
    names = archive.namelist()
    problems = [f"zip holds {n} twice" for n, count in sorted(Counter(names).items())
                if count > 1]
    problems += [f"zip is missing: {n}" for n in sorted(expected.keys() - set(names))]
    problems += [f"zip holds an unlisted file: {n}" for n in sorted(set(names) - expected.keys())]
    for name in sorted(expected.keys() & set(names)):
        if _sha256(archive.read(name)) != expected[name]:
            problems.append(f"zip entry differs from the manifest: {name}")
    return problems


def _check_zip(pack_dir: str, expected: dict[str, str]) -> list[str]:
    zip_path = os.path.normpath(pack_dir) + ".zip"
    try:
        with zipfile.ZipFile(zip_path) as archive:
            return _zip_problems(archive, expected)
    except FileNotFoundError:
        return [f"zip missing: {zip_path}"]
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        return [f"unreadable zip: {zip_path}: {exc}"]


def verify_pack(pack_dir: str) -> list[str]:
    """Problems found re-checking the pack and its zip against the manifest; [] when intact."""
    if not os.path.isdir(pack_dir):
        return [f"pack directory missing: {pack_dir}"]
    manifest, raw, problem = _read_manifest(pack_dir)
    if manifest is None:
        return [problem or f"unreadable {MANIFEST}"]
    problems = _check_header(manifest)
    expected = {MANIFEST: _sha256(raw)}
    for entry in manifest["files"]:
        fields = _entry_fields(entry)
        if fields is None:
            problems.append(f"malformed manifest entry: {entry!r}")
            continue
        problems += _check_file(pack_dir, *fields)
        expected[fields[0]] = fields[1]
    unlisted = _files_under(pack_dir) - expected.keys()
    problems += [f"unlisted file: {p}" for p in sorted(unlisted)]
    return problems + _check_zip(pack_dir, expected)
