"""From strategy prose to lines an audience can read.

A strategy is written for the team: about the audience ("Wants to see it working on
their own data"), about the work ("reported against a numeric target, so results become
proof as the campaign runs"). Copy must speak to the audience and never show the
working. So each strategy sentence is kept, turned to the second person, or dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ._copy_text import cap, matches_any, unique

# Words that mark a sentence as the agency talking to itself.
_INTERNAL = (
    "campaign", "asset", "assets", "client", "client's", "proof point", "brief", "kpi",
    "persona", "every message", "voice in every", "compliance", "numeric target",
    "offer is concrete", "outcome behind", "stated up front", "signs off", "sign-off",
    "approval", "community managers", "earn attention", "usual answers", "this plan",
    "success means", "reported against", "before it is used", "regulators", "playbook",
    "creative", "channels", "targets", "approved", "checkable",
)
# Third-person openers that describe a persona rather than speak to one.
_DESCRIBING = frozenset((
    "likes", "cares", "notices", "has", "carries", "remembers", "needs", "worries", "fears",
    "prefers", "expects", "feels", "keeps", "hates", "loves", "trusts", "checks", "compares",
    "buys", "sticks", "runs", "signs", "is", "was", "gets", "tends", "avoids", "wants", "one",
))
_PRONOUNS = ((r"\btheir own\b", "your own"), (r"\btheir\b", "your"), (r"\bthey\b", "you"),
             (r"\bthemselves\b", "yourself"), (r"\bthem\b", "you"))
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"\u201c])")
_QUOTES = "\"'\u201c\u201d\u2018\u2019"


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SPLIT.split(text) if s.strip()]


def spoken(sentence: str) -> str | None:
    """`sentence` as the audience may read it, or None if it is for the team only."""
    if matches_any(sentence, _INTERNAL):
        return None
    words = sentence.split()
    first = words[0].lower() if words else ""
    # "Wants to see X" is a motivation in the third person; "See X" says it to the reader.
    if first == "wants" and len(words) > 2 and words[1] == "to" and words[2] != "be":
        return _second_person(cap(" ".join(words[2:])))
    if first == "wants" and len(words) > 2 and words[1].lower() in ("a", "an", "proof"):
        return _second_person(cap(" ".join(words[1:])))
    return None if first in _DESCRIBING else sentence


def _second_person(text: str) -> str:
    for pattern, replacement in _PRONOUNS:
        text = re.sub(pattern, replacement, text)
    return text


def audience_lines(items: Iterable[str], exclude: str = "") -> list[str]:
    """Every sentence of `items` the audience may read, once each; none containing `exclude`."""
    lines = [spoken(s) for item in items for s in split_sentences(item)]
    return unique(s for s in lines if s and not (exclude and exclude in s))


def quoted(items: Iterable[str]) -> list[str]:
    """The audience's own words: items written as quotes, without the quote marks."""
    return unique(i.strip().strip(_QUOTES).strip() for i in items
                  if i.strip()[:1] in _QUOTES and not matches_any(i, _INTERNAL))


def topic(pillar: str) -> str:
    """What a pillar says, without its label: "Pilot sign-ups: see it in action" ->
    "see it in action". The label names an objective, which is the team's business."""
    head, sep, rest = pillar.partition(": ")
    if sep and len(head.split()) <= 6 and len(rest.split()) >= 3:
        return rest.strip()
    return pillar.strip()


# Country names read with "the" ("in the United States", "in the UK").
_THE = frozenset(("united", "netherlands", "philippines", "czech", "dominican", "bahamas",
                  "gambia", "maldives", "uk", "us", "usa", "uae", "eu"))


def place(geography: str) -> str:
    """`geography` as it reads after "in": "the United States", "Brazil", "Toronto, Canada"."""
    first = geography.split()[0].lower().strip(",") if geography.split() else ""
    return f"the {geography}" if first in _THE else geography


def label(text: str) -> str:
    """The short name before a colon ("Incumbent suites: larger platforms ...")."""
    head, sep, _ = text.partition(": ")
    return head if sep and len(head.split()) <= 5 else text
