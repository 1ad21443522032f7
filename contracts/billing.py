"""Billing: one invoice per campaign, priced from a rate card, its payments, and its void.

Money is `Decimal`, quantized to the currency's minor unit (JPY 0, most others 2).
IssueInvoice issues and sends at once, so a new invoice is "sent"; "draft" is part of the
status vocabulary for completeness but this module never produces it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, StringConstraints, field_validator, model_validator

from contracts.common import Channel, Contract, Round

InvoiceStatus = Literal["draft", "sent", "paid", "overdue", "void"]
# What a campaign can be billed for: its strategy, its calendar, and assets per channel.
DELIVERABLES = ("strategy", "calendar", *(c.value for c in Channel))

CampaignId = Annotated[str, StringConstraints(min_length=1, max_length=64)]
CurrencyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Count = Annotated[int, Field(ge=0, le=10_000)]


class IssueInvoice(Contract):
    """Issue (and send) the campaign's invoice. Exactly one per campaign: a repeat returns
    the invoice already issued, unchanged; a campaign whose invoice was voided gets none."""

    campaign_id: CampaignId
    client_id: str = Field(min_length=1, max_length=64)
    client_name: str = Field(min_length=1, max_length=200)
    currency: CurrencyCode
    geography: str = Field(max_length=200, description="picks the tax rate; see the rate card")
    deliverables: dict[str, Count] = Field(
        description='counts by "strategy", "calendar" or a Channel value; 0 gets no line')
    revision_rounds: Round = Field(
        default=0, description="revision rounds the campaign went through; those beyond the "
                               "rate card's included rounds are billed")

    @field_validator("deliverables")
    @classmethod
    def _known_deliverables(cls, value: dict[str, int]) -> dict[str, int]:
        unknown = sorted(set(value) - set(DELIVERABLES))
        if unknown:
            raise ValueError(f"unknown deliverables {unknown}; known: {list(DELIVERABLES)}")
        if value.get("strategy", 0) > 1:
            raise ValueError("a campaign has one strategy; strategy count must be 0 or 1")
        if not any(value.values()):
            raise ValueError("nothing to invoice: every deliverable count is 0")
        return value


class InvoiceLine(Contract):
    """One line; tax is its own line (kind "tax"), so the lines add up to the total."""

    kind: str = Field(description='a deliverable, "revision" or "tax"')
    description: str = Field(description='as printed, e.g. "LinkedIn post x 4"')
    quantity: int
    unit_price: Decimal
    amount: Decimal


class Payment(Contract):
    payment_id: str
    amount: Decimal
    currency: str
    received_on: date
    recorded_at: AwareDatetime


class Invoice(Contract):
    """An issued invoice. total == sum of all lines; subtotal == sum of the non-tax lines."""

    invoice_id: str
    campaign_id: str
    client_id: str
    client_name: str
    number: str = Field(description='per-year sequence, e.g. "INV-2027-000123"')
    currency: str
    lines: list[InvoiceLine]
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    amount_paid: Decimal
    balance: Decimal
    issued_on: date
    due_on: date
    status: InvoiceStatus
    payments: list[Payment]
    void_reason: str | None = None
    voided_at: AwareDatetime | None = None


class InvoiceSummary(Contract):
    """An invoice without its lines and payments, for lists."""

    invoice_id: str
    number: str
    campaign_id: str
    client_id: str
    client_name: str
    currency: str
    total: Decimal
    amount_paid: Decimal
    balance: Decimal
    issued_on: date
    due_on: date
    status: InvoiceStatus


class InvoiceIssued(Contract):
    invoice: Invoice


class RecordPayment(Contract):
    """Apply a payment. Idempotent by payment_id: one seen before is not applied again."""

    invoice_id: str = Field(min_length=1, max_length=64)
    payment_id: str = Field(min_length=1, max_length=64)
    amount: Decimal = Field(gt=0, max_digits=18)
    currency: CurrencyCode
    received_on: date


class PaymentRecorded(Contract):
    invoice: Invoice
    applied: bool = Field(description="False when this payment_id had already been recorded")


class VoidInvoice(Contract):
    """Compensation: void the campaign's invoice, or, if none exists yet, leave a tombstone
    so a late IssueInvoice cannot create one. Idempotent."""

    campaign_id: CampaignId
    reason: str = Field(max_length=2000)


class InvoiceVoided(Contract):
    campaign_id: str
    invoice_id: str | None = Field(description="None when no invoice had been issued")
    was_open: bool = Field(description="True when this call voided a live (sent, overdue or "
                                       "paid) invoice; False on a repeat or a tombstone")
    refund_due: Decimal = Field(description="what had been paid against the invoice")
    currency: str | None = None


class MarkOverdue(Contract):
    """Move every sent invoice due before `as_of` with a balance left to "overdue"."""

    as_of: date | None = Field(
        default=None, description="defaults to today on billing's clock; may not be later")


class OverdueMarked(Contract):
    invoices: list[InvoiceSummary] = Field(description="only those newly marked overdue")


class GetInvoice(Contract):
    """One invoice, by campaign or by invoice id (exactly one of the two)."""

    campaign_id: str | None = None
    invoice_id: str | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> GetInvoice:
        if (self.campaign_id is None) == (self.invoice_id is None):
            raise ValueError("give exactly one of campaign_id and invoice_id")
        return self


class InvoiceView(Contract):
    invoice: Invoice


class ListInvoices(Contract):
    """Invoices matching every filter given, ordered by issued_on, then number."""

    status: InvoiceStatus | None = None
    client_id: str | None = None
    campaign_ids: list[str] | None = Field(default=None, max_length=10_000)
    limit: int = Field(default=1000, ge=1, le=10_000)


class InvoiceList(Contract):
    invoices: list[InvoiceSummary]


COMMANDS = (IssueInvoice, RecordPayment, VoidInvoice, MarkOverdue)
QUERIES = (GetInvoice, ListInvoices)
REPLIES = (InvoiceIssued, PaymentRecorded, InvoiceVoided, OverdueMarked, InvoiceView,
           InvoiceList)

