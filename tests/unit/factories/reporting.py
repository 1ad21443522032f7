"""One filled-in instance of every reporting contract (for the codec round-trip tests), and
the event and receivable builders the reporting tests share."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from contracts.common import Contract
from contracts.reporting import (
    BuildClientReport,
    BuildReport,
    CompensationRow,
    GetFigures,
    ListOutcomes,
    OutcomeList,
    OutcomeRecorded,
    OutcomeRow,
    QcDistribution,
    Receivable,
    RecordOutcome,
    ReportBuilt,
    ReportFigures,
    Revenue,
    StepLatency,
    StepTiming,
)

T = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
CET = timezone(timedelta(hours=1))


def step(name: str, seconds: float, *, module: str = "m", attempts: int = 1,
         start: datetime = T) -> StepTiming:
    return StepTiming(step=name, module=module, started_at=start,
                      finished_at=start + timedelta(seconds=seconds), attempts=attempts)


def event(campaign_id: str = "c-1", outcome: str = "delivered", **fields: Any) -> RecordOutcome:
    """A finished saga's outcome; the event id defaults to one per (batch, campaign)."""
    batch_id = fields.pop("batch_id", "b-1")
    base: dict[str, Any] = {
        "event_id": f"ev-{batch_id}-{campaign_id}", "batch_id": batch_id,
        "campaign_id": campaign_id, "client_id": "cl-1", "client_name": "Northwind",
        "outcome": outcome, "state": "DELIVERED" if outcome == "delivered" else "COMPENSATED",
        "qc_score": 88, "started_at": T, "finished_at": T + timedelta(minutes=5),
    }
    return RecordOutcome(**{**base, **fields})


def receivable(invoice_id: str = "inv-1", total: str = "1000.00", outstanding: str = "400.00",
               currency: str = "USD", status: str = "partially_paid",
               campaign_id: str = "c-1") -> Receivable:
    return Receivable(campaign_id=campaign_id, invoice_id=invoice_id, number=f"N-{invoice_id}",
                      currency=currency, total=Decimal(total),
                      paid=Decimal(total) - Decimal(outstanding),
                      outstanding=Decimal(outstanding), status=status)


def _figures() -> ReportFigures:
    return ReportFigures(
        campaigns=3, outcomes={"delivered": 2, "compensated": 1, "rejected": 0,
                               "cancelled": 0, "compensation_failed": 0},
        qc=QcDistribution(scored=2, unscored=1, min=71, median=80.5, mean=80.5, max=90,
                          buckets={"0-59": 0, "60-69": 0, "70-79": 1, "80-89": 0,
                                   "90-100": 1}),
        revision_rounds={"0": 2, "1": 1}, review_rounds={"1": 3},
        compensations=[CompensationRow(campaign_id="c-3", outcome="compensated",
                                       reason="qc failed", steps_undone=["produce"],
                                       failures=[])],
        latency=[StepLatency(step="produce", module="production", count=3, p50=1.5, p90=2.25,
                             p99=2.25, max=2.25, retries=1)],
        revenue=[Revenue(currency="EUR", invoiced=Decimal("1200.50"),
                         outstanding=Decimal("0.50"), invoices=2)])


FACTORIES: dict[str, Callable[[], Contract]] = {
    "StepTiming": lambda: step("produce", 1.25, module="production", attempts=2),
    "RecordOutcome": lambda: event(
        "c-9", "compensation_failed", reason="delivery kept failing", revision_rounds=2,
        review_rounds=1, compensated_steps=["pack", "produce"],
        compensation_failures=["revoke pack: disk full"], invoice_total=Decimal("999.99"),
        currency="EUR", steps=[step("produce", 2.5, start=T.astimezone(CET))],
        started_at=T.astimezone(CET), finished_at=T.astimezone(CET) + timedelta(hours=1)),
    "OutcomeRecorded": lambda: OutcomeRecorded(event_id="ev-1", stored=True),
    "Receivable": lambda: receivable(),
    "BuildReport": lambda: BuildReport(batch_id="b-1", out_dir="/srv/reports",
                                       receivables=[receivable("inv-2", currency="EUR")]),
    "BuildClientReport": lambda: BuildClientReport(client_id="cl-1", out_dir="/srv/reports",
                                                   receivables=[receivable()]),
    "QcDistribution": lambda: _figures().qc,
    "CompensationRow": lambda: _figures().compensations[0],
    "StepLatency": lambda: _figures().latency[0],
    "Revenue": lambda: _figures().revenue[0],
    "ReportFigures": _figures,
    "ReportBuilt": lambda: ReportBuilt(batch_id="b-1", html_path="/srv/reports/b-1.html",
                                       json_path="/srv/reports/b-1.json", campaigns=3,
                                       figures=_figures()),
    "GetFigures": lambda: GetFigures(client_id="cl-1"),
    "ListOutcomes": lambda: ListOutcomes(batch_id="b-1", limit=50),
    "OutcomeRow": lambda: OutcomeRow(campaign_id="c-1", outcome="delivered", reason=None,
                                     qc_score=91, revision_rounds=1,
                                     finished_at=T.astimezone(CET)),
    "OutcomeList": lambda: OutcomeList(outcomes=[OutcomeRow(
        campaign_id="c-2", outcome="rejected", reason="placeholder offer", qc_score=None,
        revision_rounds=0, finished_at=T)]),
}
