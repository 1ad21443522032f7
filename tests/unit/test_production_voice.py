"""Strategy prose becomes audience copy: spoken to the reader, never showing the working."""

from __future__ import annotations

from actors.production._copy_context import audience_phrase, build_context
from actors.production._copy_voice import audience_lines, place, quoted, spoken, topic
from tests.unit.test_production_fixtures import make_brief, make_strategy, produce


def test_third_person_motivations_are_said_to_the_reader() -> None:
    assert spoken("Wants to see it working on their own data before any call.") == \
        "See it working on your own data before any call."
    assert spoken("Wants a decision that is easy to defend.") == \
        "A decision that is easy to defend."


def test_sentences_for_the_team_are_dropped() -> None:
    assert spoken("Progress is reported against a numeric target as the campaign runs.") is None
    assert spoken("Likes that the offer is concrete: a free pilot.") is None
    assert spoken("One of the buyers who signs off spend.") is None
    assert spoken("Fees are buried in small print.") == "Fees are buried in small print."


def test_lines_split_into_sentences_and_drop_ones_holding_the_offer() -> None:
    problem = "Buyers know the problem well. The campaign shows how it works. Errors surface late."
    assert audience_lines([problem]) == ["Buyers know the problem well.", "Errors surface late."]
    assert audience_lines(["We sell Widget Pro."], exclude="Widget Pro") == []


def test_only_quoted_objections_are_the_audiences_words() -> None:
    items = ["\u201cWhat does it really cost?\u201d", "Wants to know how it is regulated."]
    assert quoted(items) == ["What does it really cost?"]


def test_topic_drops_the_objective_label_of_a_pillar() -> None:
    assert topic("Pilot sign-ups: see the planner in action") == "see the planner in action"
    assert topic("Fewer stockouts, calmer promotions") == "Fewer stockouts, calmer promotions"


def test_audience_and_place_read_mid_sentence() -> None:
    assert audience_phrase("Controllers and VPs of Finance at US companies") == \
        "controllers and VPs of Finance"
    assert audience_phrase("Women aged 25-44 in UK cities") == "women aged 25-44"
    assert place("United States") == "the United States" and place("Brazil") == "Brazil"


def test_context_holds_no_forbidden_proof_and_copy_shows_no_working() -> None:
    brief = make_brief()
    ctx = build_context(brief, make_strategy(brief))
    assert all("guaranteed" not in p.lower() for p in ctx.proofs)
    for asset in produce()[2].assets:
        assert "campaign" not in asset.body.lower() and "persona" not in asset.body.lower()


def test_an_offer_with_its_own_colon_is_introduced_with_a_dash() -> None:
    brief = make_brief(offer="Summer capsule: 12 linen pieces")
    ctx = build_context(brief, make_strategy(brief))
    assert ctx.presents(brief.offer) == "Northwind \u2014 Summer capsule: 12 linen pieces."
    assert ctx.presents("A free trial") == "Northwind: A free trial."
