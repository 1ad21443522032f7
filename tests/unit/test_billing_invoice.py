"""Pricing an invoice without the actor: lines, subtotal, tax rounding, totals that add up."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actors.billing import RateCard
from actors.billing._invoice import price_invoice
from actors.billing._rate_data import DEFAULT_RATE_CARD
from actors.billing._rate_parse import price_kinds
from actors.billing._rates import UnknownCurrency
from contracts.billing import DELIVERABLES

CARD = RateCard.default()


def card_with(prices: dict[str, str], percent: str, currency: str = "USD",
              minor: int = 2) -> RateCard:
    """A one-currency card: given prices (others 0), one tax rate for "Testland"."""
    full = {kind: prices.get(kind, "0") for kind in price_kinds()}
    return RateCard.from_mapping({
        "minor_units": {currency: minor}, "price_lists": {currency: full},
        "tax_rates": [{"geography": "Testland", "tax": "VAT", "percent": percent}]})


def test_lines_read_like_an_invoice_and_add_up():
    priced = price_invoice(CARD, "USD", "United Kingdom",
                           {"email": 2, "strategy": 1, "linkedin": 4, "x": 0, "calendar": 1}, 0)
    assert [(line.kind, line.description, line.quantity, line.unit_price, line.amount)
            for line in priced.lines] == [
        ("strategy", "Campaign strategy x 1", 1, Decimal("2500.00"), Decimal("2500.00")),
        ("calendar", "30-day content calendar x 1", 1, Decimal("400.00"), Decimal("400.00")),
        ("linkedin", "LinkedIn post x 4", 4, Decimal("120.00"), Decimal("480.00")),
        ("email", "Marketing email x 2", 2, Decimal("250.00"), Decimal("500.00")),
        ("tax", "VAT 20% (United Kingdom)", 1, Decimal("776.00"), Decimal("776.00")),
    ]
    assert priced.subtotal == Decimal("3880.00")
    assert priced.tax == Decimal("776.00") and priced.total == Decimal("4656.00")
    assert str(priced.total) == "4656.00"  # two decimals on the page, always


def test_zero_counts_get_no_line_and_us_gets_a_zero_tax_line():
    priced = price_invoice(CARD, "USD", "United States", {"x": 3, "blog": 0}, 0)
    assert [line.kind for line in priced.lines] == ["x", "tax"]
    tax_line = priced.lines[-1]
    assert tax_line.amount == Decimal("0.00") and "No tax applied" in tax_line.description
    assert priced.total == priced.subtotal == Decimal("180.00")


@pytest.mark.parametrize(("price", "expected_tax"), [
    ("0.25", "0.03"),  # 0.025 rounds half up, not to even (0.02)
    ("0.35", "0.04"),  # 0.035
    ("0.24", "0.02"),  # 0.024 rounds down
    ("0.15", "0.02"),  # 0.015
])
def test_tax_rounds_half_up_to_the_cent(price, expected_tax):
    priced = price_invoice(card_with({"x": price}, "10"), "USD", "Testland", {"x": 1}, 0)
    assert priced.tax == Decimal(expected_tax)
    assert priced.total == Decimal(price) + Decimal(expected_tax)


def test_yen_has_no_decimals_anywhere():
    priced = price_invoice(CARD, "JPY", "Japan", {"strategy": 1, "x": 3}, 0)
    assert priced.subtotal == Decimal("402000") and priced.tax == Decimal("40200")
    assert all(line.amount.as_tuple().exponent == 0 for line in priced.lines)
    assert str(priced.total) == "442200"


def test_yen_tax_rounds_half_up_to_the_yen():
    card = card_with({"x": "105"}, "10", currency="JPY", minor=0)
    assert price_invoice(card, "JPY", "Testland", {"x": 1}, 0).tax == Decimal("11")  # 10.5
    card = card_with({"x": "104"}, "10", currency="JPY", minor=0)
    assert price_invoice(card, "JPY", "Testland", {"x": 1}, 0).tax == Decimal("10")  # 10.4


def test_revision_rounds_beyond_the_included_one_are_billed():
    assert [line.kind for line in price_invoice(CARD, "USD", "US", {"x": 1}, 1).lines] == [
        "x", "tax"]
    priced = price_invoice(CARD, "EUR", "France", {"x": 1}, 3)
    [revision] = [line for line in priced.lines if line.kind == "revision"]
    assert revision.description == "Additional revision round x 2"
    assert revision.amount == Decimal("550.00")


def test_included_rounds_come_from_the_card():
    data = {**DEFAULT_RATE_CARD, "included_revision_rounds": 0}
    priced = price_invoice(RateCard.from_mapping(data), "USD", "US", {"x": 1}, 1)
    assert [line.kind for line in priced.lines] == ["x", "revision", "tax"]


def test_unknown_currency_is_refused():
    with pytest.raises(UnknownCurrency, match="no price list for currency XYZ"):
        price_invoice(CARD, "XYZ", "US", {"x": 1}, 0)


counts = st.dictionaries(st.sampled_from(DELIVERABLES), st.integers(0, 10_000))
places = st.sampled_from(["United Kingdom", "Japan", "India", "Mars", "Canada", "Ireland"])


@settings(max_examples=200, deadline=None)
@given(counts=counts, currency=st.sampled_from(sorted(CARD.price_lists)), place=places,
       rounds=st.integers(0, 100))
def test_totals_always_add_up(counts, currency, place, rounds):
    priced = price_invoice(CARD, currency, place, counts, rounds)
    step = Decimal(1).scaleb(-CARD.minor_unit(currency))
    assert priced.total == sum(line.amount for line in priced.lines)
    assert priced.subtotal == sum(line.amount for line in priced.lines if line.kind != "tax")
    expected_tax = (priced.subtotal * CARD.tax_for(place).percent / 100).quantize(
        step, rounding=ROUND_HALF_UP)
    assert priced.tax == expected_tax
    assert all(line.amount.as_tuple().exponent == step.as_tuple().exponent
               for line in priced.lines)
    assert all(line.quantity > 0 for line in priced.lines)
