"""Text helpers for strategy derivation: content words and short phrases taken from a brief.

Everything the strategy says is built from these pieces of the client's own wording, so
the helpers favour phrases that read naturally mid-sentence over raw truncation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from contracts.common import Channel

_STOPWORDS = frozenset((
    "the", "and", "for", "with", "from", "our", "your", "all", "any", "off", "per", "get",
    "this", "that", "these", "those", "are", "you", "into", "its", "their", "than", "over",
    "via", "just", "every", "each", "plus", "only", "more", "most", "now", "new", "will",
    "can", "has", "have", "who", "what", "when", "where", "how", "not", "but", "out", "was",
    "were", "been", "being",
    # Objective verbs say what to do, not what the campaign is about.
    "increase", "grow", "build", "drive", "boost", "generate", "improve", "raise", "reduce",
    "achieve", "gain",
))
# Words after which an audience or offer description turns into qualifiers; the head
# noun phrase before them is what reads well inside a sentence.
_QUALIFIERS = frozenset((
    "who", "that", "which", "whose", "where", "looking", "with", "within", "in", "at",
    "from", "across", "based", "using", "for", "on", "by", "near", "to", "over",
))
_TRAILING = frozenset(("and", "or", "of", "the", "a", "an", "&", "-", "\u2013"))
_LEADING = frozenset(("new", "free", "our", "the", "a", "an", "introducing", "all-new"))


def keywords(text: str) -> list[str]:
    """Distinct content words of `text` (letters first, 3+ chars), in order of appearance."""
    seen: dict[str, str] = {}
    for word in re.findall(r"[^\W_]+", text):
        if len(word) >= 3 and not word.isdigit() and word.lower() not in _STOPWORDS:
            seen.setdefault(word.lower(), word)
    return list(seen.values())


def short_clause(text: str, max_words: int, stops: str = ".;:()\n") -> str:
    """The first clause of `text`, at most `max_words` words, without trailing punctuation."""
    clause = re.split(f"[{re.escape(stops)}]", text, maxsplit=1)[0].strip() or text.strip()
    return " ".join(clause.split()[:max_words]).rstrip(",.!?-")


def head_phrase(text: str, max_words: int = 6, keep: int = 2) -> str:
    """The head noun phrase of `text`: cut at the first qualifier after the first `keep`
    words, trailing fillers dropped."""
    # Commas and points inside numbers ("2,000", "2.5") do not end the phrase.
    clause = re.split(r"[;:()\n]|[.,](?!\d)", text.strip(), maxsplit=1)[0] or text
    words = clause.split()[:12]
    for i, word in enumerate(words[keep:], start=keep):
        if word.lower() in _QUALIFIERS:
            words = words[:i]
            break
    words = words[:max_words]
    while len(words) > 1 and words[-1].lower() in _TRAILING:
        words.pop()
    return lower_first(" ".join(words).rstrip(",.!?-"))


def audience_phrase(text: str) -> str:
    """A few words naming the audience, fit to sit mid-sentence ("urban commuters")."""
    return head_phrase(text, 6)


def offer_head(offer: str) -> str:
    """What is on offer in a few words ("accounts-payable automation"), no leading "new"."""
    words = head_phrase(offer, 5).split()
    while len(words) > 1 and words[0].lower() in _LEADING:
        words.pop(0)
    return " ".join(words)


def lower_first(phrase: str) -> str:
    # Lower-case a sentence-initial capital, but leave acronyms such as "IT" alone.
    return phrase[0].lower() + phrase[1:] if phrase[1:2].islower() else phrase


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def phrase(kws: list[str], n: int) -> str:
    """The first `n` keywords as a phrase, keeping acronyms and brand casing ("AI")."""
    return " ".join(w if w[1:] != w[1:].lower() else w.lower() for w in kws[:n])


def join_words(items: list[str], conj: str = "and") -> str:
    """"a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conj} {items[-1]}"


def channel_words(channels: Iterable[Channel]) -> str:
    """The channels as the plan names them in a sentence ("LinkedIn, email and the blog").
    The blog is the brand's own, so English gives it an article where a platform takes none
    ("on LinkedIn", "on the blog")."""
    return join_words([f"the {c.in_sentence}" if c is Channel.BLOG else c.in_sentence
                       for c in channels])


def offer_parts(offer: str) -> list[str]:
    """The offer's clauses ("30-day free pilot", "free UK returns"), each a few words or more."""
    parts = re.split(r"[:;,.]\s+|\s+(?:with|plus|and)\s+(?=\d)", offer.strip().rstrip(".!"))
    return [p.strip() for p in parts if len(p.split()) >= 2]

