"""Derive a campaign strategy from a normalized brief.

Pure and deterministic: the same brief and seed give the same StrategyDoc in any
process (string-seeded Random, no hash(), no clock). Every sentence is built from
the brief's own fields, its industry and its geography, so two different briefs never
share a plan. The sections are assembled here from their own modules.
"""

from __future__ import annotations

import re

from actors._text import hashtag
from contracts.brief import NormalizedBrief
from contracts.strategy import StrategyDoc

from ._plan_channels import channel_plan
from ._plan_constraints import constraints
from ._plan_kpis import classify
from ._plan_measure import measurement, timeline
from ._plan_narrative import narrative
from ._plan_personas import personas
from ._plan_profile import Facts, facts_of
from ._plan_sections import business, market, value
from ._plan_text import keywords, short_clause

_CTAS = {
    "awareness": "Discover the {kw} at {domain}",
    "leads": "Book a demo at {domain}",
    "sales": "Shop the {kw} at {domain}",
    "engagement": "Join the conversation about the {kw} at {domain}",
    "retention": "Claim your member benefits at {domain}",
    "traffic": "Explore the {kw} at {domain}",
    "other": "Learn more about the {kw} at {domain}",
}


def derive_strategy(brief: NormalizedBrief, seed: int) -> StrategyDoc:
    """Plan a campaign for `brief`; the same brief and seed always give the same plan."""
    f = facts_of(brief, seed)
    cta = call_to_action(f)
    return StrategyDoc(
        brand=brief.brand,
        audience=f"{short_clause(brief.target_audience, 20)} in {f.geo}",
        business=business(f),
        market=market(f),
        personas=personas(f),
        value=value(f),
        narrative=narrative(f, cta),
        channel_plan=channel_plan(f),
        constraints=constraints(f),
        measurement=measurement(f),
        timeline=timeline(f),
        call_to_action=cta,
        hashtags=hashtags(f),
    )


def call_to_action(f: Facts) -> str:
    primary = f.brief.objectives[0]
    template = _CTAS[classify(primary)]
    # A trial or sign-up goal asks for the sign-up itself, not a sales demo.
    if classify(primary) == "leads" and re.search(r"trial|sign[- ]?up", primary.lower()):
        template = "Sign up at {domain}"
    return template.format(kw=f.offer, domain=f.brief.domain)


def hashtags(f: Facts) -> list[str]:
    b = f.brief
    sources = [b.brand, b.industry, *f.kws, *keywords(" ".join(b.objectives)),
               b.geography, f"{b.brand} {b.start_date.year}"]
    tags: dict[str, str] = {}
    for source in sources:
        if tag := hashtag(source):
            tags.setdefault(tag.lower(), tag)
    chosen = list(tags.values())[: f.rng("hashtags").randint(4, 8)]
    if len(chosen) < 3:
        chosen += [f"#Campaign{b.start_date.year}", f"#Week{b.duration_weeks}",
                   f"#Launch{b.start_date:%b%Y}"][: 3 - len(chosen)]
    return chosen
