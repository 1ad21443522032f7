"""A fake runtime for the CLI's unit tests: the driver API (LifecycleApi, the CLI's port to
the system) answering each message with a real contract reply, no Ray. `install` puts it
where the composition root's Runtime is, so `aicmo ...` runs the real commands against it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from actors.production._copy_limits import measures
from contracts.billing import Invoice, InvoiceList, InvoiceSummary, PaymentRecorded
from contracts.cam import ClientSigned, DuplicateRow, LeadList, LeadsIngested, LeadSummary
from contracts.client_review import Decision, ReviewList, ReviewRound, ReviewSummary
from contracts.common import Channel, Contract, PackFile, Severity
from contracts.dead_letters import DeadLetter, DeadLetterList, DeadLetterResolved
from contracts.delivery import PackView
from contracts.housekeeping import GarbageCollected
from contracts.production import Asset, AssetsView
from contracts.qc import CheckStatus, EvaluationView, QcCheck, QcReport, QcStatus
from contracts.reporting import QcDistribution, ReportBuilt, ReportFigures
from contracts.retention import FollowUp, FollowUpList
from contracts.strategy import StrategyView
from contracts.supervisor import (
    BatchView,
    CampaignOutcome,
    CancelAccepted,
    ClientOnboarded,
    FeedbackAccepted,
    Outcome,
    SagaView,
    StepTiming,
)
from driver.api import LifecycleApi
from tests.support import strategy_doc

NOW = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)
LEAD = LeadSummary(lead_id="lead-7f3a", email="maya@northwind.io", name="Maya Chen",
                   company="Northwind, Inc.", title="CMO", source="referral", industry="saas",
                   score=0.912, grade="A", qualified=True, factors={"seniority": 1.0},
                   status="qualified")
REVIEW = ReviewSummary(campaign_id="c-1", client_name="Northwind", round=0, status="pending",
                       qc_score=92, assets=1, requested_at=NOW, due_at=NOW + timedelta(days=5))
INVOICE = InvoiceSummary(invoice_id="inv-9c1e", number="INV-2026-000001", campaign_id="c-1",
                         client_id="cl-1", client_name="Northwind", currency="USD",
                         total=Decimal("4500.00"), amount_paid=Decimal("0.00"),
                         balance=Decimal("4500.00"), issued_on=date(2026, 12, 7),
                         due_on=date(2027, 1, 6), status="sent")
FOLLOW_UP = FollowUp(follow_up_id="fu-1", campaign_id="c-1", client_id="cl-1",
                     kind="check_in", due_on=date(2026, 12, 21), status="scheduled",
                     note="how are the first posts doing?")
LETTER = DeadLetter(letter_id="dl-1", campaign_id="c-1", step="qc", destination="qc/0",
                    message_type="EvaluateAssets", message_id="m-1", attempts=6,
                    error="timeout", status="open", created_at=NOW)
DELIVERED = CampaignOutcome(campaign_id="c-1", state="COMPLETED", step=None,
                            outcome=Outcome.DELIVERED, pack_dir="/out/c-1")


# The review of c-1: an X post (weighed as X counts it) and a Google ad with one headline
# over its 30 characters, as production measures them.
X_POST = Asset(asset_id="a-1", channel=Channel.X, kind="post", hook="Close your books in days.",
               body="Close your books in days. Northwind reconciles every ledger overnight, "
                    "so month-end is a morning, not a fortnight. Book a demo. \U0001F4C8 "
                    "https://northwind.io/demo #Northwind",
               cta="Book a demo", pillar="Speed", hashtags=["#Northwind"])
AD = Asset(asset_id="a-2", channel=Channel.GOOGLE_ADS, kind="ad",
           headlines=["Month-end in days", "Northwind analytics for finance teams"],
           descriptions=["Book a demo and see your own ledgers reconciled in a day."],
           body="Book a demo", cta="Book a demo", pillar="Control")


def batch_view(version: int = 1, done: bool = True) -> BatchView:
    return BatchView(batch_id="b-1", total=1, finished=1 if done else 0,
                     counts={"delivered": 1} if done else {"in_flight": 1}, states={},
                     done=done, version=version, created_at=NOW, campaigns=[DELIVERED])


def _invoice() -> Invoice:
    return Invoice(**{**INVOICE.model_dump(), "amount_paid": Decimal("4500.00"),
                      "balance": Decimal("0.00"), "status": "paid"},
                   lines=[], subtotal=Decimal("4500.00"), tax=Decimal("0"), payments=[])


def _figures() -> ReportFigures:
    return ReportFigures(campaigns=1, outcomes={"delivered": 1}, revision_rounds={},
                         review_rounds={}, compensations=[], latency=[], revenue=[],
                         qc=QcDistribution(scored=1, unscored=0, min=92, median=92.0,
                                           mean=92.0, max=92, buckets={}))


def _signed() -> ClientSigned:
    return ClientSigned(deal_id="d-1", lead_id=LEAD.lead_id, client_id="cl-1",
                        client_name="Northwind", contract_start=date(2026, 12, 7),
                        contract_end=date(2027, 12, 7), monthly_fee=Decimal("4500.00"),
                        currency="USD", signed_at=NOW, brief=None, campaign_id=None)


REPLIES: dict[str, Contract] = {
    "LeadsIngested": LeadsIngested(accepted=[LEAD], invalid=[], duplicates=[
        DuplicateRow(index=1, email=LEAD.email, lead_id=LEAD.lead_id)]),
    "LeadList": LeadList(leads=[LEAD]),
    "ClientOnboarded": ClientOnboarded(signed=_signed(), batch_id=None),
    "ReviewList": ReviewList(reviews=[REVIEW]),
    "FeedbackAccepted": FeedbackAccepted(campaign_id="c-1", round=0,
                                         decision=Decision.APPROVED, batch_id="b-1"),
    "InvoiceList": InvoiceList(invoices=[INVOICE]),
    "PaymentRecorded": PaymentRecorded(invoice=_invoice(), applied=True),
    "FollowUpList": FollowUpList(follow_ups=[FOLLOW_UP]),
    "ReportBuilt": ReportBuilt(batch_id="b-1", html_path="/r/b-1.html", json_path="/r/b-1.json",
                               campaigns=1, figures=_figures()),
    "DeadLetterList": DeadLetterList(letters=[LETTER]),
    "DeadLetterResolved": DeadLetterResolved(letter=LETTER.model_copy(
        update={"status": "retried", "resolved_at": NOW}), batch_id="b-1"),
    "GarbageCollected": GarbageCollected(sagas_compacted=1, replies_compacted=12,
                                         rows_pruned=0),
    "ReviewRound": ReviewRound(**REVIEW.model_dump(exclude={"assets"}), review_id="r-1",
                               client_id="cl-1"),
    "SagaView": SagaView(
        campaign=DELIVERED.model_copy(update={"qc_score": 92}), batch_id="b-1",
        brand="Northwind Books", client_name="Northwind",
        steps=[StepTiming(step="produce", kind="do", status="done", attempts=1, started_at=NOW,
                          finished_at=NOW)],
        routes={"production": "production/0", "qc": "qc/0", "delivery": "delivery/0"}),
    "StrategyView": StrategyView(campaign_id="c-1", strategy_id="s-1", version=1,
                                 status="approved", strategy=strategy_doc(),
                                 approved_by="policy:auto-approve", approved_at=NOW),
    "AssetsView": AssetsView(campaign_id="c-1", status="live", assets=[X_POST, AD],
                             measures={a.asset_id: measures(a) for a in (X_POST, AD)}),
    "EvaluationView": EvaluationView(campaign_id="c-1", status="live", report=QcReport(
        status=QcStatus.WARN, score=92, checks=[QcCheck(
            check_id="limit.google_headline", asset_id="a-2", severity=Severity.BLOCKER,
            status=CheckStatus.FAIL, evidence="over 30 chars", fix="shorten it")])),
    "PackView": PackView(campaign_id="c-1", status="delivered", pack_dir="/out/c-1",
                         zip_path="/out/c-1.zip", manifest_sha256="ab" * 32,
                         files=[PackFile(path="README.md", sha256="cd" * 32, bytes=120)]),
}


class FakeHandle:
    """A batch handle whose views come from a list (the last one repeats)."""

    def __init__(self, views: list[BatchView]):
        self.views, self.batch_id, self.created = list(views), "b-1", True

    def progress(self, wait_seconds: float = 0.0, include_campaigns: bool = False) -> BatchView:
        return self.views.pop(0) if len(self.views) > 1 else self.views[0]

    def wait(self, timeout: float | None = None, on_progress: Any = None) -> BatchView:
        return self.views[-1]


class FakeRuntime(LifecycleApi):
    """What runtime.Runtime offers the CLI, answered from REPLIES."""

    started: list[dict[str, Any]] = []  # each start/connect's settings and options

    def __init__(self, settings: Any):
        self.settings = settings

    @classmethod
    def start(cls, settings: Any, **options: Any) -> FakeRuntime:
        cls.started.append({"settings": settings, **options})
        return cls(settings)

    @classmethod
    def connect(cls, address: str, settings: Any, **options: Any) -> FakeRuntime:
        cls.started.append({"settings": settings, "address": address, **options})
        return cls(settings)

    def ask(self, message: Contract, expected: type[Contract], correlation_id: str) -> Any:
        return REPLIES[expected.__name__]

    def ask_module(self, destination: str, message: Contract, expected: type[Contract]) -> Any:
        return REPLIES[expected.__name__]

    def submit(self, briefs: Any, **options: Any) -> FakeHandle:
        return FakeHandle([batch_view()])

    def cancel(self, target: str, reason: str = "") -> CancelAccepted:
        return CancelAccepted(target=target, cancelling=1, already_finished=2)

    def batch(self, batch_id: str) -> FakeHandle:
        return FakeHandle([batch_view()])

    def batches(self, limit: int = 20) -> list[BatchView]:
        return [batch_view()]

    def shutdown(self) -> None:
        pass


def install(monkeypatch: pytest.MonkeyPatch) -> type[FakeRuntime]:
    """Put FakeRuntime where the CLI finds the runtime; return it (its `started` log)."""
    import runtime

    monkeypatch.setattr(runtime, "Runtime", FakeRuntime)
    monkeypatch.setattr(FakeRuntime, "started", [])
    return FakeRuntime


@pytest.fixture
def cli_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data dir holding a store (reading commands refuse one without), the fake runtime
    installed, and no AICMO_* settings from the machine running the tests."""
    for name in ("DATA_DIR", "ADDRESS", "DATABASE_URL", "VERBOSE"):
        monkeypatch.delenv(f"AICMO_{name}", raising=False)
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    data.mkdir()
    (data / "supervisor.db").write_bytes(b"")
    install(monkeypatch)
    return data


def aicmo(store: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """`aicmo ARGV --data-dir STORE`, which must exit 0; its stdout."""
    from cli.main import main

    code = main([*argv, "--data-dir", str(store)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out
