"""Billing's queries and filters, its contracts' validation, and the codec factories."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from actors.billing import BillingActor
from contracts import billing
from contracts.billing import (
    GetInvoice,
    InvoiceList,
    InvoiceView,
    ListInvoices,
    MarkOverdue,
    VoidInvoice,
)
from contracts.common import derived_id
from contracts.envelope import ErrorCode
from tests.support import send
from tests.unit.factories.billing import FACTORIES, invoice_in, issue, pay

pytestmark = pytest.mark.usefixtures("each_store")


@pytest.fixture
async def actor(started_actor):
    return await started_actor(BillingActor, "billing")


@pytest.fixture
async def ledger(actor):
    """c-3 (Acme, Jan 4), c-1 (Northwind, Jan 5, paid), c-2 (Northwind, Jan 5, void),
    c-4 (Acme, Jan 6), and a tombstone for c-9 that never had an invoice."""
    await send(actor, issue("c-3", client_id="acme", client_name="Acme"))
    actor.clock.current = datetime(2027, 1, 5, 12, tzinfo=UTC)
    await send(actor, issue("c-1"), issue("c-2"), pay("3880.00"),
               VoidInvoice(campaign_id="c-2", reason="cancelled"),
               VoidInvoice(campaign_id="c-9", reason="cancelled"))
    actor.clock.current = datetime(2027, 1, 6, 12, tzinfo=UTC)
    await send(actor, issue("c-4", client_id="acme", client_name="Acme"))
    return actor


async def listed(actor, **filters) -> list[tuple[str, str]]:
    [reply] = await send(actor, ListInvoices(**filters))
    return [(s.campaign_id, s.status) for s in InvoiceList.model_validate(reply.payload).invoices]


async def test_get_by_campaign_or_invoice_id_gives_the_same_invoice(ledger):
    by_campaign, by_id = await send(ledger, GetInvoice(campaign_id="c-1"),
                                    GetInvoice(invoice_id=derived_id("invoice", "c-1")))
    assert by_campaign.type == "InvoiceView"
    invoice = InvoiceView.model_validate(by_campaign.payload).invoice
    assert invoice == invoice_in(by_id)
    assert invoice.status == "paid" and [p.payment_id for p in invoice.payments] == ["p-1"]
    assert invoice.total == sum(line.amount for line in invoice.lines)


async def test_a_void_invoice_can_still_be_read(ledger):
    [reply] = await send(ledger, GetInvoice(campaign_id="c-2"))
    invoice = invoice_in(reply)
    assert invoice.status == "void" and invoice.void_reason == "cancelled"


@pytest.mark.parametrize("query", [GetInvoice(campaign_id="nope"),
                                   GetInvoice(invoice_id="nope"),
                                   GetInvoice(campaign_id="c-9")])  # a tombstone only
async def test_missing_invoices_are_not_found(ledger, query):
    [reply] = await send(ledger, query)
    assert reply.error.code is ErrorCode.NOT_FOUND


async def test_list_orders_by_issue_date_then_number(ledger):
    assert await listed(ledger) == [("c-3", "sent"), ("c-1", "paid"), ("c-2", "void"),
                                    ("c-4", "sent")]


@pytest.mark.parametrize(("filters", "expected"), [
    ({"status": "sent"}, ["c-3", "c-4"]),
    ({"status": "paid"}, ["c-1"]),
    ({"status": "void"}, ["c-2"]),
    ({"status": "overdue"}, []),
    ({"client_id": "acme"}, ["c-3", "c-4"]),
    ({"client_id": "acme", "status": "sent", "campaign_ids": ["c-4", "c-1"]}, ["c-4"]),
    ({"campaign_ids": ["c-2", "c-9", "nope"]}, ["c-2"]),
    ({"campaign_ids": []}, []),
    ({"limit": 2}, ["c-3", "c-1"]),
])
async def test_list_filters(ledger, filters, expected):
    assert [campaign for campaign, _ in await listed(ledger, **filters)] == expected


async def test_queries_see_the_commands_before_them_in_the_frame(ledger):
    ledger.clock.current = datetime(2027, 3, 1, tzinfo=UTC)
    _, _, view, overdue = await send(ledger, issue("c-5"), MarkOverdue(),
                                     GetInvoice(campaign_id="c-5"),
                                     ListInvoices(status="overdue"))
    assert invoice_in(view).number == "INV-2027-000005"
    assert [s.campaign_id for s in InvoiceList.model_validate(overdue.payload).invoices] == [
        "c-3", "c-4"]


def test_get_invoice_takes_exactly_one_key():
    for bad in ({}, {"campaign_id": "c-1", "invoice_id": "i-1"}):
        with pytest.raises(ValidationError, match="exactly one"):
            GetInvoice(**bad)


@pytest.mark.parametrize("bad", [{"limit": 0}, {"limit": 10_001},
                                 {"campaign_ids": ["c"] * 10_001}, {"status": "lost"}])
def test_list_invoices_bounds(bad):
    with pytest.raises(ValidationError):
        ListInvoices(**bad)


def test_factories_cover_every_contract_and_round_trip():
    contracts = {cls.__name__ for cls in vars(billing).values()
                 if isinstance(cls, type) and issubclass(cls, billing.Contract)
                 and cls is not billing.Contract}
    assert set(FACTORIES) == contracts
    for name, make in FACTORIES.items():
        instance = make()
        model = type(instance)
        assert model.__name__ == name
        assert model.model_validate(instance.model_dump(mode="python")) == instance
