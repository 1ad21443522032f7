"""Opening lines that never repeat within a campaign: pillar x angle, then persona material.

One deck serves every asset and calendar entry of a campaign, so a hook used once is
never handed out again. The angle order is seeded; each draw starts one angle further
on, so consecutive hooks on one pillar read differently.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import TYPE_CHECKING

from ._copy_text import bare, cap, low, sentence, shorten
from ._copy_voice import topic

if TYPE_CHECKING:
    from ._copy_context import Context

# {t}/{T}: the pillar as a topic (lower/upper first letter); {aud}; {brand}. Most angles
# lead into the topic with a colon, which reads right whether a pillar is a noun phrase
# ("Fewer stockouts") or an imperative ("See forecasting in action").
_ANGLES = (
    "{T}: what it means for {aud}.",
    "{T}. Here is why it matters.",
    "{T}, in under a minute.",
    "{T}: a quick guide for {aud}.",
    "{T}: the questions worth asking.",
    "One idea for {aud} this week: {t}.",
    "For {aud}: {t}.",
    "Notes for {aud}: {t}.",
    "Quick read for {aud}: {t}.",
    "Why it matters to {aud}: {t}.",
    "Before you plan next quarter: {t}.",
    "Worth a minute: {t}.",
    "Straight talk: {t}.",
    "A closer look: {t}.",
    "The short version: {t}.",
    "In practice: {t}.",
    "This week's focus: {t}.",
    "From the {brand} team: {t}.",
    "Field notes: {t}.",
    "Worth knowing: {t}.",
    "Plain talk: {t}.",
    "Where to begin: {t}.",
    "On the {brand} desk: {t}.",
    "The case in brief: {t}.",
)
_PAIN = "{x} Sound familiar?"
_MOTIVATION = "The goal for {aud}: {x}"
_OBJECTION = 'A fair question: "{x}" Here is our answer.'
_PROOF = "Why {brand}? {x}"


_PUNCTUATION = re.compile(r"[^\w\s]")


def key(text: str) -> str:
    """Hooks that differ only in case, spacing or punctuation are the same hook."""
    return " ".join(_PUNCTUATION.sub(" ", text.casefold()).split())


class HookDeck:
    """Hands out distinct hooks; `used` holds hooks already published elsewhere."""

    def __init__(self, ctx: Context, rng: random.Random, used: Iterable[str] = ()):
        self._ctx = ctx
        self._angles = list(_ANGLES)
        rng.shuffle(self._angles)
        self._general = _general(ctx)
        rng.shuffle(self._general)
        self._used = {key(u) for u in used if u}
        self._turn = 0

    def take(self, pillar: str, max_len: int = 120) -> str:
        """A fresh hook on `pillar` within `max_len` chars (persona lines once angles run out)."""
        self._turn += 1
        # Lazily: the first fresh line is usually among the first few of hundreds.
        for text in chain(self._on(pillar), self._general):
            if len(text) <= max_len and key(text) not in self._used:
                return self._use(text)
        return self._numbered(pillar, max_len)

    def claim(self, options: Iterable[str]) -> str | None:
        """The first option nobody has used yet, now marked used; None if all are taken."""
        for text in options:
            if key(text) not in self._used:
                return self._use(text)
        return None

    def _on(self, pillar: str) -> Iterator[str]:
        subject = bare(topic(pillar)) or self._ctx.brand
        start = self._turn % len(self._angles)
        order = self._angles[start:] + self._angles[:start]
        t, big_t, brand = low(subject), cap(subject), self._ctx.brand
        # Each way of naming the audience is an angle of its own for the angles that name
        # one; as `unique` would list them: non-empty, first of each case-blind spelling.
        seen: set[str] = set()
        for aud in self._ctx.audiences:
            for angle in order:
                text = angle.format(t=t, T=big_t, aud=aud, brand=brand)
                folded = text.casefold()
                if text and folded not in seen:
                    seen.add(folded)
                    yield text

    def _numbered(self, pillar: str, max_len: int) -> str:
        # Only reached when every angle and persona line is spent: number the topic.
        n = 2
        while True:
            suffix = f", part {n}."
            text = cap(shorten(topic(pillar), max(1, max_len - len(suffix)))) + suffix
            if key(text) not in self._used:
                return self._use(text)
            n += 1

    def _use(self, text: str) -> str:
        self._used.add(key(text))
        return text


def _general(ctx: Context) -> list[str]:
    aud = ctx.audience
    lines = [_PAIN.format(x=sentence(cap(p))) for p in ctx.pains]
    lines += [_MOTIVATION.format(x=sentence(low(m)), aud=aud) for m in ctx.motivations]
    lines += [_OBJECTION.format(x=sentence(cap(o))) for o in ctx.objections]
    lines += [_PROOF.format(x=sentence(cap(p)), brand=ctx.brand) for p in ctx.proofs]
    return [*(sentence(t) for t in ctx.taglines), *lines]
