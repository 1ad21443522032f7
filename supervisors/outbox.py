"""Reporting hears every outcome: an outbox over the saga log.

A finished saga's row is the outbox entry; `drain` sends each unreported one to reporting
as a RecordOutcome (event id derived from the campaign, so a resend is recognised) and
marks it reported. Drains run after sagas finish and when the supervisor starts, so an
outcome that was not acknowledged before a crash is sent again, never lost.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import re
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, select, update

from contracts.common import derived_id
from contracts.reporting import RecordOutcome, StepTiming
from infra.clock import Clock
from supervisors import saga_log as t
from supervisors.courier import deliver
from supervisors.ports import MessagePort
from supervisors.saga_log import SagaLog

log = logging.getLogger("aicmo.supervisor.outbox")
REPORTING = "reporting"
DRAIN_CHUNK = 500

mark_reported = (update(t.sagas).where(t.sagas.c.campaign_id == bindparam("cid"))
                 .values(reported_at=bindparam("at")))


def module_of_step(step: str) -> str:
    """Which module a campaign saga step talks to (for latency by module)."""
    head = re.sub(r"_\d+$", "", step)  # revise_2 -> revise
    return {"register": "cam", "complete": "cam", "onboard": "onboarding",
            "strategy": "strategy", "approve": "strategy", "produce": "production",
            "revise": "production", "amend": "production", "qc": "qc", "recheck": "qc",
            "review": "client_review", "feedback": "client_review", "pack": "delivery",
            "invoice": "billing", "follow_ups": "retention"}.get(head, head)


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


class OutcomeOutbox:
    def __init__(self, saga_log: SagaLog, port: MessagePort, clock: Clock,
                 rng: random.Random):
        self._log, self._port, self._clock, self._rng = saga_log, port, clock, rng
        self._task: asyncio.Task[None] | None = None
        self._again = False
        self.sent = 0
        self.behind = False  # the last drain failed: the heartbeat kicks it again

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
                while await self.drain():
                    pass
            except Exception:  # reporting or the log is down: the rows wait for the next kick
                log.exception("reporting outbox drain failed; will retry")
                self.behind = True
                return

    async def drain(self) -> int:
        """Send one chunk of unreported outcomes; how many reporting acknowledged."""
        rows = await self._log.fetch(
            select(t.sagas).where(t.sagas.c.status == "done", t.sagas.c.reported_at.is_(None))
            .order_by(t.sagas.c.finished_at).limit(DRAIN_CHUNK))
        replies = await asyncio.gather(*(self._send(row) for row in rows))
        acked = [row for row, ok in zip(rows, replies, strict=True) if ok]
        now = self._clock.now().isoformat()
        if acked:
            await self._log.write([(mark_reported, {"cid": r["campaign_id"], "at": now})
                                   for r in acked])
        self.sent += len(acked)
        self.behind = len(acked) < len(rows)
        return len(acked) if not self.behind else 0

    async def _send(self, row: dict[str, Any]) -> bool:
        event = outcome_event(row)
        reply = await deliver(self._port, self._clock, self._rng, REPORTING, event,
                              message_id=event.event_id, correlation_id=row["campaign_id"])
        if not reply.ok:
            log.warning("reporting refused the outcome of %s: %s", row["campaign_id"],
                        reply.error)
        return reply.ok
