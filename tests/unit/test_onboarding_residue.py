"""Onboarding refuses template residue in any field of the brief, naming the field: the
brief is the client's own words, and they reach the strategy the client signs."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from actors._residue import find_residue, has_residue
from actors.onboarding import OnboardingActor
from actors.onboarding import _tables as t
from actors.onboarding._review import review
from contracts.brief import CampaignBrief
from contracts.onboarding import BriefRejected, NormalizeBrief
from tests.stores import store_config
from tests.support import FakeClock, brief_dict, call, envelope

RESIDUE = "[Insert offer here]"


def brief(**overrides: Any) -> CampaignBrief:
    return CampaignBrief.model_validate(brief_dict(**overrides))


FIELDS: dict[str, dict[str, Any]] = {
    "client_name": {"client_name": f"Northwind {RESIDUE}"},
    "brand_name": {"brand_name": f"Northwind {RESIDUE}"},
    "industry": {"industry": f"B2B SaaS {RESIDUE}"},
    "geography": {"geography": f"United States {RESIDUE}"},
    "offer": {"offer": RESIDUE},
    "target_audience": {"target_audience": f"Heads of data {RESIDUE}"},
    "objectives[1]": {"objectives": ["Generate qualified leads", f"Grow {RESIDUE}"]},
    "tone": {"tone": f"plain {RESIDUE}"},
    "compliance_notes": {"compliance_notes": f"See {RESIDUE}"},
}


@pytest.mark.parametrize("field", sorted(FIELDS))
def test_residue_in_any_field_is_refused_naming_the_field(field) -> None:
    assert review(brief(**FIELDS[field])) == [
        f"{field} carries template residue '{RESIDUE}': send the client's real text"]


@pytest.mark.parametrize("offer, found", [
    ("Spring sale: {{discount_code}} off every plan", ["{{discount_code}}"]),
    ("20% off for <insert segment> customers", ["<insert segment>"]),
    ("Hello [First Name], 20% off with [CODE]", ["[First Name]", "[CODE]"]),
    ("Free trial, details TBD", ["TBD"]),
    ("Lorem ipsum dolor sit amet", ["Lorem ipsum"]),
    ("Sign up at example.com/trial", ["example.com"]),
])
def test_each_kind_of_residue_is_named_as_written(offer, found) -> None:
    quoted = ", ".join(f"'{piece}'" for piece in found)
    assert review(brief(offer=offer)) == [
        f"offer carries template residue {quoted}: send the client's real text"]


@pytest.mark.parametrize("text", [
    "Photodocs and todos for teams [sic], 20% off",
    "See the [pricing](https://northwind.io/pricing) page",
    "[VO] Close in days. [Cut to] the dashboard",
    "Counterexample.com style names are fine",
])
def test_ordinary_text_is_not_residue(text) -> None:
    assert not has_residue(text) and find_residue(text) == []
    assert review(brief(offer=text)) == []


def test_a_bare_placeholder_answer_is_named_once() -> None:
    assert review(brief(offer="TBD")) == ["offer is a placeholder ('TBD'), not an answer"]


@pytest.mark.usefixtures("each_store")
async def test_the_actor_rejects_the_brief_and_keeps_the_reason(tmp_path) -> None:
    actor = OnboardingActor(store_config(tmp_path, "onboarding"), FakeClock())
    await actor.start()
    try:
        command = NormalizeBrief(campaign_id="c-1", brief=brief(offer=RESIDUE))
        [reply] = await call(actor, envelope(command))
        rejected = BriefRejected.model_validate(reply.payload)
        async with actor.engine.connect() as conn:
            [row] = (await conn.execute(select(t.briefs))).mappings()
    finally:
        await actor.close()
    problem = f"offer carries template residue '{RESIDUE}': send the client's real text"
    assert rejected.problems == [problem]
    assert (row["status"], json.loads(row["problems_json"])) == ("rejected", [problem])
