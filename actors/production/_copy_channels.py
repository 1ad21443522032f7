"""Per-channel copy writers: each turns one Context into a Draft within its platform limits.

Every writer builds a few variants from longest to leanest and keeps the longest that
fits. No variant ever drops the brand, the offer, the pillar or the CTA: when even the
leanest is too long the writer returns it as is, because QC is the gate, not the writer.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from contracts.common import Channel

X_LIMIT = 280
LINKEDIN_LIMIT = 3000
INSTAGRAM_LIMIT = 2200
SUBJECT_LIMIT = 60

T = TypeVar("T")


@dataclass(frozen=True)
class Context:
    """What one asset is written from: the brief's facts plus its share of the strategy."""

    brand: str
    offer: str  # verbatim from the brief, so residue in it reaches QC
    pillar: str
    cta: str
    audience: str  # a short phrase that reads mid-sentence
    geography: str
    industry: str
    objective: str
    domain: str
    opener: str
    hashtags: tuple[str, ...]  # the strategy's own tags, in order
    extra_hashtags: tuple[str, ...]  # more brief-derived tags for tag-hungry channels


@dataclass(frozen=True)
class Draft:
    kind: str
    body: str
    hashtags: tuple[str, ...] = ()
    subject: str | None = None


def sentence(text: str) -> str:
    """`text` unchanged, plus a full stop if it does not already end a sentence."""
    # No stripping: the offer must appear in the body exactly as the client wrote it.
    return text if text.rstrip().endswith((".", "!", "?")) else f"{text}."


def hashtag(text: str, max_len: int = 30) -> str:
    """`text` as a CamelCase #hashtag of letters and digits only ("" if nothing is left)."""
    tag = ""
    for word in re.findall(r"[^\W_]+", text):
        if tag and len(tag) + len(word) > max_len:
            break
        tag += word[:1].upper() + word[1:]
    return f"#{tag}" if tag else ""


def fit(options: Sequence[T], limit: int, size: Callable[[T], int]) -> T:
    """The longest option within `limit`; the shortest one if none fits."""
    fitting = [o for o in options if size(o) <= limit]
    return max(fitting, key=size) if fitting else min(options, key=size)


def _body_size(draft: Draft) -> int:
    return len(draft.body)


def _tagged(text: str, tags: Sequence[str], sep: str = " ") -> str:
    return f"{text}{sep}{' '.join(tags)}" if tags else text


def x_post(ctx: Context, rng: random.Random) -> Draft:
    core = f"{ctx.brand} — {sentence(ctx.offer)} {sentence(ctx.pillar)} {ctx.cta}"
    many = ctx.hashtags[: rng.randint(2, 3)]
    variants = [
        (f"{ctx.opener} {core}", many),
        (core, many),
        (f"{ctx.opener} {core}", ctx.hashtags[:1]),
        (core, ctx.hashtags[:1]),
        (core, ()),
    ]
    drafts = [Draft("post", _tagged(text, tags), tuple(tags)) for text, tags in variants]
    return fit(drafts, X_LIMIT, _body_size)


def linkedin_post(ctx: Context, rng: random.Random) -> Draft:
    launch = f"{ctx.brand} is bringing this to {ctx.audience} in {ctx.geography}:"
    why = (f"{sentence(ctx.pillar)} As a {ctx.industry} brand, our goal is clear: "
           f"{sentence(ctx.objective.lower())}")
    tags = ctx.hashtags[: rng.randint(3, 5)]
    full = [ctx.opener, f"{launch} {sentence(ctx.offer)}", why, ctx.cta]
    lean = [f"{ctx.brand} — {sentence(ctx.offer)}", sentence(ctx.pillar), ctx.cta]
    drafts = [Draft("post", _tagged("\n\n".join(full), tags, "\n\n"), tuple(tags)),
              Draft("post", _tagged("\n\n".join(lean), tags, "\n\n"), tuple(tags)),
              Draft("post", "\n\n".join(lean))]
    return fit(drafts, LINKEDIN_LIMIT, _body_size)


def instagram_caption(ctx: Context, rng: random.Random) -> Draft:
    pool = _tag_pool(ctx)
    tags = tuple(pool[: rng.randint(5, 15)])
    lines = [f"{ctx.brand} — {sentence(ctx.offer)}", sentence(ctx.pillar), ctx.cta]
    drafts = [
        Draft("caption", "\n".join([ctx.opener, *lines, "", " ".join(tags)]), tags),
        Draft("caption", "\n".join([*lines, "", " ".join(tags)]), tags),
        Draft("caption", "\n".join([*lines, "", " ".join(tags[:5])]), tags[:5]),
    ]
    return fit(drafts, INSTAGRAM_LIMIT, _body_size)


def _tag_pool(ctx: Context) -> list[str]:
    """Strategy tags first, then brief-derived ones; at least five, case-insensitively unique."""
    seen: dict[str, str] = {}
    fallback = [f"{ctx.brand} {word}" for word in (ctx.geography, ctx.industry, "community",
                                                   "news", "insider")]
    for tag in [*ctx.hashtags, *ctx.extra_hashtags, *map(hashtag, fallback)]:
        if tag and len(tag) > 1:
            seen.setdefault(tag.lower(), tag)
    return list(seen.values())


def email(ctx: Context, rng: random.Random) -> Draft:
    paragraphs = [
        f"{ctx.opener} {ctx.brand} has something new for you: {sentence(ctx.offer)}",
        f"{sentence(ctx.pillar)} Our focus for {ctx.industry} customers in {ctx.geography}: "
        f"{sentence(ctx.objective.lower())}",
    ]
    # Some sends invite replies; the seed decides so reruns match.
    if rng.random() < 0.5:
        paragraphs.append(f"Questions? Reply to this email or visit {ctx.domain}.")
    footer = (f"You are receiving this because you subscribed to updates from {ctx.brand}. "
              f"Unsubscribe: https://{ctx.domain}/unsubscribe")
    body = "\n\n".join([f"Hi {ctx.audience},", *paragraphs, ctx.cta,
                        f"The {ctx.brand} team", "--", footer])
    return Draft("email", body, subject=_subject(ctx))


def _subject(ctx: Context) -> str:
    offer = ctx.offer.strip().rstrip(".!?")
    options = [f"{ctx.brand}: {offer}", f"{ctx.pillar} | {ctx.brand}",
               f"{ctx.brand} for {ctx.audience}", ctx.brand]
    return fit(options, SUBJECT_LIMIT, len)


WRITERS: dict[Channel, Callable[[Context, random.Random], Draft]] = {
    Channel.X: x_post,
    Channel.LINKEDIN: linkedin_post,
    Channel.INSTAGRAM: instagram_caption,
    Channel.EMAIL: email,
}
