"""The whole client lifecycle in-process: leads -> qualified -> deal closed -> campaign
delivered -> invoice issued -> follow-ups scheduled -> report built, each fact read from the
owning module's own database."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest

from contracts.brief import CampaignBrief
from contracts.cam import IngestLeads
from contracts.client_review import Decision
from contracts.reporting import ReportBuilt
from contracts.supervisor import (
    BuildBatchReport,
    ClientOnboarded,
    FeedbackAccepted,
    ReviewSettings,
    SignClient,
    SubmitFeedback,
)
from tests.support import brief_dict
from tests.unit.lifecycle_harness import Lifecycle

pytestmark = pytest.mark.usefixtures("each_store")

LEADS = [
    {"name": "Maya Chen", "email": "Maya.Chen+promo@Northwind.io", "company": "Northwind",
     "title": "VP Marketing", "source": "referral", "industry": "B2B SaaS",
     "company_size": "240", "country": "US"},
    {"name": "Maya C.", "email": "maya.chen@northwind.io", "company": "Northwind"},  # dup
    {"name": "No Email", "email": "not-an-address", "company": "Nowhere"},  # invalid
]


async def test_lead_to_delivered_invoiced_followed_up_and_reported(tmp_path):
    life = await Lifecycle(tmp_path).start()
    try:
        ingested = (await life.module("cam", IngestLeads(rows=LEADS, source_name="t.csv")))
        body = ingested.payload
        assert (len(body["accepted"]), len(body["duplicates"]), len(body["invalid"])) == (1, 1, 1)
        lead = body["accepted"][0]
        assert lead["qualified"] and lead["grade"] in {"A", "B"}

        brief = CampaignBrief.model_validate(brief_dict(client_name="Northwind"))
        onboarded = await life.ask(SignClient(
            lead_id=lead["lead_id"], deal_id="d-1", contract_months=12,
            monthly_fee=Decimal("4000.00"), currency="USD", brief=brief, campaign_id="nw-1",
            out_dir=str(tmp_path / "packs"), pack_formats="data",
            review=ReviewSettings(policy="client")), ClientOnboarded)
        assert onboarded.batch_id == "deal-d-1"
        await life.settled("deal-d-1")
        await life.ask(SubmitFeedback(campaign_id="nw-1", decision=Decision.APPROVED),
                       FeedbackAccepted)
        done = await life.campaign("deal-d-1")
        assert done.outcome == "delivered"

        client_id = onboarded.signed.client_id
        assert life.rows("cam", "SELECT status FROM leads") == [("won",)]
        assert life.rows("cam", "SELECT status, client_id, deal_id FROM campaigns") == [
            ("delivered", client_id, "d-1")]
        [(total, status, invoice_client)] = life.rows(
            "billing", "SELECT total, status, client_id FROM invoices")
        assert Decimal(total) > 0 and status == "sent" and invoice_client == client_id
        kinds = life.rows("retention", "SELECT kind FROM follow_ups ORDER BY due_on")
        assert [k for (k,) in kinds] == ["check_in", "performance_review", "renewal"]

        built = await life.ask(BuildBatchReport(batch_id="deal-d-1",
                                                out_dir=str(tmp_path / "reports")), ReportBuilt)
    finally:
        await life.close()
    figures = json.loads((tmp_path / "reports" / "deal-d-1.json").read_text())
    assert figures["outcomes"]["delivered"] == 1
    assert Decimal(figures["revenue"][0]["invoiced"]) == Decimal(total)
    assert "<svg" in (tmp_path / "reports" / "deal-d-1.html").read_text()
    assert built.campaigns == 1 and built.html_path.endswith("deal-d-1.html")


async def test_overdue_invoices_raise_the_clients_renewal_risk(tmp_path):
    life = await Lifecycle(tmp_path).start()
    try:
        await life.submit("b", review="auto")
        assert (await life.campaign("b")).outcome == "delivered"
        life.clock.current += timedelta(days=45)  # past the 30-day payment terms
        await life.system.supervisor.desk.sweep()
        [(status,)] = life.rows("billing", "SELECT status FROM invoices")
        [(lifecycle, risk)] = life.rows("retention", "SELECT lifecycle, risk_json FROM clients")
    finally:
        await life.close()
    assert status == "overdue"
    assert "overdue" in risk
    assert lifecycle in {"active", "at_risk"}
