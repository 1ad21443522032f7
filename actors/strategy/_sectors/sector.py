"""What the strategy knows about an industry: how it earns, what it competes with, its rules.

Texts are templates filled from the brief ({brand}, {offer}, {aud}, {geo}, {industry}), so
a sector supplies the shape of an argument and the brief supplies its substance.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sector:
    """One industry family, detected from the brief's industry (or offer) wording."""

    key: str
    stems: str  # regex alternation of word starts that put an industry in this family
    b2b: bool
    model: str  # how money is made
    revenue: str  # how a campaign turns into revenue
    category: str
    alternatives: tuple[tuple[str, str], ...]  # (name, why a buyer picks it)
    avoid: tuple[str, ...]
    pains: tuple[str, ...]
    objections: tuple[str, ...]
    proof: tuple[str, ...]
    compliance: tuple[str, ...]
    forbidden: tuple[str, ...] = ()
    regulated: bool = False
