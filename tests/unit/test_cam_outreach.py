"""Outreach plans: three steps on days 0, 3 and 7, personal, never a leftover placeholder,
always an opt-out, the same words for the same lead."""

from __future__ import annotations

import re

import pytest

from actors.cam._outreach import (
    EMAIL_OPT_OUT,
    LINKEDIN_OPT_OUT,
    first_name,
    plan_outreach,
)
from contracts.cam import LeadSummary
from contracts.common import DEFAULT_AGENCY_NAME


def summary(**overrides) -> LeadSummary:
    base = dict(lead_id="l-1", email="jane@acme.io", name="Jane Doe", company="Acme Robotics",
                title="VP Marketing", source="referral", industry="B2B SaaS", score=0.9,
                grade="A", qualified=True, factors={}, status="qualified")
    return LeadSummary(**{**base, **overrides})


def test_three_steps_email_linkedin_follow_up():
    steps = plan_outreach(summary())
    assert [(s.step, s.day, s.channel) for s in steps] == [
        (1, 0, "email"), (2, 3, "linkedin"), (3, 7, "email")]
    assert steps[0].subject and steps[2].subject and steps[1].subject is None
    assert steps[2].subject.startswith("Re: ")


def test_personalized_from_the_lead():
    first, note, follow_up = plan_outreach(summary())
    assert first.body.startswith("Hi Jane,")
    assert "As VP Marketing at Acme Robotics" in first.body
    assert "B2B SaaS companies" in first.body
    assert "trials" in first.body  # the SaaS angle
    assert all("Acme Robotics" in s.body for s in (first, note, follow_up))
    assert DEFAULT_AGENCY_NAME in first.body


def test_every_step_ends_with_an_opt_out():
    first, note, follow_up = plan_outreach(summary())
    assert first.body.endswith(EMAIL_OPT_OUT) and follow_up.body.endswith(EMAIL_OPT_OUT)
    assert "unsubscribe" in EMAIL_OPT_OUT
    assert note.body.endswith(LINKEDIN_OPT_OUT) and "stop" in LINKEDIN_OPT_OUT


@pytest.mark.parametrize("lead", [
    summary(title=None, industry=None, source=None),
    summary(name="{first_name}", company="{{company}}", title="{title}"),
    summary(name="  ", company="Acme"),
])
def test_no_placeholders_or_none_when_facts_are_missing(lead):
    for step in plan_outreach(lead):
        text = f"{step.subject or ''} {step.body}"
        assert not re.search(r"[{}]|\bNone\b|\bnull\b", text), text
        assert "  " not in text and " ," not in text


def test_missing_facts_change_the_sentence():
    first = plan_outreach(summary(title=None, industry=None))[0]
    assert "At Acme Robotics, I'd guess" in first.body and "growing companies" in first.body


def test_deterministic_for_the_same_lead():
    assert plan_outreach(summary()) == plan_outreach(summary())


def test_a_custom_sender_signs():
    assert all("Brightside" in s.body for s in plan_outreach(summary(), sender="Brightside"))


@pytest.mark.parametrize(("name", "first"), [
    ("Jane Doe", "Jane"), ("Dr. Jane Doe", "Jane"), ("Doe, Jane", "Jane"), ("JANE DOE", "Jane"),
    ("jane doe", "Jane"), ("DeShawn McKenzie", "DeShawn"), ("Prof Ada", "Ada"),
])
def test_first_name(name, first):
    assert first_name(name) == first
