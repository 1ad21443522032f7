"""Audience psychology: two or three personas drawn from the brief's audience, industry and
objectives. Each persona is an archetype of the buying journey (who tests, who pays, who
doubts) dressed in the brief's own words, with local first names for the geography.
"""

from __future__ import annotations

from dataclasses import dataclass

from contracts.strategy import Persona

from ._plan_kpis import classify
from ._plan_profile import Facts
from ._plan_text import offer_parts, upper_first


@dataclass(frozen=True)
class _Archetype:
    label: str
    role: str
    pain: str
    motivation: str
    objection: str


_B2B = (
    _Archetype("the hands-on evaluator",
               "one of the {aud} who runs the day-to-day work {offer} touches and will test "
               "it first",
               "Carries the workload when a process breaks, and is tired of patching it by hand.",
               "Wants {offer} to give back hours each week and make their own work visibly "
               "better.",
               "“I do not have time to learn and roll out another tool.”"),
    _Archetype("the budget holder",
               "a senior member of the {aud} who signs off spend and answers for results in "
               "{geo}",
               "Has to show leadership a return on every purchase, usually within a quarter.",
               "Wants a decision that is easy to defend: clear cost, clear payback, low risk.",
               "“What does it really cost once set-up and training are included?”"),
    _Archetype("the cautious sceptic",
               "one of the {aud} who has been let down by a supplier before and now checks "
               "every claim",
               "Remembers the last rollout that overran, and the credibility it cost.",
               "Wants proof from peers in {geo} who already rely on {brand}.",
               "“Everyone says this; show me evidence from someone like us.”"),
)
_B2C = (
    _Archetype("the motivated first-timer",
               "one of the {aud} actively looking for {offer} right now",
               "Does not know where to start, and every option online claims to be the one.",
               "Wants a simple first step with {brand} and a clear idea of what happens next.",
               "“I am not sure it is for someone like me.”"),
    _Archetype("the careful comparer",
               "one of the {aud} who compares prices and reviews in several tabs before "
               "deciding",
               "Has been caught out by hidden costs and small print before.",
               "Wants the full price and terms of {offer} up front, with nothing to discover "
               "later.",
               "“I will wait and see whether a better deal turns up.”"),
    _Archetype("the loyal regular",
               "one of the {aud} who already buys in {industry} and sticks with what works",
               "Feels taken for granted by brands that only chase new customers.",
               "Wants to be recognised for loyalty and to hear about {offer} early.",
               "“What I have now is fine, so why change?”"),
)
# Two per objective category, so personas serving similar objectives still differ.
_MOTIVATIONS = {
    "leads": ("Wants to see {offer} working on their own situation before any call.",
              "Wants to try {offer} at low commitment and decide with real evidence."),
    "sales": ("Wants a clear price and a good reason to choose {offer} now, not later.",
              "Wants buying {offer} to be quick, with no surprises at checkout."),
    "awareness": ("Wants a name they recognise and trust the next time they think about "
                  "{industry}.",
                  "Notices brands that explain {offer} plainly and remembers them."),
    "engagement": ("Wants to swap experiences with people like them, not be talked at.",
                   "Enjoys brands that answer back and show real people using {offer}."),
    "retention": ("Wants to be valued for staying, not only courted while they are new.",
                  "Wants {brand} to remember what they bought and suggest what fits next."),
    "traffic": ("Wants detailed, honest information about {offer} before deciding anything.",
                "Reads reviews, guides and comparisons before they visit a shop or site."),
    "other": ("Cares about the outcome behind “{objective}” and wants to see how {brand} "
              "helps.",
              "Wants proof that {brand} takes “{objective}” as seriously as they do."),
}
_NAMES = {
    "us": ("Maria", "Jordan", "Ashley", "Marcus", "Emily", "Daniel"),
    "uk": ("Olivia", "Priya", "James", "Amara", "Callum", "Sophie"),
    "eu": ("Lena", "Jonas", "Sofia", "Luca", "Anna", "Mateo"),
    "china": ("Li Na", "Wang Wei", "Zhang Min", "Chen Jing", "Liu Yang", "Zhao Lei"),
    "russia": ("Anna", "Dmitri", "Olga", "Ivan", "Elena", "Sergei"),
    "canada": ("Chloé", "Liam", "Priya", "Noah", "Emma", "Ethan"),
    "australia": ("Charlotte", "Jack", "Mia", "Oliver", "Isla", "Lachlan"),
    "india": ("Ananya", "Rohan", "Kavya", "Arjun", "Meera", "Vikram"),
    "brazil": ("Ana", "Lucas", "Beatriz", "Rafael", "Mariana", "Gabriel"),
    "japan": ("Yuki", "Haruto", "Aiko", "Ren", "Sakura", "Kenji"),
    "uae": ("Fatima", "Omar", "Aisha", "Rahul", "Layla", "Khalid"),
    "global": ("Amina", "Daniel", "Sara", "Leo", "Nadia", "Samuel"),
}


def personas(f: Facts) -> list[Persona]:
    """Three personas (who tests, who pays, who doubts), each tied to one objective."""
    rng = f.rng("personas")
    count = 3
    names = rng.sample(_NAMES[f.regions[0].key], count)
    archetypes = _B2B if f.b2b else _B2C
    return [_persona(f, i, names[i], archetypes[i]) for i in range(count)]


def _persona(f: Facts, i: int, name: str, arch: _Archetype) -> Persona:
    b, s = f.brief, f.sector
    objective = b.objectives[i % len(b.objectives)]
    # The first clause is usually the offer's name; the terms that follow are what appeal.
    parts = offer_parts(b.offer)[1:] or offer_parts(b.offer)
    liked = (f"Likes that the offer is concrete: {parts[i % len(parts)]}." if parts else
             f"Likes that {b.brand} explains {f.offer} in plain words.")
    doubt = (f"Wants to know how {b.brand} is regulated in {f.geo} before sharing any "
             "personal details." if f.regulated else
             f"Wonders whether {b.brand} understands {f.geo} or is running a campaign "
             "made for somewhere else.")
    return Persona(
        name=f"{name}, {arch.label}",
        role=upper_first(f.fill(arch.role)),
        pains=[f.fill(s.pains[i % len(s.pains)]), f.fill(s.pains[(i + 1) % len(s.pains)]),
               f.fill(arch.pain)],
        motivations=[f.fill(_MOTIVATIONS[classify(objective)][i % 2], objective=objective),
                     f.fill(arch.motivation), liked],
        objections=[f.fill(s.objections[i % len(s.objections)]), f.fill(arch.objection), doubt],
    )
