"""Organic social: X posts, LinkedIn posts, Instagram captions, Facebook posts.

Each writer lists variants from richest to leanest and keeps the first within the
platform limit. Optional parts (hashtags, the pillar line, proof) go first; the hook,
brand, offer and call to action never do. When even the leanest variant is too long it
is returned as is: QC is the gate and the reviser shortens on its finding, because a
silent cut here would hide a brief that does not fit the platform.
"""

from __future__ import annotations

from actors._text import hashtag, x_weighted_length

from . import _copy_limits as limits
from ._copy_context import Draft, Piece
from ._copy_hashtags import keywords, tag_pool
from ._copy_text import cap, fit, sentence, sentences, unique
from ._copy_voice import topic


def _tags(p: Piece, low: int, high: int) -> tuple[str, ...]:
    """`low`..`high` tags (seeded), starting further into the pool for later posts."""
    pool = _pool(p)
    if not pool or high <= 0:
        return ()
    start = (p.n - 1) * 2 % len(pool)
    rotated = pool[start:] + pool[:start]
    return tuple(rotated[: min(len(pool), p.rng.randint(low, high))])


def _pool(p: Piece) -> list[str]:
    # Pillar and audience words top up the sets for tag-hungry channels.
    extra = [hashtag(w) for w in keywords(" ".join(map(topic, p.ctx.pillars)), 10)]
    extra += [hashtag(f"{p.ctx.brand} {w}") for w in ("community", "news", "stories")]
    return unique([*tag_pool(p.ctx.hashtags), *extra])


def _lead(p: Piece, max_len: int = 160) -> str:
    """The first asset of a channel carries the offer verbatim; later ones a supporting line."""
    ctx = p.ctx
    if p.n == 1:
        return ctx.presents(ctx.offer)
    line = ctx.support(p.k, max_len)
    return f"{sentence(cap(line))} {ctx.brand} can help." if line else f"From {ctx.brand}."


def _size(draft: Draft) -> int:
    return len(draft.body)


def x_post(p: Piece) -> Draft:
    tags = _tags(p, 1, 2)
    lead, angle, cta = _lead(p, 110), sentence(cap(p.topic)), p.ctx.cta
    # The hook gets what the required parts leave, so a long offer still fits when it can.
    room = limits.X_POST - x_weighted_length(f"\n{lead} {cta}")
    hook = p.hooks.take(p.pillar, max(40, min(100, room)))
    bodies = [
        (f"{hook}\n{lead} {angle} {cta}", tags),
        (f"{hook}\n{lead} {angle} {cta}", tags[:1]),
        (f"{hook}\n{lead} {cta}", tags[:1]),
        (f"{hook}\n{lead} {cta}", ()),
    ]
    drafts = [Draft("post", _with_tags(b, t, " "), hook, hashtags=t) for b, t in bodies]
    return fit(drafts, limits.X_POST, _x_size)


def _x_size(draft: Draft) -> int:
    return x_weighted_length(draft.body)


def linkedin_post(p: Piece) -> Draft:
    ctx = p.ctx
    hook = p.hooks.take(p.pillar, 140)
    tags = _tags(p, 3, 5)
    opening = (f"What {ctx.brand} has for {ctx.audience} in {ctx.geography}: "
               f"{sentence(ctx.offer)}" if p.n == 1 else _lead(p))
    context = " ".join(ctx.problem) or sentences(ctx.support(p.k + 1))
    angle = sentences(p.topic, ctx.resolution)
    proof = "\n".join(f"- {sentence(cap(x))}" for x in ctx.proofs[p.n - 1::2][:3])
    tagline = ctx.taglines[(p.n - 1) % len(ctx.taglines)] if ctx.taglines else ""
    rich = [hook, opening, context, angle, f"What {ctx.brand} brings:\n{proof}" if proof else "",
            tagline, ctx.cta]
    lean = [hook, opening, sentences(p.topic), ctx.cta]
    drafts = [Draft("post", _with_tags(_paras(rich), tags, "\n\n"), hook, hashtags=tags),
              Draft("post", _with_tags(_paras(lean), tags, "\n\n"), hook, hashtags=tags),
              Draft("post", _paras(lean), hook)]
    return fit(drafts, limits.LINKEDIN_POST, _size)


def instagram_caption(p: Piece) -> Draft:
    hook = p.hooks.take(p.pillar, 120)
    tags = _tags(p, 5, 15)
    lines = [hook, _lead(p), sentences(p.topic), p.ctx.cta]
    lean = [hook, _lead(p), p.ctx.cta]
    drafts = [Draft("caption", _with_tags("\n".join(x), t, "\n\n"), hook, hashtags=t)
              for x, t in ((lines, tags), (lines, tags[:5]), (lean, tags[:5]))]
    return fit(drafts, limits.INSTAGRAM_CAPTION, _size)


def facebook_post(p: Piece) -> Draft:
    ctx = p.ctx
    hook = p.hooks.take(p.pillar, 110)
    tags = _tags(p, 0, 2)
    rich = [hook, _lead(p), sentences(p.topic, ctx.support(p.k + 2, 140)), ctx.cta]
    mid = [hook, _lead(p), sentences(p.topic), ctx.cta]
    lean = [hook, _lead(p), ctx.cta]
    drafts = [Draft("post", _with_tags(_paras(rich), tags, "\n\n"), hook, hashtags=tags),
              Draft("post", _paras(mid), hook), Draft("post", _paras(lean), hook)]
    return fit(drafts, limits.FACEBOOK_POST, _size)


def _paras(parts: list[str]) -> str:
    return "\n\n".join(x for x in parts if x.strip())


def _with_tags(text: str, tags: tuple[str, ...], sep: str) -> str:
    return f"{text}{sep}{' '.join(tags)}" if tags else text
