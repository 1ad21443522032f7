"""A client's lifecycle: onboarding -> active <-> at_risk -> churned, and back on renewal.

onboarding: signed, nothing delivered (or every delivery was compensated away).
active / at_risk: at least one live delivered campaign; at_risk from a risk score of 0.5.
churned: the engagement ended (contract end, or latest campaign end, passed) with no newer
contract. Only a renewal (a later contract end) or a new delivery brings a client back.
"""

from __future__ import annotations

from datetime import date

from contracts.retention import Lifecycle, RenewalRisk

from ._risk import AT_RISK_SCORE


def settled_lifecycle(current: Lifecycle, has_delivered: bool, risk: RenewalRisk | None,
                      *, delivered_now: bool = False) -> Lifecycle:
    """The lifecycle after the client's campaigns or risk changed.

    A churned client stays churned unless a campaign was just delivered to it.
    """
    if current == "churned" and not delivered_now:
        return "churned"
    if not has_delivered:
        return "onboarding"
    return "at_risk" if risk is not None and risk.score >= AT_RISK_SCORE else "active"


def is_renewal(current: Lifecycle, old_term_end: date | None, contract_end: date | None) -> bool:
    """A churned client signing a contract that ends after its old engagement did."""
    return (current == "churned" and contract_end is not None
            and (old_term_end is None or contract_end > old_term_end))


def renewed_lifecycle(has_delivered: bool) -> Lifecycle:
    """A renewal resolves the risk of not renewing: active again, or onboarding when there is
    no delivered work yet."""
    return "active" if has_delivered else "onboarding"


def has_churned(current: Lifecycle, term_end: date | None, as_of: date) -> bool:
    """Newly churned on `as_of`: its engagement ended before that day."""
    return current != "churned" and term_end is not None and term_end < as_of
