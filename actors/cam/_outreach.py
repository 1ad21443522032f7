"""A qualified lead's outreach sequence: day 0 email, day 3 LinkedIn note, day 7 follow-up.

Written from the lead's own facts (first name, company, title, industry where known) with
plain f-strings, so no template placeholder can be left behind; an unknown fact changes the
sentence instead of printing "None". Every touch ends with a way to opt out. The same lead
always gets the same words.
"""

from __future__ import annotations

import re

from contracts.cam import LeadSummary, OutreachStep
from contracts.common import DEFAULT_AGENCY_NAME

from ._scoring import mentions

EMAIL_OPT_OUT = "Not interested? Reply \"unsubscribe\" and we will not email you again."
LINKEDIN_OPT_OUT = "Not relevant? Reply 'stop' and I won't follow up."

_HONORIFICS = {"mr", "mrs", "ms", "mx", "miss", "dr", "prof", "sir", "dame"}
# The problem a campaign usually solves first in an industry, by word start of its name.
_ANGLES = (
    (("saas", "software"), "turning trials and demos into paying customers"),
    (("fintech", "finance", "bank", "insurance"), "winning trust in a regulated market"),
    (("ecommerce", "retail"), "bringing shoppers back for a second order"),
    (("health", "medical"), "reaching patients and providers with compliant messages"),
    (("education", "edtech", "learning"), "filling the next enrolment intake"),
    (("hospitality", "hotel", "travel"), "filling rooms and tables outside peak season"),
    (("manufacturing", "industrial"), "getting in front of buyers before the RFP"),
    (("professional services", "consulting", "agency", "legal", "accounting"),
     "turning expertise into a steady flow of referrals"),
)
_DEFAULT_ANGLE = "building a steadier pipeline of qualified demand"


def plan_outreach(lead: LeadSummary, sender: str = DEFAULT_AGENCY_NAME) -> list[OutreachStep]:
    """The three-step sequence for `lead`, signed by the agency `sender` (its configured
    name, see wiring.Settings.agency)."""
    first = first_name(lead.name)
    company = _clean(lead.company) or "your company"
    angle = angle_for(lead.industry)
    subject = f"{first}, a campaign idea for {company}"
    return [
        OutreachStep(step=1, day=0, channel="email", subject=subject,
                     body=_first_email(first, company, lead, angle, sender)),
        OutreachStep(step=2, day=3, channel="linkedin", subject=None,
                     body=_linkedin_note(first, company, angle, sender)),
        OutreachStep(step=3, day=7, channel="email", subject=f"Re: {subject}",
                     body=_follow_up(first, company, angle, sender)),
    ]


def first_name(name: str) -> str:
    """How to greet someone: "Smith, Jane" and "Dr. jane smith" are both "Jane"."""
    if "," in name:
        family, _, given = name.partition(",")
        name = f"{given} {family}"
    words = [w for w in _clean(name).split() if w.rstrip(".").lower() not in _HONORIFICS]
    first = words[0] if words else _clean(name) or "there"
    return first.capitalize() if first.islower() or first.isupper() else first


def angle_for(industry: str | None) -> str:
    return next((angle for words, angle in _ANGLES if mentions(industry, words, prefix=True)),
                _DEFAULT_ANGLE)


def _first_email(first: str, company: str, lead: LeadSummary, angle: str, sender: str) -> str:
    industry = _clean(lead.industry)
    market = f"{industry} companies" if industry else "growing companies"
    role = f"As {_clean(lead.title)} at {company}" if _clean(lead.title) else f"At {company}"
    return (
        f"Hi {first},\n\n"
        f"I'm writing from {sender}. We plan and run complete campaigns (strategy, "
        f"channel-ready creative, quality checks and reporting) for {market}. {role}, "
        f"I'd guess {angle} is high on your list this quarter.\n\n"
        f"Would a 20-minute call next week be useful? I'd bring a one-page outline of what a "
        f"first campaign for {company} could look like.\n\n"
        f"Best regards,\nThe {sender} team\n\n{EMAIL_OPT_OUT}"
    )


def _linkedin_note(first: str, company: str, angle: str, sender: str) -> str:
    return (
        f"Hi {first}, I emailed you earlier this week from {sender} about campaigns for "
        f"{company}. Happy to share a short outline of how we'd approach {angle}. "
        f"Worth a quick chat? {LINKEDIN_OPT_OUT}"
    )


def _follow_up(first: str, company: str, angle: str, sender: str) -> str:
    return (
        f"Hi {first},\n\n"
        f"Following up on my note from last week. If {angle} is on {company}'s plan for "
        f"this quarter, I can send a one-page campaign outline, no call needed.\n\n"
        f"If the timing is wrong, just say so and I'll close the loop.\n\n"
        f"Best regards,\nThe {sender} team\n\n{EMAIL_OPT_OUT}"
    )


def _clean(text: str | None) -> str:
    """A lead's own text, minus braces a broken export may have left in it."""
    return " ".join(re.sub(r"[{}]", "", text or "").split())
