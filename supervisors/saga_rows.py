"""The saga log rows the engine writes for a run: a step's row, the saga's move, a dead
letter. Pure: the engine adds them to a run's pending writes and commits them together."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from contracts.common import new_id
from supervisors.saga_run import SagaRun


def step_row(run: SagaRun, step: str, kind: str, status: str, now: datetime, *,
             result: bytes | None = None, error: str | None = None) -> dict[str, Any]:
    """A saga_steps row: one (step, do|undo) of the run as it stands."""
    started = run.timings.get(step, (None, None))[0] if kind == "do" else None
    return {"campaign_id": run.campaign_id, "step": step, "kind": kind, "status": status,
            "attempts": run.attempts.get((step, kind), 0), "started_at": started,
            "message_id": run.message_id(step, kind),
            "result": result, "error": error, "updated_at": now.isoformat()}


def saga_move(run: SagaRun, now: datetime) -> dict[str, Any]:
    """Where the saga stands, for its sagas row (saga_log.move_saga)."""
    # A saga parked on an undo letter stays "compensating" (or "rejecting") in the log:
    # its open letter is what parks it (see BatchBook.load).
    status = run.unwinding if run.status == "dead_letter" and run.unwinding else run.status
    return {"campaign": run.campaign_id, "status": status, "state": run.state,
            "step": run.step, "reason": run.failure, "at": now.isoformat()}


def letter_row(run: SagaRun, step: str, kind: str, destination: str, message_type: str,
               error: str, now: datetime) -> dict[str, Any]:
    """An open dead letter for (step, kind) of the run."""
    return {"letter_id": new_id(), "campaign_id": run.campaign_id, "step": step,
            "destination": destination, "message_type": message_type,
            "message_id": run.message_id(step, kind),
            "attempts": run.attempts.get((step, kind), 0), "error": error,
            "status": "open", "created_at": now.isoformat(), "resolved_at": None}
