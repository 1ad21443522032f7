"""Budget shares as stored and shown: sensible precision, summing to exactly 100."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actors.strategy._plan import derive_strategy
from actors.strategy._plan_shares import display_shares
from contracts.common import Channel
from tests.unit.test_strategy_plan import ALL_CHANNELS, make_brief

# Weights as the planner makes them (a spec weight times a rank factor and a jitter), and
# far wider: one channel up to 1,000 times another.
weights = st.lists(st.integers(1, 1000).map(lambda n: Decimal(n) / 7), min_size=1, max_size=9)


def exact(ws: list[Decimal]) -> list[Decimal]:
    return [w * 100 / sum(ws) for w in ws]


def step_of(shares: list[Decimal]) -> Decimal:
    (exponent,) = {s.as_tuple().exponent for s in shares}  # one precision for all
    return Decimal(1).scaleb(exponent)


@settings(max_examples=400, deadline=None)
@given(weights)
def test_shares_sum_to_exactly_100_each_within_one_step(ws: list[Decimal]) -> None:
    shares = display_shares(ws)
    step = step_of(shares)

    assert sum(shares) == 100
    assert step in (Decimal(1), Decimal("0.1"), Decimal("0.01"))
    for share, true in zip(shares, exact(ws), strict=True):
        assert abs(share - true) < step
    # A larger budget weight never shows a smaller share.
    pairs = [(i, j) for i in range(len(ws)) for j in range(len(ws)) if ws[i] > ws[j]]
    assert all(shares[i] >= shares[j] for i, j in pairs)


@settings(max_examples=400, deadline=None)
@given(weights)
def test_whole_percents_when_nothing_would_read_wrong(ws: list[Decimal]) -> None:
    true = exact(ws)
    spread = all(abs(a - b) >= 2 or a == b for i, a in enumerate(true) for b in true[i + 1:])
    shares = display_shares(ws)

    if all(t >= 1 for t in true) and spread:
        assert step_of(shares) == 1
    if all(t >= Decimal("0.01") for t in true):
        assert all(s > 0 for s in shares)  # no share ever reads 0
    for i, a in enumerate(true):
        for j in range(i + 1, len(true)):
            if abs(a - true[j]) >= Decimal("0.02"):
                assert shares[i] != shares[j]  # channels that differ never read the same


@pytest.mark.parametrize(("ws", "shown"), [
    (["71", "29"], ["71", "29"]),
    (["1", "1", "1"], ["34", "33", "33"]),  # equal weights: the spare point to the first
    (["24.6", "25.3", "50.1"], ["24.6", "25.3", "50.1"]),  # 25 and 25 would read alike
    (["0.4", "59.6", "40"], ["0.4", "59.6", "40.0"]),  # 0 % would hide a channel
    (["2", "2", "96"], ["2", "2", "96"]),  # alike because they are alike
])
def test_examples_a_client_would_check(ws: list[str], shown: list[str]) -> None:
    shares = display_shares([Decimal(w) for w in ws])
    assert [str(s) for s in shares] == shown


@pytest.mark.parametrize("ws", [[], [Decimal(0)], [Decimal(1), Decimal(-1)]])
def test_weights_must_be_positive(ws: list[Decimal]) -> None:
    with pytest.raises(ValueError, match="budget weights must be positive"):
        display_shares(ws)


@pytest.mark.parametrize("seed", range(5))
def test_the_strategy_stores_the_shares_every_renderer_shows(seed: int) -> None:
    brief = make_brief(channels=ALL_CHANNELS[:4], budget=Decimal("48000"))
    plan = derive_strategy(brief, seed).channel_plan

    shares = [p.budget_share_pct for p in plan]
    assert sum(shares) == 100 and step_of(shares) in (1, Decimal("0.1"))
    assert sum(p.budget for p in plan) == Decimal("48000")
    single = derive_strategy(make_brief(channels=[Channel.X]), seed).channel_plan
    assert [str(p.budget_share_pct) for p in single] == ["100"]
