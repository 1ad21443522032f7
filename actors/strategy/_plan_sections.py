"""Business reality, market truth and value architecture: what the client sells, how it
earns, what the buyer could choose instead, and why this brand is the better choice.
"""

from __future__ import annotations

import re
from decimal import Decimal

from actors._text import plural
from contracts.money import format_money, to_minor_unit
from contracts.strategy import BusinessReality, MarketTruth, ValueArchitecture

from ._plan_profile import Facts
from ._plan_text import channel_words, join_words, offer_parts, upper_first


def weeks(n: int) -> str:
    return plural(n, "week")


def money(f: Facts, amount: Decimal) -> str:
    """`amount` of the brief's currency as a client reads it: "$1,250.00", "¥220,000"."""
    return format_money(amount, f.brief.currency)


def business(f: Facts) -> BusinessReality:
    b = f.brief
    offer = b.offer.strip().rstrip(".!")
    weekly = to_minor_unit(b.budget / b.duration_weeks, b.currency)
    revenue = (f"{f.fill(f.sector.revenue)} {b.brand} commits {money(f, b.budget)} over "
               f"{weeks(b.duration_weeks)}, about {money(f, weekly)} a week, and the plan is "
               f"judged on {join_words([o.lower() for o in b.objectives])}; the lagging KPI "
               "targets size what that money should buy.")
    return BusinessReality(
        model=f.fill(f.sector.model),
        offer=(f"{offer}. {b.brand} offers it to {f.aud} in {f.geo} through {b.domain}, where "
               f"every call to action in this campaign points, for {weeks(b.duration_weeks)} "
               f"from {b.start_date:%d %B %Y}."),
        revenue_logic=revenue,
    )


def market(f: Facts) -> MarketTruth:
    rng = f.rng("market")
    s = f.sector
    count = min(len(s.alternatives), rng.choice((3, 4)))
    alternatives = [f"{f.fill(name)}: {f.fill(why)}." for name, why in s.alternatives[:count]]
    # At most four items: the market's own rules first, then each region's.
    regions = f.regions[:2]
    picked = rng.sample(s.avoid, min(len(s.avoid), 4 - len(regions)))
    avoid = [f.fill(a) for a in sorted(picked, key=s.avoid.index)]
    avoid += [f.fill(r.avoid) for r in regions]
    category = (f"{upper_first(f.fill(s.category))}: {f.fill('{offer}')} for {f.aud} in "
                f"{f.geo}, sold as {f.brief.industry}.")
    return MarketTruth(category=category, alternatives=alternatives, avoid=avoid)


def value(f: Facts) -> ValueArchitecture:
    b, rng = f.brief, f.rng("value")
    names = [n.lower() for n, _ in f.sector.alternatives[:2]]
    terms = offer_parts(b.offer)[1:2] or [f.fill("{offer}")]
    claims = (
        f"spells out its terms ({terms[0]}) in plain words",
        f"is built for {f.geo} and speaks in a {tone_words(b.tone)[0]} voice",
        f"is measured against one clear goal: {b.objectives[0].lower()}",
    )
    positioning = (f"For {f.aud} in {f.geo}, {b.brand} offers {b.offer.strip().rstrip('.!')}. "
                   f"Unlike {f.fill(join_words(names, 'or'))}, it {rng.choice(claims)}.")
    return ValueArchitecture(positioning=positioning, proof_points=_proof(f),
                             differentiators=_differentiators(f))


def _proof(f: Facts) -> list[str]:
    b = f.brief
    concrete = [p for p in offer_parts(b.offer) if re.search(r"\d", p)][:2]
    points = [f"A concrete, checkable offer: {p}." for p in concrete]
    points += [f.fill(p) for p in f.sector.proof]
    points.append(f"Progress on “{b.objectives[0]}” is reported against a numeric target, so "
                  "results become proof as the campaign runs.")
    if b.compliance_notes:
        points.append("Every proof point is checked against the client's compliance notes "
                      "before it is used.")
    return points


def _differentiators(f: Facts) -> list[str]:
    b = f.brief
    channels = channel_words(f.channels)
    # The offer's terms after its name ("30-day free pilot") are what set it apart.
    items = [f"{upper_first(p)}, stated up front rather than in the small print."
             for p in offer_parts(b.offer)[1:3]]
    items += [
        f"Made for {f.geo}: local rules, local proof and the channels {f.aud} already use "
        f"({channels}).",
        f"A {join_words(tone_words(b.tone))} voice in every asset, so {b.brand} sounds the "
        "same from the first post to the last email.",
        f"{upper_first(b.industry)} focus: every message is about {f.fill('{offer}')}, never "
        "a generic promise any competitor could make.",
    ]
    return items[:4]


def tone_words(tone: str) -> list[str]:
    """The tone's traits ("confident, clear" -> ["confident", "clear"])."""
    words = [w.strip().lower() for w in re.split(r",|;|/|\band\b", tone) if w.strip()]
    return words or ["clear"]
