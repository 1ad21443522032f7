"""Delivery: the pack a client opens, written to disk with a checksummed manifest."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, Field

from contracts.brief import NormalizedBrief
from contracts.common import CAMPAIGN_ID_PATTERN, AbsoluteDir, Contract, Seed
from contracts.production import Asset, CalendarEntry
from contracts.qc import QcReport
from contracts.strategy import StrategyDoc


class PackFile(Contract):
    path: str = Field(description="relative to the pack directory")
    sha256: str
    bytes: int
    media_type: str = "application/octet-stream"


class BuildPack(Contract):
    campaign_id: str = Field(pattern=CAMPAIGN_ID_PATTERN)
    out_dir: AbsoluteDir = Field(description="packs go to <out_dir>/<campaign_id>/ and .zip")
    prepared_at: AwareDatetime = Field(
        description="the date the pack says it was prepared (from the saga's injected clock); "
                    "fixed so the same input gives the same bytes")
    seed: Seed
    brief: NormalizedBrief
    strategy_id: str
    strategy_version: int
    strategy: StrategyDoc
    assets: list[Asset]
    calendar: list[CalendarEntry] = []
    hashtag_sets: dict[str, list[str]] = {}
    generator: str = "deterministic"
    formats: Literal["full", "data"] = Field(
        default="full", description="data leaves out strategy.pdf and deck.pptx, the two "
                                    "formats that cost nearly all the render time")
    qc: QcReport


class PackBuilt(Contract):
    campaign_id: str
    pack_dir: str
    zip_path: str
    files: list[PackFile] = Field(description="every file except manifest.json itself")
    manifest_sha256: str


class RevokePack(Contract):
    """Compensation: remove the pack (folder and zip) and tombstone its record. Idempotent."""

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
    zip_path: str = ""
    files: list[PackFile]
    manifest_sha256: str
    updated_at: datetime | None = None


COMMANDS = (BuildPack, RevokePack)
QUERIES = (GetPack,)
REPLIES = (PackBuilt, PackRevoked, PackView)
