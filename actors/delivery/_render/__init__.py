"""render_pack: every file of a delivery pack, as bytes, from one BuildPack.

A pure function of the command: same command, same bytes, file for file.
"""

from __future__ import annotations

from contracts.common import Severity
from contracts.delivery import BuildPack
from contracts.qc import CheckStatus

from .._pack_bytes import canonical_json
from .calendar import render_calendar_csv, render_calendar_ics
from .html import render_index_html, render_qc_html
from .text import channel_files, render_readme, render_strategy_md


def assets_json(cmd: BuildPack) -> bytes:
    return canonical_json({
        "campaign_id": cmd.campaign_id,
        "strategy_id": cmd.strategy_id,
        "strategy_version": cmd.strategy_version,
        "assets": [a.model_dump(mode="json") for a in cmd.assets],
        "calendar": [e.model_dump(mode="json") for e in cmd.calendar],
        "hashtag_sets": cmd.hashtag_sets,
    })


def qc_json(cmd: BuildPack) -> bytes:
    counts = {s.value: {st.value: 0 for st in CheckStatus} for s in Severity}
    for check in cmd.qc.checks:
        counts[check.severity.value][check.status.value] += 1
    return canonical_json({"campaign_id": cmd.campaign_id,
                           "report": cmd.qc.model_dump(mode="json"), "counts": counts})


def documents(cmd: BuildPack) -> dict[str, bytes]:
    """strategy.pdf and deck.pptx, the documents of a full pack. Their renderers are imported
    on the first full pack: reportlab and python-pptx add about 18 MiB to a shard that
    builds data packs only."""
    from .deck import render_deck
    from .pdf import render_pdf

    return {"strategy.pdf": render_pdf(cmd), "deck.pptx": render_deck(cmd)}


def render_pack(cmd: BuildPack, generator: str = "deterministic") -> dict[str, bytes]:
    """Pack path -> bytes for every file except manifest.json, which write_pack adds."""
    files = {
        **(documents(cmd) if cmd.formats == "full" else {}),
        "strategy.md": render_strategy_md(cmd),
        "assets.json": assets_json(cmd),
        **channel_files(cmd),
        "calendar.csv": render_calendar_csv(cmd),
        "calendar.ics": render_calendar_ics(cmd),
        "qc_report.html": render_qc_html(cmd),
        "qc_report.json": qc_json(cmd),
    }
    files["README.txt"] = render_readme(cmd, list(files), generator)
    files["index.html"] = render_index_html(cmd, list(files), generator)
    return dict(sorted(files.items()))
