"""The 30-day content calendar: cadence, no double-booking, fresh hooks, real assets."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta

import pytest

from actors.production._calendar import repair_calendar
from actors.production._copy import write_creative
from actors.production._copy_context import build_context
from actors.production._copy_hooks import HookDeck, key
from contracts.common import Channel
from tests.unit.test_production_fixtures import (
    POSTS_PER_WEEK,
    make_brief,
    make_strategy,
    produce,
)


@pytest.mark.parametrize("seed", range(6))
def test_at_most_one_entry_per_channel_per_day(seed: int) -> None:
    calendar = produce(seed)[2].calendar
    slots = Counter((e.channel, e.day) for e in calendar)
    assert calendar and max(slots.values()) == 1


@pytest.mark.parametrize("seed", range(6))
def test_hooks_never_repeat_across_the_calendar(seed: int) -> None:
    calendar = produce(seed)[2].calendar
    hooks = [key(e.hook) for e in calendar]
    assert all(hooks) and len(set(hooks)) == len(hooks)


@pytest.mark.parametrize("seed", range(6))
def test_entries_schedule_existing_assets_of_their_own_channel(seed: int) -> None:
    creative = produce(seed)[2]
    channel_of = {a.asset_id: a.channel for a in creative.assets}
    assert all(channel_of.get(e.asset_id) == e.channel for e in creative.calendar)


def test_dates_fall_in_the_thirty_days_from_the_start() -> None:
    brief, _, creative = produce()
    days = [e.day for e in creative.calendar]
    assert min(days) >= brief.start_date
    assert max(days) <= brief.start_date + timedelta(days=29)
    assert days == sorted(days)


def test_each_channel_follows_its_posts_per_week() -> None:
    brief, _, creative = produce()
    for channel, per_week in POSTS_PER_WEEK.items():
        entries = [e for e in creative.calendar if e.channel == channel]
        first_week = [e for e in entries if (e.day - brief.start_date).days < 7]
        assert len(first_week) == per_week, channel
        assert 4 * per_week <= len(entries) <= 5 * per_week, channel


def test_assets_are_reused_round_robin_and_email_follows_the_sequence() -> None:
    creative = produce()[2]
    emails = [a.asset_id for a in creative.assets if a.channel == Channel.EMAIL]
    scheduled = [e.asset_id for e in creative.calendar if e.channel == Channel.EMAIL]
    assert scheduled[:3] == emails and scheduled[3:] == emails[: len(scheduled) - 3]
    x_used = {e.asset_id for e in creative.calendar if e.channel == Channel.X}
    assert x_used == {a.asset_id for a in creative.assets if a.channel == Channel.X}


def test_repair_fixes_broken_entries_and_keeps_sound_ones() -> None:
    brief, strategy, creative = produce()
    cal = list(creative.calendar)
    clash = cal[0].model_copy(update={"hook": "A new line for the clash"})
    far = cal[1].model_copy(update={"day": brief.start_date + timedelta(days=90),
                                    "hook": "Another new line"})
    ghost = cal[2].model_copy(update={"asset_id": "no-such-asset", "hook": "Third new line"})
    again = cal[3].model_copy(update={"day": cal[3].day + timedelta(days=1)})  # hook repeats
    broken = [*cal, clash, far, ghost, again]
    hooks = HookDeck(build_context(brief, strategy), random.Random("t"),
                     [e.hook for e in broken])

    fixed = repair_calendar(broken, creative.assets, brief.start_date, hooks)

    assert fixed[: len(cal)] == cal
    assert max(Counter((e.channel, e.day) for e in fixed).values()) == 1
    assert all(0 <= (e.day - brief.start_date).days < 30 for e in fixed)
    known = {a.asset_id for a in creative.assets}
    assert all(e.asset_id in known for e in fixed)
    assert len({key(e.hook) for e in fixed}) == len(fixed)


def test_a_channel_without_posts_gets_no_entries() -> None:
    brief = make_brief(channels=[Channel.X, Channel.EMAIL])
    strategy = make_strategy(brief)
    plans = [p.model_copy(update={"posts_per_week": 0}) if p.channel == Channel.EMAIL else p
             for p in strategy.channel_plan]
    creative = write_creative("c", brief, strategy.model_copy(update={"channel_plan": plans}),
                              "s", 1, 0)
    assert {e.channel for e in creative.calendar} == {Channel.X}
