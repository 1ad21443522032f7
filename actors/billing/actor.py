"""The billing module: one invoice per campaign, its payments, its void, overdue detection.

IssueInvoice issues and sends at once (status "sent"); "draft" exists in the status
vocabulary only for completeness. Statuses move sent -> paid (a payment settles the
balance), sent -> overdue (MarkOverdue), overdue -> paid, and any of them -> void.
"""

from __future__ import annotations

from datetime import UTC, timedelta
from decimal import Decimal
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
    InvoiceIssued,
    InvoiceVoided,
    IssueInvoice,
    ListInvoices,
    MarkOverdue,
    OverdueMarked,
    PaymentRecorded,
    RecordPayment,
    VoidInvoice,
)
from contracts.envelope import Envelope, ErrorCode
from infra.metrics import Metrics

from . import _records as rec
from . import _tables as t
from ._book import Book, Ledger, book_of
from ._invoice import price_invoice
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

    def __init__(self, store: StoreConfig, clock: Clock | None = None,
                 metrics: Metrics | None = None, rate_card: RateCard | None = None):
        super().__init__(store, clock, metrics)
        self.rate_card = rate_card or RateCard.default()

    def routes(self) -> list[Route]:
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
        book = book_of(tx)
        await book.ensure(tx.conn,
                          campaign_ids=[m.campaign_id for m in messages
                                        if isinstance(m, (IssueInvoice, VoidInvoice))],
                          invoice_ids=[p.invoice_id for p in payments])
        await book.ensure_payments(tx.conn, [p.payment_id for p in payments])

    async def _issue(self, tx: Tx, cmd: IssueInvoice, env: Envelope) -> Any:
        book = book_of(tx)
        current = book.ledgers.get(cmd.campaign_id)
        if current is not None:
            if current.status == "void":
                raise Conflict(f"invoice for campaign {cmd.campaign_id} was voided")
            return InvoiceIssued(invoice=invoice_of(current))  # one per campaign, unchanged
        cmd = cmd.model_copy(update={"currency": self.rate_card.billing_currency(cmd.currency)})
        try:
            priced = price_invoice(self.rate_card, cmd.currency, cmd.geography,
                                   cmd.deliverables, cmd.revision_rounds)
        except UnknownCurrency as exc:
            raise _bad_payload(str(exc)) from exc
        now = self.clock.now()
        issued_on = now.astimezone(UTC).date()
        sequence = await book.next_number(tx.conn, issued_on.year)
        ledger = rec.new_ledger(
            cmd, priced, rec.invoice_number(issued_on.year, sequence), issued_on,
            issued_on + timedelta(days=self.rate_card.payment_terms_days), now,
            self.rate_card.minor_unit(cmd.currency))
        invoice = invoice_of(ledger)
        # Every check has passed: claim the number and write.
        book.last_numbers[issued_on.year] = sequence
        tx.write(t.upsert_number, {"year": issued_on.year, "last_number": sequence})
        self._write_invoice(tx, book, ledger)
        return InvoiceIssued(invoice=invoice)

    def _write_invoice(self, tx: Tx, book: Book, ledger: Ledger) -> None:
        tx.write(t.upsert_invoice, ledger.row)
        for line in ledger.lines:
            tx.write(t.insert_line, line)
        book.remember(ledger)

    async def _pay(self, tx: Tx, cmd: RecordPayment, env: Envelope) -> Any:
        book = book_of(tx)
        ledger = book.by_invoice_id(cmd.invoice_id)
        if ledger is None:
            raise NotFound(f"no invoice {cmd.invoice_id}")
        owner = book.payment_owner.get(cmd.payment_id)
        if owner is not None and owner != cmd.invoice_id:
            raise Conflict(f"payment {cmd.payment_id} was already recorded against invoice "
                           f"{owner}")
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
        tx.write(t.upsert_invoice, head)
        tx.write(t.insert_payment, payment)
        book.remember(updated)
        return PaymentRecorded(invoice=invoice, applied=True)

    async def _void(self, tx: Tx, cmd: VoidInvoice, env: Envelope) -> Any:
        book = book_of(tx)
        current = book.ledgers.get(cmd.campaign_id)
        now = self.clock.now()
        if current is None:
            ledger = rec.tombstone(cmd.campaign_id, cmd.reason, now)
        elif current.status != "void":
            ledger = Ledger(rec.voided(current.row, cmd.reason, now), current.lines,
                            current.payments)
        else:
            ledger = current  # already void: nothing to change
        if ledger is not current:
            tx.write(t.upsert_invoice, ledger.row)
            book.remember(ledger)
        paid = ledger.row["amount_paid"]
        return InvoiceVoided(campaign_id=cmd.campaign_id, invoice_id=ledger.invoice_id,
                             was_open=current is not None and current.status != "void",
                             refund_due=Decimal(paid) if paid else Decimal(0),
                             currency=ledger.row["currency"] or None)

    async def _mark_overdue(self, tx: Tx, cmd: MarkOverdue, env: Envelope) -> Any:
        now = self.clock.now()
        today = now.astimezone(UTC).date()
        as_of = cmd.as_of or today
        if as_of > today:
            raise _bad_payload(f"as_of {as_of} is after today ({today}) on billing's clock; "
                               "an invoice cannot be overdue in the future")
        book = book_of(tx)
        await book.ensure(tx.conn, campaign_ids=await overdue_candidates(tx.conn, as_of))
        due = sorted((ledger for ledger in book.ledgers.values() if ledger.invoice_id
                      and is_overdue(ledger.row, as_of)),
                     key=lambda ledger: (ledger.row["issued_on"], ledger.row["number"]))
        updated = [Ledger(rec.overdue(ledger.row, now), ledger.lines, ledger.payments)
                   for ledger in due]
        reply = OverdueMarked(invoices=[summary_of(ledger.row) for ledger in updated])
        for ledger in updated:
            tx.write(t.upsert_invoice, ledger.row)
            book.remember(ledger)
        return reply

    async def _get(self, tx: Tx, query: GetInvoice, env: Envelope) -> Any:
        return await get_invoice(tx.conn, book_of(tx), query)

    async def _list(self, tx: Tx, query: ListInvoices, env: Envelope) -> Any:
        return await list_invoices(tx.conn, book_of(tx), query)
