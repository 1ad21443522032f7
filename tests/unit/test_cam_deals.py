"""Closing deals: contract dates, the client and deal rows, idempotency and conflicts."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from actors.cam import CamActor
from actors.cam import _tables as t
from actors.cam._deals import add_months
from actors.cam._leads import lead_id_for
from contracts.brief import CampaignBrief
from contracts.cam import CloseDeal, GetClient, GetLead, IngestLeads, RegisterCampaign
from contracts.common import client_id_for, derived_id
from contracts.envelope import ErrorCode
from tests.support import T0, brief_dict, call, envelope, rows

pytestmark = pytest.mark.usefixtures("each_store")

LEAD = {"name": "Jane Doe", "email": "jane@acme.io", "company": "Acme Corp", "title": "CEO"}


@pytest.mark.parametrize(("start", "months", "end"), [
    (date(2027, 1, 31), 1, date(2027, 2, 28)),
    (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2027, 3, 31), 1, date(2027, 4, 30)),
    (date(2027, 1, 15), 12, date(2028, 1, 15)),
    (date(2027, 11, 30), 3, date(2028, 2, 29)),
    (date(2027, 8, 31), 60, date(2032, 8, 31)),
])
def test_contract_end_is_calendar_months_later(start, months, end):
    assert add_months(start, months) == end


@pytest.fixture
async def actor(started_actor):
    a = await started_actor(CamActor, "cam")
    [reply] = await call(a, envelope(IngestLeads(rows=[LEAD, {**LEAD, "email": "bo@acme.io"}],
                                                 source_name="crm.csv")))
    a.lead_ids = [lead["lead_id"] for lead in reply.payload["accepted"]]
    return a


def close(lead_id: str, deal_id: str = "deal-1", **fields) -> CloseDeal:
    base = {"contract_months": 12, "monthly_fee": Decimal("4500.00"), "currency": "USD"}
    return CloseDeal(lead_id=lead_id, deal_id=deal_id, **{**base, **fields})


async def test_close_deal_signs_the_lead_company_from_today(actor):
    lead_id = actor.lead_ids[0]
    [reply] = await call(actor, envelope(close(lead_id)))
    signed = reply.payload
    assert signed["client_name"] == "Acme Corp"
    assert signed["client_id"] == client_id_for("acme corp")
    assert (signed["contract_start"], signed["contract_end"]) == ("2027-01-04", "2028-01-04")
    assert Decimal(signed["monthly_fee"]) == Decimal("4500.00") and signed["signed_at"] == T0
    assert signed["brief"] is None and signed["campaign_id"] is None
    [client] = await rows(actor, t.clients)
    assert (client["deal_id"], client["lead_id"], client["monthly_fee"]) == (
        "deal-1", lead_id, "4500.00")
    [deal] = await rows(actor, t.deals)
    assert deal["client_id"] == signed["client_id"]
    [view] = await call(actor, envelope(GetLead(lead_id=lead_id)))
    assert view.payload["lead"]["status"] == "won"
    assert (view.payload["client_id"], view.payload["deal_id"]) == (signed["client_id"], "deal-1")


async def test_brief_names_the_client_and_the_start(actor):
    brief = CampaignBrief.model_validate(brief_dict(start_date="2027-01-31"))
    [reply] = await call(actor, envelope(close(actor.lead_ids[0], brief=brief,
                                               contract_months=1)))
    signed = reply.payload
    assert signed["client_name"] == "Northwind Analytics"
    assert (signed["contract_start"], signed["contract_end"]) == ("2027-01-31", "2027-02-28")
    assert signed["campaign_id"] == derived_id("deal-campaign", "deal-1")
    assert CampaignBrief.model_validate(signed["brief"]) == brief
    [given] = await call(actor, envelope(close(actor.lead_ids[1], "deal-2", brief=brief,
                                               campaign_id="spring-27")))
    assert given.payload["campaign_id"] == "spring-27"


async def test_same_deal_again_returns_the_same_signing(actor):
    [first] = await call(actor, envelope(close(actor.lead_ids[0])))
    later = actor.clock.current = T0 + timedelta(days=3)
    [again] = await call(actor, envelope(close(actor.lead_ids[0], monthly_fee=Decimal("1.00")),
                                         now=later))
    assert again.ok and again.payload == first.payload
    assert len(await rows(actor, t.deals)) == 1


async def test_redelivered_close_returns_the_stored_reply(actor):
    env = envelope(close(actor.lead_ids[0]))
    [first] = await call(actor, env)
    [again] = await call(actor, env)
    assert again == first


async def test_conflicts_and_unknown_lead(actor):
    first_lead, second_lead = actor.lead_ids
    await call(actor, envelope(close(first_lead)))
    [other_deal] = await call(actor, envelope(close(first_lead, "deal-9")))
    assert other_deal.error.code is ErrorCode.CONFLICT and not other_deal.error.retryable
    [reused_deal] = await call(actor, envelope(close(second_lead, "deal-1")))
    assert reused_deal.error.code is ErrorCode.CONFLICT
    [unknown] = await call(actor, envelope(close("no-such-lead", "deal-3")))
    assert unknown.error.code is ErrorCode.NOT_FOUND
    assert [d["deal_id"] for d in await rows(actor, t.deals)] == ["deal-1"]


async def test_lead_imported_and_closed_in_one_frame(actor):
    new_lead = {**LEAD, "email": "cy@acme.io"}
    imported, signed = await call(
        actor, envelope(IngestLeads(rows=[new_lead], source_name="x")),
        envelope(close(lead_id_for("cy@acme.io"), "deal-7")))
    assert imported.ok and signed.ok and signed.payload["client_name"] == "Acme Corp"
    [row] = [r for r in await rows(actor, t.leads) if r["email"] == "cy@acme.io"]
    assert (row["status"], row["deal_id"]) == ("won", "deal-7")


async def test_conflict_inside_one_frame(actor):
    lead_id = actor.lead_ids[0]
    first, second = await call(actor, envelope(close(lead_id)), envelope(close(lead_id, "d-2")))
    assert first.ok and second.error.code is ErrorCode.CONFLICT


async def test_get_client_after_a_deal(actor):
    [signed] = await call(actor, envelope(close(actor.lead_ids[0])))
    client_id = signed.payload["client_id"]
    [view] = await call(actor, envelope(GetClient(client_id=client_id)))
    assert view.payload["client_name"] == "Acme Corp" and view.payload["deal_id"] == "deal-1"
    assert view.payload["contract_end"] == "2028-01-04" and view.payload["campaigns"] == []
    await call(actor, envelope(RegisterCampaign(campaign_id="c-1", batch_id="b-1",
                                                client_name="ACME corp", brand="Acme")))
    [view] = await call(actor, envelope(GetClient(client_id=client_id)))
    assert view.payload["campaigns"] == ["c-1"] and view.payload["monthly_fee"] == "4500.00"
    [missing] = await call(actor, envelope(GetClient(client_id="nobody")))
    assert missing.error.code is ErrorCode.NOT_FOUND
