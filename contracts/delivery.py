"""Delivery: the pack a client opens, written to disk with a checksummed manifest.

PackFile is defined in contracts.common (QC's pack check names files too, and contracts.qc
cannot import this module, which imports it) and importable from here as before.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, Field

from contracts.brief import NormalizedBrief
from contracts.common import (
    CAMPAIGN_ID_PATTERN,
    AbsoluteDir,
    CampaignId,
    Contract,
    PackFile,
    Seed,
)
from contracts.production import Asset, CalendarEntry
from contracts.qc import QcReport
from contracts.strategy import StrategyDoc


class BuildPack(Contract):
    campaign_id: CampaignId
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
    """Compensation: remove the pack (folder and zip) and tombstone its record. Idempotent.

    The pack is removed from disk whether or not delivery recorded it (its write may have
    landed and its commit not), as long as it is ours: what is not is kept and reported."""

    campaign_id: str = Field(pattern=CAMPAIGN_ID_PATTERN)
    # Required: the saga rebuilds this message from its logged input on every send (also
    # after a restart), so no stored RevokePack lacks it.
    out_dir: AbsoluteDir = Field(description="the BuildPack's out_dir: where the pack would be")
    reason: str


class PackRevoked(Contract):
    campaign_id: str
    files_removed: int
    kept: list[str] = Field(default=[], description="paths at the pack's place that this "
                                                    "system did not write: left untouched")


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
