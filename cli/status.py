"""`aicmo status [BATCH_ID] [--watch]`: the data dir in use, whether the always-on service runs
on it, the batches, one batch's sagas."""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

from cli.options import (
    EXIT_AWAITING_REVIEW,
    EXIT_DEAD_LETTER,
    EXIT_NEEDS_OPERATOR,
    EXIT_OK,
    InputError,
    open_runtime,
    service_state,
)
from cli.output import emit, emit_list, stdout_is_terminal, when
from contracts.supervisor import BatchView, CampaignOutcome, Outcome
from infra.service_state import ServiceState

REPAINT = "\033[2J\033[H"  # clear the terminal, cursor home: only ever sent to a terminal
# What a batch row holds in `status --json` (one object a line) and `status --csv`.
COUNTS = [*(o.value for o in Outcome), "in_flight", "awaiting_review", "dead_letter"]
BATCH_FIELDS = ["data_dir", "batch_id", "total", "finished", "done", "settled", "created_at",
                *COUNTS]


def exit_code(view: BatchView) -> int:
    """0 when the batch is done, 1 when a compensation kept failing, 5 while campaigns
    wait for their client's review, 6 while campaigns are parked on dead letters (that
    first: an operator must act, and the batch is not finished)."""
    if view.counts.get("dead_letter"):
        return EXIT_DEAD_LETTER
    if view.counts.get(Outcome.COMPENSATION_FAILED.value):
        return EXIT_NEEDS_OPERATOR
    return EXIT_OK if view.done else EXIT_AWAITING_REVIEW


def status_options(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("batch_id", nargs="?")
    sp.add_argument("--watch", action="store_true", help="refresh until the batch is done")
    sp.add_argument("--interval", type=float, default=2.0, help="seconds between refreshes")


def render_status(view: BatchView, with_campaigns: bool) -> str:
    """One batch: progress, outcomes, where the running sagas are, optionally each saga."""
    lines = [f"{view.batch_id}  {view.finished}/{view.total}  "
             f"{'done' if view.done else 'running'}  (started {when(view.created_at)})",
             "  outcomes: " + _pairs(view.counts),
             "  steps:    " + (_pairs(view.steps) or "-"),
             "  states:   " + _pairs(view.states)]
    if with_campaigns:
        lines += [f"  {c.campaign_id}  {c.state:<20} {c.step or '-':<9} "
                  f"{c.outcome or '-'}  {_why(c)}" for c in view.campaigns]
    return "\n".join(lines)


def _why(c: CampaignOutcome) -> str:
    """A campaign's reason, or the dead letter it is parked on (its id is what `aicmo dlq
    retry` takes)."""
    if c.dead_letter is not None:
        return f"dead letter {c.dead_letter.letter_id}: {c.dead_letter.error}"
    return c.reason or ""


def _pairs(counts: dict[str, int]) -> str:
    return "  ".join(f"{k}={v}" for k, v in sorted(counts.items()))


def batch_row(view: BatchView, data_dir: str) -> dict[str, Any]:
    """A batch without its campaigns, its counts as columns (0 when none)."""
    return {"data_dir": data_dir, "batch_id": view.batch_id, "total": view.total,
            "finished": view.finished, "done": view.done, "settled": view.settled,
            "created_at": view.created_at, **{k: view.counts.get(k, 0) for k in COUNTS}}


def service_line(service: ServiceState | None) -> str:
    """Whether the always-on service runs on the data dir, and where."""
    if service is None:
        return "service: not running (embedded Ray for each command; aicmo up starts it)"
    return f"service: up at {service.url} (pid {service.pid}, API {service.api_base})"


def service_document(service: ServiceState | None) -> dict[str, Any] | None:
    return None if service is None else {"url": service.url, "api_base": service.api_base,
                                         "pid": service.pid}


def cmd_status(args: argparse.Namespace) -> int:
    data_dir = str(args.data_dir)
    if args.watch and not args.batch_id:
        raise InputError("status --watch follows one batch: give its BATCH_ID")
    service = None if args.address else service_state(args.data_dir)
    head = f"data dir: {data_dir}\n{service_line(service)}"
    runtime = open_runtime(args)
    try:
        if args.watch and args.batch_id:
            return _watch(runtime.batch(args.batch_id), args.interval, data_dir)
        if args.batch_id:
            view = runtime.batch(args.batch_id).progress(include_campaigns=True)
            emit(json.dumps({"data_dir": data_dir, "service": service_document(service),
                             **view.model_dump(mode="json")}, indent=2)
                 if args.json else f"{head}\n" + render_status(view, with_campaigns=True))
            return EXIT_OK
        views = runtime.batches()
    finally:
        runtime.shutdown()
    if args.format == "text":
        emit("\n".join([head, *(render_status(v, with_campaigns=False) for v in views)]
                       if views else [head, "no batches"]))
    else:
        emit_list(args.format, [batch_row(v, data_dir) for v in views], BATCH_FIELDS,
                  str, "")
    return EXIT_OK


def _watch(handle: Any, interval: float, data_dir: str) -> int:
    """Follow the batch until it is done (the query long-polls, no busy loop). On a
    terminal the block is repainted in place; to a pipe or file, one block per change and
    no escape codes."""
    started, first = time.monotonic(), handle.progress().finished
    repaint, shown = stdout_is_terminal(), None
    while True:
        view = handle.progress(wait_seconds=interval)
        rate = (view.finished - first) / max(time.monotonic() - started, 1e-6)
        block = (f"data dir: {data_dir}\n" + render_status(view, with_campaigns=False)
                 + f"\n  rate:     {rate:.1f} campaigns/s")
        if repaint:
            emit(REPAINT + block)
        elif view.version != shown:
            emit(block + "\n")
        shown = view.version
        if view.done:
            return exit_code(view)


