"""Rows to contracts, and the few conversions between stored text and values."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from actors._kernel import Row
from contracts.retention import ClientHealth, FollowUp, RenewalRisk, Upsell

from ._ledger import Book
from ._risk import DeliveryFactors


def follow_up_view(row: Row) -> FollowUp:
    return FollowUp(follow_up_id=row["follow_up_id"], campaign_id=row["campaign_id"],
                    client_id=row["client_id"], kind=row["kind"],
                    due_on=date.fromisoformat(row["due_on"]), status=row["status"],
                    note=row["note"])


def follow_up_order(row: Row) -> tuple[str, str, str]:
    """Due date, then kind (check_in, performance_review, renewal), then id for ties."""
    return row["due_on"], row["kind"], row["follow_up_id"]


def risk_view(client: Row) -> RenewalRisk | None:
    text = client["risk_json"]
    return RenewalRisk.model_validate_json(text) if text else None


def upsell_view(client: Row) -> list[Upsell]:
    return [Upsell.model_validate(item) for item in json.loads(client["upsell_json"])]


def health_view(book: Book) -> ClientHealth:
    client = book.client
    assert client is not None, "health of an unknown client"
    end = client["contract_end"]
    return ClientHealth(
        client_id=client["client_id"], client_name=client["client_name"],
        lifecycle=client["lifecycle"], risk=risk_view(client), upsell=upsell_view(client),
        contract_end=date.fromisoformat(end) if end else None,
        campaigns=[c["campaign_id"] for c in book.live()],
        updated_at=datetime.fromisoformat(client["updated_at"]))


def utc_text(moment: datetime) -> str:
    """Stored in UTC so that the text sorts in time order whatever offset it came with."""
    return moment.astimezone(UTC).isoformat()


def delivered_on(campaign: Row) -> date:
    """The campaign's delivery date, in UTC like every time here."""
    return datetime.fromisoformat(campaign["delivered_at"]).date()


def delivery_factors(campaign: Row | None) -> DeliveryFactors | None:
    if campaign is None:
        return None
    return DeliveryFactors(revision_rounds=campaign["revision_rounds"],
                           review_days=campaign["review_days"], qc_score=campaign["qc_score"])
