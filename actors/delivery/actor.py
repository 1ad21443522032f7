"""The delivery module: renders a campaign's pack to disk with a checksummed manifest.

Packs are written on the node this actor runs on; on a cluster, `out_dir` must be a path
that node can write (a shared volume when the actor may move).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from actors._kernel import Conflict, ModuleActor, ModuleError, NotFound, Route, Tx
from contracts.common import Contract
from contracts.delivery import (
    BuildPack,
    GetPack,
    PackBuilt,
    PackFile,
    PackRevoked,
    PackView,
    RevokePack,
)
from contracts.envelope import Envelope, ErrorCode

from . import _tables as t
from ._pack import ForeignEntry, manifest_fields, remove_pack, render_pack, write_pack

# Failures no retry will fix: the directory is not ours to write.
_PERMANENT_IO = (PermissionError, NotADirectoryError, FileExistsError, IsADirectoryError)


class DeliveryActor(ModuleActor):
    module = "delivery"
    metadata = t.metadata
    processed = t.processed
    migrations = Path(__file__).parent / "migrations"
    head = t.packs

    def routes(self) -> list[Route[Any, Contract]]:
        return [
            Route(BuildPack, self._build),
            Route(RevokePack, self._revoke),
            Route(GetPack, self._get, is_query=True),
        ]

    async def _build(self, tx: Tx, cmd: BuildPack, env: Envelope) -> PackBuilt:
        current = await tx.rows(t.packs).get(cmd.campaign_id)
        if current is not None and current["status"] == "revoked":
            raise Conflict(f"campaign {cmd.campaign_id}'s pack was revoked")
        files = render_pack(cmd, cmd.generator)
        try:
            pack_dir, zip_path, listed, manifest_sha = write_pack(
                cmd.out_dir, cmd.campaign_id, files, manifest_fields(cmd))
        except ForeignEntry as exc:  # someone's own files: only a person can move them
            raise ModuleError(str(exc), code=ErrorCode.CONFLICT, retryable=False) from exc
        except ValueError as exc:  # an id or file name that is not a safe path
            raise ModuleError(str(exc), code=ErrorCode.BAD_PAYLOAD) from exc
        except OSError as exc:
            raise ModuleError(f"cannot write pack under {cmd.out_dir}: {exc}",
                              code=ErrorCode.IO_FAILED,
                              retryable=not isinstance(exc, _PERMANENT_IO)) from exc
        row = {"campaign_id": cmd.campaign_id, "status": "delivered", "pack_dir": pack_dir,
               "zip_path": zip_path, "files_json": json.dumps([f.model_dump() for f in listed]),
               "manifest_sha256": manifest_sha, "reason": None,
               "updated_at": self.clock.now().isoformat()}
        tx.rows(t.packs).put(row)
        return PackBuilt(campaign_id=cmd.campaign_id, pack_dir=pack_dir, zip_path=zip_path,
                         files=listed, manifest_sha256=manifest_sha)

    async def _revoke(self, tx: Tx, cmd: RevokePack, env: Envelope) -> PackRevoked:
        current = await tx.rows(t.packs).get(cmd.campaign_id)
        # The files may be on disk with no row (the write landed, its commit did not, or the
        # shard's database is new): look where the command says, and where the row says.
        pack_dir = os.path.join(os.path.abspath(cmd.out_dir), cmd.campaign_id)
        places = [pack_dir]
        if current is not None and current["pack_dir"] not in ("", pack_dir):
            places.append(current["pack_dir"])
        removed, kept = _remove_packs(places)
        row = {"campaign_id": cmd.campaign_id, "status": "revoked", "pack_dir": pack_dir,
               "zip_path": pack_dir + ".zip", "files_json": "[]", "manifest_sha256": "",
               "reason": cmd.reason, "updated_at": self.clock.now().isoformat()}
        tx.rows(t.packs).put(row)
        return PackRevoked(campaign_id=cmd.campaign_id, files_removed=removed, kept=kept)

    async def _get(self, tx: Tx, query: GetPack, env: Envelope) -> PackView:
        row = await tx.rows(t.packs).get(query.campaign_id)
        if row is None:
            raise NotFound(f"no pack for campaign {query.campaign_id}")
        files = [PackFile.model_validate(f) for f in json.loads(row["files_json"])]
        return PackView(campaign_id=query.campaign_id, status=row["status"],
                        pack_dir=row["pack_dir"], zip_path=row["zip_path"], files=files,
                        manifest_sha256=row["manifest_sha256"], updated_at=row["updated_at"])


def _remove_packs(places: list[str]) -> tuple[int, list[str]]:
    """Remove our packs at `places`: (files removed, paths kept because they are not ours)."""
    removed, kept = 0, []
    for place in places:
        try:
            removed += remove_pack(place)
        except OSError as exc:
            raise ModuleError(f"cannot remove pack {place}: {exc}", code=ErrorCode.IO_FAILED,
                              retryable=True) from exc
        kept += [p for p in (place, place + ".zip") if os.path.lexists(p)]
    return removed, kept
