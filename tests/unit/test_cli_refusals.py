"""What `aicmo` says, and which code it exits with, when the system refuses a request or a
batch parks on dead letters (the real commands against tests.unit.cli_fakes, no Ray)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cli.batch import summarize
from cli.main import main
from cli.options import EXIT_DEAD_LETTER, EXIT_INPUT, EXIT_RUNTIME
from cli.status import exit_code, render_status
from contracts.supervisor import BatchView, CampaignOutcome
from driver.errors import CampaignTaken, Conflict, NotFound, Unavailable
from tests.unit import cli_fakes
from tests.unit.cli_fakes import LETTER, NOW


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """A data dir holding a store, and the fake runtime where the CLI looks for one."""
    cli_fakes.install(monkeypatch)
    (tmp_path / "supervisor.db").write_bytes(b"")
    return str(tmp_path)


def refuse_with(monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    """Every request the fake runtime gets is refused with `error`."""
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise error
    for name in ("ask", "ask_module", "submit"):
        monkeypatch.setattr(cli_fakes.FakeRuntime, name, refuse)


@pytest.mark.parametrize("command, said", [
    (["report", "b-9"], "aicmo: no batch named b-9\n"),
    (["review", "approve", "c-9"], "aicmo: no open review for campaign c-9\n"),
    (["pay", "INV-2026-000009", "10.00", "USD"], "aicmo: no invoice INV-2026-000009\n"),
])
def test_a_not_found_says_what_was_not_found(monkeypatch, capsys, data_dir, command, said):
    refuse_with(monkeypatch, NotFound("not_found", "no such thing"))

    code = main([*command, "--data-dir", data_dir])

    err = capsys.readouterr().err
    assert (code, err) == (EXIT_INPUT, said)


def test_a_conflict_is_the_users_to_fix_and_says_so_plainly(monkeypatch, capsys, data_dir):
    refuse_with(monkeypatch, Conflict("conflict", "campaign c-1: round 0 was already decided"))

    code = main(["review", "approve", "c-1", "--data-dir", data_dir])

    err = capsys.readouterr().err
    assert code == EXIT_INPUT
    assert err == "aicmo: refused (conflict): campaign c-1: round 0 was already decided\n"


def test_a_fault_on_the_far_side_is_a_runtime_failure(monkeypatch, capsys, data_dir):
    refuse_with(monkeypatch, Unavailable("internal", "KeyError: 'tax_rate'"))

    code = main(["report", "b-1", "--data-dir", data_dir])

    assert code == EXIT_RUNTIME
    assert "submission refused" not in capsys.readouterr().err


def test_running_briefs_another_batch_owns_says_how_to_see_and_resume_it(
        monkeypatch, capsys, data_dir, tmp_path):
    briefs = tmp_path / "briefs.jsonl"
    briefs.write_text(json.dumps({"campaign_id": "acme-1", "brief": {}}) + "\n")
    refuse_with(monkeypatch, CampaignTaken("conflict", "taken", "acme-1", "b-first"))

    code = main(["run", str(briefs), "--data-dir", data_dir])

    err = capsys.readouterr().err
    assert code == EXIT_INPUT
    assert err == (f"aicmo: campaign acme-1 already belongs to batch b-first: see it with "
                   f"`aicmo status b-first`, resume it with `aicmo run {briefs} --batch-id "
                   f"b-first`, or give the briefs new campaign ids\n")


def parked_batch() -> BatchView:
    parked = CampaignOutcome(campaign_id="c-1", state="QC_APPROVED", step="invoice",
                             outcome=None, dead_lettered=True, dead_letter=LETTER)
    waiting = CampaignOutcome(campaign_id="c-2", state="QC_APPROVED", step="feedback_0",
                              outcome=None, awaiting_review=True)
    return BatchView(batch_id="b-1", total=2, finished=0,
                     counts={"dead_letter": 1, "awaiting_review": 1}, states={}, done=False,
                     settled=True, version=3, created_at=NOW, campaigns=[parked, waiting])


def test_a_batch_parked_on_a_dead_letter_exits_6_before_review_waits():
    assert exit_code(parked_batch()) == EXIT_DEAD_LETTER == 6


def test_the_summary_names_each_dead_letter_so_it_can_be_retried():
    text = summarize(parked_batch(), as_json=False)

    assert "None" not in text
    assert (f"  - c-1 parked on dead letter {LETTER.letter_id} at step {LETTER.step} "
            f"({LETTER.message_type} -> {LETTER.destination}): {LETTER.error}") in text
    assert f"aicmo dlq retry {LETTER.letter_id}" in text
    document = json.loads(summarize(parked_batch(), as_json=True))
    assert document["campaigns"][0]["dead_letter"]["letter_id"] == LETTER.letter_id


def test_status_names_the_dead_letter_a_campaign_is_parked_on():
    text = render_status(parked_batch(), with_campaigns=True)

    assert f"dead letter {LETTER.letter_id}: {LETTER.error}" in text
