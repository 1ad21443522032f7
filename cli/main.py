"""The `aicmo` command line: run a batch of briefs, watch batches, run the demo; leads,
client review, invoices, follow-ups and reports; dead letters and garbage collection; the
always-on service (`aicmo up`, `aicmo down`), which every other command joins while it runs.

Options every command takes (--data-dir, --address, --database-url, --num-cpus, --shards,
--rate-card, --json, -v, ...) may come before or after the subcommand, or from AICMO_*
environment variables (AICMO_DATA_DIR, AICMO_ADDRESS, ...): flag > environment > default.

Exit codes:
  0  the batch finished: every campaign delivered, rejected or compensated
  1  the batch finished, but a compensation kept failing (an operator must look)
  2  bad usage or input: unreadable briefs file, no data in the dir; or the system refused
     the request: what it names does not exist (no batch, invoice, open review ...), it
     contradicts what exists (a campaign id another batch owns, a batch id submitted
     with other briefs), or it is malformed
  3  timed out waiting for the batch
  4  the runtime failed (Ray could not start, an actor is unreachable, a module reported
     an internal fault), or `aicmo up` could not start the service (it stops what it had
     started)
  5  the batch is waiting: some campaigns await their client's review (aicmo review list)
  6  the batch is parked: some campaigns are on dead letters; the summary names each letter
     (aicmo dlq retry LETTER_ID | aicmo dlq discard LETTER_ID). Takes precedence over 1 and 5
"""

from __future__ import annotations

import argparse
import logging
import sys
from importlib.metadata import PackageNotFoundError, version

from cli.batch import add_batch_commands
from cli.dlq import add_ops
from cli.errors import refusal
from cli.lifecycle import add_lifecycle
from cli.options import (
    EXIT_INPUT,
    EXIT_RUNTIME,
    EXIT_TIMEOUT,
    InputError,
    resolve,
    top_parser,
)
from cli.output import own_stdout
from cli.service import add_service
from driver.errors import DriverError


def installed_version() -> str:
    """The installed distribution's version (pyproject's), or 'unknown' in a bare checkout."""
    try:
        return version("aicmo")
    except PackageNotFoundError:
        return "unknown"


def parser() -> argparse.ArgumentParser:
    p = top_parser(prog="aicmo", description=__doc__,
                   formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"aicmo {installed_version()}")
    sub = p.add_subparsers(dest="command", required=True)
    for add in (add_batch_commands, add_lifecycle, add_ops, add_service):
        add(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        resolve(args)
        if args.verbose:  # the driver's own warnings; the actors' come through Ray
            logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
        with own_stdout():  # Ray's own lines go to stderr: stdout is the command's output
            return args.func(args)
    except InputError as exc:
        print(f"aicmo: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except TimeoutError as exc:
        print(f"aicmo: {exc}", file=sys.stderr)
        return EXIT_TIMEOUT
    except DriverError as exc:  # the system refused: its kind picks the words and the code
        message, code = refusal(exc, args)
        print(f"aicmo: {message}", file=sys.stderr)
        return code
    except Exception as exc:
        print(f"aicmo: runtime failure: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_RUNTIME


if __name__ == "__main__":
    sys.exit(main())
