"""Copy rules: placeholder residue, internal markers, clichés, brand, CTA and email footers,
with word-boundary matching so real words are never flagged.
"""

from __future__ import annotations

import pytest

from actors.qc._rules_copy import CLICHES
from contracts.common import Severity
from contracts.qc import CheckStatus, QcStatus
from tests.unit.test_qc_checks import CLEAN, body, swap
from tests.unit.test_qc_factory import find, not_passed


@pytest.mark.parametrize(
    "residue",
    ["TBD", "todo", "{{first_name}}", "{{ offer.url }}", "{% if vip %}", "[Brand]", "[brand]",
     "[Client Name]", "[CLIENT_NAME]", "lorem ipsum", "Lorem  Ipsum", "<insert link>",
     "<INSERT testimonial here>", "example.com", "https://www.example.com/offer"],
)
def test_placeholder_is_a_blocker_quoting_the_match(residue: str) -> None:
    report = body("li-1", f" Price: {residue}.").run()

    placeholder = find(report, "placeholder", "li-1")
    assert (placeholder.status, placeholder.severity) == (CheckStatus.FAIL, Severity.BLOCKER)
    quoted = "example.com" if "example.com" in residue else residue
    assert f'"{quoted}"' in placeholder.evidence
    assert not_passed(report) == [("placeholder", "li-1")]
    assert (report.status, report.score) == (QcStatus.FAIL, 70)


@pytest.mark.parametrize(
    "field", [{"subject": "Hi {{first_name}}, meet Northwind"}, {"preheader": "TODO"},
              {"hook": "[Hook Line]"}, {"title": "Lorem ipsum dolor"}],
)
def test_placeholder_in_any_reader_facing_field_is_caught(field: dict[str, str]) -> None:
    report = CLEAN.with_asset("em-1", **field).run()

    assert ("placeholder", "em-1") in not_passed(report)


@pytest.mark.parametrize(
    "prose",
    ["Our todos app users love it", "Outstanding invoices, cleared.",
     "Reference tbdx-42 and photodocs.", "Lorem is not a placeholder on its own",
     "As he wrote [sic], it works", "[Learn More](https://northwind.io)",
     "Use {single} braces and <b>bold</b>", "Visit counterexample.community today",
     "Insert your card and go"],
)
def test_real_words_are_not_flagged_as_placeholders(prose: str) -> None:
    report = body("li-1", " " + prose).run()

    assert find(report, "placeholder", "li-1").status is CheckStatus.PASS


def test_script_directions_are_not_placeholders() -> None:
    report = body("vid-1", "\n[VO] Five days back.\n[SFX] A door shuts.\n[CUT TO] Desk.").run()

    assert find(report, "placeholder", "vid-1").status is CheckStatus.PASS


@pytest.mark.parametrize(
    "marker", ["Internal: check numbers", "DO NOT SHARE", "WIP", "fixme", "Draft only",
               "Confidential - internal", "Confidential \u2013 Internal"],
)
def test_internal_markers_are_blockers(marker: str) -> None:
    report = body("x-1", f" {marker}").run()

    found = find(report, "internal_marker", "x-1")
    assert (found.status, found.severity) == (CheckStatus.FAIL, Severity.BLOCKER)
    assert not_passed(report) == [("internal_marker", "x-1")]


@pytest.mark.parametrize("prose", ["Wipe the slate clean.", "Our internal audit team loves it.",
                                   "Do share this with your CFO."])
def test_words_near_markers_are_not_flagged(prose: str) -> None:
    assert not_passed(body("x-1", f" {prose}").run()) == []


def test_at_least_twelve_cliches_are_banned() -> None:
    assert len(CLICHES) >= 12


@pytest.mark.parametrize(
    "cliche", ["In today's digital age", "In today\u2019s digital age", "content is king",
               "a game changer", "real synergy", "think outside the box",
               "take it to the next level", "cutting edge", "world-class", "best in class",
               "revolutionary"],
)
def test_cliches_are_minor_and_quoted(cliche: str) -> None:
    report = body("fb-1", f" {cliche}.").run()

    found = find(report, "cliche", "fb-1")
    assert (found.status, found.severity) == (CheckStatus.FAIL, Severity.MINOR)
    assert cliche.split()[-1] in found.evidence and found.fix
    assert (report.status, report.score) == (QcStatus.WARN, 97)


def test_brand_match_ignores_case_and_possessive() -> None:
    report = swap("x-1", "Northwind matches", "NORTHWIND's engine matches").run()

    assert find(report, "brand", "x-1").status is CheckStatus.PASS


def test_brand_inside_another_word_does_not_count() -> None:
    report = swap("x-1", "Northwind", "Northwindy").run()

    assert find(report, "brand", "x-1").status is CheckStatus.FAIL


def test_brand_in_an_ad_headline_is_enough() -> None:
    swapped = swap("gads-1", "Northwind", "It")
    campaign = swapped.with_asset("gads-1", descriptions=[
        d.replace("Northwind", "It") for d in swapped.asset("gads-1").descriptions])

    assert find(campaign.run(), "brand", "gads-1").status is CheckStatus.PASS


@pytest.mark.parametrize("cta", ["", "   "])
def test_empty_cta_is_a_blocker(cta: str) -> None:
    report = CLEAN.with_asset("x-1", cta=cta).run()

    assert not_passed(report) == [("cta", "x-1")]
    assert "no call to action" in find(report, "cta", "x-1").evidence


def test_cta_match_ignores_case_and_line_breaks() -> None:
    report = swap("li-1", "Book a demo", "BOOK A\ndemo").run()

    assert find(report, "cta", "li-1").status is CheckStatus.PASS


def test_email_without_its_cta_fails_cta_and_single_cta() -> None:
    report = swap("em-1", "Book a demo and", "Reply and").run()

    assert not_passed(report) == [("cta", "em-1"), ("email.single_cta", "em-1")]
    assert "appears 0 times" in find(report, "email.single_cta", "em-1").evidence


def test_opt_out_wording_counts_as_an_unsubscribe_line() -> None:
    report = swap("em-3", "Unsubscribe any time.", "Opt out in one click.").run()

    assert find(report, "email.unsubscribe", "em-3").status is CheckStatus.PASS


def test_cta_inside_a_longer_word_does_not_count() -> None:
    report = swap("x-1", "Book a demo.", "Book a demonstration.").run()

    assert not_passed(report) == [("cta", "x-1")]
