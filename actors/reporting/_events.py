"""Outcome events to rows and back. Rows are written once and never changed."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.reporting import RecordOutcome

from . import _tables as t


def outcome_row(event: RecordOutcome, recorded_at: datetime) -> dict[str, Any]:
    return {
        "event_id": event.event_id, "batch_id": event.batch_id,
        "campaign_id": event.campaign_id, "client_id": event.client_id,
        "client_name": event.client_name, "outcome": event.outcome, "state": event.state,
        "reason": event.reason, "qc_score": event.qc_score,
        "revision_rounds": event.revision_rounds, "review_rounds": event.review_rounds,
        "compensated_steps_json": json.dumps(event.compensated_steps),
        "compensation_failures_json": json.dumps(event.compensation_failures),
        "invoice_total": None if event.invoice_total is None else str(event.invoice_total),
        "currency": event.currency,
        "started_at": event.started_at.isoformat() if event.started_at else None,
        "finished_at": event.finished_at.isoformat(),
        "recorded_at": recorded_at.isoformat(),
    }


def step_rows(event: RecordOutcome) -> list[dict[str, Any]]:
    return [{"event_id": event.event_id, "position": position, "step": s.step,
             "module": s.module, "started_at": s.started_at.isoformat(),
             "finished_at": s.finished_at.isoformat(), "attempts": s.attempts}
            for position, s in enumerate(event.steps)]


def _event(fields: dict[str, Any], steps: list[dict[str, Any]]) -> RecordOutcome:
    del fields["recorded_at"]
    fields["compensated_steps"] = json.loads(fields.pop("compensated_steps_json"))
    fields["compensation_failures"] = json.loads(fields.pop("compensation_failures_json"))
    return RecordOutcome.model_validate({**fields, "steps": steps})


async def _dicts(conn: AsyncConnection, query: Any) -> list[dict[str, Any]]:
    # Zipping plain tuples with the column names once: RowMapping looks its keys up per row,
    # which dominates the load of a large batch.
    result = await conn.execute(query)
    columns = list(result.keys())
    return [dict(zip(columns, row, strict=True)) for row in result]


async def load_events(conn: AsyncConnection, *, batch_id: str | None = None,
                      client_id: str | None = None) -> list[RecordOutcome]:
    """Every stored event of a batch, or of a client, with its step timings."""
    column = t.outcomes.c.batch_id if batch_id is not None else t.outcomes.c.client_id
    key = batch_id if batch_id is not None else client_id
    rows = await _dicts(conn, select(t.outcomes).where(column == key))
    if not rows:
        return []
    timing = t.step_timings
    step_query = (select(timing).join(t.outcomes, timing.c.event_id == t.outcomes.c.event_id)
                  .where(column == key).order_by(timing.c.event_id, timing.c.position))
    steps: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for step in await _dicts(conn, step_query):
        del step["position"]
        steps[step.pop("event_id")].append(step)
    return [_event(row, steps[row["event_id"]]) for row in rows]
