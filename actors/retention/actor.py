"""The retention module: each client's lifecycle, renewal risk, upsell and follow-ups."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import ScalarResult, select

from actors._kernel import Conflict, ModuleActor, NotFound, Route, Row, Tx
from contracts.common import Contract, derived_id
from contracts.envelope import Envelope
from contracts.retention import (
    AssessRenewalRisk,
    CancelFollowUps,
    ClientHealth,
    ClientOpened,
    CompleteFollowUp,
    FollowUpCompleted,
    FollowUpList,
    FollowUpsCancelled,
    FollowUpsScheduled,
    GetClientHealth,
    LifecycleSwept,
    ListFollowUps,
    OpenClient,
    RenewalRiskAssessed,
    ScheduleFollowUps,
    SweepLifecycle,
)

from . import _ledger as ledger
from . import _tables as t
from ._client import close, follow_up_row, new_client, settle
from ._lifecycle import has_churned, is_renewal, renewed_lifecycle
from ._queries import list_follow_ups
from ._schedule import check_in_note, follow_up_dates, review_note
from ._views import follow_up_order, follow_up_view, health_view, risk_view, upsell_view, utc_text


class RetentionActor(ModuleActor):
    module = "retention"
    metadata = t.metadata
    processed = t.processed
    migrations = Path(__file__).parent / "migrations"

    def routes(self) -> list[Route[Any, Contract]]:
        return [
            Route(OpenClient, self._open),
            Route(ScheduleFollowUps, self._schedule),
            Route(AssessRenewalRisk, self._assess),
            Route(SweepLifecycle, self._sweep),
            Route(CompleteFollowUp, self._complete),
            Route(CancelFollowUps, self._cancel),
            Route(ListFollowUps, self._list, is_query=True),
            Route(GetClientHealth, self._health, is_query=True),
        ]

    async def prefetch(self, tx: Tx, commands: list[tuple[Envelope, Any]]) -> None:
        """Load the frame's campaigns and follow-ups, then the Books of every client they or
        the commands name, in a handful of queries."""
        messages = [m for _, m in commands]
        campaigns, follow_ups = tx.rows(t.campaigns), tx.rows(t.follow_ups)
        await campaigns.load([m.campaign_id for m in messages if hasattr(m, "campaign_id")])
        await follow_ups.load([m.follow_up_id for m in messages
                               if isinstance(m, CompleteFollowUp)])
        clients = [m.client_id for m in messages if hasattr(m, "client_id")]
        clients += [row["client_id"] for row in (*campaigns, *follow_ups) if row["client_id"]]
        await ledger.load_books(tx, clients)

    async def _open(self, tx: Tx, cmd: OpenClient, env: Envelope) -> ClientOpened:
        book = await ledger.book(tx, cmd.client_id)
        now = self.clock.now()
        current = book.client or new_client(cmd.client_id, cmd.client_name, cmd.contract_end, now)
        old_end = ledger.parse_date(current["term_end"])
        renewal = is_renewal(current["lifecycle"], old_end, cmd.contract_end)
        end = cmd.contract_end.isoformat() if cmd.contract_end else current["contract_end"]
        client = {**current, "client_name": cmd.client_name, "contract_end": end}
        settle(tx, book, client, now,
               lifecycle=renewed_lifecycle(bool(book.live())) if renewal else None)
        return ClientOpened(client=health_view(book))

    async def _schedule(self, tx: Tx, cmd: ScheduleFollowUps, env: Envelope) -> FollowUpsScheduled:
        known = await ledger.campaign(tx, cmd.campaign_id)
        if known is not None and known["status"] == "cancelled":
            raise Conflict(f"campaign {cmd.campaign_id}'s follow-ups were cancelled")
        if known is not None:  # scheduled before: the same follow-ups, nothing new
            return self._scheduled(await ledger.book(tx, known["client_id"]), cmd.campaign_id)
        book = await ledger.book(tx, cmd.client_id)
        now = self.clock.now()
        current = book.client or new_client(cmd.client_id, cmd.client_name, None, now)
        ledger.put_campaign(tx, book, _campaign_row(cmd, now))
        self._schedule_campaign_follow_ups(tx, book, cmd, now)
        end = cmd.contract_end.isoformat() if cmd.contract_end else current["contract_end"]
        client = {**current, "client_name": cmd.client_name, "contract_end": end,
                  "overdue_invoices": max(current["overdue_invoices"], cmd.overdue_invoices)}
        settle(tx, book, client, now, delivered_now=True)
        return self._scheduled(book, cmd.campaign_id)

    def _schedule_campaign_follow_ups(self, tx: Tx, book: ledger.Book, cmd: ScheduleFollowUps,
                                      now: datetime) -> None:
        """The check-in and performance review; the renewal is the client's (see settle)."""
        delivered = cmd.delivered_at.astimezone(UTC).date()
        dates = follow_up_dates(delivered, cmd.contract_end or cmd.campaign_end,
                                cmd.campaign_start)
        notes = {"check_in": check_in_note(cmd.client_name, cmd.campaign_id, cmd.channels_used),
                 "performance_review": review_note(cmd.client_name, cmd.campaign_id,
                                                   cmd.channels_used)}
        for kind, note in notes.items():
            ledger.put_follow_up(tx, book, follow_up_row(
                derived_id("follow-up", cmd.campaign_id, kind), cmd.campaign_id, cmd.client_id,
                kind, dates[kind].isoformat(), note, now))

    def _scheduled(self, book: ledger.Book, campaign_id: str) -> FollowUpsScheduled:
        client = book.client
        assert client is not None
        rows = [f for f in book.follow_ups.values() if f["campaign_id"] == campaign_id]
        rows += [f for f in book.open_renewals() if f["campaign_id"] != campaign_id]
        risk = risk_view(client)
        assert risk is not None, "a client with a delivered campaign always has a risk"
        return FollowUpsScheduled(
            campaign_id=campaign_id, client_id=book.client_id,
            follow_ups=[follow_up_view(f) for f in sorted(rows, key=follow_up_order)],
            lifecycle=client["lifecycle"], risk=risk, upsell=upsell_view(client))

    async def _assess(self, tx: Tx, cmd: AssessRenewalRisk, env: Envelope) -> RenewalRiskAssessed:
        book = await ledger.book(tx, cmd.client_id)
        if book.client is None:
            raise NotFound(f"no client {cmd.client_id}")
        settle(tx, book, {**book.client, "overdue_invoices": cmd.overdue_invoices},
               self.clock.now())
        return RenewalRiskAssessed(client=health_view(book))

    async def _sweep(self, tx: Tx, cmd: SweepLifecycle, env: Envelope) -> LifecycleSwept:
        as_of = cmd.as_of.isoformat()
        stale: ScalarResult[str] = await tx.conn.scalars(select(t.clients.c.client_id).where(
            t.clients.c.lifecycle != "churned", t.clients.c.term_end < as_of))
        await ledger.load_books(tx, list(stale))
        now = self.clock.now()
        churned = []
        for book in ledger.known_books(tx):
            client = book.client
            assert client is not None, "known_books makes each Book from its client row"
            if has_churned(client["lifecycle"], ledger.parse_date(client["term_end"]),
                           cmd.as_of):
                ledger.put_client(tx, book, {**client, "lifecycle": "churned",
                                             "updated_at": now.isoformat()})
                close(tx, book, book.open_renewals(), "cancelled", now)
                churned.append(book.client_id)
        return LifecycleSwept(churned=sorted(churned))

    async def _complete(self, tx: Tx, cmd: CompleteFollowUp, env: Envelope) -> FollowUpCompleted:
        owner = await ledger.follow_up_client(tx, cmd.follow_up_id)
        if owner is None:
            raise NotFound(f"no follow-up {cmd.follow_up_id}")
        book = await ledger.book(tx, owner)
        row = book.follow_ups[cmd.follow_up_id]
        if row["status"] == "cancelled":
            raise Conflict(f"follow-up {cmd.follow_up_id} was cancelled")
        if row["status"] == "scheduled":
            note = f"{row['note']}\nOutcome: {cmd.note}" if cmd.note.strip() else row["note"]
            row = {**row, "status": "done", "note": note,
                   "updated_at": self.clock.now().isoformat()}
            ledger.put_follow_up(tx, book, row)
        return FollowUpCompleted(follow_up=follow_up_view(row))

    async def _cancel(self, tx: Tx, cmd: CancelFollowUps, env: Envelope) -> FollowUpsCancelled:
        known = await ledger.campaign(tx, cmd.campaign_id)
        now = self.clock.now()
        if known is None:  # never scheduled (or still in flight): refuse it when it comes
            ledger.put_campaign(tx, None, _tombstone(cmd, now))
            return FollowUpsCancelled(campaign_id=cmd.campaign_id, cancelled=0)
        if known["status"] == "cancelled":
            return FollowUpsCancelled(campaign_id=cmd.campaign_id, cancelled=0)
        book = await ledger.book(tx, known["client_id"])
        ledger.put_campaign(tx, book, {**known, "status": "cancelled", "reason": cmd.reason,
                                       "updated_at": now.isoformat()})
        # The renewal is the client's, not the campaign's: settle cancels it only when no
        # live campaign is left to renew.
        own = [f for f in book.follow_ups.values() if f["campaign_id"] == cmd.campaign_id
               and f["status"] == "scheduled" and f["kind"] != "renewal"]
        cancelled = close(tx, book, own, "cancelled", now)
        assert book.client is not None, "a scheduled campaign's client row is stored with it"
        cancelled += settle(tx, book, book.client, now)
        return FollowUpsCancelled(campaign_id=cmd.campaign_id, cancelled=cancelled)

    async def _list(self, tx: Tx, query: ListFollowUps, env: Envelope) -> FollowUpList:
        rows = await list_follow_ups(tx, query)
        return FollowUpList(follow_ups=[follow_up_view(r) for r in rows])

    async def _health(self, tx: Tx, query: GetClientHealth, env: Envelope) -> ClientHealth:
        book = await ledger.book(tx, query.client_id)
        if book.client is None:
            raise NotFound(f"no client {query.client_id}")
        return health_view(book)


def _campaign_row(cmd: ScheduleFollowUps, now: datetime) -> Row:
    return {"campaign_id": cmd.campaign_id, "client_id": cmd.client_id, "status": "live",
            "delivered_at": utc_text(cmd.delivered_at),
            "campaign_end": cmd.campaign_end.isoformat(),
            "channels_used_json": json.dumps([c.value for c in cmd.channels_used]),
            "channels_unavailable_json": json.dumps([c.value for c in cmd.channels_unavailable]),
            "revision_rounds": cmd.revision_rounds, "review_days": cmd.review_days,
            "qc_score": cmd.qc_score, "reason": None, "updated_at": now.isoformat()}


def _tombstone(cmd: CancelFollowUps, now: datetime) -> Row:
    return {"campaign_id": cmd.campaign_id, "client_id": None, "status": "cancelled",
            "delivered_at": None, "campaign_end": None, "channels_used_json": "[]",
            "channels_unavailable_json": "[]", "revision_rounds": 0, "review_days": 0.0,
            "qc_score": 0, "reason": cmd.reason, "updated_at": now.isoformat()}
