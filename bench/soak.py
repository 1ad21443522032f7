"""Soak: batch after batch on the Ray runtime, with the retention policy applied after each.

An agency runs for months; nothing may grow with every campaign ever run. Each round
submits one batch (data packs, review approved by policy), waits for it, and measures:
- database bytes per campaign run so far: the live pages of every module's and the
  saga log's SQLite file ((page_count - freelist_count) * page_size; SQLite reuses the
  free pages, so live bytes are what the files grow by);
- the memory of the whole system, summed as PSS (bench.cpu), and of each actor class.
Then it runs `aicmo gc --older-than 0` (compact every finished saga now) and measures
again. Before GC, bytes per campaign stay at the full payload; after GC they drop to the
record the modules keep, and stay flat from round to round, as does every process's
memory once its first rounds have warmed it. One line per round, a table of each class's
memory after the first round and after the last, then:
SOAK campaigns=<n> db_kib_per_campaign_before=<a> after=<b> system_pss_mib_first=<c> last=<d>
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
from collections import Counter
from contextlib import closing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.cpu import pss_by_label
from bench.throughput import briefs
from contracts.supervisor import AUTO_APPROVE
from runtime import Runtime, Settings


def live_bytes(data_dir: Path) -> int:
    total = 0
    for path in data_dir.glob("*.db"):
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            pages = db.execute("PRAGMA page_count").fetchone()[0]
            free = db.execute("PRAGMA freelist_count").fetchone()[0]
            size = db.execute("PRAGMA page_size").fetchone()[0]
            total += (pages - free) * size
    return total


def print_growth(first: Counter[str], last: Counter[str]) -> None:
    """Each process label's PSS after the first round and after the last, most grown first."""
    print("PSS by process after the first round and after the last (MiB):")
    for label in sorted(last, key=lambda k: first[k] - last[k]):
        print(f"  {label:<22} {first[label] / 2**20:7.0f} {last[label] / 2**20:7.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--campaigns", type=int, default=500, help="per round")
    parser.add_argument("--shards", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aicmo-soak-") as tmp:
        root = Path(tmp)
        data = root / "data"
        settings = Settings(data_dir=str(data), production_shards=args.shards,
                            qc_shards=args.shards, delivery_shards=args.shards)
        runtime = Runtime.start(settings, num_cpus=2)
        before: list[float] = []
        after: list[float] = []
        memory: list[Counter[str]] = []
        try:
            for round_ in range(1, args.rounds + 1):
                view = runtime.submit(briefs(args.campaigns), out_dir=root / "packs",
                                      pack_formats="data", review=AUTO_APPROVE,
                                      window=256).wait(timeout=1800)
                ran = round_ * args.campaigns
                before.append(live_bytes(data) / ran)
                done = runtime.collect_garbage(older_than_days=0)
                after.append(live_bytes(data) / ran)
                memory.append(pss_by_label())
                print(f"round={round_} campaigns={ran} outcomes={view.counts} "
                      f"db_kib_per_campaign before_gc={before[-1] / 1024:.1f} "
                      f"after_gc={after[-1] / 1024:.1f} "
                      f"system_pss_mib={memory[-1].total() / 2**20:.0f} "
                      f"supervisor_pss_mib={memory[-1]['Supervisor'] / 2**20:.0f} "
                      f"compacted={done.sagas_compacted} replies={done.replies_compacted}",
                      flush=True)
        finally:
            runtime.shutdown()
    print_growth(memory[0], memory[-1])
    print(f"SOAK campaigns={args.rounds * args.campaigns} "
          f"db_kib_per_campaign_before={before[-1] / 1024:.1f} after={after[-1] / 1024:.1f} "
          f"system_pss_mib_first={memory[0].total() / 2**20:.0f} "
          f"last={memory[-1].total() / 2**20:.0f}")


if __name__ == "__main__":
    main()
