"""Closing a deal: who the client is, when the contract runs, and the rows that record it."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from contracts.brief import CampaignBrief
from contracts.cam import ClientSigned, CloseDeal
from contracts.common import client_id_for, derived_id


def add_months(start: date, months: int) -> date:
    """`start` plus calendar months, the day clamped to the month's end (Jan 31 + 1 = Feb 28
    or 29)."""
    years, month_index = divmod(start.month - 1 + months, 12)
    year, month = start.year + years, month_index + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def sign(cmd: CloseDeal, company: str, now: datetime) -> ClientSigned:
    """The signed deal: the brief names the client and the start when there is one, else the
    lead's company and today; a brief without a campaign id gets one derived from the deal."""
    brief = cmd.brief
    client_name = brief.client_name if brief else company
    start = brief.start_date if brief else now.date()
    campaign_id = cmd.campaign_id
    if brief is not None and campaign_id is None:
        campaign_id = derived_id("deal-campaign", cmd.deal_id)
    return ClientSigned(
        deal_id=cmd.deal_id, lead_id=cmd.lead_id, client_id=client_id_for(client_name),
        client_name=client_name, contract_start=start,
        contract_end=add_months(start, cmd.contract_months), monthly_fee=cmd.monthly_fee,
        currency=cmd.currency, signed_at=now, brief=brief, campaign_id=campaign_id)


def deal_row(signed: ClientSigned) -> dict[str, Any]:
    return {
        "deal_id": signed.deal_id,
        "lead_id": signed.lead_id,
        "client_id": signed.client_id,
        "client_name": signed.client_name,
        "contract_start": signed.contract_start.isoformat(),
        "contract_end": signed.contract_end.isoformat(),
        "monthly_fee": str(signed.monthly_fee),
        "currency": signed.currency,
        "signed_at": signed.signed_at.isoformat(),
        "brief_json": signed.brief.model_dump_json() if signed.brief else None,
        "campaign_id": signed.campaign_id,
    }


def client_row(signed: ClientSigned) -> dict[str, Any]:
    keep = ("client_id", "client_name", "lead_id", "deal_id", "contract_start", "contract_end",
            "monthly_fee", "currency")
    row = {name: deal_row(signed)[name] for name in keep}
    return {**row, "updated_at": signed.signed_at.isoformat()}


def signed_from_row(row: Mapping[str, Any]) -> ClientSigned:
    """The ClientSigned a stored deal was answered with, read back from its row."""
    brief_json = row["brief_json"]
    return ClientSigned(
        deal_id=row["deal_id"], lead_id=row["lead_id"], client_id=row["client_id"],
        client_name=row["client_name"], contract_start=date.fromisoformat(row["contract_start"]),
        contract_end=date.fromisoformat(row["contract_end"]),
        monthly_fee=Decimal(row["monthly_fee"]), currency=row["currency"],
        signed_at=datetime.fromisoformat(row["signed_at"]),
        brief=CampaignBrief.model_validate_json(brief_json) if brief_json else None,
        campaign_id=row["campaign_id"])
