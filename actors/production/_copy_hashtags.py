"""Named hashtag sets for a campaign: the brand's own, its category's, and this campaign's.

Every tag is '#' plus letters and digits, at most 30 characters, and appears in one set
only (compared case-blind), so a writer can draw from several sets without repeats.
"""

from __future__ import annotations

import re

from actors._text import hashtag
from contracts.brief import NormalizedBrief
from contracts.strategy import StrategyDoc

from ._copy_text import (
    CLICHES,
    RESIDUE,
    claim_phrases,
    contains_any,
    unique,
)
from ._copy_voice import label

# Long function words make empty tags (#With, #Your); they carry no topic.
_FILLER = frozenset((
    "with", "from", "your", "this", "that", "these", "those", "their", "them", "they", "into",
    "over", "only", "more", "most", "every", "each", "plus", "just", "what", "when", "where",
    "which", "about", "will", "have", "been", "were", "also", "than", "then", "free", "first",
    "month", "months", "week", "weeks", "year", "years", "days", "here", "there", "make",
    # The rest of a lorem-ipsum filler, once the residue pattern has taken "lorem ipsum".
    "dolor", "amet", "consectetur", "adipiscing", "elit",
    # Offer words that say nothing on their own as a tag.
    "made", "pieces", "order", "orders", "returns", "available", "included", "start",
    "without", "within", "every", "across",
))


def keywords(text: str, limit: int = 6) -> list[str]:
    """Distinct content words of `text` (4+ letters, not filler), in order of appearance."""
    words = [w for w in re.findall(r"[^\W_]{4,}", text)
             if not w.isdigit() and w.lower() not in _FILLER]
    return unique(words)[:limit]


def hashtag_sets(brief: NormalizedBrief, strategy: StrategyDoc) -> dict[str, list[str]]:
    """{"brand": [...], "category": [...], "campaign": [...]}, unique across all sets."""
    brand = strategy.brand
    # The brand's own words would only repeat the brand tag (#NorthwindNorthwind).
    own = {w.casefold() for w in re.findall(r"[^\W_]+", brand)}
    # Residue such as {{discount_code}} is QC's to flag, not a topic to tag.
    offer = RESIDUE.sub(" ", brief.offer)
    offer_words = [w for w in keywords(offer, 8) if w.casefold() not in own]
    raw = {
        "brand": [brand, *(f"{brand} {w}" for w in offer_words[:2])],
        # Long names make unreadable tags (#ECommerceFashionUnitedKingdom): short ones only.
        "category": [s for s in (brief.industry, label(strategy.market.category),
                                 brief.geography, *keywords(brief.industry, 2))
                     if len(s.split()) <= 3],
        "campaign": [*strategy.hashtags, *offer_words],
    }
    banned = (*claim_phrases(strategy.constraints.forbidden_claims), *CLICHES)
    seen: set[str] = set()
    sets: dict[str, list[str]] = {}
    for name, sources in raw.items():
        tags = [hashtag(s) for s in sources if not contains_any(s, banned)]
        sets[name] = [t for t in unique(tags) if t.casefold() not in seen]
        seen.update(t.casefold() for t in sets[name])
    return sets


def tag_pool(sets: dict[str, list[str]]) -> list[str]:
    """Every tag, campaign tags first: the order writers draw from."""
    order = ("campaign", "brand", "category")
    return [t for name in order for t in sets.get(name, [])]
