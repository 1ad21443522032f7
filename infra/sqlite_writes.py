"""A unit of work's buffered writes on SQLite, one driver call per statement.

aiosqlite runs every call on its worker thread, and each call is a round trip between
threads that costs tens of microseconds of CPU on each side. SQLAlchemy's executemany
makes three of them (open a cursor, executemany, close it) and builds each row's
parameters through the general compiled-statement machinery. Here the statement is
compiled once, by SQLAlchemy, for the keys the rows bind; each row becomes its positional
tuple through the same bind processors; and the rows go to the driver's own executemany,
one round trip, on the same connection and so in the same transaction. The SQL and the
values are the ones SQLAlchemy would send, and a driver error is raised as the
SQLAlchemy error it would have raised (an OperationalError stays one, and is retried).

Statements this does not cover (defaults computed in Python, RETURNING, expanding or
literal-execute parameters, a row without a bound key) are left to SQLAlchemy: `run`
says False and the caller executes them as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import ClauseElement, Executable
from sqlalchemy.sql.compiler import SQLCompiler

_CONSTANT = object()  # a plan slot whose value is fixed in the statement, not a row's


@dataclass(frozen=True)
class _Plan:
    sql: str
    # Per positional parameter: the row key it reads (or _CONSTANT), and its value's
    # bind processor (or the processed constant).
    slots: tuple[tuple[Any, Any], ...]
    # When every slot is a row's value: one C call that reads them all, in order, and the
    # positions whose values need processing (bytes, say; strings and integers do not).
    # A saga log row has about ten values, and thousands are written a second.
    read: Callable[[dict[str, Any]], tuple[Any, ...]] | None
    processed: tuple[tuple[int, Callable[[Any], Any]], ...]

    @classmethod
    def of(cls, sql: str, slots: tuple[tuple[Any, Any], ...]) -> _Plan:
        """The plan for `sql` binding `slots`, with its one-call reader where it can have one."""
        if not slots or any(key is _CONSTANT for key, _ in slots):
            return cls(sql, slots, None, ())
        getter = itemgetter(*(key for key, _ in slots))
        read = getter if len(slots) > 1 else lambda params: (getter(params),)
        return cls(sql, slots, read, tuple((i, process) for i, (_, process) in enumerate(slots)
                                           if process is not None))

    def row(self, params: dict[str, Any]) -> tuple[Any, ...]:
        """One row's values in the statement's order, as SQLAlchemy would bind them."""
        if self.read is None:
            return tuple(value if key is _CONSTANT else params[key] if value is None
                         else value(params[key]) for key, value in self.slots)
        values = self.read(params)
        if not self.processed:
            return values
        changed = list(values)
        for i, process in self.processed:
            changed[i] = process(changed[i])
        return tuple(changed)


# Per statement (module constants, held by whoever writes them), per bound keys: its plan,
# or None when SQLAlchemy must run it. Weak, so a statement built per call goes with it.
_plans: WeakKeyDictionary[Executable, dict[tuple[str, ...], _Plan | None]] = WeakKeyDictionary()


def _plan_for(statement: Executable, keys: tuple[str, ...], dialect: Dialect) -> _Plan | None:
    by_keys = _plans.setdefault(statement, {})
    if keys not in by_keys:
        by_keys[keys] = _make_plan(statement, keys, dialect)
    return by_keys[keys]


def _make_plan(statement: Executable, keys: tuple[str, ...], dialect: Dialect) -> _Plan | None:
    if not isinstance(statement, ClauseElement):
        return None
    # Compiled as Connection.execute compiles it: for these column keys, sorted.
    compiled = statement.compile(dialect=dialect, column_keys=list(keys),
                                 for_executemany=True)
    if not isinstance(compiled, SQLCompiler) or not _plain(compiled):
        return None
    slots: list[tuple[Any, Any]] = []
    for name in compiled.positiontup or ():
        # The bind processors SQLAlchemy itself applies to this statement's values.
        bind, process = compiled.binds[name], compiled._bind_processors.get(name)
        if process is not None and not callable(process):  # a tuple's: not a plain value
            return None
        if bind.required and bind.key == name and name in keys:
            slots.append((name, process))
        elif not bind.required and bind.callable is None and bind.key not in keys:
            slots.append((_CONSTANT, bind.value if process is None else process(bind.value)))
        else:
            return None
    return _Plan.of(compiled.string, tuple(slots))


def _plain(compiled: SQLCompiler) -> bool:
    """Whether executing it is only its SQL and its rows' values (nothing SQLAlchemy adds)."""
    return bool(compiled.positional and compiled.positiontup is not None
                and not compiled.insert_prefetch and not compiled.update_prefetch
                and not compiled.effective_returning and compiled._insertmanyvalues is None
                and not compiled.literal_execute_params and not compiled.post_compile_params
                and not compiled.escaped_bind_names and not compiled.schema_translate_map)


async def run(driver: Any, dialect: Dialect, statement: Executable,
              batch: Sequence[dict[str, Any]]) -> bool:
    """Execute `statement` for every row of `batch` through `driver` (the connection's
    aiosqlite connection); False, having done nothing, when SQLAlchemy must run it."""
    plan = _plan_for(statement, tuple(sorted(batch[0])), dialect)
    if plan is None:
        return False
    try:
        rows = [plan.row(params) for params in batch]
    except KeyError:  # a row lacks a value: SQLAlchemy raises its own error for it
        return False
    try:
        await driver.executemany(plan.sql, rows)
    except dialect.loaded_dbapi.Error as exc:
        raise DBAPIError.instance(plan.sql, rows, exc, dialect.loaded_dbapi.Error,
                                  hide_parameters=True, dialect=dialect, ismulti=True) from exc
    return True
