"""Billing answers GetInvoice by the invoice's number too: the number is what a client
quotes and what `aicmo invoices` prints first, and `aicmo pay` takes it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from actors.billing import BillingActor
from contracts.billing import GetInvoice
from contracts.envelope import ErrorCode
from tests.support import send
from tests.unit.factories.billing import invoice_in, issue


@pytest.fixture
async def actor(started_actor):
    a = await started_actor(BillingActor, "billing")
    await send(a, issue("c-1"), issue("c-2"), now=datetime(2027, 1, 5, 12, tzinfo=UTC))
    return a


async def test_an_invoice_is_found_by_its_number(actor):
    [first] = await send(actor, GetInvoice(campaign_id="c-2"))
    number = invoice_in(first).number

    [by_number] = await send(actor, GetInvoice(number=number))

    assert invoice_in(by_number) == invoice_in(first)
    assert invoice_in(by_number).campaign_id == "c-2"


async def test_an_unknown_number_is_not_found_and_says_so(actor):
    [reply] = await send(actor, GetInvoice(number="INV-1999-000001"))

    assert reply.error is not None and reply.error.code is ErrorCode.NOT_FOUND
    assert reply.error.message == "no invoice numbered INV-1999-000001"


def test_a_number_with_another_key_is_refused():
    with pytest.raises(ValidationError, match="exactly one"):
        GetInvoice(number="INV-2027-000001", invoice_id="i-1")
