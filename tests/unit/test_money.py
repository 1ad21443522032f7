"""The one money formatter and the currency list: ISO 4217 precision, rounding half up, and
the pack and report printing amounts through it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from actors.reporting._html import money as report_money
from contracts.money import (
    CURRENCIES,
    UnknownCurrency,
    check_currency,
    format_money,
    minor_units,
    to_minor_unit,
)
from contracts.money import format_money as pack_money  # the pack calls it directly


@pytest.mark.parametrize(("amount", "code", "text"), [
    ("1234.5", "USD", "$1,234.50"),
    ("1234.5", "EUR", "€1,234.50"),
    ("1234.5", "JPY", "¥1,235"),  # no minor unit: half up to the yen
    ("1234.5", "KWD", "KWD 1,234.500"),  # three decimals, code set apart by a space
    ("0.125", "USD", "$0.13"),  # half up, where Babel alone would give $0.12
    ("0.0005", "BHD", "BHD 0.001"),
    ("-5", "GBP", "-£5.00"),
])
def test_amounts_read_as_the_currency_writes_them(amount, code, text):
    assert format_money(Decimal(amount), code) == text


def test_precision_comes_from_iso_4217():
    assert (minor_units("JPY"), minor_units("USD"), minor_units("KWD")) == (0, 2, 3)
    assert to_minor_unit(Decimal("2.0005"), "KWD") == Decimal("2.001")


def test_only_money_a_client_pays_in_is_a_currency():
    assert {"USD", "EUR", "JPY", "KWD", "INR", "BRL"} <= CURRENCIES
    assert not {"XAU", "XDR", "XTS", "XXX", "USN"} & CURRENCIES
    with pytest.raises(UnknownCurrency, match=r"'ABC' is not an ISO 4217 currency; use one"):
        check_currency("ABC")


@pytest.mark.parametrize("printer", [pack_money, report_money])
def test_the_pack_and_the_report_print_money_through_it(printer):
    assert printer(Decimal("220000"), "JPY") == "¥220,000"
    assert printer(Decimal("1250.125"), "KWD") == "KWD 1,250.125"
    assert printer(Decimal("1250"), "USD") == "$1,250.00"
