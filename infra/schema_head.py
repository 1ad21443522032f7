"""Whether a database is at its schema's head, without Alembic.

Most starts are restarts of a store that is already current. Loading Alembic (with Mako
and Pygments) to learn that costs each actor's process about 17 MiB and 0.1-0.15 s, so
infra.migrations asks here first, and hands everything else to Alembic: no version table,
another revision, or revision files that do not say plainly which revision is the head.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

VERSION_TABLE = "alembic_version"


def at_head(connection: Connection, scripts: Path, schema: str | None = None) -> bool:
    """Whether the database's one version row names the head of `scripts` as its revision
    files state it (`head_of_files`)."""
    target = head_of_files(scripts)
    if target is None or not sa.inspect(connection).has_table(VERSION_TABLE, schema=schema):
        return False
    table = sa.table(VERSION_TABLE, sa.column("version_num"), schema=schema)
    return list(connection.execute(sa.select(table.c.version_num)).scalars()) == [target]


def head_of_files(scripts: Path) -> str | None:
    """The head of `scripts` read from its revision files: each file's module-level
    `revision` and `down_revision`, written as literals (infra.migrations says how to write
    a revision), make one line of history from one base, and its one unreferenced revision
    is the head. None when they do not: a file without both literals, an id used twice, no
    base or two, a merge, a branch."""
    parents: dict[str, str | None] = {}
    for path in sorted((Path(scripts) / "versions").glob("*.py")):
        if path.name == "__init__.py":
            continue
        names = _literals(path)
        revision, down = names.get("revision"), names.get("down_revision", ...)
        if (not isinstance(revision, str) or revision in parents
                or not (down is None or isinstance(down, str))):
            return None
        parents[revision] = down
    downs = list(parents.values())
    if downs.count(None) != 1:  # one base; a second line of history would add a head
        return None
    heads = set(parents) - set(downs)
    return heads.pop() if len(heads) == 1 else None


def _literals(path: Path) -> dict[str, Any]:
    """Module-level names of a Python file assigned a str or None literal."""
    found: dict[str, Any] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Constant)
                and (node.value.value is None or isinstance(node.value.value, str))):
            found[node.targets[0].id] = node.value.value
    return found
