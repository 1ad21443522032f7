"""A saga log that fails for a while (disk full, locked) stalls nothing for good: the log
retries its commits, and a saga whose write still failed goes back on its queue and
finishes once the log recovers, with nothing it did lost."""

from __future__ import annotations

import asyncio
import random

from sqlalchemy.exc import OperationalError

from infra.clock import SystemClock
from supervisors.batch import BatchSupervisor
from supervisors.ports import LocalTransport, MessagePort
from supervisors.retry import RetryPolicy
from supervisors.saga_log import SagaLog
from tests.stores import query
from tests.support import brief_dict
from tests.unit.batch_harness import campaigns, settings_for, submit, wait_done
from wiring import LocalSystem

# SQLite only (not opted in to each_store): FlakyLog fails commits as a full SQLite disk does.


class FlakyLog(SagaLog):
    """A real saga log whose next `fail` commits raise as a full disk does."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fail = 0
        self.failed = 0
        self.commits = 0
        self.reached = asyncio.Event()  # set after `arm_after` good commits
        self.arm_after = 0

    async def _commit(self, groups):
        if self.fail > 0:
            self.fail -= 1
            self.failed += 1
            raise OperationalError("INSERT INTO saga_steps ...", {}, Exception(
                "database or disk is full"))
        await super()._commit(groups)
        self.commits += 1
        if self.commits == self.arm_after:
            self.reached.set()


async def test_a_saga_log_that_fails_for_a_while_stalls_no_saga(tmp_path):
    settings = settings_for(tmp_path)
    system = LocalSystem(settings)
    # Two tries inside the log, so the outage outlasts them and sagas must be requeued.
    flaky = FlakyLog(settings.store("supervisor"), retry=RetryPolicy(max_attempts=2,
                                                                     base_delay=0.01))
    system.supervisor = BatchSupervisor(flaky, MessagePort(LocalTransport(system.modules)),
                                        SystemClock(), pools=settings.pools(),
                                        rng=random.Random(7))
    await system.start()
    try:
        flaky.arm_after = 6  # mid-batch: after intake and the first steps
        await submit(system, "b", campaigns("c", [brief_dict(client_name=f"Client {i}")
                                                  for i in range(6)]), tmp_path / "out")
        await flaky.reached.wait()
        flaky.fail = 12  # more failures than any one write retries: sagas get requeued
        view = await wait_done(system, "b", timeout=60)
        assert flaky.failed == 12
        assert view.counts == {"delivered": 6}
        # the log holds every saga's whole story: no step left "started"
        steps = query(tmp_path / "data", "supervisor",
                      "SELECT status, count(*) FROM saga_steps WHERE kind='do' "
                      "GROUP BY status")
        assert dict(steps).keys() == {"done"}
    finally:
        await system.close()
