"""Text made safe for Markdown: whatever a brief holds is shown as written, never read as markup.

Three layers, applied to every piece of text the Markdown files carry (brief-derived or not,
so nothing depends on remembering which is which):

- `<`, `>` and `&` become entities, as in the HTML files: no raw HTML, no autolink, no
  blockquote, no entity the client did not type.
- Characters that open inline markup get a backslash: backslash itself, backticks (code),
  `*` and `~` (emphasis, strikethrough), `[` and `]` (links, images), `|` (table cells),
  and `_` only at a word's edge, so snake_case and asset ids stay readable.
- At the start of a line, what would open a block gets a backslash: `# ` (heading), `- `,
  `+ `, `---`, `===` (bullets, rules, setext underlines), `12. ` / `12) ` (ordered lists).
  Leading
  spaces go, so indentation cannot open a code block; a trailing run of `#` is escaped
  because a heading would drop it.

Published copy is not escaped: it goes verbatim into a fenced block (see `text.py`).
"""

from __future__ import annotations

import re

_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_INLINE = re.compile(r"[\\`*~\[\]|]|(?<![^\W_])_|_(?![^\W_])")
_BLOCK_START = re.compile(r"^(?:#{1,6}(?=\s|$)|[-+](?=\s|$|-)|=+\s*$|\d{1,9}(?=[.)](?:\s|$)))")
_CLOSING_HASHES = re.compile(r"(?<=\s)(#+)(\s*)$")
# Every character _INLINE can match at. Most lines hold none, and looking for one is much
# cheaper than _INLINE's alternation with lookarounds at every position.
_INLINE_CANDIDATE = re.compile(r"[\\`*~\[\]|_]")


def _line(text: str) -> str:
    text = text.translate(_ENTITIES).lstrip()
    if _INLINE_CANDIDATE.search(text):
        text = _INLINE.sub(lambda m: "\\" + m[0], text)
    text = _BLOCK_START.sub(lambda m: m[0] + "\\" if m[0][0].isdigit() else "\\" + m[0], text)
    if "#" in text:  # likewise: the lookbehind is tried at every position
        text = _CLOSING_HASHES.sub(lambda m: "\\" + m[1] + m[2], text)
    return text


def md_text(text: str) -> str:
    """Text that Markdown shows as written; its line breaks kept as hard breaks."""
    return "  \n".join(_line(line) for line in text.split("\n"))


def md_cell(text: str) -> str:
    """One line of text as written, for a table cell, a heading or a label: newlines and
    runs of whitespace become one space, which also keeps a table row on its line."""
    return _line(" ".join(text.split()))


def md_code(text: str) -> str:
    """`text` as an inline code span, delimited by a backtick run longer than any inside."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    tick = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{tick}{pad}{text}{pad}{tick}"
