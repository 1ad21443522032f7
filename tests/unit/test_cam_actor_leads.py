"""The cam actor importing leads: rows in its database, dedupe across imports, invalid rows
reported and not stored, outreach for qualified leads, and the lead queries."""

from __future__ import annotations

import pytest

from actors.cam import CamActor
from actors.cam import _tables as t
from actors.cam._leads import lead_id_for
from contracts.cam import GetLead, IngestLeads, ListLeads
from contracts.envelope import ErrorCode
from tests.stores import store_config
from tests.support import FakeClock, call, envelope, rows

pytestmark = pytest.mark.usefixtures("each_store")

STRONG = {"name": "Jane Doe", "email": "Jane.Doe+hi@Gmail.com", "company": "Acme",
          "title": "CEO", "source": "Referral", "industry": "SaaS", "company_size": "40",
          "country": "US", "phone": "555 0100", "website": "acme.io",
          "linkedin_url": "https://www.linkedin.com/in/janedoe"}
MIDDLE = {"name": "Ben Ode", "email": "ben@beta.io", "company": "Beta", "title": "Director",
          "industry": "fintech"}
WEAK = {"name": "Cy Lo", "email": "cy@gamma.io", "company": "Gamma", "source": "purchased list"}


@pytest.fixture
async def actor(started_actor):
    return await started_actor(CamActor, "cam")


async def ingest(actor, *rows, source_name="leads.csv"):
    [reply] = await call(actor, envelope(IngestLeads(rows=list(rows), source_name=source_name)))
    assert reply.ok, reply.error
    return reply.payload


async def test_import_scores_stores_and_plans(actor):
    result = await ingest(actor, STRONG, MIDDLE, WEAK)
    grades = {lead["email"]: (lead["grade"], lead["status"]) for lead in result["accepted"]}
    assert grades == {"janedoe@gmail.com": ("A", "qualified"), "ben@beta.io": ("B", "qualified"),
                      "cy@gamma.io": ("D", "new")}
    leads = {row["email"]: row for row in await rows(actor, t.leads)}
    assert leads["janedoe@gmail.com"]["email_as_given"] == "Jane.Doe+hi@Gmail.com"
    assert leads["janedoe@gmail.com"]["score"] == 1.0
    assert leads["janedoe@gmail.com"]["import_source"] == "leads.csv"
    steps = await rows(actor, t.outreach_steps)
    assert sorted((s["lead_id"], s["step"]) for s in steps) == sorted(
        (lead_id_for(email), n) for email in ("janedoe@gmail.com", "ben@beta.io")
        for n in (1, 2, 3))


async def test_duplicates_within_and_across_imports(actor):
    first = await ingest(actor, STRONG, {**STRONG, "email": "janedoe@googlemail.com"})
    [kept] = first["accepted"]
    assert first["duplicates"] == [{"index": 1, "email": "janedoe@gmail.com",
                                    "lead_id": kept["lead_id"]}]
    second = await ingest(actor, MIDDLE, {**STRONG, "name": "Someone Else"})
    assert [lead["email"] for lead in second["accepted"]] == ["ben@beta.io"]
    assert second["duplicates"] == [{"index": 1, "email": "janedoe@gmail.com",
                                     "lead_id": kept["lead_id"]}]
    names = {row["email"]: row["name"] for row in await rows(actor, t.leads)}
    assert names == {"janedoe@gmail.com": "Jane Doe", "ben@beta.io": "Ben Ode"}


async def test_two_imports_in_one_frame_see_each_other(actor):
    a = envelope(IngestLeads(rows=[MIDDLE], source_name="a.csv"))
    b = envelope(IngestLeads(rows=[{**MIDDLE, "email": "BEN@beta.io"}], source_name="b.csv"))
    first, second = await call(actor, a, b)
    assert len(first.payload["accepted"]) == 1
    assert second.payload["accepted"] == [] and len(second.payload["duplicates"]) == 1
    assert len(await rows(actor, t.leads)) == 1


async def test_invalid_rows_are_reported_and_not_stored(actor):
    result = await ingest(actor, {"name": "", "email": "x", "company": "X"}, MIDDLE,
                          {"email": "ok@x.io", "company": "X", "company_size": "lots"})
    assert [(r["index"], r["problems"]) for r in result["invalid"]] == [
        (0, ["name: required", "email: not an email address"]),
        (2, ["name: required", "company_size: not a whole number"])]
    assert [row["email"] for row in await rows(actor, t.leads)] == ["ben@beta.io"]


async def test_redelivered_import_returns_the_stored_reply(actor):
    env = envelope(IngestLeads(rows=[STRONG, MIDDLE], source_name="leads.csv"))
    [first] = await call(actor, env)
    [again] = await call(actor, env)
    assert again == first and again.payload["duplicates"] == []
    assert len(await rows(actor, t.leads)) == 2


async def test_target_industries_are_configurable(tmp_path):
    actor = CamActor(store_config(tmp_path, "cam2"), FakeClock(),
                     target_industries=("construction",))
    result = await ingest(actor, {**MIDDLE, "industry": "Construction"},
                          {**WEAK, "industry": "SaaS"})
    fits = {lead["company"]: lead["factors"]["company_fit"] for lead in result["accepted"]}
    assert fits == {"Beta": 1.0, "Gamma": 0.4}
    await actor.close()


async def test_list_leads_orders_and_filters(actor):
    await ingest(actor, WEAK, MIDDLE, STRONG, {**MIDDLE, "email": "al@beta.io"})
    [everyone] = await call(actor, envelope(ListLeads()))
    assert [lead["email"] for lead in everyone.payload["leads"]] == [
        "janedoe@gmail.com", "al@beta.io", "ben@beta.io", "cy@gamma.io"]
    [grade_b] = await call(actor, envelope(ListLeads(grade="B", limit=1)))
    assert [lead["email"] for lead in grade_b.payload["leads"]] == ["al@beta.io"]
    [qualified] = await call(actor, envelope(ListLeads(qualified_only=True)))
    assert all(lead["qualified"] for lead in qualified.payload["leads"])
    assert len(qualified.payload["leads"]) == 3


async def test_get_lead_with_outreach_and_not_found(actor):
    result = await ingest(actor, STRONG, WEAK)
    strong, weak = result["accepted"]
    [view] = await call(actor, envelope(GetLead(lead_id=strong["lead_id"])))
    assert view.payload["lead"] == strong
    assert [s["day"] for s in view.payload["outreach"]] == [0, 3, 7]
    assert view.payload["outreach"][0]["body"].startswith("Hi Jane,")
    assert view.payload["client_id"] is None and view.payload["deal_id"] is None
    [unplanned] = await call(actor, envelope(GetLead(lead_id=weak["lead_id"])))
    assert unplanned.payload["outreach"] == []
    [missing] = await call(actor, envelope(GetLead(lead_id="nope")))
    assert missing.error.code is ErrorCode.NOT_FOUND


async def test_a_row_with_a_nul_character_is_reported_and_not_stored(actor):
    """No store keeps NUL in text (PostgreSQL refuses it): the row is invalid, the rest import."""
    result = await ingest(actor, {"name": "Ja\x00ne", "email": "jane@x.io", "company": "X"},
                          MIDDLE)
    [invalid] = result["invalid"]
    assert invalid["index"] == 0 and "\x00" not in " ".join(invalid["problems"])
    assert [row["email"] for row in await rows(actor, t.leads)] == ["ben@beta.io"]
