"""Readability of long-form copy: average sentence length and Flesch reading ease.

Advice, not a failure: a hard read costs attention but breaks no rule, so the check warns.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from contracts.common import Severity
from contracts.production import Asset
from contracts.qc import CheckStatus, QcCheck

from ._rules_base import Context, check, verdict
from ._rules_text import words

# Plain-language guides put the comfortable average at 15-20 words; past 25 readers re-read.
SENTENCE_LIMIT = 25.0
# Flesch below 30 is "very difficult", postgraduate text; marketing copy aims for 50+.
FLESCH_FLOOR = 30.0

# The lookbehind starts an address only at the start of a run: linear on a long token.
_NOT_PROSE = re.compile(r"https?://\S+|www\.\S+|(?<![\w.+-])[\w.+-]+@\S+|#\w+")
_SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+|\n+")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")


@dataclass(frozen=True)
class Readability:
    sentences: int
    words: int
    syllables: int

    @property
    def sentence_length(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def flesch(self) -> float:
        if not self.words:
            return 100.0
        per_word = self.syllables / self.words
        return 206.835 - 1.015 * self.sentence_length - 84.6 * per_word


def syllables(word: str) -> int:
    """Vowel groups, less a silent final e: close enough for a reading-ease estimate."""
    w = word.casefold().replace("'", "")
    if not w.isalpha():
        return 1  # a number or code reads as one unit
    n = len(_VOWEL_GROUP.findall(w))
    if w.endswith("e") and not w.endswith(("le", "ee")) and n > 1:
        n -= 1
    return max(1, n)


def measure(text: str) -> Readability:
    """Sentences end at . ! ? : ; or a line break (outline lines count as sentences)."""
    prose = _NOT_PROSE.sub(" ", text)
    sentences = [ws for part in _SENTENCE_END.split(prose) if (ws := words(part))]
    all_words = [w for ws in sentences for w in ws]
    # Copy repeats its words ("the", "your", the brand): each distinct one is counted once.
    counted = sum(syllables(w) * n for w, n in Counter(all_words).items())
    return Readability(len(sentences), len(all_words), counted)


def readability(asset: Asset, ctx: Context) -> QcCheck:
    m = measure(asset.body)
    ok = m.sentence_length <= SENTENCE_LIMIT and m.flesch >= FLESCH_FLOOR
    evidence = (f"average sentence {m.sentence_length:.1f} words (limit {SENTENCE_LIMIT:.0f}); "
                f"Flesch reading ease {m.flesch:.1f} (floor {FLESCH_FLOOR:.0f})")
    fix = "split long sentences and prefer short, common words"
    status = verdict(ok, CheckStatus.WARN)
    return check("readability", asset.asset_id, Severity.MINOR, status, evidence, fix)
