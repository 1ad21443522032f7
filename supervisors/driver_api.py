"""The driver's lifecycle API: leads, deals, client review, invoices, follow-ups, reports,
and the dead letters an operator resolves.

A mixin for runtime.Runtime (and anything else with the same two methods): `ask` sends one
message to the supervisor, `ask_module` one message straight to a module actor. Commands
that change a saga go through the supervisor; lists and lookups are queries a module
answers from its own data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from contracts.billing import (
    GetInvoice,
    Invoice,
    InvoiceList,
    InvoiceView,
    ListInvoices,
    PaymentRecorded,
    RecordPayment,
)
from contracts.brief import CampaignBrief
from contracts.cam import IngestLeads, LeadList, LeadsIngested, ListLeads
from contracts.client_review import Decision, ListReviews, RequestedChange, ReviewList
from contracts.common import Contract, derived_id
from contracts.housekeeping import CollectGarbage, GarbageCollected
from contracts.reporting import ReportBuilt
from contracts.retention import FollowUpList, ListFollowUps
from contracts.supervisor import (
    BuildBatchReport,
    ClientOnboarded,
    DeadLetterList,
    DeadLetterResolved,
    DiscardDeadLetter,
    FeedbackAccepted,
    ListDeadLetters,
    RetryDeadLetter,
    ReviewSettings,
    SignClient,
    SubmitFeedback,
)

# Billing numbers invoices INV-<year>-<sequence>; an invoice id is a UUID or ULID.
INVOICE_NUMBER = re.compile(r"^INV-\d{4}-\d+$", re.IGNORECASE)


class LifecycleApi:
    def ask(self, message: Contract, expected: type[Contract], correlation_id: str) -> Any:
        raise NotImplementedError

    def ask_module(self, destination: str, message: Contract, expected: type[Contract]) -> Any:
        raise NotImplementedError

    # --- client acquisition ----------------------------------------------------------------

    def import_leads(self, rows: list[dict[str, Any]], source_name: str) -> LeadsIngested:
        return self.ask_module("cam", IngestLeads(rows=rows, source_name=source_name),
                               LeadsIngested)

    def leads(self, grade: str | None = None, limit: int = 100) -> LeadList:
        return self.ask_module("cam", ListLeads(grade=grade, limit=limit), LeadList)

    def sign_client(self, lead_id: str, deal_id: str, *, contract_months: int,
                    monthly_fee: Decimal, currency: str, brief: dict[str, Any] | None = None,
                    campaign_id: str | None = None, out_dir: str | Path = "packs",
                    review: ReviewSettings | None = None, **options: Any) -> ClientOnboarded:
        """Close a deal; with a brief, the client's first campaign starts (batch deal-<id>)."""
        command = SignClient(
            lead_id=lead_id, deal_id=deal_id, contract_months=contract_months,
            monthly_fee=monthly_fee, currency=currency,
            brief=CampaignBrief.model_validate(brief) if brief is not None else None,
            campaign_id=campaign_id, out_dir=str(Path(out_dir).resolve()),
            review=review or ReviewSettings(), **options)
        return self.ask(command, ClientOnboarded, deal_id)

    # --- client review ---------------------------------------------------------------------

    def reviews(self, status: str | None = "pending", limit: int = 1000) -> ReviewList:
        return self.ask_module("client_review", ListReviews(status=status, limit=limit),
                               ReviewList)

    def feedback(self, campaign_id: str, decision: Decision | str, *,
                 changes: Iterable[RequestedChange] = (), note: str = "",
                 reviewer: str = "client") -> FeedbackAccepted:
        command = SubmitFeedback(campaign_id=campaign_id, decision=Decision(decision),
                                 changes=list(changes), note=note, reviewer=reviewer)
        return self.ask(command, FeedbackAccepted, campaign_id)

    # --- billing, retention, reporting -----------------------------------------------------

    def invoices(self, status: str | None = None, limit: int = 1000) -> InvoiceList:
        return self.ask_module("billing", ListInvoices(status=status, limit=limit), InvoiceList)

    def invoice(self, invoice: str) -> Invoice:
        """One invoice, by its id or by its number (INV-2027-000123, any letter case)."""
        query = (GetInvoice(number=invoice.upper()) if INVOICE_NUMBER.match(invoice)
                 else GetInvoice(invoice_id=invoice))
        return self.ask_module("billing", query, InvoiceView).invoice

    def record_payment(self, invoice: str, amount: Decimal, currency: str, *,
                       received_on: date, payment_id: str | None = None) -> PaymentRecorded:
        """Record a payment against an invoice named by its id or its number. Without a
        payment id, one is derived from the payment's facts (with the invoice's id, however
        it was named), so recording the same payment twice applies it once."""
        invoice_id = (self.invoice(invoice).invoice_id if INVOICE_NUMBER.match(invoice)
                      else invoice)
        payment_id = payment_id or derived_id("payment", invoice_id, amount, received_on)
        return self.ask_module("billing", RecordPayment(
            invoice_id=invoice_id, payment_id=payment_id, amount=amount, currency=currency,
            received_on=received_on), PaymentRecorded)

    def follow_ups(self, due_by: date | None = None, limit: int = 1000) -> FollowUpList:
        return self.ask_module("retention", ListFollowUps(due_by=due_by, limit=limit),
                               FollowUpList)

    def report(self, batch_id: str, out_dir: str | Path = "reports") -> ReportBuilt:
        command = BuildBatchReport(batch_id=batch_id, out_dir=str(Path(out_dir).resolve()))
        return self.ask(command, ReportBuilt, batch_id)

    # --- dead letters ----------------------------------------------------------------------

    def dead_letters(self, status: str | None = "open", limit: int = 1000) -> DeadLetterList:
        return self.ask(ListDeadLetters(status=status, limit=limit), DeadLetterList, "dlq")

    def retry_dead_letter(self, letter_id: str) -> DeadLetterResolved:
        return self.ask(RetryDeadLetter(letter_id=letter_id), DeadLetterResolved, letter_id)

    def discard_dead_letter(self, letter_id: str,
                            reason: str = "discarded by operator") -> DeadLetterResolved:
        return self.ask(DiscardDeadLetter(letter_id=letter_id, reason=reason),
                        DeadLetterResolved, letter_id)

    # --- retention -------------------------------------------------------------------------

    def collect_garbage(self, older_than_days: float | None = None,
                        prune_older_than_days: float | None = None) -> GarbageCollected:
        """Apply the retention policy now (it also runs daily); unset: the policy's days."""
        return self.ask(CollectGarbage(older_than_days=older_than_days,
                                       prune_older_than_days=prune_older_than_days),
                        GarbageCollected, "gc")
