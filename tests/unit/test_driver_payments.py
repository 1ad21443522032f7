"""The driver's payments (LifecycleApi.record_payment, what `aicmo pay` calls) name the
invoice by its id or by the number the client quotes; either way it is one payment. Billing's
real actor answers, in this process."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from actors.billing import BillingActor
from contracts.codec import encode_request
from contracts.common import Contract
from driver.api import LifecycleApi
from driver.errors import NotFound
from driver.requests import answer
from tests.support import envelope, send
from tests.unit.factories.billing import invoice_in, issue

PAID_ON = date(2027, 1, 20)


class OnBilling(LifecycleApi):
    """The driver API with billing's actor behind it. The driver API is synchronous, as a
    script's is: the test calls it on a worker thread, which hands each request to the
    test's event loop where the actor lives."""

    def __init__(self, actor: BillingActor, loop: asyncio.AbstractEventLoop):
        self._actor, self._loop = actor, loop

    def ask_module(self, destination: str, message: Contract, expected: type[Contract]) -> Any:
        assert destination == "billing"
        frame = encode_request(envelope(message, now=self._actor.clock.current))
        reply = asyncio.run_coroutine_threadsafe(self._actor.handle(frame), self._loop)
        return answer(reply.result(timeout=30), expected)


@pytest.fixture
async def billing(started_actor):
    actor = await started_actor(BillingActor, "billing")
    [issued] = await send(actor, issue("c-1"), now=datetime(2027, 1, 5, 12, tzinfo=UTC))
    return OnBilling(actor, asyncio.get_running_loop()), invoice_in(issued)


async def pay(api: OnBilling, invoice: str, amount: str = "100.00") -> Any:
    return await asyncio.to_thread(api.record_payment, invoice, Decimal(amount), "USD",
                                   received_on=PAID_ON)


async def test_a_payment_by_number_lands_on_that_invoice(billing):
    api, invoice = billing

    recorded = await pay(api, invoice.number)

    assert recorded.applied and recorded.invoice.invoice_id == invoice.invoice_id
    assert recorded.invoice.amount_paid == Decimal("100.00")


async def test_the_same_payment_by_number_then_by_id_applies_once(billing):
    api, invoice = billing

    first = await pay(api, invoice.number.lower())  # as typed by someone in a hurry
    again = await pay(api, invoice.invoice_id)

    assert (first.applied, again.applied) == (True, False)
    assert again.invoice.amount_paid == Decimal("100.00")


async def test_an_unknown_number_is_not_found_by_number(billing):
    api, _ = billing

    with pytest.raises(NotFound) as missing:
        await pay(api, "INV-1999-000042")

    assert str(missing.value) == "no invoice numbered INV-1999-000042"


async def test_an_unknown_id_is_not_found_by_id(billing):
    api, _ = billing

    with pytest.raises(NotFound) as missing:
        await pay(api, "no-such-invoice")

    assert str(missing.value) == "no invoice no-such-invoice"
