"""Currencies and money as a client reads them: ISO 4217 codes, their minor units, and one
formatter (Babel's CLDR data) that every document, invoice and report uses.

The allowed codes are ISO 4217's current currencies (pycountry), less the fund, metal and
testing codes nobody is invoiced in. Precision comes from ISO 4217 as Babel carries it:
JPY has 0 decimals, KWD 3, most others 2.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import cache

import pycountry
from babel.numbers import format_currency, get_currency_precision, get_currency_symbol

# Funds, precious metals, SDRs and the test codes: ISO 4217 lists them, clients pay none.
_NOT_MONEY = frozenset({
    "BOV", "CHE", "CHW", "CLF", "COU", "MXV", "USN", "UYI", "UYW", "XAG", "XAU", "XBA",
    "XBB", "XBC", "XBD", "XDR", "XPD", "XPT", "XSU", "XTS", "XUA", "XXX",
})
CURRENCIES: frozenset[str] = frozenset(
    c.alpha_3 for c in pycountry.currencies) - _NOT_MONEY
DEFAULT_LOCALE = "en_US"


class UnknownCurrency(ValueError):
    """A code that is not a current ISO 4217 currency."""


def check_currency(code: str) -> str:
    """`code` if it is a currency a client can be billed in; else UnknownCurrency naming the
    allowed codes."""
    if code not in CURRENCIES:
        raise UnknownCurrency(f"{code!r} is not an ISO 4217 currency; use one of "
                              f"{', '.join(sorted(CURRENCIES))}")
    return code


@cache
def minor_units(code: str) -> int:
    """Decimals of the currency's minor unit: JPY 0, USD 2, KWD 3."""
    return int(get_currency_precision(code))


def to_minor_unit(amount: Decimal, code: str) -> Decimal:
    """`amount` rounded half up to the currency's minor unit."""
    return amount.quantize(Decimal(1).scaleb(-minor_units(code)), rounding=ROUND_HALF_UP)


def format_money(amount: Decimal, code: str, locale: str = DEFAULT_LOCALE) -> str:
    """`amount` as the locale writes it: "$1,234.50", "¥1,235", "KWD 1,234.500".

    Rounded half up to the minor unit first (Babel alone rounds half to even). A code
    with no symbol of its own is set apart from the number by a space."""
    text = format_currency(to_minor_unit(amount, code), code, locale=locale,
                           currency_digits=True)
    symbol = _symbol(code, locale)
    if symbol.isalpha() and symbol.isascii() and f"{symbol} " not in text:
        text = text.replace(symbol, f"{symbol} ", 1)
    return text


@cache
def _symbol(code: str, locale: str) -> str:
    return str(get_currency_symbol(code, locale=locale))
