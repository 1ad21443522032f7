"""How each channel is used: relative spend, publishing rhythm, which objectives it serves
best, its roles and tactics. Templates are filled from the brief ({offer}, {aud}, {geo},
{brand}, {domain}, {objective}); {n} and {days} come from the channel's cadence.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from contracts.common import Channel


@dataclass(frozen=True)
class ChannelSpec:
    weight: Decimal  # relative spend before fit and jitter
    posts: tuple[int, int]  # publications a week, inclusive range
    affinity: tuple[str, ...]  # objective categories served best, best first
    days: tuple[str, ...]  # publishing days, preferred first
    unit: tuple[str, str]  # what one publication is called (singular, plural)
    roles: tuple[str, ...]
    tactics: tuple[str, ...]
    rhythm: str  # cadence detail after "{n} {unit} a week ({days})"


_WEEK = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

SPECS = {
    Channel.LINKEDIN: ChannelSpec(
        Decimal("1.2"), (2, 4), ("leads", "awareness", "traffic", "sales", "engagement",
                                 "retention"),
        ("Tue", "Wed", "Thu", "Mon"), ("post", "posts"),
        ("Thought leadership on {offer} for {aud}",
         "Decision-maker outreach about {offer} in {geo}"),
        ("Expert-led posts that unpack one problem {aud} face, each ending with a link to "
         "{domain}.",
         "Document carousels that walk through {offer} step by step, built to be saved and "
         "shared.",
         "Sponsored Content targeted by job title, seniority and industry in {geo}, aimed at "
         "“{objective}”.",
         "Lead Gen Forms pre-filled from LinkedIn profiles to capture requests for {offer}."),
        "published in the morning, local time in {geo}, with comments answered within one "
        "business day"),
    Channel.X: ChannelSpec(
        Decimal("0.8"), (5, 7), ("awareness", "engagement", "traffic", "leads", "sales",
                                 "retention"),
        _WEEK, ("post", "posts"),
        ("Fast, conversational reach around {offer}",
         "Real-time updates and replies on {offer} for {geo}"),
        ("Short threads that break down one idea about {offer} and link back to {domain}.",
         "Same-day replies and quote posts in conversations {aud} already follow.",
         "Promoted posts on the two best organic posts each week, aimed at “{objective}”.",
         "Polls and questions that invite {aud} to share their view."),
        "with replies to mentions the same business day in {geo}"),
    Channel.INSTAGRAM: ChannelSpec(
        Decimal("1.0"), (3, 5), ("engagement", "awareness", "sales", "traffic", "retention",
                                 "leads"),
        ("Wed", "Fri", "Sun", "Tue", "Sat"), ("post", "posts"),
        ("Visual stories of {offer} for {aud}", "Creator-style showcases of {offer} in {geo}"),
        ("Carousels that show {offer} in use, one benefit per slide, with alt text on every "
         "image.",
         "Reels of 15 to 30 seconds that open on a hook in the first two seconds.",
         "Stories with polls, quizzes and link stickers that send {aud} to {domain}.",
         "Creator collaborations with clearly labelled paid partnerships, aimed at "
         "“{objective}”."),
        "with Stories on posting days and direct messages answered within 24 hours"),
    Channel.EMAIL: ChannelSpec(
        Decimal("0.5"), (1, 1), ("retention", "sales", "leads", "traffic", "engagement",
                                 "awareness"),
        ("Tue", "Thu"), ("email", "emails"),
        ("Nurture sequence on {offer} for opted-in {aud}",
         "Subscriber offers and follow-ups on {offer}"),
        ("A three-email welcome sequence that introduces {brand}, explains {offer} and asks "
         "for one action.",
         "Segmented sends by interest and engagement, so {aud} only get what is relevant.",
         "A re-engagement series for inactive subscribers before they are suppressed.",
         "Subject-line tests on every send, with the winner rolled out to the rest of the "
         "list, aimed at “{objective}”."),
        "sent mid-morning local time in {geo}, with results read after 48 hours"),
    Channel.FACEBOOK: ChannelSpec(
        Decimal("0.9"), (3, 5), ("engagement", "awareness", "retention", "sales", "traffic",
                                 "leads"),
        ("Wed", "Fri", "Sun", "Mon", "Sat"), ("post", "posts"),
        ("Community building around {offer} for {aud}",
         "Local reach and conversation about {offer} in {geo}"),
        ("Page posts and questions that invite {aud} to share their experience.",
         "Events or live sessions about {offer}, with reminders to everyone who replies.",
         "Boosted posts for {aud} in {geo}, aimed at “{objective}”.",
         "Answers in relevant groups, where the group rules allow a brand to take part."),
        "with comments moderated every day"),
    Channel.GOOGLE_ADS: ChannelSpec(
        Decimal("1.4"), (1, 2), ("sales", "leads", "traffic", "awareness", "retention",
                                 "engagement"),
        ("Mon", "Thu"), ("new ad variant", "new ad variants"),
        ("Capture high-intent searches for {offer} in {geo}",
         "Search demand capture for {offer} from {aud}"),
        ("Responsive search ads on high-intent queries for {offer}, with up to 15 headlines "
         "and 4 descriptions per ad group.",
         "A brand campaign that protects searches for {brand} from competitors' bids.",
         "Negative keywords refreshed weekly from the search terms report to cut waste.",
         "Conversion tracking on {domain} so bidding optimises for “{objective}”, not clicks."),
        "tested in always-on campaigns, with the search terms report read on the same days"),
    Channel.META_ADS: ChannelSpec(
        Decimal("1.3"), (2, 3), ("sales", "awareness", "leads", "traffic", "engagement",
                                 "retention"),
        ("Mon", "Wed", "Fri"), ("new creative", "new creatives"),
        ("Paid reach and retargeting for {offer} across Facebook and Instagram",
         "Prospecting {aud} in {geo} with creative about {offer}"),
        ("Prospecting ads in feeds, Stories and Reels with three creative angles on {offer}.",
         "Retargeting of {domain} visitors and video viewers with the offer and social proof.",
         "Lookalike audiences seeded from customer lists collected with consent.",
         "Conversion campaigns optimised for “{objective}”, with weekly creative rotation."),
        "rotated in while frequency stays under about three impressions a person a week"),
    Channel.BLOG: ChannelSpec(
        Decimal("0.4"), (1, 2), ("traffic", "leads", "awareness", "engagement", "retention",
                                 "sales"),
        ("Tue", "Thu"), ("article", "articles"),
        ("Search-led education on {offer} for {aud}",
         "Owned home for in-depth content on {offer} in {geo}"),
        ("Search-led articles that answer the questions {aud} ask about {offer}.",
         "One in-depth guide a month that other channels cut into posts and emails.",
         "How-to posts and customer stories, with sources cited, aimed at “{objective}”.",
         "Internal links from every article to the offer page on {domain}."),
        "each promoted on the other planned channels within two days"),
    Channel.SHORT_VIDEO: ChannelSpec(
        Decimal("1.0"), (2, 4), ("awareness", "engagement", "traffic", "sales", "leads",
                                 "retention"),
        ("Tue", "Thu", "Sat", "Sun"), ("short video", "short videos"),
        ("Short vertical videos that show {offer} in seconds",
         "Hook-led video reach for {offer} among {aud}"),
        ("Vertical videos under 45 seconds that show {offer} in action from the first frame.",
         "A recurring series (same opener, a new tip each time) that {aud} can follow.",
         "Burned-in captions on every video, since most short video plays without sound.",
         "The best-performing clips reused as paid ads, aimed at “{objective}”."),
        "posted at the evening peak in {geo}"),
}


def publishing_days(spec: ChannelSpec, n: int) -> str:
    """The first `n` preferred days in week order ("Tue, Wed and Thu"), or "every day"."""
    if n >= 7:
        return "every day"
    chosen = sorted(spec.days[:n], key=_WEEK.index)
    return ", ".join(chosen[:-1]) + (" and " if len(chosen) > 1 else "") + chosen[-1]
