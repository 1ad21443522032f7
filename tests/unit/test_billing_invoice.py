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


def card_with(prices: dict[str, str], percent: str, currency: str = "USD") -> RateCard:
    """A one-currency card: given prices (others 0), one tax rate, for Kenya (KE)."""
    full = {kind: prices.get(kind, "0") for kind in price_kinds()}
    return RateCard.from_mapping({
        "price_lists": {currency: full},
        "tax_rates": [{"geography": "Kenya", "tax": "VAT", "percent": percent}]})


def test_lines_read_like_an_invoice_and_add_up():
    priced = price_invoice(CARD, "USD", "GB", "United Kingdom",
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
    priced = price_invoice(CARD, "USD", "US", "United States", {"x": 3, "blog": 0}, 0)
    assert [line.kind for line in priced.lines] == ["x", "tax"]
    tax_line = priced.lines[-1]
    assert tax_line.amount == Decimal("0.00") and "No tax applied" in tax_line.description
    assert priced.total == priced.subtotal == Decimal("180.00")
    assert priced.tax_note is None  # a 0 % rule is a decision, not a gap


@pytest.mark.parametrize(("price", "expected_tax"), [
    ("0.25", "0.03"),  # 0.025 rounds half up, not to even (0.02)
    ("0.35", "0.04"),  # 0.035
    ("0.24", "0.02"),  # 0.024 rounds down
    ("0.15", "0.02"),  # 0.015
])
def test_tax_rounds_half_up_to_the_cent(price, expected_tax):
    priced = price_invoice(card_with({"x": price}, "10"), "USD", "KE", "Nairobi", {"x": 1}, 0)
    assert priced.tax == Decimal(expected_tax)
    assert priced.total == Decimal(price) + Decimal(expected_tax)


def test_yen_has_no_decimals_anywhere():
    priced = price_invoice(CARD, "JPY", "JP", "Japan", {"strategy": 1, "x": 3}, 0)
    assert priced.subtotal == Decimal("402000") and priced.tax == Decimal("40200")
    assert all(line.amount.as_tuple().exponent == 0 for line in priced.lines)
    assert str(priced.total) == "442200"


def test_yen_tax_rounds_half_up_to_the_yen():
    card = card_with({"x": "105"}, "10", currency="JPY")
    assert price_invoice(card, "JPY", "KE", "Kenya", {"x": 1}, 0).tax == Decimal("11")  # 10.5
    card = card_with({"x": "104"}, "10", currency="JPY")
    assert price_invoice(card, "JPY", "KE", "Kenya", {"x": 1}, 0).tax == Decimal("10")  # 10.4


def test_dinar_has_three_decimals_from_iso_4217():
    card = card_with({"x": "10.125"}, "10", currency="KWD")
    priced = price_invoice(card, "KWD", "KE", "Kenya", {"x": 3}, 0)
    assert priced.subtotal == Decimal("30.375")
    assert priced.tax == Decimal("3.038")  # 3.0375 half up to the fils
    assert str(priced.total) == "33.413"


@pytest.mark.parametrize(("country", "geography", "reason"), [
    ("KE", "Nairobi, Kenya", "the rate card has no tax rate for Kenya (KE)"),
    (None, "UK and Germany", "'UK and Germany' names several countries (GB, DE)"),
    (None, "Atlantis", "'Atlantis' is not a country the agency recognises"),
])
def test_a_place_without_a_tax_rule_is_billed_untaxed_and_flagged(country, geography, reason):
    priced = price_invoice(CARD, "USD", country, geography, {"x": 1}, 0)
    assert priced.tax == 0 and priced.total == priced.subtotal
    assert priced.lines[-1].description.startswith(f"No tax applied ({reason}")
    assert priced.tax_note is not None and reason in priced.tax_note
    assert "must review" in priced.tax_note


def test_revision_rounds_beyond_the_included_one_are_billed():
    assert [line.kind for line in price_invoice(CARD, "USD", "US", "US", {"x": 1}, 1).lines] == [
        "x", "tax"]
    priced = price_invoice(CARD, "EUR", "FR", "France", {"x": 1}, 3)
    [revision] = [line for line in priced.lines if line.kind == "revision"]
    assert revision.description == "Additional revision round x 2"
    assert revision.amount == Decimal("550.00")


def test_included_rounds_come_from_the_card():
    data = {**DEFAULT_RATE_CARD, "included_revision_rounds": 0}
    priced = price_invoice(RateCard.from_mapping(data), "USD", "US", "US", {"x": 1}, 1)
    assert [line.kind for line in priced.lines] == ["x", "revision", "tax"]


def test_unknown_currency_is_refused():
    with pytest.raises(UnknownCurrency, match="no price list for currency XYZ"):
        price_invoice(CARD, "XYZ", "US", "US", {"x": 1}, 0)


counts = st.dictionaries(st.sampled_from(DELIVERABLES), st.integers(0, 10_000))
places = st.sampled_from([("GB", "London"), ("JP", "Japan"), ("IN", "India"), (None, "Mars"),
                         ("CA", "Canada"), ("IE", "Ireland"), ("KE", "Kenya")])


@settings(max_examples=200, deadline=None)
@given(counts=counts, currency=st.sampled_from(sorted(CARD.price_lists)), place=places,
       rounds=st.integers(0, 100))
def test_totals_always_add_up(counts, currency, place, rounds):
    country, geography = place
    priced = price_invoice(CARD, currency, country, geography, counts, rounds)
    step = Decimal(1).scaleb(-CARD.minor_unit(currency))
    assert priced.total == sum(line.amount for line in priced.lines)
    assert priced.subtotal == sum(line.amount for line in priced.lines if line.kind != "tax")
    expected_tax = (priced.subtotal * CARD.tax_for(country).percent / 100).quantize(
        step, rounding=ROUND_HALF_UP)
    assert priced.tax == expected_tax
    assert all(line.amount.as_tuple().exponent == step.as_tuple().exponent
               for line in priced.lines)
    assert all(line.quantity > 0 for line in priced.lines)
