"""One filled-in instance of every billing contract (for the codec round-trip tests), and the
command builders the billing tests share."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from contracts.billing import (
    GetInvoice,
    Invoice,
    InvoiceDocuments,
    InvoiceIssued,
    InvoiceLine,
    InvoiceList,
    InvoiceSummary,
    InvoiceView,
    InvoiceVoided,
    IssueInvoice,
    ListInvoices,
    MarkOverdue,
    OverdueMarked,
    Payment,
    PaymentRecorded,
    RecordPayment,
    VoidInvoice,
)
from contracts.common import Contract, client_id_for, derived_id
from contracts.envelope import ReplyEnvelope
from tests.unit.factories import CEST

INVOICE_ID = derived_id("invoice", "c-1")


def issue(campaign_id: str = "c-1", **overrides: Any) -> IssueInvoice:
    """An IssueInvoice for Northwind in the US: 2500 + 400 + 4 x 120 + 2 x 250 = 3880.00."""
    fields: dict[str, Any] = {
        "campaign_id": campaign_id, "client_id": client_id_for("Northwind Analytics"),
        "client_name": "Northwind Analytics", "currency": "USD", "geography": "United States",
        "deliverables": {"strategy": 1, "calendar": 1, "linkedin": 4, "email": 2},
    }
    fields.update(overrides)
    return IssueInvoice(**fields)


def pay(amount: str, payment_id: str = "p-1", invoice_id: str = INVOICE_ID,
        currency: str = "USD", received_on: date = date(2027, 1, 20)) -> RecordPayment:
    return RecordPayment(invoice_id=invoice_id, payment_id=payment_id, amount=Decimal(amount),
                         currency=currency, received_on=received_on)


def invoice_in(reply: ReplyEnvelope) -> Invoice:
    """The invoice a reply carries, read back into the contract a user would get."""
    assert reply.ok, reply.error
    return Invoice.model_validate(reply.payload["invoice"])


def _line(kind: str = "linkedin") -> InvoiceLine:
    return InvoiceLine(kind=kind, description="LinkedIn post x 4", quantity=4,
                       unit_price=Decimal("120.00"), amount=Decimal("480.00"))


def _payment() -> Payment:
    return Payment(payment_id="p-1", amount=Decimal("100.50"), currency="EUR",
                   received_on=date(2027, 1, 20),
                   recorded_at=datetime(2027, 1, 21, 9, 30, 15, 123456, tzinfo=CEST))


def _invoice() -> Invoice:
    tax = InvoiceLine(kind="tax", description="VAT 19% (Germany)", quantity=1,
                      unit_price=Decimal("91.20"), amount=Decimal("91.20"))
    return Invoice(invoice_id=INVOICE_ID, campaign_id="c-1", client_id="client-1",
                   client_name="Northwind Analytics", number="INV-2027-000123", currency="EUR",
                   lines=[_line(), tax], subtotal=Decimal("480.00"), tax=Decimal("91.20"),
                   total=Decimal("571.20"), amount_paid=Decimal("100.50"),
                   balance=Decimal("470.70"), issued_on=date(2027, 1, 4),
                   due_on=date(2027, 2, 3), status="void", payments=[_payment()],
                   void_reason="client cancelled",
                   voided_at=datetime(2027, 1, 22, 8, 0, tzinfo=CEST))


def _documents() -> InvoiceDocuments:
    folder = "/srv/aicmo/out/_invoices/c-1"
    return InvoiceDocuments(pdf_path=f"{folder}/INV-2027-000123.pdf",
                            html_path=f"{folder}/INV-2027-000123.html", void=True)


def _summary() -> InvoiceSummary:
    invoice = _invoice()
    return InvoiceSummary(**invoice.model_dump(include=set(InvoiceSummary.model_fields)))


FACTORIES: dict[str, Callable[[], Contract]] = {
    "IssueInvoice": lambda: issue(revision_rounds=2, out_dir="/srv/aicmo/out"),
    "InvoiceDocuments": _documents,
    "InvoiceLine": _line,
    "Payment": _payment,
    "Invoice": _invoice,
    "InvoiceSummary": _summary,
    "InvoiceIssued": lambda: InvoiceIssued(invoice=_invoice(), documents=_documents()),
    "RecordPayment": lambda: pay("100.50", currency="EUR"),
    "PaymentRecorded": lambda: PaymentRecorded(invoice=_invoice(), applied=True),
    "VoidInvoice": lambda: VoidInvoice(campaign_id="c-1", reason="qc failed for good",
                                       out_dir="/srv/aicmo/out"),
    "InvoiceVoided": lambda: InvoiceVoided(campaign_id="c-1", invoice_id=INVOICE_ID,
                                           was_open=True, refund_due=Decimal("100.50"),
                                           currency="EUR", documents=_documents(),
                                           documents_kept=["/srv/aicmo/out/x.pdf"]),
    "MarkOverdue": lambda: MarkOverdue(as_of=date(2027, 3, 1)),
    "OverdueMarked": lambda: OverdueMarked(invoices=[_summary()]),
    "GetInvoice": lambda: GetInvoice(campaign_id="c-1"),
    "InvoiceView": lambda: InvoiceView(invoice=_invoice(), documents=_documents()),
    "ListInvoices": lambda: ListInvoices(status="overdue", client_id="client-1",
                                         campaign_ids=["c-1", "c-2"], limit=50),
    "InvoiceList": lambda: InvoiceList(invoices=[_summary()]),
}
