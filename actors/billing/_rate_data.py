"""The default rate card, in the same shape as a rate card JSON file.

USD is the agency's list price. The other price lists were derived once, offline, from a
fixed conversion table (USD 1 = EUR 0.92, GBP 0.79, CAD 1.36, AUD 1.52, NZD 1.65,
SGD 1.35, INR 83, JPY 150, CNY 7.2) and rounded half up to a price-list step (5 for EUR,
GBP, CAD, AUD, NZD and SGD; 10 for CNY; 100 for INR; 1000 for JPY). They are written out
here rather than computed at run time: a price list is a commercial decision that must not
move when an exchange rate does.
"""

from __future__ import annotations

from typing import Any

_KINDS = ("strategy", "calendar", "linkedin", "x", "instagram", "facebook", "google_ads",
          "meta_ads", "email", "blog", "short_video", "revision")

# One row per currency, prices in _KINDS order. "revision" is an additional revision round.
_PRICES = {
    "USD": ("2500.00", "400.00", "120.00", "60.00", "120.00", "100.00", "350.00", "300.00",
            "250.00", "600.00", "450.00", "300.00"),
    "EUR": ("2300.00", "370.00", "110.00", "55.00", "110.00", "90.00", "320.00", "275.00",
            "230.00", "550.00", "415.00", "275.00"),
    "GBP": ("1975.00", "315.00", "95.00", "45.00", "95.00", "80.00", "275.00", "235.00",
            "200.00", "475.00", "355.00", "235.00"),
    "CAD": ("3400.00", "545.00", "165.00", "80.00", "165.00", "135.00", "475.00", "410.00",
            "340.00", "815.00", "610.00", "410.00"),
    "AUD": ("3800.00", "610.00", "180.00", "90.00", "180.00", "150.00", "530.00", "455.00",
            "380.00", "910.00", "685.00", "455.00"),
    "NZD": ("4125.00", "660.00", "200.00", "100.00", "200.00", "165.00", "580.00", "495.00",
            "415.00", "990.00", "745.00", "495.00"),
    "SGD": ("3375.00", "540.00", "160.00", "80.00", "160.00", "135.00", "475.00", "405.00",
            "340.00", "810.00", "610.00", "405.00"),
    "INR": ("207500.00", "33200.00", "10000.00", "5000.00", "10000.00", "8300.00",
            "29100.00", "24900.00", "20800.00", "49800.00", "37400.00", "24900.00"),
    "JPY": ("375000", "60000", "18000", "9000", "18000", "15000", "53000", "45000", "38000",
            "90000", "68000", "45000"),
    "CNY": ("18000.00", "2880.00", "860.00", "430.00", "860.00", "720.00", "2520.00",
            "2160.00", "1800.00", "4320.00", "3240.00", "2160.00"),
}

# By ISO country: every way of naming the place ("London", "UK", "England") resolves to
# the country through contracts.geography, so no aliases are listed.
_TAX_RATES = [
    ("GB", "United Kingdom", "VAT", "20"),
    ("DE", "Germany", "VAT", "19"),
    ("FR", "France", "VAT", "20"),
    ("NL", "Netherlands", "VAT", "21"),
    ("IE", "Ireland", "VAT", "23"),
    ("ES", "Spain", "VAT", "21"),
    ("AU", "Australia", "GST", "10"),
    ("NZ", "New Zealand", "GST", "15"),
    ("CA", "Canada", "GST", "5"),
    ("SG", "Singapore", "GST", "9"),
    ("IN", "India", "GST", "18"),
    ("JP", "Japan", "Consumption tax", "10"),
    # 0%: the invoice still carries a tax line, saying no tax was applied.
    ("US", "United States", "Sales tax", "0"),
]

# No "minor_units": each currency's precision is ISO 4217's (contracts.money).
DEFAULT_RATE_CARD: dict[str, Any] = {
    "payment_terms_days": 30,
    "included_revision_rounds": 1,
    "price_lists": {code: dict(zip(_KINDS, row, strict=True)) for code, row in _PRICES.items()},
    "tax_rates": [{"geography": g, "country": country, "tax": name, "percent": pct}
                  for country, g, name, pct in _TAX_RATES],
}
