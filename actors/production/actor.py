"""A production shard: writes channel-ready creative for the campaigns routed to it, and
revises exactly what QC's findings name."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from actors._kernel import Conflict, ModuleActor, NotFound, Route, Row, Tx
from actors._kernel.generation import DraftGenerator, TextGenerator
from contracts.common import Contract
from contracts.envelope import Envelope
from contracts.production import (
    Asset,
    AssetsDiscarded,
    AssetsProduced,
    AssetsRevised,
    AssetsView,
    CalendarEntry,
    DiscardAssets,
    GetAssets,
    ProduceAssets,
    ReviseAssets,
)
from infra.clock import Clock
from infra.metrics import Metrics
from infra.store import StoreConfig

from . import _tables as t
from ._copy import write_creative
from ._copy_limits import measures
from ._creative import Creative
from ._revise import revise_creative
from ._reword import reword


class ProductionActor(ModuleActor):
    module = "production"
    metadata = t.metadata
    processed = t.processed
    migrations = Path(__file__).parent / "migrations"
    head = t.productions

    def __init__(self, store: StoreConfig, clock: Clock | None = None,
                 generator: TextGenerator | None = None, metrics: Metrics | None = None):
        super().__init__(store, clock, metrics)
        self.generator = generator or DraftGenerator()

    async def close(self) -> None:
        await self.generator.close()
        await super().close()

    def routes(self) -> list[Route[Any, Contract]]:
        return [
            Route(ProduceAssets, self._produce),
            Route(ReviseAssets, self._revise),
            Route(DiscardAssets, self._discard),
            Route(GetAssets, self._get, is_query=True),
        ]

    async def prefetch(self, tx: Tx, commands: list[tuple[Envelope, Any]]) -> None:
        """The head rows (the kernel's prefetch) and every asset row of the frame's campaigns."""
        await super().prefetch(tx, commands)
        await tx.rows(t.assets).load_where(t.assets.c.campaign_id,
                                           [message.campaign_id for _, message in commands])

    async def _produce(self, tx: Tx, cmd: ProduceAssets, env: Envelope) -> AssetsProduced:
        await self._refuse_discarded(tx, cmd.campaign_id)
        creative = write_creative(cmd.campaign_id, cmd.brief, cmd.strategy, cmd.strategy_id,
                                  cmd.strategy_version, cmd.seed)
        creative = await reword(self.generator, creative, cmd.brief, cmd.strategy, cmd.seed)
        await self._keep(tx, cmd.campaign_id, cmd.strategy_id, creative, rounds=0)
        return AssetsProduced(campaign_id=cmd.campaign_id, assets=creative.assets,
                              calendar=creative.calendar, hashtag_sets=creative.hashtag_sets,
                              generator=self.generator.name)

    async def _revise(self, tx: Tx, cmd: ReviseAssets, env: Envelope) -> AssetsRevised:
        await self._refuse_discarded(tx, cmd.campaign_id)
        head = await tx.rows(t.productions).get(cmd.campaign_id)
        if head is None:
            raise NotFound(f"campaign {cmd.campaign_id} has no assets to revise")
        current = _creative(head, await _asset_rows(tx, cmd.campaign_id))
        revised, changed = revise_creative(current, cmd.findings, cmd.brief, cmd.strategy,
                                           cmd.seed, cmd.round)
        await self._keep(tx, cmd.campaign_id, cmd.strategy_id, revised, rounds=cmd.round)
        return AssetsRevised(campaign_id=cmd.campaign_id, round=cmd.round,
                             assets=revised.assets, calendar=revised.calendar,
                             hashtag_sets=revised.hashtag_sets, changed=changed,
                             generator=self.generator.name)

    async def _discard(self, tx: Tx, cmd: DiscardAssets, env: Envelope) -> AssetsDiscarded:
        productions = tx.rows(t.productions)
        current = await productions.get(cmd.campaign_id)
        live = current is not None and current["status"] == "live"
        row: Row = {"campaign_id": cmd.campaign_id, "status": "discarded",
               "strategy_id": current["strategy_id"] if current else "",
               "asset_count": current["asset_count"] if current else 0,
               "rounds": current["rounds"] if current else 0, "calendar_json": None,
               "hashtag_sets_json": None, "reason": cmd.reason,
               "updated_at": self.clock.now().isoformat()}
        productions.put(row)
        _tombstone(tx, await _asset_rows(tx, cmd.campaign_id))
        return AssetsDiscarded(campaign_id=cmd.campaign_id,
                               assets_discarded=row["asset_count"] if live else 0)

    async def _get(self, tx: Tx, query: GetAssets, env: Envelope) -> AssetsView:
        head = await tx.rows(t.productions).get(query.campaign_id)
        if head is None:
            raise NotFound(f"no assets for campaign {query.campaign_id}")
        creative = _creative(head, await _asset_rows(tx, query.campaign_id))
        return AssetsView(campaign_id=query.campaign_id, status=head["status"],
                          assets=creative.assets, calendar=creative.calendar,
                          measures={a.asset_id: measures(a) for a in creative.assets})

    async def _refuse_discarded(self, tx: Tx, campaign_id: str) -> None:
        current = await tx.rows(t.productions).get(campaign_id)
        if current is not None and current["status"] == "discarded":
            raise Conflict(f"campaign {campaign_id}'s assets were discarded")

    async def _keep(self, tx: Tx, campaign_id: str, strategy_id: str, creative: Creative,
                    rounds: int) -> None:
        row = {"campaign_id": campaign_id, "status": "live", "strategy_id": strategy_id,
               "asset_count": len(creative.assets), "rounds": rounds,
               "calendar_json": json.dumps([e.model_dump(mode="json") for e in creative.calendar]),
               "hashtag_sets_json": json.dumps(creative.hashtag_sets), "reason": None,
               "updated_at": self.clock.now().isoformat()}
        tx.rows(t.productions).put(row)
        # A new set replaces the old one: the assets it no longer has stay as tombstones.
        kept = {a.asset_id for a in creative.assets}
        _tombstone(tx, [r for r in await _asset_rows(tx, campaign_id)
                        if r["asset_id"] not in kept])
        assets = tx.rows(t.assets)
        for position, asset in enumerate(creative.assets):
            assets.put({"asset_id": asset.asset_id, "campaign_id": campaign_id,
                        "channel": asset.channel.value, "position": position,
                        "status": "live", "asset_json": asset.model_dump_json()})


async def _asset_rows(tx: Tx, campaign_id: str) -> list[Row]:
    """Every asset row of the campaign, live or not, as changed so far in this frame."""
    assets = tx.rows(t.assets)
    await assets.load_where(t.assets.c.campaign_id, [campaign_id])  # prefetched: no query
    return assets.where(t.assets.c.campaign_id, campaign_id)


def _tombstone(tx: Tx, asset_rows: list[Row]) -> None:
    assets = tx.rows(t.assets)
    for row in asset_rows:
        if row["status"] == "live":
            assets.put({**row, "status": "discarded", "asset_json": None})


def _creative(head: Row, asset_rows: list[Row]) -> Creative:
    """The campaign's creative as its rows hold it: live assets in order, calendar, hashtags."""
    live = sorted((r for r in asset_rows if r["status"] == "live"), key=lambda r: r["position"])
    calendar = [CalendarEntry.model_validate(e) for e in json.loads(head["calendar_json"] or "[]")]
    return Creative([Asset.model_validate_json(r["asset_json"]) for r in live], calendar,
                    json.loads(head["hashtag_sets_json"] or "{}"))
