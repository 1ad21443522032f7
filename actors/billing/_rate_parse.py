"""Reading a rate card from JSON-shaped data, with errors that say what to fix."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from contracts.billing import DELIVERABLES
from contracts.geography import country_name, is_country_code, resolve_place
from contracts.money import UnknownCurrency, check_currency

from ._tax import TaxRule

_TOP_KEYS = {"payment_terms_days", "included_revision_rounds", "minor_units", "price_lists",
             "tax_rates", "base_currency"}
_TAX_KEYS = {"geography", "country", "tax", "percent", "aliases"}


class RateCardError(ValueError):
    """A rate card that cannot be used, and why."""


def price_kinds() -> tuple[str, ...]:
    """What every price list prices: each deliverable, and an additional revision round."""
    return (*DELIVERABLES, "revision")


def parse_rate_card(data: Any) -> dict[str, Any]:
    """RateCard's constructor arguments from JSON-shaped data."""
    if not isinstance(data, dict):
        raise RateCardError(f"a rate card is a JSON object, got {type(data).__name__}")
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise RateCardError(f"unknown rate card keys {unknown}; known: {sorted(_TOP_KEYS)}")
    if "price_lists" not in data:
        raise RateCardError("a rate card needs price_lists")
    return {
        "price_lists": {_currency(code): _prices(code, prices)
                        for code, prices in _object(data["price_lists"], "price_lists").items()},
        "tax_rates": tuple(_tax_rule(i, r) for i, r in enumerate(_list(data, "tax_rates"))),
        "payment_terms_days": _integer(data.get("payment_terms_days", 30), "payment_terms_days"),
        "minor_units": {_currency(code): _integer(units, f"minor_units.{code}")
                        for code, units in _object(data.get("minor_units", {}),
                                                   "minor_units").items()},
        "included_revision_rounds": _integer(data.get("included_revision_rounds", 1),
                                             "included_revision_rounds"),
        "base_currency": _currency(data["base_currency"]) if "base_currency" in data else None,
    }


def _prices(code: str, prices: Any) -> dict[str, Decimal]:
    return {kind: _decimal(price, f"price_lists.{code}.{kind}")
            for kind, price in _object(prices, f"price_lists.{code}").items()}


def _tax_rule(index: int, raw: Any) -> TaxRule:
    """A rule applies in one ISO country: its "country" code, or the one country its
    "geography" names. Old cards' "aliases" are still read, and each must name that same
    country (they are no longer needed: every name of a country resolves to it)."""
    where = f"tax_rates[{index}]"
    rule = _object(raw, where)
    unknown = sorted(set(rule) - _TAX_KEYS)
    missing = sorted({"geography", "tax", "percent"} - set(rule))
    if unknown or missing:
        raise RateCardError(f"{where}: missing {missing}, unknown {unknown}")
    aliases = rule.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise RateCardError(f"{where}.aliases must be a list of strings")
    geography = _text(rule["geography"], f"{where}.geography")
    country = _rule_country(where, geography, rule.get("country"))
    for alias in aliases:
        if resolve_place(alias).country != country:
            raise RateCardError(f"{where}.aliases: {alias!r} does not name {country} "
                                f"({country_name(country)}); drop it, names resolve by "
                                "themselves")
    return TaxRule(country=country, geography=geography,
                   name=_text(rule["tax"], f"{where}.tax"),
                   percent=_decimal(rule["percent"], f"{where}.percent"))


def _rule_country(where: str, geography: str, given: Any) -> str:
    named = resolve_place(geography).country
    if given is None:
        if named is None:
            raise RateCardError(f"{where}: geography {geography!r} is not one country; give "
                                'its ISO 3166-1 alpha-2 code in "country", e.g. "DE"')
        return named
    if not isinstance(given, str) or not is_country_code(given):
        raise RateCardError(f"{where}.country must be an ISO 3166-1 alpha-2 code such as "
                            f'"DE", got {given!r}')
    if named is not None and named != given:
        raise RateCardError(f"{where}: geography {geography!r} is {named}, not the country "
                            f"{given} it gives")
    return given


def _currency(code: str) -> str:
    if not (len(code) == 3 and code.isascii() and code.isalpha() and code.isupper()):
        raise RateCardError(f"currency {code!r} is not a 3-letter ISO code such as USD")
    try:
        return check_currency(code)
    except UnknownCurrency as exc:
        raise RateCardError(str(exc)) from None


def _decimal(value: Any, where: str) -> Decimal:
    # bool is an int to Python, never a price; float is refused (json gives Decimal).
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise RateCardError(f"{where} must be a number or a numeric string, got {value!r}")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise RateCardError(f"{where} is not a number: {value!r}") from None
    if not number.is_finite():
        raise RateCardError(f"{where} must be finite, got {value!r}")
    return number


def _integer(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RateCardError(f"{where} must be a whole number, got {value!r}")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RateCardError(f"{where} must be non-empty text, got {value!r}")
    return value.strip()


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise RateCardError(f"{where} must be a JSON object, got {type(value).__name__}")
    return value


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise RateCardError(f"{key} must be a JSON list, got {type(value).__name__}")
    return value
