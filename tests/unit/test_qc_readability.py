"""Readability of long-form copy warns, with the measured values as evidence."""

from __future__ import annotations

import pytest

from actors.qc._rules_readability import measure, syllables
from contracts.common import Severity
from contracts.qc import CheckStatus, QcStatus
from tests.unit.test_qc_checks import CLEAN, LONG_SENTENCE
from tests.unit.test_qc_factory import find, not_passed

JARGON = ("Northwind operationalizes organizational reconciliation methodology, "
          "institutionalizing authoritative accountability. Book a demo.")


@pytest.mark.parametrize(("word", "count"), [("close", 1), ("ledger", 2), ("table", 2),
                                             ("automation", 4), ("2027", 1)])
def test_syllable_estimate(word: str, count: int) -> None:
    assert syllables(word) == count


def test_measure_counts_sentences_and_lines_and_skips_links() -> None:
    m = measure("One two three. Four five!\n- six seven\nSee https://northwind.io #FinOps")

    assert (m.sentences, m.words) == (4, 8)
    assert m.sentence_length == 2.0


def test_long_sentences_warn_with_the_average_as_evidence() -> None:
    report = CLEAN.with_asset("li-1", body=LONG_SENTENCE).run()

    check = find(report, "readability", "li-1")
    assert (check.status, check.severity) == (CheckStatus.WARN, Severity.MINOR)
    words = measure(LONG_SENTENCE).words
    assert f"average sentence {words:.1f} words (limit 25)" in check.evidence
    assert (report.status, report.score) == (QcStatus.WARN, 95)


def test_hard_words_warn_on_flesch_even_in_short_sentences() -> None:
    text = JARGON + " Read the case study. Unsubscribe."
    measured = measure(text)
    assert measured.sentence_length < 25 and measured.flesch < 30

    report = CLEAN.with_asset("em-2", body=text).run()

    check = find(report, "readability", "em-2")
    assert check.status is CheckStatus.WARN
    assert f"Flesch reading ease {measured.flesch:.1f} (floor 30)" in check.evidence
    assert not_passed(report) == [("readability", "em-2")]


@pytest.mark.parametrize("asset_id", ["x-1", "ig-1", "meta-1", "gads-1", "vid-1"])
def test_short_form_channels_are_not_scored_for_readability(asset_id: str) -> None:
    report = CLEAN.with_asset(asset_id, body=CLEAN.asset(asset_id).body + " " + JARGON).run()

    assert not [c for c in report.checks
                if c.check_id == "readability" and c.asset_id == asset_id]
