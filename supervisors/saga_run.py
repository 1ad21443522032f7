"""One saga's live state, and how it is rebuilt from the saga log after a restart."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from contracts.codec import decode_value
from contracts.common import derived_id
from contracts.registry import reply_types


@dataclass
class SagaRun:
    """One saga's live state; rebuilt from the log when the supervisor restarts."""

    saga_id: str
    input: dict[str, Any]
    state: str
    # running | waiting (parked on a wait step: no task holds it) | dead_letter (parked on a
    # step that kept failing, until an operator retries or discards it) | compensating |
    # rejecting (compensating a refused input: it ends as rejected) | done
    status: str = "running"
    step: str | None = None
    results: dict[str, Any] = field(default_factory=dict)
    registered: list[str] = field(default_factory=list)
    undone: set[str] = field(default_factory=set)
    failure: str | None = None
    outcome: str | None = None
    compensation_failures: list[str] = field(default_factory=list)
    cancel_reason: str | None = None  # an operator asked to stop: honoured between steps
    retries: int = 0
    started_at: datetime | None = None
    finished_at: datetime | None = None
    attempts: dict[tuple[str, str], int] = field(default_factory=dict)  # sends per message
    # When each step began and, once done, ended (ISO strings, the supervisor's clock)
    timings: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    # Parked on a compensation that kept failing: "compensating" or "rejecting", what the
    # saga goes back to when an operator retries the letter. None otherwise.
    unwinding: str | None = None
    # Compensations an operator gave up on (a discarded undo letter): the unwind skips them.
    given_up: set[str] = field(default_factory=set)
    # Log writes of this saga that have not been committed yet: a failed write leaves them
    # here and the next write of the saga commits them first, in order.
    unlogged: list[Any] = field(default_factory=list, repr=False)
    _ids: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)

    def message_id(self, step: str, kind: str) -> str:
        """The id of this saga's (step, do|undo) message: derived, so a resume resends it."""
        key = (step, kind)
        if key not in self._ids:
            self._ids[key] = derived_id(self.saga_id, step, kind)
        return self._ids[key]

    @property
    def waiting(self) -> bool:
        return self.status == "waiting"

    @property
    def parked(self) -> bool:
        """No task holds it: it waits for a client or for an operator."""
        return self.status in ("waiting", "dead_letter")


def rebuild(definition: Any, row: Mapping[str, Any],
            steps: list[Mapping[str, Any]]) -> SagaRun:
    """A SagaRun as the log left it, so `SagaEngine.run` can carry on from there.
    `definition` is the saga's SagaDefinition: its step order sorts the log's rows."""
    run = SagaRun(saga_id=row["campaign_id"], input=decode_value(row["input"]),
                  state=row["state"], status=row["status"], step=row["step"],
                  failure=row["reason"], outcome=row["outcome"],
                  cancel_reason=row.get("cancel_reason"),
                  started_at=_parse_time(row["started_at"]),
                  finished_at=_parse_time(row["finished_at"]))
    order = {s.name: i for i, s in enumerate(definition.steps)}
    types = reply_types()
    for entry in sorted(steps, key=lambda s: order.get(s["step"], len(order))):
        run.attempts[(entry["step"], entry["kind"])] = entry["attempts"]
        if entry["kind"] == "do":
            run.registered.append(entry["step"])
            done = entry["status"] == "done"
            if entry.get("started_at"):
                run.timings[entry["step"]] = (entry["started_at"],
                                              entry["updated_at"] if done else None)
            if done:
                stored = decode_value(entry["result"])
                run.results[entry["step"]] = types[stored["type"]].model_validate(stored["payload"])
        elif entry["status"] == "done":
            run.undone.add(entry["step"])
        elif entry["status"] == "given_up":
            run.given_up.add(entry["step"])
            run.compensation_failures.append(entry["error"] or entry["step"])
    return run


def _parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
