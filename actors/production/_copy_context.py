"""What a copy writer works from: the brief's facts and the strategy's words, pre-cleaned.

Strategy text is filtered here once. A sentence written for the team is dropped or
turned to the audience (see _copy_voice); one carrying a forbidden claim, a cliché,
template residue or an internal marker is dropped; so no writer can echo any of them.
The brand, offer and call to action are kept verbatim whatever they say: QC is the gate
for those, and silently rewording a client's offer would hide a problem from it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass

from contracts.brief import NormalizedBrief
from contracts.strategy import ChannelPlan, StrategyDoc

from ._copy_hashtags import hashtag_sets
from ._copy_hooks import HookDeck
from ._copy_text import (
    CLICHES,
    INTERNAL_MARKERS,
    RISKY_CLAIMS,
    bare,
    claim_phrases,
    contains_any,
    has_residue,
    low,
    sentence,
    unique,
)
from ._copy_voice import audience_lines, label, place, quoted, topic

# Words that end an audience's head noun phrase ("Controllers and VPs of Finance | at ...").
_AUDIENCE_STOP = frozenset(("at", "in", "with", "who", "that", "across", "within", "from",
                            "for", "whose", "which", "based", "near", "on", "of"))
_LINE_LIMIT = 160  # a supporting line longer than this is a paragraph, not a line


@dataclass(frozen=True)
class Context:
    """One campaign's raw material for copy, shared by every channel writer."""

    brand: str
    offer: str  # verbatim from the brief, so residue in it reaches QC
    cta: str  # verbatim from the strategy
    domain: str
    audience: str  # a short phrase that reads mid-sentence
    geography: str  # as it reads after "in" ("the United States")
    industry: str
    pillars: tuple[str, ...]  # as the strategy words them; assets record these
    pains: tuple[str, ...]
    motivations: tuple[str, ...]
    objections: tuple[str, ...]  # in the audience's words, without quote marks
    proofs: tuple[str, ...]  # proof points and differentiators fit to publish
    problem: tuple[str, ...]
    resolution: str
    taglines: tuple[str, ...]
    alternatives: tuple[str, ...]
    audiences: tuple[str, ...]  # ways to address the audience, shortest first
    hashtags: dict[str, list[str]]
    banned: tuple[str, ...]

    @property
    def offer_has_residue(self) -> bool:
        return has_residue(self.offer)

    def presents(self, offer: str) -> str:
        """ "Brand: offer." -- with a dash when the offer has its own colon ("Brand: A: b")."""
        sep = " \u2014 " if ":" in offer else ": "
        return f"{self.brand}{sep}{sentence(offer)}"

    def support(self, k: int, max_len: int = _LINE_LIMIT) -> str:
        """The k-th supporting line within `max_len` ("" if none fits), cycling through
        proof, motivations, pains, the problem and the taglines."""
        lines = ((*self.proofs, *self.motivations, *self.pains, *self.problem, *self.taglines)
                 or (self.resolution or f"Made for {self.audience}",))
        turned = lines[k % len(lines):] + lines[: k % len(lines)]
        return next((x for x in turned if len(x) <= max_len), "")


@dataclass(frozen=True)
class Piece:
    """One asset to write: its channel plan, pillar and place in the channel's set."""

    ctx: Context
    plan: ChannelPlan
    pillar: str
    n: int  # 1-based position within the channel
    k: int  # 0-based position across the whole campaign, to vary supporting lines
    rng: random.Random
    hooks: HookDeck

    @property
    def topic(self) -> str:
        """The pillar as copy says it (without the objective label the team gave it)."""
        return topic(self.pillar)


def build_context(brief: NormalizedBrief, strategy: StrategyDoc) -> Context:
    banned = (*claim_phrases(strategy.constraints.forbidden_claims), *RISKY_CLAIMS, *CLICHES,
              *INTERNAL_MARKERS)

    def clean(items: Iterable[str]) -> tuple[str, ...]:
        return tuple(i for i in items if len(i) <= _LINE_LIMIT and not has_residue(i)
                     and not contains_any(i, banned))

    people, offer = strategy.personas, brief.offer
    aud = audience_phrase(brief.target_audience)
    return Context(
        brand=strategy.brand, offer=offer, cta=strategy.call_to_action, domain=brief.domain,
        audience=aud, geography=place(brief.geography), industry=brief.industry,
        # Pillars are kept whole: assets record them by their exact text.
        pillars=tuple(p for p in strategy.narrative.pillars if not contains_any(p, banned))
        or (f"Why {strategy.brand}",),
        pains=clean(audience_lines(p for x in people for p in x.pains)),
        motivations=clean(audience_lines(m for x in people for m in x.motivations)),
        objections=clean(quoted(o for x in people for o in x.objections)),
        proofs=clean(audience_lines([*strategy.value.proof_points,
                                     *strategy.value.differentiators], exclude=offer)),
        problem=clean(audience_lines([strategy.narrative.problem]))[:2],
        resolution=(*clean(audience_lines([strategy.narrative.resolution], offer)), "")[0],
        taglines=clean(audience_lines(strategy.narrative.taglines)),
        alternatives=clean(unique(label(a) for a in strategy.market.alternatives)),
        audiences=tuple(unique([aud, f"{aud} in {place(brief.geography)}",
                                *(_plural(low(x.role)) for x in people
                                  if len(x.role.split()) <= 4)])),
        hashtags=hashtag_sets(brief, strategy),
        banned=banned,
    )


def _plural(role: str) -> str:
    """ "head of data" -> "heads of data", "CFO" -> "CFOs": a role read as a group."""
    words = role.split()
    if not words:
        return role
    at = next((i - 1 for i, w in enumerate(words) if w.lower() in _AUDIENCE_STOP and i > 0),
              len(words) - 1)
    head = words[at]
    if not head.lower().endswith("s"):
        plural_y = head.endswith("y") and head[-2:-1] not in "aeiou"
        words[at] = head[:-1] + "ies" if plural_y else head + "s"
    return " ".join(words)


def audience_phrase(text: str) -> str:
    """A few words naming the audience, fit to sit mid-sentence ("operations leaders")."""
    clause = re.split(r"[.;:(),\n]", text, maxsplit=1)[0].strip() or text.strip()
    words = clause.split()
    for i, word in enumerate(words[1:], start=1):
        # "of" joins a head phrase ("VPs of Finance") unless it comes first-off.
        if word.lower() in _AUDIENCE_STOP and not (word.lower() == "of" and i <= 3):
            words = words[:i]
            break
    return low(bare(" ".join(words[:6])))


@dataclass(frozen=True)
class Draft:
    """One asset's text as a writer made it; _copy turns it into an Asset."""

    kind: str
    body: str
    hook: str
    title: str | None = None
    subject: str | None = None
    preheader: str | None = None
    headlines: tuple[str, ...] = ()
    descriptions: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    sequence: int | None = None
