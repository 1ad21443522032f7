"""Text helpers more than one module needs. No business rules: pure string shaping."""

from __future__ import annotations

import re


def hashtag(text: str, max_len: int = 30) -> str:
    """`text` as a CamelCase #hashtag of letters and digits only ("" if nothing is left, or
    only digits: a number alone is not a tag)."""
    tag = ""
    for word in re.findall(r"[^\W_]+", text):
        if tag and len(tag) + len(word) > max_len:
            break
        tag += word[:1].upper() + word[1:]
    tag = tag[:max_len]
    return f"#{tag}" if tag and not tag.isdigit() else ""
