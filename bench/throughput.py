"""Throughput: one batch through (a) the Ray runtime and (b) the same classes in-process.

Both keep the same durability, on the store `--store` names, and deduplicate every
message by id:

- sqlite (the default): one SQLite file per module and shard, WAL, synchronous as
  configured;
- postgres: the cluster store, one schema and role per module and shard on a PostgreSQL
  server, SERIALIZABLE. Without --database-url the bench starts a private server from
  the installed binaries (tests/pg_server.py) and turns fsync, full_page_writes and
  synchronous_commit back on, so a commit is as durable as SQLite's FULL; each mode gets
  its own database. With --database-url (an administrator URL, as for `aicmo`) both
  modes use that database: its schemas keep what earlier runs left.

Prints campaigns/s for each, their ratio, p50/p99 campaign latency, the peak memory of
this process and the Ray it embeds summed as PSS (shared pages split between the processes
sharing them; a PostgreSQL server's processes are not counted), and a table of the Ray
batch's CPU per campaign: each actor class (its shards together), the supervisor, the
driver, Ray's own processes and, on a private PostgreSQL server, the server (bench.cpu).
It ends with:
RESULT store=<s> ray_cps=<x> inprocess_cps=<y> ratio=<x/y> p50_ms=<a> p99_ms=<b> peak_pss_mb=<m>

Each mode first runs a warm-up batch (not timed) so the figures are steady state: actor
processes up, SQLite files created, pydantic and SQLAlchemy caches filled.

The comparison runs with pack_formats="data" (no PDF, no deck): it measures the runtime,
not reportlab. Then a smaller batch with full packs on Ray gives campaigns/s with
rendering, and the pack size and render time per campaign, printed as a second line:
PACKS store=<s> full_cps=<x> render_ms=<r> pack_kib=<k> zip_kib=<z>
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import cpu
from bench.latency import p50_p99
from cli.inputs import EXAMPLES, load_briefs
from contracts.supervisor import AUTO_APPROVE, BatchAccepted, BatchView, GetBatch, SubmitBatch
from runtime import LocalSystem, Runtime, Settings, answer, request, submissions

WARMUP = 200
PREPARED = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
# What the private server's test settings turn off (tests/pg_server.py), back on.
DURABLE = {"fsync": "on", "full_page_writes": "on", "synchronous_commit": "on"}


def briefs(n: int) -> list[dict]:
    good = [r["brief"] for r in load_briefs(EXAMPLES)][:16]  # the ones meant to deliver
    return [{"brief": good[i % len(good)]} for i in range(n)]


def run_full_packs(runtime: Runtime, n: int, root: Path) -> dict[str, float]:
    """Campaigns/s with every format rendered, and what a pack weighs on disk."""
    started = time.perf_counter()
    view = runtime.submit(briefs(n), out_dir=root / "full-packs",
                          review=AUTO_APPROVE).wait(timeout=1800)
    elapsed = time.perf_counter() - started
    dirs = [Path(c.pack_dir) for c in view.campaigns if c.pack_dir]
    pack = sum(f.stat().st_size for d in dirs for f in d.rglob("*") if f.is_file())
    zips = sum(Path(f"{d}.zip").stat().st_size for d in dirs)
    return {"cps": n / elapsed, "pack_kib": pack / len(dirs) / 1024,
            "zip_kib": zips / len(dirs) / 1024}


def render_ms(samples: int = 10) -> float:
    """Median time of render_pack alone (PDF, deck, HTML, calendar, ...) per campaign."""
    from actors.delivery._render import render_pack
    from actors.onboarding._review import normalize
    from actors.production._copy import write_creative
    from actors.qc._rules import evaluate
    from actors.strategy._plan import derive_strategy
    from contracts.brief import CampaignBrief
    from contracts.delivery import BuildPack

    times = []
    for i, item in enumerate(briefs(samples)):
        brief = normalize(CampaignBrief.model_validate(item["brief"]))
        plan = derive_strategy(brief, 0)
        work = write_creative(f"c{i}", brief, plan, "s", 1, 0)
        report = evaluate(brief, plan, work.assets, work.calendar, 0)
        command = BuildPack(campaign_id=f"c{i}", out_dir="/unused", prepared_at=PREPARED,
                            seed=0, brief=brief, strategy_id="s", strategy_version=1,
                            strategy=plan, assets=work.assets, calendar=work.calendar,
                            hashtag_sets=work.hashtag_sets, qc=report)
        started = time.perf_counter()
        render_pack(command)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


async def _make_durable(admin_url: str) -> None:
    url = make_url(admin_url)
    conn = await asyncpg.connect(host=url.host, port=url.port, user=url.username,
                                 password=url.password, database=url.database)
    try:
        for name, value in DURABLE.items():
            await conn.execute(f"ALTER SYSTEM SET {name} = {value}")
        await conn.execute("SELECT pg_reload_conf()")
    finally:
        await conn.close()
    deadline = time.monotonic() + 10
    while True:  # the reload is asynchronous: new sessions see it once the postmaster has
        conn = await asyncpg.connect(host=url.host, port=url.port, user=url.username,
                                     password=url.password, database=url.database)
        try:
            now = {name: await conn.fetchval(f"SHOW {name}") for name in DURABLE}
        finally:
            await conn.close()
        if now == DURABLE:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"the private PostgreSQL server kept {now}")
        await asyncio.sleep(0.1)


@contextmanager
def store_urls(store: str, database_url: str | None
               ) -> Iterator[tuple[Callable[[str], str | None], dict[str, int]]]:
    """Per mode ("inprocess", "ray"), the administrator URL of the database it runs on
    (None on SQLite: files in the mode's data dir); and the store's own processes whose
    CPU counts too ({label: pid}: a private PostgreSQL server's postmaster)."""
    if store == "sqlite":
        yield (lambda mode: None), {}
    elif database_url:
        yield (lambda mode: database_url), {}  # a server elsewhere: its CPU is not seen
    else:
        from tests.pg_server import PostgresServer

        with PostgresServer() as server:
            asyncio.run(_make_durable(server.admin_url))
            yield (lambda mode: server.create_database(f"bench_{mode}")), \
                {"PostgreSQL server": server.pid}


@dataclass
class RayRun:
    cps: float
    view: BatchView
    peak_pss: int  # bytes, during the data-pack batches
    cpu_s: Counter[str]  # CPU seconds of the timed batch, by actor class (bench.cpu)
    full: dict[str, float]


def run_ray(n: int, shards: int, window: int, root: Path, full_n: int,
            database_url: str | None = None, others: dict[str, int] | None = None) -> RayRun:
    settings = Settings(data_dir=str(root / "ray-data"), production_shards=shards,
                        qc_shards=shards, delivery_shards=shards, database_url=database_url)
    with cpu.PeakPss() as pss:
        runtime = Runtime.start(settings, num_cpus=2)
        try:
            runtime.submit(briefs(WARMUP), out_dir=root / "warmup",
                           pack_formats="data", review=AUTO_APPROVE).wait(timeout=300)
            before, started = cpu.snapshot(others), time.perf_counter()
            sampling = pss.cpu_s
            view = runtime.submit(briefs(n), out_dir=root / "ray-packs", window=window,
                                  pack_formats="data", review=AUTO_APPROVE).wait(timeout=1800)
            elapsed = time.perf_counter() - started
            spent = cpu.spent(before, cpu.snapshot(others))
            spent[cpu.DRIVER] -= pss.cpu_s - sampling  # the bench's sampler is not the driver
            peak = pss.peak
            full = run_full_packs(runtime, full_n, root) if full_n else {}
        finally:
            runtime.shutdown()
    return RayRun(n / elapsed, view, peak, spent, full)


def print_cpu_table(store: str, n: int, spent: Counter[str]) -> None:
    """CPU ms per campaign of the timed Ray batch: the supervisor, each module's actor
    class (its shards together), the driver, Ray's own processes and, on a private
    PostgreSQL server, the server."""
    print(f"CPU per campaign, store={store} (ms, from the processes' own counters):")
    for label, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {label:<22} {seconds * 1000 / n:8.2f}")
    print(f"  {'total':<22} {sum(spent.values()) * 1000 / n:8.2f}")


async def run_inprocess(n: int, shards: int, window: int, root: Path,
                        database_url: str | None = None) -> tuple[float, BatchView]:
    settings = Settings(data_dir=str(root / "local-data"), production_shards=shards,
                        qc_shards=shards, delivery_shards=shards, database_url=database_url)
    system = await LocalSystem(settings).start()
    # Fresh batch ids: a database given by --database-url may hold an earlier run's.
    run = uuid.uuid4().hex[:8]
    try:
        await _run_local(system, f"warmup-{run}", WARMUP, window, root)
        started = time.perf_counter()
        view = await _run_local(system, f"bench-{run}", n, window, root)
        return n / (time.perf_counter() - started), view
    finally:
        await system.close()


async def _run_local(system: LocalSystem, batch_id: str, n: int, window: int,
                     root: Path) -> BatchView:
    async def ask(message: Any, expected: type) -> Any:
        return answer(await system.supervisor.handle(request(message, batch_id)), expected)

    await ask(SubmitBatch(batch_id=batch_id, out_dir=str(root / f"local-{batch_id}"),
                          window=window, pack_formats="data", review=AUTO_APPROVE,
                          campaigns=submissions(briefs(n), batch_id)), BatchAccepted)
    view = await ask(GetBatch(batch_id=batch_id), BatchView)
    while not view.done:
        view = await ask(GetBatch(batch_id=batch_id, wait_seconds=0.25), BatchView)
    return await ask(GetBatch(batch_id=batch_id, include_campaigns=True), BatchView)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--campaigns", type=int, default=1000)
    parser.add_argument("--shards", type=int, default=2)
    parser.add_argument("--window", type=int, default=256)
    parser.add_argument("--full-packs", type=int, default=40,
                        help="campaigns in the full-render batch")
    parser.add_argument("--store", choices=["sqlite", "postgres", "both"], default="sqlite",
                        help="where the modules keep their data (default: sqlite); both: "
                             "SQLite, then PostgreSQL, in one run")
    parser.add_argument("--database-url",
                        help="with --store postgres: an administrator URL "
                             "(postgresql+asyncpg://ADMIN:PASSWORD@HOST/DB) to run on "
                             "instead of a private server")
    args = parser.parse_args()
    if args.database_url and args.store == "sqlite":
        parser.error("--database-url needs --store postgres (or both)")
    stores = ["sqlite", "postgres"] if args.store == "both" else [args.store]
    for store in stores:  # one after the other, so "both" compares them in one run
        measure(store, args)


def measure(store: str, args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="aicmo-bench-") as tmp, \
            store_urls(store, args.database_url) as (url_for, others):
        root = Path(tmp)
        # Ray first: during its run this process holds what a driver holds. The in-process
        # run loads every module's libraries here and keeps their heap (about 200 MiB),
        # which the Ray system's PSS would otherwise count.
        ray = run_ray(args.campaigns, args.shards, args.window, root, args.full_packs,
                      url_for("ray"), others)
        local_cps, local_view = asyncio.run(run_inprocess(args.campaigns, args.shards,
                                                          args.window, root,
                                                          url_for("inprocess")))
    ray_cps, ray_view, peak, full = ray.cps, ray.view, ray.peak_pss, ray.full
    render = render_ms()
    p50, p99 = p50_p99(ray_view)
    print(f"store={store} campaigns={args.campaigns} shards={args.shards} "
          f"window={args.window}")
    print(f"in-process: {local_cps:8.1f} campaigns/s  outcomes={local_view.counts}")
    print(f"ray:        {ray_cps:8.1f} campaigns/s  outcomes={ray_view.counts}")
    print(f"ray latency p50={p50:.0f} ms p99={p99:.0f} ms; peak PSS {peak / 2**20:.0f} MiB")
    print_cpu_table(store, args.campaigns, ray.cpu_s)
    print(f"RESULT store={store} ray_cps={ray_cps:.1f} inprocess_cps={local_cps:.1f} "
          f"ratio={ray_cps / local_cps:.2f} p50_ms={p50:.0f} p99_ms={p99:.0f} "
          f"peak_pss_mb={peak / 2**20:.0f}")
    if full:  # --full-packs 0 skips the full-pack batch
        print(f"PACKS store={store} full_cps={full['cps']:.1f} render_ms={render:.0f} "
              f"pack_kib={full['pack_kib']:.0f} zip_kib={full['zip_kib']:.0f}")

if __name__ == "__main__":
    main()
