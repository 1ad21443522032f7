"""Renewal risk, factor by factor: weights, caps, levels, and only contributing factors."""

from __future__ import annotations

import pytest

from actors.retention._risk import DeliveryFactors, assess_risk, risk_level

CLEAN = DeliveryFactors(revision_rounds=0, review_days=1.0, qc_score=95)


def risk(overdue: int = 0, **changes):
    fields = {"revision_rounds": 0, "review_days": 1.0, "qc_score": 95, **changes}
    return assess_risk(DeliveryFactors(**fields), overdue)


def weights(result) -> dict[str, float]:
    return {f.name: f.weight for f in result.factors}


def test_a_clean_delivery_is_low_risk_with_no_factors():
    result = assess_risk(CLEAN, 0)
    assert (result.score, result.level, result.factors) == (0.0, "low", [])


def test_nothing_to_assess_without_a_delivery_or_overdue_invoices():
    assert assess_risk(None, 0) is None
    only_overdue = assess_risk(None, 1)
    assert weights(only_overdue) == {"overdue_invoices": 0.15}


@pytest.mark.parametrize(("rounds", "weight"), [(1, 0.1), (2, 0.2), (3, 0.3), (7, 0.3)])
def test_revision_rounds_weigh_a_tenth_each_capped_at_three_tenths(rounds, weight):
    result = risk(revision_rounds=rounds)
    assert weights(result) == {"revision_rounds": weight}
    assert result.score == weight


def test_revision_detail_counts_the_rounds():
    assert risk(revision_rounds=2).factors[0].detail == "2 QC revision rounds"
    assert risk(revision_rounds=1).factors[0].detail == "1 QC revision round"


@pytest.mark.parametrize(("days", "weight"), [
    (0.0, None), (3.0, None), (3.5, 0.1), (7.0, 0.1), (7.01, 0.2), (30.0, 0.2)])
def test_review_delay_over_three_days_then_over_seven(days, weight):
    result = risk(review_days=days)
    assert weights(result) == ({} if weight is None else {"review_delay": weight})


def test_review_delay_detail_says_how_long():
    [factor] = risk(review_days=9.5).factors
    assert "9.5 days" in factor.detail and "over 7" in factor.detail


@pytest.mark.parametrize(("overdue", "weight"), [(1, 0.15), (2, 0.3), (5, 0.3)])
def test_overdue_invoices_weigh_fifteen_hundredths_each_capped(overdue, weight):
    result = risk(overdue)
    assert weights(result) == {"overdue_invoices": weight}
    assert result.factors[0].detail.startswith(f"{overdue} overdue invoice")


@pytest.mark.parametrize(("score", "weight"), [
    (100, None), (80, None), (79, 0.1), (70, 0.1), (69, 0.2), (0, 0.2)])
def test_qc_score_below_eighty_then_below_seventy(score, weight):
    result = risk(qc_score=score)
    assert weights(result) == ({} if weight is None else {"qc_score": weight})


def test_factors_add_up_and_the_score_is_capped_at_one():
    worst = risk(3, revision_rounds=9, review_days=20, qc_score=10)
    assert worst.score == 1.0 and worst.level == "high"
    assert [f.name for f in worst.factors] == [
        "revision_rounds", "review_delay", "overdue_invoices", "qc_score"]


def test_sums_are_exact_to_three_places():
    # 0.1 + 0.2 in floats is 0.30000000000000004; the level boundary must still hold.
    result = risk(revision_rounds=1, review_days=8)
    assert result.score == 0.3 and result.level == "medium"
    assert risk(1, revision_rounds=1).score == 0.25
    assert risk(2, revision_rounds=2).score == 0.5


@pytest.mark.parametrize(("score", "level"), [
    (0, "low"), (0.29, "low"), (0.3, "medium"), (0.499, "medium"), (0.5, "high"), (1, "high")])
def test_levels(score, level):
    assert risk_level(score) == level


def test_half_the_maximum_is_high():
    result = risk(2, revision_rounds=2)
    assert result.level == "high"
    assert risk(1, revision_rounds=2).level == "medium"
