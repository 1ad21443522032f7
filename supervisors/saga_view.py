"""One campaign's saga as the log has it (GetSaga): what the campaign pages and the driver's
`campaign()` start from.

A running saga is read from memory (its results give the QC score so far); a finished one
from its saga row and stored summary. Steps come from the saga_steps table, the one place
that keeps each step's attempts, timings and last error.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from contracts.codec import CodecError, decode_value
from contracts.dead_letters import DeadLetter
from contracts.envelope import ErrorCode
from contracts.supervisor import CampaignOutcome, GetSaga, SagaView, StepTiming
from supervisors import saga_log as t
from supervisors.errors import SupervisorError
from supervisors.saga import SagaRun
from supervisors.saga_definition import SagaDefinition
from supervisors.saga_log import SagaLog
from supervisors.views import outcome_of_row, outcome_of_run

_ENDED = ("done", "failed", "given_up")  # step statuses whose last change was their end


class SagaReader:
    def __init__(self, saga_log: SagaLog, definition: SagaDefinition,
                 open_runs: Mapping[str, SagaRun]):
        self._log = saga_log
        self._definition = definition
        self._open_runs = open_runs  # unfinished sagas, by campaign id
        self._order = {step.name: i for i, step in enumerate(definition.steps)}

    async def get(self, query: GetSaga, message_id: str) -> SagaView:
        rows = await self._log.fetch(select(t.sagas)
                                     .where(t.sagas.c.campaign_id == query.campaign_id))
        if not rows:
            raise SupervisorError(ErrorCode.NOT_FOUND, f"no campaign {query.campaign_id}")
        row = rows[0]
        saga_input = _input(row["input"])
        stored_brief = saga_input.get("brief")
        brief: dict[str, Any] = stored_brief if isinstance(stored_brief, dict) else {}
        client = str(brief.get("client_name") or "")
        return SagaView(campaign=await self._outcome(row), batch_id=row["batch_id"],
                        brand=str(brief.get("brand_name") or client), client_name=client,
                        steps=await self._steps(query.campaign_id),
                        routes=_routes(saga_input.get("routes")))

    async def _outcome(self, row: dict[str, Any]) -> CampaignOutcome:
        run = self._open_runs.get(row["campaign_id"])
        outcome = (outcome_of_run(run, self._definition.summarize(run)) if run is not None
                   else outcome_of_row(row))
        if not outcome.dead_lettered:
            return outcome
        letters = await self._log.fetch(select(t.dead_letters).where(
            t.dead_letters.c.campaign_id == row["campaign_id"],
            t.dead_letters.c.status == "open"))
        return outcome.model_copy(update={"dead_letter": DeadLetter(**letters[0])
                                          if letters else None})

    async def _steps(self, campaign_id: str) -> list[StepTiming]:
        """Do steps in the order they ran, then compensations in the order they ran (the
        reverse). Unrolled loops give every round its own step, so the definition's order
        is the order of execution; a step the definition no longer has goes last."""
        rows = (await self._log.steps_of([campaign_id]))[campaign_id]
        last = len(self._order)

        def position(row: dict[str, Any]) -> tuple[int, int]:
            at = self._order.get(row["step"], last)
            return (0, at) if row["kind"] == "do" else (1, -at)
        return [StepTiming(step=r["step"], kind=r["kind"], status=r["status"],
                           attempts=r["attempts"], started_at=r["started_at"],
                           finished_at=r["updated_at"] if r["status"] in _ENDED else None,
                           error=r["error"])
                for r in sorted(rows, key=position)]


def _input(data: bytes) -> dict[str, Any]:
    """The saga's input, or nothing if it no longer decodes: a view shows what it can
    (BatchBook parks such a saga on a dead letter, which the view names)."""
    try:
        value = decode_value(data)
    except CodecError:
        return {}
    return value if isinstance(value, dict) else {}


def _routes(routes: Any) -> dict[str, str]:
    if not isinstance(routes, dict):
        return {}
    return {str(pool): str(where) for pool, where in routes.items()}
