"""Derive a campaign strategy from a normalized brief.

Pure and deterministic: the same brief and seed give the same StrategyDoc in any
process (string-seeded Random, no hash(), no clock). Every sentence is built from
the brief's own fields, so two different briefs never share a plan.
"""

from __future__ import annotations

import random
import re
from datetime import timedelta
from decimal import ROUND_DOWN, Decimal

from actors.strategy._plan_kpis import classify, derive_kpis
from contracts.brief import NormalizedBrief
from contracts.common import Channel
from contracts.strategy import ChannelPlan, Kpi, Milestone, StrategyDoc

CENT = Decimal("0.01")
HUNDRED = Decimal("100.00")

_STOPWORDS = frozenset((
    "the", "and", "for", "with", "from", "our", "your", "all", "any", "off", "per", "get",
    "this", "that", "these", "those", "are", "you", "into", "its", "their", "than", "over",
    "via", "just", "every", "each", "plus", "only", "more", "most", "now", "new", "will",
    "can", "has", "have", "who", "what", "when", "where", "how", "not", "but", "out", "was",
    "were", "been", "being",
    # Objective verbs say what to do, not what the campaign is about.
    "increase", "grow", "build", "drive", "boost", "generate", "improve", "raise", "reduce",
    "achieve", "gain",
))
_DISPLAY = {Channel.LINKEDIN: "LinkedIn", Channel.X: "X", Channel.INSTAGRAM: "Instagram",
            Channel.EMAIL: "email"}
_POSTS_PER_WEEK = {Channel.X: (5, 7), Channel.LINKEDIN: (2, 4), Channel.INSTAGRAM: (3, 5),
                   Channel.EMAIL: (1, 1)}
# Relative spend before jitter: email is cheap to run, LinkedIn media is dear.
_BASE_WEIGHT = {Channel.LINKEDIN: Decimal("1.2"), Channel.X: Decimal("0.8"),
                Channel.INSTAGRAM: Decimal("1.0"), Channel.EMAIL: Decimal("0.5")}
# Which objective categories each channel serves best, best first.
_AFFINITY = {
    Channel.LINKEDIN: ("leads", "awareness", "traffic", "sales", "engagement", "retention"),
    Channel.X: ("awareness", "engagement", "traffic", "leads", "sales", "retention"),
    Channel.INSTAGRAM: ("engagement", "awareness", "sales", "traffic", "retention", "leads"),
    Channel.EMAIL: ("retention", "sales", "leads", "traffic", "engagement", "awareness"),
}
_ROLES = {
    Channel.LINKEDIN: ("Thought leadership on {kw} for {aud}",
                       "Decision-maker outreach about {kw} in {geo}"),
    Channel.X: ("Fast, conversational reach around {kw}",
                "Real-time updates and replies on {kw} for {geo}"),
    Channel.INSTAGRAM: ("Visual stories of {kw} for {aud}",
                        "Creator-style showcases of {kw} in {geo}"),
    Channel.EMAIL: ("Nurture sequence on {kw} for opted-in {aud}",
                    "Subscriber offers and follow-ups on {kw}"),
}
_PILLARS = {
    "awareness": ("Why {kw} matters in {geo}", "Make {kw} the name {aud} remember"),
    "leads": ("See {kw} in action", "Proof that {kw} pays off for {aud}"),
    "sales": ("Real value in {kw}, ready today", "A simple way to buy {kw}"),
    "engagement": ("Share your {kw} story", "A community built around {kw}"),
    "retention": ("More reasons to stay with {brand}", "Rewards for loyal {kw} customers"),
    "traffic": ("Everything about {kw}, one click away", "Explore {kw} in depth"),
    "other": ("{obj} through {kw}", "{kw} that moves {obj_lower} forward"),
}
_CTAS = {
    "awareness": "Discover {kw} at {domain}",
    "leads": "Book a demo at {domain}",
    "sales": "Shop the {kw} range at {domain}",
    "engagement": "Join the {kw} conversation at {domain}",
    "retention": "Claim your member benefits at {domain}",
    "traffic": "Explore {kw} at {domain}",
    "other": "Learn more about {kw} at {domain}",
}


def derive_strategy(brief: NormalizedBrief, seed: int) -> StrategyDoc:
    """Plan a campaign for `brief`; the same brief and seed always give the same plan."""
    rng = random.Random(f"{seed}:{brief.brand}:{brief.offer}")
    kws = keywords(brief.offer) or keywords(brief.industry) or [brief.brand]
    positioning = _positioning(brief, kws, rng)
    pillars = _pillars(brief, kws, rng)
    channel_plan = _channel_plan(brief, kws, rng)
    kpis = derive_kpis(brief, rng)
    hashtags = _hashtags(brief, kws, rng)
    return StrategyDoc(
        brand=brief.brand,
        positioning=positioning,
        audience=f"{short_clause(brief.target_audience, 20)} in {brief.geography}",
        messaging_pillars=pillars,
        channel_plan=channel_plan,
        kpis=kpis,
        timeline=_timeline(brief, kws, kpis),
        call_to_action=_call_to_action(brief, kws),
        hashtags=hashtags,
    )


def keywords(text: str) -> list[str]:
    """Distinct content words of `text` (letters first, 3+ chars), in order of appearance."""
    seen: dict[str, str] = {}
    for word in re.findall(r"[^\W_]+", text):
        if len(word) >= 3 and not word.isdigit() and word.lower() not in _STOPWORDS:
            seen.setdefault(word.lower(), word)
    return list(seen.values())


def short_clause(text: str, max_words: int, stops: str = ".;:()\n") -> str:
    """The first clause of `text`, at most `max_words` words, without trailing punctuation."""
    clause = re.split(f"[{re.escape(stops)}]", text, maxsplit=1)[0].strip() or text.strip()
    return " ".join(clause.split()[:max_words]).rstrip(",.!?-")


def audience_phrase(text: str) -> str:
    """A few words naming the audience, fit to sit mid-sentence ("urban commuters")."""
    phrase = short_clause(text, 6, ".;:(),\n")
    # Lower-case a sentence-initial capital, but leave acronyms such as "IT" alone.
    return phrase[0].lower() + phrase[1:] if phrase[1:2].islower() else phrase


def _phrase(kws: list[str], n: int) -> str:
    # Keep acronyms and brand-cased words ("AI", "iPhone"); lower-case the rest.
    return " ".join(w if w[1:] != w[1:].lower() else w.lower() for w in kws[:n])


def _fill(template: str, brief: NormalizedBrief, kw: str, objective: str = "") -> str:
    return template.format(
        kw=kw, brand=brief.brand, geo=brief.geography, aud=audience_phrase(brief.target_audience),
        obj=objective, obj_lower=objective.lower(), domain=brief.domain,
    )


def _positioning(brief: NormalizedBrief, kws: list[str], rng: random.Random) -> str:
    aud = audience_phrase(brief.target_audience)
    tone = short_clause(brief.tone, 3).split(",")[0].strip() or "clear"
    differentiators = (
        f"{brief.industry} expertise focused on {_phrase(kws, 2)} for {brief.geography}",
        f"a {tone} approach to {_phrase(kws, 2)} built for {brief.geography}",
        f"a {_phrase(kws, 3)} offer tied to one clear goal ({brief.objectives[0].lower()})",
    )
    offer = brief.offer.strip().rstrip(".!?")
    return (f"For {aud} in {brief.geography}, {brief.brand} offers {offer}, "
            f"set apart by {rng.choice(differentiators)}.")


def _pillars(brief: NormalizedBrief, kws: list[str], rng: random.Random) -> list[str]:
    pillars: list[str] = []
    for i, objective in enumerate(brief.objectives[:4]):
        options = _PILLARS[classify(objective)]
        template = options[(i + rng.randrange(len(options))) % len(options)]
        pillar = _fill(template, brief, _phrase(kws[i % len(kws):], 2), objective)
        # Two objectives of one category can land on the same phrase; name the objective.
        if pillar.lower() in {p.lower() for p in pillars}:
            pillar = f"{pillar} ({objective})"
        pillars.append(pillar)
    # Briefs with fewer than three objectives get pillars from the audience and market.
    extras = (f"{brief.industry.capitalize()} know-how for {brief.geography}",
              _fill("Built for {aud}", brief, ""),
              f"The {brief.brand} promise on {_phrase(kws, 1)}")
    for extra in extras:
        if len(pillars) >= 3:
            break
        if extra.lower() not in {p.lower() for p in pillars}:
            pillars.append(extra)
    return pillars


def _served_objective(channel: Channel, objectives: list[str]) -> tuple[int, str]:
    """The objective this channel serves best (rank in its affinity list, then brief order)."""
    affinity = _AFFINITY[channel]

    def rank(item: tuple[int, str]) -> tuple[int, int]:
        category = classify(item[1])
        return (affinity.index(category) if category in affinity else len(affinity), item[0])

    best = min(enumerate(objectives), key=rank)
    return rank(best)[0], best[1]


def _channel_plan(brief: NormalizedBrief, kws: list[str], rng: random.Random) -> list[ChannelPlan]:
    roles, weights = [], []
    for channel in brief.channels:
        rank, objective = _served_objective(channel, brief.objectives)
        template = rng.choice(_ROLES[channel])
        roles.append(f"{_fill(template, brief, _phrase(kws, 2))} (objective: {objective})")
        # A channel spends more when it serves an objective it is good at.
        fit = Decimal("1.3") - Decimal("0.1") * min(rank, 6)
        weights.append(_BASE_WEIGHT[channel] * fit * Decimal(rng.randint(90, 110)) / 100)
    shares = settle([(w * 100 / sum(weights)).quantize(CENT) for w in weights], HUNDRED)
    amounts = [(brief.budget * s / 100).quantize(CENT, rounding=ROUND_DOWN) for s in shares]
    amounts = settle(amounts, brief.budget)
    return [
        ChannelPlan(channel=channel, role=role, budget_share_pct=share, budget=amount,
                    posts_per_week=rng.randint(*_POSTS_PER_WEEK[channel]))
        for channel, role, share, amount in zip(brief.channels, roles, shares, amounts,
                                                strict=True)
    ]


def settle(parts: list[Decimal], total: Decimal) -> list[Decimal]:
    """Give the rounding residual to the largest part so the parts sum exactly to `total`."""
    settled = list(parts)
    largest = settled.index(max(settled))
    settled[largest] += total - sum(settled)
    return settled


def _timeline(brief: NormalizedBrief, kws: list[str], kpis: list[Kpi]) -> list[Milestone]:
    start, weeks = brief.start_date, brief.duration_weeks
    channels = ", ".join(_DISPLAY[c] for c in brief.channels)
    # A one-week campaign launches a couple of days after kickoff, not a week later.
    launch_week, launch_on = (1, start + timedelta(weeks=1)) if weeks > 1 else (
        0, start + timedelta(days=2))
    milestones = [
        Milestone(week=0, on=start, name=f"Kickoff: {brief.brand} signs off the "
                  f"{_phrase(kws, 3)} campaign plan"),
        Milestone(week=launch_week, on=launch_on, name=f"Launch on {channels}"),
    ]
    if weeks >= 4:
        mid = weeks // 2
        milestones.append(Milestone(week=mid, on=start + timedelta(weeks=mid),
                                    name=f"Mid-campaign review of {len(kpis)} KPI(s): "
                                    + "; ".join(k.name for k in kpis)))
    milestones.append(Milestone(week=weeks, on=start + timedelta(weeks=weeks),
                                name=f"Final report to {brief.client_name} on "
                                + ", ".join(brief.objectives)))
    return milestones


def _call_to_action(brief: NormalizedBrief, kws: list[str]) -> str:
    primary = brief.objectives[0]
    template = _CTAS[classify(primary)]
    # A trial or sign-up goal asks for the sign-up itself, not a sales demo.
    if classify(primary) == "leads" and re.search(r"trial|sign[- ]?up", primary.lower()):
        template = "Sign up at {domain}"
    return _fill(template, brief, _phrase(kws, 2))


def hashtag(text: str, max_len: int = 30) -> str:
    """`text` as a CamelCase #hashtag of letters and digits only ("" if nothing is left)."""
    tag = ""
    for word in re.findall(r"[^\W_]+", text):
        if tag and len(tag) + len(word) > max_len:
            break
        tag += word[:1].upper() + word[1:]
    return f"#{tag}" if tag else ""


def _hashtags(brief: NormalizedBrief, kws: list[str], rng: random.Random) -> list[str]:
    sources = [brief.brand, brief.industry, *kws, *keywords(" ".join(brief.objectives)),
               brief.geography, f"{brief.brand} {brief.start_date.year}"]
    tags: dict[str, str] = {}
    for source in sources:
        if tag := hashtag(source):
            tags.setdefault(tag.lower(), tag)
    chosen = list(tags.values())[: rng.randint(4, 8)]
    if len(chosen) < 3:
        chosen += [f"#Campaign{brief.start_date.year}", f"#Week{brief.duration_weeks}",
                   f"#Launch{brief.start_date:%b%Y}"][: 3 - len(chosen)]
    return chosen
