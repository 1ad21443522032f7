"""One frame's rows of a table: an identity map every module reads and writes rows through.

Writes are buffered until the frame commits (infra.store.Tx), so a command that follows
another in the same frame must read the first one's rows from here, not from the database.
`Tx.rows(table)` gives the frame's one `Rows` per table: rows are loaded in bulk once, then
kept current by `put`. A handler that fails has its `put`s undone with its buffered writes
(the frame's `Journal`), so the next command sees only what committed handlers did.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, Table, select
from sqlalchemy.sql import Executable

from infra.upserts import Upsert, upsert

if TYPE_CHECKING:
    from infra.store import Tx

Row = dict[str, Any]
_UNSEEN = object()  # a journal entry for a key that was not in the map before


class Journal:
    """What `put` replaced, in order, so a failed handler's row changes can be undone."""

    def __init__(self) -> None:
        self._entries: list[tuple[Rows, Any, Any]] = []

    def record(self, rows: Rows, key: Any, before: Any) -> None:
        self._entries.append((rows, key, before))

    def mark(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        """Forget every entry: the frame is over, nothing is left to undo."""
        self._entries.clear()

    def undo_to(self, mark: int) -> None:
        while len(self._entries) > mark:
            rows, key, before = self._entries.pop()
            rows._restore(key, before)


class Rows:
    """The rows of one table keyed by its primary key (a tuple when the key has several
    columns); a key known to be absent maps to None.

    The dicts handed out are the frame's own: change a row by `put`ting a new dict (which
    records the write and what to undo), never by editing one in place."""

    def __init__(self, tx: Tx, table: Table, journal: Journal):
        self._tx = tx
        self.table = table
        self._journal = journal
        self._key_columns = list(table.primary_key.columns)
        self._map: dict[Any, Row | None] = {}
        self._loaded_by: set[tuple[str, Any]] = set()  # (column, value) fully loaded
        # column -> value -> {key: row}, built on a column's first `where` and kept current
        # by every change: handlers look children up per message, so no scan per call.
        self._indexes: dict[str, dict[Any, dict[Any, Row]]] = {}

    def key_of(self, row: Row) -> Any:
        if len(self._key_columns) == 1:
            return row[self._key_columns[0].name]
        return tuple(row[c.name] for c in self._key_columns)

    async def load(self, keys: Iterable[Any]) -> None:
        """Bring in the stored rows of these keys not known yet, in bulk."""
        missing = [k for k in dict.fromkeys(keys) if k not in self._map]
        if not missing:
            return
        if len(self._key_columns) != 1:
            raise TypeError(f"{self.table.name}: load by a composite key; use load_where")
        column = self._key_columns[0]
        for chunk in _slices(missing, self._tx.in_list_size):
            found = await self._fetch(column.in_(chunk))
            for key in chunk:
                if key not in self._map:
                    self._set(key, found.get(key))

    async def load_where(self, column: Column[Any], values: Iterable[Any]) -> None:
        """Bring in every stored row whose `column` is one of `values` (children of a head
        row, say), once per value."""
        wanted = [v for v in dict.fromkeys(values) if (column.name, v) not in self._loaded_by]
        for chunk in _slices(wanted, self._tx.in_list_size):
            found = await self._fetch(column.in_(chunk))
            for key, row in found.items():
                if self._map.get(key) is None:  # a row put in this frame is newer
                    self._set(key, row)
            self._loaded_by.update((column.name, v) for v in chunk)

    async def get(self, key: Any) -> Row | None:
        await self.load([key])
        return self._map[key]

    async def get_many(self, keys: Iterable[Any]) -> dict[Any, Row | None]:
        keys = list(keys)
        await self.load(keys)
        return {k: self._map[k] for k in keys}

    def known(self, key: Any) -> Row | None:
        """A row already loaded or put (None when absent or not loaded)."""
        return self._map.get(key)

    def where(self, column: Column[Any], value: Any) -> list[Row]:
        """Loaded rows whose `column` equals `value` (see load_where), in key order."""
        index = self._indexes.get(column.name)
        if index is None:
            index = self._indexes[column.name] = {}
            for key, row in self._map.items():
                if row is not None:
                    index.setdefault(row[column.name], {})[key] = row
        return [row for _, row in sorted(index.get(value, {}).items())]

    def __len__(self) -> int:
        return sum(1 for row in self._map.values() if row is not None)

    def __iter__(self) -> Iterator[Row]:
        """Every row known in this frame."""
        return (r for r in self._map.values() if r is not None)

    def put(self, row: Row, statement: Executable | Upsert | None = None) -> Row:
        """Store `row` at the commit (by `statement`, an upsert by default) and read it from
        here for the rest of the frame."""
        key = self.key_of(row)
        self._journal.record(self, key, self._map.get(key, _UNSEEN))
        self._set(key, row)
        self._tx.write(upsert(self.table) if statement is None else statement, row)
        return row

    def _restore(self, key: Any, before: Any) -> None:
        self._set(key, before)

    def _set(self, key: Any, row: Any) -> None:
        """The one place the map changes (row, None for absent, or _UNSEEN to forget)."""
        old = self._map.get(key)
        if old is not None:
            for name, index in self._indexes.items():
                index.get(old[name], {}).pop(key, None)
        if row is _UNSEEN:
            self._map.pop(key, None)
            return
        self._map[key] = row
        if row is not None:
            for name, index in self._indexes.items():
                index.setdefault(row[name], {})[key] = row

    async def _fetch(self, where: Any) -> dict[Any, Row]:
        result = await self._tx.conn.execute(select(self.table).where(where))
        rows: list[Row] = [dict(row) for row in result.mappings()]
        return {self.key_of(row): row for row in rows}


def _slices(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
