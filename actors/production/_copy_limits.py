"""Each platform's published limits, as one table writers and the reviser both read.

The check ids are QC's: a finding "limit.x" names the row the reviser must satisfy.
Lengths are Unicode code points, except on X, which weighs a post (`x_weighted_length`:
any URL 23, a CJK character or emoji 2); QC measures with the same functions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from actors._text import X_POST_WEIGHT, x_weighted_length
from contracts.common import Channel
from contracts.production import Asset, AssetMeasure

X_POST = X_POST_WEIGHT
LINKEDIN_POST = 3000
INSTAGRAM_CAPTION = 2200
INSTAGRAM_MAX_HASHTAGS = 30
# Facebook allows 63,206 chars, but posts past ~500 lose reach; we write to the lower bar.
FACEBOOK_POST = 500
EMAIL_SUBJECT = 60
EMAIL_PREHEADER = 100
GOOGLE_HEADLINE = 30
GOOGLE_DESCRIPTION = 90
META_HEADLINE = 40
# Meta truncates primary text after ~125 chars ("See more"); the message must fit before it.
META_PRIMARY_TEXT = 125
VIDEO_WORDS = 150  # about 60 seconds of speech


@dataclass(frozen=True)
class Limit:
    """A ceiling on one text field of one channel's assets, in the platform's own measure."""

    check_id: str
    channel: Channel
    field: str  # body | subject | preheader | headlines | descriptions
    chars: int
    measure: Callable[[str], int] = len  # how the platform counts; code points by default
    unit: str = "characters"

    def over(self, asset: Asset) -> bool:
        return asset.channel == self.channel and any(
            self.measure(text) > self.chars for text in texts(asset, self.field))


LIMITS = (
    Limit("limit.x", Channel.X, "body", X_POST, x_weighted_length, "weighted characters"),
    Limit("limit.linkedin", Channel.LINKEDIN, "body", LINKEDIN_POST),
    Limit("limit.instagram", Channel.INSTAGRAM, "body", INSTAGRAM_CAPTION),
    Limit("limit.facebook", Channel.FACEBOOK, "body", FACEBOOK_POST),
    Limit("limit.email_subject", Channel.EMAIL, "subject", EMAIL_SUBJECT),
    Limit("limit.email_preheader", Channel.EMAIL, "preheader", EMAIL_PREHEADER),
    Limit("limit.google_headline", Channel.GOOGLE_ADS, "headlines", GOOGLE_HEADLINE),
    Limit("limit.google_description", Channel.GOOGLE_ADS, "descriptions", GOOGLE_DESCRIPTION),
    Limit("limit.meta_headline", Channel.META_ADS, "headlines", META_HEADLINE),
    Limit("limit.meta_primary_text", Channel.META_ADS, "body", META_PRIMARY_TEXT),
)
BY_CHECK = {limit.check_id: limit for limit in LIMITS}
# A list field's items are named one by one: "headline 2", "description 1".
_ITEM = {"headlines": "headline", "descriptions": "description"}


def texts(asset: Asset, field: str) -> list[str]:
    """The strings a limit measures: one for single fields, each item for list fields."""
    value = getattr(asset, field)
    if isinstance(value, list):
        return value
    return [value] if value else []


def within_limits(asset: Asset) -> bool:
    return not any(limit.over(asset) for limit in LIMITS)


def measures(asset: Asset) -> list[AssetMeasure]:
    """Every length of `asset` its channel limits, as the platform counts it: what a reviewer
    sees next to the copy ("body 212/280 weighted characters")."""
    found = []
    for limit in LIMITS:
        if limit.channel != asset.channel:
            continue
        items = texts(asset, limit.field)
        for n, text in enumerate(items, 1):
            name = f"{_ITEM[limit.field]} {n}" if limit.field in _ITEM else limit.field
            found.append(AssetMeasure(field=name, length=limit.measure(text), limit=limit.chars,
                                      unit=limit.unit))
    return found
