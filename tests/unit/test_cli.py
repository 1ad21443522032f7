"""The CLI's own logic, without Ray: reading briefs files, summaries, exit codes."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from cli.batch import summarize
from cli.inputs import load_briefs
from cli.main import main
from cli.options import EXIT_INPUT, EXIT_NEEDS_OPERATOR, EXIT_OK, InputError
from cli.status import exit_code, render_status
from contracts.supervisor import BatchView, CampaignOutcome, Outcome


def view(*outcomes: CampaignOutcome) -> BatchView:
    counts: dict[str, int] = {}
    for c in outcomes:
        counts[c.outcome.value] = counts.get(c.outcome.value, 0) + 1
    return BatchView(batch_id="b-1", total=len(outcomes), finished=len(outcomes), counts=counts,
                     states={}, done=True, version=1, created_at=datetime(2027, 1, 1, tzinfo=UTC),
                     campaigns=list(outcomes))


DELIVERED = CampaignOutcome(campaign_id="c-1", state="COMPLETED", step=None,
                            outcome=Outcome.DELIVERED, pack_dir="/out/c-1")
REJECTED = CampaignOutcome(campaign_id="c-2", state="CANCELLED", step=None,
                           outcome=Outcome.REJECTED, reason="brief rejected: offer is TBD")
STUCK = CampaignOutcome(campaign_id="c-3", state="COMPENSATION_FAILED", step=None,
                        outcome=Outcome.COMPENSATION_FAILED, reason="pack: io_failed",
                        compensation_failures=["pack: io_failed: disk gone"])


def test_loads_bare_and_wrapped_briefs(tmp_path):
    path = tmp_path / "b.jsonl"
    path.write_text('{"client_name": "A"}\n\n'
                    '{"campaign_id": "c-9", "brief": {"client_name": "B"}}\n')
    assert load_briefs(path) == [{"campaign_id": None, "brief": {"client_name": "A"}},
                                 {"campaign_id": "c-9", "brief": {"client_name": "B"}}]


@pytest.mark.parametrize(("content", "needle"), [
    ('{"ok": 1}\n{not json}\n', "b.jsonl:2: not valid JSON"),
    ("[1, 2]\n", "b.jsonl:1: expected a JSON object"),
    ("\n\n", "holds no briefs"),
])
def test_bad_briefs_files_say_where(tmp_path, content, needle):
    path = tmp_path / "b.jsonl"
    path.write_text(content)
    with pytest.raises(InputError, match=needle):
        load_briefs(path)


def test_missing_file_exits_with_input_error(tmp_path, capsys):
    assert main(["run", str(tmp_path / "nope.jsonl")]) == EXIT_INPUT
    assert "cannot read" in capsys.readouterr().err


def test_json_summary_has_the_documented_shape():
    out = json.loads(summarize(view(DELIVERED, REJECTED), as_json=True))
    assert out == {"batch_id": "b-1", "counts": {"delivered": 1, "rejected": 1}, "campaigns": [
        {"campaign_id": "c-1", "outcome": "delivered", "pack_dir": "/out/c-1"},
        {"campaign_id": "c-2", "outcome": "rejected", "reason": "brief rejected: offer is TBD"}]}


def test_text_summary_lists_failures_with_reasons():
    text = summarize(view(DELIVERED, REJECTED, STUCK), as_json=False)
    assert "c-2 rejected: brief rejected: offer is TBD" in text
    assert "compensation failed: pack: io_failed: disk gone" in text
    assert "packs in /out" in text


def test_exit_code_needs_an_operator_only_when_a_compensation_failed():
    assert exit_code(view(DELIVERED, REJECTED)) == EXIT_OK
    assert exit_code(view(DELIVERED, STUCK)) == EXIT_NEEDS_OPERATOR


def test_status_shows_outcomes_steps_and_states():
    running = CampaignOutcome(campaign_id="c-4", state="CREATIVE_GENERATED", step="qc",
                              outcome=None)
    status = view(DELIVERED, REJECTED).model_copy(update={
        "campaigns": [DELIVERED, REJECTED, running], "total": 3, "done": False,
        "steps": {"qc": 1}, "states": {"DELIVERED": 1, "CANCELLED": 1,
                                       "CREATIVE_GENERATED": 1}})
    text = render_status(status, with_campaigns=True)
    assert "2/3  running" in text
    assert "outcomes: delivered=1  rejected=1" in text
    assert "steps:    qc=1" in text
    assert "c-4  CREATIVE_GENERATED   qc" in text
