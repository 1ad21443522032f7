"""This frame's view of retention's rows, kept in `tx.cache` so that the commands of one frame
see each other's changes (writes are buffered until the frame commits).

Everything a handler changes goes through a client's Book, loaded from the database once per
frame and then kept current: after the first load, the cache is the truth for that frame.
Cache keys: ("client", id) -> Book, ("campaign", id) -> row or None,
("follow_up", id) -> the owning client id or None.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from actors._kernel import Tx

from . import _tables as t

Row = dict[str, Any]


@dataclass
class Book:
    """One client's rows: its client row (None if unknown), campaigns and follow-ups."""

    client_id: str
    client: Row | None
    campaigns: dict[str, Row] = field(default_factory=dict)
    follow_ups: dict[str, Row] = field(default_factory=dict)

    def live(self) -> list[Row]:
        """Live delivered campaigns, oldest delivery first."""
        return sorted((c for c in self.campaigns.values() if c["status"] == "live"),
                      key=lambda c: (c["delivered_at"], c["campaign_id"]))

    def open_renewals(self) -> list[Row]:
        return sorted((f for f in self.follow_ups.values()
                       if f["kind"] == "renewal" and f["status"] == "scheduled"),
                      key=lambda f: f["follow_up_id"])


async def load_campaigns(tx: Tx, campaign_ids: Iterable[str]) -> None:
    """Cache the rows of these campaigns (None for unknown ones) not cached yet."""
    missing = {c for c in campaign_ids if ("campaign", c) not in tx.cache}
    if not missing:
        return
    rows = await tx.conn.execute(select(t.campaigns).where(t.campaigns.c.campaign_id.in_(missing)))
    found = {row.campaign_id: dict(row._mapping) for row in rows}
    for campaign_id in missing:
        tx.cache["campaign", campaign_id] = found.get(campaign_id)


async def load_books(tx: Tx, client_ids: Iterable[str]) -> None:
    """Cache the Books of these clients not cached yet, in three queries."""
    missing = {c for c in client_ids if ("client", c) not in tx.cache}
    if not missing:
        return
    books = {c: Book(c, None) for c in missing}
    for row in await tx.conn.execute(select(t.clients).where(t.clients.c.client_id.in_(missing))):
        books[row.client_id].client = dict(row._mapping)
    for row in await tx.conn.execute(
            select(t.campaigns).where(t.campaigns.c.client_id.in_(missing))):
        # Campaigns change only through their client's Book, so until that Book is loaded
        # the database's row is current; from here on both keys share one row.
        campaign_row = dict(row._mapping)
        books[row.client_id].campaigns[row.campaign_id] = campaign_row
        tx.cache["campaign", row.campaign_id] = campaign_row
    for row in await tx.conn.execute(
            select(t.follow_ups).where(t.follow_ups.c.client_id.in_(missing))):
        books[row.client_id].follow_ups[row.follow_up_id] = dict(row._mapping)
        tx.cache["follow_up", row.follow_up_id] = row.client_id
    for client_id, book in books.items():
        tx.cache["client", client_id] = book


async def book(tx: Tx, client_id: str) -> Book:
    await load_books(tx, [client_id])
    return tx.cache["client", client_id]


async def campaign(tx: Tx, campaign_id: str) -> Row | None:
    await load_campaigns(tx, [campaign_id])
    return tx.cache["campaign", campaign_id]


async def follow_up_client(tx: Tx, follow_up_id: str) -> str | None:
    """The client that owns a follow-up, or None when there is no such follow-up."""
    key = ("follow_up", follow_up_id)
    if key not in tx.cache:
        owner = await tx.conn.scalar(
            select(t.follow_ups.c.client_id).where(t.follow_ups.c.follow_up_id == follow_up_id))
        tx.cache[key] = owner
    return tx.cache[key]


def parse_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def cached_books(tx: Tx) -> list[Book]:
    """Books this frame has loaded, known clients only."""
    return [v for k, v in tx.cache.items() if k[0] == "client" and v.client is not None]


def put_client(tx: Tx, book: Book, row: Row) -> None:
    tx.write(t.upsert_client, row)
    book.client = row


def put_campaign(tx: Tx, book: Book | None, row: Row) -> None:
    tx.write(t.upsert_campaign, row)
    tx.cache["campaign", row["campaign_id"]] = row
    if book is not None:
        book.campaigns[row["campaign_id"]] = row


def put_follow_up(tx: Tx, book: Book, row: Row) -> None:
    tx.write(t.upsert_follow_up, row)
    book.follow_ups[row["follow_up_id"]] = row
    tx.cache["follow_up", row["follow_up_id"]] = book.client_id
