"""Billing's queries. They answer from the database overlaid with the frame's own writes,
so a query after a command in the same frame sees that command's effect."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from actors._kernel import NotFound, Tx
from contracts.billing import GetInvoice, InvoiceList, InvoiceView, ListInvoices

from . import _tables as t
from ._ledger import by_invoice, ledger_of, load
from ._views import invoice_of, summary_of


async def get_invoice(tx: Tx, query: GetInvoice) -> InvoiceView:
    """The invoice by campaign, invoice id or number; NotFound when there is none (or only
    a void tombstone left before any invoice was issued)."""
    if query.campaign_id is not None:
        row = await tx.rows(t.invoices).get(query.campaign_id)
        if row is None or row["invoice_id"] is None:
            raise NotFound(f"no invoice for campaign {query.campaign_id}")
    elif query.number is not None:
        await tx.rows(t.invoices).load_where(t.invoices.c.number, [query.number])
        found = tx.rows(t.invoices).where(t.invoices.c.number, query.number)
        if not found:
            raise NotFound(f"no invoice numbered {query.number}")
        row = found[0]
    else:
        invoice_id = query.invoice_id or ""
        await load(tx, invoice_ids=[invoice_id])
        row = by_invoice(tx, invoice_id)
        if row is None:
            raise NotFound(f"no invoice {invoice_id}")
    return InvoiceView(invoice=invoice_of(await ledger_of(tx, row)))


async def list_invoices(tx: Tx, query: ListInvoices) -> InvoiceList:
    """Invoices matching every filter, ordered by issued_on then number, at most `limit`."""
    if query.campaign_ids == []:
        return InvoiceList(invoices=[])
    c = t.invoices.c
    statement = select(t.invoices).where(c.invoice_id.is_not(None))
    if query.status is not None:
        statement = statement.where(c.status == query.status)
    if query.client_id is not None:
        statement = statement.where(c.client_id == query.client_id)
    if query.campaign_ids is not None:
        statement = statement.where(c.campaign_id.in_(query.campaign_ids))
    # The frame's rows (what it loaded, as its commands changed them) replace the stored
    # ones; enough extra rows that dropping those still leaves `limit`.
    known = list(tx.rows(t.invoices))
    statement = statement.order_by(c.issued_on, c.number).limit(query.limit + len(known))
    # Stored rows as dicts, as the frame's are: one kind of row below.
    rows = {row["campaign_id"]: dict(row)
            for row in (await tx.conn.execute(statement)).mappings()}
    for row in known:
        rows.pop(row["campaign_id"], None)
        if _matches(row, query):
            rows[row["campaign_id"]] = row
    ordered = sorted(rows.values(), key=lambda row: (row["issued_on"], row["number"]))
    return InvoiceList(invoices=[summary_of(row) for row in ordered[:query.limit]])


async def overdue_candidates(conn: AsyncConnection, as_of: date) -> list[str]:
    """Campaigns whose stored invoice is sent and due before `as_of`."""
    c = t.invoices.c
    rows = await conn.execute(select(c.campaign_id).where(
        c.status == "sent", c.due_on < as_of.isoformat(), c.invoice_id.is_not(None)))
    return list(rows.scalars())


def _matches(row: dict[str, Any], query: ListInvoices) -> bool:
    return (row["invoice_id"] is not None
            and (query.status is None or row["status"] == query.status)
            and (query.client_id is None or row["client_id"] == query.client_id)
            and (query.campaign_ids is None or row["campaign_id"] in query.campaign_ids))
