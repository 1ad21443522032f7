"""A driver script: submit the example briefs as one batch and report each campaign.

    python examples/submit_batch.py                      # embedded local Ray
    python examples/submit_batch.py --address auto       # join a running Ray

With AICMO_DATABASE_URL (or --database-url) set to a PostgreSQL administrator URL, every
module keeps its data in its own schema there (the cluster store, deploy/README.md);
otherwise in SQLite files under --data-dir.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from contracts.supervisor import ReviewSettings  # noqa: E402
from runtime import Runtime, Settings  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--address", help="Ray address to join; default: start a local Ray")
    parser.add_argument("--briefs", default=str(ROOT / "examples" / "briefs.jsonl"))
    parser.add_argument("--out", default="packs/submit-batch")
    parser.add_argument("--batch-id", default=None)
    parser.add_argument("--data-dir", default=".aicmo/data",
                        help="module databases without a database URL (SQLite files)")
    parser.add_argument("--database-url", default=os.environ.get("AICMO_DATABASE_URL") or None,
                        help="the cluster store: postgresql+asyncpg://ADMIN:PASSWORD@HOST/DB "
                             "(default: $AICMO_DATABASE_URL); prefer the variable, which "
                             "keeps the password out of `ps`")
    parser.add_argument("--state-resource", help="aicmo_state on a cluster.yaml cluster "
                                                 "with SQLite on the head (no database URL)")
    parser.add_argument("--shard-resource", help="e.g. aicmo_shard on a cluster.yaml cluster")
    parser.add_argument("--client-review", action="store_true",
                        help="wait for each client's review (aicmo review ...) instead of "
                             "approving by policy")
    args = parser.parse_args()

    records = [json.loads(line) for line in Path(args.briefs).read_text().splitlines() if line]
    # Without their fixed ids, each run is a new batch of new campaigns.
    briefs = [record["brief"] for record in records]
    settings = Settings(data_dir=str(Path(args.data_dir).resolve()),
                        database_url=args.database_url,
                        state_resource=args.state_resource, shard_resource=args.shard_resource)
    runtime = Runtime.connect(args.address, settings) if args.address else Runtime.start(settings)
    try:
        # An unattended script approves client review by policy unless asked not to.
        review = ReviewSettings(policy="client" if args.client_review else "auto")
        handle = runtime.submit(briefs, batch_id=args.batch_id, out_dir=args.out, review=review)
        view = handle.wait(on_progress=lambda v: print(f"  {v.finished}/{v.total} {v.counts}"))
        for campaign in view.campaigns:
            print(f"{campaign.campaign_id}  {campaign.outcome}  "
                  f"{campaign.pack_dir or campaign.reason}")
        print(f"batch {view.batch_id}: {view.counts}")
        return 0
    finally:
        runtime.shutdown()


if __name__ == "__main__":
    sys.exit(main())
