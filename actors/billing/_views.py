"""Stored rows read back as contracts."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from contracts.billing import Invoice, InvoiceLine, InvoiceSummary, Payment

from ._ledger import Ledger


def invoice_of(ledger: Ledger) -> Invoice:
    """The full invoice: head row, lines in order, payments in the order applied."""
    row = ledger.row
    voided_at = row["voided_at"]
    return Invoice(
        **_head(row),
        lines=[InvoiceLine(kind=line["kind"], description=line["description"],
                           quantity=line["quantity"], unit_price=Decimal(line["unit_price"]),
                           amount=Decimal(line["amount"])) for line in ledger.lines],
        subtotal=Decimal(row["subtotal"]),
        tax=Decimal(row["tax"]),
        payments=[Payment(payment_id=p["payment_id"], amount=Decimal(p["amount"]),
                          currency=p["currency"],
                          received_on=date.fromisoformat(p["received_on"]),
                          recorded_at=datetime.fromisoformat(p["recorded_at"]))
                  for p in ledger.payments],
        void_reason=row["void_reason"],
        voided_at=datetime.fromisoformat(voided_at) if voided_at else None,
        tax_note=row.get("tax_note"),
    )


def summary_of(row: Mapping[str, Any]) -> InvoiceSummary:
    return InvoiceSummary(**_head(row))


def _head(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "invoice_id": row["invoice_id"],
        "number": row["number"],
        "campaign_id": row["campaign_id"],
        "client_id": row["client_id"],
        "client_name": row["client_name"],
        "currency": row["currency"],
        "total": Decimal(row["total"]),
        "amount_paid": Decimal(row["amount_paid"]),
        "balance": Decimal(row["balance"]),
        "issued_on": date.fromisoformat(row["issued_on"]),
        "due_on": date.fromisoformat(row["due_on"]),
        "status": row["status"],
    }
