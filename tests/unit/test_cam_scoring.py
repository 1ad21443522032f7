"""Lead scoring as stated: each factor's table, the weights, the grade floors, exclusion."""

from __future__ import annotations

import pytest

from actors.cam._leads import LeadInput
from actors.cam._scoring import (
    DEFAULT_TARGET_INDUSTRIES,
    company_fit,
    grade_for,
    score_lead,
    seniority,
    source_quality,
)


def lead(**fields) -> LeadInput:
    return LeadInput(name="Jane Doe", email="jane@acme.io", company="Acme", **fields)


@pytest.mark.parametrize(("title", "value"), [
    ("CEO", 1.0), ("Chief Marketing Officer", 1.0), ("Co-Founder & CTO", 1.0),
    ("Owner", 1.0), ("President", 1.0), ("Managing Partner", 1.0), ("C-Level Executive", 1.0),
    ("VP Marketing", 0.8), ("Vice President, Sales", 0.8), ("SVP Growth", 0.8),
    ("Head of Demand Gen", 0.8), ("Marketing Director", 0.8),
    ("Marketing Manager", 0.5), ("Team Lead", 0.5), ("Principal Engineer", 0.5),
    ("Product Owner", 0.2), ("Analyst", 0.2), ("Software Engineer", 0.2),
    (None, 0.0),
])
def test_seniority_from_title(title, value):
    assert seniority(title) == value


@pytest.mark.parametrize(("industry", "value"), [
    ("B2B SaaS", 1.0), ("Software Development", 1.0), ("E-Commerce", 1.0), ("Retailers", 1.0),
    ("Higher Education", 1.0), ("PROFESSIONAL SERVICES", 1.0), ("Construction", 0.4),
    ("Real estate", 0.4), (None, 0.2),
])
def test_company_fit_against_default_targets(industry, value):
    assert company_fit(industry, DEFAULT_TARGET_INDUSTRIES) == value


def test_company_fit_uses_the_configured_targets():
    assert company_fit("Construction", ("construction",)) == 1.0
    assert company_fit("B2B SaaS", ("construction",)) == 0.4


@pytest.mark.parametrize(("source", "value"), [
    ("Referral", 1.0), ("partner referrals", 1.0), ("Inbound", 0.8), ("website", 0.8),
    ("Demo Request", 0.8), ("Event", 0.6), ("WEBINAR", 0.6), ("LinkedIn", 0.5),
    ("social media", 0.5), ("Cold outreach", 0.2), ("list", 0.2), ("Purchased", 0.2),
    (None, 0.3), ("newsletter", 0.3),
])
def test_source_quality(source, value):
    assert source_quality(source) == value


def test_the_best_named_source_counts():
    assert source_quality("cold linkedin") == 0.5


@pytest.mark.parametrize(("score", "grade"), [
    (1.0, "A"), (0.75, "A"), (0.749, "B"), (0.55, "B"), (0.549, "C"), (0.35, "C"),
    (0.349, "D"), (0.0, "D"),
])
def test_grade_floors(score, grade):
    assert grade_for(score) == grade


def test_top_lead_scores_one_and_is_qualified():
    result = score_lead(lead(title="CEO", industry="SaaS", source="referral", company_size=40,
                             country="US", phone="+1 555 0100", website="https://acme.io",
                             linkedin_url="https://linkedin.com/in/jane"))
    assert (result.score, result.grade, result.qualified) == (1.0, "A", True)
    assert result.factors == {"seniority": 1.0, "company_fit": 1.0, "source": 1.0,
                              "completeness": 1.0}


def test_score_is_the_weighted_sum_rounded():
    # .35*.5 + .30*.4 + .20*.6 + .15*(3/8) = .175 + .12 + .12 + .05625 -> 0.471
    result = score_lead(lead(title="Manager", industry="Construction", source="webinar"))
    assert result.factors["completeness"] == 0.375
    assert (result.score, result.grade, result.qualified) == (0.471, "C", False)


def test_bare_lead_is_grade_d():
    # no title 0; unknown industry .30*.2 = .06; unknown source .20*.3 = .06; no extras 0
    result = score_lead(lead())
    assert result.score == 0.12 and result.grade == "D"


def test_b_grade_is_qualified():
    # .35*.8 + .30*1 + .20*.3 + .15*(2/8) = .28 + .30 + .06 + .0375 = .6775
    result = score_lead(lead(title="Director", industry="fintech"))
    assert result.grade == "B" and result.qualified
    assert result.score == 0.678  # rounded half up


@pytest.mark.parametrize("industry", ["Online Gambling Software", "Tobacco", "Firearms retail",
                                      "Adult Entertainment"])
def test_excluded_industry_disqualifies(industry):
    result = score_lead(lead(title="CEO", industry=industry, source="referral",
                             country="US", phone="1", website="https://x.io"))
    assert result.grade == "D" and not result.qualified
    assert result.score <= 0.2
    assert result.factors["excluded_industry"] == 1.0 and result.factors["company_fit"] == 0.0


def test_adult_education_is_not_excluded():
    assert "excluded_industry" not in score_lead(lead(industry="Adult Education")).factors


def test_a_score_exactly_on_a_floor_gets_that_grade():
    # .35*.5 + .30*1 + .20*1 + .15*(4/8) = .175 + .30 + .20 + .075 = .75 exactly
    at_a = score_lead(lead(title="Manager", industry="SaaS", source="referral", country="US"))
    assert (at_a.score, at_a.grade) == (0.75, "A")
    # .35*.5 + .30*.2 + .20*.2 + .15*(4/8) = .175 + .06 + .04 + .075 = .35 exactly
    at_c = score_lead(lead(title="Manager", source="cold", country="US", phone="555 0100"))
    assert (at_c.score, at_c.grade) == (0.35, "C")
