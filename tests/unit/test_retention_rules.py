"""Retention's pure rules: follow-up dates, term ends, upsell picks, lifecycle transitions."""

from __future__ import annotations

from datetime import date

import pytest

from actors.retention._lifecycle import (
    has_churned,
    is_renewal,
    renewed_lifecycle,
    settled_lifecycle,
)
from actors.retention._risk import DeliveryFactors, assess_risk
from actors.retention._schedule import (
    check_in_note,
    follow_up_dates,
    renewal_note,
    review_note,
    term_end,
)
from actors.retention._upsell import PRIORITY, suggest_upsell
from contracts.common import Channel

DELIVERED = date(2027, 1, 4)


def test_check_in_after_a_week_review_after_thirty_days_renewal_a_month_ahead():
    assert follow_up_dates(DELIVERED, date(2027, 12, 31)) == {
        "check_in": date(2027, 1, 11),
        "performance_review": date(2027, 2, 3),
        "renewal": date(2027, 12, 1),
    }


def test_the_performance_review_is_thirty_days_after_launch_when_launch_is_later():
    later = follow_up_dates(DELIVERED, date(2027, 12, 31), campaign_start=date(2027, 3, 1))
    assert (later["check_in"], later["performance_review"]) == (date(2027, 1, 11),
                                                                date(2027, 3, 31))
    earlier = follow_up_dates(DELIVERED, date(2027, 12, 31), campaign_start=date(2026, 12, 1))
    assert earlier["performance_review"] == date(2027, 2, 3)  # live already: from delivery


@pytest.mark.parametrize(("ends", "renewal"), [
    (date(2027, 2, 4), date(2027, 1, 5)),  # 30 days ahead is the delivery day itself
    (date(2027, 2, 5), date(2027, 1, 6)),  # the first date not clamped
    (date(2027, 1, 20), date(2027, 1, 5)),  # ends soon after delivery: the day after
    (date(2026, 12, 1), date(2027, 1, 5)),  # already ended: still the day after
])
def test_renewal_is_never_before_the_day_after_delivery(ends, renewal):
    assert follow_up_dates(DELIVERED, ends)["renewal"] == renewal


def test_term_end_is_the_contract_end_else_the_latest_campaign_end():
    ends = [date(2027, 3, 1), date(2027, 5, 1), date(2027, 4, 1)]
    assert term_end(date(2027, 12, 31), ends) == date(2027, 12, 31)
    assert term_end(None, ends) == date(2027, 5, 1)
    assert term_end(None, []) is None


def test_notes_say_what_to_cover():
    assert check_in_note("Acme", "c-9", ["linkedin", "email"]).startswith(
        "7-day check-in with Acme on campaign c-9")
    review = review_note("Acme", "c-9", ["linkedin", "x", "email"])
    assert "30-day performance review of Acme's campaign c-9" in review
    assert "LinkedIn, X and email KPIs" in review
    assert "contract ends on 2027-12-31" in renewal_note("Acme", date(2027, 12, 31), True)
    assert "campaign work ends on" in renewal_note("Acme", date(2027, 3, 1), False)


def test_upsell_suggests_unused_channels_in_priority_order_at_most_three():
    picks = suggest_upsell("Acme", ["linkedin", "email"], [])
    assert [u.channel for u in picks] == [Channel.META_ADS, Channel.GOOGLE_ADS,
                                          Channel.SHORT_VIDEO]
    assert picks[0].reason.startswith("Meta ads: retarget site visitors from the LinkedIn and "
                                      "email work")
    assert all("Acme" in u.reason for u in picks)


def test_upsell_skips_unavailable_channels():
    picks = suggest_upsell("Acme", ["email"], ["meta_ads", "google_ads"])
    assert [u.channel for u in picks] == [Channel.LINKEDIN, Channel.SHORT_VIDEO, Channel.BLOG]


def test_upsell_is_empty_when_every_channel_is_used_or_unavailable():
    assert suggest_upsell("Acme", [c.value for c in Channel][:5],
                          [c.value for c in Channel][5:]) == []
    assert len(suggest_upsell("Acme", [c.value for c in PRIORITY[:7]], [])) == 2


def test_upsell_reads_well_with_no_channel_used():
    [first, *_] = suggest_upsell("Acme", [], [])
    assert "from the campaign work" in first.reason


HIGH = assess_risk(DeliveryFactors(revision_rounds=3, review_days=10, qc_score=90), 0)
LOW = assess_risk(DeliveryFactors(revision_rounds=0, review_days=1, qc_score=90), 0)


@pytest.mark.parametrize(("current", "delivered", "risk", "now", "expected"), [
    ("onboarding", False, None, False, "onboarding"),
    ("onboarding", True, LOW, True, "active"),
    ("active", True, HIGH, False, "at_risk"),
    ("at_risk", True, LOW, False, "active"),
    ("active", False, None, False, "onboarding"),  # every delivery compensated away
    ("churned", True, LOW, False, "churned"),  # risk changes do not revive
    ("churned", True, HIGH, True, "at_risk"),  # a new delivery does
])
def test_settled_lifecycle(current, delivered, risk, now, expected):
    assert settled_lifecycle(current, delivered, risk, delivered_now=now) == expected


def test_renewal_is_a_later_contract_end_on_a_churned_client():
    old = date(2027, 6, 30)
    assert is_renewal("churned", old, date(2028, 6, 30))
    assert not is_renewal("churned", old, old)
    assert not is_renewal("churned", old, None)
    assert not is_renewal("active", old, date(2028, 6, 30))
    assert is_renewal("churned", None, date(2028, 6, 30))
    assert (renewed_lifecycle(True), renewed_lifecycle(False)) == ("active", "onboarding")


def test_churn_when_the_term_ended_before_the_sweep_date():
    ends = date(2027, 6, 30)
    assert has_churned("active", ends, date(2027, 7, 1))
    assert not has_churned("active", ends, ends)  # ends today: not yet
    assert not has_churned("churned", ends, date(2027, 7, 1))  # not newly
    assert not has_churned("onboarding", None, date(2030, 1, 1))
