"""Campaign records: the saga registers a campaign first, completes it last, and cancels it
(a tombstone that blocks any later registration) when the saga is undone."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from actors._kernel import Conflict, NotFound, Tx
from contracts.cam import (
    CampaignCancelled,
    CampaignCompleted,
    CampaignRegistered,
    CampaignView,
    CancelCampaign,
    ClientView,
    CompleteCampaign,
    RegisterCampaign,
)
from contracts.common import client_id_for

from . import _tables as t
from ._records import campaign_view, client_view

# What a registration says about a campaign; sending it again must say the same.
_FACTS = ("client_id", "brand", "batch_id", "lead_id", "deal_id")


async def register(tx: Tx, cmd: RegisterCampaign, now: datetime) -> CampaignRegistered:
    current = await tx.rows(t.campaigns).get(cmd.campaign_id)
    client_id = client_id_for(cmd.client_name)
    wanted = {"client_id": client_id, "brand": cmd.brand,
              "batch_id": cmd.batch_id, "lead_id": cmd.lead_id, "deal_id": cmd.deal_id}
    if current is not None:
        if current["status"] == "cancelled":
            raise Conflict(f"campaign {cmd.campaign_id} was cancelled; it cannot be registered")
        differ = [name for name in _FACTS if current[name] != wanted[name]]
        if differ:
            raise Conflict(f"campaign {cmd.campaign_id} is registered with other facts: "
                           f"{', '.join(differ)} differ")
        return CampaignRegistered(campaign_id=cmd.campaign_id, client_id=current["client_id"],
                                  status=current["status"])
    row = {"campaign_id": cmd.campaign_id, **wanted, "client_name": cmd.client_name,
           "status": "registered", "reason": None, "registered_at": now.isoformat(),
           "updated_at": now.isoformat()}
    _save(tx, row)
    return CampaignRegistered(campaign_id=cmd.campaign_id, client_id=client_id,
                              status="registered")


async def complete(tx: Tx, cmd: CompleteCampaign, now: datetime) -> CampaignCompleted:
    current = await tx.rows(t.campaigns).get(cmd.campaign_id)
    if current is None:
        raise NotFound(f"no campaign {cmd.campaign_id}")
    if current["status"] == "cancelled":
        raise Conflict(f"campaign {cmd.campaign_id} was cancelled; it cannot be delivered")
    if current["status"] != "delivered":
        _save(tx, {**current, "status": "delivered", "updated_at": now.isoformat()})
    return CampaignCompleted(campaign_id=cmd.campaign_id)


async def cancel(tx: Tx, cmd: CancelCampaign, now: datetime) -> CampaignCancelled:
    """The compensation. The first cancellation's reason is the one kept."""
    current = await tx.rows(t.campaigns).get(cmd.campaign_id)
    if current is not None and current["status"] == "cancelled":
        return CampaignCancelled(campaign_id=cmd.campaign_id, was_active=False)
    base = dict(current) if current is not None else _tombstone(cmd.campaign_id)
    _save(tx, {**base, "status": "cancelled", "reason": cmd.reason,
               "updated_at": now.isoformat()})
    return CampaignCancelled(campaign_id=cmd.campaign_id, was_active=current is not None)


async def view(tx: Tx, campaign_id: str) -> CampaignView:
    row = await tx.rows(t.campaigns).get(campaign_id)
    if row is None:
        raise NotFound(f"no campaign {campaign_id}")
    return campaign_view(row)


async def client(tx: Tx, client_id: str) -> ClientView:
    row = await tx.rows(t.clients).get(client_id)
    rows = tx.rows(t.campaigns)
    await rows.load_where(t.campaigns.c.client_id, [client_id])
    campaigns = sorted(rows.where(t.campaigns.c.client_id, client_id),
                       key=lambda c: (c["registered_at"] or "", c["campaign_id"]))
    if row is None and not campaigns:
        raise NotFound(f"no client {client_id}")
    return client_view(client_id, row, campaigns)


def _tombstone(campaign_id: str) -> dict[str, Any]:
    """A cancelled campaign that was never registered: nothing known but its id."""
    return {"campaign_id": campaign_id, "client_id": None, "client_name": None, "brand": None,
            "batch_id": None, "lead_id": None, "deal_id": None, "registered_at": None}


def _save(tx: Tx, row: dict[str, Any]) -> None:
    tx.rows(t.campaigns).put(row)
