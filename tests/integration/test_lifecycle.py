"""The client lifecycle on Ray, checked in each owning module's own database: leads to a
delivered, invoiced and followed-up campaign with a report; a client's rejection undoing
everything; a redelivered invoice; and a review wait that outlives every actor."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest
import ray

from cli.inputs import read_leads
from contracts.billing import IssueInvoice
from contracts.codec import decode_replies
from contracts.supervisor import Outcome
from driver.requests import request
from tests.integration.checks import good_briefs, live_rows
from tests.stores import query
from wiring import SUPERVISOR

pytestmark = [pytest.mark.ray, pytest.mark.usefixtures("each_store")]


def rows(data_dir: str, database: str, sql: str, *args) -> list[tuple]:
    return query(data_dir, database, sql, args)


def write_leads(path: Path) -> Path:
    with path.open("w", newline="") as out:
        writer = csv.DictWriter(out, ["name", "email", "company", "title", "source", "industry",
                                      "company_size"])
        writer.writeheader()
        writer.writerow({"name": "Ines Duarte", "email": "ines@ledgerline.io",
                         "company": "Ledgerline", "title": "Chief Marketing Officer",
                         "source": "referral", "industry": "B2B SaaS", "company_size": "400"})
        writer.writerow({"name": "Ines D", "email": "INES@ledgerline.io",
                         "company": "Ledgerline"})
    return path


def test_lead_to_delivered_invoiced_followed_up_and_reported(runtime, tmp_path):
    data = runtime.settings.data_dir
    ingested = runtime.import_leads(read_leads(write_leads(tmp_path / "leads.csv")), "leads.csv")
    assert (len(ingested.accepted), len(ingested.duplicates)) == (1, 1)
    [lead] = ingested.accepted
    assert lead.qualified and lead.grade == "A"
    brief = good_briefs(1)[0]["brief"]
    signed = runtime.sign_client(lead.lead_id, "deal-ledgerline", contract_months=12,
                                 monthly_fee=Decimal("5200.00"), currency="USD", brief=brief,
                                 out_dir=tmp_path / "packs", pack_formats="data")
    handle = runtime.batch(signed.batch_id)
    assert handle.wait(timeout=120).counts == {"awaiting_review": 1}
    campaign_id = signed.signed.campaign_id
    assert [r.campaign_id for r in runtime.reviews().reviews] == [campaign_id]
    runtime.feedback(campaign_id, "approved", reviewer="ines@ledgerline.io")
    [done] = handle.wait(timeout=120).campaigns
    assert done.outcome is Outcome.DELIVERED

    client_id = signed.signed.client_id
    assert rows(data, "cam", "SELECT status FROM leads WHERE lead_id = ?", lead.lead_id) == [
        ("won",)]
    assert rows(data, "cam", "SELECT status, client_id FROM campaigns WHERE campaign_id = ?",
                campaign_id) == [("delivered", client_id)]
    [(total, status)] = rows(data, "billing", "SELECT total, status FROM invoices "
                             "WHERE campaign_id = ?", campaign_id)
    assert Decimal(total) > 0 and status == "sent"
    kinds = rows(data, "retention", "SELECT kind FROM follow_ups WHERE campaign_id = ? "
                 "ORDER BY due_on", campaign_id)
    assert kinds[:2] == [("check_in",), ("performance_review",)]
    # One renewal per client: it may sit with an earlier campaign of the same client.
    assert rows(data, "retention", "SELECT count(*) FROM follow_ups WHERE client_id = ? AND "
                "kind = 'renewal' AND status = 'scheduled'", client_id) == [(1,)]

    report = runtime.report(signed.batch_id, tmp_path / "reports")
    figures = json.loads(Path(report.json_path).read_text())
    assert figures["outcomes"]["delivered"] == 1
    assert Decimal(figures["revenue"][0]["invoiced"]) == Decimal(total)
    assert "<svg" in Path(report.html_path).read_text()


def test_a_rejection_at_client_review_compensates_everything(runtime, tmp_path):
    handle = runtime.submit(good_briefs(1), out_dir=tmp_path / "packs", pack_formats="data")
    [waiting] = handle.wait(timeout=120).campaigns
    assert waiting.awaiting_review
    runtime.feedback(waiting.campaign_id, "rejected", note="off-brand")
    [done] = handle.wait(timeout=120).campaigns
    assert (done.outcome, done.state) == (Outcome.COMPENSATED, "COMPENSATED")
    assert live_rows(runtime.settings.data_dir, done.campaign_id) == {}
    assert rows(runtime.settings.data_dir, "cam", "SELECT status FROM campaigns WHERE "
                "campaign_id = ?", done.campaign_id) == [("cancelled",)]
    assert not (tmp_path / "packs" / done.campaign_id).exists()


def test_a_redelivered_issue_invoice_gives_one_invoice(runtime):
    billing = runtime.handle_of("billing")
    command = IssueInvoice(campaign_id="inv-redelivery", client_id="cl-1", client_name="Acme",
                           currency="EUR", geography="Germany",
                           deliverables={"strategy": 1, "linkedin": 3})
    frame = request(command, "inv-redelivery")
    first, again = (decode_replies(ray.get(billing.handle.remote(frame)))[0] for _ in range(2))
    fresh = decode_replies(ray.get(billing.handle.remote(request(command, "inv-redelivery"))))[0]
    assert first.ok and again == first  # same message id: the stored reply
    assert fresh.payload["invoice"] == first.payload["invoice"]  # new id: the same invoice
    assert rows(runtime.settings.data_dir, "billing", "SELECT count(*) FROM invoices WHERE "
                "campaign_id = 'inv-redelivery'") == [(1,)]


def test_a_review_wait_survives_killing_every_actor(runtime, tmp_path):
    handle = runtime.submit(good_briefs(2), out_dir=tmp_path / "packs", pack_formats="data")
    assert handle.wait(timeout=120).counts == {"awaiting_review": 2}
    for destination in [*runtime.settings.destinations(), SUPERVISOR]:
        ray.kill(runtime.handle_of(destination), no_restart=True)
    runtime.ensure_actors()  # new processes, reading the same databases
    view = handle.wait(timeout=120)
    assert view.counts == {"awaiting_review": 2}
    for campaign in view.campaigns:
        runtime.feedback(campaign.campaign_id, "approved")
    view = handle.wait(timeout=120)
    assert view.counts == {"delivered": 2}
    for campaign in view.campaigns:
        assert rows(runtime.settings.data_dir, "billing", "SELECT count(*) FROM invoices "
                    "WHERE campaign_id = ?", campaign.campaign_id) == [(1,)]
        assert rows(runtime.settings.data_dir, "client_review", "SELECT round, status FROM "
                    "reviews WHERE campaign_id = ?", campaign.campaign_id) == [(0, "approved")]
