"""The strategy module: derives a versioned plan from the brief and records its approval."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from actors._kernel import Conflict, ModuleActor, NotFound, Route, Tx
from contracts.common import derived_id
from contracts.envelope import Envelope
from contracts.strategy import (
    ApproveStrategy,
    DiscardStrategy,
    GenerateStrategy,
    GetStrategy,
    StrategyApproved,
    StrategyDiscarded,
    StrategyDoc,
    StrategyGenerated,
    StrategyView,
)

from . import _tables as t
from ._plan import derive_strategy


class StrategyActor(ModuleActor):
    module = "strategy"
    metadata = t.metadata
    processed = t.processed

    def routes(self) -> list[Route]:
        return [
            Route(GenerateStrategy, self._generate),
            Route(ApproveStrategy, self._approve),
            Route(DiscardStrategy, self._discard),
            Route(GetStrategy, self._get, is_query=True),
        ]

    async def prefetch(self, tx: Tx, commands: list[tuple[Envelope, Any]]) -> None:
        """Cache each campaign's versions, oldest first."""
        tx.cache.update(await _versions(tx, [m.campaign_id for _, m in commands]))

    async def _generate(self, tx: Tx, cmd: GenerateStrategy, env: Envelope) -> Any:
        versions = tx.cache.setdefault(cmd.campaign_id, [])
        if any(v["status"] == "discarded" for v in versions):
            raise Conflict(f"campaign {cmd.campaign_id}'s strategy was discarded")
        doc = derive_strategy(cmd.brief, cmd.seed)
        row = self._row(cmd.campaign_id, derived_id(env.message_id, "strategy"),
                        len(versions) + 1, "generated", doc.model_dump_json())
        tx.write(t.upsert_strategy, row)
        versions.append(row)
        return StrategyGenerated(campaign_id=cmd.campaign_id, strategy_id=row["strategy_id"],
                                 version=row["version"], strategy=doc)

    async def _approve(self, tx: Tx, cmd: ApproveStrategy, env: Envelope) -> Any:
        versions = tx.cache.get(cmd.campaign_id, [])
        latest = versions[-1] if versions else None
        if latest is None or latest["strategy_id"] != cmd.strategy_id:
            raise NotFound(f"{cmd.strategy_id} is not the latest strategy of {cmd.campaign_id}")
        if latest["status"] == "discarded":
            raise Conflict(f"strategy {cmd.strategy_id} was discarded")
        now = self.clock.now()
        row = {**latest, "status": "approved", "approved_by": cmd.approved_by,
               "approved_at": now.isoformat(), "updated_at": now.isoformat()}
        tx.write(t.upsert_strategy, row)
        versions[-1] = row
        return StrategyApproved(campaign_id=cmd.campaign_id, strategy_id=cmd.strategy_id,
                                version=row["version"], approved_by=cmd.approved_by,
                                approved_at=now)

    async def _discard(self, tx: Tx, cmd: DiscardStrategy, env: Envelope) -> Any:
        versions = tx.cache.get(cmd.campaign_id, [])
        live = [v for v in versions if v["status"] != "discarded"]
        at = self.clock.now().isoformat()
        if not versions:
            # Nothing generated yet (or the command is still in flight): leave a tombstone so
            # a GenerateStrategy that arrives late is refused instead of resurrecting it.
            tombstone = {**self._row(cmd.campaign_id, derived_id(cmd.campaign_id, "tombstone"),
                                     0, "discarded", ""), "doc_json": None}
            tx.write(t.upsert_strategy, tombstone)
            versions.append(tombstone)
        tx.write(t.discard_campaign, {"cid": cmd.campaign_id, "why": cmd.reason, "at": at})
        tx.cache[cmd.campaign_id] = [{**v, "status": "discarded", "doc_json": None}
                                     for v in versions]
        return StrategyDiscarded(campaign_id=cmd.campaign_id, versions_discarded=len(live))

    async def _get(self, tx: Tx, query: GetStrategy, env: Envelope) -> Any:
        versions = (await _versions(tx, [query.campaign_id])).get(query.campaign_id)
        if not versions or versions[-1]["doc_json"] is None:
            raise NotFound(f"no live strategy for campaign {query.campaign_id}")
        latest = versions[-1]
        return StrategyView(campaign_id=query.campaign_id, strategy_id=latest["strategy_id"],
                            version=latest["version"], status=latest["status"],
                            strategy=StrategyDoc.model_validate_json(latest["doc_json"]),
                            approved_by=latest["approved_by"],
                            approved_at=latest["approved_at"])

    def _row(self, campaign_id: str, strategy_id: str, version: int, status: str,
             doc_json: str) -> dict[str, Any]:
        return {"strategy_id": strategy_id, "campaign_id": campaign_id, "version": version,
                "status": status, "doc_json": doc_json, "approved_by": None,
                "approved_at": None, "reason": None,
                "updated_at": self.clock.now().isoformat()}


async def _versions(tx: Tx, campaign_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    if not campaign_ids:
        return {}
    rows = await tx.conn.execute(
        select(t.strategies).where(t.strategies.c.campaign_id.in_(set(campaign_ids)))
        .order_by(t.strategies.c.campaign_id, t.strategies.c.version))
    out: dict[str, list[dict[str, Any]]] = {}
    for row in rows.mappings():
        out.setdefault(row["campaign_id"], []).append(dict(row))
    return out
