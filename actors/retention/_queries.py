"""ListFollowUps: the database's rows, overlaid with what this frame's commands changed."""

from __future__ import annotations

from sqlalchemy import select

from actors._kernel import Row, Tx
from contracts.retention import ListFollowUps

from . import _tables as t
from ._views import follow_up_order


def _matches(row: Row, query: ListFollowUps) -> bool:
    return ((query.include_done or row["status"] == "scheduled")
            and (query.due_by is None or row["due_on"] <= query.due_by.isoformat())
            and (query.client_id is None or row["client_id"] == query.client_id)
            and (query.campaign_id is None or row["campaign_id"] == query.campaign_id))


async def list_follow_ups(tx: Tx, query: ListFollowUps) -> list[Row]:
    """Matching follow-ups by due date then kind, at most `query.limit`."""
    f = t.follow_ups.c
    statement = select(t.follow_ups).order_by(f.due_on, f.kind, f.follow_up_id).limit(query.limit)
    if not query.include_done:
        statement = statement.where(f.status == "scheduled")
    if query.due_by is not None:
        statement = statement.where(f.due_on <= query.due_by.isoformat())
    if query.client_id is not None:
        statement = statement.where(f.client_id == query.client_id)
    if query.campaign_id is not None:
        statement = statement.where(f.campaign_id == query.campaign_id)
    found = {row.follow_up_id: dict(row._mapping) for row in await tx.conn.execute(statement)}
    # A query in the same frame as commands must see their buffered changes.
    found.update((row["follow_up_id"], row) for row in tx.rows(t.follow_ups))
    matching = [row for row in found.values() if _matches(row, query)]
    return sorted(matching, key=follow_up_order)[:query.limit]
