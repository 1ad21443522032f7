"""Measurement and timeline: lagging KPIs per objective, a leading KPI per planned channel,
how often results are reviewed, and dated milestones inside the campaign window.

Leading targets start from common channel benchmarks (engagement rate, open rate, CTR)
with a little seeded jitter; they are early warnings, read after the first fortnight.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from actors._text import plural
from contracts.common import Channel
from contracts.strategy import Kpi, Measurement, Milestone

from ._plan_kpis import derive_kpis
from ._plan_profile import Facts
from ._plan_text import channel_words, join_words

_LEADING = {
    Channel.LINKEDIN: ("engagement rate on LinkedIn", "%", Decimal("2.5")),
    Channel.X: ("engagement rate on X", "%", Decimal("1.0")),
    Channel.INSTAGRAM: ("engagement rate on Instagram", "%", Decimal("2.0")),
    Channel.FACEBOOK: ("engagement rate on Facebook", "%", Decimal("1.0")),
    Channel.EMAIL: ("email open rate", "%", Decimal("35")),
    Channel.GOOGLE_ADS: ("search ad click-through rate (CTR)", "%", Decimal("5.0")),
    Channel.META_ADS: ("Meta ad click-through rate (CTR)", "%", Decimal("1.2")),
    Channel.BLOG: ("average engaged time per article", "seconds", Decimal("75")),
    Channel.SHORT_VIDEO: ("short-video watch-through rate", "%", Decimal("25")),
}


def measurement(f: Facts) -> Measurement:
    rng = f.rng("kpis")
    lagging = derive_kpis(f.brief, rng)
    leading = [_leading(f, c, Decimal(rng.randint(90, 110)) / 100) for c in f.channels]
    return Measurement(
        kpis=[*lagging, *leading],
        leading_indicators=[k.name for k in leading],
        lagging_indicators=[k.name for k in lagging],
        review_cadence=review_cadence(f, lagging, leading),
    )


def _leading(f: Facts, channel: Channel, jitter: Decimal) -> Kpi:
    name, unit, base = _LEADING[channel]
    step = Decimal(1) if unit == "seconds" else Decimal("0.1")
    return Kpi(name=name, target=(base * jitter).quantize(step), unit=unit,
               timeframe_weeks=min(2, f.brief.duration_weeks), kind="leading")


def review_cadence(f: Facts, lagging: list[Kpi], leading: list[Kpi]) -> str:
    b, weeks = f.brief, f.brief.duration_weeks
    early = join_words([k.name for k in leading])
    late = join_words([k.name for k in lagging])
    if weeks <= 2:
        return (f"Daily checks of {early} during the {weeks}-week flight, with budget moved "
                f"between channels the same day; one closing review with {b.client_name} of "
                f"{late}.")
    when = (f"at mid-campaign (week {weeks // 2}) and in the final report (week {weeks})"
            if weeks >= 4 else f"in the final report (week {weeks})")
    text = (f"Weekly optimisation every Monday: the team reads {early}, pauses what "
            f"underperforms and moves budget to what works. {late[:1].upper()}{late[1:]} are "
            f"reviewed with {b.client_name} {when}.")
    if weeks >= 10:
        text += " A monthly steering review with the client checks spend against plan."
    if weeks > 26:
        text += " A quarterly business review resets targets for the next quarter."
    return text


def timeline(f: Facts) -> list[Milestone]:
    """Kickoff to final report, dated inside the window [start, start + weeks - 1 day]."""
    b, weeks = f.brief, f.brief.duration_weeks
    channels = channel_words(f.channels)
    days = [(0, f"Kickoff: {b.brand} and the agency sign off the {f.offer} plan, tracking "
                f"and the call to action on {b.domain}")]
    if f.regulated:
        days.append((1, f"Compliance sign-off: {b.brand}'s compliance owner approves every asset, "
                        "warning and disclaimer before anything is published"))
    days.append((2, f"Launch on {channels} for {f.aud}"))
    mid = weeks // 2
    if weeks >= 3 and mid != 2:
        days.append((13, "First optimisation pass: leading indicators read and budget "
                         "shifted toward the best-performing channel"))
    if weeks >= 4:
        days.append((7 * mid - 1, f"Mid-campaign review of "
                                  f"{plural(len(b.objectives), 'objective')} "
                                  "with the client; creative refreshed where fatigue shows"))
    if weeks >= 10:
        days += [(7 * w - 1, f"Monthly review of spend against plan, week {w}")
                 for w in range(4, weeks, 4) if w != mid]
    days.append((7 * weeks - 1, f"Final report to {b.client_name} on "
                                + join_words([o.lower() for o in b.objectives])))
    return [Milestone(week=day // 7 + 1, on=b.start_date + timedelta(days=day), name=name)
            for day, name in sorted(days, key=lambda d: d[0])]
