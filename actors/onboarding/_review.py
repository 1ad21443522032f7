"""Onboarding's business rules: what makes an intake workable, and its normalized form."""

from __future__ import annotations

import re
from decimal import Decimal
from urllib.parse import urlsplit

from actors._residue import find_residue
from actors._text import plural
from contracts.brief import CampaignBrief, NormalizedBrief
from contracts.common import client_id_for
from contracts.geography import resolve_place
from contracts.money import format_money

# Industries whose marketing claims are regulated: their briefs must say how to comply.
REGULATED = {
    "finance", "fintech", "banking", "insurance", "investment", "lending",
    "health", "healthcare", "medical", "pharma", "pharmaceutical", "pharmaceuticals",
    "legal", "law", "gambling", "betting", "casino", "crypto", "cryptocurrency",
}
PLACEHOLDER_DOMAINS = {"example.com", "example.org", "example.net", "localhost", "test.com"}
_PLACEHOLDER_VALUES = {"tbd", "tba", "todo", "n/a", "na", "-", "?", "...", "xxx", "lorem ipsum"}
MIN_BUDGET_PER_CHANNEL = Decimal("250")


def canonical_industry(industry: str) -> str:
    return re.sub(r"\s+", " ", industry.strip().lower())


def is_regulated(industry: str) -> bool:
    words = set(re.findall(r"[a-z]+", canonical_industry(industry)))
    return bool(words & REGULATED)


def domain_of(website: str) -> str:
    host = (urlsplit(website).hostname or "").lower()
    return host.removeprefix("www.")


def review(brief: CampaignBrief) -> list[str]:
    """Every reason the brief cannot be worked on; empty when it can."""
    bare = {name: value for name, value in _free_text(brief)
            if value.strip().lower() in _PLACEHOLDER_VALUES}
    problems = [f"{name} is a placeholder ({value!r}), not an answer"
                for name, value in bare.items()]
    problems += _residue_problems(brief, already=set(bare))
    if domain_of(brief.website) in PLACEHOLDER_DOMAINS:
        problems.append(f"website {brief.website} is a placeholder domain, not the client's site")
    if is_regulated(brief.industry) and not brief.compliance_notes.strip():
        problems.append(
            f"industry '{brief.industry}' is regulated: compliance_notes must say which rules "
            "apply (claims, disclaimers, approvals)"
        )
    minimum = MIN_BUDGET_PER_CHANNEL * len(brief.channels)
    if brief.budget < minimum:
        problems.append(
            f"budget {format_money(brief.budget, brief.currency)} is below the minimum of "
            f"{format_money(minimum, brief.currency)} for "
            f"{plural(len(brief.channels), 'channel')} "
            f"({format_money(MIN_BUDGET_PER_CHANNEL, brief.currency)} each)"
        )
    return problems


def normalize(brief: CampaignBrief) -> NormalizedBrief:
    """The brief in canonical form, its geography resolved to ISO countries once, here:
    strategy and billing read `country_codes` / `country_code`, never the text."""
    place = resolve_place(brief.geography)
    return NormalizedBrief(
        client_id=client_id_for(brief.client_name),
        client_name=brief.client_name,
        brand=brief.brand,
        website=brief.website,
        domain=domain_of(brief.website),
        industry=canonical_industry(brief.industry),
        regulated=is_regulated(brief.industry),
        geography=brief.geography,
        offer=brief.offer,
        target_audience=brief.target_audience,
        objectives=list(brief.objectives),
        channels=list(brief.channels),
        budget=brief.budget,
        currency=brief.currency,
        tone=brief.tone,
        start_date=brief.start_date,
        duration_weeks=brief.duration_weeks,
        compliance_notes=brief.compliance_notes.strip(),
        country_codes=list(place.countries),
        country_code=place.country,
    )


def _residue_problems(brief: CampaignBrief, already: set[str]) -> list[str]:
    """Template residue anywhere in the client's words. The brief is the client's own text:
    filler guessed on their behalf would reach a strategy they sign off, and no revision
    of the creative can change that document, so it is refused here, naming the field.
    A field already refused as a bare placeholder ("TBD") is not named twice."""
    fields = [*_free_text(brief), ("brand_name", brief.brand_name or ""),
              ("tone", brief.tone), ("compliance_notes", brief.compliance_notes)]
    problems = []
    for name, value in fields:
        found = find_residue(value)
        if found and name not in already:
            quoted = ", ".join(f"'{piece}'" for piece in found)
            problems.append(f"{name} carries template residue {quoted}: send the client's "
                            "real text")
    return problems


def _free_text(brief: CampaignBrief) -> list[tuple[str, str]]:
    fields = [("client_name", brief.client_name), ("industry", brief.industry),
              ("geography", brief.geography), ("offer", brief.offer),
              ("target_audience", brief.target_audience)]
    return fields + [(f"objectives[{i}]", o) for i, o in enumerate(brief.objectives)]
