"""A QC shard: runs the rule engine over a campaign's actual creative."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from actors._kernel import Conflict, ModuleActor, NotFound, Route, Tx
from contracts.envelope import Envelope
from contracts.qc import (
    AssetsEvaluated,
    DiscardEvaluation,
    EvaluateAssets,
    EvaluationDiscarded,
    EvaluationView,
    GetEvaluation,
    QcReport,
)

from . import _tables as t
from ._rules import evaluate


class QcActor(ModuleActor):
    module = "qc"
    metadata = t.metadata
    processed = t.processed
    migrations = Path(__file__).parent / "migrations"
    head = t.evaluations

    def routes(self) -> list[Route]:
        return [
            Route(EvaluateAssets, self._evaluate),
            Route(DiscardEvaluation, self._discard),
            Route(GetEvaluation, self._get, is_query=True),
        ]

    async def _evaluate(self, tx: Tx, cmd: EvaluateAssets, env: Envelope) -> Any:
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

    async def _discard(self, tx: Tx, cmd: DiscardEvaluation, env: Envelope) -> Any:
        evaluations = tx.rows(t.evaluations)
        current = await evaluations.get(cmd.campaign_id)
        row = {"campaign_id": cmd.campaign_id, "status": "discarded",
               "qc_status": current["qc_status"] if current else "",
               "score": current["score"] if current else 0,
               "round": current["round"] if current else 0, "report_json": None,
               "reason": cmd.reason, "updated_at": self.clock.now().isoformat()}
        evaluations.put(row)
        was_live = current is not None and current["status"] == "live"
        return EvaluationDiscarded(campaign_id=cmd.campaign_id, was_live=was_live)

    async def _get(self, tx: Tx, query: GetEvaluation, env: Envelope) -> Any:
        row = await tx.rows(t.evaluations).get(query.campaign_id)
        if row is None or row["report_json"] is None:
            raise NotFound(f"no live evaluation for campaign {query.campaign_id}")
        return EvaluationView(campaign_id=query.campaign_id, status=row["status"],
                              report=QcReport.model_validate_json(row["report_json"]))
