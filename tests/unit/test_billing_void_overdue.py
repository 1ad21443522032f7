"""The compensation (VoidInvoice, with its tombstone) and overdue detection on the clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from actors.billing import BillingActor
from actors.billing import _tables as t
from contracts.billing import InvoiceVoided, MarkOverdue, OverdueMarked, VoidInvoice
from contracts.common import derived_id
from contracts.envelope import ErrorCode
from tests.support import call, envelope, rows, send
from tests.unit.factories.billing import INVOICE_ID, invoice_in, issue, pay

pytestmark = pytest.mark.usefixtures("each_store")

DUE = date(2027, 2, 3)  # issued 2027-01-04 on 30-day terms


@pytest.fixture
async def actor(started_actor):
    return await started_actor(BillingActor, "billing")


async def heads(actor) -> dict[str, dict]:
    return {row["campaign_id"]: row for row in await rows(actor, t.invoices)}


def voided(reply) -> InvoiceVoided:
    return InvoiceVoided.model_validate(reply.payload)


def void(campaign_id: str = "c-1") -> VoidInvoice:
    return VoidInvoice(campaign_id=campaign_id, reason="client rejected the work")


def on(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)


async def test_void_after_issue_tombstones_and_reports_the_refund(actor):
    await send(actor, issue(), pay("1000.00"))
    [first] = await send(actor, void())
    assert voided(first) == InvoiceVoided(campaign_id="c-1", invoice_id=INVOICE_ID,
                                          was_open=True, refund_due=Decimal("1000.00"),
                                          currency="USD")
    [again] = await send(actor, void())  # idempotent: nothing more to undo
    assert voided(again).was_open is False and voided(again).refund_due == Decimal("1000.00")
    row = (await heads(actor))["c-1"]
    assert (row["status"], row["void_reason"]) == ("void", "client rejected the work")
    assert row["voided_at"] == actor.clock.current.isoformat()
    [late] = await send(actor, issue())
    assert late.error.code is ErrorCode.CONFLICT and not late.error.retryable
    assert late.error.message == "invoice for campaign c-1 was voided"


async def test_void_of_a_paid_invoice_refunds_everything(actor):
    await send(actor, issue(), pay("3880.00"))
    [reply] = await send(actor, void())
    assert voided(reply).was_open and voided(reply).refund_due == Decimal("3880.00")


async def test_void_before_issue_leaves_a_tombstone_that_blocks_it(actor):
    [reply] = await send(actor, void())
    assert voided(reply) == InvoiceVoided(campaign_id="c-1", invoice_id=None, was_open=False,
                                          refund_due=Decimal(0), currency=None)
    [late] = await send(actor, issue())
    assert late.error.code is ErrorCode.CONFLICT
    assert (await heads(actor))["c-1"]["invoice_id"] is None
    async with actor.engine.connect() as conn:
        assert (await conn.execute(select(t.invoice_numbers))).all() == []  # no number spent


async def test_void_and_issue_in_one_frame_respect_their_order(actor):
    blocked = await send(actor, void("c-1"), issue("c-1"))
    issued = await send(actor, issue("c-2"), void("c-2"))
    assert blocked[1].error.code is ErrorCode.CONFLICT
    assert voided(issued[1]).was_open and voided(issued[1]).invoice_id == derived_id(
        "invoice", "c-2")


async def test_void_redelivery_returns_the_stored_reply(actor):
    await send(actor, issue())
    env = envelope(void(), now=actor.clock.current)
    [first] = await call(actor, env)
    [again] = await call(actor, env)
    assert again == first and voided(again).was_open


async def test_overdue_on_the_clock(actor):
    await send(actor, issue("c-1"), issue("c-2"), issue("c-3"))
    await send(actor, pay("3880.00", "p-3", invoice_id=derived_id("invoice", "c-3")))
    actor.clock.current = on(DUE)
    [on_due_day] = await send(actor, MarkOverdue())
    assert OverdueMarked.model_validate(on_due_day.payload).invoices == []  # due today: not yet
    actor.clock.current = on(DUE + timedelta(days=1))
    [marked] = await send(actor, MarkOverdue())
    summaries = OverdueMarked.model_validate(marked.payload).invoices
    assert [(s.campaign_id, s.status) for s in summaries] == [("c-1", "overdue"),
                                                              ("c-2", "overdue")]
    [again] = await send(actor, MarkOverdue())  # only newly overdue invoices are listed
    assert OverdueMarked.model_validate(again.payload).invoices == []
    assert {k: r["status"] for k, r in (await heads(actor)).items()} == {
        "c-1": "overdue", "c-2": "overdue", "c-3": "paid"}


async def test_partial_payment_keeps_overdue_and_settling_makes_it_paid(actor):
    await send(actor, issue())
    actor.clock.current = on(DUE + timedelta(days=10))
    await send(actor, MarkOverdue())
    [partial] = await send(actor, pay("1000.00", "p-1"))
    assert invoice_in(partial).status == "overdue"
    [settled] = await send(actor, pay("2880.00", "p-2"))
    assert invoice_in(settled).status == "paid" and invoice_in(settled).balance == 0


async def test_explicit_as_of_and_no_future_dates(actor):
    await send(actor, issue())
    actor.clock.current = on(date(2027, 3, 1))
    [past] = await send(actor, MarkOverdue(as_of=DUE))  # as of the due date: not overdue
    assert OverdueMarked.model_validate(past.payload).invoices == []
    [future] = await send(actor, MarkOverdue(as_of=date(2027, 3, 2)))
    assert future.error.code is ErrorCode.BAD_PAYLOAD and "after today" in future.error.message
    [now] = await send(actor, MarkOverdue(as_of=date(2027, 3, 1)))
    assert len(OverdueMarked.model_validate(now.payload).invoices) == 1


async def test_void_and_paid_invoices_never_go_overdue(actor):
    await send(actor, issue("c-1"), issue("c-2"), void("c-1"),
               pay("3880.00", invoice_id=derived_id("invoice", "c-2")), void("c-9"))
    actor.clock.current = on(DUE + timedelta(days=60))
    [reply] = await send(actor, MarkOverdue())
    assert OverdueMarked.model_validate(reply.payload).invoices == []


async def test_overdue_sees_a_payment_made_earlier_in_the_same_frame(actor):
    await send(actor, issue("c-1"), issue("c-2"))
    actor.clock.current = on(DUE + timedelta(days=1))
    _, marked = await send(actor, pay("3880.00"), MarkOverdue())
    [summary] = OverdueMarked.model_validate(marked.payload).invoices
    assert summary.campaign_id == "c-2"  # c-1 was settled just before, in this frame
    assert {k: r["status"] for k, r in (await heads(actor)).items()} == {
        "c-1": "paid", "c-2": "overdue"}
