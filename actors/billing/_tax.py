"""Which tax an invoice carries, from the ISO country the campaign runs in.

The country comes from the brief: onboarding resolves the geography once
(contracts.geography), so "London" is GB and gets the United Kingdom's VAT, as the
strategy gave it UK GDPR. A rule on the rate card names its country.

A campaign with no tax rule is never billed at 0 % silently. It is billed without tax,
since the work was delivered and guessing a rate is worse, and flagged: the tax line says
"No tax applied (...)", the invoice carries a `tax_note` saying why and that the agency
must review it, and billing logs a warning and counts `aicmo_invoices_untaxed` for the
operator. Intake cannot refuse such a brief, because the rate card is billing's own and
configurable: onboarding cannot know what it covers. A rule at 0 % (the United States:
the agency collects no US sales tax on services) is a decision, not a gap: no note.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from contracts.geography import country_name, resolve_place


@dataclass(frozen=True)
class TaxRule:
    """A country's tax: `name` as printed ("VAT", "GST"), `percent` of the subtotal.
    `geography` is the label printed on the tax line ("United Kingdom")."""

    country: str
    geography: str
    name: str
    percent: Decimal


@dataclass(frozen=True)
class TaxQuote:
    """The rate to apply, the tax line's description, and why no tax was charged when no
    rule covers the place (None when a rule applied, 0 % included)."""

    percent: Decimal
    description: str
    note: str | None = None


def quote_tax(rules: Mapping[str, TaxRule], country: str | None, geography: str) -> TaxQuote:
    """The tax for a campaign in `country` (ISO alpha-2, None when its geography names no
    single country), given rules indexed by country."""
    rule = rules.get(country) if country else None
    if rule is None:
        reason = _untaxed_reason(country, geography)
        note = (f"No tax was charged: {reason}. Tax may be due; the agency must review "
                "this invoice before relying on it.")
        return TaxQuote(Decimal(0), f"No tax applied ({reason})", note)
    if rule.percent == 0:
        return TaxQuote(Decimal(0), f"No tax applied ({rule.geography})")
    return TaxQuote(rule.percent, f"{rule.name} {rule.percent.normalize():f}% ({rule.geography})")


def _untaxed_reason(country: str | None, geography: str) -> str:
    where = geography.strip()
    if country:
        return f"the rate card has no tax rate for {country_name(country)} ({country})"
    if not where:
        return "no geography given"
    countries = resolve_place(where).countries
    if len(countries) > 1:
        shown = ", ".join(countries[:5]) + (", ..." if len(countries) > 5 else "")
        return f"{where!r} names several countries ({shown}), so no one tax rate applies"
    return f"{where!r} is not a country the agency recognises"
