"""When each follow-up falls due, and what the account team should cover in it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from contracts.common import Channel

CHECK_IN_AFTER = timedelta(days=7)
REVIEW_AFTER = timedelta(days=30)
RENEWAL_AHEAD = timedelta(days=30)
# A renewal talk set before the work even landed would be pointless: at least a day after.
RENEWAL_EARLIEST_AFTER = timedelta(days=1)


def follow_up_dates(delivered_on: date, term_end: date,
                    campaign_start: date | None = None) -> dict[str, date]:
    """Due dates of a delivered campaign's follow-ups, by kind. The performance review is
    30 days into the campaign: after delivery, and after launch when it starts later (there
    is no performance to review before the work runs)."""
    live_from = max(delivered_on, campaign_start) if campaign_start else delivered_on
    return {
        "check_in": delivered_on + CHECK_IN_AFTER,
        "performance_review": live_from + REVIEW_AFTER,
        "renewal": renewal_due(term_end, delivered_on),
    }


def renewal_due(term_end: date, delivered_on: date) -> date:
    """Thirty days before the term ends, but never before the day after delivery."""
    return max(term_end - RENEWAL_AHEAD, delivered_on + RENEWAL_EARLIEST_AFTER)


def term_end(contract_end: date | None, campaign_ends: Iterable[date]) -> date | None:
    """When the client's engagement ends: its contract end, or without one the latest end of
    its live campaigns; None when neither is known."""
    if contract_end is not None:
        return contract_end
    return max(campaign_ends, default=None)


def channel_names(channels: Iterable[str]) -> str:
    """'LinkedIn, X and email' from channel values, in the order given; 'campaign' for none,
    so a sentence reading 'the {names} work' holds either way."""
    names = [Channel(c).in_sentence for c in dict.fromkeys(channels)]
    if not names:
        return "campaign"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def check_in_note(client: str, campaign_id: str, channels: Iterable[str]) -> str:
    return (f"7-day check-in with {client} on campaign {campaign_id}: confirm the pack landed "
            f"and went live, answer questions on the {channel_names(channels)} work, and note "
            f"early reactions and anything blocking publication.")


def review_note(client: str, campaign_id: str, channels: Iterable[str]) -> str:
    return (f"30-day performance review of {client}'s campaign {campaign_id}: compare "
            f"{channel_names(channels)} KPIs against the plan's targets, show what worked and "
            f"what did not, and agree what to keep, change or stop.")


def renewal_note(client: str, ends_on: date, by_contract: bool) -> str:
    what = "contract" if by_contract else "current campaign work"
    return (f"Renewal conversation with {client} before the {what} ends on "
            f"{ends_on.isoformat()}: review results across campaigns, settle open issues "
            f"(revisions, review delays, invoices), and propose the next term.")
