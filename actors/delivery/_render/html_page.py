"""The HTML shell and outline blocks shared by index.html and qc_report.html.

Pages are self-contained: inline CSS, no scripts, no external resources, and a Content
Security Policy that stops a browser loading anything even if some text slipped through.
Every piece of text from the brief or the creative is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from . import outline as o

_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
        "form-action 'none'")

_CSS = """
:root{--ink:#1f2933;--muted:#616e7c;--accent:#1d4e89;--rule:#cbd2d9;--zebra:#f0f4f8}
*{box-sizing:border-box}
body{margin:0;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:var(--ink);background:#fff}
header{background:var(--accent);color:#fff;padding:28px 40px}
header h1{margin:0 0 6px;font-size:30px}header p{margin:2px 0;opacity:.9}
nav{position:sticky;top:0;background:#fff;border-bottom:1px solid var(--rule);
padding:8px 40px;font-size:14px;z-index:1}
nav a{margin-right:14px;color:var(--accent);text-decoration:none}
main{max-width:1040px;margin:0 auto;padding:8px 40px 60px}
h2{color:var(--accent);border-bottom:2px solid var(--rule);padding-bottom:4px;margin-top:40px}
h3{margin:22px 0 6px}
.lead{color:var(--muted)}
blockquote{margin:10px 0;padding:8px 16px;border-left:4px solid var(--accent);
background:var(--zebra);font-style:italic}
table{border-collapse:collapse;width:100%;margin:10px 0 18px;font-size:14px}
th{background:var(--accent);color:#fff;text-align:left;padding:6px 8px}
td{border-bottom:1px solid var(--rule);padding:6px 8px;vertical-align:top}
tr:nth-child(even) td{background:var(--zebra)}
.card{border:1px solid var(--rule);border-radius:8px;padding:12px 16px;margin:12px 0}
.card h4{margin:0 0 8px}
.copy{white-space:pre-wrap;background:var(--zebra);padding:10px;border-radius:6px;
font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px}
dl{display:grid;grid-template-columns:150px 1fr;gap:4px 12px;margin:0}
dt{font-weight:600;color:var(--muted)}dd{margin:0}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;
font-weight:600;color:#fff}
.PASS{background:#2f855a}.WARN{background:#b7791f}.FAIL{background:#c53030}
footer{color:var(--muted);font-size:13px;margin-top:50px}
@media print{nav{display:none}header{color:#000;background:none}}
"""


def page(title: str, header: list[str], nav: list[tuple[str, str]], body: list[str]) -> bytes:
    """A complete HTML document; `header` and `body` are already-escaped fragments."""
    links = "".join(f'<a href="{escape(href)}">{escape(text)}</a>' for href, text in nav)
    parts = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{escape(title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
        "<header>", *header, "</header>", f"<nav>{links}</nav>", "<main>", *body, "</main>",
        "</body>", "</html>",
    ]
    return ("\n".join(parts) + "\n").encode("utf-8")


def text(value: str) -> str:
    return escape(value, quote=True)


def table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    head = "".join(f"<th>{text(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>"
                   for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def badge(status: str) -> str:
    return f'<span class="badge {text(status)}">{text(status)}</span>'


def _para(block: o.Para) -> str:
    body = text(block.text).replace("\n", "<br>")
    if block.label:
        body = f"<strong>{text(block.label)}.</strong> {body}".rstrip()
    return f"<blockquote>{body}</blockquote>" if block.quote else f"<p>{body}</p>"


def block_html(block: o.Block) -> str:
    if isinstance(block, o.Para):
        return _para(block)
    if isinstance(block, o.Sub):
        tag = "h4" if block.minor else "h3"
        return f"<{tag}>{text(block.text)}</{tag}>"
    if isinstance(block, o.Table):
        return table(block.header, [tuple(text(c) for c in row) for row in block.rows])
    tag = "ol" if block.numbered else "ul"
    return f"<{tag}>" + "".join(f"<li>{text(i)}</li>" for i in block.items) + f"</{tag}>"


def section_html(section: o.Section) -> list[str]:
    return [f'<section id="{text(section.anchor)}">', f"<h2>{text(section.title)}</h2>",
            *(block_html(b) for b in section.blocks), "</section>"]
