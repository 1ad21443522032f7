"""`aicmo dlq list | retry LETTER_ID | discard LETTER_ID`: an operator's dead letters, and
`aicmo gc [--older-than DAYS]`: the retention policy applied now.

A dead letter is a saga step whose retryable error outlasted every retry; its campaign is
parked on it. Retry sends the step again; discard cancels the campaign and undoes its
completed steps. In embedded mode the command waits until the campaign's batch is settled
again, so the work it starts is finished before Ray stops.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from actors._text import plural
from cli.options import EXIT_OK, add_command, open_runtime
from cli.output import emit, emit_list, when

# The columns of `dlq list --csv` (its --json lines carry every field of a DeadLetter).
LETTER_FIELDS = ["letter_id", "status", "campaign_id", "step", "destination", "message_type",
                 "message_id", "attempts", "error", "created_at", "resolved_at"]


def _letter_line(letter: Any) -> str:
    return (f"{letter.letter_id}  {letter.status:<9} {letter.campaign_id}  "
            f"{letter.step} -> {letter.destination} ({letter.message_type}, "
            f"{plural(letter.attempts, 'attempt')}, since {when(letter.created_at)}): "
            f"{letter.error}")


def cmd_dlq(args: argparse.Namespace) -> int:
    runtime = open_runtime(args)
    try:
        if args.action == "list":
            letters = runtime.dead_letters(None if args.status == "all" else args.status)
            emit_list(args.format, letters.letters, LETTER_FIELDS, _letter_line,
                      "no dead letters")
            return EXIT_OK
        resolved = (runtime.retry_dead_letter(args.letter_id) if args.action == "retry"
                    else runtime.discard_dead_letter(args.letter_id, args.reason))
        view = runtime.batch(resolved.batch_id).wait()
        campaign = next(c for c in view.campaigns if c.campaign_id == resolved.letter.campaign_id)
        if args.json:
            emit(json.dumps({**resolved.model_dump(mode="json"), "state": campaign.state,
                             "outcome": campaign.outcome.value if campaign.outcome else None}))
            return EXIT_OK
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
             f"compacted {plural(done.sagas_compacted, 'finished saga')} "
             f"({plural(done.replies_compacted, 'stored reply', 'stored replies')}), "
             f"pruned {plural(done.rows_pruned, 'row')}")
        return EXIT_OK
    finally:
        runtime.shutdown()


def add_ops(sub: Any) -> None:
    """gc, dlq list|retry|discard."""
    gc = add_command(sub, "gc", "apply the retention policy now (it also runs daily)")
    gc.add_argument("--older-than", type=float, metavar="DAYS",
                    help="compact sagas finished at least DAYS ago (default: 30)")
    gc.add_argument("--prune-older-than", type=float, metavar="DAYS",
                    help="delete history older than DAYS (default: 400)")
    gc.set_defaults(func=cmd_gc)

    dlq = add_command(sub, "dlq", "dead letters: list, retry or discard poison messages")
    actions = dlq.add_subparsers(dest="action", required=True)
    listing = add_command(actions, "list", "dead letters (default: open)", lists=True)
    listing.add_argument("--status", default="open",
                         choices=["open", "retried", "discarded", "all"])
    retry = add_command(actions, "retry", "send the parked step again")
    retry.add_argument("letter_id")
    discard = add_command(actions, "discard", "give up: cancel and undo the campaign")
    discard.add_argument("letter_id")
    discard.add_argument("--reason", default="discarded by operator")
    for parser_ in (listing, retry, discard):
        parser_.set_defaults(func=cmd_dlq)
