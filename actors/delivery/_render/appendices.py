"""The appendices as an outline: the creative assets, the content calendar, the QC results."""

from __future__ import annotations

from collections import Counter

from actors._text import plural
from contracts.common import Severity
from contracts.delivery import BuildPack
from contracts.qc import CheckStatus

from .dates import weekday
from .outline import Block, Para, Section, Sub, Table, asset_blocks, labelled, with_hash


def creative_appendix(cmd: BuildPack) -> Section:
    blocks: list[Block] = []
    for channel in dict.fromkeys(a.channel for a in cmd.assets):
        blocks.append(Sub(channel.label))
        for asset in (a for a in cmd.assets if a.channel is channel):
            blocks += asset_blocks(asset)
    if cmd.hashtag_sets:
        blocks.append(Sub("Hashtag sets"))
    for name, tags in sorted(cmd.hashtag_sets.items()):
        blocks.append(Para(" ".join(with_hash(t) for t in tags), label=f"“{name}”"))
    return Section("creative", "Appendix A — Creative assets", blocks)


def calendar_appendix(cmd: BuildPack) -> Section:
    rows = [(e.day.isoformat(), weekday(e.day)[:3], e.channel.label, e.asset_id,
             e.hook) for e in cmd.calendar]
    blocks: list[Block] = [Para(f"{plural(len(rows), 'scheduled publication')}.")]
    if rows:
        blocks.append(Table(("Date", "Day", "Channel", "Asset", "Hook"), rows,
                            (1.1, 0.6, 1.3, 1.2, 3.6)))
    return Section("calendar", "Appendix B — Content calendar", blocks)


def qc_counts(cmd: BuildPack) -> Table:
    counts = Counter((c.severity, c.status) for c in cmd.qc.checks)
    rows = [(s.value, *(str(counts[s, st]) for st in CheckStatus)) for s in Severity]
    return Table(("Severity", *(st.value for st in CheckStatus)), rows)


def qc_appendix(cmd: BuildPack) -> Section:
    qc = cmd.qc
    open_items = [f"[{c.severity.value} {c.status.value}] {c.check_id}"
                  f"{f' ({c.asset_id})' if c.asset_id else ''}: {c.evidence}"
                  f"{f' Fix: {c.fix}' if c.fix else ''}"
                  for c in qc.checks if c.status is not CheckStatus.PASS]
    return Section("qc", "Appendix C — Quality control", [
        Para(f"Status {qc.status.value}, score {qc.score}/100, "
             f"{plural(len(qc.checks), 'check')} run, revision round {qc.round}. "
             "The full list is in qc_report.html."),
        qc_counts(cmd),
        *labelled("Failed or flagged checks", open_items),
    ])


def appendix_outline(cmd: BuildPack) -> list[Section]:
    return [creative_appendix(cmd), calendar_appendix(cmd), qc_appendix(cmd)]
