"""Upsell: channels the client has not used yet, the most valuable first.

Priority: paid channels that convert the attention the delivered work already earns (Meta
retargeting, Google search intent), then email, which keeps that audience as a list the
client owns; then new reach (LinkedIn, short video), search-lasting content (blog), and last
the organic social feeds, which add the least on top of an existing social presence.
"""

from __future__ import annotations

from collections.abc import Iterable

from contracts.common import Channel
from contracts.retention import Upsell

from ._schedule import channel_names

MAX_SUGGESTIONS = 3

PRIORITY: tuple[Channel, ...] = (
    Channel.META_ADS, Channel.GOOGLE_ADS, Channel.EMAIL, Channel.LINKEDIN, Channel.SHORT_VIDEO,
    Channel.BLOG, Channel.INSTAGRAM, Channel.FACEBOOK, Channel.X,
)

# Each reason follows the channel's name ("Meta ads: retarget ..."), as the account team
# reads it in a list of suggestions.
_REASONS: dict[Channel, str] = {
    Channel.META_ADS: "retarget site visitors from the {used} work and reach "
                      "lookalikes of {client}'s best customers with creative already proven.",
    Channel.GOOGLE_ADS: "capture people already searching for what {client} offers;"
                        " search intent converts faster than the reach the {used} work builds.",
    Channel.EMAIL: "turn the audience the {used} work attracts into a nurtured list "
                   "{client} owns, with a welcome series and a monthly update.",
    Channel.LINKEDIN: "put {client}'s strongest proof points in front of "
                      "decision-makers by role and company size.",
    Channel.SHORT_VIDEO: "cut the campaign's message into Reels, Shorts and TikTok "
                         "clips, the cheapest reach in social for {client} today.",
    Channel.BLOG: "turn the campaign's messaging pillars into articles that rank in "
                  "search and keep bringing {client} traffic after the paid work stops.",
    Channel.INSTAGRAM: "show {client}'s product visually to a mobile audience, "
                       "reusing the {used} creative as posts and stories.",
    Channel.FACEBOOK: "reach {client}'s local and community audiences through pages, "
                      "groups and events the {used} work does not touch.",
    Channel.X: "join the live conversations in {client}'s category and answer questions "
               "in public, where the {used} work cannot.",
}


def suggest_upsell(client: str, used: Iterable[str], unavailable: Iterable[str]) -> list[Upsell]:
    """At most three channels, in PRIORITY order, that the client's delivered campaigns did
    not use and that are not unavailable to it."""
    used_channels = [Channel(c) for c in dict.fromkeys(used)]
    excluded = set(used_channels) | {Channel(c) for c in unavailable}
    picks = [c for c in PRIORITY if c not in excluded][:MAX_SUGGESTIONS]
    names = channel_names(used_channels)
    return [Upsell(channel=c, reason=f"{_capitalized(c.in_sentence)}: "
                                     f"{_REASONS[c].format(client=client, used=names)}")
            for c in picks]


def _capitalized(name: str) -> str:
    return name[:1].upper() + name[1:]
