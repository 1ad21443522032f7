"""Campaign records: register, complete, cancel (the compensation) and its tombstone."""

from __future__ import annotations

from datetime import timedelta

import pytest

from actors.cam import CamActor
from actors.cam import _tables as t
from contracts.cam import (
    CancelCampaign,
    CompleteCampaign,
    GetCampaign,
    GetClient,
    RegisterCampaign,
)
from contracts.common import client_id_for
from contracts.envelope import ErrorCode
from tests.support import T0, call, envelope, rows, send

pytestmark = pytest.mark.usefixtures("each_store")


@pytest.fixture
async def actor(started_actor):
    return await started_actor(CamActor, "cam")


def register(campaign_id: str = "c-1", **fields) -> RegisterCampaign:
    base = {"batch_id": "b-1", "client_name": "Northwind Analytics", "brand": "Northwind"}
    return RegisterCampaign(campaign_id=campaign_id, **{**base, **fields})


async def statuses(actor) -> dict[str, str]:
    return {row["campaign_id"]: row["status"] for row in await rows(actor, t.campaigns)}


async def test_register_and_reregister_same_facts(actor):
    [first] = await send(actor, register())
    assert first.payload == {"campaign_id": "c-1", "status": "registered",
                             "client_id": client_id_for("Northwind Analytics")}
    # Case and spacing of the client name do not change who the client is.
    [again] = await send(actor, register(client_name="northwind  analytics"))
    assert again.ok and again.payload == first.payload
    [other] = await send(actor, register(brand="Southwind"))
    assert other.error.code is ErrorCode.CONFLICT and "brand" in other.error.message
    assert await statuses(actor) == {"c-1": "registered"}


async def test_complete_is_idempotent(actor):
    await send(actor, register())
    later = T0 + timedelta(hours=2)
    [done] = await send(actor, CompleteCampaign(campaign_id="c-1"), now=later)
    [again] = await send(actor, CompleteCampaign(campaign_id="c-1"), now=later + timedelta(1))
    assert done.payload == again.payload == {"campaign_id": "c-1", "status": "delivered"}
    [view] = await send(actor, GetCampaign(campaign_id="c-1"))
    assert view.payload["status"] == "delivered" and view.payload["updated_at"] == later
    [registered] = await send(actor, register())
    assert registered.payload["status"] == "delivered"
    [unknown] = await send(actor, CompleteCampaign(campaign_id="c-9"))
    assert unknown.error.code is ErrorCode.NOT_FOUND


async def test_cancel_tombstones_and_blocks_resurrection(actor):
    await send(actor, register())
    [first] = await send(actor, CancelCampaign(campaign_id="c-1", reason="qc failed"))
    [again] = await send(actor, CancelCampaign(campaign_id="c-1", reason="retry"))
    assert first.payload["was_active"] is True and again.payload["was_active"] is False
    [late] = await send(actor, register())
    assert late.error.code is ErrorCode.CONFLICT and not late.error.retryable
    [complete] = await send(actor, CompleteCampaign(campaign_id="c-1"))
    assert complete.error.code is ErrorCode.CONFLICT
    [view] = await send(actor, GetCampaign(campaign_id="c-1"))
    assert (view.payload["status"], view.payload["reason"]) == ("cancelled", "qc failed")
    assert view.payload["brand"] == "Northwind" and view.payload["registered_at"] == T0


async def test_cancel_before_register_leaves_a_tombstone(actor):
    [cancelled] = await send(actor, CancelCampaign(campaign_id="c-2", reason="batch aborted"))
    assert cancelled.payload == {"campaign_id": "c-2", "was_active": False}
    [view] = await send(actor, GetCampaign(campaign_id="c-2"))
    assert view.payload["status"] == "cancelled" and view.payload["registered_at"] is None
    assert view.payload["client_id"] is None and view.payload["reason"] == "batch aborted"
    [late] = await send(actor, register("c-2"))
    assert late.error.code is ErrorCode.CONFLICT
    assert await statuses(actor) == {"c-2": "cancelled"}


async def test_register_then_cancel_in_one_frame(actor):
    registered, cancelled, again = await send(
        actor, register(), CancelCampaign(campaign_id="c-1", reason="undo"), register())
    assert registered.ok and cancelled.payload["was_active"] is True
    assert again.error.code is ErrorCode.CONFLICT
    assert await statuses(actor) == {"c-1": "cancelled"}


async def test_redelivered_register_returns_the_stored_reply(actor):
    env = envelope(register())
    [first] = await call(actor, env)
    await send(actor, CancelCampaign(campaign_id="c-1", reason="undo"))
    [again] = await call(actor, env)
    assert again == first and again.ok


async def test_get_campaign_view_and_not_found(actor):
    await send(actor, register(lead_id="l-1", deal_id="d-1"))
    [view] = await send(actor, GetCampaign(campaign_id="c-1"))
    assert view.payload == {
        "campaign_id": "c-1", "client_id": client_id_for("Northwind Analytics"),
        "client_name": "Northwind Analytics", "brand": "Northwind", "batch_id": "b-1",
        "status": "registered", "lead_id": "l-1", "deal_id": "d-1", "reason": None,
        "registered_at": T0, "updated_at": T0}
    [missing] = await send(actor, GetCampaign(campaign_id="nope"))
    assert missing.error.code is ErrorCode.NOT_FOUND


async def test_client_known_only_through_campaigns(actor):
    await send(actor, register("c-2"))
    await send(actor, register("c-1"), now=T0 + timedelta(minutes=5))
    await send(actor, register("c-3", client_name="Other Co"))
    [view] = await send(actor, GetClient(client_id=client_id_for("Northwind Analytics")))
    assert view.payload["campaigns"] == ["c-2", "c-1"]  # in order of registration
    assert view.payload["client_name"] == "Northwind Analytics"
    assert all(view.payload[f] is None for f in ("lead_id", "deal_id", "contract_start",
                                                 "contract_end", "monthly_fee", "currency"))
