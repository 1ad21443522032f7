"""Deal, batch and campaign ids are checked once, where they come in, against one path-safe
pattern: an id that is accepted can name a pack, a report and a deal's batch."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from contracts.brief import CampaignBrief
from contracts.cam import IngestLeads
from contracts.codec import decode_replies, encode_request
from contracts.common import ID_PATTERN, derived_id, new_id
from contracts.envelope import ErrorCode
from contracts.supervisor import (
    ClientOnboarded,
    ReviewSettings,
    SignClient,
    SubmitBatch,
)
from driver.requests import submissions
from supervisors.desk import deal_batch_id
from tests.support import brief_dict, envelope
from tests.unit.factories.contracts import FACTORIES
from tests.unit.lifecycle_harness import Lifecycle

pytestmark = pytest.mark.usefixtures("each_store")

BAD_IDS = ["", "q3 run", "a/b", "../up", ".hidden", "-dash", "x" * 65, "ok\n", "café"]
LONG_ID = "d" + "0123456789" * 6 + "xyz"  # 64 characters: the longest id there is

# Every place a deal, batch or campaign id enters: (contract, field).
BATCH_IDS = [("SubmitBatch", "batch_id"), ("BuildBatchReport", "batch_id"),
             ("RegisterCampaign", "batch_id"), ("CancelCampaigns", "target")]
DEAL_IDS = [("SignClient", "deal_id"), ("CloseDeal", "deal_id")]
CAMPAIGN_IDS = [("SignClient", "campaign_id"), ("CloseDeal", "campaign_id"),
                ("RegisterCampaign", "campaign_id"), ("BuildPack", "campaign_id")]
ENTRY_POINTS = BATCH_IDS + DEAL_IDS + CAMPAIGN_IDS


def with_field(contract: str, field: str, value: str) -> Any:
    payload = FACTORIES[contract]().model_dump(mode="python")
    return type(FACTORIES[contract]()).model_validate({**payload, field: value})


def with_campaign_id(value: str) -> SubmitBatch:
    payload = FACTORIES["SubmitBatch"]().model_dump(mode="python")
    payload["campaigns"][0]["campaign_id"] = value
    return SubmitBatch.model_validate(payload)


@pytest.mark.parametrize("bad", BAD_IDS)
@pytest.mark.parametrize(("contract", "field"), ENTRY_POINTS)
def test_an_id_that_could_not_name_a_file_is_refused_where_it_enters(contract, field, bad):
    with pytest.raises(ValidationError):
        with_field(contract, field, bad)


@pytest.mark.parametrize(("contract", "field"), ENTRY_POINTS)
def test_the_longest_id_is_accepted_everywhere(contract, field):
    assert getattr(with_field(contract, field, LONG_ID), field) == LONG_ID


@pytest.mark.parametrize("bad", ["acme.zip", "acme.ZIP", "a.Zip"])
@pytest.mark.parametrize(("contract", "field"), CAMPAIGN_IDS)
def test_a_campaign_id_may_not_end_in_zip(contract, field, bad):
    """acme.zip's pack folder would be named like campaign acme's zip."""
    with pytest.raises(ValidationError):
        with_field(contract, field, bad)
    with pytest.raises(ValidationError):
        with_campaign_id(bad)
    assert with_campaign_id("acme.zip-2").campaigns[0].campaign_id == "acme.zip-2"


def test_a_deals_batch_is_named_after_it_when_that_fits():
    assert deal_batch_id("d-1") == "deal-d-1"
    assert deal_batch_id("x" * 59) == "deal-" + "x" * 59  # exactly 64


def test_a_long_deals_batch_id_fits_is_stable_and_its_own():
    other = LONG_ID[:-1] + "Q"  # same first 63 characters

    batch = deal_batch_id(LONG_ID)

    assert len(batch) == 64 and re.fullmatch(ID_PATTERN, batch)
    assert batch.startswith("deal-" + LONG_ID[:40])  # still readable
    assert batch == deal_batch_id(LONG_ID)
    assert deal_batch_id(other) != batch and len(deal_batch_id("y" * 60)) == 64


def test_ids_the_drivers_make_up_are_valid():
    batch_id = new_id()
    briefs = [brief_dict(), {"brief": brief_dict()}, {"campaign_id": None, "brief": {}}]

    made = [s.campaign_id for s in submissions(briefs, batch_id)]

    assert all(re.fullmatch(ID_PATTERN, i) for i in [batch_id, *made, derived_id("x", 1)])
    assert SubmitBatch(batch_id=batch_id, out_dir="/srv/packs",
                       campaigns=submissions(briefs, batch_id)).batch_id == batch_id


async def test_a_batch_id_with_a_space_is_refused_before_it_runs(tmp_path):
    life = await Lifecycle(tmp_path).start()
    try:
        good = FACTORIES["SubmitBatch"]()
        frame = encode_request(envelope(good, "driver", now=life.clock.now(), payload={
            **good.model_dump(mode="python"), "batch_id": "q3 run",
            "out_dir": str(tmp_path / "packs")}))
        [reply] = decode_replies(await life.system.supervisor.handle(frame))
    finally:
        await life.close()
    assert reply.error is not None and reply.error.code is ErrorCode.BAD_PAYLOAD
    assert not (tmp_path / "packs").exists()


async def test_a_deal_with_the_longest_id_starts_its_campaign(tmp_path):
    life = await Lifecycle(tmp_path).start()
    try:
        ingested = await life.module("cam", IngestLeads(rows=[{
            "name": "Maya Chen", "email": "maya@northwind.io", "company": "Northwind",
            "title": "VP Marketing", "source": "referral"}], source_name="t.csv"))
        [lead] = ingested.payload["accepted"]
        onboarded = await life.ask(SignClient(
            lead_id=lead["lead_id"], deal_id=LONG_ID, contract_months=12,
            monthly_fee=Decimal("4000.00"), currency="USD",
            brief=CampaignBrief.model_validate(brief_dict(client_name="Northwind")),
            campaign_id="nw-1", out_dir=str(tmp_path / "packs"), pack_formats="data",
            review=ReviewSettings(policy="auto")), ClientOnboarded)
        assert onboarded.batch_id == deal_batch_id(LONG_ID)
        done = await life.campaign(onboarded.batch_id)
        deals = life.rows("cam", "SELECT deal_id FROM campaigns")
    finally:
        await life.close()
    assert done.campaign_id == "nw-1" and done.outcome == "delivered"
    assert deals == [(LONG_ID,)]
    assert (tmp_path / "packs" / "nw-1" / "manifest.json").is_file()
