"""The plain-text files: strategy.md, channels/<channel>.md and README.txt."""

from __future__ import annotations

import re
import textwrap

from contracts.common import Channel
from contracts.delivery import BuildPack
from contracts.money import format_money
from contracts.production import Asset

from .._pack_names import channel_file
from . import outline as o
from .dates import long_date, weekday
from .markdown import md_cell, md_code, md_text
from .plan_sections import strategy_outline


def _md_table(block: o.Table) -> list[str]:
    lines = ["| " + " | ".join(md_cell(h) for h in block.header) + " |",
             "|" + "---|" * len(block.header)]
    return lines + ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in block.rows]


def _md_block(block: o.Block) -> list[str]:
    if isinstance(block, o.Sub):
        return [f"{'####' if block.minor else '###'} {md_cell(block.text)}", ""]
    if isinstance(block, o.Table):
        return [*_md_table(block), ""]
    if isinstance(block, o.Bullets):
        marks = [f"{i}." if block.numbered else "-" for i in range(1, len(block.items) + 1)]
        items = [f"{m} {md_text(' '.join(t.split()))}" for m, t in zip(marks, block.items,
                                                                       strict=True)]
        return [*items, ""]
    text = md_text(block.text)
    if block.label:
        text = f"**{md_cell(block.label)}.** {text}".rstrip()
    if block.quote:  # every line marked, so no viewer ends the quote early
        text = "\n".join(f"> {line}" for line in text.split("\n"))
    return [text, ""]


def md_sections(sections: list[o.Section]) -> list[str]:
    lines: list[str] = []
    for section in sections:
        lines += [f"## {md_cell(section.title)}", ""]
        for block in section.blocks:
            lines += _md_block(block)
    return lines


def _header(cmd: BuildPack, title: str) -> list[str]:
    return [f"# {md_cell(cmd.strategy.brand)} — {title}", "",
            f"Prepared for {md_cell(cmd.brief.client_name)} · "
            f"{long_date(cmd.prepared_at.date())} · Confidential", "",
            f"Campaign {md_code(cmd.campaign_id)} · strategy {md_code(cmd.strategy_id)} "
            f"version {cmd.strategy_version}", ""]


def render_strategy_md(cmd: BuildPack) -> bytes:
    """The strategy as a document a client can read without tooling."""
    lines = _header(cmd, "Campaign strategy")
    lines += md_sections(strategy_outline(cmd))
    lines += ["---", "", "The creative is in `channels/`, the schedule in `calendar.csv` and "
              "`calendar.ics`, and the full quality-control report in `qc_report.html`."]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _fenced(text: str) -> list[str]:
    """The published copy verbatim, in a fence longer than any backtick run inside it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}text", text, fence]


def _asset_md(asset: Asset) -> list[str]:
    lines = [f"## {md_cell(o.asset_heading(asset))}", ""]
    for label, value in o.asset_fields(asset):
        if isinstance(value, list):
            lines += [f"**{label}:**", "", *[f"- {md_text(v)}" for v in value], ""]
        elif label == "Body":
            lines += [f"**{label}:**", "", *_fenced(value), ""]
        else:
            lines += [f"**{label}:** {md_text(value)}", ""]
    return lines


def _plan_md(cmd: BuildPack, channel: Channel) -> list[str]:
    plan = next((p for p in cmd.strategy.channel_plan if p.channel is channel), None)
    if plan is None:
        return ["This channel is not in the channel plan.", ""]
    return [f"**Role:** {md_text(plan.role)}", "",
            f"**Cadence:** {md_text(plan.cadence or f'{plan.posts_per_week} per week')}", "",
            f"**Budget:** {md_cell(format_money(plan.budget, cmd.brief.currency))} "
            f"({plan.budget_share_pct}%)", "",
            *[f"- {md_text(t)}" for t in plan.tactics], ""]


def _calendar_md(cmd: BuildPack, channel: Channel) -> list[str]:
    rows = [(e.day.isoformat(), weekday(e.day), e.asset_id, e.hook)
            for e in cmd.calendar if e.channel is channel]
    if not rows:
        return []
    return ["## Schedule", "", *_md_table(o.Table(("Date", "Day", "Asset", "Hook"), rows)), ""]


def channel_files(cmd: BuildPack) -> dict[str, bytes]:
    """One Markdown file per channel with the plan, every asset verbatim and its schedule."""
    planned = [p.channel for p in cmd.strategy.channel_plan]
    files: dict[str, bytes] = {}
    for channel in dict.fromkeys(planned + [a.channel for a in cmd.assets]):
        lines = _header(cmd, channel.label) + _plan_md(cmd, channel)
        for asset in (a for a in cmd.assets if a.channel is channel):
            lines += _asset_md(asset)
        lines += _calendar_md(cmd, channel)
        files[channel_file(channel)] = ("\n".join(lines).rstrip() + "\n").encode("utf-8")
    return files


_ABOUT = {
    "index.html": "The whole pack on one page, linking to every file. Open in a web browser.",
    "strategy.pdf": "The strategy document with cover, contents and appendices. Open in any "
                    "PDF reader.",
    "deck.pptx": "Presentation with speaker notes. Open in PowerPoint, Keynote, Google Slides "
                 "or LibreOffice Impress.",
    "strategy.md": "The strategy as plain Markdown. Any text editor.",
    "assets.json": "Every asset, the calendar and the hashtag sets as JSON, for tools.",
    "calendar.csv": "The content calendar as a spreadsheet. Excel, Numbers or Google Sheets.",
    "calendar.ics": "The content calendar as all-day events. Import into Google Calendar, "
                    "Outlook or Apple Calendar.",
    "qc_report.html": "Every quality-control check with evidence and fix. Web browser.",
    "qc_report.json": "The same quality-control report as JSON, for tools.",
    "README.txt": "This file.",
    "manifest.json": "The sha256 and size of every file, to check nothing changed in transit.",
}


def describe(path: str) -> str:
    """What a pack file is and how to open it."""
    channel = {channel_file(c): c for c in Channel}.get(path)
    if channel is None:
        return _ABOUT.get(path, "")
    return f"The {channel.label} copy, ready to paste, with its schedule. Text editor."


def _wrap(path: str, about: str) -> list[str]:
    return textwrap.wrap(about, 78, initial_indent=f"  {path:<25} ",
                         subsequent_indent=" " * 28)


def render_readme(cmd: BuildPack, paths: list[str], generator: str) -> bytes:
    """README.txt: what each file in the pack is and how to open it."""
    lines = [f"{cmd.strategy.brand} — campaign pack",
             f"Prepared for {cmd.brief.client_name} on {long_date(cmd.prepared_at.date())}. "
             "Confidential.", "",
             f"Campaign {cmd.campaign_id}; strategy {cmd.strategy_id} version "
             f"{cmd.strategy_version}; seed {cmd.seed}; generator {generator}.", "",
             *textwrap.wrap("Start with index.html: open it in any web browser. It works "
                            "offline and links to everything below.", 78), "", "FILES", ""]
    for path in sorted({*paths, "README.txt", "index.html", "manifest.json"}):
        lines += _wrap(path, describe(path))
    lines += ["", *textwrap.wrap("The files carry no macros or scripts. To check that none "
                                 "changed, compare each file's sha256 with manifest.json "
                                 "(for example with sha256sum).", 78)]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")
