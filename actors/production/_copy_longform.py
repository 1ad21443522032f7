"""Long-form pieces: the blog outline and short-video scripts.

An outline is a title, a lede (its hook) and 5-8 H2 sections, each with the point it
must make; the last section always carries the offer and the call to action. A script
opens on its hook, moves through timed scene beats and ends on the call to action,
within 150 words so it can be spoken in 60 seconds.
"""

from __future__ import annotations

from collections.abc import Callable

from . import _copy_limits as limits
from ._copy_context import Context, Draft, Piece
from ._copy_text import bare, cap, fit, low, sentence, sentences, word_count

TITLE_LIMIT = 70  # what a search result shows of a title


def _first(items: tuple[str, ...], fallback: str) -> str:
    return items[0] if items else fallback


# (heading, the point the section makes); material the strategy lacks falls back.
_SECTIONS: tuple[tuple[str, Callable[[Context], str]], ...] = (
    ("The problem for {aud}", lambda c: " ".join(c.problem) or c.support(0)),
    ("What {aud} run into today", lambda c: _first(c.pains, c.support(1))),
    ("What good looks like", lambda c: _first(c.motivations, c.support(2))),
    ("How {brand} approaches it", lambda c: c.resolution or c.support(3)),
    ("Evidence to look for", lambda c: _first(c.proofs, c.support(4))),
    ("Questions to ask before you choose", lambda c: _first(c.objections, c.support(5))),
    ("How {brand} compares with {alt}", lambda c: _first(c.proofs[1:], c.support(6))),
    ("In one line", lambda c: _first(c.taglines, c.support(7))),
)


def _title(p: Piece, options: list[str]) -> str:
    return fit([bare(o) for o in options], TITLE_LIMIT, len)


def blog_outline(p: Piece) -> Draft:
    ctx = p.ctx
    subject = cap(bare(p.topic))
    title = _title(p, [f"{subject}: a guide for {ctx.audience}", f"{subject}: a guide", subject])
    hook = p.hooks.take(p.pillar, 140)
    keep = sorted(p.rng.sample(range(len(_SECTIONS)), p.rng.randint(4, 7)))
    alt = low(_first(ctx.alternatives, "the usual options"))
    lines = [f"# {title}", hook]
    for i in keep:
        heading, point = _SECTIONS[i]
        lines += [f"## {heading.format(aud=ctx.audience, brand=ctx.brand, alt=alt)}",
                  f"- {sentences(point(ctx))}"]
    lines += [f"## Getting started with {ctx.brand}", f"- {sentence(ctx.offer)}", f"- {ctx.cta}"]
    return Draft("outline", "\n".join(lines), hook, title=title)


def video_script(p: Piece) -> Draft:
    ctx = p.ctx
    hook = p.hooks.take(p.pillar, 100)
    subject = cap(bare(p.topic))
    title = _title(p, [f"{subject} in 60 seconds", subject])
    pitch = ctx.presents(ctx.offer) if p.n == 1 else sentences(p.topic)
    beats = [
        f"HOOK (0-3s): {hook}",
        f"SCENE 1 (3-15s): On screen, {ctx.audience} at work. "
        f"VO: {sentences(ctx.support(p.k, 120))}",
        f"SCENE 2 (15-35s): On screen, {ctx.brand} in use. VO: {pitch}",
        f"SCENE 3 (35-50s): On screen, the key point as text. "
        f"VO: {sentences(ctx.resolution or ctx.support(p.k + 1, 120))}",
        f"END CARD (50-60s): On screen, {ctx.brand} and {ctx.domain}. VO: {ctx.cta}",
    ]
    lean = [beats[0], beats[2], beats[4]]
    bodies = ["\n".join(beats), "\n".join(lean)]
    body = fit(bodies, limits.VIDEO_WORDS, word_count)
    return Draft("script", body, hook, title=title)
