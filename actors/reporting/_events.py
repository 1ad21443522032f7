"""Outcome events to rows and back. Rows are written once and never changed.

A frame's own events are written only when it commits, so a report built in the same frame
reads them from the frame's rows (`tx.rows`), after those stored."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import Column, select
from sqlalchemy.ext.asyncio import AsyncConnection

from actors._kernel import Row, Tx
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


async def load_events(tx: Tx, *, batch_id: str | None = None,
                      client_id: str | None = None) -> list[RecordOutcome]:
    """Every event of a batch, or of a client, with its step timings: those stored, then
    those this frame recorded."""
    column = t.outcomes.c.batch_id if batch_id is not None else t.outcomes.c.client_id
    key = batch_id if batch_id is not None else client_id
    stored = await _stored_events(tx.conn, column, key)
    return stored + _recorded_events(tx, column, key, {e.event_id for e in stored})


def _recorded_events(tx: Tx, column: Column[Any], key: Any,
                     stored: set[str]) -> list[RecordOutcome]:
    """Events of this frame not stored yet, in the order recorded."""
    rows = [row for row in tx.rows(t.outcomes)
            if row[column.name] == key and row["event_id"] not in stored]
    if not rows:
        return []
    wanted = {row["event_id"] for row in rows}
    steps: dict[str, list[Row]] = defaultdict(list)
    for step in tx.rows(t.step_timings):  # one pass, not one per event
        if step["event_id"] in wanted:
            steps[step["event_id"]].append(step)
    return [_event(dict(row), [_step(s) for s in sorted(steps[row["event_id"]],
                                                         key=lambda s: s["position"])])
            for row in rows]


def _step(row: Row) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in ("event_id", "position")}


async def _stored_events(conn: AsyncConnection, column: Column[Any],
                         key: Any) -> list[RecordOutcome]:
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
