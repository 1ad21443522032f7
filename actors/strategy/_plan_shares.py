"""Budget shares as a client reads them, summing to exactly 100.

The strategy stores the shares already rounded, so the PDF, deck, HTML page, Markdown file
and report all show the same numbers and every one of them adds up. Rounding is largest
remainder (Hamilton's method): each exact share is cut down to the display step, then the
steps still missing go to the shares that lost the most (ties: the larger exact share, then
the earlier channel), so no share moves by a whole step and the sum is exact.

Whole percents ("71") unless they would mislead: a share that would read 0 %, or two
channels that would read the same while their exact shares differ. Then every share gets
one decimal ("45.3"), and if that still misleads, two.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_FLOOR, Decimal

HUNDRED = Decimal(100)
STEPS = (Decimal(1), Decimal("0.1"), Decimal("0.01"))


def display_shares(weights: Sequence[Decimal]) -> list[Decimal]:
    """Percent shares of `weights` (all positive) at the coarsest step that reads true."""
    if not weights or any(w <= 0 for w in weights):
        raise ValueError(f"budget weights must be positive, got {list(weights)}")
    total = sum(weights, Decimal(0))
    exact = [w * HUNDRED / total for w in weights]
    for step in STEPS:
        shares = largest_remainder(exact, step)
        if reads_true(exact, shares):
            break
    return shares


def largest_remainder(exact: Sequence[Decimal], step: Decimal) -> list[Decimal]:
    """`exact` (summing to 100) rounded to multiples of `step` that sum to exactly 100."""
    units = [e / step for e in exact]
    floors = [u.to_integral_value(rounding=ROUND_FLOOR) for u in units]
    missing = int(HUNDRED / step - sum(floors, Decimal(0)))
    ranked = sorted(range(len(exact)), key=lambda i: (floors[i] - units[i], -exact[i], i))
    for i in ranked[:missing]:
        floors[i] += 1
    return [(f * step).quantize(step) for f in floors]


def reads_true(exact: Sequence[Decimal], shares: Sequence[Decimal]) -> bool:
    """No share reads 0, and two shares read alike only when they are alike."""
    alike = len(set(shares)) == len(set(zip(shares, exact, strict=True)))
    return alike and all(s > 0 for s in shares)
