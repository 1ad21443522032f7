"""Minor versions within one major: a newer sender's unknown fields are ignored (and logged
once), an older sender's missing optional fields take their defaults; another major, or an
unknown field from a sender of our own version or older, is refused. Through a real module
actor's `handle`, frames in and replies out."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from actors.onboarding import OnboardingActor
from contracts import dispatch
from contracts.brief import CampaignBrief
from contracts.campaign_input import Deal
from contracts.codec import decode_replies, encode_value
from contracts.common import new_id
from contracts.envelope import SCHEMA_VERSION, ErrorCode, ReplyEnvelope
from contracts.onboarding import NormalizeBrief
from contracts.supervisor import CampaignSubmission, SubmitBatch
from supervisors.intake import saga_row
from tests.support import T0, brief_dict, envelope

pytestmark = pytest.mark.usefixtures("each_store")

NEWER = "1.7"


@pytest.fixture
async def actor(started_actor):
    return await started_actor(OnboardingActor, "onboarding")


@pytest.fixture(autouse=True)
def fresh_warnings(monkeypatch):
    """Each test starts as a fresh process would: nothing warned about yet."""
    monkeypatch.setattr(dispatch, "_warned", set())


def payload(campaign_id: str = "c-1", **brief_changes: Any) -> dict[str, Any]:
    """A NormalizeBrief payload as a sender puts it on the wire; a brief_changes value of
    None drops that field of the brief."""
    brief = brief_dict()
    for name, value in brief_changes.items():
        if value is None:
            brief.pop(name)
        else:
            brief[name] = value
    return {"campaign_id": campaign_id, "brief": brief}


async def send_body(actor, body: dict[str, Any], version: str,
                    **envelope_fields: Any) -> ReplyEnvelope:
    """One NormalizeBrief frame with `body` as its payload; `envelope_fields` are added to
    the envelope map itself, as a newer sender's envelope might carry."""
    model = NormalizeBrief(campaign_id="c-1", brief=CampaignBrief.model_validate(brief_dict()))
    raw = envelope(model, body["campaign_id"], version=version, payload=body).model_dump()
    [reply] = decode_replies(await actor.handle(encode_value({**raw, **envelope_fields})))
    return reply


def warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.name == "aicmo.contracts" and r.levelno == logging.WARNING]


async def test_a_newer_minor_with_unknown_top_level_and_nested_fields_is_applied(actor, caplog):
    body = {**payload(loyalty_tier="gold"), "priority": "high"}
    reply = await send_body(actor, body, NEWER, trace_id="t-1")
    assert reply.ok and reply.type == "BriefNormalized", reply.error
    assert reply.payload["brief"]["client_name"] == "Northwind Analytics"
    assert "loyalty_tier" not in reply.payload["brief"]
    [warned] = warnings(caplog)
    assert "NormalizeBrief" in warned and NEWER in warned
    assert all(f"'{name}'" in warned for name in (
        "CampaignBrief.loyalty_tier", "NormalizeBrief.priority", "Envelope.trace_id"))


async def test_a_newer_minor_is_still_held_to_the_fields_it_shares(actor):
    reply = await send_body(actor, payload(loyalty_tier="gold", budget="-5"), NEWER)
    assert reply.error is not None and reply.error.code is ErrorCode.BAD_PAYLOAD
    assert "brief.budget" in reply.error.message and "loyalty_tier" not in reply.error.message


async def test_an_older_minor_without_optional_fields_gets_their_defaults(actor, monkeypatch):
    monkeypatch.setattr(dispatch, "SUPPORTED_MINOR", 3)  # we speak 1.3; the sender 1.2
    reply = await send_body(actor, payload(tone=None, compliance_notes=None), "1.2")
    assert reply.ok and reply.type == "BriefNormalized", reply.error
    defaults = CampaignBrief.model_fields
    assert reply.payload["brief"]["tone"] == defaults["tone"].default
    assert reply.payload["brief"]["compliance_notes"] == defaults["compliance_notes"].default


@pytest.mark.parametrize("version", ["2.0", "0.9", "2.7"])
async def test_another_major_is_refused(actor, version):
    reply = await send_body(actor, payload(), version)
    assert reply.error is not None and reply.error.code is ErrorCode.UNSUPPORTED_VERSION
    assert version in reply.error.message


async def test_an_unknown_envelope_field_of_our_version_is_a_bad_frame(actor):
    reply = await send_body(actor, payload(), SCHEMA_VERSION, trace_id="t-1")
    assert reply.error is not None and reply.error.code is ErrorCode.BAD_FRAME
    assert "trace_id" in reply.error.message


@pytest.mark.parametrize(("version", "supported_minor"), [(SCHEMA_VERSION, None), ("1.2", 3)])
@pytest.mark.parametrize(("body", "field"), [
    ({**payload(), "priority": "high"}, "priority"),
    (payload(loyalty_tier="gold"), "brief.loyalty_tier"),
])
async def test_an_unknown_field_of_our_version_or_older_is_refused(
        actor, monkeypatch, caplog, version, supported_minor, body, field):
    if supported_minor is not None:
        monkeypatch.setattr(dispatch, "SUPPORTED_MINOR", supported_minor)
    reply = await send_body(actor, body, version)
    assert reply.error is not None and reply.error.code is ErrorCode.BAD_PAYLOAD
    assert f"{field}: Extra inputs are not permitted" in reply.error.message
    assert warnings(caplog) == []


async def test_ignored_fields_are_logged_once_per_type_and_field_set(actor, caplog):
    for i in range(3):
        assert (await send_body(actor, payload(f"c-{i}", loyalty_tier="gold"), NEWER)).ok
    assert len(warnings(caplog)) == 1
    assert (await send_body(actor, payload("c-7", loyalty_tier="gold", mood="calm"), NEWER)).ok
    assert (await send_body(actor, payload("c-8", mood="calm", loyalty_tier="gold"), "1.9")).ok
    assert len(warnings(caplog)) == 2  # a new set of fields once, in whatever order
    assert (await send_body(actor, payload("c-9"), NEWER)).ok  # nothing ignored: nothing said
    assert len(warnings(caplog)) == 2


def test_a_brief_read_outside_dispatch_stays_strict():
    """A user's brief (a JSONL line, a driver's dict) is validated on its own, never with the
    newer-minor tolerance: an unknown field is named."""
    with pytest.raises(ValidationError) as info:
        CampaignBrief.model_validate(brief_dict(loyalty_tier="gold"))
    [error] = info.value.errors()
    assert error["loc"] == ("loyalty_tier",) and error["type"] == "extra_forbidden"


def test_a_newer_submit_batch_still_gets_its_briefs_checked_strictly_at_intake():
    """SubmitBatch carries each brief raw: a newer sender's envelope is tolerated, the
    brief inside it is still the user's, validated strictly when the batch is taken in."""
    command = SubmitBatch(batch_id="b", out_dir="/tmp/packs", campaigns=[CampaignSubmission(
        campaign_id="b-00", brief=brief_dict(loyalty_tier="gold"))])
    raw = {**envelope(command, "driver", version=NEWER).model_dump(), "message_id": new_id()}
    raw["payload"] = {**raw["payload"], "note": "from a newer driver"}
    checked = dispatch.check(raw, {"SubmitBatch": SubmitBatch}, "supervisor", T0)
    assert isinstance(checked, dispatch.Checked)
    row = saga_row(checked.message, 0, "m-1", datetime(2027, 1, 4, tzinfo=UTC), Deal(), {})
    assert row["outcome"] == "rejected"
    assert "loyalty_tier: Extra inputs are not permitted" in row["reason"]
