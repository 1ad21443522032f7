"""The agency's identity comes from settings (or AICMO_AGENCY_* in the environment) and
reaches the modules that print it: billing's invoices and cam's outreach signature."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from actors.billing import BillingActor
from actors.cam import CamActor
from contracts.cam import GetLead, IngestLeads, LeadView
from contracts.common import DEFAULT_AGENCY_NAME, AgencyIdentity
from tests.stores import store_config
from tests.support import FakeClock, call, envelope
from wiring import AgencyConfigError, Settings, agency_from_env, build_module

FULL_ENV = {"AICMO_AGENCY_NAME": "Brightline Marketing Ltd",
            "AICMO_AGENCY_ADDRESS": "1 High Street\\nLondon EC1A 1BB",
            "AICMO_AGENCY_TAX_ID": "GB123456789",
            "AICMO_AGENCY_EMAIL": "billing@brightline.example"}
LEAD = {"name": "Jane Doe", "email": "jane@acme.io", "company": "Acme", "title": "CEO",
        "source": "Referral", "industry": "SaaS", "company_size": "40", "country": "US"}


def test_the_environment_gives_the_identity():
    assert agency_from_env(FULL_ENV) == AgencyIdentity(
        name="Brightline Marketing Ltd", address="1 High Street\nLondon EC1A 1BB",
        tax_id="GB123456789", email="billing@brightline.example")


def test_nothing_set_is_not_configured():
    assert agency_from_env({}) is None
    assert agency_from_env({"AICMO_AGENCY_NAME": "  "}) is None


@pytest.mark.parametrize("env", [
    {"AICMO_AGENCY_ADDRESS": "1 High Street"},  # an address for nobody
    {"AICMO_AGENCY_NAME": "Brightline", "AICMO_AGENCY_EMAIL": "not an email"},
    {"AICMO_AGENCY_NAME": "x" * 201},
])
def test_a_partial_or_bad_identity_is_a_typed_error(env):
    with pytest.raises(AgencyConfigError, match="AICMO_AGENCY"):
        agency_from_env(env)


def test_settings_read_the_environment_unless_given(monkeypatch):
    for name, value in FULL_ENV.items():
        monkeypatch.setenv(name, value)
    assert Settings().agency == agency_from_env(FULL_ENV)
    assert Settings(agency=None).agency is None
    for name in FULL_ENV:
        monkeypatch.delenv(name)
    assert Settings().agency is None


def test_an_identity_needs_a_name():
    with pytest.raises(ValidationError):
        AgencyIdentity(name="   ")


def test_build_module_hands_the_identity_to_billing_and_cam(tmp_path):
    agency = agency_from_env(FULL_ENV)
    settings = Settings(data_dir=str(tmp_path), agency=agency)
    billing, cam = build_module("billing", settings), build_module("cam", settings)
    unconfigured = build_module("cam", Settings(data_dir=str(tmp_path), agency=None))
    assert isinstance(billing, BillingActor) and billing.agency == agency
    assert isinstance(cam, CamActor) and cam.sender == "Brightline Marketing Ltd"
    assert isinstance(unconfigured, CamActor) and unconfigured.sender == DEFAULT_AGENCY_NAME


@pytest.mark.parametrize("agency, signed", [
    (AgencyIdentity(name="Brightline Marketing Ltd"), "Brightline Marketing Ltd"),
    (None, DEFAULT_AGENCY_NAME),
])
async def test_outreach_is_signed_with_the_configured_name(tmp_path, agency, signed):
    actor = CamActor(store_config(tmp_path, "cam"), FakeClock(), agency=agency)
    await actor.start()
    try:
        [ingested] = await call(actor, envelope(IngestLeads(rows=[LEAD], source_name="l.csv")))
        lead_id = ingested.payload["accepted"][0]["lead_id"]
        [reply] = await call(actor, envelope(GetLead(lead_id=lead_id)))
    finally:
        await actor.close()
    steps = LeadView.model_validate(reply.payload).outreach
    assert len(steps) == 3
    assert all(f"from {signed}" in step.body for step in steps[:2])
    assert steps[0].body.count(f"The {signed} team") == 1
    if agency is not None:
        assert DEFAULT_AGENCY_NAME not in "".join(step.body for step in steps)
