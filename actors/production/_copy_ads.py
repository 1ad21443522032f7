"""Paid ads: Google responsive search ads and Meta (Facebook/Instagram) ads.

Headlines and descriptions are picked from a pool of phrases that already fit, so no
ad text is ever cut mid-word. An ad's hook is its first headline (the one pinned to
position 1), which is why headline 1 is drawn from the campaign's hook deck.
"""

from __future__ import annotations

import re

from . import _copy_limits as limits
from ._copy_context import Context, Draft, Piece
from ._copy_text import (
    bare,
    cap,
    contains_any,
    fit,
    sentence,
    sentences,
    shorten,
    trim_words,
    unique,
)
from ._copy_voice import topic

# Plain, claim-free fallbacks so every ad has enough headlines whatever the brief says.
_GENERIC_HEADLINES = (
    "See How It Works", "Get Started Today", "Talk to Our Team", "Find Out More",
    "Read the Details", "Take a Closer Look", "Ask Us a Question", "See What Is Included",
    "Compare Your Options", "Plan Your Next Step", "Questions? Ask Us", "Start Here",
)
_CLAUSE = re.compile(r"\s*(?:[:;,(]|\s-\s|\bwith\b)\s*")


def headline_pool(ctx: Context, limit: int) -> list[str]:
    """Distinct headlines within `limit`: brand, CTA, offer clauses, pillars, proof, generic."""
    offer_parts = [x for x in _CLAUSE.split(ctx.offer) if x and len(x.split()) >= 2]
    candidates = [
        ctx.brand, f"{ctx.brand} in {ctx.geography}", ctx.cta, *offer_parts,
        *map(topic, ctx.pillars), *ctx.taglines, *ctx.proofs, *ctx.motivations,
        f"Made for {ctx.audience}", f"{cap(ctx.industry)} in {ctx.geography}",
        *_GENERIC_HEADLINES,
    ]
    shaped = [cap(bare(c)) for c in candidates if not contains_any(c, ctx.banned)]
    return [h for h in unique(shaped) if 0 < len(h) <= limit]


def _headlines(p: Piece, limit: int, count: int) -> tuple[str, ...]:
    pool = headline_pool(p.ctx, limit)
    start = p.rng.randrange(len(pool))
    pool = pool[start:] + pool[:start]  # a seeded rotation varies which headlines lead
    hook = p.hooks.claim(pool) or p.hooks.take(p.pillar, limit)
    rest = [h for h in pool if h != hook]
    return (hook, *rest[: count - 1])


def _descriptions(p: Piece) -> tuple[str, ...]:
    ctx, room = p.ctx, limits.GOOGLE_DESCRIPTION
    offer = ctx.presents(ctx.offer)
    if len(offer) > room:
        offer = ctx.presents(shorten(ctx.offer, room - len(ctx.brand) - 4))
    candidates = [offer, sentences(p.topic), sentences(ctx.support(p.k, room - 1)),
                  sentence(ctx.cta), *(sentence(t) for t in ctx.taglines),
                  f"See how {ctx.brand} works for {ctx.audience}.",
                  f"Questions? Talk to the {ctx.brand} team."]
    fitting = [c for c in unique(candidates) if len(c) <= room]
    fitting += [sentence(trim_words(c, room - 1)) for c in candidates if c not in fitting]
    return tuple(unique(fitting)[: p.rng.randint(2, 4)])


def google_search_ad(p: Piece) -> Draft:
    ctx = p.ctx
    headlines = _headlines(p, limits.GOOGLE_HEADLINE, p.rng.randint(8, 15))
    # Not published: a one-line summary for the client of what the ad sells and asks.
    body = f"{ctx.presents(ctx.offer)} {sentences(p.topic)} {ctx.cta}"
    return Draft("ad", " ".join(body.split()), headlines[0], headlines=headlines,
                 descriptions=_descriptions(p))


def meta_ad(p: Piece) -> Draft:
    headlines = _headlines(p, limits.META_HEADLINE, p.rng.randint(1, 3))
    body = fit(_primary_texts(p), limits.META_PRIMARY_TEXT, len)
    return Draft("ad", body, headlines[0], headlines=headlines)


def _primary_texts(p: Piece) -> list[str]:
    ctx = p.ctx
    if p.n == 1:
        # Two spare chars: a cut offer may lose its colon and take ": " instead of a dash.
        room = limits.META_PRIMARY_TEXT - len(f"{ctx.presents('')} {ctx.cta}") - 2
        # Residue must reach QC whole; only a clean offer may be cut back to fit.
        short = ctx.offer if ctx.offer_has_residue else shorten(ctx.offer, room)
        return [f"{ctx.presents(ctx.offer)} {sentences(p.topic)} {ctx.cta}",
                f"{ctx.presents(ctx.offer)} {ctx.cta}",
                f"{ctx.presents(short)} {ctx.cta}"]
    room = limits.META_PRIMARY_TEXT - len(f" {ctx.brand}. {ctx.cta}")
    line = sentences(ctx.support(p.k, room - 1))
    return [f"{line} {ctx.brand}: {sentences(p.topic)} {ctx.cta}",
            f"{ctx.brand}: {sentences(p.topic)} {ctx.cta}",
            f"{line} {ctx.brand}. {ctx.cta}".strip(),
            f"{ctx.brand}. {ctx.cta}"]
