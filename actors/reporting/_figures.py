"""The report's figures: pure functions of the recorded events and the receivables.

Percentiles are nearest-rank: the p-th percentile of n sorted values is the value at rank
ceil(p * n / 100), always one of the observed latencies (never an interpolation).
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import Decimal

from contracts.reporting import (
    OUTCOME_NAMES,
    QC_BUCKETS,
    CompensationRow,
    QcDistribution,
    Receivable,
    RecordOutcome,
    ReportFigures,
    Revenue,
    StepLatency,
    StepTiming,
)

# Outcomes where completed work was undone, or undoing it was attempted.
UNDOING_OUTCOMES = frozenset({"compensated", "cancelled", "compensation_failed"})
VOID_STATUSES = frozenset({"void", "voided"})


def latest_per_campaign(events: Iterable[RecordOutcome]) -> list[RecordOutcome]:
    """One event per campaign of a batch: the last to finish (ties: the greater event id).

    A saga finishes once, so this only matters if a sender re-reports a campaign under a
    new event id; the report then counts the campaign once, as it last ended."""
    chosen: dict[tuple[str, str], RecordOutcome] = {}
    for event in events:
        key = (event.batch_id, event.campaign_id)
        current = chosen.get(key)
        if current is None or (event.finished_at, event.event_id) > (
                current.finished_at, current.event_id):
            chosen[key] = event
    return sorted(chosen.values(), key=lambda e: (e.finished_at, e.campaign_id, e.batch_id))


def nearest_rank(sorted_values: list[float], percent: int) -> float:
    """The `percent`-th percentile of already-sorted values, by nearest rank."""
    if not sorted_values:
        raise ValueError("no values")
    rank = max(1, -(-percent * len(sorted_values) // 100))  # ceil without floats
    return sorted_values[rank - 1]


def qc_bucket(score: int) -> str:
    if score < 60:
        return QC_BUCKETS[0]
    return QC_BUCKETS[min(score // 10 - 5, len(QC_BUCKETS) - 1)]


def qc_distribution(scores: list[int | None]) -> QcDistribution:
    scored = sorted(s for s in scores if s is not None)
    buckets = dict.fromkeys(QC_BUCKETS, 0)
    for score in scored:
        buckets[qc_bucket(score)] += 1
    if not scored:
        return QcDistribution(scored=0, unscored=len(scores), min=None, median=None, mean=None,
                              max=None, buckets=buckets)
    return QcDistribution(
        scored=len(scored), unscored=len(scores) - len(scored), min=scored[0],
        median=float(statistics.median(scored)), mean=round(statistics.fmean(scored), 2),
        max=scored[-1], buckets=buckets)


def outcome_counts(campaigns: list[RecordOutcome]) -> dict[str, int]:
    counts: Counter[str] = Counter(c.outcome for c in campaigns)
    return {name: counts[name] for name in OUTCOME_NAMES}


def round_counts(rounds: Iterable[int]) -> dict[str, int]:
    """Campaigns per number of rounds, in ascending order of rounds."""
    counts = Counter(rounds)
    return {str(n): counts[n] for n in sorted(counts)}


def compensation_rows(campaigns: list[RecordOutcome]) -> list[CompensationRow]:
    return [
        CompensationRow(campaign_id=c.campaign_id, outcome=c.outcome, reason=c.reason,
                        steps_undone=list(c.compensated_steps),
                        failures=list(c.compensation_failures))
        for c in sorted(campaigns, key=lambda c: (c.campaign_id, c.batch_id))
        if c.outcome in UNDOING_OUTCOMES or c.compensated_steps or c.compensation_failures
    ]


def _seconds(timing: StepTiming) -> float:
    return (timing.finished_at - timing.started_at).total_seconds()


def step_latency(campaigns: list[RecordOutcome]) -> list[StepLatency]:
    """Latency per (step, module), listed in saga order: by the earliest position at which
    the step ran in any campaign, then by name."""
    samples: dict[tuple[str, str], list[float]] = defaultdict(list)
    retries: Counter[tuple[str, str]] = Counter()
    first_seen: dict[tuple[str, str], int] = {}
    for campaign in campaigns:
        for position, timing in enumerate(campaign.steps):
            key = (timing.step, timing.module)
            samples[key].append(_seconds(timing))
            retries[key] += timing.attempts - 1
            first_seen[key] = min(first_seen.get(key, position), position)
    rows = []
    for key in sorted(samples, key=lambda k: (first_seen[k], k)):
        values = sorted(samples[key])
        p50, p90, p99 = (round(nearest_rank(values, p), 3) for p in (50, 90, 99))
        rows.append(StepLatency(step=key[0], module=key[1], count=len(values), p50=p50,
                                p90=p90, p99=p99, max=round(values[-1], 3),
                                retries=retries[key]))
    return rows


def revenue(receivables: list[Receivable]) -> list[Revenue]:
    """Invoiced and outstanding per currency. Void invoices count for nothing; an invoice
    listed twice counts once (the later listing)."""
    by_invoice = {r.invoice_id: r for r in receivables}
    by_currency: dict[str, list[Receivable]] = defaultdict(list)
    for receivable in by_invoice.values():
        if receivable.status.strip().lower() not in VOID_STATUSES:
            by_currency[receivable.currency.upper()].append(receivable)
    return [Revenue(currency=currency,
                    invoiced=sum((r.total for r in items), Decimal(0)),
                    outstanding=sum((r.outstanding for r in items), Decimal(0)),
                    invoices=len(items))
            for currency, items in sorted(by_currency.items())]


def figures(events: Iterable[RecordOutcome], receivables: list[Receivable]) -> ReportFigures:
    """Every figure of a report over `events` (any number per campaign) and `receivables`."""
    campaigns = latest_per_campaign(events)
    return ReportFigures(
        campaigns=len(campaigns),
        outcomes=outcome_counts(campaigns),
        qc=qc_distribution([c.qc_score for c in campaigns]),
        revision_rounds=round_counts(c.revision_rounds for c in campaigns),
        review_rounds=round_counts(c.review_rounds for c in campaigns),
        compensations=compensation_rows(campaigns),
        latency=step_latency(campaigns),
        revenue=revenue(receivables),
    )
