"""<number>.html: the invoice as a self-contained web page, the PDF's twin.

Inline CSS, no scripts, no external resources, and a Content Security Policy that stops a
browser loading anything even if some text slipped through. Every value is escaped: a client
name is data, never markup.
"""

from __future__ import annotations

from html import escape

from ._document_sheet import Sheet

_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

_CSS = """
:root{--ink:#1f2933;--muted:#616e7c;--accent:#1d4e89;--rule:#cbd2d9;--zebra:#f0f4f8}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:var(--ink);background:#fff}
main{max-width:860px;margin:0 auto;padding:32px 40px 60px}
.parties{display:flex;justify-content:space-between;gap:24px;margin-bottom:24px}
.parties p{margin:2px 0}.agency strong{font-size:20px;color:var(--accent)}
h1{color:var(--accent);margin:0 0 12px}
dl{display:grid;grid-template-columns:160px 1fr;gap:4px 12px;margin:0 0 24px}
dt{font-weight:600;color:var(--muted)}dd{margin:0}
table{border-collapse:collapse;width:100%;margin:10px 0 18px;font-size:14px}
th{background:var(--accent);color:#fff;text-align:left;padding:6px 8px}
td{border-bottom:1px solid var(--rule);padding:6px 8px;vertical-align:top}
.num{text-align:right;white-space:nowrap}
.totals td{border:none}.totals tr:last-child td{font-weight:700;border-top:2px solid var(--ink)}
.void{border:3px solid #b42318;color:#b42318;font-weight:700;font-size:20px;padding:10px 16px}
.warning{background:#fff4e5;border-left:4px solid #b7791f;padding:8px 12px}
footer{color:var(--muted);font-size:13px;margin-top:32px}
"""


def _lines(sheet: Sheet) -> list[str]:
    rows = [f'<tr><td>{escape(d)}</td><td class="num">{escape(q)}</td>'
            f'<td class="num">{escape(u)}</td><td class="num">{escape(a)}</td></tr>'
            for d, q, u, a in sheet.lines]
    return ['<table class="lines"><thead><tr><th>Description</th><th class="num">Quantity</th>'
            '<th class="num">Unit price</th><th class="num">Amount</th></tr></thead><tbody>',
            *rows, "</tbody></table>"]


def _totals(sheet: Sheet) -> list[str]:
    rows = [f'<tr><td>{escape(label)}</td><td class="num">{escape(value)}</td></tr>'
            for label, value in sheet.totals]
    return ['<table class="totals"><tbody>', *rows, "</tbody></table>"]


def _parties(sheet: Sheet) -> list[str]:
    agency = "".join(f"<p>{escape(line)}</p>" for line in sheet.agency_lines)
    return ['<section class="parties">',
            f'<div class="agency"><strong>{escape(sheet.agency_name)}</strong>{agency}</div>',
            f'<div class="client"><p>Bill to</p><p><strong>{escape(sheet.client_name)}'
            "</strong></p></div>", "</section>"]


def _body(sheet: Sheet) -> list[str]:
    facts = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in sheet.facts)
    body = [f'<p class="void">{escape(sheet.void_notice)}</p>'] if sheet.void_notice else []
    if sheet.warning:
        body.append(f'<p class="warning">{escape(sheet.warning)}</p>')
    body += [*_parties(sheet), f"<h1>{escape(sheet.title)}</h1>", f"<dl>{facts}</dl>",
             *_lines(sheet), *_totals(sheet)]
    body += [f"<p>{escape(note)}</p>" for note in sheet.notes]
    return body


def render_html(sheet: Sheet) -> bytes:
    """The complete page, UTF-8."""
    title = f"VOID {sheet.title}" if sheet.void_notice else sheet.title
    parts = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="{escape(sheet.marker)}">',
        f"<title>{escape(title)} ({escape(sheet.agency_name)})</title>",
        f"<style>{_CSS}</style>", "</head>", "<body>", "<main>", *_body(sheet),
        f"<footer>{escape(sheet.agency_name)} · {escape(sheet.title)}</footer>",
        "</main>", "</body>", "</html>", "",
    ]
    return "\n".join(parts).encode("utf-8")
