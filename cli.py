"""The `aicmo` command line: run a batch of briefs, watch batches, run the demo; leads,
client review, invoices, follow-ups and reports (cli_lifecycle).

Exit codes:
  0  the batch finished: every campaign delivered, rejected or compensated
  1  the batch finished, but a compensation kept failing (an operator must look)
  2  bad usage or input: unreadable briefs file, refused submission
  3  timed out waiting for the batch
  4  the runtime failed (Ray could not start, an actor is unreachable)
  5  the batch is waiting: some campaigns await their client's review (aicmo review list)
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from cli_common import (
    EXIT_AWAITING_REVIEW,
    EXIT_INPUT,
    EXIT_NEEDS_OPERATOR,
    EXIT_OK,
    EXIT_RUNTIME,
    EXIT_TIMEOUT,
    InputError,
    emit,
    open_runtime,
    own_stdout,
    review_options,
    review_settings,
    runtime_options,
)
from cli_lifecycle import add_lifecycle
from cli_ops import add_ops
from contracts.supervisor import BatchView, Outcome

EXAMPLES = Path(__file__).resolve().parent / "examples" / "briefs.jsonl"


def load_briefs(path: Path) -> list[dict[str, Any]]:
    """Read a JSONL file: one brief per line, either bare or as {"campaign_id", "brief"}."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
        if not isinstance(item, dict):
            raise InputError(f"{path}:{number}: expected a JSON object")
        records.append({"campaign_id": item.get("campaign_id"),
                        "brief": item.get("brief", item)})
    if not records:
        raise InputError(f"{path} holds no briefs")
    return records


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


def summarize(view: BatchView, as_json: bool) -> str:
    if as_json:
        campaigns = [{"campaign_id": c.campaign_id,
                      "outcome": c.outcome.value if c.outcome else None,
                      **({"pack_dir": c.pack_dir} if c.outcome is Outcome.DELIVERED
                         else {"reason": c.reason})}
                     for c in view.campaigns]
        return json.dumps({"batch_id": view.batch_id, "campaigns": campaigns,
                           "counts": view.counts}, indent=2)
    lines = [f"batch {view.batch_id}: {view.finished}/{view.total} finished"]
    lines += [f"  {outcome.value:<20} {view.counts.get(outcome.value, 0)}" for outcome in Outcome]
    if waiting := view.counts.get("awaiting_review"):
        lines.append(f"  {'awaiting_review':<20} {waiting}  (decide with: aicmo review list)")
    for c in view.campaigns:
        if c.outcome is not Outcome.DELIVERED and not c.awaiting_review:
            lines.append(f"  - {c.campaign_id} {c.outcome}: {c.reason}")
            lines += [f"      compensation failed: {f}" for f in c.compensation_failures]
    packs = {str(Path(c.pack_dir).parent) for c in view.campaigns if c.pack_dir}
    lines += [f"packs in {p}" for p in sorted(packs)]
    return "\n".join(lines)


def exit_code(view: BatchView) -> int:
    if view.counts.get(Outcome.COMPENSATION_FAILED.value):
        return EXIT_NEEDS_OPERATOR
    return EXIT_OK if view.done else EXIT_AWAITING_REVIEW


def cmd_run(args: argparse.Namespace) -> int:
    records = load_briefs(Path(args.briefs))
    runtime = open_runtime(args)
    try:
        handle = runtime.submit(records, batch_id=args.batch_id, out_dir=args.out,
                                window=args.window, seed=args.seed, qc_rounds=args.qc_rounds,
                                pack_formats=args.formats, review=review_settings(args))
        if not handle.created:
            print(f"batch {handle.batch_id} already exists: showing it", file=sys.stderr)
        progress = _Progress(len(records), enabled=sys.stderr.isatty())
        try:
            view = handle.wait(timeout=args.timeout, on_progress=progress)
        finally:
            progress.close()
        emit(summarize(view, args.json))
        return exit_code(view)
    finally:
        runtime.shutdown()


def render_status(view: BatchView, with_campaigns: bool) -> str:
    """One batch: progress, outcomes, where the running sagas are, optionally each saga."""
    lines = [f"{view.batch_id}  {view.finished}/{view.total}  "
             f"{'done' if view.done else 'running'}",
             "  outcomes: " + _pairs(view.counts),
             "  steps:    " + (_pairs(view.steps) or "-"),
             "  states:   " + _pairs(view.states)]
    if with_campaigns:
        lines += [f"  {c.campaign_id}  {c.state:<20} {c.step or '-':<9} "
                  f"{c.outcome or '-'}  {c.reason or ''}" for c in view.campaigns]
    return "\n".join(lines)


def _pairs(counts: dict[str, int]) -> str:
    return "  ".join(f"{k}={v}" for k, v in sorted(counts.items()))


def cmd_status(args: argparse.Namespace) -> int:
    runtime = open_runtime(args)
    try:
        if args.watch and args.batch_id:
            return _watch(runtime.batch(args.batch_id), args.interval)
        views = ([runtime.batch(args.batch_id).progress(include_campaigns=True)]
                 if args.batch_id else runtime.batches())
        for view in views:
            emit(view.model_dump_json(indent=2) if args.json
                 else render_status(view, with_campaigns=bool(args.batch_id)))
        return EXIT_OK
    finally:
        runtime.shutdown()


def _watch(handle: Any, interval: float) -> int:
    """Repaint the batch's status until it is done (the query long-polls, no busy loop)."""
    started, first = time.monotonic(), handle.progress().finished
    while True:
        view = handle.progress(wait_seconds=interval)
        rate = (view.finished - first) / max(time.monotonic() - started, 1e-6)
        emit("\033[2J\033[H" + render_status(view, with_campaigns=False)
             + f"\n  rate:     {rate:.1f} campaigns/s")
        if view.done:
            return exit_code(view)


def cmd_cancel(args: argparse.Namespace) -> int:
    runtime = open_runtime(args)
    try:
        accepted = runtime.cancel(args.target, args.reason)
        emit(f"{accepted.target}: {accepted.cancelling} campaign(s) cancelling, "
             f"{accepted.already_finished} already finished")
        return EXIT_OK
    finally:
        runtime.shutdown()


def cmd_demo(args: argparse.Namespace) -> int:
    """Run the example briefs into a fresh data dir and output dir, then verify every pack."""
    from actors.delivery import verify_pack

    for path in (Path(args.data_dir), Path(args.out)):
        shutil.rmtree(path, ignore_errors=True)
    args.briefs, args.batch_id, args.seed, args.timeout = str(EXAMPLES), "demo", 0, 600
    args.auto_approve, args.review_days, args.on_review_timeout = True, 5.0, "escalate"
    code = cmd_run(args)
    packs = sorted(p for p in Path(args.out).iterdir() if p.is_dir() and not p.name.startswith("."))
    broken = {p.name: problems for p in packs if (problems := verify_pack(str(p)))}
    emit(f"verified {len(packs) - len(broken)}/{len(packs)} packs in {Path(args.out).resolve()}")
    for name, problems in broken.items():
        emit(f"  {name}: {problems}")
    return code if not broken else EXIT_RUNTIME


def _pack_options(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--qc-rounds", type=int, default=2,
                    help="revision rounds after a failed QC before compensating")
    sp.add_argument("--formats", choices=["full", "data"], default="full",
                    help="data: skip strategy.pdf and deck.pptx (fast bulk runs)")


def _add_run(sub: Any) -> None:
    run = sub.add_parser("run", help="run a batch of briefs (JSONL) and write packs")
    run.add_argument("briefs")
    run.add_argument("--out", default="packs", help="packs go to OUT/<campaign_id>/")
    run.add_argument("--window", type=int, default=64, help="sagas in flight at once")
    run.add_argument("--batch-id", help="default: a new id; reusing one returns that batch")
    run.add_argument("--seed", type=int, default=0)
    run.add_argument("--timeout", type=float, default=None, help="seconds to wait")
    _pack_options(run)
    review_options(run)
    runtime_options(run)
    run.set_defaults(func=cmd_run)


def _add_status_and_cancel(sub: Any) -> None:
    status = sub.add_parser("status", help="show batches and their sagas' states")
    status.add_argument("batch_id", nargs="?")
    status.add_argument("--watch", action="store_true", help="refresh until the batch is done")
    status.add_argument("--interval", type=float, default=2.0, help="seconds between repaints")
    runtime_options(status)
    status.set_defaults(func=cmd_status)
    cancel = sub.add_parser("cancel", help="stop a batch or campaign and undo its work")
    cancel.add_argument("target", help="a batch id or a campaign id")
    cancel.add_argument("--reason", default="cancelled by operator")
    runtime_options(cancel)
    cancel.set_defaults(func=cmd_cancel)


def _add_demo(sub: Any) -> None:
    demo = sub.add_parser("demo", help="run examples/briefs.jsonl into ./packs/demo")
    demo.add_argument("--out", default="packs/demo")
    demo.add_argument("--window", type=int, default=64)
    _pack_options(demo)
    runtime_options(demo, data_dir=".aicmo/demo")
    demo.set_defaults(func=cmd_demo)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="aicmo", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    for add in (_add_run, _add_status_and_cancel, _add_demo, add_lifecycle, add_ops):
        add(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        with own_stdout():  # Ray's own lines go to stderr: stdout is the command's output
            return args.func(args)
    except InputError as exc:
        print(f"aicmo: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except TimeoutError as exc:
        print(f"aicmo: {exc}", file=sys.stderr)
        return EXIT_TIMEOUT
    except Exception as exc:
        from runtime import DriverError

        if isinstance(exc, DriverError):
            print(f"aicmo: submission refused: {exc}", file=sys.stderr)
            return EXIT_INPUT
        print(f"aicmo: runtime failure: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_RUNTIME


if __name__ == "__main__":
    sys.exit(main())
