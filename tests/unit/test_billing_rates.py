"""The rate card: the default prices and taxes, loading one from JSON, and what it refuses."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest

from actors.billing import RateCard, RateCardError
from actors.billing._invoice import LABELS
from actors.billing._rate_data import DEFAULT_RATE_CARD
from actors.billing._rate_parse import price_kinds
from actors.billing._rates import UnknownCurrency
from contracts.geography import resolve_place

CURRENCIES = {"USD", "EUR", "GBP", "CAD", "AUD", "NZD", "SGD", "INR", "JPY", "CNY"}


def write_card(tmp_path, data) -> str:
    path = tmp_path / "rates.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def changed(**edits) -> dict:
    data = copy.deepcopy(DEFAULT_RATE_CARD)
    for key, value in edits.items():
        data[key] = value
    return data


def test_default_usd_prices_are_the_list_prices():
    usd = RateCard.default().prices("USD")
    assert {k: str(v) for k, v in usd.items() if k != "revision"} == {
        "strategy": "2500.00", "calendar": "400.00", "linkedin": "120.00", "x": "60.00",
        "instagram": "120.00", "facebook": "100.00", "google_ads": "350.00",
        "meta_ads": "300.00", "email": "250.00", "blog": "600.00", "short_video": "450.00"}


def test_default_card_prices_every_deliverable_in_ten_currencies():
    card = RateCard.default()
    assert set(card.price_lists) == CURRENCIES
    assert all(set(card.prices(code)) == set(price_kinds()) for code in CURRENCIES)
    assert card.payment_terms_days == 30
    assert card.minor_unit("JPY") == 0 and card.minor_unit("USD") == 2
    assert card.minor_unit("CHF") == 2 and card.minor_unit("KWD") == 3  # ISO 4217
    assert all(price == price.to_integral() for price in card.prices("JPY").values())
    assert card.prices("EUR")["strategy"] == Decimal("2300.00")
    assert card.prices("JPY")["strategy"] == Decimal("375000")
    assert set(LABELS) == set(price_kinds())  # every kind has a printed description


def test_unknown_currency_says_so():
    with pytest.raises(UnknownCurrency, match="no price list for currency XYZ"):
        RateCard.default().prices("XYZ")


@pytest.mark.parametrize(("geography", "description"), [
    ("United Kingdom", "VAT 20% (United Kingdom)"),
    ("uk", "VAT 20% (United Kingdom)"),
    ("U.K.", "VAT 20% (United Kingdom)"),
    ("London", "VAT 20% (United Kingdom)"),
    ("Manchester, England", "VAT 20% (United Kingdom)"),
    ("  GERMANY ", "VAT 19% (Germany)"),
    ("Berlin, Germany", "VAT 19% (Germany)"),
    ("Munich", "VAT 19% (Germany)"),
    ("Paris", "VAT 20% (France)"),
    ("the netherlands", "VAT 21% (Netherlands)"),
    ("Ireland", "VAT 23% (Ireland)"),
    ("España", "VAT 21% (Spain)"),
    ("Australia", "GST 10% (Australia)"),
    ("New Zealand", "GST 15% (New Zealand)"),
    ("Toronto", "GST 5% (Canada)"),
    ("Singapore", "GST 9% (Singapore)"),
    ("India", "GST 18% (India)"),
    ("Japan", "Consumption tax 10% (Japan)"),
])
def test_tax_by_the_country_the_geography_resolves_to(geography, description):
    country = resolve_place(geography).country
    assert RateCard.default().tax_for(country, geography).description == description


@pytest.mark.parametrize(("geography", "says", "flagged"), [
    ("United States", "No tax applied (United States)", False),
    ("USA", "No tax applied (United States)", False),
    ("Mars", "No tax applied ('Mars' is not a country the agency recognises)", True),
    ("", "No tax applied (no geography given)", True),
])
def test_us_and_unknown_geographies_get_no_tax_visibly(geography, says, flagged):
    quote = RateCard.default().tax_for(resolve_place(geography).country, geography)
    assert quote.percent == 0 and quote.description == says
    assert (quote.note is not None) is flagged


def test_loads_a_card_from_json_and_the_default_round_trips(tmp_path):
    assert RateCard.from_file(write_card(tmp_path, DEFAULT_RATE_CARD)) == RateCard.default()


def test_json_numbers_are_read_as_decimals_never_floats(tmp_path):
    data = changed(payment_terms_days=14, price_lists={"USD": {k: 0.1 for k in price_kinds()}},
                   tax_rates=[{"geography": "Kenya", "tax": "VAT", "percent": 7.5}])
    card = RateCard.from_file(write_card(tmp_path, data))
    assert card.prices("USD")["x"] == Decimal("0.1")  # exactly, not 0.1000000000000000055
    assert card.payment_terms_days == 14
    assert card.tax_for("KE").description == "VAT 7.5% (Kenya)"


def test_a_rule_may_name_its_country_and_old_aliases_still_load(tmp_path):
    data = changed(tax_rates=[
        {"geography": "Atlantis (Kenya branch)", "country": "KE", "tax": "VAT", "percent": "16"},
        {"geography": "United Kingdom", "tax": "VAT", "percent": "20",
         "aliases": ["UK", "Great Britain", "England"]}])
    card = RateCard.from_file(write_card(tmp_path, data))
    assert card.tax_for("KE").description == "VAT 16% (Atlantis (Kenya branch))"
    assert card.tax_for("GB").percent == 20


def test_minor_units_agreeing_with_iso_4217_are_accepted(tmp_path):
    card = RateCard.from_file(write_card(tmp_path, changed(minor_units={"JPY": 0, "USD": 2})))
    assert card.minor_unit("JPY") == 0


def _without_blog() -> dict:
    data = changed()
    del data["price_lists"]["EUR"]["blog"]
    return data


def _with_cents_in_yen() -> dict:
    data = changed()
    data["price_lists"]["JPY"]["x"] = "9000.50"
    return data


def _with_negative_price() -> dict:
    data = changed()
    data["price_lists"]["USD"]["x"] = "-1"
    return data


@pytest.mark.parametrize(("data", "needle"), [
    ("{not json", "rates.json"),
    ([1, 2], "a rate card is a JSON object"),
    (changed(discounts={}), "unknown rate card keys ['discounts']"),
    ({"payment_terms_days": 30}, "needs price_lists"),
    (_without_blog(), "price list EUR: missing ['blog']"),
    (changed(price_lists={"USD": {**{k: "1" for k in price_kinds()}, "tiktok": "1"}}),
     "unknown ['tiktok']"),
    (_with_cents_in_yen(), "JPY: x costs 9000.50"),
    (_with_negative_price(), "USD: x costs -1"),
    (changed(price_lists={"usd": {k: "1" for k in price_kinds()}}), "'usd' is not a 3-letter"),
    (changed(price_lists={"ABC": {k: "1" for k in price_kinds()}}),
     "'ABC' is not an ISO 4217 currency"),
    (changed(base_currency="XAU"), "'XAU' is not an ISO 4217 currency"),
    (changed(price_lists={"USD": {k: "abc" for k in price_kinds()}}), "is not a number"),
    (changed(price_lists={}), "price_lists is empty"),
    (changed(payment_terms_days=-5), "payment_terms_days must be 0..365"),
    (changed(payment_terms_days="30"), "payment_terms_days must be a whole number"),
    (changed(minor_units={"USD": 9}), "minor_units.USD is 9, but ISO 4217 gives USD 2"),
    (changed(minor_units={"JPY": 2}), "minor_units.JPY is 2, but ISO 4217 gives JPY 0"),
    (changed(tax_rates=[{"geography": "Kenya", "tax": "VAT", "percent": "120"}]),
     "tax rate for Kenya must be 0..100"),
    (changed(tax_rates=[{"geography": "Kenya", "tax": "VAT"}]), "missing ['percent']"),
    (changed(tax_rates=[{"geography": "Atlantis", "tax": "VAT", "percent": "7"}]),
     "geography 'Atlantis' is not one country"),
    (changed(tax_rates=[{"geography": "EU", "tax": "VAT", "percent": "20"}]),
     "geography 'EU' is not one country"),
    (changed(tax_rates=[{"geography": "Kenya", "country": "Kenya", "tax": "VAT",
                         "percent": "16"}]), ".country must be an ISO 3166-1 alpha-2 code"),
    (changed(tax_rates=[{"geography": "Germany", "country": "FR", "tax": "VAT",
                         "percent": "19"}]), "geography 'Germany' is DE, not the country FR"),
    (changed(tax_rates=[{"geography": "UK", "tax": "VAT", "percent": "20"},
                        {"geography": "Ukraine", "tax": "VAT", "percent": "20",
                         "aliases": ["U.K."]}]), "'U.K.' does not name UA (Ukraine)"),
    (changed(tax_rates=[{"geography": "UK", "tax": "VAT", "percent": "20"},
                        {"geography": "London", "tax": "VAT", "percent": "5"}]),
     "country GB has two tax rates (UK and London)"),
])
def test_refuses_a_card_that_cannot_be_used(tmp_path, data, needle):
    with pytest.raises(RateCardError) as caught:
        RateCard.from_file(write_card(tmp_path, data))
    assert needle in str(caught.value)


def test_missing_file_is_a_rate_card_error(tmp_path):
    with pytest.raises(RateCardError, match="cannot read it"):
        RateCard.from_file(tmp_path / "nowhere.json")


def test_card_is_immutable():
    card = RateCard.default()
    with pytest.raises(TypeError):
        card.prices("USD")["x"] = Decimal(1)  # type: ignore[index]
    with pytest.raises(AttributeError):
        card.payment_terms_days = 60  # type: ignore[misc]
