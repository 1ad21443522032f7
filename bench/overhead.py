"""Overhead: the runtime's own cost, on the job durable-execution engines are compared on.

A 5-step saga (normalize brief -> generate strategy -> produce assets -> QC -> build pack)
whose handlers are trivial (bench/overhead_job.py): what is measured is the kernel, the
codec, the ports, the units of work with dedupe, the saga engine and log and the
supervisor around them. One campaign in ten fails QC and compensates three steps.

For each system (aicmo-ray: the actors on a private local Ray; aicmo-inprocess: the same
objects in this process) it runs 10 warm-up campaigns, then batches of N submitted at
once, and prints one line per batch:

OVERHEAD system=<s> n=<N> campaigns_per_s=<x> p50_ms=<y> p99_ms=<z> cpu_ms_per_campaign=<c>

Throughput is campaigns over the time from submitting the batch to the last campaign
finishing (the supervisor's clock stamps it). CPU is every process's own counters (user +
system): on Ray the driver, GCS, raylet, agents and every actor; in-process, this
process. With --by-process, the Ray CPU per batch is also printed per actor class.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import cpu
from bench.latency import p50_p99
from bench.overhead_job import FAILING_INDEX
from bench.overhead_system import Ask, InProcess, on_ray
from cli.inputs import EXAMPLES, load_briefs
from contracts.supervisor import (
    AUTO_APPROVE,
    BatchAccepted,
    BatchView,
    CampaignSubmission,
    GetBatch,
    SubmitBatch,
)

SIZES = (100, 500, 1000)
WARMUP = 10


def batch(batch_id: str, n: int) -> list[CampaignSubmission]:
    """N example briefs (the ones meant to deliver); ids end with their index, which
    decides who fails QC."""
    good = [r["brief"] for r in load_briefs(EXAMPLES)][:16]
    return [CampaignSubmission(campaign_id=f"{batch_id}-{i:05d}", brief=good[i % len(good)])
            for i in range(n)]


async def run_batch(ask: Ask, batch_id: str, n: int, out_dir: Path) -> tuple[float, BatchView]:
    """Submit N campaigns at once and wait for all: (seconds, the finished batch)."""
    started = datetime.now(UTC)
    await ask(SubmitBatch(batch_id=batch_id, out_dir=str(out_dir), window=max(n, 1),
                          pack_formats="data", review=AUTO_APPROVE,
                          campaigns=batch(batch_id, n)), BatchAccepted)
    view = await ask(GetBatch(batch_id=batch_id), BatchView)
    while not view.done:
        view = await ask(GetBatch(batch_id=batch_id, wait_seconds=30), BatchView)
    view = await ask(GetBatch(batch_id=batch_id, include_campaigns=True), BatchView)
    finished = max(c.finished_at for c in view.campaigns if c.finished_at)
    return (finished - started).total_seconds(), view


def expected_counts(n: int) -> dict[str, int]:
    failing = sum(1 for i in range(n) if i % 10 == FAILING_INDEX)
    return {k: v for k, v in {"delivered": n - failing, "compensated": failing}.items() if v}


async def measure(system: str, ask: Ask, sizes: list[int], root: Path,
                  by_process: bool) -> None:
    await run_batch(ask, "warmup", WARMUP, root / "warmup")
    for run, n in enumerate(sizes):
        before, cpu_started = cpu.snapshot(), time.process_time()
        batch_id = f"ov{run}-{n}"  # a new id each time: a batch id submitted again is a no-op
        seconds, view = await run_batch(ask, batch_id, n, root / batch_id)
        spent = cpu.spent(before, cpu.snapshot())
        counts = {k: v for k, v in view.counts.items() if v}
        if counts != expected_counts(n):
            raise SystemExit(f"{system} n={n}: outcomes {counts}, expected {expected_counts(n)}")
        cpu_s = sum(spent.values()) if system == "aicmo-ray" else time.process_time() - cpu_started
        p50, p99 = p50_p99(view)
        print(f"OVERHEAD system={system} n={n} campaigns_per_s={n / seconds:.0f} "
              f"p50_ms={p50:.0f} p99_ms={p99:.0f} cpu_ms_per_campaign={cpu_s * 1000 / n:.2f}",
              flush=True)
        if by_process and system == "aicmo-ray":
            for label, seconds_spent in spent.most_common():
                print(f"  {label:<20} {seconds_spent * 1000 / n:7.3f} cpu-ms/campaign")


async def inprocess(sizes: list[int], root: Path, **port: int) -> None:
    system = await InProcess(root / "data", **port).start()
    try:
        await measure("aicmo-inprocess", system.ask, sizes, root, by_process=False)
    finally:
        await system.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--system", choices=["ray", "inprocess", "both"], default="both")
    parser.add_argument("--by-process", action="store_true",
                        help="also print the Ray CPU per actor class for each batch")
    parser.add_argument("--max-batch", type=int, help="messages per frame (the runtime's "
                        "setting by default)")
    parser.add_argument("--max-in-flight", type=int, help="frames in flight per destination "
                        "(the runtime's setting by default)")
    args = parser.parse_args()
    port = {k: v for k, v in (("max_batch", args.max_batch),
                              ("max_in_flight", args.max_in_flight)) if v is not None}
    with tempfile.TemporaryDirectory(prefix="aicmo-overhead-") as tmp:
        root = Path(tmp)
        if args.system in ("inprocess", "both"):
            asyncio.run(inprocess(args.sizes, root / "inprocess", **port))
        if args.system in ("ray", "both"):
            with on_ray(root / "ray" / "data", **port) as ask:
                asyncio.run(measure("aicmo-ray", ask, args.sizes, root / "ray", args.by_process))


if __name__ == "__main__":
    main()
