"""Delivery: the pack a client opens, written to disk with a checksummed manifest."""

from __future__ import annotations

from pydantic import Field

from contracts.common import Contract
from contracts.production import Asset
from contracts.qc import QcReport
from contracts.strategy import StrategyDoc


class PackFile(Contract):
    path: str = Field(description="relative to the pack directory")
    sha256: str
    bytes: int


class BuildPack(Contract):
    campaign_id: str
    out_dir: str = Field(description="packs go to <out_dir>/<campaign_id>/")
    client_name: str
    brand: str
    seed: int
    strategy: StrategyDoc
    assets: list[Asset]
    qc: QcReport


class PackBuilt(Contract):
    campaign_id: str
    pack_dir: str
    files: list[PackFile] = Field(description="every file except manifest.json itself")
    manifest_sha256: str


class RevokePack(Contract):
    """Compensation: remove the pack from disk and tombstone its record. Idempotent."""

    campaign_id: str
    reason: str


class PackRevoked(Contract):
    campaign_id: str
    files_removed: int


class GetPack(Contract):
    campaign_id: str


class PackView(Contract):
    campaign_id: str
    status: str  # delivered | revoked
    pack_dir: str
    files: list[PackFile]
    manifest_sha256: str


COMMANDS = (BuildPack, RevokePack)
QUERIES = (GetPack,)
REPLIES = (PackBuilt, PackRevoked, PackView)
