"""strategy.md and channels/*.md show brief text as written: whatever a client typed into
the brief (HTML, a Markdown link, a heading mark, a table pipe) reads as text, never markup.

The files are parsed with markdown-it (CommonMark plus GFM tables), so the test sees what a
Markdown viewer would render, not what a regex guesses."""

from __future__ import annotations

import html

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from actors.delivery._render import render_pack
from actors.delivery._render.markdown import md_cell, md_code, md_text
from contracts.delivery import BuildPack
from tests.unit.test_delivery_factory import build_pack

BRAND = "# <img src=x onerror=alert(1)> & *Co*"
LINK = "[Claim your prize](https://evil.example/phish)"
SCRIPT = "<script>alert(1)</script>"
ROLE = "1. Not a list | [x](javascript:alert(1)) `tick`"
TACTICS = ["- not a bullet", "> not a quote", "## not a heading", "---", "&amp; stays &amp;"]


def hostile_pack() -> BuildPack:
    cmd = build_pack()
    doc = cmd.strategy
    plans = [doc.channel_plan[0].model_copy(update={"role": ROLE, "tactics": TACTICS}),
             *doc.channel_plan[1:]]
    persona = doc.personas[0].model_copy(update={"name": "Priya | admin", "role": SCRIPT})
    strategy = doc.model_copy(update={
        "brand": BRAND, "channel_plan": plans, "personas": [persona, *doc.personas[1:]],
        "value": doc.value.model_copy(update={"positioning": f"{LINK} **bold** {SCRIPT}"}),
    })
    first = cmd.assets[0].model_copy(update={"hook": LINK, "cta": f"{SCRIPT} now"})
    return cmd.model_copy(update={
        "brief": cmd.brief.model_copy(update={"client_name": LINK, "brand": BRAND}),
        "strategy": strategy, "assets": [first, *cmd.assets[1:]]})


@pytest.fixture(scope="module")
def markdown_files() -> dict[str, str]:
    files = render_pack(hostile_pack())
    return {name: data.decode("utf-8") for name, data in files.items()
            if name.endswith(".md")}


def parse(text: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(text)


def plain(token: Token) -> str:
    """An inline token as the reader sees it: escapes and entities resolved, no markup."""
    return "".join(c.content if c.type != "softbreak" else "\n" for c in token.children or [])


def test_brief_html_and_links_render_as_text_in_every_markdown_file(
    markdown_files: dict[str, str],
) -> None:
    renderer = MarkdownIt("commonmark").enable("table")
    for name, text in markdown_files.items():
        tokens = parse(text)
        kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
        assert not kinds & {"html_block", "html_inline", "link_open", "image"}, name
        rendered = renderer.render(text)
        assert "<img" not in rendered and "<script" not in rendered, name
    strategy = renderer.render(markdown_files["strategy.md"])
    assert f"<h1>{html.escape(BRAND, quote=False)} — Campaign strategy</h1>" in strategy
    assert f"Prepared for {html.escape(LINK)}" in strategy
    assert html.escape(f"{LINK} **bold** {SCRIPT}", quote=False) in strategy


def test_brief_text_cannot_open_headings_lists_quotes_or_code(
    markdown_files: dict[str, str],
) -> None:
    tokens = parse(markdown_files["strategy.md"])
    headings = [plain(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert [t.tag for t in tokens if t.type == "heading_open"].count("h1") == 1
    assert not [h for h in headings if "not a heading" in h]
    assert "Priya | admin — <script>alert(1)</script>" in headings
    texts = [plain(t) for t in tokens if t.type == "inline"]
    for tactic in TACTICS:
        assert tactic in texts, tactic  # each tactic is one bullet, read as written
    assert len([t for t in tokens if t.type == "hr"]) == 1  # the closing rule, no other
    code = [c.content for t in tokens for c in t.children or [] if c.type == "code_inline"]
    assert not [c for c in code if "tick" in c]


def test_a_pipe_in_a_table_cell_stays_in_its_cell(markdown_files: dict[str, str]) -> None:
    tokens = parse(markdown_files["strategy.md"])
    widths: list[int] = []
    for token in tokens:
        if token.type == "tr_open":
            widths.append(0)
        elif token.type in ("td_open", "th_open"):
            widths[-1] += 1
    assert widths[:7] == [5] * 7  # the channel table: a header and six channels
    assert ROLE in [plain(t) for t in tokens if t.type == "inline"]


def test_helpers_escape_only_what_markdown_would_read() -> None:
    assert md_text("snake_case stays, _lead_ and 2*3 do not") == (
        "snake_case stays, \\_lead\\_ and 2\\*3 do not")
    assert md_text("12. Not a list\n  # nor a heading") == "12\\. Not a list  \n\\# nor a heading"
    assert md_text("a <b> & c") == "a &lt;b&gt; &amp; c"
    assert md_text("#FinOps + more - less") == "#FinOps + more - less"  # no heading, no list
    assert md_text("---\n- x\n+ y\n===") == "\\---  \n\\- x  \n\\+ y  \n\\==="
    assert md_cell("one | two\nthree") == "one \\| two three"
    assert md_cell("Ends with ###") == "Ends with \\###"
    assert md_code("cmp-1") == "`cmp-1`" and md_code("a`b") == "``a`b``"
