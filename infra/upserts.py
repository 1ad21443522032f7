"""Upserts and insert-ignores in each dialect's own words, so one statement serves SQLite and
PostgreSQL alike (SQLite's OR REPLACE / OR IGNORE prefixes would be dropped silently by any
other dialect, leaving a plain INSERT that fails on the second write to a key)."""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any

from sqlalchemy import Table
from sqlalchemy.sql import Executable

# The dialects whose own INSERT has ON CONFLICT. Each is imported when a connection of it
# first writes: a process on SQLite does not load PostgreSQL's dialect (about 2 MiB).
_DIALECTS = ("sqlite", "postgresql")


class Upsert:
    """An INSERT that, where a row with the same primary key is stored, replaces it
    (`replace=True`) or keeps it (`replace=False`, an insert-ignore), in each dialect's own
    words: ON CONFLICT DO UPDATE / DO NOTHING on SQLite and on PostgreSQL alike.

    It is made once per table (`upsert`, `insert_ignore`) so that writes of it batch in
    `Tx.flush`, and compiled for the connection's dialect there.
    """

    def __init__(self, table: Table, replace: bool):
        self.table = table
        self.replace = replace
        self._by_dialect: dict[str, Executable] = {}

    def on(self, dialect: str) -> Executable:
        statement = self._by_dialect.get(dialect)
        if statement is None:
            statement = self._by_dialect[dialect] = self._build(dialect)
        return statement

    def _build(self, dialect: str) -> Executable:
        if dialect not in _DIALECTS:
            raise ValueError(f"no upsert for the {dialect} dialect")
        statement: Any = importlib.import_module(f"sqlalchemy.dialects.{dialect}").insert(
            self.table)
        keys = list(self.table.primary_key.columns)
        others = [c for c in self.table.columns if not c.primary_key]
        if not self.replace or not others:
            # Any unique constraint, as SQLite's OR IGNORE did: a duplicate is kept, not an error.
            return statement.on_conflict_do_nothing()
        return statement.on_conflict_do_update(
            index_elements=keys, set_={c.name: statement.excluded[c.name] for c in others})


@cache
def upsert(table: Table) -> Upsert:
    """Insert or replace by primary key: every column not in the key takes the new value."""
    return Upsert(table, replace=True)


@cache
def insert_ignore(table: Table) -> Upsert:
    """Insert unless a row with the same key (or other unique value) is stored already."""
    return Upsert(table, replace=False)
