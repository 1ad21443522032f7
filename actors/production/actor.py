"""A production shard: writes channel-ready creative for the campaigns routed to it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from actors.kernel import Conflict, ModuleActor, NotFound, Route, Tx, rows_by_key
from actors.production import _tables as t
from actors.production._copy import write_assets
from contracts.envelope import Envelope
from contracts.production import (
    Asset,
    AssetsDiscarded,
    AssetsProduced,
    AssetsView,
    DiscardAssets,
    GetAssets,
    ProduceAssets,
)


class ProductionActor(ModuleActor):
    module = "production"
    metadata = t.metadata
    processed = t.processed

    def routes(self) -> list[Route]:
        return [
            Route(ProduceAssets, self._produce),
            Route(DiscardAssets, self._discard),
            Route(GetAssets, self._get, is_query=True),
        ]

    async def prefetch(self, tx: Tx, commands: list[tuple[Envelope, Any]]) -> None:
        ids = [m.campaign_id for _, m in commands]
        tx.cache.update(await rows_by_key(tx.conn, t.productions.c.campaign_id, ids))

    async def _produce(self, tx: Tx, cmd: ProduceAssets, env: Envelope) -> Any:
        current = tx.cache.get(cmd.campaign_id)
        if current is not None and current["status"] == "discarded":
            raise Conflict(f"campaign {cmd.campaign_id}'s assets were discarded")
        assets = write_assets(cmd.campaign_id, cmd.brief, cmd.strategy, cmd.seed)
        row = {"campaign_id": cmd.campaign_id, "status": "live", "strategy_id": cmd.strategy_id,
               "asset_count": len(assets), "reason": None,
               "updated_at": self.clock.now().isoformat()}
        tx.write(t.upsert_production, row)
        tx.write(t.clear_assets, {"cid": cmd.campaign_id})  # a re-production replaces the set
        # Flush runs all clears before all inserts, so within one frame an earlier production
        # of this campaign is replaced by tombstoning the ids this one no longer writes.
        written = tx.cache.setdefault(("assets", cmd.campaign_id), {})
        for stale in set(written) - {a.asset_id for a in assets}:
            tx.write(t.insert_asset, {**written.pop(stale), "status": "discarded",
                                      "asset_json": None})
        for asset in assets:
            row = {"asset_id": asset.asset_id, "campaign_id": cmd.campaign_id,
                   "channel": asset.channel.value, "status": "live",
                   "asset_json": asset.model_dump_json()}
            tx.write(t.insert_asset, row)
            written[asset.asset_id] = row
        tx.cache[cmd.campaign_id] = row
        return AssetsProduced(campaign_id=cmd.campaign_id, assets=assets)

    async def _discard(self, tx: Tx, cmd: DiscardAssets, env: Envelope) -> Any:
        current = tx.cache.get(cmd.campaign_id)
        live = current is not None and current["status"] == "live"
        row = {"campaign_id": cmd.campaign_id, "status": "discarded",
               "strategy_id": current["strategy_id"] if current else "",
               "asset_count": current["asset_count"] if current else 0, "reason": cmd.reason,
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
        rows = await tx.conn.execute(
            select(t.assets.c.asset_json).where(t.assets.c.campaign_id == query.campaign_id,
                                                t.assets.c.status == "live"))
        assets = [Asset.model_validate_json(r.asset_json) for r in rows]
        return AssetsView(campaign_id=query.campaign_id,
                          status=head[query.campaign_id]["status"], assets=assets)
