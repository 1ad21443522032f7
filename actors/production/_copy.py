"""Write channel-ready creative from a brief and its approved strategy.

Pure and deterministic: the same campaign, brief, strategy and seed give the same
assets in any process (string-seeded Random, no hash(), no clock). The offer is copied
verbatim so anything odd a client pasted into the brief reaches QC, which is the gate.
"""

from __future__ import annotations

import random
import re

from actors.production._copy_channels import WRITERS, Context, hashtag
from contracts.brief import NormalizedBrief
from contracts.common import Channel, derived_id
from contracts.production import Asset
from contracts.strategy import StrategyDoc

# Openers per tone keyword; {brand} and {aud} are filled from the brief.
_OPENERS = {
    "playful": ("Guess what, {aud}?", "Psst, {aud}!"),
    "warm": ("We made this with {aud} in mind.", "Hello from all of us at {brand}."),
    "friendly": ("Hi {aud}!", "Good news for {aud}."),
    "bold": ("Big news from {brand}.", "Ready for more, {aud}?"),
    "confident": ("{brand} delivers.", "Here is what {brand} has for {aud}."),
    "urgent": ("Don't wait, {aud}.", "Time-sensitive news from {brand}."),
    "professional": ("An update for {aud}.", "What changes for {aud} this season."),
    "clear": ("In short:", "Here is the news, {aud}."),
}
# Common long words that make empty hashtags (#With, #Your).
_FILLER = frozenset((
    "with", "from", "your", "this", "that", "these", "those", "their", "them", "they", "into",
    "over", "only", "more", "most", "every", "each", "plus", "just", "what", "when", "where",
    "which", "about", "will", "have", "been", "were", "also", "than", "then",
))


def write_assets(
    campaign_id: str, brief: NormalizedBrief, strategy: StrategyDoc, seed: int
) -> list[Asset]:
    """One asset per planned channel, in plan order; same inputs give the same list."""
    pillars = strategy.messaging_pillars
    start = random.Random(f"{seed}:{campaign_id}:{strategy.brand}:pillars").randrange(
        len(pillars))
    assets = []
    for i, plan in enumerate(strategy.channel_plan):
        # A generator per channel keeps one channel's copy stable when another is added.
        rng = random.Random(f"{seed}:{campaign_id}:{strategy.brand}:{brief.offer}:{plan.channel}")
        ctx = _context(brief, strategy, pillars[(start + i) % len(pillars)], rng)
        assets.append(_asset(campaign_id, plan.channel, ctx, rng))
    return assets


def _asset(campaign_id: str, channel: Channel, ctx: Context, rng: random.Random) -> Asset:
    draft = WRITERS[channel](ctx, rng)
    return Asset(
        asset_id=derived_id(campaign_id, channel, 1),
        channel=channel,
        kind=draft.kind,
        subject=draft.subject,
        body=draft.body,
        hashtags=list(draft.hashtags),
        cta=ctx.cta,
        pillar=ctx.pillar,
    )


def _context(
    brief: NormalizedBrief, strategy: StrategyDoc, pillar: str, rng: random.Random
) -> Context:
    aud = _audience_phrase(brief.target_audience)
    return Context(
        brand=strategy.brand,
        offer=brief.offer,
        pillar=pillar,
        cta=strategy.call_to_action,
        audience=aud,
        geography=brief.geography,
        industry=brief.industry,
        objective=brief.objectives[0],
        domain=brief.domain,
        opener=_opener(brief.tone, strategy.brand, aud, rng),
        hashtags=tuple(strategy.hashtags),
        extra_hashtags=_extra_hashtags(brief),
    )


def _opener(tone: str, brand: str, aud: str, rng: random.Random) -> str:
    words = re.findall(r"[a-z]+", tone.lower())
    options = [o for word in words for o in _OPENERS.get(word, ())]
    # An unlisted tone still shapes the opener by naming itself.
    options = options or [f"A {' '.join(words[:2]) or 'quick'} note for {aud}:"]
    return rng.choice(options).format(brand=brand, aud=aud)


def _audience_phrase(text: str) -> str:
    clause = re.split(r"[.;:(),\n]", text, maxsplit=1)[0].strip() or text.strip()
    phrase = " ".join(clause.split()[:6])
    # Lower-case a sentence-initial capital, but leave acronyms such as "IT" alone.
    return phrase[0].lower() + phrase[1:] if phrase[1:2].islower() else phrase


def _extra_hashtags(brief: NormalizedBrief) -> tuple[str, ...]:
    text = f"{brief.offer} {brief.target_audience}"
    words = [w for w in re.findall(r"[^\W_]{4,}", text) if w.lower() not in _FILLER]
    sources = [brief.industry, brief.geography, *words, *brief.objectives]
    return tuple(t for t in map(hashtag, sources) if t and not t[1:].isdigit())
