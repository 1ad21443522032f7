"""`aicmo dlq list | retry LETTER_ID | discard LETTER_ID`: an operator's dead letters, and
`aicmo gc [--older-than DAYS]`: the retention policy applied now.

A dead letter is a saga step whose retryable error outlasted every retry; its campaign is
parked on it. Retry sends the step again; discard cancels the campaign and undoes its
completed steps. In embedded mode the command waits until the campaign's batch is settled
again, so the work it starts is finished before Ray stops.
"""

from __future__ import annotations

import argparse
from typing import Any

from cli_common import EXIT_OK, emit, open_runtime, runtime_options


def cmd_dlq(args: argparse.Namespace) -> int:
    runtime = open_runtime(args)
    try:
        if args.action == "list":
            letters = runtime.dead_letters(None if args.status == "all" else args.status)
            if args.json:
                emit(letters.model_dump_json(indent=2))
            for letter in [] if args.json else letters.letters:
                emit(f"{letter.letter_id}  {letter.status:<9} {letter.campaign_id}  "
                     f"{letter.step} -> {letter.destination} ({letter.message_type}, "
                     f"{letter.attempts} attempts): {letter.error}")
            if not letters.letters and not args.json:
                emit("no dead letters")
            return EXIT_OK
        resolved = (runtime.retry_dead_letter(args.letter_id) if args.action == "retry"
                    else runtime.discard_dead_letter(args.letter_id, args.reason))
        view = runtime.batch(resolved.batch_id).wait()
        campaign = next(c for c in view.campaigns if c.campaign_id == resolved.letter.campaign_id)
        outcome = f": {campaign.state} {campaign.outcome or ''}".rstrip()
        emit(f"{resolved.letter.letter_id} {resolved.letter.status}"
             f" ({resolved.letter.campaign_id}{outcome})")
        return EXIT_OK
    finally:
        runtime.shutdown()


def cmd_gc(args: argparse.Namespace) -> int:
    """Apply the retention policy now: compact finished sagas, prune old history."""
    runtime = open_runtime(args)
    try:
        done = runtime.collect_garbage(args.older_than, args.prune_older_than)
        emit(done.model_dump_json(indent=2) if args.json else
             f"compacted {done.sagas_compacted} finished sagas "
             f"({done.replies_compacted} stored replies), pruned {done.rows_pruned} rows")
        return EXIT_OK
    finally:
        runtime.shutdown()


def add_ops(sub: Any) -> None:
    gc = sub.add_parser("gc", help="apply the retention policy now (it also runs daily)")
    gc.add_argument("--older-than", type=float, metavar="DAYS",
                    help="compact sagas finished at least DAYS ago (default: 30)")
    gc.add_argument("--prune-older-than", type=float, metavar="DAYS",
                    help="delete history older than DAYS (default: 400)")
    runtime_options(gc)
    gc.set_defaults(func=cmd_gc)

    dlq = sub.add_parser("dlq", help="dead letters: list, retry or discard poison messages")
    actions = dlq.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="dead letters (default: open)")
    listing.add_argument("--status", default="open",
                         choices=["open", "retried", "discarded", "all"])
    retry = actions.add_parser("retry", help="send the parked step again")
    retry.add_argument("letter_id")
    discard = actions.add_parser("discard", help="give up: cancel and undo the campaign")
    discard.add_argument("letter_id")
    discard.add_argument("--reason", default="discarded by operator")
    for parser_ in (listing, retry, discard):
        runtime_options(parser_)
        parser_.set_defaults(func=cmd_dlq)
