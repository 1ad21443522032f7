"""Renewal risk: what went badly in a client's delivery, weighed into one score.

Weights add up in Decimal so 0.1 + 0.2 is 0.3 and the level boundaries hold exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from contracts.retention import RenewalRisk, RiskFactor, RiskLevel

REVISION_WEIGHT, REVISION_CAP = Decimal("0.1"), Decimal("0.3")
OVERDUE_WEIGHT, OVERDUE_CAP = Decimal("0.15"), Decimal("0.3")
AT_RISK_SCORE = 0.5  # the lifecycle turns "at_risk" at this score (the "high" level)


@dataclass(frozen=True)
class DeliveryFactors:
    """How a campaign's delivery went, as the saga reported it."""

    revision_rounds: int
    review_days: float
    qc_score: int


def assess_risk(delivery: DeliveryFactors | None, overdue_invoices: int) -> RenewalRisk | None:
    """The client's renewal risk from its latest delivery and its overdue invoices.

    None when there is nothing to weigh: no delivery and nothing overdue.
    """
    if delivery is None and overdue_invoices == 0:
        return None
    candidates = [_overdue(overdue_invoices)]
    if delivery is not None:
        candidates = [_revisions(delivery.revision_rounds), _review_delay(delivery.review_days),
                      *candidates, _qc(delivery.qc_score)]
    factors = [(weight, factor) for weight, factor in candidates if weight > 0]
    score = min(Decimal(1), sum((weight for weight, _ in factors), Decimal(0)))
    return RenewalRisk(score=float(round(score, 3)), level=risk_level(score),
                       factors=[factor for _, factor in factors])


def risk_level(score: Decimal | float) -> RiskLevel:
    """low below 0.3, medium below 0.5, high from 0.5."""
    score = Decimal(str(score))
    if score < Decimal("0.3"):
        return "low"
    return "medium" if score < Decimal("0.5") else "high"


def _factor(name: str, weight: Decimal, detail: str) -> tuple[Decimal, RiskFactor]:
    return weight, RiskFactor(name=name, weight=float(weight), detail=detail)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _revisions(rounds: int) -> tuple[Decimal, RiskFactor]:
    weight = min(REVISION_CAP, REVISION_WEIGHT * rounds)
    return _factor("revision_rounds", weight, _plural(rounds, "QC revision round"))


def _review_delay(days: float) -> tuple[Decimal, RiskFactor]:
    weight = Decimal("0.2") if days > 7 else Decimal("0.1") if days > 3 else Decimal(0)
    return _factor("review_delay", weight,
                   f"the client took {days:g} days to decide on the review (over "
                   f"{7 if days > 7 else 3} days)")


def _overdue(count: int) -> tuple[Decimal, RiskFactor]:
    weight = min(OVERDUE_CAP, OVERDUE_WEIGHT * count)
    return _factor("overdue_invoices", weight, _plural(count, "overdue invoice"))


def _qc(score: int) -> tuple[Decimal, RiskFactor]:
    weight = Decimal("0.2") if score < 70 else Decimal("0.1") if score < 80 else Decimal(0)
    return _factor("qc_score", weight,
                   f"QC score {score} (below {70 if score < 70 else 80})")
