"""Running sagas: each batch's sagas go through a bounded window of workers.

At most `window` sagas of a batch are in flight at once. A saga that parks (it waits for
a client or an operator) leaves its slot; a woken one queues again. A saga is never
driven by two workers: a wake-up for one that is queued or held waits until its worker
lets go. A saga whose saga-log write failed (after the log's own retries) goes back on
its queue after a backoff, with what it did still on the run, so a log that is down for
a while stalls nothing for good.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import deque
from collections.abc import Callable

from infra.clock import Clock
from infra.metrics import Metrics
from supervisors.batch_book import BatchBook
from supervisors.retry import RetryPolicy
from supervisors.saga import SagaEngine, SagaRun
from supervisors.saga_log import SagaLogError

log = logging.getLogger("aicmo.supervisor")
# The log already retried briefly: a database that is down for minutes is polled, not
# hammered.
REQUEUE_POLICY = RetryPolicy(base_delay=0.5, max_delay=30.0)


class SagaWindows:
    def __init__(self, engine: SagaEngine, book: BatchBook, clock: Clock, rng: random.Random,
                 metrics: Metrics, open_runs: dict[str, SagaRun],
                 on_change: Callable[[SagaRun], None]):
        self._engine, self._book, self._clock, self._rng = engine, book, clock, rng
        self._metrics = metrics
        self._open_runs = open_runs
        self._on_change = on_change
        self._runners: dict[str, asyncio.Task[None]] = {}
        self.queues: dict[str, deque[SagaRun]] = {}  # sagas of a batch waiting for a slot
        self._active: set[str] = set()  # queued or held by a worker
        self._woken: set[str] = set()  # woken while active: looked at again when let go
        self._log_failures: dict[str, int] = {}  # saga id -> log writes failed in a row
        self._requeues: set[asyncio.Task[None]] = set()
        self._in_flight = 0

    async def close(self) -> None:
        tasks = [*self._runners.values(), *self._requeues]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def drive(self, batch_id: str, runs: list[SagaRun]) -> None:
        if not runs and batch_id not in self.queues:
            return
        queue = self.queues.setdefault(batch_id, deque())
        queue.extend(runs)
        self._active.update(run.campaign_id for run in runs)
        task = self._runners.get(batch_id)
        if queue and (task is None or task.done()):
            task = asyncio.create_task(self._run_window(batch_id))
            self._runners[batch_id] = task
            task.add_done_callback(lambda done: self._runners.pop(batch_id, None)
                                   if self._runners.get(batch_id) is done else None)

    def wake(self, campaign_id: str) -> None:
        """A parked saga's answer may be in (a client decided, an operator retried or
        cancelled): queue it behind the batch's window again."""
        run = self._open_runs.get(campaign_id)
        if run is not None and campaign_id in self._active:
            self._woken.add(campaign_id)
        elif run is not None and run.parked:
            self.unpark(run)  # queued once, however many wake-ups arrive
            self.drive(self._book.batch_of[campaign_id], [run])

    def unpark(self, run: SagaRun) -> None:
        """A parked saga about to run again counts as running from now on, so no view
        reports its batch settled on its old state. One parked on an undo letter goes back
        to unwinding."""
        run.status, run.unwinding = run.unwinding or "running", None
        self._on_change(run)

    def forget(self, batch_id: str) -> None:
        """Every saga of the batch has finished: its (empty) queue goes."""
        self.queues.pop(batch_id, None)

    def occupancy(self, delta: int) -> None:
        self._in_flight += delta
        window = sum(self._book.windows.get(b, 0) for b in self._runners) or 1
        self._metrics.record("aicmo_campaigns_in_flight", self._in_flight)
        self._metrics.record("aicmo_window_occupancy", min(1.0, self._in_flight / window))

    def _release(self, run: SagaRun) -> None:
        """A worker is done with `run` for now: a wake-up that came meanwhile applies."""
        self._active.discard(run.campaign_id)
        if run.campaign_id in self._woken:
            self._woken.discard(run.campaign_id)
            self.wake(run.campaign_id)

    def _requeue(self, batch_id: str, run: SagaRun) -> None:
        """The saga log failed under `run`: run it again after a backoff. It stays active
        meanwhile, and its unlogged writes go first when it runs again."""
        failures = self._log_failures.get(run.campaign_id, 0) + 1
        self._log_failures[run.campaign_id] = failures
        self._metrics.record("aicmo_saga_log_failures")

        async def later() -> None:
            await self._clock.sleep(REQUEUE_POLICY.delay(failures, self._rng))
            self.drive(batch_id, [run])

        task = asyncio.create_task(later())
        self._requeues.add(task)
        task.add_done_callback(self._requeues.discard)

    async def _run_window(self, batch_id: str) -> None:
        queue, window = self.queues[batch_id], self._book.windows[batch_id]

        async def worker() -> None:
            while queue:
                run = queue.popleft()
                self.occupancy(+1)
                try:
                    await self._run(batch_id, run)
                finally:
                    self.occupancy(-1)

        while queue:  # wake-ups that arrive as the last workers finish get a new round
            await asyncio.gather(*(worker() for _ in range(min(window, len(queue)))))

    async def _run(self, batch_id: str, run: SagaRun) -> None:
        try:
            await self._engine.run(run)
        except SagaLogError:
            # Nothing the saga did is lost (it waits on the run, unlogged): queue it again.
            log.exception("saga log write failed for %s in batch %s; queued again",
                          run.campaign_id, batch_id)
            self._requeue(batch_id, run)
            return
        except Exception:
            # A fault in the saga definition itself: retrying cannot help. The saga stays
            # unfinished in the log; say so where operators look.
            log.exception("saga %s stalled in batch %s", run.campaign_id, batch_id)
            run.failure = "stalled: supervisor fault, resumes on restart"
            self._on_change(run)
        else:
            self._log_failures.pop(run.campaign_id, None)
        self._release(run)
