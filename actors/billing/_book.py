"""The frame's view of billing's data: what is stored, plus what this frame has written.

Writes are buffered until the frame commits, so a command that follows another in the
same frame (issue, then pay) must read the first one's result from here, not from the
database. Handlers change the book only after every check has passed: a refused command
leaves it as it was, just as the kernel drops its buffered writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from actors._kernel import Tx

from . import _tables as t

_BOOK = "billing.book"
_CHUNK = 4000


@dataclass
class Ledger:
    """One campaign's invoice row with its lines and payments (none for a tombstone)."""

    row: dict[str, Any]
    lines: list[dict[str, Any]] = field(default_factory=list)
    payments: list[dict[str, Any]] = field(default_factory=list)

    @property
    def campaign_id(self) -> str:
        return self.row["campaign_id"]

    @property
    def invoice_id(self) -> str | None:
        return self.row["invoice_id"]

    @property
    def status(self) -> str:
        return self.row["status"]


@dataclass
class Book:
    ledgers: dict[str, Ledger] = field(default_factory=dict)  # by campaign_id
    by_invoice: dict[str, str] = field(default_factory=dict)  # invoice_id -> campaign_id
    payment_owner: dict[str, str] = field(default_factory=dict)  # payment_id -> invoice_id
    last_numbers: dict[int, int] = field(default_factory=dict)  # year -> last number

    def remember(self, ledger: Ledger) -> None:
        self.ledgers[ledger.campaign_id] = ledger
        if ledger.invoice_id is not None:
            self.by_invoice[ledger.invoice_id] = ledger.campaign_id
        for payment in ledger.payments:
            self.payment_owner[payment["payment_id"]] = payment["invoice_id"]

    def by_invoice_id(self, invoice_id: str) -> Ledger | None:
        campaign_id = self.by_invoice.get(invoice_id)
        return None if campaign_id is None else self.ledgers[campaign_id]

    async def ensure(self, conn: AsyncConnection, campaign_ids: Iterable[str] = (),
                     invoice_ids: Iterable[str] = ()) -> None:
        """Load the named campaigns' and invoices' ledgers that the book lacks, in bulk."""
        campaigns = sorted(set(campaign_ids) - set(self.ledgers))
        invoices = sorted(set(invoice_ids) - set(self.by_invoice))
        # Chunks keep each statement under SQLite's limit on bound parameters.
        for start in range(0, max(len(campaigns), len(invoices)), _CHUNK):
            await self._load(conn, campaigns[start:start + _CHUNK],
                             invoices[start:start + _CHUNK])

    async def _load(self, conn: AsyncConnection, campaigns: list[str],
                    invoices: list[str]) -> None:
        heads = await conn.execute(select(t.invoices).where(or_(
            t.invoices.c.campaign_id.in_(campaigns), t.invoices.c.invoice_id.in_(invoices))))
        loaded = [Ledger(dict(row)) for row in heads.mappings()
                  if row["campaign_id"] not in self.ledgers]
        by_id = {ledger.invoice_id: ledger for ledger in loaded if ledger.invoice_id}
        await _attach(conn, t.invoice_lines, by_id, "lines")
        await _attach(conn, t.payments, by_id, "payments")
        for ledger in loaded:
            self.remember(ledger)

    async def ensure_payments(self, conn: AsyncConnection, payment_ids: Iterable[str]) -> None:
        """Learn which invoice each of these payment ids was recorded against, if any."""
        wanted = set(payment_ids) - set(self.payment_owner)
        if wanted:
            rows = await conn.execute(select(t.payments.c.payment_id, t.payments.c.invoice_id)
                                      .where(t.payments.c.payment_id.in_(wanted)))
            self.payment_owner.update({row.payment_id: row.invoice_id for row in rows})

    async def next_number(self, conn: AsyncConnection, year: int) -> int:
        """The number the next invoice of `year` would get. Reading it claims nothing."""
        if year not in self.last_numbers:
            last = await conn.scalar(select(t.invoice_numbers.c.last_number)
                                     .where(t.invoice_numbers.c.year == year))
            self.last_numbers[year] = last or 0
        return self.last_numbers[year] + 1


def book_of(tx: Tx) -> Book:
    """The frame's book, made on first use."""
    book = tx.cache.get(_BOOK)
    if book is None:
        book = tx.cache[_BOOK] = Book()
    return book


async def _attach(conn: AsyncConnection, table: Any, by_id: dict[str, Ledger],
                  attr: str) -> None:
    if not by_id:
        return
    rows = await conn.execute(select(table).where(table.c.invoice_id.in_(list(by_id)))
                              .order_by(table.c.invoice_id, table.c.position))
    for row in rows.mappings():
        getattr(by_id[row["invoice_id"]], attr).append(dict(row))
