"""Where a campaign runs: free geography text ("London", "Berlin, Germany", "UK and
Germany", "DACH") resolved to ISO 3166-1 alpha-2 countries. The one resolver every module
uses: onboarding stores its answer in the NormalizedBrief, strategy picks regional rules
from it, billing picks the tax rule from it.

What is recognised, longest phrase first and ignoring case, accents and dots:
- every country's ISO name, official name and common name (pycountry), and the part of an
  inverted name before its comma when only one country has it ("Bolivia", "Palestine");
- everyday names and cities (`_geography_data`: "UK", "England", "Holland", "London",
  "Munich", "Toronto", ...), US states, Canadian provinces and Australian states;
- regions standing for several countries ("EU", "DACH", "Nordics", "North America"); a
  broad one ("APAC", "Global") is known but names no country;
- ISO alpha-2 and alpha-3 codes, but only where they cannot be ordinary words: as a whole
  comma- or "and"-separated part ("Berlin, DE") or as a capital word in text that is not
  all capitals ("DE and AT"). So "US" is the United States and "reach us" is not.

Ambiguity is resolved one way and said here: a country's own name wins over a state's
("Georgia" is the country), and a city shared by two countries goes to the one listed in
`_geography_data.CITIES` ("Perth" is Australia's).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import pycountry

from contracts._geography_data import CITIES, COUNTRY_ALIASES, EEA, REGIONS, SUBDIVISION_TYPES

EEA_COUNTRIES: tuple[str, ...] = EEA  # the EU's 27 members, Iceland, Liechtenstein, Norway

_SEPARATOR = r"[,;/&|+()]"
_PART_START = re.compile(rf"(?:^|{_SEPARATOR}|\band|\bor)\s*$")
_PART_END = re.compile(rf"\s*(?:$|{_SEPARATOR}|and\b|or\b)")
_CODE_WORD = re.compile(r"(?<!\w)[a-z]{2,3}(?!\w)")
# "Hong Kong, China": the SARs (and Taiwan) are ISO countries of their own, and a bare
# "China" beside them qualifies them rather than adding the mainland ("PRC", "mainland
# China" still do).
_QUALIFIER = ("china", frozenset({"HK", "MO", "TW"}))


@dataclass(frozen=True)
class Place:
    """What a geography names: `countries` in order of first mention (ISO alpha-2, no
    repeats; a region adds its members), and the `regions` named, as written keys."""

    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()

    @property
    def country(self) -> str | None:
        """The one country the geography is in; None for none, several, or a region."""
        return self.countries[0] if len(self.countries) == 1 and not self.regions else None


def place_key(text: str) -> str:
    """The form places are compared in: "São Paulo" -> "sao paulo", "U.K." -> "uk"."""
    return " ".join(re.sub(r"[^\w']", " ", _plain(text).lower()).split())


def resolve_place(geography: str) -> Place:
    """Every country (and region) the free text names; an empty Place when none."""
    plain = _plain(geography)
    lower = plain.lower()
    keyed = re.sub(r"[^\w']", " ", lower)  # same length as `plain`: positions line up
    index = _index()
    found: list[tuple[int, tuple[str, ...], str | None]] = []
    taken: list[tuple[int, int]] = []
    keys = [(" ".join(m.group().split()), m) for m in _names_pattern().finditer(keyed)]
    qualified = any(index[key][0][0] in _QUALIFIER[1] for key, _ in keys if index[key][0])
    for key, match in keys:
        taken.append(match.span())
        if not (qualified and key == _QUALIFIER[0]):
            found.append((match.start(), *index[key]))
    codes_allowed = not plain.isupper()
    for match in _CODE_WORD.finditer(keyed):
        start, end = match.span()
        code = _codes().get(match.group())
        if code is None or any(s <= start < e for s, e in taken):
            continue
        whole_part = (_PART_START.search(lower[:start]) is not None
                      and _PART_END.match(lower[end:]) is not None)
        if whole_part or (codes_allowed and plain[start:end].isupper()):
            found.append((start, (code,), None))
    found.sort(key=lambda item: item[0])
    countries = tuple(dict.fromkeys(c for _, codes, _ in found for c in codes))
    regions = tuple(dict.fromkeys(r for _, _, r in found if r is not None))
    return Place(countries=countries, regions=regions)


def country_name(code: str) -> str:
    """The ISO short name of an alpha-2 code ("GB" -> "United Kingdom"); the code itself
    when ISO 3166-1 has no such country."""
    country = pycountry.countries.get(alpha_2=code)
    return str(country.name) if country is not None else code


def is_country_code(code: str) -> bool:
    """True for an ISO 3166-1 alpha-2 code ("DE")."""
    return len(code) == 2 and pycountry.countries.get(alpha_2=code) is not None


def _plain(text: str) -> str:
    """Accents dropped, curly apostrophes straightened, dots removed ("U.S." -> "US")."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace(".", "")


@cache
def _index() -> dict[str, tuple[tuple[str, ...], str | None]]:
    """Every known phrase: the countries it names and, for a region, its key. Built in
    priority order, the first claim on a phrase winning."""
    index: dict[str, tuple[tuple[str, ...], str | None]] = {}
    for key, members in REGIONS.items():
        index[key] = (members, key)
    for key, code in {**COUNTRY_ALIASES, **CITIES}.items():
        index.setdefault(key, ((code,), None))
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            name = getattr(country, attr, None)
            if name:
                index.setdefault(place_key(name), ((country.alpha_2,), None))
    for key, code in _inverted_names().items():
        index.setdefault(key, ((code,), None))
    for code, types in SUBDIVISION_TYPES.items():
        for sub in pycountry.subdivisions.get(country_code=code) or ():
            if sub.type in types:
                index.setdefault(place_key(sub.name.split("[")[0]), ((code,), None))
    index.pop("", None)
    return index


def _inverted_names() -> dict[str, str]:
    """ "Bolivia" from "Bolivia, Plurinational State of", when only one country has it."""
    heads: dict[str, set[str]] = {}
    for country in pycountry.countries:
        if "," in country.name:
            heads.setdefault(place_key(country.name.split(",")[0]), set()).add(country.alpha_2)
    return {key: codes.pop() for key, codes in heads.items() if len(codes) == 1}


@cache
def _codes() -> dict[str, str]:
    codes = {}
    for country in pycountry.countries:
        codes[country.alpha_3.lower()] = country.alpha_2
        codes[country.alpha_2.lower()] = country.alpha_2
    return codes


@cache
def _names_pattern() -> re.Pattern[str]:
    # Longest first, so "northern ireland" wins over "ireland" and "new south wales" over
    # "wales"; spaces stand for any run of spaces, as punctuation became spaces.
    keys = sorted(_index(), key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, key.split())) for key in keys)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
