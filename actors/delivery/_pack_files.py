"""The contents of a delivery pack, rendered as bytes.

Rendering is a pure function of the BuildPack command: no clock, no randomness, canonical
JSON. Same command, same bytes, so a retried delivery produces the same manifest hash.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic_core import to_json

from contracts.delivery import BuildPack
from contracts.strategy import StrategyDoc


def canonical_json(obj: object) -> bytes:
    """Sorted keys, fixed indent, UTF-8; Decimals and dates fall back to their str().

    Byte-for-byte what json.dumps(indent=2, sort_keys=True, ensure_ascii=False) writes,
    but serialized by pydantic-core: the stdlib falls back to pure Python whenever
    `indent` is set, and packs are on the hot path."""
    return to_json(_sorted(obj), indent=2, fallback=str) + b"\n"


def _sorted(value: object) -> object:
    if isinstance(value, dict):
        return {str(k): _sorted(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, (list, tuple)):
        return [_sorted(v) for v in value]
    return value


def _cell(value: object) -> str:
    # A pipe or newline inside a cell would break the Markdown table row.
    return " ".join(str(value).split()).replace("|", "\\|")


def _table(header: tuple[str, ...], rows: list[tuple[object, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


def _money(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def _tag(tag: str) -> str:
    return tag if tag.startswith("#") else f"#{tag}"


def _plan_section(doc: StrategyDoc) -> list[str]:
    rows: list[tuple[object, ...]] = [
        (p.channel.value, p.role, f"{p.budget_share_pct}%", _money(p.budget), p.posts_per_week)
        for p in doc.channel_plan
    ]
    header = ("Channel", "Role", "Share", "Budget", "Posts/week")
    return ["## Channel plan", "", *_table(header, rows), ""]


def _kpi_section(doc: StrategyDoc) -> list[str]:
    rows: list[tuple[object, ...]] = [
        (k.name, k.target, k.unit, f"{k.timeframe_weeks} weeks") for k in doc.kpis
    ]
    return ["## KPIs", "", *_table(("KPI", "Target", "Unit", "Timeframe"), rows), ""]


def _timeline_section(doc: StrategyDoc) -> list[str]:
    rows: list[tuple[object, ...]] = [(m.week, m.on.isoformat(), m.name) for m in doc.timeline]
    return ["## Timeline", "", *_table(("Week", "Date", "Milestone"), rows), ""]


def render_strategy_md(cmd: BuildPack) -> bytes:
    """The strategy as a document a client can read without tooling."""
    doc = cmd.strategy
    lines = [
        f"# {cmd.brand} — Campaign Strategy",
        "",
        f"Prepared for {cmd.client_name}",
        "",
        "## Positioning",
        "",
        doc.positioning,
        "",
        "## Audience",
        "",
        doc.audience,
        "",
        "## Messaging pillars",
        "",
        *[f"{i}. {pillar}" for i, pillar in enumerate(doc.messaging_pillars, start=1)],
        "",
        *_plan_section(doc),
        *_kpi_section(doc),
        *_timeline_section(doc),
        "## Call to action",
        "",
        doc.call_to_action,
        "",
        "## Hashtags",
        "",
        " ".join(_tag(t) for t in doc.hashtags) or "(none)",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_pack(cmd: BuildPack) -> dict[str, bytes]:
    """File name -> bytes for every file in the pack except the manifest."""
    return {
        "strategy.md": render_strategy_md(cmd),
        "assets.json": canonical_json([a.model_dump(mode="json") for a in cmd.assets]),
        "qc.json": canonical_json(cmd.qc.model_dump(mode="json")),
    }
