"""What an actor's process imports before its first message. Every shard and singleton is
a process of its own, so a library loaded by all of them is paid for about fifteen times
over: the heavy ones come in where, and when, they are used."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("matplotlib", "pptx", "reportlab")
# Which of HEAVY each module's process may load at start; the rest wait for first use:
# decks and strategy PDFs (python-pptx, reportlab) for a full pack, charts (matplotlib) for
# a report. Billing writes an invoice PDF for every campaign, so it loads reportlab.
LOADED_AT_START = {"billing": {"reportlab"}}
MODULES = ["billing", "cam", "client_review", "delivery/0", "onboarding", "production/0",
           "qc/0", "reporting", "retention", "strategy"]


def run(code: str, *args: str) -> str:
    """What `code` prints, run in a fresh interpreter from the repository's root."""
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


def loaded_after_building(destination: str) -> set[str]:
    return set(run("import sys\n"
                   "from wiring import module_class\n"
                   f"module_class({destination!r})\n"
                   f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))\n").split())


@pytest.mark.parametrize("destination", MODULES)
def test_an_actor_process_loads_heavy_libraries_only_where_they_are_used(destination):
    module = destination.partition("/")[0]
    assert loaded_after_building(destination) == LOADED_AT_START.get(module, set())


def test_a_store_already_at_its_head_opens_without_loading_alembic(tmp_path):
    """Most starts are restarts: Alembic is loaded only to bring a store up to its head."""
    start = ("import asyncio, sys\n"
             "from wiring import Settings, module_class\n"
             "actor = module_class('strategy')(Settings(data_dir=sys.argv[1]).store('strategy'))\n"
             "async def main():\n"
             "    await actor.start()\n"
             "    await actor.close()\n"
             "asyncio.run(main())\n"
             "print('alembic' in sys.modules)\n")
    first, again = run(start, str(tmp_path)), run(start, str(tmp_path))
    assert (first, again) == ("True", "False")


def test_an_actor_on_sqlite_loads_no_postgresql_driver(tmp_path):
    """asyncpg and SQLAlchemy's PostgreSQL dialect (about 5 MiB a process) come in with a
    PostgreSQL store, not with every actor. (Alembic loads the dialect: the driver has
    brought the store to its head, as drivers do.)"""
    start = ("import asyncio, sys\n"
             "from wiring import Settings, build_module, upgrade_stores_apart\n"
             "settings = Settings(data_dir=sys.argv[1])\n"
             "upgrade_stores_apart(settings)\n"
             "actor = build_module('billing', settings)\n"
             "async def main():\n"
             "    await actor.start()\n"
             "    await actor.close()\n"
             "asyncio.run(main())\n"
             "print(sorted(m for m in ('asyncpg', 'sqlalchemy.dialects.postgresql')\n"
             "             if m in sys.modules))\n")
    assert run(start, str(tmp_path)) == "[]"


def test_a_driver_loads_no_database_library():
    """A driver script, the CLI and a Serve replica import `runtime`; the stores are opened
    by the actors (and by a short-lived child that upgrades them), never by the driver."""
    loaded = run("import sys\n"
                 "import runtime\n"
                 "print(sorted(m for m in ('sqlalchemy', 'aiosqlite', 'asyncpg', 'alembic')\n"
                 "             if m in sys.modules))\n")
    assert loaded == "[]"
