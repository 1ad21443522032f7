"""One client's rows, read from the frame's rows, so that the commands of one frame see each
other's changes (writes are buffered until the frame commits).

Every row lives in `tx.rows(table)`: a client's rows are loaded once per frame (`load_books`:
its client row, then its campaigns and follow-ups by client id), then kept current by the
`put_*` functions here. A `Book` is only a view over those rows, made for one handler and
kept current by the same `put_*`; it is not kept past the handler.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from actors._kernel import Row, Tx

from . import _tables as t


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


async def load_books(tx: Tx, client_ids: Iterable[str]) -> None:
    """Bring in these clients' rows, in a query per table (per chunk)."""
    ids = list(dict.fromkeys(client_ids))
    await tx.rows(t.clients).load(ids)
    await tx.rows(t.campaigns).load_where(t.campaigns.c.client_id, ids)
    await tx.rows(t.follow_ups).load_where(t.follow_ups.c.client_id, ids)


async def book(tx: Tx, client_id: str) -> Book:
    await load_books(tx, [client_id])
    return Book(client_id, tx.rows(t.clients).known(client_id),
                {c["campaign_id"]: c
                 for c in tx.rows(t.campaigns).where(t.campaigns.c.client_id, client_id)},
                {f["follow_up_id"]: f
                 for f in tx.rows(t.follow_ups).where(t.follow_ups.c.client_id, client_id)})


def known_books(tx: Tx) -> list[Book]:
    """The Books of every known client this frame has loaded (see `load_books`), made in
    one pass over each table's rows."""
    books = {row["client_id"]: Book(row["client_id"], row) for row in tx.rows(t.clients)}
    for row in tx.rows(t.campaigns):
        if (owner := books.get(row["client_id"])) is not None:
            owner.campaigns[row["campaign_id"]] = row
    for row in tx.rows(t.follow_ups):
        if (owner := books.get(row["client_id"])) is not None:
            owner.follow_ups[row["follow_up_id"]] = row
    return list(books.values())


async def campaign(tx: Tx, campaign_id: str) -> Row | None:
    return await tx.rows(t.campaigns).get(campaign_id)


async def follow_up_client(tx: Tx, follow_up_id: str) -> str | None:
    """The client that owns a follow-up, or None when there is no such follow-up."""
    row = await tx.rows(t.follow_ups).get(follow_up_id)
    return None if row is None else row["client_id"]


def parse_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def put_client(tx: Tx, book: Book, row: Row) -> None:
    book.client = tx.rows(t.clients).put(row)


def put_campaign(tx: Tx, book: Book | None, row: Row) -> None:
    tx.rows(t.campaigns).put(row)
    if book is not None:
        book.campaigns[row["campaign_id"]] = row


def put_follow_up(tx: Tx, book: Book, row: Row) -> None:
    book.follow_ups[row["follow_up_id"]] = tx.rows(t.follow_ups).put(row)
