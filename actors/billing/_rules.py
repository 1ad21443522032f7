"""Billing's rules on stored invoices: which payments are acceptable, what is overdue."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from contracts.billing import RecordPayment

from ._money import fits


def payment_problem(row: dict[str, Any], cmd: RecordPayment, minor_units: int) -> str | None:
    """Why the payment cannot be applied to this (live) invoice; None when it can."""
    currency = row["currency"]
    if cmd.currency != currency:
        return (f"payment {cmd.payment_id} is in {cmd.currency}; invoice {row['number']} "
                f"is in {currency}")
    if not fits(cmd.amount, minor_units):
        return (f"payment {cmd.payment_id} of {cmd.amount} {currency} has more decimals "
                f"than {currency} has ({minor_units})")
    balance = Decimal(row["balance"])
    if cmd.amount > balance:
        return (f"payment exceeds balance: {cmd.amount} {currency} against a balance of "
                f"{balance} {currency} on invoice {row['number']}")
    return None


def is_overdue(row: dict[str, Any], as_of: date) -> bool:
    """A sent invoice past its due date with something left to pay."""
    return (row["status"] == "sent" and row["due_on"] < as_of.isoformat()
            and Decimal(row["balance"]) > 0)
