"""The lifecycle CLI's own logic, without Ray: lead files, change requests, exit codes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cli.batch import summarize
from cli.inputs import parse_change, read_leads
from cli.main import main
from cli.options import EXIT_AWAITING_REVIEW, EXIT_OK, InputError
from cli.status import exit_code
from contracts.client_review import ChangeKind
from contracts.supervisor import BatchView, CampaignOutcome, Outcome

T = datetime(2027, 1, 1, tzinfo=UTC)


def test_reads_leads_from_csv_with_a_header_and_from_jsonl(tmp_path):
    csv_file = tmp_path / "leads.csv"
    csv_file.write_text("\ufeffname,email,company\nMaya,maya@nw.io,Northwind\nLi,,Acme\n")
    assert read_leads(csv_file) == [{"name": "Maya", "email": "maya@nw.io",
                                     "company": "Northwind"},
                                    {"name": "Li", "email": "", "company": "Acme"}]
    jsonl = tmp_path / "leads.jsonl"
    jsonl.write_text('{"name": "Maya"}\n\n{"name": "Li"}\n')
    assert read_leads(jsonl) == [{"name": "Maya"}, {"name": "Li"}]


@pytest.mark.parametrize(("name", "content", "needle"), [
    ("l.jsonl", '{"ok": 1}\n{nope}\n', "l.jsonl:2: not valid JSON"),
    ("l.csv", "name,email\n", "holds no leads"),
    ("missing.csv", None, "cannot read"),
])
def test_bad_lead_files_say_what_is_wrong(tmp_path, name, content, needle):
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    with pytest.raises(InputError, match=needle):
        read_leads(path)


def test_change_requests_parse_kind_asset_and_phrase():
    assert parse_change("new_hook:a-3").model_dump() == {
        "kind": ChangeKind.NEW_HOOK, "asset_id": "a-3", "phrase": None, "note": ""}
    removal = parse_change("remove_phrase::world-class")
    assert (removal.asset_id, removal.phrase) == (None, "world-class")


@pytest.mark.parametrize("text", ["shorter:a-1", "remove_phrase:a-1", ""])
def test_a_bad_change_request_names_the_kinds(text):
    with pytest.raises(InputError, match="new_hook, rewrite, remove_phrase"):
        parse_change(text)


def test_a_settled_batch_with_campaigns_awaiting_review_exits_5_and_says_how_to_decide():
    waiting = CampaignOutcome(campaign_id="c-1", state="IN_CLIENT_REVIEW", step="feedback_0",
                              outcome=None, awaiting_review=True)
    done = CampaignOutcome(campaign_id="c-2", state="COMPLETED", step=None,
                           outcome=Outcome.DELIVERED, pack_dir="/out/c-2")
    view = BatchView(batch_id="b", total=2, finished=1, done=False, settled=True,
                     counts={"awaiting_review": 1, "delivered": 1}, states={}, version=3,
                     created_at=T, campaigns=[waiting, done])
    assert exit_code(view) == EXIT_AWAITING_REVIEW
    assert "awaiting_review      1  (decide with: aicmo review list)" in summarize(view, False)
    finished = view.model_copy(update={"done": True, "counts": {"delivered": 2}})
    assert exit_code(finished) == EXIT_OK


def test_review_commands_refuse_a_bad_change_before_starting_ray(tmp_path, capsys):
    code = main(["review", "request-changes", "c-1", "--change", "bogus",
                 "--data-dir", str(tmp_path)])
    assert code == 2 and "expected KIND[:ASSET_ID[:PHRASE]]" in capsys.readouterr().err


def test_pay_refuses_an_amount_that_is_not_one_before_starting_ray(tmp_path, capsys):
    code = main(["pay", "inv-1", "ten", "USD", "--data-dir", str(tmp_path)])
    assert code == 2 and "pay:" in capsys.readouterr().err
