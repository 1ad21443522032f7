"""The retention policy, applied: what finished work keeps, and for how long.

Each finished campaign leaves its payload three times: in the owning module's rows, in
that module's dedupe table (the stored reply), and in the saga log (the step result).
The module's rows are the record and stay. Once a saga has been finished (and reported)
for `compact_after_days`, the other two copies are compacted: every module drops the
stored replies of the campaign's messages, keeping the fact that each id was applied, and
the saga log drops the step results. After `prune_after_days`, history itself goes: saga
step rows, resolved dead letters, old dedupe rows and reporting's events. The saga rows
stay, small, as the index of what ran. It runs once a day and on `aicmo gc`.
"""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Table, func, select

from contracts.common import derived_id
from contracts.housekeeping import (
    CollectGarbage,
    CompactHistory,
    GarbageCollected,
    HistoryCompacted,
)
from contracts.registry import modules
from contracts.routing import Destination
from infra.clock import Clock
from infra.store import count_of
from supervisors import saga_log as t
from supervisors.courier import deliver
from supervisors.errors import SupervisorError
from supervisors.ports import MessagePort
from supervisors.saga_log import SagaLog

log = logging.getLogger("aicmo.supervisor.housekeeping")
CHUNK = 500  # campaigns per CompactHistory


@dataclass(frozen=True)
class RetentionPolicy:
    """Defaults keep what the lifecycle still reads: a month of full detail (reviews,
    revisions, redeliveries all happen within days), and a year of history for client
    reports and renewals (the longest contract term is 12 months)."""

    compact_after_days: float = 30.0
    prune_after_days: float | None = 400.0  # None: keep history forever


def destinations_of(pools: dict[str, int]) -> list[str]:
    """Every module actor: the singletons and each shard of the pools."""
    singles = [m for m in modules() if m not in pools and m != "supervisor"]
    return [*singles, *(str(Destination(pool, i)) for pool, n in pools.items()
                        for i in range(n))]


class Housekeeper:
    def __init__(self, saga_log: SagaLog, port: MessagePort, clock: Clock, rng: random.Random,
                 policy: RetentionPolicy, destinations: list[str]):
        self._log, self._port, self._clock, self._rng = saga_log, port, clock, rng
        self._policy = policy
        self._destinations = destinations
        self._swept_on: str | None = None

    async def sweep(self) -> None:
        """The daily run; a repeat on the same day does nothing."""
        today = self._clock.now().date().isoformat()
        if self._swept_on != today:
            done = await self.collect(CollectGarbage(), derived_id("gc", today))
            log.info("retention sweep %s: %s", today, done)
            self._swept_on = today

    async def collect(self, cmd: CollectGarbage, message_id: str) -> GarbageCollected:
        now = self._clock.now()
        days = (cmd.older_than_days if cmd.older_than_days is not None
                else self._policy.compact_after_days)
        sagas, replies = await self._compact((now - timedelta(days=days)).isoformat(),
                                             message_id)
        prune_days = (cmd.prune_older_than_days if cmd.prune_older_than_days is not None
                      else self._policy.prune_after_days)
        pruned = 0
        if prune_days is not None:
            pruned = await self._prune(now - timedelta(days=prune_days), message_id)
        return GarbageCollected(sagas_compacted=sagas, replies_compacted=replies,
                                rows_pruned=pruned)

    async def _compact(self, before: str, message_id: str) -> tuple[int, int]:
        sagas = replies = 0
        while ids := await self._compactable(before):
            told = await self._tell_all(CompactHistory(campaign_ids=ids),
                                        derived_id(message_id, "compact", ids[0], len(ids)))
            replies += sum(r.replies_compacted for r in told)
            # Only once every module has let go: a failure leaves these for the next run.
            await self._log.write([(t.compact_steps, {"campaign": campaign_id})
                                   for campaign_id in ids])
            sagas += len(ids)
        return sagas, replies

    async def _compactable(self, before: str) -> list[str]:
        """Finished, reported sagas from before `before` that still hold step results."""
        held = select(t.saga_steps.c.campaign_id).where(t.saga_steps.c.result.is_not(None))
        rows = await self._log.fetch(
            select(t.sagas.c.campaign_id)
            .where(t.sagas.c.status == "done", t.sagas.c.reported_at.is_not(None),
                   t.sagas.c.finished_at <= before, t.sagas.c.campaign_id.in_(held))
            .order_by(t.sagas.c.finished_at).limit(CHUNK))
        return [r["campaign_id"] for r in rows]

    async def _prune(self, before: datetime, message_id: str) -> int:
        # Never reach past the oldest unfinished saga: it may still resend its messages.
        [oldest] = await self._log.fetch(select(func.min(t.sagas.c.started_at).label("at"))
                                         .where(t.sagas.c.status != "done"))
        horizon = min(before.isoformat(), oldest["at"] or before.isoformat())
        steps = await self._count(t.saga_steps, t.saga_steps.c.campaign_id.in_(
            t.finished_before(horizon)))
        letters = await self._count(t.dead_letters, t.dead_letters.c.status != "open",
                                    t.dead_letters.c.resolved_at < horizon)
        await self._log.write([(t.prune_steps, {"before": horizon}),
                               (t.prune_letters, {"before": horizon})])
        told = await self._tell_all(
            CompactHistory(prune_before=datetime.fromisoformat(horizon)),
            derived_id(message_id, "prune", horizon))
        return steps + letters + sum(r.rows_pruned for r in told)

    async def _count(self, table: Table, *where: ColumnElement[bool]) -> int:
        return int((await self._log.fetch(count_of(table, *where)))[0]["n"])

    async def _tell_all(self, message: CompactHistory, message_id: str) -> list[HistoryCompacted]:
        replies = await asyncio.gather(*(
            deliver(self._port, self._clock, self._rng, destination, message,
                    message_id=derived_id(message_id, destination),
                    correlation_id="housekeeping")
            for destination in self._destinations))
        for reply in replies:
            if not reply.ok:
                assert reply.error is not None
                raise SupervisorError.passed_on(reply.error)
        return [HistoryCompacted.model_validate(r.payload) for r in replies]
