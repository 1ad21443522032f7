"""Every `aicmo` command end to end against a fake runtime (tests.unit.cli_fakes): lists show
the ids the next command takes, honour --json (JSON lines) and --csv, every command honours
--json, money and times read right, `status` names its data dir, -v reaches the runtime."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from cli.main import main
from tests.unit import cli_fakes
from tests.unit.cli_fakes import aicmo


@pytest.fixture
def store(cli_data_dir: Path) -> Path:
    return cli_data_dir


LISTS = {  # command -> (the id a next command takes, a column its --csv must have)
    ("leads", "list"): ("lead-7f3a", "lead_id"),
    ("invoices",): ("inv-9c1e", "invoice_id"),
    ("review", "list"): ("c-1", "campaign_id"),
    ("followups", "due"): ("fu-1", "follow_up_id"),
    ("dlq", "list"): ("dl-1", "letter_id"),
    ("status",): ("b-1", "batch_id"),
}


@pytest.mark.parametrize("command", LISTS, ids=" ".join)
def test_every_list_speaks_json_lines_and_csv(store, capsys, command):
    wanted, column = LISTS[command]
    [line] = aicmo(store, capsys, *command, "--json").splitlines()
    assert json.loads(line)[column] == wanted
    rows = list(csv.DictReader(io.StringIO(aicmo(store, capsys, *command, "--csv"))))
    assert [row[column] for row in rows] == [wanted]


def test_leads_list_shows_the_lead_id_that_leads_close_takes(store, capsys):
    assert aicmo(store, capsys, "leads", "list").startswith("lead-7f3a  A  0.912  maya@")


def test_invoices_show_the_invoice_id_pay_takes_and_money_as_money(store, capsys):
    line = aicmo(store, capsys, "invoices")
    assert "INV-2026-000001  inv-9c1e  sent" in line
    assert "$4,500.00" in line and "due 2027-01-06" in line
    [row] = csv.DictReader(io.StringIO(aicmo(store, capsys, "invoices", "--csv")))
    assert (row["total"], row["currency"]) == ("4500.00", "USD")  # plain, for a spreadsheet


def test_review_list_gives_the_deadline_with_its_zone(store, capsys):
    assert "due 2026-12-12 14:00 UTC" in aicmo(store, capsys, "review", "list")


def test_status_names_its_data_dir_first_and_in_json(store, capsys):
    assert aicmo(store, capsys, "status").splitlines()[0] == f"data dir: {store}"
    assert json.loads(aicmo(store, capsys, "status", "--json"))["data_dir"] == str(store)
    one = json.loads(aicmo(store, capsys, "status", "b-1", "--json"))
    assert (one["data_dir"], one["batch_id"]) == (str(store), "b-1")
    assert aicmo(store, capsys, "status", "b-1").splitlines()[0] == f"data dir: {store}"


SINGLE = {  # command -> a field its --json document must carry
    ("cancel", "b-1"): "cancelling",
    ("review", "approve", "c-1"): "state",
    ("review", "request-changes", "c-1", "--change", "new_hook:a-1"): "decision",
    ("review", "reject", "c-1"): "outcome",
    ("dlq", "retry", "dl-1"): "letter",
    ("dlq", "discard", "dl-1"): "state",
    ("gc",): "sagas_compacted",
    ("leads", "close", "lead-7f3a", "--deal-id", "d-1", "--fee", "4500"): "signed",
    ("pay", "inv-9c1e", "4500.00", "USD"): "invoice",
    ("report", "b-1"): "html_path",
    ("run", "briefs.jsonl"): "counts",
    ("status", "b-1"): "counts",
}


@pytest.mark.parametrize("command", SINGLE, ids=" ".join)
def test_every_other_command_prints_one_json_document(store, capsys, command):
    (store.parent / "briefs.jsonl").write_text('{"client_name": "A"}\n')
    assert SINGLE[command] in json.loads(aicmo(store, capsys, *command, "--json"))


def test_leads_import_says_one_document_and_real_plurals(store, capsys, tmp_path):
    leads = tmp_path / "leads.csv"
    leads.write_text("name,email\nMaya,maya@northwind.io\nMaya,maya@northwind.io\n")
    assert "duplicates" in json.loads(aicmo(store, capsys, "leads", "import", str(leads),
                                            "--json"))
    assert aicmo(store, capsys, "leads", "import", str(leads)).splitlines()[0] == (
        "1 accepted, 1 duplicate, 0 invalid")


def test_counts_in_sentences_are_real_plurals(store, capsys):
    assert aicmo(store, capsys, "cancel", "b-1") == (
        "b-1: 1 campaign cancelling, 2 already finished\n")
    assert aicmo(store, capsys, "gc") == (
        "compacted 1 finished saga (12 stored replies), pruned 0 rows\n")
    assert "(s)" not in aicmo(store, capsys, "report", "b-1")


def test_demo_json_is_one_document_with_the_pack_check(store, capsys, tmp_path, monkeypatch):
    checked: list[str] = []  # the fake's pack is not on disk: record what demo verifies
    monkeypatch.setattr("actors.delivery.verify_pack", lambda d: checked.append(d) or [])
    out = json.loads(aicmo(store, capsys, "demo", "--json", "--out", str(tmp_path / "packs")))
    assert out["batch_id"] == "b-1" and out["counts"] == {"delivered": 1}
    assert out["packs"] == {"dir": str(tmp_path / "packs"), "total": 1, "verified": 1,
                            "broken": {}}
    assert checked == ["/out/c-1"]  # the delivered campaign's pack, not every folder there


def test_verbose_lets_the_actors_logs_reach_the_driver(store, capsys):
    aicmo(store, capsys, "invoices")
    aicmo(store, capsys, "-v", "invoices")
    assert [s["log_to_driver"] for s in cli_fakes.FakeRuntime.started] == [False, True]


def test_a_writing_command_may_create_the_store(tmp_path, capsys, store):
    fresh = tmp_path / "fresh"
    (tmp_path / "briefs.jsonl").write_text('{"client_name": "A"}\n')
    assert main(["run", str(tmp_path / "briefs.jsonl"), "--data-dir", str(fresh)]) == 0
    [started] = cli_fakes.FakeRuntime.started
    assert started["settings"].data_dir == str(fresh)


def test_watch_without_a_batch_says_which_one_it_needs(store, capsys):
    assert main(["status", "--watch", "--data-dir", str(store)]) == 2
    assert "status --watch follows one batch" in capsys.readouterr().err
    assert cli_fakes.FakeRuntime.started == []  # refused before any runtime
