"""One filled-in instance of every cam contract (commands, queries, replies), for the codec
round-trip tests: decimals, dates and non-UTC aware datetimes included."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

from contracts.brief import CampaignBrief
from contracts.cam import (
    CampaignCancelled,
    CampaignCompleted,
    CampaignRegistered,
    CampaignView,
    CancelCampaign,
    ClientSigned,
    ClientView,
    CloseDeal,
    CompleteCampaign,
    DuplicateRow,
    GetCampaign,
    GetClient,
    GetLead,
    IngestLeads,
    InvalidRow,
    LeadList,
    LeadsIngested,
    LeadSummary,
    LeadView,
    ListLeads,
    OutreachStep,
    RegisterCampaign,
)
from contracts.common import Contract, client_id_for
from tests.support import brief_dict
from tests.unit.factories import CEST

AT = datetime(2027, 1, 4, 11, 0, 30, 250000, tzinfo=CEST)
LEAD_ID = "0d7c1f4e-2b1a-5c3d-9e8f-112233445566"
CLIENT_ID = client_id_for("Northwind Analytics")


def lead_summary() -> LeadSummary:
    return LeadSummary(
        lead_id=LEAD_ID, email="jane@northwind.io", name="Jane Doe", company="Northwind",
        title="VP Marketing", source="referral", industry="B2B SaaS", score=0.93, grade="A",
        qualified=True, factors={"seniority": 0.8, "company_fit": 1.0, "source": 1.0,
                                 "completeness": 1.0}, status="qualified")


def outreach_step() -> OutreachStep:
    return OutreachStep(step=1, day=0, channel="email", subject="Jane, an idea for Northwind",
                        body="Hi Jane,\n\n...\n\nReply \"unsubscribe\" to opt out.")


def ingest() -> IngestLeads:
    return IngestLeads(source_name="webinar.csv", rows=[
        {"name": "Jane Doe", "email": "jane@northwind.io", "company": "Northwind",
         "company_size": 250, "phone": None},
        {"name": "", "email": "not-an-email", "company": "X"}])


def signed() -> ClientSigned:
    return ClientSigned(
        deal_id="deal-1", lead_id=LEAD_ID, client_id=CLIENT_ID, client_name="Northwind Analytics",
        contract_start=date(2027, 1, 31), contract_end=date(2027, 2, 28),
        monthly_fee=Decimal("4500.50"), currency="USD", signed_at=AT,
        brief=CampaignBrief.model_validate(brief_dict()), campaign_id="deal-campaign-1")


def close_deal() -> CloseDeal:
    return CloseDeal(lead_id=LEAD_ID, deal_id="deal-1", contract_months=12,
                     monthly_fee=Decimal("4500.50"), currency="EUR",
                     brief=CampaignBrief.model_validate(brief_dict()), campaign_id="camp-1")


def campaign_view() -> CampaignView:
    return CampaignView(
        campaign_id="camp-1", client_id=CLIENT_ID, client_name="Northwind Analytics",
        brand="Northwind", batch_id="b-1", status="cancelled", lead_id=LEAD_ID,
        deal_id="deal-1", reason="qc failed", registered_at=AT, updated_at=AT)


def client_view() -> ClientView:
    return ClientView(
        client_id=CLIENT_ID, client_name="Northwind Analytics", lead_id=LEAD_ID,
        deal_id="deal-1", contract_start=date(2027, 2, 1), contract_end=date(2028, 2, 1),
        monthly_fee=Decimal("4500.00"), currency="USD", campaigns=["camp-1", "camp-2"])


FACTORIES: dict[str, Callable[[], Contract]] = {
    "IngestLeads": ingest,
    "LeadsIngested": lambda: LeadsIngested(
        accepted=[lead_summary()],
        duplicates=[DuplicateRow(index=3, email="jane@northwind.io", lead_id=LEAD_ID)],
        invalid=[InvalidRow(index=1, problems=["email: not an email address"])]),
    "ListLeads": lambda: ListLeads(grade="A", qualified_only=True, limit=50),
    "LeadList": lambda: LeadList(leads=[lead_summary()]),
    "GetLead": lambda: GetLead(lead_id=LEAD_ID),
    "LeadView": lambda: LeadView(lead=lead_summary(), outreach=[outreach_step()],
                                 client_id=CLIENT_ID, deal_id="deal-1"),
    "CloseDeal": close_deal,
    "ClientSigned": signed,
    "RegisterCampaign": lambda: RegisterCampaign(
        campaign_id="camp-1", batch_id="b-1", client_name="Northwind Analytics",
        brand="Northwind", lead_id=LEAD_ID, deal_id="deal-1"),
    "CampaignRegistered": lambda: CampaignRegistered(campaign_id="camp-1", client_id=CLIENT_ID,
                                                     status="registered"),
    "CompleteCampaign": lambda: CompleteCampaign(campaign_id="camp-1"),
    "CampaignCompleted": lambda: CampaignCompleted(campaign_id="camp-1"),
    "CancelCampaign": lambda: CancelCampaign(campaign_id="camp-1", reason="qc failed"),
    "CampaignCancelled": lambda: CampaignCancelled(campaign_id="camp-1", was_active=True),
    "GetCampaign": lambda: GetCampaign(campaign_id="camp-1"),
    "CampaignView": campaign_view,
    "GetClient": lambda: GetClient(client_id=CLIENT_ID),
    "ClientView": client_view,
}
