"""Issuing invoices through the actor: rows in billing's database, numbers, one per campaign."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from actors.billing import BillingActor, RateCard
from actors.billing import _tables as t
from actors.billing._rate_data import DEFAULT_RATE_CARD
from contracts.billing import VoidInvoice
from contracts.common import derived_id
from contracts.envelope import ErrorCode
from tests.stores import store_config
from tests.support import FakeClock, call, envelope, rows, send
from tests.unit.factories.billing import invoice_in, issue

pytestmark = pytest.mark.usefixtures("each_store")


@pytest.fixture
async def actor(started_actor):
    return await started_actor(BillingActor, "billing")


async def test_issues_and_sends_a_priced_invoice(actor):
    [reply] = await send(actor, issue(geography="UK"))
    assert reply.type == "InvoiceIssued"
    invoice = invoice_in(reply)
    assert invoice.invoice_id == derived_id("invoice", "c-1")
    assert invoice.number == "INV-2027-000001" and invoice.status == "sent"
    assert (invoice.issued_on, invoice.due_on) == (date(2027, 1, 4), date(2027, 2, 3))
    assert (invoice.subtotal, invoice.tax) == (Decimal("3880.00"), Decimal("776.00"))
    assert invoice.total == invoice.balance == Decimal("4656.00")
    assert invoice.amount_paid == 0 and invoice.payments == []
    assert sum(line.amount for line in invoice.lines) == invoice.total
    [row] = await rows(actor, t.invoices)
    assert (row["status"], row["total"], row["balance"]) == ("sent", "4656.00", "4656.00")
    lines = await rows(actor, t.invoice_lines)
    assert [(r["kind"], r["amount"]) for r in sorted(lines, key=lambda r: r["position"])] == [
        ("strategy", "2500.00"), ("calendar", "400.00"), ("linkedin", "480.00"),
        ("email", "500.00"), ("tax", "776.00")]


async def test_one_invoice_per_campaign_under_new_message_ids(actor):
    [first] = await send(actor, issue())
    actor.clock.current = datetime(2027, 1, 9, tzinfo=UTC)
    [again] = await send(actor, issue(deliverables={"x": 50}))  # new id, new content
    assert invoice_in(again) == invoice_in(first)  # the invoice already issued, unchanged
    assert len(await rows(actor, t.invoices)) == 1
    assert len(await rows(actor, t.invoice_lines)) == 5


async def test_redelivery_returns_the_stored_reply(actor):
    env = envelope(issue())
    [first] = await call(actor, env)
    [again] = await call(actor, env)
    assert again == first
    assert len(await rows(actor, t.processed)) == 1


async def test_same_campaign_twice_in_one_frame_makes_one_invoice(actor):
    first, second = await call(actor, envelope(issue()), envelope(issue()))
    assert first.payload == second.payload
    assert [r["last_number"] for r in await rows(actor, t.invoice_numbers)] == [1]


async def test_numbers_are_a_per_year_sequence(actor):
    replies = await send(actor, *[issue(f"c-{i}") for i in range(3)])
    [later] = await send(actor, issue("c-3"))
    actor.clock.current = datetime(2028, 1, 1, 0, 0, 1, tzinfo=UTC)
    [new_year] = await send(actor, issue("c-4"))
    numbers = [invoice_in(r).number for r in [*replies, later, new_year]]
    assert numbers == ["INV-2027-000001", "INV-2027-000002", "INV-2027-000003",
                       "INV-2027-000004", "INV-2028-000001"]
    assert sorted((r["year"], r["last_number"]) for r in await rows(actor, t.invoice_numbers)) \
        == [(2027, 4), (2028, 1)]


async def test_a_refused_invoice_takes_no_number(actor):
    good, _, bad, after = await call(
        actor, envelope(issue("c-1")),
        envelope(VoidInvoice(campaign_id="c-2", reason="client walked away")),
        envelope(issue("c-2")), envelope(issue("c-3")))
    assert good.ok and bad.error.code is ErrorCode.CONFLICT and not bad.error.retryable
    assert invoice_in(after).number == "INV-2027-000002"
    assert {r["campaign_id"]: r["status"] for r in await rows(actor, t.invoices)} == {
        "c-1": "sent", "c-2": "void", "c-3": "sent"}


async def test_a_currency_without_a_price_list_is_billed_in_the_base_currency(actor):
    [reply] = await call(actor, envelope(issue("c-1", currency="BRL")))
    invoice = invoice_in(reply)
    assert invoice.currency == "USD"
    assert invoice.total == sum(line.amount for line in invoice.lines)


async def test_a_restarted_actor_continues_the_sequence(tmp_path, actor):
    await call(actor, envelope(issue("c-1")))
    await actor.close()
    again = BillingActor(store_config(tmp_path, "billing"), FakeClock())
    [reply] = await call(again, envelope(issue("c-2")))
    await again.close()
    assert invoice_in(reply).number == "INV-2027-000002"


async def test_issue_date_is_the_utc_date_on_the_clock(actor):
    actor.clock.current = datetime.fromisoformat("2027-03-31T23:30:00-05:00")  # Apr 1 in UTC
    [reply] = await send(actor, issue())
    assert invoice_in(reply).issued_on == date(2027, 4, 1)


async def test_payment_terms_come_from_the_rate_card(tmp_path):
    card = RateCard.from_mapping({**DEFAULT_RATE_CARD, "payment_terms_days": 14})
    a = BillingActor(store_config(tmp_path, "b2"), FakeClock(), rate_card=card)
    [reply] = await call(a, envelope(issue(currency="JPY", geography="Japan")))
    await a.close()
    invoice = invoice_in(reply)
    assert invoice.due_on == date(2027, 1, 18)
    assert str(invoice.total) == "641300"  # (375000 + 60000 + 4 x 18000 + 2 x 38000) x 1.10


@pytest.mark.parametrize(("payload", "needle"), [
    ({"deliverables": {"tiktok": 3}}, "unknown deliverables ['tiktok']"),
    ({"deliverables": {"strategy": 2}}, "one strategy"),
    ({"deliverables": {"x": 0}}, "nothing to invoice"),
    ({"deliverables": {"x": -1}}, "greater than or equal to 0"),
    ({"currency": "usd"}, "currency"),
    ({"revision_rounds": -1}, "revision_rounds"),
])
async def test_bad_commands_get_typed_errors(actor, payload, needle):
    body = {**issue().model_dump(mode="python"), **payload}
    [reply] = await call(actor, envelope(issue(), payload=body))
    assert reply.error.code is ErrorCode.BAD_PAYLOAD and needle in reply.error.message
    assert await rows(actor, t.invoices) == []
