"""What every `aicmo` command shares: exit codes, input errors, the runtime it talks to."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from contracts.supervisor import ReviewSettings

EXIT_OK, EXIT_NEEDS_OPERATOR, EXIT_INPUT, EXIT_TIMEOUT, EXIT_RUNTIME = 0, 1, 2, 3, 4
EXIT_AWAITING_REVIEW = 5


class InputError(Exception):
    """The user's input cannot be used; the message says where and why."""


_output: TextIO | None = None  # where `emit` writes while `own_stdout` holds fd 1


def emit(text: str) -> None:
    """Write a line of the command's output (what a script reads from stdout)."""
    stream = _output or sys.stdout
    stream.write(text + "\n")
    stream.flush()  # a watcher's repaint shows now; stderr and stdout interleave in order


@contextmanager
def own_stdout() -> Iterator[None]:
    """For the life of a command, fd 1 is stderr and `emit` alone writes to stdout.

    Ray's driver prints its error lines ("(raylet) A worker died ...") through sys.stdout
    whatever log_to_driver says, and the processes Ray spawns inherit fd 1: pointing fd 1
    at stderr is the one switch that covers both. The environment is left alone: Ray reads
    RAY_AUTH_MODE and its other settings from it."""
    global _output
    sys.stdout.flush()
    on_fd1 = _on_fd1(sys.stdout)  # else a caller replaced it (a test capturing output)
    real = os.dup(1)  # not inheritable (PEP 446): no process Ray spawns holds the real stdout
    os.dup2(2, 1)
    try:
        with open(real, "w", encoding=sys.stdout.encoding, errors=sys.stdout.errors,
                  closefd=False) as stdout:
            _output = stdout if on_fd1 else sys.stdout
            yield
    finally:
        _output = None
        sys.stdout.flush()
        os.dup2(real, 1)
        os.close(real)


def _on_fd1(stream: TextIO) -> bool:
    try:
        return stream.fileno() == 1
    except (AttributeError, OSError, ValueError):  # no descriptor behind it
        return False


def open_runtime(args: argparse.Namespace) -> Any:
    from runtime import Runtime, Settings  # imports Ray: only when a command needs it

    shards = {"production_shards": args.shards, "qc_shards": args.shards,
              "delivery_shards": args.shards} if args.shards else {}
    rate_card = str(Path(args.rate_card).resolve()) if args.rate_card else None
    settings = Settings(data_dir=str(Path(args.data_dir).resolve()), **shards,
                        state_resource=args.state_resource, shard_resource=args.shard_resource,
                        rate_card=rate_card, database_url=args.database_url)
    if args.address:
        return Runtime.connect(args.address, settings)
    return Runtime.start(settings, num_cpus=args.num_cpus, dashboard=args.dashboard)


def runtime_options(sp: argparse.ArgumentParser, data_dir: str = ".aicmo/data") -> None:
    sp.add_argument("--data-dir", default=data_dir, help="module databases (embedded mode)")
    sp.add_argument("--address", help="join this Ray cluster instead of starting one")
    sp.add_argument("--database-url", default=os.environ.get("AICMO_DATABASE_URL") or None,
                    help="the cluster store: postgresql+asyncpg://ADMIN:PASSWORD@HOST/DB "
                         "(default: $AICMO_DATABASE_URL, else SQLite files in --data-dir); "
                         "prefer the variable, which keeps the password out of `ps`")
    sp.add_argument("--state-resource", help="custom resource pinning the state-owning "
                                             "actors (cluster.yaml: aicmo_state)")
    sp.add_argument("--shard-resource", help="custom resource placing the shard pools "
                                             "(cluster.yaml: aicmo_shard)")
    sp.add_argument("--shards", type=int,
                    help="production, QC and delivery pool size (default: CPUs)")
    sp.add_argument("--num-cpus", type=int, help="CPUs for the embedded Ray")
    sp.add_argument("--rate-card", help="billing's rate card, a JSON file (default: built in)")
    sp.add_argument("--dashboard", action="store_true", help="start the Ray dashboard")
    sp.add_argument("--json", action="store_true", help="machine-readable output on stdout")


def review_options(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--auto-approve", action="store_true",
                    help="client review approved by policy (unattended runs); default: wait "
                         "for each client's decision (aicmo review ...)")
    sp.add_argument("--review-days", type=float, default=5.0, help="review deadline in days")
    sp.add_argument("--on-review-timeout", choices=["escalate", "approve", "reject"],
                    default="escalate", help="what the deadline does (default: escalate and "
                                             "keep waiting)")


def review_settings(args: argparse.Namespace) -> ReviewSettings:
    return ReviewSettings(policy="auto" if args.auto_approve else "client",
                          days=args.review_days, on_timeout=args.on_review_timeout)
