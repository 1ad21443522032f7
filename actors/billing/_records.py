"""The rows billing writes: a new invoice, a payment applied, a void, a tombstone."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from contracts.billing import IssueInvoice, RecordPayment
from contracts.common import derived_id

from ._invoice import PricedInvoice
from ._ledger import Ledger
from ._money import zero


def invoice_number(year: int, sequence: int) -> str:
    """Human-readable and sortable within a year: INV-2027-000123."""
    return f"INV-{year}-{sequence:06d}"


def new_ledger(cmd: IssueInvoice, priced: PricedInvoice, number: str, issued_on: date,
               due_on: date, now: datetime, minor_units: int) -> Ledger:
    """A freshly issued invoice: sent at once, nothing paid yet. `cmd.country_code` is the
    country the tax was chosen by (billing fills it in when the sender did not)."""
    invoice_id = derived_id("invoice", cmd.campaign_id)
    row = {
        "campaign_id": cmd.campaign_id, "invoice_id": invoice_id, "number": number,
        "client_id": cmd.client_id, "client_name": cmd.client_name, "currency": cmd.currency,
        "geography": cmd.geography, "country_code": cmd.country_code,
        "tax_note": priced.tax_note, "subtotal": str(priced.subtotal), "tax": str(priced.tax),
        "total": str(priced.total), "amount_paid": str(zero(minor_units)),
        "balance": str(priced.total), "issued_on": issued_on.isoformat(),
        "due_on": due_on.isoformat(), "status": "sent", "void_reason": None,
        "voided_at": None, "updated_at": now.isoformat(),
    }
    lines = [{"invoice_id": invoice_id, "position": position, "kind": line.kind,
              "description": line.description, "quantity": line.quantity,
              "unit_price": str(line.unit_price), "amount": str(line.amount)}
             for position, line in enumerate(priced.lines)]
    return Ledger(row, lines, [])


def paid(ledger: Ledger, cmd: RecordPayment, amount: Decimal,
         now: datetime) -> tuple[dict[str, Any], dict[str, Any]]:
    """The invoice row after `amount` is applied, and the payment's own row."""
    row = ledger.row
    balance = Decimal(row["balance"]) - amount
    status = "paid" if balance == 0 else row["status"]  # sent or overdue stays so
    head = {**row, "amount_paid": str(Decimal(row["amount_paid"]) + amount),
            "balance": str(balance), "status": status, "updated_at": now.isoformat()}
    payment = {"payment_id": cmd.payment_id, "invoice_id": cmd.invoice_id,
               "position": len(ledger.payments), "amount": str(amount),
               "currency": cmd.currency, "received_on": cmd.received_on.isoformat(),
               "recorded_at": now.isoformat()}
    return head, payment


def voided(row: dict[str, Any], reason: str, now: datetime) -> dict[str, Any]:
    return {**row, "status": "void", "void_reason": reason, "voided_at": now.isoformat(),
            "updated_at": now.isoformat()}


def tombstone(campaign_id: str, reason: str, now: datetime) -> dict[str, Any]:
    """A void with no invoice behind it: stops a late IssueInvoice from creating one."""
    return {
        "campaign_id": campaign_id, "invoice_id": None, "number": None, "client_id": "",
        "client_name": "", "currency": "", "geography": "", "country_code": None,
        "tax_note": None, "subtotal": None, "tax": None,
        "total": None, "amount_paid": None, "balance": None, "issued_on": None,
        "due_on": None, "status": "void", "void_reason": reason,
        "voided_at": now.isoformat(), "updated_at": now.isoformat(),
    }


def overdue(row: dict[str, Any], now: datetime) -> dict[str, Any]:
    return {**row, "status": "overdue", "updated_at": now.isoformat()}
