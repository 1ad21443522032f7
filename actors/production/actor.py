"""A production shard: writes channel-ready creative for the campaigns routed to it, and
revises exactly what QC's findings name."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from actors._kernel import Conflict, ModuleActor, NotFound, Route, Tx, rows_by_key
from actors._kernel.generation import DraftGenerator, TextGenerator
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
from ._creative import Creative
from ._revise import revise_creative
from ._reword import reword


class ProductionActor(ModuleActor):
    module = "production"
    metadata = t.metadata
    processed = t.processed
    head = t.productions

    def __init__(self, store: StoreConfig, clock: Clock | None = None,
                 generator: TextGenerator | None = None, metrics: Metrics | None = None):
        super().__init__(store, clock, metrics)
        self.generator = generator or DraftGenerator()

    async def close(self) -> None:
        await self.generator.close()
        await super().close()

    def routes(self) -> list[Route]:
        return [
            Route(ProduceAssets, self._produce),
            Route(ReviseAssets, self._revise),
            Route(DiscardAssets, self._discard),
            Route(GetAssets, self._get, is_query=True),
        ]

    async def _produce(self, tx: Tx, cmd: ProduceAssets, env: Envelope) -> Any:
        self._refuse_discarded(tx, cmd.campaign_id)
        creative = write_creative(cmd.campaign_id, cmd.brief, cmd.strategy, cmd.strategy_id,
                                  cmd.strategy_version, cmd.seed)
        creative = await reword(self.generator, creative, cmd.brief, cmd.strategy, cmd.seed)
        self._keep(tx, cmd.campaign_id, cmd.strategy_id, creative, rounds=0)
        return AssetsProduced(campaign_id=cmd.campaign_id, assets=creative.assets,
                              calendar=creative.calendar, hashtag_sets=creative.hashtag_sets,
                              generator=self.generator.name)

    async def _revise(self, tx: Tx, cmd: ReviseAssets, env: Envelope) -> Any:
        self._refuse_discarded(tx, cmd.campaign_id)
        current = await self._current(tx, cmd.campaign_id)
        revised, changed = revise_creative(current, cmd.findings, cmd.brief, cmd.strategy,
                                           cmd.seed, cmd.round)
        self._keep(tx, cmd.campaign_id, cmd.strategy_id, revised, rounds=cmd.round)
        return AssetsRevised(campaign_id=cmd.campaign_id, round=cmd.round,
                             assets=revised.assets, calendar=revised.calendar,
                             hashtag_sets=revised.hashtag_sets, changed=changed,
                             generator=self.generator.name)

    async def _discard(self, tx: Tx, cmd: DiscardAssets, env: Envelope) -> Any:
        current = tx.cache.get(cmd.campaign_id)
        live = current is not None and current["status"] == "live"
        row = {"campaign_id": cmd.campaign_id, "status": "discarded",
               "strategy_id": current["strategy_id"] if current else "",
               "asset_count": current["asset_count"] if current else 0,
               "rounds": current["rounds"] if current else 0, "calendar_json": None,
               "hashtag_sets_json": None, "reason": cmd.reason,
               "updated_at": self.clock.now().isoformat()}
        tx.write(t.upsert_production, row)
        tx.write(t.discard_assets, {"cid": cmd.campaign_id})
        tx.cache[cmd.campaign_id] = row
        return AssetsDiscarded(campaign_id=cmd.campaign_id,
                               assets_discarded=row["asset_count"] if live else 0)

    async def _get(self, tx: Tx, query: GetAssets, env: Envelope) -> Any:
        head = (await rows_by_key(tx.conn, t.productions.c.campaign_id, [query.campaign_id]))
        if query.campaign_id not in head:
            raise NotFound(f"no assets for campaign {query.campaign_id}")
        creative = await self._current(tx, query.campaign_id, head[query.campaign_id])
        return AssetsView(campaign_id=query.campaign_id,
                          status=head[query.campaign_id]["status"], assets=creative.assets,
                          calendar=creative.calendar)

    def _refuse_discarded(self, tx: Tx, campaign_id: str) -> None:
        current = tx.cache.get(campaign_id)
        if current is not None and current["status"] == "discarded":
            raise Conflict(f"campaign {campaign_id}'s assets were discarded")

    async def _current(self, tx: Tx, campaign_id: str, head: Any = None) -> Creative:
        """The campaign's live creative: this frame's write if any, else the stored rows."""
        written = tx.cache.get(("creative", campaign_id))
        if written is not None:
            return written
        head = head or tx.cache.get(campaign_id)
        if head is None:
            raise NotFound(f"campaign {campaign_id} has no assets to revise")
        rows = await tx.conn.execute(
            select(t.assets.c.asset_json).where(t.assets.c.campaign_id == campaign_id,
                                                t.assets.c.status == "live")
            .order_by(t.assets.c.position))
        assets = [Asset.model_validate_json(r.asset_json) for r in rows]
        calendar = [CalendarEntry.model_validate(e)
                    for e in json.loads(head["calendar_json"] or "[]")]
        return Creative(assets, calendar, json.loads(head["hashtag_sets_json"] or "{}"))

    def _keep(self, tx: Tx, campaign_id: str, strategy_id: str, creative: Creative,
               rounds: int) -> None:
        row = {"campaign_id": campaign_id, "status": "live", "strategy_id": strategy_id,
               "asset_count": len(creative.assets), "rounds": rounds,
               "calendar_json": json.dumps([e.model_dump(mode="json") for e in creative.calendar]),
               "hashtag_sets_json": json.dumps(creative.hashtag_sets), "reason": None,
               "updated_at": self.clock.now().isoformat()}
        tx.write(t.upsert_production, row)
        tx.write(t.clear_assets, {"cid": campaign_id})  # a new set replaces the old one
        # Flush runs all clears before all inserts, so within one frame an earlier set of
        # this campaign is replaced by tombstoning the ids this one no longer writes.
        written = tx.cache.setdefault(("assets", campaign_id), {})
        for stale in set(written) - {a.asset_id for a in creative.assets}:
            tx.write(t.insert_asset, {**written.pop(stale), "status": "discarded",
                                      "asset_json": None})
        for position, asset in enumerate(creative.assets):
            asset_row = {"asset_id": asset.asset_id, "campaign_id": campaign_id,
                         "channel": asset.channel.value, "position": position,
                         "status": "live", "asset_json": asset.model_dump_json()}
            tx.write(t.insert_asset, asset_row)
            written[asset.asset_id] = asset_row
        tx.cache[campaign_id] = row
        tx.cache[("creative", campaign_id)] = creative
