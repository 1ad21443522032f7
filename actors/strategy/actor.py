"""The strategy module: derives a versioned plan from the brief and records its approval."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from actors._kernel import Conflict, ModuleActor, NotFound, Route, Row, Tx
from contracts.common import Contract, derived_id
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
    migrations = Path(__file__).parent / "migrations"

    def routes(self) -> list[Route[Any, Contract]]:
        return [
            Route(GenerateStrategy, self._generate),
            Route(ApproveStrategy, self._approve),
            Route(DiscardStrategy, self._discard),
            Route(GetStrategy, self._get, is_query=True),
        ]

    async def prefetch(self, tx: Tx, commands: list[tuple[Envelope, Any]]) -> None:
        """Every version of the frame's campaigns, into tx.rows."""
        await tx.rows(t.strategies).load_where(t.strategies.c.campaign_id,
                                               [m.campaign_id for _, m in commands])

    async def _generate(self, tx: Tx, cmd: GenerateStrategy, env: Envelope) -> StrategyGenerated:
        versions = await _versions(tx, cmd.campaign_id)
        if any(v["status"] == "discarded" for v in versions):
            raise Conflict(f"campaign {cmd.campaign_id}'s strategy was discarded")
        doc = derive_strategy(cmd.brief, cmd.seed)
        row = self._row(cmd.campaign_id, derived_id(env.message_id, "strategy"),
                        len(versions) + 1, "generated", doc.model_dump_json())
        tx.rows(t.strategies).put(row)
        return StrategyGenerated(campaign_id=cmd.campaign_id, strategy_id=row["strategy_id"],
                                 version=row["version"], strategy=doc)

    async def _approve(self, tx: Tx, cmd: ApproveStrategy, env: Envelope) -> StrategyApproved:
        versions = await _versions(tx, cmd.campaign_id)
        latest = versions[-1] if versions else None
        if latest is None or latest["strategy_id"] != cmd.strategy_id:
            raise NotFound(f"{cmd.strategy_id} is not the latest strategy of {cmd.campaign_id}")
        if latest["status"] == "discarded":
            raise Conflict(f"strategy {cmd.strategy_id} was discarded")
        now = self.clock.now()
        row = tx.rows(t.strategies).put({
            **latest, "status": "approved", "approved_by": cmd.approved_by,
            "approved_at": now.isoformat(), "updated_at": now.isoformat()})
        return StrategyApproved(campaign_id=cmd.campaign_id, strategy_id=cmd.strategy_id,
                                version=row["version"], approved_by=cmd.approved_by,
                                approved_at=now)

    async def _discard(self, tx: Tx, cmd: DiscardStrategy, env: Envelope) -> StrategyDiscarded:
        versions = await _versions(tx, cmd.campaign_id)
        live = [v for v in versions if v["status"] != "discarded"]
        if not versions:
            # Nothing generated yet (or the command is still in flight): leave a tombstone so
            # a GenerateStrategy that arrives late is refused instead of resurrecting it.
            versions = [self._row(cmd.campaign_id, derived_id(cmd.campaign_id, "tombstone"),
                                  0, "discarded", "")]
        # Every version (the tombstone too) is discarded, with this reason and time.
        strategies, at = tx.rows(t.strategies), self.clock.now().isoformat()
        for v in versions:
            strategies.put({**v, "status": "discarded", "doc_json": None, "reason": cmd.reason,
                            "updated_at": at})
        return StrategyDiscarded(campaign_id=cmd.campaign_id, versions_discarded=len(live))

    async def _get(self, tx: Tx, query: GetStrategy, env: Envelope) -> StrategyView:
        versions = await _versions(tx, query.campaign_id)
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


async def _versions(tx: Tx, campaign_id: str) -> list[Row]:
    """The campaign's versions, oldest first, as changed so far in this frame."""
    strategies = tx.rows(t.strategies)
    await strategies.load_where(t.strategies.c.campaign_id, [campaign_id])  # prefetched
    return sorted(strategies.where(t.strategies.c.campaign_id, campaign_id),
                  key=lambda v: v["version"])
