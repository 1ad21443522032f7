"""The billing module: one invoice per campaign, its payments, its void, overdue detection.

An IssueInvoice with an out_dir also writes the invoice as a PDF and an HTML page, headed
with the agency's identity (`agency`; None prints the default name, marked not configured);
a void rewrites them marked VOID (see _documents). They are written on the node this actor
runs on; on a cluster, out_dir must be a path that node can write (as for delivery's packs).

IssueInvoice issues and sends at once (status "sent"); "draft" exists in the status
vocabulary only for completeness. Statuses move sent -> paid (a payment settles the
balance), sent -> overdue (MarkOverdue), overdue -> paid, and any of them -> void.
"""

from __future__ import annotations

from datetime import UTC, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from actors._kernel import (
    Clock,
    Conflict,
    ModuleActor,
    ModuleError,
    NotFound,
    Route,
    StoreConfig,
    Tx,
)
from contracts.billing import (
    GetInvoice,
    Invoice,
    InvoiceIssued,
    InvoiceList,
    InvoiceView,
    InvoiceVoided,
    IssueInvoice,
    ListInvoices,
    MarkOverdue,
    OverdueMarked,
    PaymentRecorded,
    RecordPayment,
    VoidInvoice,
)
from contracts.common import AgencyIdentity, Contract
from contracts.envelope import Envelope, ErrorCode
from contracts.geography import resolve_place
from infra.metrics import Metrics

from . import _documents as documents
from . import _records as rec
from . import _tables as t
from ._invoice import price_invoice
from ._ledger import Ledger, by_invoice, claim_number, ledger_of, load, next_number, put
from ._money import quantize
from ._queries import get_invoice, list_invoices, overdue_candidates
from ._rates import RateCard, UnknownCurrency
from ._rules import is_overdue, payment_problem
from ._views import invoice_of, summary_of


def _bad_payload(message: str) -> ModuleError:
    return ModuleError(message, code=ErrorCode.BAD_PAYLOAD, retryable=False)


class BillingActor(ModuleActor):
    module = "billing"
    metadata = t.metadata
    processed = t.processed
    head = t.invoices
    migrations = Path(__file__).parent / "migrations"

    def __init__(self, store: StoreConfig, clock: Clock | None = None,
                 metrics: Metrics | None = None, rate_card: RateCard | None = None,
                 agency: AgencyIdentity | None = None):
        super().__init__(store, clock, metrics)
        self.rate_card = rate_card or RateCard.default()
        self.agency = agency

    def routes(self) -> list[Route[Any, Contract]]:
        return [
            Route(IssueInvoice, self._issue),
            Route(RecordPayment, self._pay),
            Route(VoidInvoice, self._void),
            Route(MarkOverdue, self._mark_overdue),
            Route(GetInvoice, self._get, is_query=True),
            Route(ListInvoices, self._list, is_query=True),
        ]

    async def prefetch(self, tx: Tx, commands: list[tuple[Envelope, Any]]) -> None:
        """Load the ledgers this frame's commands name, by campaign or by invoice id."""
        messages = [message for _, message in commands]
        payments = [m for m in messages if isinstance(m, RecordPayment)]
        campaign_ids = [m.campaign_id for m in messages
                        if isinstance(m, (IssueInvoice, VoidInvoice))]
        await load(tx, campaign_ids=campaign_ids, invoice_ids=[p.invoice_id for p in payments])
        await tx.rows(t.invoice_documents).load(campaign_ids)
        await tx.rows(t.payments).load([p.payment_id for p in payments])

    async def _issue(self, tx: Tx, cmd: IssueInvoice, env: Envelope) -> InvoiceIssued:
        current = await tx.rows(t.invoices).get(cmd.campaign_id)
        if current is not None:
            if current["status"] == "void":
                raise Conflict(f"invoice for campaign {cmd.campaign_id} was voided")
            # one per campaign, unchanged; its documents rewritten, the same bytes
            issued = invoice_of(await ledger_of(tx, current))
            return InvoiceIssued(invoice=issued, documents=await documents.reissue(tx, issued))
        # A sender from before country codes: the same resolver onboarding uses.
        country = cmd.country_code or resolve_place(cmd.geography).country
        cmd = cmd.model_copy(update={"currency": self.rate_card.billing_currency(cmd.currency),
                                     "country_code": country})
        try:
            priced = price_invoice(self.rate_card, cmd.currency, cmd.country_code,
                                   cmd.geography, cmd.deliverables, cmd.revision_rounds)
        except UnknownCurrency as exc:
            raise _bad_payload(str(exc)) from exc
        if priced.tax_note:  # never untaxed silently: the invoice says so, and the operator
            self.log.warning("invoice for campaign %s issued without tax: %s",
                             cmd.campaign_id, priced.tax_note)
            self.metrics.record("aicmo_invoices_untaxed")
        now = self.clock.now()
        issued_on = now.astimezone(UTC).date()
        sequence = await next_number(tx, issued_on.year)
        ledger = rec.new_ledger(
            cmd, priced, rec.invoice_number(issued_on.year, sequence), issued_on,
            issued_on + timedelta(days=self.rate_card.payment_terms_days), now,
            self.rate_card.minor_unit(cmd.currency))
        invoice = invoice_of(ledger)
        # The documents are on disk before the row that names them commits.
        written = documents.issue(tx, cmd.out_dir, invoice, self.agency) if cmd.out_dir else None
        # Every check has passed: claim the number and write.
        claim_number(tx, issued_on.year, sequence)
        put(tx, ledger)
        return InvoiceIssued(invoice=invoice, documents=written)

    async def _pay(self, tx: Tx, cmd: RecordPayment, env: Envelope) -> PaymentRecorded:
        head = by_invoice(tx, cmd.invoice_id)  # prefetched
        if head is None:
            raise NotFound(f"no invoice {cmd.invoice_id}")
        recorded = await tx.rows(t.payments).get(cmd.payment_id)
        owner = recorded["invoice_id"] if recorded else None
        if owner is not None and owner != cmd.invoice_id:
            raise Conflict(f"payment {cmd.payment_id} was already recorded against invoice "
                           f"{owner}")
        ledger = await ledger_of(tx, head)
        if owner is not None:  # seen before: the money is already on the invoice
            return PaymentRecorded(invoice=invoice_of(ledger), applied=False)
        if ledger.status == "void":
            raise Conflict(f"invoice {ledger.row['number']} is void; it takes no payments")
        units = self.rate_card.minor_unit(ledger.row["currency"])
        problem = payment_problem(ledger.row, cmd, units)
        if problem:
            raise _bad_payload(problem)
        head, payment = rec.paid(ledger, cmd, quantize(cmd.amount, units), self.clock.now())
        updated = Ledger(head, ledger.lines, [*ledger.payments, payment])
        invoice = invoice_of(updated)
        tx.rows(t.invoices).put(head)
        tx.rows(t.payments).put(payment, t.insert_payment)
        return PaymentRecorded(invoice=invoice, applied=True)

    async def _void(self, tx: Tx, cmd: VoidInvoice, env: Envelope) -> InvoiceVoided:
        current = await tx.rows(t.invoices).get(cmd.campaign_id)
        now = self.clock.now()
        if current is None:
            row = rec.tombstone(cmd.campaign_id, cmd.reason, now)
        elif current["status"] != "void":
            row = rec.voided(current, cmd.reason, now)
        else:
            row = current  # already void: nothing to change
        voided = await self._voided_invoice(tx, row)
        written, kept = await documents.void(tx, cmd.campaign_id, voided, cmd.out_dir)
        if row is not current:
            tx.rows(t.invoices).put(row)
        paid = row["amount_paid"]
        return InvoiceVoided(campaign_id=cmd.campaign_id, invoice_id=row["invoice_id"],
                             was_open=current is not None and current["status"] != "void",
                             refund_due=Decimal(paid) if paid else Decimal(0),
                             currency=row["currency"] or None, documents=written,
                             documents_kept=kept)

    @staticmethod
    async def _voided_invoice(tx: Tx, row: dict[str, Any]) -> Invoice | None:
        """The void invoice `row` heads; None for a tombstone."""
        return invoice_of(await ledger_of(tx, row)) if row["invoice_id"] else None

    async def _mark_overdue(self, tx: Tx, cmd: MarkOverdue, env: Envelope) -> OverdueMarked:
        now = self.clock.now()
        today = now.astimezone(UTC).date()
        as_of = cmd.as_of or today
        if as_of > today:
            raise _bad_payload(f"as_of {as_of} is after today ({today}) on billing's clock; "
                               "an invoice cannot be overdue in the future")
        heads = tx.rows(t.invoices)
        await heads.load(await overdue_candidates(tx.conn, as_of))
        # Every invoice the frame knows: the stored candidates and any this frame changed.
        due = sorted((row for row in heads if row["invoice_id"] and is_overdue(row, as_of)),
                     key=lambda row: (row["issued_on"], row["number"]))
        updated = [rec.overdue(row, now) for row in due]
        reply = OverdueMarked(invoices=[summary_of(row) for row in updated])
        for row in updated:
            heads.put(row)
        return reply

    async def _get(self, tx: Tx, query: GetInvoice, env: Envelope) -> InvoiceView:
        found = await get_invoice(tx, query)
        return found.model_copy(update={"documents": await documents.view(tx, found.invoice)})

    async def _list(self, tx: Tx, query: ListInvoices, env: Envelope) -> InvoiceList:
        return await list_invoices(tx, query)
