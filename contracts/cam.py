"""Client acquisition (cam): leads in, scored and planned; deals closed; campaigns registered.

Lead rows arrive raw (as a driver read them from CSV or JSONL) and are validated one by one
in the actor, so a bad row is reported instead of failing the whole import.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import AwareDatetime, Field

from contracts.brief import CampaignBrief
from contracts.common import CAMPAIGN_ID_PATTERN, CampaignId, Contract, EntityId

Grade = Literal["A", "B", "C", "D"]
LeadStatus = Literal["new", "qualified", "won"]
CampaignStatus = Literal["registered", "delivered", "cancelled"]
CURRENCY_PATTERN = r"^[A-Z]{3}$"


class IngestLeads(Contract):
    """Import lead rows. Each row is validated, deduplicated by normalized email and scored."""

    rows: list[dict[str, Any]] = Field(
        min_length=1, max_length=10_000,
        description="raw records: name, email, company required; title, source, industry, "
                    "company_size, country, phone, linkedin_url, website optional; other keys "
                    "ignored; empty strings mean missing")
    source_name: str = Field(min_length=1, max_length=200,
                             description="where the rows came from (a file or list name)")


class LeadSummary(Contract):
    """A lead as qualified: its score in [0, 1], grade and the factors behind them."""

    lead_id: str
    email: str = Field(description="normalized: the key leads are deduplicated by")
    name: str
    company: str
    title: str | None
    source: str | None
    industry: str | None
    score: float
    grade: Grade
    qualified: bool = Field(description="grade A or B")
    factors: dict[str, float] = Field(
        description="seniority, company_fit, source, completeness: each in [0, 1]; plus "
                    "excluded_industry 1.0 when the industry disqualifies the lead")
    status: LeadStatus


class DuplicateRow(Contract):
    """A row whose normalized email is already a lead (earlier import or earlier row)."""

    index: int
    email: str
    lead_id: str = Field(description="the lead that was kept")


class InvalidRow(Contract):
    """A row that could not be imported, with one readable problem per bad field."""

    index: int
    problems: list[str]


class LeadsIngested(Contract):
    accepted: list[LeadSummary]
    duplicates: list[DuplicateRow]
    invalid: list[InvalidRow]


class OutreachStep(Contract):
    """One touch of a qualified lead's outreach sequence, written for that lead."""

    step: int
    day: int = Field(description="days after the sequence starts")
    channel: Literal["email", "linkedin"]
    subject: str | None = Field(description="emails only")
    body: str = Field(description="ends with an opt-out line")


class ListLeads(Contract):
    """Leads by score (highest first), then email."""

    grade: Grade | None = None
    qualified_only: bool = False
    limit: int = Field(default=100, ge=1, le=10_000)


class LeadList(Contract):
    leads: list[LeadSummary]


class GetLead(Contract):
    lead_id: str


class LeadView(Contract):
    lead: LeadSummary
    outreach: list[OutreachStep] = Field(description="empty unless the lead is qualified")
    client_id: str | None = Field(description="set once the lead is won")
    deal_id: str | None


class CloseDeal(Contract):
    """Sign a lead as a client. Resending the same deal for the same lead is idempotent."""

    lead_id: str
    deal_id: EntityId = Field(description="path-safe: the deal's first batch is named by it")
    contract_months: int = Field(ge=1, le=60)
    monthly_fee: Decimal = Field(gt=0, max_digits=14, decimal_places=2)
    currency: str = Field(pattern=CURRENCY_PATTERN)
    brief: CampaignBrief | None = Field(
        default=None, description="the first campaign's brief, when the deal comes with one")
    campaign_id: CampaignId | None = Field(
        default=None, description="with a brief and no id, one is derived from the deal id")


class ClientSigned(Contract):
    """The deal is closed: the lead is a client from contract_start to contract_end."""

    deal_id: str
    lead_id: str
    client_id: str
    client_name: str
    contract_start: date
    contract_end: date = Field(description="contract_start plus the contract's months")
    monthly_fee: Decimal
    currency: str
    signed_at: AwareDatetime
    brief: CampaignBrief | None
    campaign_id: str | None


class RegisterCampaign(Contract):
    """The saga's first step: record the campaign. Same facts again return the record."""

    campaign_id: CampaignId
    batch_id: EntityId
    client_name: str = Field(min_length=1, max_length=200)
    brand: str = Field(min_length=1, max_length=200)
    lead_id: str | None = None
    deal_id: str | None = None


class CampaignRegistered(Contract):
    campaign_id: str
    client_id: str
    status: Literal["registered", "delivered"]


class CompleteCampaign(Contract):
    """Mark the campaign delivered. Idempotent."""

    campaign_id: str = Field(pattern=CAMPAIGN_ID_PATTERN)


class CampaignCompleted(Contract):
    campaign_id: str
    status: Literal["delivered"] = "delivered"


class CancelCampaign(Contract):
    """Compensation: tombstone the campaign (even one never registered). Idempotent."""

    campaign_id: str = Field(pattern=CAMPAIGN_ID_PATTERN)
    reason: str


class CampaignCancelled(Contract):
    campaign_id: str
    was_active: bool = Field(description="False when it was unknown or already cancelled")


class GetCampaign(Contract):
    campaign_id: str


class CampaignView(Contract):
    """A campaign record. A tombstone for a campaign never registered has no client facts."""

    campaign_id: str
    client_id: str | None
    client_name: str | None
    brand: str | None
    batch_id: str | None
    status: CampaignStatus
    lead_id: str | None
    deal_id: str | None
    reason: str | None = Field(description="why it was cancelled")
    registered_at: AwareDatetime | None
    updated_at: AwareDatetime


class GetClient(Contract):
    client_id: str


class ClientView(Contract):
    """A client: its current deal (None when known only through campaigns) and campaigns."""

    client_id: str
    client_name: str
    lead_id: str | None
    deal_id: str | None
    contract_start: date | None
    contract_end: date | None
    monthly_fee: Decimal | None
    currency: str | None
    campaigns: list[str] = Field(description="campaign ids in order of registration")


COMMANDS = (IngestLeads, CloseDeal, RegisterCampaign, CompleteCampaign, CancelCampaign)
QUERIES = (ListLeads, GetLead, GetCampaign, GetClient)
REPLIES = (LeadsIngested, LeadList, LeadView, ClientSigned, CampaignRegistered,
           CampaignCompleted, CampaignCancelled, CampaignView, ClientView)
