"""Reporting's aggregates as pure functions: known inputs, known figures."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from actors.reporting._figures import (
    compensation_rows,
    figures,
    latest_per_campaign,
    nearest_rank,
    qc_distribution,
    revenue,
    round_counts,
    step_latency,
)
from tests.unit.factories.reporting import T, event, receivable, step


@pytest.mark.parametrize(("values", "expected"), [
    (list(range(1, 11)), (5, 9, 10)),
    (list(range(1, 101)), (50, 90, 99)),
    ([7.5], (7.5, 7.5, 7.5)),
    ([1, 2], (1, 2, 2)),
    ([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4], (4, 9, 9)),
])
def test_nearest_rank_percentiles(values, expected):
    ordered = sorted(values)
    assert tuple(nearest_rank(ordered, p) for p in (50, 90, 99)) == expected


def test_nearest_rank_refuses_no_values():
    with pytest.raises(ValueError):
        nearest_rank([], 50)


def test_step_latency_per_step_in_saga_order():
    campaigns = [
        event(f"c-{i}", steps=[step("onboard", 0.5, module="onboarding"),
                               step("produce", seconds, module="production", attempts=tries)])
        for i, (seconds, tries) in enumerate([(1.0, 1), (2.0, 3), (10.0, 1), (4.0, 2)])
    ]
    onboard, produce = step_latency(campaigns)
    assert (onboard.step, onboard.module, onboard.count) == ("onboard", "onboarding", 4)
    assert (produce.p50, produce.p90, produce.p99, produce.max) == (2.0, 10.0, 10.0, 10.0)
    assert produce.count == 4 and produce.retries == 3  # (3 - 1) + (2 - 1)


def test_step_latency_orders_by_earliest_position_not_name():
    campaigns = [event("c-1", steps=[step("zeta", 1), step("alpha", 1)]),
                 event("c-2", steps=[step("zeta", 2)])]
    assert [r.step for r in step_latency(campaigns)] == ["zeta", "alpha"]
    assert step_latency([event("c-1")]) == []


def test_qc_buckets_at_their_edges():
    scores = [0, 59, 60, 69, 70, 79, 80, 89, 90, 100, None]
    qc = qc_distribution(scores)
    assert qc.buckets == {"0-59": 2, "60-69": 2, "70-79": 2, "80-89": 2, "90-100": 2}
    assert (qc.scored, qc.unscored, qc.min, qc.max) == (10, 1, 0, 100)
    assert qc.median == 74.5 and qc.mean == 69.6


def test_qc_without_scores_has_no_statistics():
    qc = qc_distribution([None, None])
    assert (qc.scored, qc.unscored, qc.min, qc.median, qc.mean, qc.max) == (
        0, 2, None, None, None, None)
    assert set(qc.buckets.values()) == {0}


def test_qc_mean_is_rounded_to_two_places():
    assert qc_distribution([70, 71, 71]).mean == 70.67


def test_revenue_per_currency_excludes_void_and_counts_an_invoice_once():
    rows = revenue([
        receivable("u-1", "1000.10", "400.00"),
        receivable("u-2", "0.20", "0.20", status="paid"),
        receivable("u-3", "5000", "5000", status="void"),
        receivable("u-3b", "7000", "7000", status="VOID"),
        receivable("e-1", "250.00", "0", currency="EUR", status="paid"),
        receivable("u-1", "1000.10", "400.00"),  # listed twice by the caller
    ])
    assert [(r.currency, r.invoiced, r.outstanding, r.invoices) for r in rows] == [
        ("EUR", Decimal("250.00"), Decimal("0"), 1),
        ("USD", Decimal("1000.30"), Decimal("400.20"), 2),
    ]
    assert revenue([receivable(status="void")]) == []


def test_compensations_table_lists_undone_campaigns_with_reasons():
    campaigns = [
        event("c-4", "compensation_failed", reason="pack kept failing",
              compensated_steps=["produce"], compensation_failures=["revoke pack: io"]),
        event("c-1", "delivered"),
        event("c-2", "rejected", reason="placeholder offer"),
        event("c-3", "compensated", reason="qc failed after 2 rounds",
              compensated_steps=["produce", "strategy", "onboard"]),
        event("c-5", "cancelled", reason="operator"),
    ]
    rows = compensation_rows(campaigns)
    assert [(r.campaign_id, r.outcome, r.reason) for r in rows] == [
        ("c-3", "compensated", "qc failed after 2 rounds"),
        ("c-4", "compensation_failed", "pack kept failing"),
        ("c-5", "cancelled", "operator"),
    ]
    assert rows[0].steps_undone == ["produce", "strategy", "onboard"]
    assert rows[1].failures == ["revoke pack: io"]


def test_round_counts_sort_numerically():
    assert list(round_counts([10, 2, 0, 2])) == ["0", "2", "10"]
    assert round_counts([10, 2, 0, 2]) == {"0": 1, "2": 2, "10": 1}


def test_a_campaign_reported_twice_counts_once_as_it_last_ended():
    first = event("c-1", "compensated", event_id="ev-a")
    again = event("c-1", "delivered", event_id="ev-b", finished_at=T + timedelta(hours=1))
    other_batch = event("c-1", "rejected", batch_id="b-2")
    assert latest_per_campaign([again, first, other_batch]) == [other_batch, again]
    assert [e.event_id for e in latest_per_campaign([first, again])] == ["ev-b"]


def test_figures_put_it_all_together():
    events = [event("c-1", qc_score=95, revision_rounds=1, review_rounds=1),
              event("c-2", "compensated", qc_score=40, revision_rounds=2,
                    compensated_steps=["produce"]),
              event("c-3", "rejected", qc_score=None)]
    figs = figures(events, [receivable()])
    assert figs.campaigns == 3
    assert figs.outcomes == {"delivered": 1, "compensated": 1, "rejected": 1, "cancelled": 0,
                             "compensation_failed": 0}
    assert figs.revision_rounds == {"0": 1, "1": 1, "2": 1}
    assert figs.review_rounds == {"0": 2, "1": 1}
    assert figs.qc.buckets["90-100"] == 1 and figs.qc.buckets["0-59"] == 1
    assert [c.campaign_id for c in figs.compensations] == ["c-2"]
    assert figs.revenue[0].outstanding == Decimal("400.00")
