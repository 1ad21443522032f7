"""Channel strategy: each planned channel's role, tactics, cadence and budget.

Shares are stored as the client reads them (whole percents, see _plan_shares) and sum to
exactly 100; the money is split by those shares, in the currency's minor unit (whole yen,
cents, fils), and settled to the exact brief budget.
"""

from __future__ import annotations

import random
from decimal import ROUND_DOWN, Decimal

from contracts.common import Channel
from contracts.money import minor_units
from contracts.strategy import ChannelPlan

from ._plan_channel_specs import SPECS, publishing_days
from ._plan_kpis import classify
from ._plan_profile import Facts
from ._plan_shares import display_shares


def served_objective(channel: Channel, objectives: list[str]) -> tuple[int, str]:
    """The objective this channel serves best (rank in its affinity list, then brief order)."""
    affinity = SPECS[channel].affinity

    def rank(item: tuple[int, str]) -> tuple[int, int]:
        category = classify(item[1])
        return (affinity.index(category) if category in affinity else len(affinity), item[0])

    best = min(enumerate(objectives), key=rank)
    return rank(best)[0], best[1]


def channel_plan(f: Facts) -> list[ChannelPlan]:
    rng = f.rng("channels")
    served = [served_objective(c, f.brief.objectives) for c in f.channels]
    # A channel spends more when it serves an objective it is good at.
    weights = [SPECS[c].weight * (Decimal("1.3") - Decimal("0.1") * min(rank, 6))
               * Decimal(rng.randint(90, 110)) / 100 for c, (rank, _) in zip(f.channels, served,
                                                                            strict=True)]
    shares = display_shares(weights)
    budget = f.brief.budget
    step = Decimal(1).scaleb(-minor_units(f.brief.currency))
    amounts = settle([(budget * s / 100).quantize(step, rounding=ROUND_DOWN) for s in shares],
                     budget)
    return [_plan(f, c, objective, share, amount, rng)
            for c, (_, objective), share, amount in zip(f.channels, served, shares, amounts,
                                                         strict=True)]


def _plan(f: Facts, channel: Channel, objective: str, share: Decimal, amount: Decimal,
          rng: random.Random) -> ChannelPlan:
    spec = SPECS[channel]
    n = rng.randint(*spec.posts)
    tactics = rng.sample(spec.tactics, 3)
    # The tactic aimed at the served objective always stays: it is the channel's job.
    aimed = next(t for t in spec.tactics if "{objective}" in t)
    if aimed not in tactics:
        tactics[-1] = aimed
    unit = spec.unit[0] if n == 1 else spec.unit[1]
    cadence = f"{n} {unit} a week ({publishing_days(spec, n)}), {f.fill(spec.rhythm)}."
    return ChannelPlan(
        channel=channel,
        role=f"{f.fill(rng.choice(spec.roles))} (objective: {objective})",
        tactics=[f.fill(t, objective=objective) for t in sorted(tactics, key=spec.tactics.index)],
        cadence=cadence,
        budget_share_pct=share,
        budget=amount,
        posts_per_week=n,
    )


def settle(parts: list[Decimal], total: Decimal) -> list[Decimal]:
    """Give the rounding residual to the largest part so the parts sum exactly to `total`."""
    settled = list(parts)
    largest = settled.index(max(settled))
    settled[largest] += total - sum(settled)
    return settled
