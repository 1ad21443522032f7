"""Real plurals wherever a client or an operator reads a count: "1 week", "3 weeks"."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from actors._text import plural

ROOT = Path(__file__).resolve().parents[2]
# Where text meets a reader; the CLI (cli*.py) has its own owner and its own check.
PACKAGES = ("actors", "supervisors", "contracts", "bench")
LAZY_PLURAL = re.compile(r"[A-Za-z]\((?:s|es|ies)\)")


@pytest.mark.parametrize(("n", "noun", "irregular", "text"), [
    (1, "week", "", "1 week"),
    (3, "week", "", "3 weeks"),
    (0, "week", "", "0 weeks"),
    (-1, "week", "", "-1 week"),
    (2, "batch", "batches", "2 batches"),
    (1, "batch", "batches", "1 batch"),
    (2, "calendar entry", "calendar entries", "2 calendar entries"),
    (2, "revision round", "", "2 revision rounds"),
    (1, "KPI", "", "1 KPI"),
])
def test_plural(n: int, noun: str, irregular: str, text: str) -> None:
    assert plural(n, noun, irregular) == text


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def test_no_text_says_week_s_or_kpi_s() -> None:
    found = [f"{path.relative_to(ROOT)}:{line}: {text.strip()[:60]}"
             for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))
             for line, text in _strings(ast.parse(path.read_text(encoding="utf-8")))
             if LAZY_PLURAL.search(text.replace("http(s)", "http"))]
    assert found == []
