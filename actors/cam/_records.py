"""Rows of cam's tables built from its records, and its reply models read back from rows."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from contracts.cam import CampaignView, ClientView, LeadSummary, OutreachStep

from ._leads import ParsedRow
from ._scoring import LeadScore

_CONTACT_FIELDS = ("title", "source", "industry", "company_size", "country", "phone",
                   "linkedin_url", "website")


def lead_row(parsed: ParsedRow, import_source: str, score: LeadScore, at: str) -> dict[str, Any]:
    lead = parsed.lead
    return {
        "lead_id": parsed.lead_id, "email": parsed.email, "email_as_given": lead.email,
        "name": lead.name, "company": lead.company,
        **{name: getattr(lead, name) for name in _CONTACT_FIELDS},
        "import_source": import_source, "score": score.score, "grade": score.grade,
        "qualified": score.qualified, "factors_json": json.dumps(score.factors),
        "status": "qualified" if score.qualified else "new",
        "client_id": None, "deal_id": None, "created_at": at, "updated_at": at,
    }


def summary_of(row: Mapping[str, Any]) -> LeadSummary:
    return LeadSummary(
        lead_id=row["lead_id"], email=row["email"], name=row["name"], company=row["company"],
        title=row["title"], source=row["source"], industry=row["industry"], score=row["score"],
        grade=row["grade"], qualified=bool(row["qualified"]),
        factors=json.loads(row["factors_json"]), status=row["status"])


def outreach_row(lead_id: str, step: OutreachStep) -> dict[str, Any]:
    return {"lead_id": lead_id, **step.model_dump()}


def step_of(row: Mapping[str, Any]) -> OutreachStep:
    return OutreachStep(step=row["step"], day=row["day"], channel=row["channel"],
                        subject=row["subject"], body=row["body"])


def campaign_view(row: Mapping[str, Any]) -> CampaignView:
    registered_at = row["registered_at"]
    return CampaignView(
        campaign_id=row["campaign_id"], client_id=row["client_id"],
        client_name=row["client_name"], brand=row["brand"], batch_id=row["batch_id"],
        status=row["status"], lead_id=row["lead_id"], deal_id=row["deal_id"],
        reason=row["reason"],
        registered_at=datetime.fromisoformat(registered_at) if registered_at else None,
        updated_at=datetime.fromisoformat(row["updated_at"]))


def client_view(client_id: str, client: Mapping[str, Any] | None,
                campaigns: Sequence[Mapping[str, Any]]) -> ClientView:
    """A client from its row (the current deal) and its campaign rows; a client known only
    through campaigns takes its name from the first of them and has no deal."""
    name = client["client_name"] if client else campaigns[0]["client_name"]

    def deal(field: str) -> Any:
        return client[field] if client else None

    start, end, fee = deal("contract_start"), deal("contract_end"), deal("monthly_fee")
    return ClientView(
        client_id=client_id, client_name=name, lead_id=deal("lead_id"), deal_id=deal("deal_id"),
        contract_start=date.fromisoformat(start) if start else None,
        contract_end=date.fromisoformat(end) if end else None,
        monthly_fee=Decimal(fee) if fee else None, currency=deal("currency"),
        campaigns=[row["campaign_id"] for row in campaigns])
