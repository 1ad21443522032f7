"""One filled-in instance of every retention contract, for the codec round-trip tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from contracts.common import Channel, Contract
from contracts.retention import (
    AssessRenewalRisk,
    CancelFollowUps,
    ClientHealth,
    ClientOpened,
    CompleteFollowUp,
    FollowUp,
    FollowUpCompleted,
    FollowUpList,
    FollowUpsCancelled,
    FollowUpsScheduled,
    GetClientHealth,
    LifecycleSwept,
    ListFollowUps,
    OpenClient,
    RenewalRisk,
    RenewalRiskAssessed,
    RiskFactor,
    ScheduleFollowUps,
    SweepLifecycle,
    Upsell,
)
from tests.support import T0
from tests.unit.factories import CEST

CLIENT = "7c1d2f4e-0a7b-5c39-9e51-4b8d0e6a2f13"


def risk() -> RenewalRisk:
    return RenewalRisk(score=0.45, level="medium", factors=[
        RiskFactor(name="revision_rounds", weight=0.2, detail="2 QC revision rounds"),
        RiskFactor(name="overdue_invoices", weight=0.15, detail="1 overdue invoice"),
        RiskFactor(name="qc_score", weight=0.1, detail="QC score 76 (below 80)")])


def upsell() -> list[Upsell]:
    return [Upsell(channel=Channel.META_ADS, reason="Meta ads: retarget site visitors."),
            Upsell(channel=Channel.GOOGLE_ADS, reason="Google Ads: capture search intent.")]


def follow_up() -> FollowUp:
    return FollowUp(follow_up_id="f-1", campaign_id="c-1", client_id=CLIENT,
                    kind="performance_review", due_on=date(2027, 2, 3), status="scheduled",
                    note="30-day performance review of Northwind's campaign c-1.")


def health() -> ClientHealth:
    return ClientHealth(client_id=CLIENT, client_name="Northwind Analytics",
                        lifecycle="at_risk", risk=risk(), upsell=upsell(),
                        contract_end=date(2027, 12, 31), campaigns=["c-1", "c-2"],
                        updated_at=datetime(2027, 1, 4, 11, 0, tzinfo=CEST))


def schedule() -> ScheduleFollowUps:
    return ScheduleFollowUps(
        campaign_id="c-1", client_id=CLIENT, client_name="Northwind Analytics",
        delivered_at=datetime(2027, 1, 4, 9, 30, tzinfo=CEST), contract_end=date(2027, 12, 31),
        campaign_end=date(2027, 3, 29), channels_used=[Channel.LINKEDIN, Channel.EMAIL],
        channels_unavailable=[Channel.INSTAGRAM], revision_rounds=2, review_days=4.5,
        qc_score=76, overdue_invoices=1)


FACTORIES: dict[str, Callable[[], Contract]] = {
    "RiskFactor": lambda: risk().factors[0],
    "RenewalRisk": risk,
    "Upsell": lambda: upsell()[0],
    "FollowUp": follow_up,
    "ClientHealth": health,
    "OpenClient": lambda: OpenClient(client_id=CLIENT, client_name="Northwind Analytics",
                                     contract_end=date(2027, 12, 31)),
    "ClientOpened": lambda: ClientOpened(client=health()),
    "ScheduleFollowUps": schedule,
    "FollowUpsScheduled": lambda: FollowUpsScheduled(
        campaign_id="c-1", client_id=CLIENT, follow_ups=[follow_up()], lifecycle="active",
        risk=risk(), upsell=upsell()),
    "AssessRenewalRisk": lambda: AssessRenewalRisk(client_id=CLIENT, overdue_invoices=2),
    "RenewalRiskAssessed": lambda: RenewalRiskAssessed(client=health()),
    "SweepLifecycle": lambda: SweepLifecycle(as_of=date(2028, 1, 1)),
    "LifecycleSwept": lambda: LifecycleSwept(churned=[CLIENT]),
    "CompleteFollowUp": lambda: CompleteFollowUp(follow_up_id="f-1", note="Client happy."),
    "FollowUpCompleted": lambda: FollowUpCompleted(follow_up=follow_up().model_copy(
        update={"status": "done"})),
    "CancelFollowUps": lambda: CancelFollowUps(campaign_id="c-1", reason="billing failed"),
    "FollowUpsCancelled": lambda: FollowUpsCancelled(campaign_id="c-1", cancelled=2),
    "ListFollowUps": lambda: ListFollowUps(due_by=date(2027, 2, 28), client_id=CLIENT,
                                           campaign_id="c-1", include_done=True, limit=50),
    "FollowUpList": lambda: FollowUpList(follow_ups=[follow_up()]),
    "GetClientHealth": lambda: GetClientHealth(client_id=CLIENT),
}


# Helpers the retention actor tests share (not contracts: the codec tests ignore them).

def delivery(campaign_id: str = "c-1", client_id: str = CLIENT, **overrides: Any
             ) -> ScheduleFollowUps:
    """A clean delivery on T0 (2027-01-04): no revisions, a quick review, QC 92."""
    fields: dict[str, Any] = {
        "campaign_id": campaign_id, "client_id": client_id, "client_name": "Northwind Analytics",
        "delivered_at": T0, "contract_end": None, "campaign_end": date(2027, 3, 29),
        "channels_used": [Channel.LINKEDIN, Channel.EMAIL], "revision_rounds": 0,
        "review_days": 1.0, "qc_score": 92, **overrides}
    return ScheduleFollowUps(**fields)
