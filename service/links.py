"""Signed, expiring client review links: the agency shares one per campaign review, and
whoever holds it may see that review and decide it until it expires.

A link carries the campaign id and its expiry time, signed with the service's link secret
(itsdangerous, HMAC-SHA1 by default, salted for this one purpose). A changed byte fails the
signature; a link past its expiry is refused even with a good signature."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from itsdangerous import BadSignature, URLSafeSerializer

_SALT = "aicmo client review link v1"


class LinkRefused(Exception):
    """The link cannot be used; `expired` tells an old link from a forged or broken one."""

    def __init__(self, message: str, expired: bool = False):
        super().__init__(message)
        self.expired = expired


@dataclass(frozen=True)
class ReviewLink:
    campaign_id: str
    expires_at: datetime


class ReviewLinks:
    def __init__(self, secret: str):
        self._serializer = URLSafeSerializer(secret, salt=_SALT)

    def issue(self, campaign_id: str, now: datetime, days: float) -> tuple[str, ReviewLink]:
        """The link's token (the last part of its URL) and what it grants."""
        expires = (now + timedelta(days=days)).replace(microsecond=0)
        token = self._serializer.dumps({"c": campaign_id, "e": int(expires.timestamp())})
        return token, ReviewLink(campaign_id, expires)

    def read(self, token: str, now: datetime) -> ReviewLink:
        try:
            data = self._serializer.loads(token)
            link = ReviewLink(str(data["c"]), datetime.fromtimestamp(int(data["e"]), UTC))
        except (BadSignature, KeyError, TypeError, ValueError) as exc:
            raise LinkRefused("this review link is not valid: it may have been cut short "
                              "or changed") from exc
        if now >= link.expires_at:
            raise LinkRefused(f"this review link expired on "
                              f"{link.expires_at:%Y-%m-%d %H:%M} UTC", expired=True)
        return link
