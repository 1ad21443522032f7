"""Platform limits, routed by channel: a hard limit the platform enforces is a BLOCKER (the
post would be rejected or cut), a published recommendation is MAJOR.

Lengths are Unicode code points, which is how the platforms below count plain text, except
on X: X weighs a post (any URL 23, a CJK character or emoji 2; `x_weighted_length`, the
function production fits X posts with, so writer, reviser and QC never disagree).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from actors._text import X_POST_WEIGHT, plural, x_weighted_length
from contracts.common import Channel, Severity
from contracts.production import Asset
from contracts.qc import CheckStatus, QcCheck

from ._rules_base import AssetRule, Context, check, verdict
from ._rules_text import count_hashtags, words

_DIRECTION = re.compile(r"\[[^\]]*\]")


@dataclass(frozen=True)
class _Ceiling:
    """At most `limit` of something measured on the asset (characters, hashtags, words)."""

    check_id: str
    severity: Severity
    limit: int
    what: str
    measure: Callable[[Asset], int]
    fix: str
    over: CheckStatus = CheckStatus.FAIL  # WARN for advice the platform does not enforce

    def __call__(self, asset: Asset, ctx: Context) -> QcCheck:
        n = self.measure(asset)
        evidence = f"{self.what} is {n}; limit {self.limit}"
        status = verdict(n <= self.limit, self.over)
        return check(self.check_id, asset.asset_id, self.severity, status, evidence, self.fix)


@dataclass(frozen=True)
class _Each:
    """Ad headlines or descriptions: `least` to `most` of them, each within `limit` chars."""

    check_id: str
    severity: Severity
    limit: int
    least: int
    most: int
    what: str
    field: Callable[[Asset], Sequence[str]]

    def __call__(self, asset: Asset, ctx: Context) -> QcCheck:
        items = self.field(asset)
        over = [f'"{s}" ({len(s)} chars)' for s in items if len(s) > self.limit]
        count_ok = self.least <= len(items) <= self.most
        evidence = f"{plural(len(items), self.what)}, allowed {self.least}-{self.most}"
        if over:
            evidence += f"; over {self.limit} chars: " + ", ".join(over)
        fix = (f"write {self.least}-{self.most} {self.what}s of at most {self.limit} chars each")
        status = verdict(count_ok and not over)
        return check(self.check_id, asset.asset_id, self.severity, status, evidence, fix)


def _body_chars(asset: Asset) -> int:
    return len(asset.body)


def _hashtags(asset: Asset) -> int:
    return count_hashtags(asset.body)


def _script_words(asset: Asset) -> int:
    # [B-roll], [SFX] and other bracketed directions are not spoken.
    return len(words(_DIRECTION.sub(" ", asset.body)))


def _x_weight(asset: Asset) -> int:
    return x_weighted_length(asset.body)


def _chars(check_id: str, limit: int, what: str = "post") -> _Ceiling:
    fix = f"cut the {what} to at most {limit:,} characters"
    return _Ceiling(check_id, Severity.BLOCKER, limit, f"{what} length (chars)", _body_chars, fix)


# X weighs a post against 280 (URLs 23, wide characters 2); the API rejects heavier ones.
_X = _Ceiling("limit.x", Severity.BLOCKER, X_POST_WEIGHT, "post length (as X counts it)",
              _x_weight, f"cut the post to {X_POST_WEIGHT} as X counts it: any link is 23, "
              "a CJK character or emoji 2, any other character 1")
# LinkedIn member posts stop at 3,000 characters.
_LINKEDIN = _chars("limit.linkedin", 3000)
# Instagram captions stop at 2,200 characters and 30 hashtags; more and the post fails.
_INSTAGRAM = _chars("limit.instagram", 2200, "caption")
_INSTAGRAM_TAGS = _Ceiling("limit.instagram_hashtags", Severity.MAJOR, 30, "hashtag count",
                           _hashtags, "keep at most 30 hashtags in the caption")
# Facebook's hard ceiling for a post is 63,206 characters.
_FACEBOOK = _chars("limit.facebook", 63206)
# Google responsive search ads: 3-15 headlines of 30 chars, 2-4 descriptions of 90 chars.
_GOOGLE_HEADLINES = _Each("limit.google_headline", Severity.BLOCKER, 30, 3, 15, "headline",
                          lambda a: a.headlines)
_GOOGLE_DESCRIPTIONS = _Each("limit.google_description", Severity.BLOCKER, 90, 2, 4,
                             "description", lambda a: a.descriptions)
# Meta recommends a 40-char headline (longer is truncated in feed) and 125 chars of
# primary text before "See more"; both are advice, so the text limit only warns.
# Dynamic creative takes up to 5 headlines.
_META_HEADLINE = _Each("limit.meta_headline", Severity.MAJOR, 40, 1, 5, "headline",
                       lambda a: a.headlines)
_META_TEXT = _Ceiling("limit.meta_primary_text", Severity.MAJOR, 125, "primary text (chars)",
                      _body_chars, "cut the primary text to 125 chars so it shows before "
                      "\"See more\"", over=CheckStatus.WARN)
# A short video runs about 60 s; spoken at ~150 words a minute that is 150 words.
_VIDEO = _Ceiling("limit.video_length", Severity.MAJOR, 150, "script length (words)",
                  _script_words, "cut the script to 150 spoken words (about 60 seconds)")

# Inbox clients cut subjects after about 60 chars and preheaders after about 100.
EMAIL_SUBJECT_LIMIT = 60
EMAIL_PREHEADER_LIMIT = 100


def _email_subject(asset: Asset, ctx: Context) -> QcCheck:
    n = len((asset.subject or "").strip())
    evidence = f"subject length is {n}; limit {EMAIL_SUBJECT_LIMIT}" if n else "no subject line"
    fix = f"write a subject line of 1-{EMAIL_SUBJECT_LIMIT} chars"
    status = verdict(0 < n <= EMAIL_SUBJECT_LIMIT)
    return check("limit.email_subject", asset.asset_id, Severity.MAJOR, status, evidence, fix)


def _email_preheader(asset: Asset, ctx: Context) -> QcCheck:
    n = len((asset.preheader or "").strip())
    evidence = (f"preheader length is {n}; limit {EMAIL_PREHEADER_LIMIT}" if n
                else "no preheader: the inbox shows the body's first line instead")
    fix = f"write a preheader of 1-{EMAIL_PREHEADER_LIMIT} chars that extends the subject"
    status = verdict(0 < n <= EMAIL_PREHEADER_LIMIT)
    return check("limit.email_preheader", asset.asset_id, Severity.MINOR, status, evidence, fix)


# Blogs have no platform limit; every other channel has its own.
LIMITS: dict[Channel, tuple[AssetRule, ...]] = {
    Channel.X: (_X,),
    Channel.LINKEDIN: (_LINKEDIN,),
    Channel.INSTAGRAM: (_INSTAGRAM, _INSTAGRAM_TAGS),
    Channel.FACEBOOK: (_FACEBOOK,),
    Channel.GOOGLE_ADS: (_GOOGLE_HEADLINES, _GOOGLE_DESCRIPTIONS),
    Channel.META_ADS: (_META_HEADLINE, _META_TEXT),
    Channel.EMAIL: (_email_subject, _email_preheader),
    Channel.SHORT_VIDEO: (_VIDEO,),
}
