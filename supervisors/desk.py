"""The supervisor's client desk: clients' accounts, between sagas and people.

- Closing a deal signs the client (cam), opens it in retention and, with a brief, starts
  its first campaign.
- Billing's overdue invoices are marked daily and fed to retention's renewal risk; churn
  is swept daily too.
- A batch report gathers the batch's invoices from billing and has reporting build it.
Every message sent from here has an id derived from what it is about, so a repeat of the
same sweep or request is recognised by its receiver. Client review is the review desk's.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import random
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from sqlalchemy import select

from contracts.billing import InvoiceList, ListInvoices, MarkOverdue, OverdueMarked
from contracts.cam import ClientSigned, CloseDeal
from contracts.campaign_input import Deal
from contracts.common import ID_MAX_LENGTH, derived_id
from contracts.envelope import ErrorCode
from contracts.reporting import BuildReport, Receivable, ReportBuilt
from contracts.retention import AssessRenewalRisk, OpenClient, SweepLifecycle
from contracts.supervisor import (
    BuildBatchReport,
    CampaignSubmission,
    ClientOnboarded,
    SignClient,
    SubmitBatch,
)
from infra.clock import Clock
from supervisors import saga_log as t
from supervisors.courier import Asker
from supervisors.errors import SupervisorError
from supervisors.outbox import OutcomeOutbox
from supervisors.ports import MessagePort
from supervisors.saga_log import SagaLog

log = logging.getLogger("aicmo.supervisor.desk")


class ClientDesk:
    """Clients' accounts: signing one (and starting its first campaign), a batch's report,
    and the daily sweeps of invoices and lifecycles."""

    def __init__(self, port: MessagePort, clock: Clock, saga_log: SagaLog, rng: random.Random,
                 *, submit: Callable[[SubmitBatch, str, Deal], Awaitable[Any]],
                 outbox: OutcomeOutbox):
        self._clock, self._log = clock, saga_log
        self.ask = Asker(port, clock, rng)
        self._submit = submit
        self._outbox = outbox
        self._daily_done: str | None = None
        self.swept = asyncio.Event()  # set once the first sweep has run (tests wait on it)

    async def sign(self, cmd: SignClient, message_id: str) -> ClientOnboarded:
        signed: ClientSigned = await self.ask(
            "cam", CloseDeal(lead_id=cmd.lead_id, deal_id=cmd.deal_id,
                             contract_months=cmd.contract_months, monthly_fee=cmd.monthly_fee,
                             currency=cmd.currency, brief=cmd.brief,
                             campaign_id=cmd.campaign_id),
            derived_id("close-deal", cmd.deal_id), cmd.deal_id)
        await self.ask("retention", OpenClient(client_id=signed.client_id,
                                               client_name=signed.client_name,
                                               contract_end=signed.contract_end),
                       derived_id("open-client", cmd.deal_id), cmd.deal_id)
        if signed.brief is None or signed.campaign_id is None:
            return ClientOnboarded(signed=signed, batch_id=None)
        batch_id = deal_batch_id(cmd.deal_id)
        submission = CampaignSubmission(campaign_id=signed.campaign_id,
                                        brief=signed.brief.model_dump(mode="json"))
        await self._submit(SubmitBatch(
            batch_id=batch_id, out_dir=cmd.out_dir, window=1, seed=cmd.seed,
            qc_rounds=cmd.qc_rounds, pack_formats=cmd.pack_formats, review=cmd.review,
            campaigns=[submission]), message_id, Deal(
                lead_id=signed.lead_id, deal_id=signed.deal_id,
                contract_end=signed.contract_end))
        return ClientOnboarded(signed=signed, batch_id=batch_id)

    async def report(self, cmd: BuildBatchReport, message_id: str) -> ReportBuilt:
        rows = await self._log.fetch(select(t.sagas.c.campaign_id)
                                     .where(t.sagas.c.batch_id == cmd.batch_id))
        ids = [r["campaign_id"] for r in rows]
        if not ids:
            raise SupervisorError(ErrorCode.NOT_FOUND, f"no batch {cmd.batch_id}")
        self._outbox.kick()  # every outcome finished so far reaches reporting first
        await self._outbox.idle()
        invoices: InvoiceList = await self.ask(
            "billing", ListInvoices(campaign_ids=ids, limit=10_000),
            derived_id(message_id, "invoices"), cmd.batch_id)
        receivables = [Receivable(campaign_id=i.campaign_id, invoice_id=i.invoice_id,
                                  number=i.number, currency=i.currency, total=i.total,
                                  paid=i.amount_paid, outstanding=i.balance, status=i.status)
                       for i in invoices.invoices]
        return await self.ask("reporting", BuildReport(batch_id=cmd.batch_id,
                                                       out_dir=cmd.out_dir,
                                                       receivables=receivables),
                              derived_id(message_id, "report"), cmd.batch_id)

    async def sweep(self) -> None:
        """Overdue invoices and churn, once a day (the clock's date)."""
        today = self._clock.now().date().isoformat()
        try:
            if self._daily_done != today:
                await self.daily(today)
                self._daily_done = today
        finally:
            self.swept.set()

    async def daily(self, today: str) -> None:
        marked: OverdueMarked = await self.ask(
            "billing", MarkOverdue(as_of=date.fromisoformat(today)),
            derived_id("mark-overdue", today), "sweep")
        clients = sorted({i.client_id for i in marked.invoices})
        if clients:
            overdue: InvoiceList = await self.ask(
                "billing", ListInvoices(status="overdue", limit=10_000),
                derived_id("overdue-list", today), "sweep")
            counts = Counter(i.client_id for i in overdue.invoices)
            for client_id in clients:
                await self._assess(client_id, counts[client_id], today)
        await self.ask("retention", SweepLifecycle(as_of=date.fromisoformat(today)),
                       derived_id("sweep-lifecycle", today), "sweep")

    async def _assess(self, client_id: str, overdue: int, today: str) -> None:
        try:
            await self.ask("retention", AssessRenewalRisk(client_id=client_id,
                                                          overdue_invoices=overdue),
                           derived_id("assess-risk", client_id, today), client_id)
        except SupervisorError as exc:  # a client retention never heard of has nothing to assess
            if exc.info.code is not ErrorCode.NOT_FOUND:
                raise


def deal_batch_id(deal_id: str) -> str:
    """The batch a deal's first campaign runs in: `deal-<deal_id>` when that fits an id's
    64 characters, else `deal-`, the deal id's first 46 characters, `-` and 12 hex digits
    of its sha256, exactly 64: still readable, and deal ids that share a long prefix get
    batches of their own. The same deal always gets the same batch, so signing twice
    starts its campaign once."""
    plain = f"deal-{deal_id}"
    if len(plain) <= ID_MAX_LENGTH:
        return plain
    digest = hashlib.sha256(deal_id.encode()).hexdigest()[:12]
    keep = ID_MAX_LENGTH - len("deal-") - len(digest) - 1
    return f"deal-{deal_id[:keep]}-{digest}"
