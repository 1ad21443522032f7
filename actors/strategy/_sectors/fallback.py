"""The fallback for an industry no family matches: it still speaks in the brief's own
industry words ({industry}), so the plan reads as written for it.
"""

from __future__ import annotations

from .sector import Sector

OTHER = Sector(
    key="other", b2b=False, stems=r"(?!)",
    model=("{industry_cap}: {brand} earns revenue by selling {offer}, so growth depends on "
           "how many of {aud} hear about it, trust it and take the next step."),
    revenue=("The campaign turns attention from {aud} into measurable next steps (visits, "
             "enquiries or purchases) and then into repeat business through owned channels."),
    category="{industry}",
    alternatives=(
        ("Established {industry} providers", "names {aud} already know, with bigger budgets"),
        ("Cheaper substitutes", "lower-priced options that solve part of the problem"),
        ("Doing it themselves", "handling it without outside help"),
        ("Doing nothing", "putting off the decision for another season"),
    ),
    avoid=(
        "Do not make claims about {offer} that {brand} cannot document.",
        "Avoid {industry} messages that could belong to any competitor; lead with what is "
        "specific to {offer}.",
    ),
    pains=(
        "Many {industry} offers sound alike, so it is hard to tell which one fits.",
        "Past purchases did not deliver what the marketing promised.",
        "Little time to research the options properly.",
    ),
    objections=(
        "“What makes this different from what I use now?”",
        "“Is it worth the price?”",
        "“Can I trust a brand I do not know well yet?”",
    ),
    proof=(
        "Customer reviews and stories about {offer}, shared with permission.",
        "Plain facts about {offer}: what it includes, what it costs and how to start.",
    ),
    compliance=(
        "Claims about {offer} must be truthful and backed by evidence held before "
        "publishing.",
    ),
)
