"""Resolving free geography text to ISO countries: names, cities, codes, regions, and the
words that must not be read as places."""

from __future__ import annotations

import pytest

from contracts.geography import EEA_COUNTRIES, country_name, place_key, resolve_place


@pytest.mark.parametrize(("geography", "country"), [
    ("United Kingdom", "GB"), ("UK", "GB"), ("U.K.", "GB"), ("england", "GB"),
    ("Northern Ireland", "GB"), ("London", "GB"), ("Manchester, United Kingdom", "GB"),
    ("Ireland", "IE"), ("Galway, Ireland", "IE"),
    ("Germany", "DE"), ("Deutschland", "DE"), ("Munich", "DE"), ("Berlin, DE", "DE"),
    ("USA", "US"), ("US", "US"), ("U.S.", "US"), ("United States of America", "US"),
    ("New Jersey", "US"), ("California", "US"),
    ("Toronto", "CA"), ("Quebec", "CA"), ("New South Wales", "AU"), ("Wales", "GB"),
    ("España", "ES"), ("São Paulo", "BR"), ("C\u00f4te d\u2019Ivoire", "CI"),
    ("Guinea-Bissau", "GW"),
    ("South Korea", "KR"), ("Bolivia", "BO"), ("Viet Nam", "VN"), ("Vietnam", "VN"),
    ("Czech Republic", "CZ"), ("Türkiye", "TR"), ("Turkey", "TR"),
    ("Hong Kong", "HK"), ("Hong Kong, China", "HK"), ("Beijing, China", "CN"),
    ("Georgia", "GE"),  # the country's name wins over the US state's
    ("DEU", "DE"), ("Small businesses in Manchester", "GB"),
])
def test_one_country(geography, country):
    place = resolve_place(geography)
    assert place.country == country, place


@pytest.mark.parametrize(("geography", "countries"), [
    ("UK and Germany", ("GB", "DE")),
    ("United States and Germany", ("US", "DE")),
    ("DE and AT", ("DE", "AT")),
    ("Hong Kong and mainland China", ("HK", "CN")),
    ("DACH", ("DE", "AT", "CH")),
    ("North America", ("US", "CA", "MX")),
])
def test_several_countries_in_order_and_no_single_one(geography, countries):
    place = resolve_place(geography)
    assert place.countries == countries and place.country is None


def test_regions_name_their_members_and_no_single_country():
    assert set(resolve_place("EU").countries) == set(EEA_COUNTRIES) - {"IS", "LI", "NO"}
    assert resolve_place("Europe").countries == EEA_COUNTRIES
    assert resolve_place("Europe").regions == ("europe",)
    # Known broad regions name no country: "South America" is not "America".
    for broad in ("South America", "APAC", "Worldwide", "Middle East"):
        assert resolve_place(broad).countries == (), broad


@pytest.mark.parametrize("geography", [
    "Atlantis", "Testland", "", "Korea",  # two Koreas: no guess
    "reach us online",  # "us" as a word is a pronoun, not the United States
])
def test_no_country(geography):
    assert resolve_place(geography).countries == ()


def test_codes_in_all_capitals_text_are_not_read_as_words():
    # "IN" in capitals text is a preposition, not India; Italy is named.
    assert resolve_place("MADE IN ITALY").countries == ("IT",)


def test_keys_and_names():
    assert place_key("  São  Paulo ") == "sao paulo" and place_key("U.K.") == "uk"
    assert country_name("GB") == "United Kingdom" and country_name("ZZ") == "ZZ"
