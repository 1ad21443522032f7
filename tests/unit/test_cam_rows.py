"""Raw lead rows: email normalization, validation with readable problems, dedupe."""

from __future__ import annotations

import pytest

from actors.cam._email import is_email, normalize_email
from actors.cam._leads import dedupe, lead_id_for, parse_rows
from contracts.common import derived_id


@pytest.mark.parametrize(("raw", "normalized"), [
    ("  Jane.Doe@Acme.IO ", "jane.doe@acme.io"),
    ("jane+newsletter@acme.io", "jane@acme.io"),
    ("jane+a+b@acme.io", "jane@acme.io"),
    ("Jane.Doe+x@Gmail.com", "janedoe@gmail.com"),
    ("j.a.n.e@googlemail.com", "jane@gmail.com"),
    ("jane.doe@outlook.com", "jane.doe@outlook.com"),  # dots matter outside Gmail
])
def test_normalize_email(raw, normalized):
    assert normalize_email(raw) == normalized


@pytest.mark.parametrize("text", ["jane", "jane@", "@acme.io", "jane@acme", "jane@@acme.io",
                                  "jane doe@acme.io", "jane..doe@acme.io", "+tag@acme.io",
                                  "jane@-acme.io", "a" * 250 + "@acme.io"])
def test_not_emails(text):
    assert not is_email(text)


def test_lead_id_derives_from_normalized_email():
    assert lead_id_for("jane@acme.io") == derived_id("lead", "jane@acme.io")


def row(**overrides):
    base = {"name": "Jane Doe", "email": "jane@acme.io", "company": "Acme"}
    return {**base, **overrides}


def test_csv_style_row_is_cleaned():
    parsed, invalid = parse_rows([{
        " Name ": " Jane   Doe ", "EMAIL": "Jane@Acme.io", "Company": "Acme",
        "Company Size": "1,200", "Title": "", "phone": 5550100, "linkedin-url": "N/A",
        "favourite_colour": "teal"}])
    assert invalid == []
    [p] = parsed
    assert (p.lead.name, p.email, p.lead.company_size) == ("Jane Doe", "jane@acme.io", 1200)
    assert p.lead.title is None and p.lead.linkedin_url is None and p.lead.phone == "5550100"


@pytest.mark.parametrize(("fields", "problem"), [
    ({"name": ""}, "name: required"),
    ({"company": None}, "company: required"),
    ({"email": "jane at acme"}, "email: not an email address"),
    ({"email": 42}, "email: not an email address"),
    ({"company_size": "about fifty"}, "company_size: not a whole number"),
    ({"company_size": "12.5"}, "company_size: not a whole number"),
    ({"company_size": 0}, "company_size: must be at least 1"),
    ({"company_size": True}, "company_size: not a whole number"),
    ({"website": "not a site"}, "website: not a web address"),
    ({"linkedin_url": "https://facebook.com/jane"}, "linkedin_url: not a LinkedIn profile URL"),
    ({"title": ["CEO"]}, "title: not text"),
    ({"name": "x" * 201}, "name: longer than 200 characters"),
])
def test_invalid_rows_say_why(fields, problem):
    parsed, [invalid] = parse_rows([row(**fields)])
    assert parsed == [] and invalid.index == 0
    assert invalid.problems == [problem]


def test_every_problem_of_a_row_is_listed():
    _, [invalid] = parse_rows([{"email": "nope"}])
    assert invalid.problems == ["name: required", "email: not an email address",
                                "company: required"]


def test_dedupe_first_row_wins_and_known_leads_count():
    parsed, _ = parse_rows([row(email="a@acme.io"), row(email="b@gmail.com"),
                            row(email="A+x@acme.io"), row(email="B+promo@googlemail.com"),
                            row(email="c@acme.io")])
    known = {lead_id_for("c@acme.io")}
    fresh, duplicates = dedupe(parsed, known)
    assert [p.index for p in fresh] == [0, 1]
    assert [(d.index, d.email, d.lead_id) for d in duplicates] == [
        (2, "a@acme.io", lead_id_for("a@acme.io")), (3, "b@gmail.com", lead_id_for("b@gmail.com")),
        (4, "c@acme.io", lead_id_for("c@acme.io"))]
