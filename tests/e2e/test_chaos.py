"""Chaos, small: a mixed batch while module actors and the supervisor are killed, then the
invariants from each owning module's database (bench/invariants.py, as bench/chaos.py).

Kills follow the batch's progress, not a timer: each planned victim is killed once the
batch has finished a given share, and the next waits until a new process of it answers.
"""

from __future__ import annotations

import random

import pytest
import ray

from bench import invariants
from bench.chaos import Killer, chaos_briefs
from contracts.supervisor import AUTO_APPROVE
from runtime import Runtime, Settings

pytestmark = pytest.mark.ray
N = 200
# (share of the batch finished, victim, for good); "for good" makes the driver redeploy it.
# Each kill waits for its victim to come back while the batch runs on, so a fast machine
# may finish before the tail of the plan: the first REQUIRED kills must happen, the rest
# are taken while the batch lasts.
PLAN = [(0.05, "supervisor", False), (0.10, "strategy", False), (0.15, "supervisor", True),
        (0.25, "production/0", False), (0.35, "qc/1", False), (0.45, "delivery/0", False),
        (0.55, "onboarding", False)]
REQUIRED = 3


@pytest.fixture(scope="module")
def chaos_runtime(tmp_path_factory):
    # Our own embedded Ray, whatever another fixture left connected: kills must not
    # disturb other tests' actors, and their data must not mix with ours.
    if ray.is_initialized():
        ray.shutdown()
    data_dir = tmp_path_factory.mktemp("chaos-data")
    rt = Runtime.start(Settings(data_dir=str(data_dir), production_shards=2, qc_shards=2,
                                delivery_shards=2), num_cpus=2)
    yield rt
    rt.shutdown()


def run_with_kills(runtime, out_dir):
    records, expected = chaos_briefs(N, random.Random(5))
    batch = runtime.submit(records, batch_id="chaos-e2e", out_dir=out_dir, window=8,
                           pack_formats="data", review=AUTO_APPROVE)
    killer, plan = Killer(runtime, batch), list(PLAN)
    view = batch.progress()
    while not view.done:
        if plan and view.finished >= plan[0][0] * N:
            _, victim, for_good = plan.pop(0)
            killer.kill(victim, for_good)
        view = batch.progress(wait_seconds=0.25)
        killer.retry_dead_letters(view)
    return killer, expected, view


def test_every_invariant_holds_after_kills_mid_batch(chaos_runtime, tmp_path):
    killer, expected, view = run_with_kills(chaos_runtime, tmp_path / "packs")
    assert len(killer.outages) >= REQUIRED, "the batch finished before the required kills"
    snap = invariants.read(chaos_runtime.settings.data_dir, "chaos-e2e")
    failed = [c for c in invariants.check_all(snap, expected) if not c.ok]
    assert failed == []
    assert dict(snap.outcomes) == view.counts
    assert {"delivered", "compensated", "rejected"} <= view.counts.keys()
