"""The facts every strategy section works from: the brief plus what it implies (sector,
regions, planned channels, the short phrases that name the offer and the audience).

Randomness is one string-seeded Random per section, so adding a draw to one section never
reshuffles another and the same brief and seed give the same plan in any process.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from contracts.brief import NormalizedBrief
from contracts.common import Channel

from ._plan_regions import Region, available_channels, regions_of
from ._plan_text import audience_phrase, keywords, offer_head, upper_first
from ._sectors import OTHER, SECTORS, Sector

# Job words in the audience mark a business buyer whatever the industry says.
_B2B_AUDIENCE = re.compile(
    r"\b(?:b2b|ceos?|cfos?|ctos?|cios?|cmos?|vps?|directors?|heads? of|managers?|"
    r"controllers?|founders?|(?:business|shop|store|restaurant) owners?|procurement|"
    r"teams?|companies|businesses|enterprises?|smbs?|smes?|merchants?|officers?)\b",
    re.IGNORECASE)

# Country names that take an article mid-sentence ("in the United States").
_NEEDS_THE = re.compile(r"(?:united |netherlands\b|philippines\b|czech republic\b|uae\b|"
                        r"us\b|uk\b|usa\b|gambia\b|bahamas\b|maldives\b)", re.IGNORECASE)


@dataclass(frozen=True)
class Facts:
    brief: NormalizedBrief
    seed: int
    sector: Sector
    regions: tuple[Region, ...]
    channels: tuple[Channel, ...]  # the requested channels that work in the geography
    excluded: tuple[str, ...]  # why each other requested channel is out
    kws: tuple[str, ...]
    offer: str  # the offer's head phrase, fit to sit mid-sentence
    aud: str  # the audience's head phrase
    b2b: bool
    regulated: bool

    @property
    def geo(self) -> str:
        """The geography as it reads mid-sentence ("the United Kingdom")."""
        g = self.brief.geography
        return f"the {g}" if _NEEDS_THE.match(g) else g

    def rng(self, section: str) -> random.Random:
        b = self.brief
        return random.Random(f"{self.seed}:{b.client_id}:{b.brand}:{b.offer}:{section}")

    def fill(self, template: str, **extra: str) -> str:
        """`template` with the brief's words in; values are never themselves templates."""
        b = self.brief
        values = {"brand": b.brand, "offer": f"the {self.offer}", "aud": self.aud,
                  "geo": self.geo, "industry": b.industry, "domain": b.domain,
                  "industry_cap": upper_first(b.industry), "client": b.client_name}
        return template.format(**(values | extra))


def sector_of(industry: str, offer: str) -> Sector:
    """The first sector whose stems start a word of the industry, else of the offer."""
    for text in (industry.lower(), offer.lower()):
        for sector in SECTORS:
            if re.search(rf"(?<![a-z])(?:{sector.stems})", text):
                return sector
    return OTHER


def facts_of(brief: NormalizedBrief, seed: int) -> Facts:
    sector = sector_of(brief.industry, brief.offer)
    regions = regions_of(brief.country_codes)
    channels, excluded = available_channels(brief.channels, regions, brief.geography)
    kws = keywords(brief.offer) or keywords(brief.industry) or [brief.brand]
    b2b = sector.b2b or bool(_B2B_AUDIENCE.search(brief.target_audience))
    offer = offer_head(brief.offer) or kws[0].lower()
    # An offer named after the brand keeps the brand's casing ("Nasivent nasal spray").
    if offer.lower().startswith(brief.brand.lower()):
        offer = brief.brand + offer[len(brief.brand):]
    return Facts(
        brief=brief, seed=seed, sector=sector, regions=regions, channels=tuple(channels),
        excluded=tuple(excluded), kws=tuple(kws),
        offer=offer,
        aud=audience_phrase(brief.target_audience) or "customers",
        b2b=b2b, regulated=brief.regulated or sector.regulated,
    )
