"""One place, one answer: the country onboarding resolves from a geography is the one the
strategy's regional rules and the invoice's tax both use.

The defect this guards: "London" got UK GDPR and ASA advice in the strategy, yet "No tax
applied" on its invoice; "Paris", "Munich" and "Toronto" were billed the same way.
"""

from __future__ import annotations

import logging

import pytest

from actors.billing import BillingActor
from actors.onboarding._review import normalize
from actors.strategy._plan import derive_strategy
from contracts.billing import IssueInvoice
from contracts.brief import CampaignBrief, NormalizedBrief
from infra.metrics import NullMetrics
from tests.support import brief_dict, send
from tests.unit.factories.billing import invoice_in, issue

pytestmark = pytest.mark.usefixtures("each_store")


class RecordedMetrics(NullMetrics):
    """The real port's checks, plus what was recorded."""

    def __init__(self) -> None:
        self.recorded: list[tuple[str, float, dict[str, str]]] = []

    def record(self, name: str, value: float = 1.0, **tags: str) -> None:
        super().record(name, value, **tags)
        self.recorded.append((name, value, tags))


@pytest.fixture
async def billing(started_actor):
    return await started_actor(BillingActor, "billing", metrics=RecordedMetrics())


def normalized(geography: str, currency: str = "USD") -> NormalizedBrief:
    return normalize(CampaignBrief.model_validate(brief_dict(geography=geography,
                                                             currency=currency)))


def invoice_for(brief: NormalizedBrief) -> IssueInvoice:
    """The IssueInvoice the saga sends for this brief (supervisors.campaign_close)."""
    return issue(client_id=brief.client_id, client_name=brief.client_name,
                 currency=brief.currency, geography=brief.geography,
                 country_code=brief.country_code)


@pytest.mark.parametrize(("geography", "country", "rule", "tax"), [
    ("London", "GB", "UK GDPR", "VAT 20% (United Kingdom)"),
    ("Paris", "FR", "GDPR", "VAT 20% (France)"),
    ("Munich", "DE", "GDPR", "VAT 19% (Germany)"),
    ("Toronto", "CA", "PIPEDA", "GST 5% (Canada)"),
])
async def test_a_city_gets_its_countrys_rules_and_its_countrys_tax(billing, geography, country,
                                                                    rule, tax):
    brief = normalized(geography)
    assert (brief.country_code, brief.country_codes) == (country, [country])
    assert rule in " ".join(derive_strategy(brief, 0).constraints.compliance)
    invoice = invoice_in((await send(billing, invoice_for(brief)))[0])
    assert invoice.lines[-1].description == tax
    assert invoice.tax > 0 and invoice.tax_note is None


async def test_an_older_sender_without_a_country_is_resolved_by_the_same_rules(billing):
    invoice = invoice_in((await send(billing, issue(geography="London")))[0])
    assert invoice.lines[-1].description == "VAT 20% (United Kingdom)"


async def test_a_place_with_no_tax_rule_is_flagged_on_the_invoice_and_to_the_operator(
        billing, caplog):
    brief = normalized("Nairobi, Kenya", currency="KES")
    assert brief.country_code == "KE"
    with caplog.at_level(logging.WARNING, logger="aicmo.billing"):
        invoice = invoice_in((await send(billing, invoice_for(brief)))[0])
    assert invoice.tax == 0
    assert invoice.tax_note is not None and "no tax rate for Kenya (KE)" in invoice.tax_note
    assert invoice.lines[-1].description.startswith("No tax applied (the rate card has no")
    assert any("issued without tax" in r.getMessage() and "Kenya" in r.getMessage()
               for r in caplog.records)
    assert ("aicmo_invoices_untaxed", 1.0, {}) in billing.metrics.recorded


async def test_the_flag_survives_a_reload_and_a_repeat_does_not_count_twice(billing):
    command = invoice_for(normalized("UK and Germany", currency="EUR"))
    assert command.country_code is None
    first = invoice_in((await send(billing, command))[0])
    again = invoice_in((await send(billing, command.model_copy()))[0])
    assert first == again and "names several countries (GB, DE)" in (first.tax_note or "")
    untaxed = [r for r in billing.metrics.recorded if r[0] == "aicmo_invoices_untaxed"]
    assert len(untaxed) == 1


def test_a_brief_stored_before_countries_gets_them_from_its_geography():
    stored = normalized("Manchester, England").model_dump(mode="json")
    del stored["country_codes"], stored["country_code"]
    old = NormalizedBrief.model_validate(stored)
    assert (old.country_code, old.country_codes) == ("GB", ["GB"])
