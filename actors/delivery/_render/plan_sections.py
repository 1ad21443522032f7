"""The plan's sections as an outline: channels, constraints, measurement, timeline, next steps."""

from __future__ import annotations

from datetime import timedelta

from actors._text import plural
from contracts.delivery import BuildPack
from contracts.money import format_money
from contracts.qc import CheckStatus
from contracts.strategy import ChannelPlan

from .._pack_names import channel_file
from .dates import long_date
from .outline import Block, Bullets, Para, Section, Sub, Table, labelled
from .strategy_sections import (
    audience,
    business_reality,
    executive_summary,
    market_truth,
    narrative,
    value_architecture,
)


def _plan_table(cmd: BuildPack) -> Table:
    rows = [(p.channel.label, p.role, p.cadence or f"{p.posts_per_week}/week",
             f"{p.budget_share_pct}%", format_money(p.budget, cmd.brief.currency))
            for p in cmd.strategy.channel_plan]
    return Table(("Channel", "Role", "Cadence", "Share", "Budget"),
                 rows, (1.3, 2.6, 1.5, 0.8, 1.2))


def _plan_detail(cmd: BuildPack, plan: ChannelPlan) -> list[Block]:
    weeks, budget = cmd.brief.duration_weeks, format_money(plan.budget, cmd.brief.currency)
    total = plan.posts_per_week * weeks
    if total:
        line = (f"{plural(plan.posts_per_week, 'publication')} a week for "
                f"{plural(weeks, 'week')} is about "
                f"{total} in all, on a budget of {budget} ({plan.budget_share_pct}% of the "
                f"total), about {format_money(plan.budget / total, cmd.brief.currency)} each.")
    else:
        line = (f"Runs {plan.cadence or 'continuously'} for {plural(weeks, 'week')} on a budget of "
                f"{budget} ({plan.budget_share_pct}% of the total).")
    tactics: list[Block] = ([Para("", label="Tactics"), Bullets(list(plan.tactics))]
                            if plan.tactics else [])
    return [Sub(plan.channel.label), Para(plan.role, label="Role"), Para(line), *tactics,
            Para(_in_this_pack(cmd, plan), label="In this pack")]


def _in_this_pack(cmd: BuildPack, plan: ChannelPlan) -> str:
    ids = [a.asset_id for a in cmd.assets if a.channel is plan.channel]
    days = sorted(e.day for e in cmd.calendar if e.channel is plan.channel)
    text = (f"{plural(len(ids), 'asset')} ({', '.join(ids)})" if ids else "no assets yet") + "; "
    if not days:
        return text + "no calendar slots."
    return (text + f"{plural(len(days), 'calendar slot')} from {long_date(days[0])} "
            f"to {long_date(days[-1])}. The copy is in {channel_file(plan.channel)}.")


def channel_strategy(cmd: BuildPack) -> Section:
    blocks: list[Block] = [
        Para("Each channel has one job. Budget shares add up to 100% of the campaign budget."),
        _plan_table(cmd),
    ]
    for plan in cmd.strategy.channel_plan:
        blocks += _plan_detail(cmd, plan)
    return Section("channels", "Channel strategy", blocks)


def constraints(cmd: BuildPack) -> Section:
    rules, b = cmd.strategy.constraints, cmd.brief
    intro = f"The rules below apply to {b.industry} in {b.geography}."
    if b.regulated:
        intro += (" This is a regulated industry: every claim needs substantiation on file "
                  "and sign-off before it is published.")
    blocks: list[Block] = [
        Para(intro),
        *labelled("Compliance", list(rules.compliance)),
        *labelled("Forbidden claims", list(rules.forbidden_claims)),
        *labelled("Brand voice", list(rules.brand_voice)),
        *labelled("Channels left out of the plan", list(rules.excluded_channels)),
    ]
    if b.compliance_notes.strip():
        blocks.append(Para(b.compliance_notes.strip(), label="Notes from the brief"))
    return Section("constraints", "Constraints", blocks)


def measurement(cmd: BuildPack) -> Section:
    m = cmd.strategy.measurement
    rows = [(k.name, k.kind, str(k.target), k.unit, plural(k.timeframe_weeks, "week"))
            for k in m.kpis]
    return Section("measurement", "Measurement", [
        Para("Leading KPIs tell us early whether the plan is working; lagging KPIs tell us "
             "whether it paid off."),
        Table(("KPI", "Kind", "Target", "Unit", "Timeframe"), rows, (2.6, 1, 1, 1.3, 1.2)),
        *labelled("Leading indicators", list(m.leading_indicators)),
        *labelled("Lagging indicators", list(m.lagging_indicators)),
        *([Para(m.review_cadence, label="Review cadence")] if m.review_cadence else []),
    ])


def timeline(cmd: BuildPack) -> Section:
    b = cmd.brief
    end = b.start_date + timedelta(weeks=b.duration_weeks) - timedelta(days=1)
    rows = [(str(m.week), long_date(m.on), m.name) for m in cmd.strategy.timeline]
    return Section("timeline", "Implementation timeline", [
        Para(f"The campaign runs from {long_date(b.start_date)} to {long_date(end)}."),
        Table(("Week", "Date", "Milestone"), rows, (0.7, 1.6, 4.5)),
    ])


def next_steps(cmd: BuildPack) -> list[str]:
    """What the client does with this pack, in order; shared by the PDF, deck and page."""
    open_items = len(cmd.qc.failures) + sum(c.status is CheckStatus.WARN for c in cmd.qc.checks)
    steps = [f"Review strategy version {cmd.strategy_version} and the creative in channels/; "
             "approve it or send changes."]
    if open_items:
        steps.append(f"Settle the {plural(open_items, 'open quality-control item')} listed in "
                     "qc_report.html before anything is published.")
    if cmd.calendar:
        first = min(cmd.calendar, key=lambda e: (e.day, e.channel.value))
        steps.append(f"Import calendar.ics into the team calendar; the first publication is "
                     f"{first.asset_id} on {first.channel.label}, "
                     f"{long_date(first.day)}.")
    kpis = ", ".join(k.name for k in cmd.strategy.kpis)
    steps.append(f"Set up tracking for {kpis} before launch on {long_date(cmd.brief.start_date)}.")
    steps += [f"Week {m.week} ({long_date(m.on)}): {m.name}." for m in cmd.strategy.timeline]
    return steps


def _next_steps_section(cmd: BuildPack) -> Section:
    cadence = cmd.strategy.measurement.review_cadence
    return Section("next", "Next steps", [
        Bullets(next_steps(cmd), numbered=True),
        *([Para(cadence, label="Reviews")] if cadence else []),
    ])


def strategy_outline(cmd: BuildPack) -> list[Section]:
    """The strategy document's sections, from the executive summary to the next steps."""
    builders = (executive_summary, business_reality, market_truth, audience,
                value_architecture, narrative, channel_strategy, constraints, measurement,
                timeline, _next_steps_section)
    return [build(cmd) for build in builders]
