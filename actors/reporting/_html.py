"""The report as one self-contained HTML page: inline CSS and SVG, no scripts, nothing fetched.

A Content Security Policy stops a browser loading or running anything even if some text
slipped through; and every piece of recorded text (reasons, step names, ids) is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from html import escape

from actors._text import plural
from contracts.money import format_money
from contracts.reporting import ReportFigures

_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
        "form-action 'none'")

_CSS = """
:root{--ink:#1f2933;--muted:#616e7c;--accent:#1d4e89;--rule:#cbd2d9;--zebra:#f0f4f8}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink)}
header{background:var(--accent);color:#fff;padding:24px 40px}
header h1{margin:0 0 6px;font-size:28px}header p{margin:2px 0;opacity:.9}
main{max-width:1040px;margin:0 auto;padding:8px 40px 60px}
h2{color:var(--accent);border-bottom:2px solid var(--rule);padding-bottom:4px;margin-top:36px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:12px;
margin:20px 0}
.card{border:1px solid var(--rule);border-radius:8px;padding:10px 14px}
.card .label{color:var(--muted);font-size:13px}.card .value{font-size:22px;font-weight:600}
.card .note{color:var(--muted);font-size:13px}
.alert .value{color:#c53030}
table{border-collapse:collapse;width:100%;margin:10px 0 18px;font-size:14px}
th{background:var(--accent);color:#fff;text-align:left;padding:6px 8px}
td{border-bottom:1px solid var(--rule);padding:6px 8px;vertical-align:top}
tr:nth-child(even) td{background:var(--zebra)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:12px 0}figure svg{max-width:100%;height:auto}
.empty{color:var(--muted);font-style:italic}
"""

_UNDONE = ("compensated", "cancelled", "compensation_failed")


def _t(value: object) -> str:
    return escape(str(value), quote=True)


def money(amount: Decimal, currency: str) -> str:
    """Per the currency's ISO 4217 precision and symbol (contracts.money): "€1,250.00"."""
    return format_money(amount, currency)


def _table(header: tuple[str, ...], rows: Sequence[tuple[object, ...]], numeric: int = 0) -> str:
    """A table of escaped cells; the last `numeric` columns are right-aligned."""
    if not rows:
        return '<p class="empty">None.</p>'
    first_num = len(header) - numeric

    def cls(i: int) -> str:
        return ' class="num"' if i >= first_num else ""

    head = "".join(f"<th{cls(i)}>{_t(h)}</th>" for i, h in enumerate(header))
    body = "".join("<tr>" + "".join(f"<td{cls(i)}>{_t(c)}</td>" for i, c in enumerate(row))
                   + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _chart(svg: str | None, caption: str) -> str:
    if svg is None:
        return f'<p class="empty">No data for the {_t(caption)} chart.</p>'
    return f'<figure role="img" aria-label="{_t(caption)}">{svg}</figure>'


def _card(label: str, value: str, note: str = "", alert: bool = False) -> str:
    extra = f'<div class="note">{_t(note)}</div>' if note else ""
    return (f'<div class="card{" alert" if alert else ""}"><div class="label">{_t(label)}</div>'
            f'<div class="value">{_t(value)}</div>{extra}</div>')


def _share(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.0f}% of campaigns" if whole else ""


def _cards(f: ReportFigures) -> str:
    undone = sum(f.outcomes.get(name, 0) for name in _UNDONE)
    failed = f.outcomes.get("compensation_failed", 0)
    qc = "-" if f.qc.mean is None else f"{f.qc.mean:g}"
    cards = [
        _card("Campaigns", str(f.campaigns)),
        _card("Delivered", str(f.outcomes.get("delivered", 0)),
              _share(f.outcomes.get("delivered", 0), f.campaigns)),
        _card("Undone", str(undone), f"{plural(failed, 'compensation')} failed" if failed else
              "compensated or cancelled", alert=failed > 0),
        _card("Rejected briefs", str(f.outcomes.get("rejected", 0))),
        _card("Mean QC score", qc, f"{f.qc.scored} scored" if f.qc.scored else "none scored"),
    ]
    cards += [_card(f"Invoiced {r.currency}", money(r.invoiced, r.currency),
                    f"outstanding {money(r.outstanding, r.currency)}") for r in f.revenue]
    return f'<section class="cards">{"".join(cards)}</section>'


def _qc_rows(f: ReportFigures) -> list[tuple[object, ...]]:
    q = f.qc
    stats: list[tuple[str, object]] = [("scored campaigns", q.scored), ("not scored", q.unscored)]
    if q.scored:
        stats += [("min", q.min), ("median", f"{q.median:g}"), ("mean", f"{q.mean:g}"),
                  ("max", q.max)]
    return [*stats, *((f"band {band}", n) for band, n in q.buckets.items())]


def _sections(f: ReportFigures, charts: dict[str, str | None]) -> list[str]:
    latency = [(r.step, r.module, r.count, f"{r.p50:.3f}", f"{r.p90:.3f}", f"{r.p99:.3f}",
                f"{r.max:.3f}", r.retries) for r in f.latency]
    compensations = [(c.campaign_id, c.outcome, c.reason or "", ", ".join(c.steps_undone),
                      "; ".join(c.failures)) for c in f.compensations]
    revenue = [(r.currency, r.invoices, money(r.invoiced, r.currency),
                money(r.outstanding, r.currency)) for r in f.revenue]
    return [
        "<h2>Outcomes</h2>", _chart(charts.get("outcomes"), "campaigns by outcome"),
        _table(("outcome", "campaigns"), list(f.outcomes.items()), numeric=1),
        "<h2>Quality</h2>", _chart(charts.get("qc"), "QC score distribution"),
        _table(("figure", "value"), _qc_rows(f), numeric=1),
        "<h2>Revision and review rounds</h2>",
        _table(("revision rounds", "campaigns"), list(f.revision_rounds.items()), numeric=2),
        _table(("client review rounds", "campaigns"), list(f.review_rounds.items()), numeric=2),
        "<h2>Step latency</h2>",
        "<p>Seconds from sending a step to its final reply, retries included; percentiles "
        "by nearest rank.</p>",
        _chart(charts.get("latency"), "step latency"),
        _table(("step", "module", "runs", "p50 s", "p90 s", "p99 s", "max s", "retries"),
               latency, numeric=6),
        "<h2>Revenue</h2>", "<p>Void invoices are excluded.</p>",
        _chart(charts.get("revenue"), "revenue"),
        _table(("currency", "invoices", "invoiced", "outstanding"), revenue, numeric=3),
        "<h2>Compensations</h2>",
        _table(("campaign", "outcome", "reason", "steps undone", "failures"), compensations),
    ]


def render_page(title: str, scope: str, generated_at: datetime, figures: ReportFigures,
                charts: dict[str, str | None]) -> bytes:
    """The whole page. `charts` maps outcomes / qc / latency / revenue to inline SVG (None:
    no data); they come from matplotlib, every other string is escaped here."""
    stamp = generated_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    parts = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{_t(title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
        f"<header><h1>{_t(title)}</h1><p>{_t(scope)}</p><p>Generated {_t(stamp)}</p></header>",
        "<main>", _cards(figures), *_sections(figures, charts), "</main>", "</body>", "</html>",
    ]
    return ("\n".join(parts) + "\n").encode("utf-8")
