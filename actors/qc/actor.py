"""A QC shard: runs the rule engine over a campaign's actual creative, its strategy
document, and the pack delivery rendered from them."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from actors._kernel import Conflict, ModuleActor, ModuleError, NotFound, Route, Tx
from contracts.common import Contract
from contracts.envelope import Envelope, ErrorCode
from contracts.qc import (
    AssetsEvaluated,
    DiscardEvaluation,
    DiscardPackCheck,
    EvaluateAssets,
    EvaluatePack,
    EvaluationDiscarded,
    EvaluationView,
    GetEvaluation,
    GetPackCheck,
    PackCheckDiscarded,
    PackEvaluated,
    QcReport,
)

from . import _tables as t
from ._pack_texts import PackMissing
from ._rules import evaluate
from ._rules_pack import evaluate_pack


class QcActor(ModuleActor):
    module = "qc"
    metadata = t.metadata
    processed = t.processed
    migrations = Path(__file__).parent / "migrations"
    head = t.evaluations

    def routes(self) -> list[Route[Any, Contract]]:
        return [
            Route(EvaluateAssets, self._evaluate),
            Route(DiscardEvaluation, self._discard),
            Route(EvaluatePack, self._evaluate_pack),
            Route(DiscardPackCheck, self._discard_pack_check),
            Route(GetEvaluation, self._get, is_query=True),
            Route(GetPackCheck, self._get_pack_check, is_query=True),
        ]

    async def _evaluate(self, tx: Tx, cmd: EvaluateAssets, env: Envelope) -> AssetsEvaluated:
        current = await tx.rows(t.evaluations).get(cmd.campaign_id)
        if current is not None and current["status"] == "discarded":
            raise Conflict(f"campaign {cmd.campaign_id}'s evaluation was discarded")
        report = evaluate(cmd.brief, cmd.strategy, cmd.assets, cmd.calendar, cmd.round)
        self.metrics.record("aicmo_qc_score", report.score)
        row = {"campaign_id": cmd.campaign_id, "status": "live",
               "qc_status": report.status.value, "score": report.score, "round": report.round,
               "report_json": report.model_dump_json(), "reason": None,
               "updated_at": self.clock.now().isoformat()}
        tx.rows(t.evaluations).put(row)
        return AssetsEvaluated(campaign_id=cmd.campaign_id, report=report)

    async def _discard(self, tx: Tx, cmd: DiscardEvaluation, env: Envelope) -> EvaluationDiscarded:
        was_live = await self._tombstone(tx, t.evaluations, cmd.campaign_id, cmd.reason,
                                         round=0)
        return EvaluationDiscarded(campaign_id=cmd.campaign_id, was_live=was_live)

    async def _evaluate_pack(self, tx: Tx, cmd: EvaluatePack, env: Envelope) -> PackEvaluated:
        current = await tx.rows(t.pack_checks).get(cmd.campaign_id)
        if current is not None and current["status"] == "discarded":
            raise Conflict(f"campaign {cmd.campaign_id}'s pack check was discarded")
        try:  # file reads and deck parsing: off the event loop
            report = await asyncio.to_thread(evaluate_pack, cmd.pack_dir, cmd.files,
                                             cmd.brief, cmd.strategy)
        except PackMissing as exc:
            # This node does not see the pack (the shared volume is not mounted here, or
            # not yet): a retry, or an operator with the dead letter, may fix that.
            raise ModuleError(str(exc), code=ErrorCode.IO_FAILED, retryable=True) from exc
        row = {"campaign_id": cmd.campaign_id, "status": "live",
               "qc_status": report.status.value, "score": report.score,
               "pack_dir": cmd.pack_dir, "report_json": report.model_dump_json(),
               "reason": None, "updated_at": self.clock.now().isoformat()}
        tx.rows(t.pack_checks).put(row)
        return PackEvaluated(campaign_id=cmd.campaign_id, report=report)

    async def _discard_pack_check(self, tx: Tx, cmd: DiscardPackCheck,
                                  env: Envelope) -> PackCheckDiscarded:
        was_live = await self._tombstone(tx, t.pack_checks, cmd.campaign_id, cmd.reason,
                                         pack_dir="")
        return PackCheckDiscarded(campaign_id=cmd.campaign_id, was_live=was_live)

    async def _tombstone(self, tx: Tx, table: Any, campaign_id: str, reason: str,
                         **defaults: Any) -> bool:
        """Mark the campaign's row discarded, keeping its facts (or `defaults` with none)
        but not its report; whether it was live."""
        rows = tx.rows(table)
        current = await rows.get(campaign_id)
        kept = {"qc_status": "", "score": 0, **defaults}
        if current is not None:
            kept = {key: current[key] for key in kept}
        rows.put({"campaign_id": campaign_id, "status": "discarded", **kept,
                  "report_json": None, "reason": reason,
                  "updated_at": self.clock.now().isoformat()})
        return current is not None and current["status"] == "live"

    async def _get(self, tx: Tx, query: GetEvaluation, env: Envelope) -> EvaluationView:
        return await _view(tx, t.evaluations, query.campaign_id, "evaluation")

    async def _get_pack_check(self, tx: Tx, query: GetPackCheck, env: Envelope) -> EvaluationView:
        return await _view(tx, t.pack_checks, query.campaign_id, "pack check")


async def _view(tx: Tx, table: Any, campaign_id: str, what: str) -> EvaluationView:
    row = await tx.rows(table).get(campaign_id)
    if row is None or row["report_json"] is None:
        raise NotFound(f"no live {what} for campaign {campaign_id}")
    return EvaluationView(campaign_id=campaign_id, status=row["status"],
                          report=QcReport.model_validate_json(row["report_json"]))
