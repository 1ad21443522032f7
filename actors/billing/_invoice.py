"""Pricing an invoice: lines from deliverables, tax from the country, totals that add up."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from contracts.billing import InvoiceLine

from ._money import quantize
from ._rate_parse import price_kinds
from ._rates import RateCard

# What each line says on the invoice, as "<label> x <quantity>".
LABELS = {
    "strategy": "Campaign strategy",
    "calendar": "30-day content calendar",
    "linkedin": "LinkedIn post",
    "x": "X post",
    "instagram": "Instagram post",
    "facebook": "Facebook post",
    "google_ads": "Google Ads responsive search ad",
    "meta_ads": "Meta ad",
    "email": "Marketing email",
    "blog": "Blog post outline",
    "short_video": "Short-video script",
    "revision": "Additional revision round",
}


@dataclass(frozen=True)
class PricedInvoice:
    """The lines (tax last) and the sums: subtotal + tax == total == sum of line amounts.
    `tax_note` says why no tax was charged when no tax rule covers the place."""

    lines: list[InvoiceLine]
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    tax_note: str | None = None


def price_invoice(card: RateCard, currency: str, country: str | None, geography: str,
                  deliverables: Mapping[str, int], revision_rounds: int) -> PricedInvoice:
    """Price a campaign's deliverables, taxed by the ISO `country` (None when the geography
    names no single country). UnknownCurrency when the card has no price list."""
    prices = card.prices(currency)
    units = card.minor_unit(currency)
    quantities = dict(deliverables)
    quantities["revision"] = max(0, revision_rounds - card.included_revision_rounds)
    # The price list's order, not the caller's: the same work always reads the same way.
    lines = [_line(kind, quantities[kind], prices[kind], units)
             for kind in price_kinds() if quantities.get(kind, 0) > 0]
    subtotal = quantize(sum((line.amount for line in lines), Decimal(0)), units)
    quote = card.tax_for(country, geography)
    tax = quantize(subtotal * quote.percent / 100, units)
    lines.append(InvoiceLine(kind="tax", description=quote.description, quantity=1,
                             unit_price=tax, amount=tax))
    return PricedInvoice(lines=lines, subtotal=subtotal, tax=tax, total=subtotal + tax,
                         tax_note=quote.note)


def _line(kind: str, quantity: int, unit_price: Decimal, units: int) -> InvoiceLine:
    return InvoiceLine(kind=kind, description=f"{LABELS[kind]} x {quantity}",
                       quantity=quantity, unit_price=quantize(unit_price, units),
                       amount=quantize(unit_price * quantity, units))
