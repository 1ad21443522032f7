"""One saga's live state, and how it is rebuilt from the saga log after a restart."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from contracts.codec import CodecError, decode_value
from contracts.common import Contract, derived_id

# The step a dead letter names when a saga's stored input (not a step's result) is unreadable.
INPUT = "input"
# The destination a dead letter names when what failed is the saga's own stored data.
STORED_DATA = "saga_log"


class StoredDataError(ValueError):
    """Stored saga data is not what the steps read. The message names what is wrong, never
    the data itself, so it can go into a dead letter as is."""


@dataclass
class SagaRun:
    """One saga's live state; rebuilt from the log when the supervisor restarts."""

    campaign_id: str  # the saga's key: one saga per campaign
    input: Any  # what the definition's `read_input` made of the stored input
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
    # Stored data of this saga that no longer reads (its input, or a step's result, fails
    # validation after an upgrade or is damaged): (step or INPUT, why). Set by `rebuild`,
    # which leaves that result out; the supervisor parks the saga on a dead letter for it.
    unreadable: tuple[str, str] | None = None
    _ids: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)

    def message_id(self, step: str, kind: str) -> str:
        """The id of this saga's (step, do|undo) message: derived, so a resume resends it."""
        key = (step, kind)
        if key not in self._ids:
            self._ids[key] = derived_id(self.campaign_id, step, kind)
        return self._ids[key]

    @property
    def waiting(self) -> bool:
        return self.status == "waiting"

    @property
    def parked(self) -> bool:
        """No task holds it: it waits for a client or for an operator."""
        return self.status in ("waiting", "dead_letter")


def rebuild(definition: Any, row: Mapping[str, Any],
            steps: Sequence[Mapping[str, Any]]) -> SagaRun:
    """A SagaRun as the log left it, so `SagaEngine.run` can carry on from there.
    `definition` is the saga's SagaDefinition: its step order sorts the log's rows.

    Stored data that no longer reads does not raise: one saga's bad row must not stop a
    supervisor from resuming every other saga. The first problem goes on `unreadable` and
    the bad result is left out, so a retry sends that step's message (same id) again."""
    run = SagaRun(campaign_id=row["campaign_id"], input=definition.salvage_input({}),
                  state=row["state"], status=row["status"], step=row["step"],
                  failure=row["reason"], outcome=row["outcome"],
                  cancel_reason=row.get("cancel_reason"),
                  started_at=_parse_time(row["started_at"]),
                  finished_at=_parse_time(row["finished_at"]))
    try:
        data = _decoded_input(row["input"])
        # Kept unchecked when it does not read: compensations read what they can of it.
        run.input = definition.salvage_input(data)
        run.input = definition.read_input(data)
    except Exception as exc:  # whatever it is, it is that saga's alone
        run.unreadable = (INPUT, unreadable("input", exc))
    order = {s.name: i for i, s in enumerate(definition.steps)}
    types = definition.reply_types()
    for entry in sorted(steps, key=lambda s: order.get(s["step"], len(order))):
        run.attempts[(entry["step"], entry["kind"])] = entry["attempts"]
        if entry["kind"] == "do":
            run.registered.append(entry["step"])
            done = entry["status"] == "done"
            if entry.get("started_at"):
                run.timings[entry["step"]] = (entry["started_at"],
                                              entry["updated_at"] if done else None)
            if done:
                try:
                    run.results[entry["step"]] = _result(types, entry["result"])
                except Exception as exc:  # as above
                    run.unreadable = run.unreadable or (entry["step"],
                                                        unreadable("result", exc))
        elif entry["status"] == "done":
            run.undone.add(entry["step"])
        elif entry["status"] == "given_up":
            run.given_up.add(entry["step"])
            run.compensation_failures.append(entry["error"] or entry["step"])
    return run


def _decoded_input(data: bytes) -> dict[str, Any]:
    value = decode_value(data)
    if not isinstance(value, dict):
        raise StoredDataError(f"a map was expected, got {type(value).__name__}")
    return value


def _result(types: Mapping[str, type[Contract]], data: bytes | None) -> Contract:
    if data is None:
        raise StoredDataError("it is missing")
    stored = decode_value(data)
    model = types.get(str(stored.get("type"))) if isinstance(stored, dict) else None
    if model is None:
        raise StoredDataError("it names no known result type")
    return model.model_validate(stored["payload"])


def unreadable(what: str, exc: Exception, limit: int = 3) -> str:
    """Why stored data cannot be used, as one line. It names the fields at fault and never
    quotes their values: the data may be a client's brief, and this goes into letters and
    logs."""
    if isinstance(exc, CodecError):
        return f"stored {what} no longer decodes"
    if isinstance(exc, ValidationError):
        errors = exc.errors()
        problems = ", ".join(f"{'.'.join(str(p) for p in e['loc']) or '(root)'} ({e['type']})"
                             for e in errors[:limit])
        more = f" (+{len(errors) - limit} more)" if len(errors) > limit else ""
        return f"stored {what} no longer validates as {exc.title}: {problems}{more}"
    if isinstance(exc, StoredDataError):
        return f"stored {what} no longer validates: {exc}"
    return f"stored {what} no longer validates: {type(exc).__name__}"


def _parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
