"""Onboarding's business rules: what makes an intake workable, and its normalized form."""

from __future__ import annotations

import re
from decimal import Decimal
from urllib.parse import urlsplit

from contracts.brief import CampaignBrief, NormalizedBrief
from contracts.common import client_id_for

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
    problems = [
        f"{name} is a placeholder ({value!r}), not an answer"
        for name, value in _free_text(brief)
        if value.strip().lower() in _PLACEHOLDER_VALUES
    ]
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
            f"budget {brief.budget} {brief.currency} is below the minimum of {minimum} "
            f"{brief.currency} for {len(brief.channels)} channels ({MIN_BUDGET_PER_CHANNEL} each)"
        )
    return problems


def normalize(brief: CampaignBrief) -> NormalizedBrief:
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
    )


def _free_text(brief: CampaignBrief) -> list[tuple[str, str]]:
    fields = [("client_name", brief.client_name), ("industry", brief.industry),
              ("geography", brief.geography), ("offer", brief.offer),
              ("target_audience", brief.target_audience)]
    return fields + [(f"objectives[{i}]", o) for i, o in enumerate(brief.objectives)]
