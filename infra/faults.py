"""A fault as a caller may read it: a short message and an incident id. The full detail
(SQL, traceback) is logged once, under that id, where an operator looks.

Replies travel to the saga log, dead letters and the CLI, so they must not quote what a
database error quotes: its SQL and the values bound to it (a lead's email or phone). A
database error is named by its class alone; any other fault by its class and the first
line of its text, which is where exceptions say what went wrong.
"""

from __future__ import annotations

import logging
import secrets

# Top-level packages whose errors quote SQL, bound values or rows: SQLAlchemy, the drivers.
_DATABASE = frozenset({"sqlalchemy", "sqlite3", "aiosqlite", "asyncpg", "psycopg",
                       "psycopg2", "pymysql", "aiomysql"})
_FIRST_LINE = 120


def fault_message(exc: BaseException, where: str, log: logging.Logger, *,
                  context: str = "") -> str:
    """`<where>: <summary> (incident <id>)` for a reply; `exc` logged in full under the id.
    `context` (what was being done) goes to the log only."""
    incident = secrets.token_hex(4)  # names a log record, decides nothing: need not be seeded
    log.error("%s failed%s (incident %s)", where, f" on {context}" if context else "",
              incident, exc_info=exc)
    return f"{where}: {summary(exc)} (incident {incident})"


def summary(exc: BaseException) -> str:
    """The class, and for a fault that is not the database's the first line of its text."""
    name = type(exc).__name__
    if _from_database(exc):
        return name
    line = str(exc).strip().split("\n", 1)[0][:_FIRST_LINE]
    return f"{name}: {line}" if line else name


def _from_database(exc: BaseException) -> bool:
    # Along the chain: a fault raised while handling a database error may quote it.
    seen: set[int] = set()
    link: BaseException | None = exc
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        if any(cls.__module__.split(".", 1)[0] in _DATABASE for cls in type(link).__mro__):
            return True
        link = link.__cause__ or link.__context__
    return False
