"""Billing: one invoice per campaign, priced from a rate card, its payments, and its void.

Money is `Decimal`, quantized to the currency's minor unit (JPY 0, most others 2).
IssueInvoice issues and sends at once, so a new invoice is "sent"; "draft" is part of the
status vocabulary for completeness but this module never produces it.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, StringConstraints, field_validator, model_validator

from contracts.common import ID_PATTERN, AbsoluteDir, Channel, Contract, Round

InvoiceStatus = Literal["draft", "sent", "paid", "overdue", "void"]
# What a campaign can be billed for: its strategy, its calendar, and assets per channel.
DELIVERABLES = ("strategy", "calendar", *(c.value for c in Channel))

CampaignId = Annotated[str, StringConstraints(min_length=1, max_length=64)]
CurrencyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Count = Annotated[int, Field(ge=0, le=10_000)]


class IssueInvoice(Contract):
    """Issue (and send) the campaign's invoice. Exactly one per campaign: a repeat returns
    the invoice already issued, unchanged (its documents, if any, rewritten with the same
    bytes); a campaign whose invoice was voided gets none."""

    campaign_id: CampaignId
    client_id: str = Field(min_length=1, max_length=64)
    client_name: str = Field(min_length=1, max_length=200)
    currency: CurrencyCode
    geography: str = Field(max_length=200, description="the brief's words for where the "
                                                       "campaign runs, as the client wrote them")
    country_code: str | None = Field(
        default=None, pattern=r"^[A-Z]{2}$",
        description="ISO 3166-1 alpha-2 country onboarding resolved the geography to; picks "
                    "the tax rule. None: the geography names no single country (billing "
                    "resolves it itself for a sender that predates this field)")
    deliverables: dict[str, Count] = Field(
        description='counts by "strategy", "calendar" or a Channel value; 0 gets no line')
    revision_rounds: Round = Field(
        default=0, description="revision rounds the campaign went through; those beyond the "
                               "rate card's included rounds are billed")
    out_dir: AbsoluteDir | None = Field(
        default=None, description="where the invoice's PDF and HTML go, as <out_dir>/_invoices/"
                                  "<campaign_id>/<number>.pdf|.html; None writes no documents")

    @model_validator(mode="after")
    def _path_safe_when_written(self) -> IssueInvoice:
        _check_folder_name(self.campaign_id, self.out_dir)
        return self

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


def _check_folder_name(campaign_id: str, out_dir: str | None) -> None:
    # The documents' folder is named after the campaign: one safe path component.
    if out_dir is not None and not re.fullmatch(ID_PATTERN, campaign_id):
        raise ValueError(f"campaign_id {campaign_id!r} cannot name a folder; with out_dir "
                         f"it must match {ID_PATTERN}")


class InvoiceDocuments(Contract):
    """The invoice as files a client can open, written by billing when it issues it."""

    pdf_path: str
    html_path: str
    void: bool = Field(description="True once the invoice was voided: both files were "
                                   "rewritten marked VOID")


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
    tax_note: str | None = Field(
        default=None, description="set when no tax rule on the rate card covers the "
                                  "campaign's place, so no tax was charged: why, printed on "
                                  "the invoice for the agency to review; None when a rule "
                                  "applied (a 0 % rule included)")


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
    documents: InvoiceDocuments | None = Field(
        default=None, description="None when the invoice was issued without an out_dir")


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
    out_dir: AbsoluteDir | None = Field(
        default=None, description="the IssueInvoice's out_dir: where to look for documents "
                                  "an issue left behind without committing the invoice")

    @model_validator(mode="after")
    def _path_safe_when_written(self) -> VoidInvoice:
        _check_folder_name(self.campaign_id, self.out_dir)
        return self


class InvoiceVoided(Contract):
    campaign_id: str
    invoice_id: str | None = Field(description="None when no invoice had been issued")
    was_open: bool = Field(description="True when this call voided a live (sent, overdue or "
                                       "paid) invoice; False on a repeat or a tombstone")
    refund_due: Decimal = Field(description="what had been paid against the invoice")
    currency: str | None = None
    documents: InvoiceDocuments | None = Field(
        default=None, description="the invoice's documents, now marked VOID")
    documents_kept: list[str] = Field(
        default_factory=list, description="files at the documents' paths that this system "
                                          "did not write: left untouched, so not marked VOID")


class MarkOverdue(Contract):
    """Move every sent invoice due before `as_of` with a balance left to "overdue"."""

    as_of: date | None = Field(
        default=None, description="defaults to today on billing's clock; may not be later")


class OverdueMarked(Contract):
    invoices: list[InvoiceSummary] = Field(description="only those newly marked overdue")


class GetInvoice(Contract):
    """One invoice, by campaign, by invoice id or by number (exactly one of the three)."""

    campaign_id: str | None = None
    invoice_id: str | None = None
    number: str | None = Field(default=None, description='e.g. "INV-2027-000123"')

    @model_validator(mode="after")
    def _exactly_one(self) -> GetInvoice:
        if sum(k is not None for k in (self.campaign_id, self.invoice_id, self.number)) != 1:
            raise ValueError("give exactly one of campaign_id, invoice_id and number")
        return self


class InvoiceView(Contract):
    invoice: Invoice
    documents: InvoiceDocuments | None = None


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

