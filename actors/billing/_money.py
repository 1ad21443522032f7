"""Money arithmetic: Decimals quantized to a currency's minor unit, rounded half up."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def minor_step(minor_units: int) -> Decimal:
    """The smallest amount a currency has: 0.01 for 2 minor units, 1 for none (JPY)."""
    return Decimal(1).scaleb(-minor_units)


def quantize(amount: Decimal, minor_units: int) -> Decimal:
    """`amount` rounded half up to the currency's minor unit (0.005 -> 0.01)."""
    return amount.quantize(minor_step(minor_units), rounding=ROUND_HALF_UP)


def fits(amount: Decimal, minor_units: int) -> bool:
    """True when `amount` needs no rounding in a currency with `minor_units` decimals."""
    return amount.is_finite() and amount == quantize(amount, minor_units)


def zero(minor_units: int) -> Decimal:
    return quantize(Decimal(0), minor_units)
