"""Client-level changes every handler ends with: re-derive the client from its live campaigns
and keep its one renewal follow-up where it belongs."""

from __future__ import annotations

import json
from datetime import date, datetime

from actors._kernel import Row, Tx
from contracts.common import derived_id
from contracts.retention import Lifecycle

from ._ledger import Book, parse_date, put_client, put_follow_up
from ._lifecycle import settled_lifecycle
from ._risk import assess_risk
from ._schedule import renewal_due, renewal_note, term_end
from ._upsell import suggest_upsell
from ._views import delivered_on, delivery_factors


def new_client(client_id: str, client_name: str, contract_end: date | None, now: datetime) -> Row:
    return {"client_id": client_id, "client_name": client_name, "lifecycle": "onboarding",
            "contract_end": contract_end.isoformat() if contract_end else None,
            "term_end": None, "overdue_invoices": 0, "risk_json": None, "upsell_json": "[]",
            "updated_at": now.isoformat()}


def settle(tx: Tx, book: Book, client: Row, now: datetime, *, delivered_now: bool = False,
           lifecycle: Lifecycle | None = None) -> int:
    """Store `client` with its term end, risk, upsell and lifecycle re-derived from the live
    campaigns (risk from the most recent delivery; see _risk), then place the renewal.

    `lifecycle` overrides the derived one (a renewal). Returns renewals cancelled.
    """
    live = book.live()
    risk = assess_risk(delivery_factors(live[-1] if live else None), client["overdue_invoices"])
    upsell = suggest_upsell(client["client_name"], _channels(live, "channels_used_json"),
                            _channels(live, "channels_unavailable_json")) if live else []
    ends = term_end(parse_date(client["contract_end"]),
                    (date.fromisoformat(c["campaign_end"]) for c in live))
    derived = settled_lifecycle(client["lifecycle"], bool(live), risk, delivered_now=delivered_now)
    put_client(tx, book, {
        **client, "lifecycle": lifecycle or derived, "term_end": ends.isoformat() if ends else None,
        "risk_json": risk.model_dump_json() if risk else None,
        "upsell_json": json.dumps([u.model_dump(mode="json") for u in upsell]),
        "updated_at": now.isoformat()})
    return place_renewal(tx, book, now)


def _channels(campaigns: list[Row], column: str) -> list[str]:
    return [channel for campaign in campaigns for channel in json.loads(campaign[column])]


def place_renewal(tx: Tx, book: Book, now: datetime) -> int:
    """Keep exactly one scheduled renewal follow-up per engaged client, due 30 days before
    its term ends. Returns how many renewals it cancelled (all, once nothing live is left).

    The open renewal stays with the campaign that created it and moves when the term end
    moved; a renewal already done for the same due date is not scheduled again.
    """
    client, live, opened = book.client, book.live(), book.open_renewals()
    assert client is not None
    if not live:
        return close(tx, book, opened, "cancelled", now)
    if client["lifecycle"] == "churned" or client["term_end"] is None:
        return 0
    ends = date.fromisoformat(client["term_end"])
    due = renewal_due(ends, delivered_on(live[-1])).isoformat()
    note = renewal_note(client["client_name"], ends, client["contract_end"] is not None)
    if opened:
        if (opened[0]["due_on"], opened[0]["note"]) != (due, note):
            put_follow_up(tx, book, {**opened[0], "due_on": due, "note": note,
                                     "updated_at": now.isoformat()})
        return 0
    follow_up_id = derived_id("follow-up", live[-1]["campaign_id"], "renewal")
    taken = book.follow_ups.get(follow_up_id)
    if any(f["kind"] == "renewal" and f["status"] == "done" and f["due_on"] == due
           for f in book.follow_ups.values()) or (taken and taken["status"] == "done"):
        return 0
    put_follow_up(tx, book, follow_up_row(follow_up_id, live[-1]["campaign_id"], book.client_id,
                                          "renewal", due, note, now))
    return 0


def follow_up_row(follow_up_id: str, campaign_id: str, client_id: str, kind: str, due_on: str,
                  note: str, now: datetime) -> Row:
    return {"follow_up_id": follow_up_id, "campaign_id": campaign_id, "client_id": client_id,
            "kind": kind, "due_on": due_on, "status": "scheduled", "note": note,
            "updated_at": now.isoformat()}


def close(tx: Tx, book: Book, rows: list[Row], status: str, now: datetime) -> int:
    """Give these follow-ups a final status; returns how many changed."""
    for row in rows:
        put_follow_up(tx, book, {**row, "status": status, "updated_at": now.isoformat()})
    return len(rows)
