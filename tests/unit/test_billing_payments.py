"""Payments: partial, full, duplicate, excessive and mismatched, through the actor."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from actors.billing import BillingActor
from actors.billing import _tables as t
from contracts.billing import PaymentRecorded, VoidInvoice
from contracts.common import derived_id
from contracts.envelope import ErrorCode
from tests.stores import store_config
from tests.support import FakeClock, call, envelope, rows, send
from tests.unit.factories.billing import INVOICE_ID, invoice_in, issue, pay

pytestmark = pytest.mark.usefixtures("each_store")

TOTAL = Decimal("3880.00")  # issue(): US, no tax


@pytest.fixture
async def actor(started_actor):
    a = await started_actor(BillingActor, "billing")
    await send(a, issue())
    return a


async def stored(actor) -> tuple[dict, list[dict]]:
    [head] = await rows(actor, t.invoices)
    return head, await rows(actor, select(t.payments).order_by(t.payments.c.position))


async def test_partial_payments_accumulate_then_settle(actor):
    [first] = await send(actor, pay("1000.00", "p-1"))
    assert PaymentRecorded.model_validate(first.payload).applied
    invoice = invoice_in(first)
    assert (invoice.amount_paid, invoice.balance, invoice.status) == (
        Decimal("1000.00"), Decimal("2880.00"), "sent")
    [second] = await send(actor, pay("2880", "p-2", received_on=date(2027, 1, 25)))
    invoice = invoice_in(second)
    assert (invoice.amount_paid, invoice.balance, invoice.status) == (TOTAL, Decimal(0), "paid")
    assert [(p.payment_id, p.amount, p.received_on) for p in invoice.payments] == [
        ("p-1", Decimal("1000.00"), date(2027, 1, 20)),
        ("p-2", Decimal("2880.00"), date(2027, 1, 25))]
    head, payments = await stored(actor)
    assert (head["status"], head["amount_paid"], head["balance"]) == ("paid", "3880.00", "0.00")
    assert [p["amount"] for p in payments] == ["1000.00", "2880.00"]  # as text, in cents


async def test_a_payment_id_seen_before_is_not_applied_again(actor):
    [first] = await send(actor, pay("500.00", "p-1"))
    [again] = await send(actor, pay("500.00", "p-1"))  # new message id, same payment
    [different] = await send(actor, pay("700.00", "p-1"))  # even with another amount
    assert PaymentRecorded.model_validate(again.payload).applied is False
    assert invoice_in(again) == invoice_in(different) == invoice_in(first)
    head, payments = await stored(actor)
    assert head["amount_paid"] == "500.00" and len(payments) == 1


async def test_redelivered_payment_gets_its_stored_reply(actor):
    env = envelope(pay("500.00"), now=actor.clock.current)
    [first] = await call(actor, env)
    [again] = await call(actor, env)
    assert again == first and PaymentRecorded.model_validate(again.payload).applied


async def test_the_same_payment_twice_in_one_frame_applies_once(actor):
    first, second = await send(actor, pay("500.00"), pay("500.00"))
    assert PaymentRecorded.model_validate(first.payload).applied
    assert not PaymentRecorded.model_validate(second.payload).applied
    assert invoice_in(second).amount_paid == Decimal("500.00")


async def test_issue_and_pay_in_one_frame(actor):
    other = derived_id("invoice", "c-2")
    issued, paid = await send(actor, issue("c-2"), pay("3880.00", "p-9", invoice_id=other))
    assert invoice_in(issued).status == "sent" and invoice_in(paid).status == "paid"


@pytest.mark.parametrize(("payment", "needle"), [
    (pay("3880.01"), "payment exceeds balance"),
    (pay("10.00", currency="EUR"), "is in EUR; invoice INV-2027-000001 is in USD"),
    (pay("10.005"), "more decimals than USD has (2)"),
])
async def test_refused_payments_are_bad_payload_and_change_nothing(actor, payment, needle):
    [reply] = await send(actor, payment)
    assert reply.error.code is ErrorCode.BAD_PAYLOAD and not reply.error.retryable
    assert needle in reply.error.message
    head, payments = await stored(actor)
    assert head["amount_paid"] == "0.00" and payments == []
    [retry] = await send(actor, pay("10.00"))  # the refused payment id stays usable
    assert PaymentRecorded.model_validate(retry.payload).applied


async def test_nothing_more_can_be_paid_once_paid(actor):
    await send(actor, pay(str(TOTAL)))
    [reply] = await send(actor, pay("0.01", "p-2"))
    assert reply.error.code is ErrorCode.BAD_PAYLOAD and "exceeds balance" in reply.error.message


async def test_zero_or_negative_amounts_are_refused_at_the_boundary(actor):
    body = {**pay("1").model_dump(mode="python"), "amount": "0"}
    [reply] = await call(actor, envelope(pay("1"), payload=body, now=actor.clock.current))
    assert reply.error.code is ErrorCode.BAD_PAYLOAD


async def test_unknown_invoice_is_not_found(actor):
    [reply] = await send(actor, pay("10.00", invoice_id="no-such-invoice"))
    assert reply.error.code is ErrorCode.NOT_FOUND


async def test_a_payment_id_belongs_to_one_invoice(actor):
    await send(actor, issue("c-2"), pay("10.00", "p-1"))
    [reply] = await send(actor, pay("10.00", "p-1", invoice_id=derived_id("invoice", "c-2")))
    assert reply.error.code is ErrorCode.CONFLICT and INVOICE_ID in reply.error.message


async def test_a_void_invoice_takes_no_payments(actor):
    await send(actor, pay("100.00", "p-1"), VoidInvoice(campaign_id="c-1", reason="cancelled"))
    [reply] = await send(actor, pay("10.00", "p-2"))
    assert reply.error.code is ErrorCode.CONFLICT and "void" in reply.error.message
    [seen] = await send(actor, pay("100.00", "p-1"))  # but a resent old payment is still known
    assert PaymentRecorded.model_validate(seen.payload).applied is False


async def test_yen_payments_are_whole_yen(tmp_path):
    a = BillingActor(store_config(tmp_path, "yen"), FakeClock())
    await send(a, issue(currency="JPY", geography="Japan", deliverables={"x": 1}))
    bad, good = await send(a, pay("100.5", "p-1", currency="JPY"),
                           pay("9900", "p-2", currency="JPY"))
    await a.close()
    assert bad.error.code is ErrorCode.BAD_PAYLOAD
    assert invoice_in(good).balance == Decimal("0") and invoice_in(good).status == "paid"
