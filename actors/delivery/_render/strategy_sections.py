"""The strategy's sections as an outline: summary, business, market, audience, value, story."""

from __future__ import annotations

from collections import Counter

from actors._text import plural
from contracts.delivery import BuildPack
from contracts.money import format_money

from .dates import long_date
from .outline import Block, Bullets, Para, Section, Sub, labelled


def _summary_facts(cmd: BuildPack) -> Para:
    b, doc = cmd.brief, cmd.strategy
    return Para(
        f"{doc.brand} runs a campaign of {plural(b.duration_weeks, 'week')} in {b.geography}, "
        f"starting {long_date(b.start_date)}, "
        f"with a budget of {format_money(b.budget, b.currency)}. "
        f"The offer is {b.offer.rstrip('.')}. The campaign speaks to {doc.audience.rstrip('.')}."
    )


def _summary_plan(cmd: BuildPack) -> list[Block]:
    doc = cmd.strategy
    lead = max(doc.channel_plan, key=lambda p: (p.budget_share_pct, p.channel.value))
    names = ", ".join(p.channel.label for p in doc.channel_plan)
    kpi = doc.kpis[0]
    return [
        Para(f"The plan runs on {plural(len(doc.channel_plan), 'channel')}: {names}. The largest "
             f"share of budget, {lead.budget_share_pct}%, goes to {lead.channel.label}, "
             f"whose role is {lead.role.rstrip('.')}."),
        Para(f"Success is measured by {plural(len(doc.kpis), 'KPI')}, led by {kpi.name}: "
             f"{kpi.target} {kpi.unit} within {plural(kpi.timeframe_weeks, 'week')}."),
        Para(f"This pack holds {plural(len(cmd.assets), 'ready-to-publish asset')} and a "
             f"{len(cmd.calendar)}-entry content calendar. Quality control rated the creative "
             f"{cmd.qc.status.value} with a score of {cmd.qc.score}/100 after "
             f"{plural(cmd.qc.round, 'revision round')}."),
    ]


def executive_summary(cmd: BuildPack) -> Section:
    doc = cmd.strategy
    blocks: list[Block] = [
        _summary_facts(cmd),
        Para(doc.positioning, label="Positioning", quote=True),
        *labelled("Objectives from the brief", list(cmd.brief.objectives)),
        *_summary_plan(cmd),
        Para(doc.call_to_action, label="Call to action"),
    ]
    return Section("summary", "Executive summary", blocks)


def business_reality(cmd: BuildPack) -> Section:
    biz, b = cmd.strategy.business, cmd.brief
    weekly = b.budget / b.duration_weeks
    posts = sum(p.posts_per_week for p in cmd.strategy.channel_plan) * b.duration_weeks
    economics = (f"The budget of {format_money(b.budget, b.currency)} over "
                 f"{plural(b.duration_weeks, 'week')} "
                 f"is about {format_money(weekly, b.currency)} a week.")
    if posts:
        economics += (f" The channel plan schedules about {plural(posts, 'publication')} in "
                      "that time, "
                      f"roughly {format_money(b.budget / posts, b.currency)} per publication.")
    return Section("business", "Business reality", [
        Para(biz.model, label="Business model"),
        Para(biz.offer, label="Offer"),
        Para(biz.revenue_logic, label="Revenue logic"),
        Sub("Budget and economics"),
        Para(economics),
    ])


def market_truth(cmd: BuildPack) -> Section:
    market, b = cmd.strategy.market, cmd.brief
    return Section("market", "Market truth", [
        Para(market.category, label="Category"),
        Para(f"The campaign competes in {b.geography} for the attention of "
             f"{b.target_audience.rstrip('.')}. The buyer can always choose one of the "
             f"alternatives below, including doing nothing, so every asset has to earn "
             f"the switch."),
        *labelled("Competitors and alternatives", list(market.alternatives)),
        *labelled("What not to do in this market", list(market.avoid)),
    ])


def audience(cmd: BuildPack) -> Section:
    doc = cmd.strategy
    blocks: list[Block] = [
        Para(doc.audience, label="Audience"),
        Para(f"We plan for {len(doc.personas)} personas. Each asset should make at least one "
             f"of them feel understood: name a pain, offer a motivation, answer an objection."),
    ]
    for persona in doc.personas:
        blocks += [
            Sub(f"{persona.name} — {persona.role}"),
            Para("", label="Pains"), Bullets(list(persona.pains)),
            Para("", label="Motivations"), Bullets(list(persona.motivations)),
            Para("", label="Objections"), Bullets(list(persona.objections)),
        ]
    return Section("audience", "Audience and personas", blocks)


def value_architecture(cmd: BuildPack) -> Section:
    value = cmd.strategy.value
    return Section("value", "Value architecture", [
        Para(value.positioning, label="Positioning statement", quote=True),
        *labelled("Proof points", list(value.proof_points)),
        *labelled("Differentiators", list(value.differentiators)),
    ])


def _pillar_lines(cmd: BuildPack) -> list[str]:
    carried = Counter(a.pillar for a in cmd.assets)
    return [f"{pillar} — carried by {plural(carried[pillar], 'asset')}"
            for pillar in cmd.strategy.narrative.pillars]


def narrative(cmd: BuildPack) -> Section:
    story = cmd.strategy.narrative
    return Section("narrative", "Narrative", [
        Para(story.problem, label="Problem"),
        Para(story.resolution, label="Resolution"),
        Sub("Messaging pillars"),
        Bullets(_pillar_lines(cmd), numbered=True),
        *labelled("Tagline options", list(story.taglines)),
    ])
