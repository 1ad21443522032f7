"""Reporting hears every outcome: an outbox over the saga log.

A finished saga's row is the outbox entry; `drain` sends each unreported one to reporting
as a RecordOutcome (event id derived from the campaign, so a resend is recognised) and
marks it reported. Drains run after sagas finish and when the supervisor starts, so an
outcome that was not acknowledged before a crash is sent again, never lost.

A row that can never be reported (it is no valid RecordOutcome, or reporting refuses it
for good) is quarantined: marked so no drain picks it again, logged once as an error,
counted. It never blocks the rows behind it, and neither does one refused for now.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import re
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Any, Literal, NamedTuple

from sqlalchemy import and_, bindparam, func, or_, select, update

from contracts.common import derived_id
from contracts.envelope import ErrorCode
from contracts.reporting import RecordOutcome, StepTiming
from infra.clock import Clock
from infra.metrics import Metrics, NullMetrics
from supervisors import saga_log as t
from supervisors.campaign import campaign_saga
from supervisors.courier import deliver
from supervisors.ports import MessagePort
from supervisors.saga_log import SagaLog

log = logging.getLogger("aicmo.supervisor.outbox")
REPORTING = "reporting"
DRAIN_CHUNK = 500  # rows per page of a drain
# reported_at of a row reporting will never take, followed by when it was set aside: the
# drains skip it (it is not NULL) and an operator finds it with LIKE 'quarantined:%'.
QUARANTINED = "quarantined:"

mark_reported = (update(t.sagas).where(t.sagas.c.campaign_id == bindparam("campaign"))
                 .values(reported_at=bindparam("at")))


@cache
def _modules_of_steps() -> dict[str, str]:
    return {step.name: step.module for step in campaign_saga().steps}


def module_of_step(step: str) -> str:
    """Which module a campaign saga step talks to (for latency by module), as the saga's
    definition says; a step it no longer has (in a summary an older release logged) goes
    by its name without the round (revise_2 -> revise)."""
    return _modules_of_steps().get(step) or re.sub(r"_\d+$", "", step)


def outcome_event(row: dict[str, Any]) -> RecordOutcome:
    """The RecordOutcome for a finished saga's log row."""
    summary = json.loads(row["summary"] or "{}")
    invoice = summary.get("invoice") or {}
    attempts = summary.get("attempts", {})
    steps = [StepTiming(step=name, module=module_of_step(name),
                        started_at=datetime.fromisoformat(began),
                        finished_at=datetime.fromisoformat(ended),
                        attempts=attempts.get(name, 1))
             for name, (began, ended) in summary.get("timings", {}).items() if ended]
    return RecordOutcome(
        event_id=derived_id(row["campaign_id"], "outcome"), batch_id=row["batch_id"],
        campaign_id=row["campaign_id"], client_id=summary.get("client_id"),
        client_name=summary.get("client_name"), outcome=row["outcome"], state=row["state"],
        reason=row["reason"], qc_score=summary.get("qc_score"),
        revision_rounds=summary.get("revision_rounds", 0),
        review_rounds=summary.get("review_rounds", 0),
        compensated_steps=summary.get("undone", []),
        compensation_failures=json.loads(row["compensation_failures"] or "[]"),
        invoice_total=Decimal(invoice["total"]) if invoice else None,
        currency=invoice.get("currency"), steps=steps,
        started_at=datetime.fromisoformat(row["started_at"]) if row["started_at"] else None,
        finished_at=datetime.fromisoformat(row["finished_at"]))


class _Fate(NamedTuple):
    """What became of one row in a drain."""

    kind: Literal["reported", "later", "unreachable", "quarantined"]
    reason: str = ""


class OutcomeOutbox:
    def __init__(self, saga_log: SagaLog, port: MessagePort, clock: Clock,
                 rng: random.Random, metrics: Metrics | None = None):
        self._log, self._port, self._clock, self._rng = saga_log, port, clock, rng
        self._metrics: Metrics = metrics or NullMetrics()
        self._task: asyncio.Task[None] | None = None
        self._again = False
        self.sent = 0
        self.quarantined = 0  # rows set aside for an operator since this supervisor started
        self.behind = False  # outcomes still wait for reporting: the heartbeat kicks again

    def kick(self) -> None:
        """Drain soon; a drain already under way goes round once more instead."""
        if self._task is not None and not self._task.done():
            self._again = True
            return
        self._task = asyncio.create_task(self._run())

    async def idle(self) -> None:
        """Wait for the current drain (tests, shutdown)."""
        while self._task is not None and not self._task.done():
            await asyncio.gather(self._task, return_exceptions=True)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _run(self) -> None:
        self._again = True
        while self._again:
            self._again = False
            try:
                await self.drain()
            except Exception:  # the log is down: the rows wait for the next kick
                log.exception("reporting outbox drain failed; will retry")
                self.behind = True
                return

    async def drain(self) -> int:
        """Send every unreported outcome, a page at a time; how many reporting acknowledged.

        A row that is no valid outcome, or that reporting refuses for good, is quarantined;
        one refused for now stays for the next drain. Neither hides the rows after it: the
        pages go on from the last row seen, not from the oldest unreported one."""
        after: tuple[str, str] | None = None
        acked = waiting = 0
        while rows := await self._page(after):
            after = (rows[-1]["finished_at"] or "", rows[-1]["campaign_id"])
            fates = await asyncio.gather(*(self._send(row) for row in rows))
            await self._mark(rows, fates)
            kinds = [fate.kind for fate in fates]
            acked += kinds.count("reported")
            waiting += kinds.count("later") + kinds.count("unreachable")
            if all(kind == "unreachable" for kind in kinds):
                break  # reporting is down: every later page would only wait out its retries
        self.sent += acked
        self.behind = waiting > 0
        return acked

    async def _page(self, after: tuple[str, str] | None) -> list[dict[str, Any]]:
        # Keyset pagination over (finished_at, campaign_id): unique, and the order rows
        # finish in. A NULL finish time sorts as "" so such a row cannot drop out of paging.
        finished = func.coalesce(t.sagas.c.finished_at, "")
        query = (select(t.sagas)
                 .where(t.sagas.c.status == "done", t.sagas.c.reported_at.is_(None))
                 .order_by(finished, t.sagas.c.campaign_id).limit(DRAIN_CHUNK))
        if after is not None:
            query = query.where(or_(finished > after[0], and_(
                finished == after[0], t.sagas.c.campaign_id > after[1])))
        return await self._log.fetch(query)

    async def _send(self, row: dict[str, Any]) -> _Fate:
        try:
            event = outcome_event(row)
        except Exception as exc:  # built from the row alone: whatever failed is the row's own
            return _Fate("quarantined", f"not a valid outcome: {type(exc).__name__}: {exc}")
        reply = await deliver(self._port, self._clock, self._rng, REPORTING, event,
                              message_id=event.event_id, correlation_id=row["campaign_id"])
        if reply.ok:
            return _Fate("reported")
        error = reply.error
        assert error is not None
        reason = f"reporting refused it: {error.code.value}: {error.message}"
        if not error.retryable:
            return _Fate("quarantined", reason)
        log.warning("outcome of %s waits for the next drain: %s", row["campaign_id"], reason)
        return _Fate("unreachable" if error.code is ErrorCode.UNAVAILABLE else "later", reason)

    async def _mark(self, rows: list[dict[str, Any]], fates: list[_Fate]) -> None:
        now = self._clock.now().isoformat()
        stamps = {"reported": now, "quarantined": QUARANTINED + now}
        marked = [(row, fate) for row, fate in zip(rows, fates, strict=True)
                  if fate.kind in stamps]
        if marked:
            await self._log.write([(mark_reported, {"campaign": row["campaign_id"],
                                                    "at": stamps[fate.kind]})
                                   for row, fate in marked])
        for row, fate in marked:
            if fate.kind == "quarantined":  # once: the mark keeps it out of later drains
                self._quarantine(row, fate.reason)

    def _quarantine(self, row: dict[str, Any], reason: str) -> None:
        self.quarantined += 1
        self._metrics.record("aicmo_outcomes_quarantined")
        log.error("outcome of %s (batch %s) quarantined, reporting will not get it: %s; "
                  "its saga row has reported_at '%s<time>'", row["campaign_id"],
                  row["batch_id"], reason, QUARANTINED)
