"""Money in a strategy as the client reads it: the currency's symbol and ISO 4217 precision,
and channel budgets split in the currency's minor unit (whole yen, three-decimal dinars)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from actors.strategy._plan import derive_strategy
from contracts.common import Channel
from tests.unit.test_strategy_plan import make_brief

THREE = [Channel.LINKEDIN, Channel.X, Channel.EMAIL]


@pytest.mark.parametrize(("currency", "budget", "total", "weekly"), [
    ("USD", "12000.00", "$12,000.00", "$1,500.00"),
    ("GBP", "12000.00", "£12,000.00", "£1,500.00"),
    ("EUR", "9999.99", "€9,999.99", "€1,250.00"),
    ("JPY", "1000001", "¥1,000,001", "¥125,000"),
    ("KWD", "1000.005", "KWD 1,000.005", "KWD 125.001"),
])
def test_budget_prose_is_formatted_per_currency(currency, budget, total, weekly):
    doc = derive_strategy(make_brief(currency=currency, budget=Decimal(budget)), 0)
    revenue = doc.business.revenue_logic
    assert f"commits {total} over 8 weeks, about {weekly} a week" in revenue


@pytest.mark.parametrize(("currency", "budget", "decimals"), [
    ("JPY", "1000001", 0), ("USD", "1000.01", 2), ("KWD", "1000.001", 3)])
@pytest.mark.parametrize("seed", [0, 1, 7])
def test_channel_budgets_are_in_the_minor_unit_and_sum_to_the_budget(currency, budget,
                                                                      decimals, seed):
    brief = make_brief(currency=currency, budget=Decimal(budget), channels=THREE)
    plan = derive_strategy(brief, seed).channel_plan
    assert sum(p.budget for p in plan) == Decimal(budget)
    assert all(p.budget == p.budget.quantize(Decimal(1).scaleb(-decimals)) for p in plan)
    assert all(-p.budget.as_tuple().exponent <= decimals for p in plan)


def test_a_revenue_target_in_yen_is_whole_yen():
    brief = make_brief(objectives=["Increase revenue"], currency="JPY",
                       budget=Decimal("1000000"))
    [revenue] = [k for k in derive_strategy(brief, 0).kpis if k.unit == "JPY"]
    assert revenue.target == revenue.target.to_integral() and revenue.target > 0
    assert revenue.target.as_tuple().exponent == 0
