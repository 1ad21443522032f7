"""Text helpers more than one module needs. No business rules: pure string shaping."""

from __future__ import annotations

import re
import unicodedata
from functools import cache


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


def plural(n: int, noun: str, irregular: str = "") -> str:
    """`n` and `noun`, the noun in the plural unless n is one: "1 week", "3 weeks", "0 weeks".

    `irregular` is the plural when adding "s" is wrong ("batch" -> "batches"). A noun of
    several words ("revision round") takes the plural on its last word, as English does.
    """
    if abs(n) == 1:
        return f"{n} {noun}"
    return f"{n} {irregular or noun + 's'}"


# X (Twitter) counts a post the way its open-source twitter-text library (v3) does: the
# text NFC-normalized, every URL as 23 (t.co wraps it), code points in these ranges as 1,
# everything else (CJK, emoji, ...) as 2; 280 is the most a post may weigh. An emoji sequence
# (a flag, a skin tone, a family joined by U+200D) weighs 2 per code point here where X says 2
# in all: we may shorten a post X would take, never pass one it rejects.
X_POST_WEIGHT = 280
X_URL_WEIGHT = 23
_X_LIGHT = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
_X_HEAVY = re.compile("[^" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _X_LIGHT) + "]")

# A URL with or without its scheme; never inside a word, an e-mail address, a $cashtag or a
# #hashtag, and a bare domain not glued to a preceding "-", "_", "." or "/" (twitter-text's
# rules). Trailing sentence punctuation is not part of it.
_URL = re.compile(
    r"(?<![A-Za-z0-9@$#\uFF20\uFF03])(?:(?P<scheme>https?://)|(?<![-_./]))"
    r"(?P<domain>(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?P<tld>[A-Za-z]{2,63}))"
    r"(?![A-Za-z0-9-])(?::\d{1,5})?(?P<path>/\S*)?",
)
_URL_TAIL = ".,;:!?'\")]}>"
# Generic top-level domains X links without a scheme; country codes come from pycountry.
_GENERIC_TLDS = frozenset((
    "com", "net", "org", "edu", "gov", "mil", "int", "info", "biz", "name", "pro", "mobi",
    "aero", "asia", "coop", "jobs", "museum", "tel", "travel", "app", "dev", "page", "blog",
    "shop", "store", "online", "site", "website", "tech", "xyz", "club", "agency", "marketing",
    "digital", "media", "news", "cloud", "design", "studio", "health", "finance", "bank", "law",
    "legal", "consulting", "solutions", "services", "company", "group", "global", "world",
    "life", "live", "email", "network", "systems", "software", "academy", "education", "school",
    "energy", "eco", "green", "fashion", "food", "restaurant", "cafe", "coffee", "bio", "art",
    "photo", "photography", "music", "games", "fitness", "care", "clinic", "dental",
    "insurance", "money", "capital", "fund", "investments", "properties", "homes", "house",
    "build", "construction", "tools", "engineering", "ventures", "partners", "holdings",
    "foundation", "one", "top", "vip", "link", "click", "space", "today", "ltd", "inc", "llc",
))
# A bare "name.cc" is no link on X unless the country code is one of these or a path follows.
_SHORT_CCTLDS = frozenset({"co", "tv"})


@cache
def _country_tlds() -> frozenset[str]:
    import pycountry  # loaded on first use: most processes never measure an X post

    return frozenset({c.alpha_2.lower() for c in pycountry.countries} | {"uk", "eu", "ac"})


def _url_weight(match: re.Match[str], url: str) -> int:
    tld = match["tld"].lower()
    if tld in _GENERIC_TLDS:
        return X_URL_WEIGHT
    if tld not in _country_tlds():
        # An unknown suffix may or may not be a link to X: count whichever weighs more, so a
        # post we pass is never one X rejects.
        return max(X_URL_WEIGHT, _char_weight(url))
    labels = match["domain"].count(".")
    linked = match["scheme"] or match["path"] or labels > 1 or tld in _SHORT_CCTLDS
    return X_URL_WEIGHT if linked else _char_weight(url)


def _char_weight(text: str) -> int:
    # Every character weighs 1, and each outside _X_LIGHT 1 more: counted by a C scan.
    return len(text) if text.isascii() else len(text) + len(_X_HEAVY.findall(text))


def x_weighted_length(text: str) -> int:
    """`text`'s length as X counts it against the 280 limit: any URL is 23, a wide character
    (CJK, emoji, most scripts beyond Latin, Greek, Cyrillic, Hebrew, Arabic, Indic) is 2."""
    text = unicodedata.normalize("NFC", text)
    total, at = 0, 0
    for match in _URL.finditer(text):
        url = match[0].rstrip(_URL_TAIL)
        total += _char_weight(text[at:match.start()]) + _url_weight(match, url)
        at = match.start() + len(url)
    return total + _char_weight(text[at:])
