"""Retention: each client's lifecycle, renewal risk, upsell suggestions and follow-ups.

The saga schedules follow-ups once a campaign is invoiced; the supervisor reports overdue
invoices and sweeps for churn on its clock. A client's risk is read from its most recently
delivered live campaign plus its current count of overdue invoices.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field

from contracts.common import Channel, Contract, Round

Lifecycle = Literal["onboarding", "active", "at_risk", "churned"]
FollowUpKind = Literal["check_in", "performance_review", "renewal"]
FollowUpStatus = Literal["scheduled", "done", "cancelled"]
RiskLevel = Literal["low", "medium", "high"]

Id = Annotated[str, Field(min_length=1, max_length=64)]
# Counts end up in SQLite integer columns; no client has ten thousand overdue invoices.
Count = Annotated[int, Field(ge=0, le=10_000)]


class RiskFactor(Contract):
    """One thing that counts against a renewal, and how much."""

    name: str = Field(description="revision_rounds | review_delay | overdue_invoices | qc_score")
    weight: float = Field(ge=0, le=1)
    detail: str = Field(description="what was seen, e.g. '2 QC revision rounds'")


class RenewalRisk(Contract):
    """How likely the client is not to renew. Only contributing factors are listed."""

    score: float = Field(ge=0, le=1, description="sum of the factor weights, capped at 1, 3 dp")
    level: RiskLevel = Field(description="low below 0.3, medium below 0.5, else high")
    factors: list[RiskFactor]


class Upsell(Contract):
    """A channel the client has not used yet, and why it would help."""

    channel: Channel
    reason: str


class FollowUp(Contract):
    """A conversation the account team owes the client, on a date."""

    follow_up_id: str = Field(description="derived_id('follow-up', campaign_id, kind)")
    campaign_id: str
    client_id: str
    kind: FollowUpKind
    due_on: date
    status: FollowUpStatus
    note: str = Field(description="what to cover; a completion note is appended when done")


class ClientHealth(Contract):
    """Where a client stands: lifecycle, renewal risk, upsell ideas, live campaigns."""

    client_id: str
    client_name: str
    lifecycle: Lifecycle
    risk: RenewalRisk | None = Field(
        description="None while there is nothing to assess: no delivered campaign and no "
                    "overdue invoice")
    upsell: list[Upsell]
    contract_end: date | None
    campaigns: list[str] = Field(description="live delivered campaign ids, oldest first")
    updated_at: datetime


class OpenClient(Contract):
    """A client signed (sent when a deal closes). Creates the client, or records a new
    contract end; a later contract end on a churned client is a renewal."""

    client_id: Id
    client_name: str = Field(min_length=1, max_length=200)
    contract_end: date | None = None


class ClientOpened(Contract):
    client: ClientHealth


class ScheduleFollowUps(Contract):
    """A campaign was delivered and invoiced: schedule its follow-ups and reassess the client.
    Idempotent per campaign; refused (Conflict) once the campaign's follow-ups were cancelled."""

    campaign_id: Id
    client_id: Id
    client_name: str = Field(min_length=1, max_length=200)
    delivered_at: AwareDatetime
    contract_end: date | None = Field(
        default=None, description="None keeps the contract end the client already has")
    campaign_end: date
    campaign_start: date | None = Field(
        default=None, description="when the campaign goes live; the performance review is "
                                  "30 days after it (or after delivery, if later)")
    channels_used: list[Channel]
    channels_unavailable: list[Channel] = []
    revision_rounds: Round
    review_days: float = Field(ge=0, le=3650, allow_inf_nan=False,
                               description="days from review request to the client's decision")
    qc_score: int = Field(ge=0, le=100)
    overdue_invoices: Count = Field(
        default=0, description="may raise the client's known count, never lower it (billing's "
                               "AssessRenewalRisk is the count's authority)")


class FollowUpsScheduled(Contract):
    """The campaign's follow-ups plus the client's one open renewal follow-up."""

    campaign_id: str
    client_id: str
    follow_ups: list[FollowUp]
    lifecycle: Lifecycle
    risk: RenewalRisk
    upsell: list[Upsell]


class AssessRenewalRisk(Contract):
    """Billing marked invoices overdue (or paid): reassess with the client's current count."""

    client_id: Id
    overdue_invoices: Count


class RenewalRiskAssessed(Contract):
    client: ClientHealth


class SweepLifecycle(Contract):
    """Churn detection: clients whose contract (or, without one, latest campaign) ended
    before `as_of` become churned and their open renewal follow-ups are cancelled."""

    as_of: date


class LifecycleSwept(Contract):
    churned: list[str] = Field(description="client ids newly churned, sorted")


class CompleteFollowUp(Contract):
    """Mark a follow-up done. Idempotent; Conflict for a cancelled one."""

    follow_up_id: Id
    note: str = Field(default="", max_length=2000, description="how it went")


class FollowUpCompleted(Contract):
    follow_up: FollowUp


class CancelFollowUps(Contract):
    """Compensation: tombstone the campaign. Its scheduled follow-ups are cancelled (a renewal
    the client's other live campaigns share stays) and it stops counting for the client.
    Idempotent; works for a campaign never scheduled."""

    campaign_id: Id
    reason: str


class FollowUpsCancelled(Contract):
    campaign_id: str
    cancelled: int = Field(description="follow-ups this message cancelled")


class ListFollowUps(Contract):
    """Follow-ups ordered by due date then kind. By default only scheduled ones; with
    `due_by`, those due on or before it (what `aicmo followups due` shows)."""

    due_by: date | None = None
    client_id: str | None = None
    campaign_id: str | None = None
    include_done: bool = Field(default=False,
                               description="also list closed follow-ups (done and cancelled)")
    limit: int = Field(default=1000, ge=1, le=10_000)


class FollowUpList(Contract):
    follow_ups: list[FollowUp]


class GetClientHealth(Contract):
    client_id: str


COMMANDS = (OpenClient, ScheduleFollowUps, AssessRenewalRisk, SweepLifecycle, CompleteFollowUp,
            CancelFollowUps)
QUERIES = (ListFollowUps, GetClientHealth)
REPLIES = (ClientOpened, FollowUpsScheduled, RenewalRiskAssessed, LifecycleSwept,
           FollowUpCompleted, FollowUpsCancelled, FollowUpList, ClientHealth)
