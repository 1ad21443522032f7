"""Lead qualification: a score in [0, 1] and a grade, from four stated factors.

score = .35 seniority + .30 company fit + .20 source + .15 completeness, rounded half up
to 3 places.

- seniority (title): c-level, founder, owner, president, partner 1.0; vp, head, director 0.8;
  manager, lead, principal 0.5; any other title 0.2; no title 0.
- company fit (industry): a target industry 1.0; a known other industry 0.4; missing 0.2.
  An excluded industry disqualifies: grade D, score capped at 0.2, factor "excluded_industry".
- source: referral 1.0; inbound, website, demo request 0.8; event, webinar 0.6; linkedin,
  social 0.5; cold, list, purchased 0.2; missing or unrecognised 0.3 (nothing says it is
  good or bad). When a source names several kinds, the best one counts.
- completeness: the share of the eight optional fields present.

Grades: A >= 0.75, B >= 0.55, C >= 0.35, else D; A and B are qualified. Grades are read off
the rounded score, so the number a user sees and the grade always agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from ._leads import LeadInput

WEIGHTS = {"seniority": 0.35, "company_fit": 0.30, "source": 0.20, "completeness": 0.15}
GRADE_FLOORS = (("A", 0.75), ("B", 0.55), ("C", 0.35))
QUALIFIED_GRADES = ("A", "B")
DISQUALIFIED_CAP = 0.2

# The agency's default target industries; CamActor takes its own list. Matched at the start
# of a word, ignoring case and hyphens: "retail" fits "Retailers", "ecommerce" "E-Commerce".
DEFAULT_TARGET_INDUSTRIES = (
    "saas", "software", "fintech", "ecommerce", "retail", "healthcare", "education",
    "hospitality", "professional services", "manufacturing",
)
# Industries the agency does not work for. Bare "adult" is not here on purpose: adult
# education is a market the agency serves.
EXCLUDED_INDUSTRIES = (
    "gambling", "betting", "casino", "tobacco", "vaping", "vape", "firearms", "weapons",
    "adult entertainment", "adult content", "pornography",
)

_TOP = {"ceo", "cto", "cfo", "coo", "cmo", "cio", "cro", "cpo", "cso", "chro", "ciso", "cdo",
        "chief", "clevel", "csuite", "founder", "cofounder", "owner", "president", "partner"}
_SENIOR = {"vp", "svp", "evp", "avp", "head", "director"}
_MIDDLE = {"manager", "lead", "leader", "principal"}
# Phrases whose words would otherwise be read as a higher level than the title is.
_TITLE_PHRASES = ((r"vice[\s-]+president", "vp"), (r"product\s+owner", "product"),
                  (r"\bc[\s-]+(level|suite)\b", r"c\1"))

_SOURCE_TIERS = (
    (1.0, ("referral", "referred", "partner referral")),
    (0.8, ("inbound", "website", "web form", "demo request", "demo", "contact form")),
    (0.6, ("event", "webinar", "conference", "trade show", "meetup")),
    (0.5, ("linkedin", "social", "social media", "twitter", "facebook", "instagram")),
    (0.2, ("cold", "list", "purchased", "bought", "scraped")),
)
UNKNOWN_SOURCE = 0.3


@dataclass(frozen=True)
class LeadScore:
    score: float
    grade: str
    qualified: bool
    factors: dict[str, float]


def score_lead(lead: LeadInput, targets: tuple[str, ...] = DEFAULT_TARGET_INDUSTRIES) -> LeadScore:
    """Score and grade one lead, with the factor values that produced the score."""
    excluded = mentions(lead.industry, EXCLUDED_INDUSTRIES, prefix=True)
    factors = {
        "seniority": seniority(lead.title),
        "company_fit": 0.0 if excluded else company_fit(lead.industry, targets),
        "source": source_quality(lead.source),
        "completeness": lead.completeness,
    }
    score = weighted_score(factors)
    if excluded:
        factors["excluded_industry"] = 1.0
        score, grade = min(score, DISQUALIFIED_CAP), "D"
    else:
        grade = grade_for(score)
    return LeadScore(score, grade, grade in QUALIFIED_GRADES, factors)


def weighted_score(factors: dict[str, float]) -> float:
    """The weighted sum, in decimal arithmetic rounded half up to 3 places: .6775 is .678,
    and a sum that is exactly a grade floor is not a hair below it."""
    total = sum((Decimal(str(WEIGHTS[name])) * Decimal(str(value))
                 for name, value in factors.items()), Decimal(0))
    return float(total.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP))


def grade_for(score: float) -> str:
    return next((grade for grade, floor in GRADE_FLOORS if score >= floor), "D")


def seniority(title: str | None) -> float:
    if title is None:
        return 0.0
    text = title.lower()
    for pattern, replacement in _TITLE_PHRASES:
        text = re.sub(pattern, replacement, text)
    words = set(re.findall(r"[a-z0-9]+", text))
    if words & _TOP:
        return 1.0
    if words & _SENIOR:
        return 0.8
    return 0.5 if words & _MIDDLE else 0.2


def company_fit(industry: str | None, targets: tuple[str, ...]) -> float:
    if industry is None:
        return 0.2
    return 1.0 if mentions(industry, targets, prefix=True) else 0.4


def source_quality(source: str | None) -> float:
    for value, terms in _SOURCE_TIERS:
        if mentions(source, terms, prefix=False):
            return value
    return UNKNOWN_SOURCE


def mentions(text: str | None, terms: tuple[str, ...], *, prefix: bool) -> bool:
    """Whether `text` names one of `terms` as whole words (or word starts, with `prefix`),
    ignoring case, hyphens and punctuation."""
    return bool(text) and _pattern(terms, prefix).search(plain(text or "")) is not None


@lru_cache(maxsize=256)
def _pattern(terms: tuple[str, ...], prefix: bool) -> re.Pattern[str]:
    ending = "" if prefix else r"s?\b"
    alternatives = "|".join(re.escape(plain(term)) for term in terms)
    return re.compile(rf"\b(?:{alternatives}){ending}")


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def plain(text: str) -> str:
    """Lower-case words separated by single spaces; hyphens joined ("e-commerce" is
    "ecommerce")."""
    return " ".join(_NOT_ALNUM.sub(" ", text.lower().replace("-", "")).split())
