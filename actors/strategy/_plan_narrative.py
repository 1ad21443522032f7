"""The narrative: the audience's problem, how the offer resolves it, the messaging pillars
production writes from, and tagline options.

Each pillar opens with the topic of the objective it serves ("Qualified demos: ..."), so
QC's objective-coverage check can see which objective every pillar carries.
"""

from __future__ import annotations

from contracts.strategy import Narrative

from ._plan_kpis import classify
from ._plan_profile import Facts
from ._plan_text import channel_words, head_phrase, join_words, upper_first

_PILLARS = {
    "awareness": ("why {offer} matters in {geo}", "make {brand} the name {aud} remember"),
    "leads": ("see {offer} in action", "proof of what {offer} does for {aud}"),
    "sales": ("real value in {offer}, ready today", "a simple way to choose {offer}"),
    "engagement": ("share your {industry} story with {brand}", "a community built around "
                   "{offer}"),
    "retention": ("more reasons to stay with {brand}", "rewards for loyal {brand} customers"),
    "traffic": ("everything about {offer}, one click away", "explore {offer} in depth"),
    "other": ("how {brand} moves this forward", "{offer}, built for {aud}"),
}
_TAGLINES = (
    "{brand}: {head}, without the guesswork.",
    "{head_cap}, made for {place}. By {brand}.",
    "{head_cap}, done properly. That is {brand}.",
    "See what {head} can do. {brand}.",
    "Your {head}, sorted. {brand}.",
    "{brand}: {head} for {aud}.",
)
# Words that open an objective without naming its topic ("Book 120 ...", "Grow the ...").
_LEAD_WORDS = frozenset((
    "increase", "grow", "build", "drive", "boost", "generate", "improve", "raise", "reduce",
    "achieve", "gain", "book", "win", "lift", "fill", "hit", "double", "triple", "cut",
    "get", "reach", "sell", "launch", "acquire", "attract", "convert", "secure", "recruit",
    "create", "establish", "expand", "deliver", "earn", "capture", "maximise", "maximize",
    "open", "enrol", "enroll", "sign", "up", "start", "register", "onboard", "add", "land",
    "have", "make", "keep", "lower", "more", "a", "an", "the", "our", "by", "to", "of",
    "new", "extra",
))


def narrative(f: Facts, cta: str) -> Narrative:
    b, s = f.brief, f.sector
    goals = join_words([o.lower() for o in b.objectives])
    alternatives = join_words([f.fill(name).lower() for name, _ in s.alternatives[:3]])
    problem = (f"{upper_first(f.aud)} in {f.geo} know the problem well. "
               f"{f.fill(s.pains[0])} {f.fill(s.pains[1])} The usual answers ({alternatives}) "
               f"leave it in place, so {b.brand} has to earn attention with specifics, not "
               "slogans.")
    resolution = (f"{b.brand} resolves it with {b.offer.strip().rstrip('.!')}. The campaign "
                  f"shows {f.aud} how it works on {channel_words(f.channels)}"
                  f", answers the first objection ({f.fill(s.objections[0])}) with proof, and "
                  f"asks for one next step: {cta}. Success means {goals}, "
                  "measured against the targets in this plan.")
    return Narrative(problem=problem, resolution=resolution, pillars=pillars(f),
                     taglines=taglines(f))


def objective_topic(objective: str) -> str:
    """What an objective is about: "Book 120 qualified demos" -> "qualified demos"."""
    words = objective.split()
    while len(words) > 1 and (words[0].lower() in _LEAD_WORDS or words[0][:1].isdigit()):
        words.pop(0)
    return head_phrase(" ".join(words), 6, keep=1) or objective


def pillars(f: Facts) -> list[str]:
    """One pillar per objective up to four; later objectives join the pillars in turn."""
    rng = f.rng("pillars")
    objectives = f.brief.objectives
    topics = [[objective_topic(o)] for o in objectives[:4]]
    for i, objective in enumerate(objectives[4:]):
        topics[i].append(objective_topic(objective))
    result: list[str] = []
    used: dict[str, int] = {}
    for i, objective in enumerate(objectives[:4]):
        category = classify(objective)
        options = _PILLARS[category]
        # Successive objectives of one category take the category's templates in turn.
        turn = used.setdefault(category, rng.randrange(len(options)))
        used[category] = turn + 1
        template = options[turn % len(options)]
        pillar = f"{upper_first(join_words(topics[i]))}: {f.fill(template)}"
        # Two objectives can share a topic and a template; name the objective then.
        if pillar.lower() in {p.lower() for p in result}:
            pillar = f"{pillar} ({objective})"
        result.append(pillar)
    extras = (f"{upper_first(f.brief.industry)} know-how for {f.geo}",
              f"Built for {f.aud}", f"The {f.brief.brand} promise on {f.fill('{offer}')}")
    for extra in extras[: max(0, 3 - len(result))]:
        result.append(extra)
    return result


def taglines(f: Facts) -> list[str]:
    """Three distinct taglines, each naming the brand or the offer."""
    head = f.offer
    values = {"brand": f.brief.brand, "head": head, "head_cap": upper_first(head),
              "place": f.brief.geography, "aud": f.aud}
    chosen = f.rng("taglines").sample(_TAGLINES, 3)
    return [t.format(**values) for t in chosen]
