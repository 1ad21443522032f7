"""The rate card: payment terms, price lists per currency, tax by country.

A rate card file is JSON shaped like `_rate_data.DEFAULT_RATE_CARD`:

    {"payment_terms_days": 30, "included_revision_rounds": 1, "base_currency": "USD",
     "price_lists": {"USD": {"strategy": "2500.00", "calendar": "400.00", ...}},
     "tax_rates": [{"geography": "Germany", "country": "DE", "tax": "VAT", "percent": "19"}]}

Prices may be JSON strings or numbers (numbers are read as Decimal, never float). Every
price list must price every deliverable plus "revision" (an additional revision round,
beyond the `included_revision_rounds` the campaign price covers). Currencies are ISO 4217
codes (contracts.money), and so is their precision: JPY has 0 decimals, KWD 3. A card may
still carry a "minor_units" table, but only one that agrees with ISO 4217: a price list
cannot invent cents the currency does not have. A tax rule's country is its ISO code, or
the one country its geography names (contracts.geography). Anything else is refused with a
RateCardError saying what to fix.

A campaign in a currency the card has no price list for is billed in `base_currency` (the
agency's list prices, USD by default): delivered work is invoiced, never undone for want
of a price list; the invoice states its currency.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

from contracts.money import UnknownCurrency as NotACurrency
from contracts.money import check_currency
from contracts.money import minor_units as iso_minor_units

from ._money import fits
from ._rate_data import DEFAULT_RATE_CARD
from ._rate_parse import RateCardError, parse_rate_card, price_kinds
from ._tax import TaxQuote, TaxRule, quote_tax

MAX_PRICE = Decimal(10) ** 12


class UnknownCurrency(LookupError):
    """The rate card has no price list for the currency."""


@dataclass(frozen=True)
class RateCard:
    """What the agency charges, where and on which terms. Immutable once built."""

    price_lists: Mapping[str, Mapping[str, Decimal]]
    tax_rates: tuple[TaxRule, ...] = ()
    payment_terms_days: int = 30
    minor_units: Mapping[str, int] = field(default_factory=dict)  # must agree with ISO 4217
    included_revision_rounds: int = 1
    base_currency: str | None = None  # None: USD if the card prices it, else its first list
    _tax_index: Mapping[str, TaxRule] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        freeze = object.__setattr__
        freeze(self, "price_lists", MappingProxyType(
            {code: MappingProxyType(dict(prices)) for code, prices in self.price_lists.items()}))
        freeze(self, "minor_units", MappingProxyType(dict(self.minor_units)))
        freeze(self, "tax_rates", tuple(self.tax_rates))
        self._check_terms()
        self._check_prices()
        if self.base_currency is None:
            freeze(self, "base_currency",
                   "USD" if "USD" in self.price_lists else min(self.price_lists))
        if self.base_currency not in self.price_lists:
            raise RateCardError(f"base_currency {self.base_currency} has no price list")
        freeze(self, "_tax_index", MappingProxyType(_index_tax_rates(self.tax_rates)))

    @classmethod
    def default(cls) -> RateCard:
        """The agency's standard rate card (USD list prices and nine converted lists)."""
        return cls.from_mapping(DEFAULT_RATE_CARD)

    @classmethod
    def from_file(cls, path: str | Path) -> RateCard:
        """Load a rate card JSON file; RateCardError names the file and the problem."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"), parse_float=Decimal)
            return cls.from_mapping(data)
        except OSError as exc:
            raise RateCardError(f"rate card {path}: cannot read it ({exc})") from exc
        except (ValueError, RecursionError) as exc:  # JSONDecodeError and RateCardError
            raise RateCardError(f"rate card {path}: {exc}") from exc

    @classmethod
    def from_mapping(cls, data: Any) -> RateCard:
        """A rate card from JSON-shaped data (see the module docstring)."""
        return cls(**parse_rate_card(data))

    def minor_unit(self, currency: str) -> int:
        """The currency's decimals, from ISO 4217: JPY 0, USD 2, KWD 3."""
        return iso_minor_units(currency)

    def billing_currency(self, requested: str) -> str:
        """The requested currency when there is a price list for it, else the base one."""
        return requested if requested in self.price_lists else str(self.base_currency)

    def prices(self, currency: str) -> Mapping[str, Decimal]:
        """The currency's price list; UnknownCurrency when there is none."""
        try:
            return self.price_lists[currency]
        except KeyError:
            raise UnknownCurrency(f"no price list for currency {currency}") from None

    def tax_for(self, country: str | None, geography: str = "") -> TaxQuote:
        """The tax for a campaign in the ISO `country`; `geography` (the brief's words)
        only explains a missing rule."""
        return quote_tax(self._tax_index, country, geography)

    def _check_terms(self) -> None:
        if not 0 <= self.payment_terms_days <= 365:
            raise RateCardError(f"payment_terms_days must be 0..365, "
                                f"got {self.payment_terms_days}")
        if not 0 <= self.included_revision_rounds <= 100:
            raise RateCardError(f"included_revision_rounds must be 0..100, "
                                f"got {self.included_revision_rounds}")
        for code, units in self.minor_units.items():
            if units != iso_minor_units(code):
                raise RateCardError(f"minor_units.{code} is {units}, but ISO 4217 gives "
                                    f"{code} {iso_minor_units(code)} decimals; drop the "
                                    "entry (ISO 4217 is the source) or correct it")

    def _check_prices(self) -> None:
        if not self.price_lists:
            raise RateCardError("price_lists is empty: a rate card prices at least one currency")
        for code, prices in self.price_lists.items():
            try:
                check_currency(code)
            except NotACurrency as exc:
                raise RateCardError(f"price list {code}: {exc}") from None
            missing = sorted(set(price_kinds()) - set(prices))
            unknown = sorted(set(prices) - set(price_kinds()))
            if missing or unknown:
                raise RateCardError(f"price list {code}: missing {missing}, unknown {unknown}; "
                                    f"it must price exactly {list(price_kinds())}")
            for kind, price in prices.items():
                if not _is_amount(price, self.minor_unit(code)):
                    raise RateCardError(
                        f"price list {code}: {kind} costs {price}, not an amount of {code} "
                        f"(0 or more, below {MAX_PRICE}, {self.minor_unit(code)} decimals "
                        f"at most)")


def _is_amount(price: Decimal, minor_units: int) -> bool:
    return (isinstance(price, Decimal) and price.is_finite() and 0 <= price < MAX_PRICE
            and fits(price, minor_units))


def _index_tax_rates(rules: tuple[TaxRule, ...]) -> dict[str, TaxRule]:
    index: dict[str, TaxRule] = {}
    for rule in rules:
        if not 0 <= rule.percent < 100:
            raise RateCardError(f"tax rate for {rule.geography} must be 0..100 percent "
                                f"(exclusive), got {rule.percent}")
        if rule.country in index:
            raise RateCardError(f"country {rule.country} has two tax rates "
                                f"({index[rule.country].geography} and {rule.geography})")
        index[rule.country] = rule
    return index
