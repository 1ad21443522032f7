"""Which tax an invoice carries, from the campaign's geography.

A geography matches a rule by its name or an alias, ignoring case, dots and spacing; when
the whole text does not match, its last comma-separated part is tried ("Berlin, Germany").
The United States and any geography the rate card does not know get a 0% tax line that
says "No tax applied": the agency does not collect US sales tax on services, and an
unknown place is better invoiced without tax (and visibly so) than with a guessed rate.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class TaxRule:
    """A geography's tax: `name` as printed ("VAT", "GST"), `percent` of the subtotal."""

    geography: str
    name: str
    percent: Decimal
    aliases: tuple[str, ...] = ()

    def match_keys(self) -> list[str]:
        return [geography_key(g) for g in (self.geography, *self.aliases)]


@dataclass(frozen=True)
class TaxQuote:
    """The rate to apply and the tax line's description."""

    percent: Decimal
    description: str


def geography_key(text: str) -> str:
    """The form geographies are compared in: "U.K." and " uk " both give "uk"."""
    return " ".join(re.sub(r"[.]", "", text).casefold().split())


def quote_tax(rules: Mapping[str, TaxRule], geography: str) -> TaxQuote:
    """The tax for `geography`, given rules indexed by `geography_key`."""
    rule = _match(rules, geography)
    if rule is None:
        where = f"no tax rate on the rate card for {geography.strip()!r}" if geography.strip() \
            else "no geography given"
        return TaxQuote(Decimal(0), f"No tax applied ({where})")
    if rule.percent == 0:
        return TaxQuote(Decimal(0), f"No tax applied ({rule.geography})")
    return TaxQuote(rule.percent, f"{rule.name} {rule.percent.normalize():f}% ({rule.geography})")


def _match(rules: Mapping[str, TaxRule], geography: str) -> TaxRule | None:
    whole = geography_key(geography)
    last = geography_key(geography.rsplit(",", 1)[-1])
    return rules.get(whole) or rules.get(last)
