"""Rows a frame's commands read, kept current as they write.

Writes are buffered until the frame commits, so a command that reads what an earlier
command of the same frame wrote must read it here, not from the database. Entries are
keyed (table name, key); a key known to be absent maps to None.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from actors._kernel import Tx, rows_by_key

# Well under every database's bound-parameter limit, however many rows an import carries.
_CHUNK = 500


async def load(tx: Tx, column: Any, keys: Iterable[str]) -> dict[str, Mapping[str, Any] | None]:
    """The rows of `column`'s table with these keys (None for a missing one), from the frame's
    cache when there and from the database, in bulk, when not."""
    wanted = list(dict.fromkeys(keys))
    table = column.table.name
    missing = [key for key in wanted if (table, key) not in tx.cache]
    for start in range(0, len(missing), _CHUNK):
        chunk = missing[start:start + _CHUNK]
        found = await rows_by_key(tx.conn, column, chunk)
        for key in chunk:
            tx.cache[(table, key)] = found.get(key)
    return {key: tx.cache[(table, key)] for key in wanted}


async def load_one(tx: Tx, column: Any, key: str) -> Mapping[str, Any] | None:
    return (await load(tx, column, [key]))[key]


def remember(tx: Tx, column: Any, row: Mapping[str, Any]) -> None:
    """Record a row this frame wrote, so later commands in the frame read it."""
    tx.cache[(column.table.name, row[column.name])] = row
