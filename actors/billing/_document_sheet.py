"""What an invoice document says, worded once for the PDF and its HTML twin.

Everything printed comes from the stored invoice and the agency identity it was issued
under, never from the clock: the same invoice always reads, and renders, the same. Money goes
through contracts.money.format_money and dates through Babel, in one locale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import DateTimePattern, get_date_format

from contracts.billing import Invoice, InvoiceLine
from contracts.common import DEFAULT_AGENCY_NAME, AgencyIdentity
from contracts.money import DEFAULT_LOCALE, format_money

# Written into both files (PDF subject and keywords, an HTML meta tag): what proves a file
# at a document's path was written by this system for this invoice (see _document_files).
MARKER = "aicmo-invoice:"

Money = Callable[[Decimal], str]

UNCONFIGURED = ("Agency identity not configured (set AICMO_AGENCY_NAME, AICMO_AGENCY_ADDRESS "
                "and AICMO_AGENCY_TAX_ID): this document is not a valid tax invoice.")


@dataclass(frozen=True)
class Sheet:
    """An invoice as printed: every value already worded, nothing left to format."""

    invoice_id: str
    number: str
    issued_on: date
    agency_name: str
    agency_lines: list[str]  # address lines, tax id, email
    client_name: str
    facts: list[tuple[str, str]]  # invoice number, dates, terms, campaign
    lines: list[tuple[str, str, str, str]]  # description, quantity, unit price, amount
    totals: list[tuple[str, str]]  # subtotal, tax, total
    notes: list[str]
    void_notice: str | None
    warning: str | None

    @property
    def title(self) -> str:
        return f"Invoice {self.number}"

    @property
    def marker(self) -> str:
        return f"{MARKER}{self.invoice_id}"


def long_date(day: date) -> str:
    """What babel.dates.format_date(day, "long", DEFAULT_LOCALE) writes: "January 4, 2027"."""
    pattern, locale = _long_date_format()
    return str(pattern.apply(day, locale))


@cache
def _long_date_format() -> tuple[DateTimePattern, Locale]:
    # format_date looks both up on every call; they never change.
    locale = Locale.parse(DEFAULT_LOCALE)
    return get_date_format("long", locale=locale), locale


def payment_terms(issued_on: date, due_on: date) -> str:
    days = (due_on - issued_on).days
    if days <= 0:
        return "Due on receipt"
    return f"Net {days}: payment due within {days} days of the issue date"


def sheet_of(invoice: Invoice, agency: AgencyIdentity | None) -> Sheet:
    """The sheet for `invoice`; marked VOID when it is void. `agency` None: not configured,
    printed under the default name with a warning that the document is not a tax invoice."""
    money = _money(invoice.currency)
    void = invoice.status == "void"
    return Sheet(
        invoice_id=invoice.invoice_id, number=invoice.number, issued_on=invoice.issued_on,
        agency_name=agency.name if agency else DEFAULT_AGENCY_NAME,
        agency_lines=_agency_lines(agency), client_name=invoice.client_name,
        facts=_facts(invoice),
        lines=[(_item(line), str(line.quantity), money(line.unit_price), money(line.amount))
               for line in invoice.lines if line.kind != "tax"],
        totals=[("Subtotal", money(invoice.subtotal)), *_tax_rows(invoice, money),
                ("Total" if void else "Total due", money(invoice.total))],
        notes=_notes(invoice),
        void_notice=_void_notice(invoice) if void else None,
        warning=None if agency else UNCONFIGURED,
    )


def _money(currency: str) -> Money:
    return lambda amount: format_money(amount, currency)


def _agency_lines(agency: AgencyIdentity | None) -> list[str]:
    if agency is None:
        return []
    lines = [line.strip() for line in agency.address.splitlines() if line.strip()]
    if agency.tax_id.strip():
        lines.append(f"Tax ID: {agency.tax_id.strip()}")
    if agency.email:
        lines.append(agency.email)
    return lines


def _facts(invoice: Invoice) -> list[tuple[str, str]]:
    return [
        ("Invoice number", invoice.number),
        ("Issue date", long_date(invoice.issued_on)),
        ("Due date", long_date(invoice.due_on)),
        ("Payment terms", payment_terms(invoice.issued_on, invoice.due_on)),
        ("Currency", invoice.currency),
        ("Campaign", invoice.campaign_id),
    ]


def _tax_rows(invoice: Invoice, money: Money) -> list[tuple[str, str]]:
    # The tax line's description names the tax and its rate ("VAT 20% (United Kingdom)").
    taxes = [line for line in invoice.lines if line.kind == "tax"]
    if not taxes:
        return [("Tax", money(invoice.tax))]
    return [(f"Tax: {line.description}", money(line.amount)) for line in taxes]


def _notes(invoice: Invoice) -> list[str]:
    notes = [] if invoice.status == "void" else [
        f"Please quote {invoice.number} with your payment, due by {long_date(invoice.due_on)}."]
    # Why no tax was charged, when no tax rule covered the place: the client sees it too.
    return [invoice.tax_note, *notes] if invoice.tax_note else notes


def _void_notice(invoice: Invoice) -> str:
    when = f" on {long_date(invoice.voided_at.date())}" if invoice.voided_at else ""
    return f"VOID: this invoice was cancelled{when} and is not payable."


def _item(line: InvoiceLine) -> str:
    """The line's description without its "x N" count: the sheet has a quantity column."""
    return line.description.removesuffix(f" x {line.quantity}")
