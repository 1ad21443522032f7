"""The driver's lifecycle API: leads, deals, client review, invoices, follow-ups, reports,
and the dead letters an operator resolves.

A mixin for runtime.Runtime (and anything else with the same two methods): `ask` sends one
message to the supervisor, `ask_module` one message straight to a module actor. Commands
that change a saga go through the supervisor; lists and lookups are queries a module
answers from its own data. `campaign` and `review` compose the read models of
contracts.views from several answers; the shard that holds a campaign's rows is the one the
supervisor routed it to at intake (GetSaga's `routes`), so no pool sizes are needed here.
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
from contracts.client_review import (
    Decision,
    GetReview,
    ListReviews,
    RequestedChange,
    ReviewList,
    ReviewRound,
)
from contracts.common import Contract, derived_id
from contracts.dead_letters import (
    DeadLetterList,
    DeadLetterResolved,
    DiscardDeadLetter,
    ListDeadLetters,
    RetryDeadLetter,
)
from contracts.delivery import GetPack, PackView
from contracts.housekeeping import CollectGarbage, GarbageCollected
from contracts.production import AssetsView, GetAssets
from contracts.qc import CheckStatus, EvaluationView, GetEvaluation, GetPackCheck, QcCheck
from contracts.reporting import ReportBuilt
from contracts.retention import FollowUpList, ListFollowUps
from contracts.strategy import GetStrategy, StrategyDoc, StrategyView
from contracts.supervisor import (
    BuildBatchReport,
    ClientOnboarded,
    FeedbackAccepted,
    GetSaga,
    ReviewSettings,
    SagaView,
    SignClient,
    SubmitFeedback,
)
from contracts.views import (
    CampaignDetail,
    ChannelShare,
    ReviewAsset,
    ReviewDetail,
    StrategySummary,
)
from driver.errors import NotFound

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
        # model_validate: the filter arrives as a caller's string and is checked here
        query = ListLeads.model_validate({"grade": grade, "limit": limit})
        return self.ask_module("cam", query, LeadList)

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

    # --- one campaign, as its pages show it ------------------------------------------------

    def campaign(self, campaign_id: str) -> CampaignDetail:
        """Where a campaign's saga stands and how each step went (the supervisor's log), what
        QC found (its shard), and its pack's files (its delivery shard). NotFound if there
        is no such campaign."""
        saga = self.ask(GetSaga(campaign_id=campaign_id), SagaView, campaign_id)
        findings = [check for query in (GetEvaluation, GetPackCheck)
                    for check in _flagged(self._lookup(saga.routes.get("qc"),
                                                       query(campaign_id=campaign_id),
                                                       EvaluationView))]
        pack = self._lookup(saga.routes.get("delivery"), GetPack(campaign_id=campaign_id),
                            PackView)
        live = pack is not None and pack.status == "delivered"
        return CampaignDetail(
            **saga.campaign.model_dump(include=set(_OUTCOME_FIELDS)), batch_id=saga.batch_id,
            brand=saga.brand, client_name=saga.client_name, steps=saga.steps,
            findings=findings, pack_dir=pack.pack_dir if live else None,
            pack_files=[f.path for f in pack.files] if live else [],
            zip_path=(pack.zip_path or None) if live else None)

    def review(self, campaign_id: str) -> ReviewDetail:
        """A campaign's latest review round with everything its client decides on: the
        strategy in short and every asset in full, each length measured against its
        platform's limit. NotFound if the campaign has no review."""
        latest = self.ask_module("client_review", GetReview(campaign_id=campaign_id),
                                 ReviewRound)
        saga = self._lookup("supervisor", GetSaga(campaign_id=campaign_id), SagaView)
        strategy = self._lookup("strategy", GetStrategy(campaign_id=campaign_id), StrategyView)
        produced = self._lookup(saga.routes.get("production") if saga else None,
                                GetAssets(campaign_id=campaign_id), AssetsView)
        assets = [ReviewAsset(asset=a, measures=produced.measures.get(a.asset_id, []))
                  for a in produced.assets] if produced else []
        return ReviewDetail(
            **latest.model_dump(include=set(_ROUND_FIELDS)),
            brand=saga.brand if saga else latest.client_name,
            strategy=_summary(strategy.strategy) if strategy else None, assets=assets)

    def _lookup(self, destination: str | None, query: Contract,
                expected: type[Contract]) -> Any:
        """A module's (or the supervisor's) answer, or None where it has none: a discarded
        evaluation, a pack never built, a campaign refused before it reached a shard."""
        if destination is None:
            return None
        try:
            if destination == "supervisor":
                return self.ask(query, expected, getattr(query, "campaign_id", "view"))
            return self.ask_module(destination, query, expected)
        except NotFound:
            return None

    # --- client review ---------------------------------------------------------------------

    def reviews(self, status: str | None = "pending", limit: int = 1000) -> ReviewList:
        query = ListReviews.model_validate({"status": status, "limit": limit})
        return self.ask_module("client_review", query, ReviewList)

    def feedback(self, campaign_id: str, decision: Decision | str, *,
                 changes: Iterable[RequestedChange] = (), note: str = "",
                 reviewer: str = "client") -> FeedbackAccepted:
        command = SubmitFeedback(campaign_id=campaign_id, decision=Decision(decision),
                                 changes=list(changes), note=note, reviewer=reviewer)
        return self.ask(command, FeedbackAccepted, campaign_id)

    # --- billing, retention, reporting -----------------------------------------------------

    def invoices(self, status: str | None = None, limit: int = 1000) -> InvoiceList:
        query = ListInvoices.model_validate({"status": status, "limit": limit})
        return self.ask_module("billing", query, InvoiceList)

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
        query = ListDeadLetters.model_validate({"status": status, "limit": limit})
        return self.ask(query, DeadLetterList, "dlq")

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


# What a campaign's and a review's views take as they are from the supervisor's and
# client review's replies.
_OUTCOME_FIELDS = ("campaign_id", "state", "step", "outcome", "reason", "qc_score",
                   "awaiting_review", "dead_letter", "started_at", "finished_at")
_ROUND_FIELDS = ("campaign_id", "client_name", "round", "status", "qc_score", "requested_at",
                 "due_at", "decided_at", "escalated_at", "reviewer", "note", "changes")


def _flagged(view: EvaluationView | None) -> list[QcCheck]:
    """The checks of a QC report a reader must see: the failed and the warned."""
    return [c for c in view.report.checks if c.status is not CheckStatus.PASS] if view else []


def _summary(doc: StrategyDoc) -> StrategySummary:
    return StrategySummary(
        positioning=doc.positioning, audience=doc.audience, pillars=doc.messaging_pillars,
        channels=[ChannelShare(channel=p.channel, budget_share_pct=p.budget_share_pct)
                  for p in doc.channel_plan], call_to_action=doc.call_to_action)
