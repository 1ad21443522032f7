"""The report's charts: matplotlib figures rendered to inline SVG strings.

Rendering is deterministic: a fixed hash salt for element ids, no date in the metadata,
text kept as text (no font outlines that vary with the installed fonts' versions), and no
mathtext, so a "$" in a step name is just a character. Same figures, same bytes.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib

matplotlib.use("Agg")  # headless, and chosen before pyplot is imported

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from matplotlib.typing import RcKeyType

from contracts.reporting import Revenue, StepLatency

_STYLE: dict[RcKeyType, object] = {
    "svg.fonttype": "none",
    "text.parse_math": False,
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
OUTCOME_COLORS = {"delivered": "#2f855a", "compensated": "#b7791f", "rejected": "#718096",
                  "cancelled": "#4a5568", "compensation_failed": "#c53030"}
_ACCENT, _LIGHT, _DARK = "#1d4e89", "#90b4e0", "#0b2545"


@contextmanager
def _figure(name: str, width: float, height: float) -> Iterator[tuple[Figure, Axes]]:
    # A salt per chart: the charts share one HTML page, so their element ids must differ.
    style: dict[RcKeyType, object] = {**_STYLE, "svg.hashsalt": f"aicmo-reporting-{name}"}
    with matplotlib.rc_context(style), warnings.catch_warnings():
        # A character the bundled font lacks still renders (as text, by the browser).
        warnings.filterwarnings("ignore", message=r"Glyph .* missing", category=UserWarning)
        fig, ax = plt.subplots(figsize=(width, height))
        try:
            yield fig, ax
        finally:
            plt.close(fig)  # pyplot keeps every open figure alive otherwise


def _svg(fig: Figure, name: str) -> str:
    buffer = io.StringIO()
    fig.tight_layout()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    # Inline in HTML: drop the XML prolog and doctype, keep the <svg> element; and prefix
    # every id (matplotlib numbers its groups patch_1, text_1, ... in every chart) so ids
    # stay unique across the page's charts.
    text = text[text.index("<svg"):].strip()
    text = re.sub(r'\bid="', f'id="{name}-', text)
    return text.replace("url(#", f"url(#{name}-").replace('href="#', f'href="#{name}-')


def _legend(ax: Axes) -> None:
    # Above the plot, right-aligned: never on top of a bar.
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=3, frameon=False)


def outcomes_chart(outcomes: dict[str, int]) -> str:
    """Campaigns per outcome, one bar each."""
    with _figure("outcomes", 6.4, 2.8) as (fig, ax):
        names = list(outcomes)
        bars = ax.bar(names, [outcomes[n] for n in names],
                      color=[OUTCOME_COLORS.get(n, _ACCENT) for n in names])
        ax.bar_label(bars, fmt="{:g}", padding=2, fontsize=8)
        ax.set_ylabel("campaigns")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # campaigns are whole
        ax.set_title("Campaigns by outcome")
        ax.set_xticks(range(len(names)), [n.replace("_", " ") for n in names])
        return _svg(fig, "outcomes")


def qc_chart(buckets: dict[str, int]) -> str:
    """Campaigns per QC score band."""
    with _figure("qc", 6.4, 2.8) as (fig, ax):
        names = list(buckets)
        bars = ax.bar(names, [buckets[n] for n in names], color=_ACCENT)
        ax.bar_label(bars, fmt="{:g}", padding=2, fontsize=8)
        ax.set_xlabel("QC score")
        ax.set_ylabel("campaigns")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # campaigns are whole
        ax.set_title("QC score distribution")
        return _svg(fig, "qc")


def latency_chart(latency: list[StepLatency]) -> str | None:
    """p50 / p90 / p99 seconds per step, as grouped horizontal bars in saga order."""
    if not latency:
        return None
    with _figure("latency", 6.4, 1.2 + 0.42 * len(latency)) as (fig, ax):
        rows = list(reversed(latency))  # first step at the top
        height = 0.26
        for offset, name, color in ((height, "p50", _LIGHT), (0.0, "p90", _ACCENT),
                                    (-height, "p99", _DARK)):
            ax.barh([i + offset for i in range(len(rows))],
                    [getattr(r, name) for r in rows], height=height, color=color, label=name)
        ax.set_yticks(range(len(rows)), [f"{r.step} ({r.module})" for r in rows])
        ax.set_xlabel("seconds")
        ax.set_title("Step latency", loc="left")
        _legend(ax)
        return _svg(fig, "latency")


def revenue_chart(revenue: list[Revenue]) -> str | None:
    """Invoiced vs outstanding per currency (each bar in its own currency)."""
    if not revenue:
        return None
    with _figure("revenue", 6.4, 2.8) as (fig, ax):
        width = 0.38
        places = range(len(revenue))
        for shift, name, color in ((-width / 2, "invoiced", _ACCENT),
                                   (width / 2, "outstanding", "#c05621")):
            bars = ax.bar([i + shift for i in places],
                          [float(getattr(r, name)) for r in revenue],
                          width=width, color=color, label=name)
            ax.bar_label(bars, fmt="{:,.0f}", padding=2, fontsize=8)
        ax.set_xticks(list(places), [r.currency for r in revenue])
        ax.set_ylabel("amount")
        ax.set_title("Revenue: invoiced vs outstanding", loc="left")
        _legend(ax)
        return _svg(fig, "revenue")
