"""deck.pptx content: one function per slide, each with speaker notes that carry the detail."""

from __future__ import annotations

from collections import Counter

from pptx.presentation import Presentation as Deck
from pptx.util import Inches, Pt

from actors._text import plural
from contracts.delivery import BuildPack
from contracts.money import format_money
from contracts.production import Asset
from contracts.qc import CheckStatus
from contracts.strategy import Persona

from .._pack_names import channel_file
from .dates import long_date
from .deck_pptx import (
    MUTED,
    add_column,
    add_panel,
    add_slide,
    add_table,
    add_text,
    body_box,
    clip,
    new_deck,
    save_deck,
    title_shape,
)
from .outline import asset_fields, asset_heading
from .plan_sections import next_steps


def _title(deck: Deck, cmd: BuildPack) -> None:
    doc, b = cmd.strategy, cmd.brief
    notes = (f"Welcome. This deck walks {b.client_name} through strategy version "
             f"{cmd.strategy_version} for {doc.brand}: {plural(b.duration_weeks, 'week')} in "
             f"{b.geography} from {long_date(b.start_date)}, "
             f"budget {format_money(b.budget, b.currency)}. "
             "Everything here is also in strategy.pdf, with the full copy in its appendix.")
    slide = add_slide(deck, doc.brand, notes)
    title = title_shape(slide)
    title.top, title.height = Inches(2.0), Inches(1.4)
    title.text_frame.paragraphs[0].font.size = Pt(48)
    add_text(slide, ["Campaign strategy"], body_box(top=Inches(3.4)), size=28, bullet=False)
    lines = [f"Prepared for {b.client_name}", long_date(cmd.prepared_at.date()), "Confidential"]
    add_text(slide, lines, body_box(top=Inches(4.4)), size=18, bullet=False, color=MUTED)


def _summary(deck: Deck, cmd: BuildPack) -> None:
    doc, b = cmd.strategy, cmd.brief
    lines = [f"{plural(b.duration_weeks, 'week')} in {b.geography} from {long_date(b.start_date)}",
             f"Budget {format_money(b.budget, b.currency)} across "
             f"{plural(len(doc.channel_plan), 'channel')}",
             *(f"Objective: {o}" for o in b.objectives[:4]),
             f"Call to action: {doc.call_to_action}"]
    notes = (f"The offer: {b.offer}. The audience: {doc.audience}. Objectives: "
             f"{'; '.join(b.objectives)}. Every asset ends on one call to action: "
             f"{doc.call_to_action}.")
    add_text(add_slide(deck, "The campaign at a glance", notes), [clip(x, 110) for x in lines],
             body_box())


def _positioning(deck: Deck, cmd: BuildPack) -> None:
    value = cmd.strategy.value
    notes = (f"Positioning: {value.positioning} Proof points: {'; '.join(value.proof_points)}. "
             f"Differentiators: {'; '.join(value.differentiators)}.")
    slide = add_slide(deck, "Positioning", notes)
    add_text(slide, [clip(value.positioning, 260)], body_box(), size=22, bullet=False)
    add_column(slide, "Proof points", [clip(p, 90) for p in value.proof_points[:5]],
               body_box(0.0, 0.48, Inches(3.4)))
    add_column(slide, "Differentiators", [clip(d, 90) for d in value.differentiators[:5]],
               body_box(0.52, 0.48, Inches(3.4)))


def _market(deck: Deck, cmd: BuildPack) -> None:
    biz, market = cmd.strategy.business, cmd.strategy.market
    notes = (f"Business model: {biz.model}. Offer: {biz.offer}. Revenue logic: "
             f"{biz.revenue_logic}. Category: {market.category}. Alternatives the buyer has: "
             f"{'; '.join(market.alternatives)}. What we will not do: {'; '.join(market.avoid)}.")
    slide = add_slide(deck, "Business and market", notes)
    left = [f"Model: {biz.model}", f"Offer: {biz.offer}", f"Revenue: {biz.revenue_logic}",
            f"Category: {market.category}"]
    add_text(slide, [clip(x, 120) for x in left], body_box(0.0, 0.5))
    add_column(slide, "Alternatives", [clip(x, 80) for x in market.alternatives[:4]],
               body_box(0.54, 0.46))
    add_column(slide, "Avoid", [clip(x, 80) for x in market.avoid[:3]],
               body_box(0.54, 0.46, Inches(4.3)))


def _persona(deck: Deck, persona: Persona) -> None:
    notes = (f"{persona.name}, {persona.role}. Pains: {'; '.join(persona.pains)}. Motivations: "
             f"{'; '.join(persona.motivations)}. Objections we must answer: "
             f"{'; '.join(persona.objections)}.")
    slide = add_slide(deck, f"Persona: {persona.name} — {persona.role}", notes)
    columns = (("Pains", persona.pains), ("Motivations", persona.motivations),
               ("Objections", persona.objections))
    for i, (label, items) in enumerate(columns):
        add_column(slide, label, [clip(x, 70) for x in items[:5]], body_box(i / 3, 0.31))


def _pillars(deck: Deck, cmd: BuildPack) -> None:
    story = cmd.strategy.narrative
    carried = Counter(a.pillar for a in cmd.assets)
    notes = (f"Problem: {story.problem} Resolution: {story.resolution} Each asset carries one "
             f"pillar. Tagline options: {'; '.join(story.taglines)}.")
    slide = add_slide(deck, "Narrative and messaging pillars", notes)
    lines = [f"Problem: {story.problem}", f"Resolution: {story.resolution}",
             *(f"Pillar {i}: {p} ({plural(carried[p], 'asset')})"
               for i, p in enumerate(story.pillars, 1)),
             f"Tagline: {story.taglines[0]}"]
    add_text(slide, [clip(x, 110) for x in lines[:9]], body_box())


def _channels(deck: Deck, cmd: BuildPack) -> None:
    plans = cmd.strategy.channel_plan
    notes = " ".join(f"{p.channel.label}: {p.role}; {p.cadence or p.posts_per_week}"
                     f" per week; {p.budget_share_pct}% of budget." for p in plans)
    rows = [(p.channel.label, p.role, p.cadence or f"{p.posts_per_week}/week",
             f"{p.budget_share_pct}%", format_money(p.budget, cmd.brief.currency)) for p in plans]
    add_table(add_slide(deck, "Channel plan", notes),
              ("Channel", "Role", "Cadence", "Share", "Budget"), rows, (1.3, 3, 1.4, 0.8, 1.5))


def _kpis(deck: Deck, cmd: BuildPack) -> None:
    m = cmd.strategy.measurement
    notes = (f"Leading indicators: {'; '.join(m.leading_indicators) or 'none named'}. Lagging "
             f"indicators: {'; '.join(m.lagging_indicators) or 'none named'}. "
             f"Review cadence: {m.review_cadence or 'weekly'}.")
    rows = [(k.name, k.kind, str(k.target), k.unit, plural(k.timeframe_weeks, "week"))
            for k in m.kpis]
    add_table(add_slide(deck, "KPIs and targets", notes),
              ("KPI", "Kind", "Target", "Unit", "Timeframe"), rows, (3, 1, 1, 1.2, 1.2))


def _timeline(deck: Deck, cmd: BuildPack) -> None:
    stones = cmd.strategy.timeline
    notes = "Milestones: " + "; ".join(f"week {m.week}, {long_date(m.on)}: {m.name}"
                                       for m in stones) + "."
    rows = [(str(m.week), long_date(m.on), m.name) for m in stones]
    add_table(add_slide(deck, "Implementation timeline", notes), ("Week", "Date", "Milestone"),
              rows, (0.8, 2, 5))


def _calendar(deck: Deck, cmd: BuildPack) -> None:
    per = Counter(e.channel for e in cmd.calendar)
    days = sorted(e.day for e in cmd.calendar)
    span = f"{long_date(days[0])} to {long_date(days[-1])}" if days else "no dates yet"
    lines = [f"{plural(len(cmd.calendar), 'scheduled publication')}, {span}",
             *(f"{c.label}: {n}" for c, n in per.most_common(8))]
    notes = (f"The calendar has {plural(len(cmd.calendar), 'entry', 'entries')}, no two for "
             "one channel on one day. "
             "Import calendar.ics into a calendar app, or open calendar.csv in a spreadsheet.")
    add_text(add_slide(deck, "Content calendar", notes), lines, body_box())


def _sample(deck: Deck, cmd: BuildPack, asset: Asset) -> None:
    fields = dict(asset_fields(asset))
    notes = (f"Sample {asset.channel.label} asset {asset.asset_id} ({asset.kind}), "
             f"carrying the pillar '{asset.pillar}'. Full copy: {asset.body} — CTA: {asset.cta}. "
             f"Every {asset.channel.label} asset is in {channel_file(asset.channel)}.")
    slide = add_slide(deck, f"Sample creative: {asset.channel.label}", notes)
    lines = [asset_heading(asset)]
    for label in ("Subject", "Preheader", "Headlines", "Descriptions", "Hook"):
        value = fields.get(label)
        if value:
            lines.append(f"{label}: {' | '.join(value) if isinstance(value, list) else value}")
    add_text(slide, [clip(x, 120) for x in lines], body_box(top=Inches(1.35)), size=16,
             bullet=False, color=MUTED)
    copy = [clip(line, 140) for line in asset.body.splitlines() if line.strip()]
    shown = copy[:9] + (["…"] if len(copy) > 9 else [])
    left, _, width, _ = body_box()
    add_panel(slide, [*shown, f"CTA: {asset.cta}"], (left, Inches(3.0), width, Inches(4.0)))



def _quality(deck: Deck, cmd: BuildPack) -> None:
    qc = cmd.qc
    flagged = [c for c in qc.checks if c.status is not CheckStatus.PASS]
    lines = [f"Status {qc.status.value}, score {qc.score}/100, {plural(len(qc.checks), 'check')}, "
             f"revision round {qc.round}",
             *(f"{c.status.value} {c.severity.value} {c.check_id}: {c.evidence}"
               for c in flagged[:5])]
    notes = ("Quality control ran every rule over the real copy. " + " ".join(
        f"{c.check_id} ({c.asset_id or 'all'}): {c.evidence} Fix: {c.fix}" for c in flagged)
        + " The full list is in qc_report.html.")
    add_text(add_slide(deck, "Quality control", notes), [clip(x, 120) for x in lines],
             body_box())


def _next(deck: Deck, cmd: BuildPack) -> None:
    steps = next_steps(cmd)
    notes = "Next steps: " + " ".join(f"{i}. {s}" for i, s in enumerate(steps, 1))
    add_text(add_slide(deck, "Next steps", notes), [clip(s, 120) for s in steps[:7]], body_box())


def render_deck(cmd: BuildPack) -> bytes:
    """10-30 slides: the plan, one sample per channel, quality and next steps."""
    deck = new_deck()
    for build in (_title, _summary, _positioning, _market):
        build(deck, cmd)
    for persona in cmd.strategy.personas:
        _persona(deck, persona)
    for build in (_pillars, _channels, _kpis, _timeline, _calendar):
        build(deck, cmd)
    for channel in dict.fromkeys(a.channel for a in cmd.assets):
        _sample(deck, cmd, next(a for a in cmd.assets if a.channel is channel))
    _quality(deck, cmd)
    _next(deck, cmd)
    return save_deck(deck, cmd)
