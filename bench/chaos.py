"""Chaos: a batch of campaigns while module actors and the supervisor are killed at random.

Starts an embedded Ray (2 CPUs) with the production, QC and delivery pools at --shards,
submits a mixed batch (mostly good briefs, some that QC fails even after revision, some
that onboarding rejects) with data-only packs, and kills a random victim every
--kill-every seconds (seeded jitter) until the batch is done: a module actor or the
supervisor, which Ray restarts; now and then the supervisor for good, so the driver
redeploys it and it resumes from its saga log. Each kill waits until a new process of
the victim answers, so kills do not pile up on one actor.

Then it checks the invariants from each module's own database (bench/invariants.py) and
prints kills survived, re-sent and deduplicated messages, the invariant results, and:
CHAOS campaigns=<n> kills=<k> delivered=<d> compensated=<c> rejected=<r> invariants=<pass|fail>
Exits 1 if any invariant fails.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import ray

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import invariants
from bench.invariants import Outage
from cli.inputs import EXAMPLES
from contracts.supervisor import AUTO_APPROVE
from runtime import BatchHandle, Runtime, Settings, actor_name

SUPERVISOR = "supervisor"
FAILS_QC = "QC fails the strategy document"
REJECTED = "onboarding must reject"
_pid = lambda actor: os.getpid()  # noqa: E731 - a lambda pickles by value into the actor


def chaos_briefs(n: int, rng: random.Random) -> tuple[list[dict], dict[int, str]]:
    """n brief records, about 80 % deliverable, 10 % failing QC, 10 % rejected, and the
    outcome each should reach, by position."""
    kinds: dict[str, list[dict]] = {"delivered": [], "compensated": [], "rejected": []}
    for line in EXAMPLES.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        note = record.get("note", "")
        if note.startswith("malformed"):
            continue  # refused at intake: no message is ever sent for it
        kind = ("compensated" if FAILS_QC in note else "rejected" if REJECTED in note
                else "delivered")
        kinds[kind].append(record["brief"])
    expected = rng.choices(list(kinds), weights=[8, 1, 1], k=n)
    return ([{"brief": rng.choice(kinds[k])} for k in expected],
            dict(enumerate(expected)))


class Killer:
    """Kills one victim at a time and waits until a new process of it answers. Plays the
    operator too: a step that outlasted its retries while its actor was down is parked on a
    dead letter, and the operator retries it once the actor is back."""

    def __init__(self, runtime: Runtime, batch: BatchHandle):
        self.runtime = runtime
        self.batch = batch
        self.outages: list[Outage] = []
        self.victims: Counter[str] = Counter()
        self.letters_retried = 0

    def retry_dead_letters(self, view: Any) -> None:
        if view.counts.get("dead_letter"):
            for letter in self.runtime.dead_letters().letters:
                self.runtime.retry_dead_letter(letter.letter_id)
                self.letters_retried += 1

    def kill(self, victim: str, for_good: bool = False) -> Outage:
        handle = self.runtime.handle_of(victim)
        before = ray.get(handle.__ray_call__.remote(_pid))
        down_at = datetime.now(UTC)
        ray.kill(handle, no_restart=for_good)
        if for_good:
            self._redeploy_supervisor(handle)
        else:
            self._await_restart(handle, before)
        outage = Outage(actor_name(victim), down_at, datetime.now(UTC))
        self.outages.append(outage)
        self.victims[f"{victim} (for good)" if for_good else victim] += 1
        return outage

    @staticmethod
    def _await_restart(handle: Any, before: int) -> None:
        while True:  # a call may still reach the old process before it dies
            try:
                if ray.get(handle.__ray_call__.remote(_pid), timeout=120) != before:
                    return
            except ray.exceptions.RayActorError:
                continue

    def _redeploy_supervisor(self, handle: Any) -> None:
        try:
            while True:  # until the old supervisor is gone for good
                ray.get(handle.__ray_call__.remote(_pid), timeout=60)
        except ray.exceptions.RayActorError:
            pass
        for _ in range(20):  # Runtime.ask redeploys it; its name may linger a moment
            try:
                self.batch.progress()
                return
            except ray.exceptions.RayActorError:
                continue
        raise RuntimeError("the supervisor could not be redeployed")


def run(args: argparse.Namespace, root: Path) -> int:
    rng = random.Random(args.seed)
    records, expected = chaos_briefs(args.campaigns, rng)
    settings = Settings(data_dir=str(root / "data"), production_shards=args.shards,
                        qc_shards=args.shards, delivery_shards=args.shards)
    runtime = Runtime.start(settings, num_cpus=2)
    victims = [*settings.destinations(), SUPERVISOR]
    started = time.perf_counter()
    try:
        batch = runtime.submit(records, batch_id="chaos", out_dir=root / "packs",
                               window=args.window, seed=args.seed, pack_formats="data",
                               review=AUTO_APPROVE)
        killer = Killer(runtime, batch)
        view = batch.progress()
        next_kill = time.monotonic() + args.kill_every * rng.uniform(0.5, 1.5)
        while not view.done:
            if time.monotonic() >= next_kill:
                victim = rng.choice(victims)
                killer.kill(victim, for_good=victim == SUPERVISOR and rng.random() < 0.3)
                next_kill = time.monotonic() + args.kill_every * rng.uniform(0.5, 1.5)
            if time.perf_counter() - started > args.timeout:
                raise TimeoutError(f"{view.finished}/{view.total} finished after "
                                   f"{args.timeout}s")
            view = batch.progress(wait_seconds=min(0.25, max(0.0, next_kill - time.monotonic())))
            killer.retry_dead_letters(view)
        elapsed = time.perf_counter() - started
    finally:
        runtime.shutdown()
    snap = invariants.read(settings.data_dir, "chaos")
    return report(args, killer, snap, invariants.check_all(snap, expected), view.counts, elapsed)


def report(args: argparse.Namespace, killer: Killer, snap: invariants.Snapshot,
           checks: list[invariants.Check], driver_counts: dict[str, int], elapsed: float) -> int:
    outcomes = snap.outcomes
    kills = sum(killer.victims.values())
    ok = all(c.ok for c in checks)
    print(f"chaos: {args.campaigns} campaigns, shards={args.shards}, window={args.window}, "
          f"seed={args.seed}, a kill every ~{args.kill_every:.1f} s")
    down = sorted((o.back_at - o.down_at).total_seconds() for o in killer.outages)
    print(f"kills survived: {kills} ("
          + ", ".join(f"{v} {n}" for v, n in sorted(killer.victims.items())) + ")"
          + (f"; until a new process answered: median {statistics.median(down):.1f} s, "
             f"max {down[-1]:.1f} s" if down else ""))
    print("outcomes (saga log): " + " ".join(f"{k}={v}" for k, v in sorted(outcomes.items()))
          + f"; driver view agrees: {'yes' if dict(outcomes) == driver_counts else 'NO'}")
    print(f"messages re-sent after a failed attempt: {invariants.resent_messages(snap)} "
          "(saga_steps attempts - 1; a resumed saga restarts its count)")
    print(f"redeliveries deduplicated: at least "
          f"{invariants.deduplicated_redeliveries(snap, killer.outages)} "
          "(applied before a kill of the receiver or supervisor, answered after its restart)")
    print(f"leftover temp files of interrupted pack writes: {invariants.leftovers(snap)}")
    print(f"dead letters retried by the operator: {killer.letters_retried}")
    print("invariants:")
    for check in checks:
        print(f"  {'PASS' if check.ok else 'FAIL'} {check.name}: {check.detail}")
    print(f"elapsed {elapsed:.1f} s ({args.campaigns / elapsed:.1f} campaigns/s under chaos)")
    print(f"CHAOS campaigns={len(snap.sagas)} kills={kills} "
          f"delivered={outcomes['delivered']} compensated={outcomes['compensated']} "
          f"rejected={outcomes['rejected']} invariants={'pass' if ok else 'fail'}")
    return 0 if ok else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--campaigns", type=int, default=1000)
    parser.add_argument("--kill-every", type=float, default=2.0,
                        help="mean seconds between kills (uniform jitter, +/- 50 %%)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--shards", type=int, default=2)
    parser.add_argument("--window", type=int, default=64)
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aicmo-chaos-") as tmp:
        code = run(args, Path(tmp))
    sys.exit(code)


if __name__ == "__main__":
    main()
