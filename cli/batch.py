"""`aicmo run | status | cancel | demo`: batches of briefs, from submission to packs."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from actors._text import plural
from cli.inputs import EXAMPLES, load_briefs
from cli.options import (
    DEMO_DATA_DIR,
    EXIT_OK,
    EXIT_RUNTIME,
    InputError,
    add_command,
    open_runtime,
    review_options,
    review_settings,
    service_state,
)
from cli.output import emit
from cli.status import cmd_status, exit_code, status_options
from contracts.supervisor import BatchView, CampaignOutcome, Outcome


class _Progress:
    """A progress bar on stderr with campaigns per second; quiet when not a terminal."""

    def __init__(self, total: int, enabled: bool):
        from tqdm import tqdm

        self._bar = tqdm(total=total, unit="campaign", disable=not enabled, file=sys.stderr)
        self._started = time.monotonic()

    def __call__(self, view: BatchView) -> None:
        self._bar.update(view.finished - self._bar.n)
        rate = view.finished / max(time.monotonic() - self._started, 1e-6)
        self._bar.set_postfix({**view.counts, "cps": f"{rate:.0f}"}, refresh=True)

    def close(self) -> None:
        self._bar.close()


def summary_document(view: BatchView) -> dict[str, Any]:
    """`run --json`: the batch, its counts, and each campaign's outcome with its pack
    (delivered) or the reason (every other outcome)."""
    campaigns = [{"campaign_id": c.campaign_id,
                  "outcome": c.outcome.value if c.outcome else None,
                  **({"pack_dir": c.pack_dir} if c.outcome is Outcome.DELIVERED
                     else {"reason": c.reason}),
                  **({"dead_letter": c.dead_letter.model_dump(mode="json")}
                     if c.dead_letter else {})}
                 for c in view.campaigns]
    return {"batch_id": view.batch_id, "campaigns": campaigns, "counts": view.counts}


def summarize(view: BatchView, as_json: bool) -> str:
    if as_json:
        return json.dumps(summary_document(view), indent=2)
    lines = [f"batch {view.batch_id}: {view.finished}/{view.total} finished"]
    lines += [f"  {outcome.value:<20} {view.counts.get(outcome.value, 0)}" for outcome in Outcome]
    if waiting := view.counts.get("awaiting_review"):
        lines.append(f"  {'awaiting_review':<20} {waiting}  (decide with: aicmo review list)")
    if parked := view.counts.get("dead_letter"):
        lines.append(f"  {'dead_letter':<20} {parked}  (an operator retries or discards each "
                     "letter: aicmo dlq list)")
    for c in view.campaigns:
        lines += _trouble(c)
    packs = {str(Path(c.pack_dir).parent) for c in view.campaigns if c.pack_dir}
    lines += [f"packs in {p}" for p in sorted(packs)]
    return "\n".join(lines)


def _trouble(c: CampaignOutcome) -> list[str]:
    """What the summary says of a campaign that was not delivered: the dead letter it is
    parked on (with the commands that take its id), or its outcome and reason."""
    if c.outcome is Outcome.DELIVERED or c.awaiting_review:
        return []
    if c.dead_lettered:
        letter = c.dead_letter
        if letter is None:  # resolved between the view and its letters: look again
            return [f"  - {c.campaign_id} parked on a dead letter (aicmo dlq list)"]
        return [f"  - {c.campaign_id} parked on dead letter {letter.letter_id} at step "
                f"{letter.step} ({letter.message_type} -> {letter.destination}): "
                f"{letter.error}",
                f"      aicmo dlq retry {letter.letter_id}  |  "
                f"aicmo dlq discard {letter.letter_id}"]
    return [f"  - {c.campaign_id} {c.outcome}: {c.reason}",
            *(f"      compensation failed: {f}" for f in c.compensation_failures)]


def run_batch(args: argparse.Namespace) -> BatchView:
    """Submit the briefs file as a batch and wait until it is settled."""
    records = load_briefs(Path(args.briefs))
    runtime = open_runtime(args, reads_only=False)
    try:
        handle = runtime.submit(records, batch_id=args.batch_id, out_dir=args.out,
                                window=args.window, seed=args.seed, qc_rounds=args.qc_rounds,
                                pack_formats=args.formats, review=review_settings(args))
        if not handle.created:
            print(f"batch {handle.batch_id} was submitted before with these briefs: resuming "
                  "it, with the settings it was submitted with", file=sys.stderr)
        progress = _Progress(len(records), enabled=sys.stderr.isatty())
        try:
            return handle.wait(timeout=args.timeout, on_progress=progress)
        finally:
            progress.close()
    finally:
        runtime.shutdown()


def cmd_run(args: argparse.Namespace) -> int:
    view = run_batch(args)
    emit(summarize(view, args.json))
    return exit_code(view)


def cmd_cancel(args: argparse.Namespace) -> int:
    runtime = open_runtime(args)
    try:
        accepted = runtime.cancel(args.target, args.reason)
    finally:
        runtime.shutdown()
    emit(accepted.model_dump_json() if args.json else
         f"{accepted.target}: {plural(accepted.cancelling, 'campaign')} cancelling, "
         f"{accepted.already_finished} already finished")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    """Run the example briefs into a fresh data dir and output dir, then verify every pack."""
    from actors.delivery import verify_pack

    if service_state(Path(args.data_dir)) is not None:
        raise InputError(f"the service (aicmo up) runs on {args.data_dir}, which the demo "
                         "clears first: give the demo another --data-dir, or aicmo down")
    for path in (Path(args.data_dir), Path(args.out)):
        shutil.rmtree(path, ignore_errors=True)
    args.briefs, args.batch_id, args.seed, args.timeout = str(EXAMPLES), "demo", 0, 600
    args.auto_approve, args.review_days, args.on_review_timeout = True, 5.0, "escalate"
    view = run_batch(args)
    out = Path(args.out).resolve()
    # The delivered campaigns' packs, as the batch reports them (the output dir also holds
    # zips and billing's _invoices folder).
    packs = sorted(Path(c.pack_dir) for c in view.campaigns if c.pack_dir)
    broken = {p.name: problems for p in packs if (problems := verify_pack(str(p)))}
    verified = {"dir": str(out), "total": len(packs), "verified": len(packs) - len(broken),
                "broken": broken}
    if args.json:
        emit(json.dumps({**summary_document(view), "packs": verified}, indent=2))
    else:
        emit(summarize(view, as_json=False))
        emit(f"verified {verified['verified']}/{plural(len(packs), 'pack')} in {out}")
        emit("\n".join(f"  {name}: {problems}" for name, problems in broken.items()) or
             f"look at it: aicmo status demo --data-dir {args.data_dir}")
    return exit_code(view) if not broken else EXIT_RUNTIME


def _pack_options(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--qc-rounds", type=int, default=2,
                    help="revision rounds after a failed QC before compensating")
    sp.add_argument("--formats", choices=["full", "data"], default="full",
                    help="data: skip strategy.pdf and deck.pptx (fast bulk runs)")


def add_batch_commands(sub: Any) -> None:
    """run, status, cancel, demo."""
    run = add_command(sub, "run", "run a batch of briefs (JSONL) and write packs")
    run.add_argument("briefs")
    run.add_argument("--out", default="packs", help="packs go to OUT/<campaign_id>/")
    run.add_argument("--window", type=int, default=64, help="sagas in flight at once")
    run.add_argument("--batch-id", help="default: a new id; the id of a batch submitted "
                                        "from the same file resumes it")
    run.add_argument("--seed", type=int, default=0)
    run.add_argument("--timeout", type=float, default=None, help="seconds to wait")
    _pack_options(run)
    review_options(run)
    run.set_defaults(func=cmd_run)
    status = add_command(sub, "status", "show the data dir, batches and their sagas' states",
                         lists=True)
    status_options(status)
    status.set_defaults(func=cmd_status)
    cancel = add_command(sub, "cancel", "stop a batch or campaign and undo its work")
    cancel.add_argument("target", help="a batch id or a campaign id")
    cancel.add_argument("--reason", default="cancelled by operator")
    cancel.set_defaults(func=cmd_cancel)
    demo = add_command(sub, "demo", f"run examples/briefs.jsonl into ./packs/demo, with its "
                                    f"own data dir (default {DEMO_DATA_DIR}, cleared first)")
    demo.add_argument("--out", default="packs/demo")
    demo.add_argument("--window", type=int, default=64)
    _pack_options(demo)
    demo.set_defaults(func=cmd_demo, own_data_dir=str(DEMO_DATA_DIR))
