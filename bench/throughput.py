"""Throughput: one batch through (a) the Ray runtime and (b) the same classes in-process.

Both keep the same durability (one SQLite file per module and shard, WAL, synchronous
as configured, every message deduplicated by id). Prints campaigns/s for each, their
ratio, p50/p99 campaign latency and peak RSS of all processes involved, ending with:
RESULT ray_cps=<x> inprocess_cps=<y> ratio=<x/y> p50_ms=<a> p99_ms=<b> peak_rss_mb=<m>

Each mode first runs a warm-up batch (not timed) so the figures are steady state: actor
processes up, SQLite files created, pydantic and SQLAlchemy caches filled.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cli import EXAMPLES, load_briefs
from contracts.supervisor import BatchAccepted, BatchView, GetBatch, SubmitBatch
from runtime import LocalSystem, Runtime, Settings, answer, request, submissions

WARMUP = 200


def briefs(n: int) -> list[dict]:
    good = [r["brief"] for r in load_briefs(EXAMPLES)][:16]  # the ones meant to deliver
    return [{"brief": good[i % len(good)]} for i in range(n)]


class PeakRss:
    """Samples the summed RSS of this process and every Ray process while running."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.wait(0.1):
            total = me.memory_info().rss
            for proc in psutil.process_iter(["name", "cmdline"]):
                try:
                    line = " ".join(proc.info["cmdline"] or [])
                    if proc.pid != me.pid and ("ray" in (proc.info["name"] or "") or "ray" in line):
                        total += proc.memory_info().rss
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
            self.peak = max(self.peak, total)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def latencies_ms(view: BatchView) -> list[float]:
    return sorted((c.finished_at - c.started_at).total_seconds() * 1000
                  for c in view.campaigns if c.started_at and c.finished_at)


def run_ray(n: int, shards: int, window: int, root: Path) -> tuple[float, BatchView, int]:
    settings = Settings(data_dir=str(root / "ray-data"), production_shards=shards,
                        qc_shards=shards)
    with PeakRss() as rss:
        runtime = Runtime.start(settings, num_cpus=2)
        try:
            runtime.submit(briefs(WARMUP), out_dir=root / "warmup").wait(timeout=300)
            started = time.perf_counter()
            view = runtime.submit(briefs(n), out_dir=root / "ray-packs", window=window).wait(
                timeout=1800)
            elapsed = time.perf_counter() - started
        finally:
            runtime.shutdown()
    return n / elapsed, view, rss.peak


async def run_inprocess(n: int, shards: int, window: int, root: Path) -> tuple[float, BatchView]:
    settings = Settings(data_dir=str(root / "local-data"), production_shards=shards,
                        qc_shards=shards)
    system = await LocalSystem(settings).start()
    try:
        await _run_local(system, "warmup", WARMUP, window, root)
        started = time.perf_counter()
        view = await _run_local(system, "bench", n, window, root)
        return n / (time.perf_counter() - started), view
    finally:
        await system.close()


async def _run_local(system: LocalSystem, batch_id: str, n: int, window: int,
                     root: Path) -> BatchView:
    async def ask(message: Any, expected: type) -> Any:
        return answer(await system.supervisor.handle(request(message, batch_id)), expected)

    await ask(SubmitBatch(batch_id=batch_id, out_dir=str(root / f"local-{batch_id}"),
                          window=window, campaigns=submissions(briefs(n), batch_id)),
              BatchAccepted)
    view = await ask(GetBatch(batch_id=batch_id), BatchView)
    while not view.done:
        view = await ask(GetBatch(batch_id=batch_id, wait_seconds=0.25), BatchView)
    return await ask(GetBatch(batch_id=batch_id, include_campaigns=True), BatchView)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--campaigns", type=int, default=500)
    parser.add_argument("--shards", type=int, default=2)
    parser.add_argument("--window", type=int, default=256)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aicmo-bench-") as tmp:
        root = Path(tmp)
        local_cps, local_view = asyncio.run(run_inprocess(args.campaigns, args.shards,
                                                          args.window, root))
        ray_cps, ray_view, peak = run_ray(args.campaigns, args.shards, args.window, root)
    lat = latencies_ms(ray_view)
    p50, p99 = statistics.median(lat), lat[min(len(lat) - 1, int(len(lat) * 0.99))]
    print(f"campaigns={args.campaigns} shards={args.shards} window={args.window}")
    print(f"in-process: {local_cps:8.1f} campaigns/s  outcomes={local_view.counts}")
    print(f"ray:        {ray_cps:8.1f} campaigns/s  outcomes={ray_view.counts}")
    print(f"ray latency p50={p50:.0f} ms p99={p99:.0f} ms; peak RSS {peak / 2**20:.0f} MiB")
    print(f"RESULT ray_cps={ray_cps:.1f} inprocess_cps={local_cps:.1f} "
          f"ratio={ray_cps / local_cps:.2f} p50_ms={p50:.0f} p99_ms={p99:.0f} "
          f"peak_rss_mb={peak / 2**20:.0f}")


if __name__ == "__main__":
    main()
