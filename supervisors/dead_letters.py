"""The dead-letter desk: poison messages an operator lists, retries or discards.

A saga step whose retryable error outlasts every retry is written to the saga log's
dead_letters table and its saga parks (SagaEngine with dead_letters=True). So is a
compensation that keeps failing while a saga unwinds: its unwind parks at that step.
Retrying wakes the saga to send the same message (same id) again. Discarding a step's
letter cancels the campaign, which undoes its completed steps; discarding a
compensation's letter gives that undo up, the unwind carries on with the earlier steps,
and the campaign ends compensation_failed. Nothing is dropped: the letter keeps its error
and what became of it.
"""

from __future__ import annotations

import builtins
from typing import Any

from sqlalchemy import select

from contracts.dead_letters import (
    DeadLetter,
    DeadLetterList,
    DeadLetterResolved,
    DiscardDeadLetter,
    ListDeadLetters,
    RetryDeadLetter,
)
from contracts.envelope import ErrorCode
from infra.clock import Clock
from supervisors import saga_log as t
from supervisors.errors import SupervisorError
from supervisors.open_sagas import OpenSagas
from supervisors.saga import SagaEngine, SagaRun
from supervisors.saga_log import SagaLog
from supervisors.saga_run import STORED_DATA


class DeadLetterDesk:
    def __init__(self, saga_log: SagaLog, clock: Clock, engine: SagaEngine,
                 open_sagas: OpenSagas):
        self._log, self._clock, self._engine = saga_log, clock, engine
        self._sagas = open_sagas

    async def list(self, query: ListDeadLetters, message_id: str) -> DeadLetterList:
        stmt = select(t.dead_letters).order_by(t.dead_letters.c.created_at).limit(query.limit)
        if query.status is not None:
            stmt = stmt.where(t.dead_letters.c.status == query.status)
        return DeadLetterList(letters=[DeadLetter(**row) for row in await self._log.fetch(stmt)])

    async def retry(self, cmd: RetryDeadLetter, message_id: str) -> DeadLetterResolved:
        letter, run = await self._open(cmd.letter_id)
        if run.unreadable is not None and run.unwinding is None:
            # Running on would redo a finished step (see SagaEngine.park_unreadable): the
            # data must read again first, which takes a restart.
            step, why = run.unreadable
            raise SupervisorError(ErrorCode.CONFLICT, f"campaign {run.campaign_id} cannot run "
                                  f"on: {step}: {why}. Repair the data or upgrade, then restart "
                                  "the supervisor and retry; or discard the letter to undo "
                                  "the campaign")
        resolved = await self._resolve(letter, "retried")
        self._sagas.wake(run.campaign_id)
        return resolved

    async def discard(self, cmd: DiscardDeadLetter, message_id: str) -> DeadLetterResolved:
        letter, run = await self._open(cmd.letter_id)
        # A compensation's letter: give that undo up. (One for stored data that no longer
        # reads names no failed undo: the unwind just carries on, as for any other letter.)
        if run.unwinding is not None and letter["destination"] != STORED_DATA:
            failure, writes = self._engine.give_up(
                run, letter["step"], f"discarded by operator: {cmd.reason} "
                                     f"(last error: {letter['error']})")
            resolved = await self._resolve(letter, "discarded", writes)
            run.given_up.add(letter["step"])
            run.compensation_failures.append(failure)
        else:
            reason = f"dead letter discarded: {cmd.reason} ({letter['error']})"
            resolved = await self._resolve(letter, "discarded", [
                (t.request_cancel, {"campaign": run.campaign_id, "why": reason})])
            run.cancel_reason = reason
        self._sagas.wake(run.campaign_id)  # it unwinds: its completed steps are compensated
        return resolved

    async def _open(self, letter_id: str) -> tuple[dict[str, Any], SagaRun]:
        rows = await self._log.fetch(select(t.dead_letters)
                                     .where(t.dead_letters.c.letter_id == letter_id))
        if not rows:
            raise SupervisorError(ErrorCode.NOT_FOUND, f"no dead letter {letter_id}")
        letter = rows[0]
        run = self._sagas.get(letter["campaign_id"])
        if letter["status"] != "open" or run is None or run.status != "dead_letter":
            raise SupervisorError(ErrorCode.CONFLICT, f"dead letter {letter_id} is "
                                  f"{letter['status']}; only an open letter can be resolved")
        return letter, run

    async def _resolve(self, letter: dict[str, Any], status: str,
                       more: builtins.list[Any] | None = None) -> DeadLetterResolved:
        batch_id = self._sagas.batch_of(letter["campaign_id"])
        assert batch_id is not None  # its saga is open (`_open`), so its batch is loaded
        at = self._clock.now().isoformat()
        await self._log.write([(t.resolve_letter, {"lid": letter["letter_id"],
                                                   "status": status, "at": at}), *(more or [])])
        return DeadLetterResolved(letter=DeadLetter(**{**letter, "status": status,
                                                       "resolved_at": at}), batch_id=batch_id)
