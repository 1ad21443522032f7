"""Objective classification and KPI targets for a campaign strategy.

Targets come from rough paid-media benchmarks (CPM, cost per lead, ROAS) so they
scale with the money and the weeks the client commits instead of being a fixed list.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from decimal import Decimal

from contracts.brief import NormalizedBrief
from contracts.money import minor_units
from contracts.strategy import Kpi

# Checked in order: an objective like "demo sign-ups from brand search" is about
# leads first, so the narrow, money-near categories come before broad awareness.
_STEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # "lead(?!er)": leads and lead-gen, but not "leaders" (an audience, not an objective).
    ("leads", ("lead(?!er)", "signup", "sign", "demo", "trial", "registr", "subscri", "prospect")),
    ("sales", ("sale", "sell", "revenue", "conversion", "convert", "purchas", "order")),
    ("retention", ("retention", "retain", "loyal", "churn", "repeat", "renew")),
    ("traffic", ("traffic", "visit", "click", "session", "website")),
    ("engagement", ("engag", "community", "interact", "follower", "share", "comment")),
    ("awareness", ("aware", "reach", "visib", "impression", "brand", "recogni", "exposure")),
)


@dataclass(frozen=True)
class _Metric:
    name: str
    unit: str | None  # None means the brief's own currency
    per_unit: Decimal  # outcome bought by one unit of budget
    per_week: Decimal  # organic outcome each campaign week adds
    step: Decimal  # counts are whole numbers; money (step 0) is in the currency's minor unit


_METRICS = {
    "awareness": _Metric("impressions", "impressions", Decimal(40), Decimal(250), Decimal(1)),
    "leads": _Metric("qualified leads", "leads", Decimal("0.02"), Decimal(2), Decimal(1)),
    "sales": _Metric("attributed revenue", None, Decimal(3), Decimal(0), Decimal(0)),
    "retention": _Metric("returning customers", "customers", Decimal("0.01"), Decimal(5),
                         Decimal(1)),
    "traffic": _Metric("website sessions", "sessions", Decimal("1.5"), Decimal(200), Decimal(1)),
    "engagement": _Metric("engagements", "engagements", Decimal(2), Decimal(100), Decimal(1)),
    "other": _Metric("objective progress score", "points", Decimal("0.001"), Decimal(5),
                     Decimal(1)),
}


# One pattern per category: a stem at the start of a word (not preceded by a letter).
_PATTERNS = tuple((category, re.compile(r"(?<![a-z])(?:" + "|".join(stems) + ")"))
                  for category, stems in _STEMS)


def classify(objective: str) -> str:
    """The category an objective belongs to, or "other" when no keyword matches."""
    text = objective.lower()
    for category, pattern in _PATTERNS:
        if pattern.search(text):
            return category
    return "other"


def derive_kpis(brief: NormalizedBrief, rng: random.Random) -> list[Kpi]:
    """One KPI per objective, in brief order, sized to the budget and duration."""
    return [_kpi(objective, brief, rng) for objective in brief.objectives]


def _kpi(objective: str, brief: NormalizedBrief, rng: random.Random) -> Kpi:
    metric = _METRICS[classify(objective)]
    # Longer campaigns compound: retargeting pools and word of mouth grow with time.
    ramp = 1 + Decimal(brief.duration_weeks) / 26
    jitter = Decimal(rng.randint(95, 105)) / 100
    paid = brief.budget * metric.per_unit * ramp
    organic = metric.per_week * brief.duration_weeks
    step = metric.step or Decimal(1).scaleb(-minor_units(brief.currency))
    target = max(((paid + organic) * jitter).quantize(step), step)
    return Kpi(
        name=f"{metric.name} ({objective})",
        target=target,
        unit=metric.unit or brief.currency,
        timeframe_weeks=brief.duration_weeks,
    )
