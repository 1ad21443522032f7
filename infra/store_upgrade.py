"""Stores brought to their schema's head by a short-lived child process, before the actors
that own them start.

An actor upgrades its own store when it starts (infra.store.open_store). On a store
already at its head it never loads Alembic (infra.schema_head); on a fresh one it must,
and Alembic then stays in that actor's process for as long as it lives: about 8 MiB in
each of a dozen processes. A driver about to start the actors therefore upgrades every
store first, in a child that exits when done (`StoreUpgrade`), and the actors find their
stores at the head. It runs beside Ray's own start, which takes longer.

Each store is named with its owner, "package.module:Class": a class whose `metadata` and
`migrations` are the store's tables and Alembic scripts (a module actor, the saga log).
"""

from __future__ import annotations

import asyncio
import os
import pickle
import pkgutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence

from infra.store_config import StoreConfig

Stores = Sequence[tuple[StoreConfig, str]]  # (where, owner "package.module:Class")


async def upgrade_stores(stores: Stores) -> None:
    """Bring each store to its owner's schema head, as the owner does when it starts."""
    from infra.store import open_store

    for config, owner in stores:
        found = pkgutil.resolve_name(owner)
        engine = await open_store(config, found.metadata, found.migrations)
        await engine.dispose()


class StoreUpgrade:
    """`upgrade_stores` in a child process, started on construction. The stores go through
    a pipe, not the command line: role URLs carry passwords."""

    def __init__(self, stores: Stores):
        # Its reason for failing goes to a file: a pipe nobody reads until `wait` could fill.
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 (closed in wait or abandon)
        self._child = subprocess.Popen(
            [sys.executable, "-c", "from infra import store_upgrade; store_upgrade._main()"],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self._errors,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)})
        assert self._child.stdin is not None
        with self._child.stdin as pipe:
            pipe.write(pickle.dumps(list(stores)))

    def wait(self) -> None:
        """Return once every store is at its head; MigrationError with the child's reason
        when one cannot be (its owner would have refused to start on it)."""
        with self._errors:
            status = self._child.wait()
            self._errors.seek(0)
            lines = self._errors.read().decode(errors="replace").strip().splitlines()
        if status != 0:
            from infra.migrations import MigrationError

            raise MigrationError(f"the stores could not be brought to their schema's head: "
                                 f"{lines[-1] if lines else f'exit status {status}'}")

    def abandon(self) -> None:
        """Stop it (the driver is not starting after all): each store's upgrade is one
        transaction, so one cut short leaves that store as it was."""
        self._child.kill()
        self._child.wait()
        self._errors.close()


def _main() -> None:
    stores = pickle.loads(sys.stdin.buffer.read())
    try:
        asyncio.run(upgrade_stores(stores))
    except Exception as exc:  # the reason, on one line, for StoreUpgrade.wait
        sys.exit(f"{type(exc).__name__}: {' '.join(str(exc).split())}")
