"""One campaign's invoice with its lines and payments, read from the frame's rows.

Every row lives in `tx.rows(table)`: loaded in bulk once per frame (`load`), then kept
current by the handlers' `put`s, so a command that follows another in the same frame (issue,
then pay) reads the first one's result. A `Ledger` is only a view over those rows, made
when a handler needs the whole invoice and not kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from actors._kernel import Row, Tx

from . import _tables as t

_LINES, _PAYMENTS = t.invoice_lines.c.invoice_id, t.payments.c.invoice_id


@dataclass(frozen=True)
class Ledger:
    """One campaign's invoice row with its lines and payments (none for a tombstone)."""

    row: Row
    lines: list[Row] = field(default_factory=list)
    payments: list[Row] = field(default_factory=list)

    @property
    def campaign_id(self) -> str:
        return self.row["campaign_id"]

    @property
    def invoice_id(self) -> str | None:
        return self.row["invoice_id"]

    @property
    def status(self) -> str:
        return self.row["status"]


async def load(tx: Tx, campaign_ids: Iterable[str] = (),
               invoice_ids: Iterable[str] = ()) -> None:
    """Bring in the invoices of these campaigns and these invoice ids, with their lines and
    payments: a query per table (per chunk), whatever the frame's size."""
    heads = tx.rows(t.invoices)
    campaign_ids, invoice_ids = list(campaign_ids), list(invoice_ids)
    await heads.load(campaign_ids)
    await heads.load_where(t.invoices.c.invoice_id, invoice_ids)
    # Invoice ids asked for but not stored yet count too: one issued later in this frame
    # has its lines in the frame's rows, and nothing stored to fetch.
    owned = [row["invoice_id"] for cid in campaign_ids
             if (row := heads.known(cid)) is not None and row["invoice_id"] is not None]
    await _load_children(tx, [*owned, *invoice_ids])


async def _load_children(tx: Tx, invoice_ids: list[str]) -> None:
    await tx.rows(t.invoice_lines).load_where(_LINES, invoice_ids)
    await tx.rows(t.payments).load_where(_PAYMENTS, invoice_ids)


def by_invoice(tx: Tx, invoice_id: str) -> Row | None:
    """The invoice row with this invoice id among those loaded (see `load`)."""
    found = tx.rows(t.invoices).where(t.invoices.c.invoice_id, invoice_id)
    return found[0] if found else None


async def ledger_of(tx: Tx, row: Row) -> Ledger:
    """The invoice `row` heads, with its lines in order and its payments in the order
    applied."""
    invoice_id = row["invoice_id"]
    if invoice_id is None:  # a void tombstone
        return Ledger(row)
    await _load_children(tx, [invoice_id])  # loaded already, unless a query asks
    lines = tx.rows(t.invoice_lines).where(_LINES, invoice_id)  # keyed (invoice, position)
    payments = sorted(tx.rows(t.payments).where(_PAYMENTS, invoice_id),
                      key=lambda p: p["position"])
    return Ledger(row, lines, payments)


def put(tx: Tx, ledger: Ledger) -> None:
    """Store a newly issued invoice: its head row and its lines."""
    tx.rows(t.invoices).put(ledger.row)
    lines = tx.rows(t.invoice_lines)
    for line in ledger.lines:
        lines.put(line, t.insert_line)


async def next_number(tx: Tx, year: int) -> int:
    """The number the next invoice of `year` would get. Reading it claims nothing."""
    row = await tx.rows(t.invoice_numbers).get(year)
    return (row["last_number"] if row else 0) + 1


def claim_number(tx: Tx, year: int, sequence: int) -> None:
    tx.rows(t.invoice_numbers).put({"year": year, "last_number": sequence})
