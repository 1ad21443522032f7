"""How the CLI writes, without Ray: JSON lines, CSV, money, times with their zone,
and `status --watch` that repaints a terminal but writes plain blocks to a pipe."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from cli import output
from cli.output import csv_text, emit_list, money, when
from cli.status import REPAINT, _watch
from tests.unit.cli_fakes import INVOICE, FakeHandle, batch_view


def test_a_json_list_is_one_object_a_line_keeping_exact_amounts(capsys):
    second = INVOICE.model_copy(update={"invoice_id": "inv-2", "total": Decimal("0.10")})
    emit_list("json", [INVOICE, second], ["invoice_id"], str, "none")
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["invoice_id"] for line in lines] == ["inv-9c1e", "inv-2"]
    assert json.loads(lines[1])["total"] == "0.10"  # a string: no float rounding
    assert json.loads(lines[0])["currency"] == "USD"
    assert json.loads(lines[0])["due_on"] == "2027-01-06"


def test_an_empty_list_is_no_json_lines_a_csv_header_or_the_human_sentence(capsys):
    emit_list("json", [], ["a"], str, "none")
    assert capsys.readouterr().out == ""
    emit_list("csv", [], ["a", "b"], str, "none")
    assert capsys.readouterr().out == "a,b\n"
    emit_list("text", [], ["a"], str, "nothing at all")
    assert capsys.readouterr().out == "nothing at all\n"


def test_csv_has_a_header_and_quotes_what_needs_quoting():
    text = csv_text([{"company": 'Northwind, "Inc."', "total": "4500.00", "extra": 1}],
                    ["company", "total"])
    assert text.splitlines()[0] == "company,total"
    assert list(csv.DictReader(io.StringIO(text))) == [
        {"company": 'Northwind, "Inc."', "total": "4500.00"}]


def test_money_reads_as_money_in_its_currency_precision():
    assert money(Decimal("4500"), "USD") == "$4,500.00"
    assert money(Decimal("1200"), "JPY") == "¥1,200"


def test_times_say_their_zone_and_are_shown_in_utc():
    paris = timezone(timedelta(hours=1))
    assert when(datetime(2026, 12, 7, 15, 0, tzinfo=paris)) == "2026-12-07 14:00 UTC"
    with pytest.raises(ValueError, match="no time zone"):
        when(datetime(2026, 12, 7, 14, 0))


def _watched(views, monkeypatch, terminal: bool) -> str:
    monkeypatch.setattr("cli.status.stdout_is_terminal", lambda: terminal)
    out = io.StringIO()
    monkeypatch.setattr(output, "_output", out)
    assert _watch(FakeHandle(views), interval=0.01, data_dir="/d") == 0
    return out.getvalue()


def test_watch_to_a_pipe_writes_one_plain_block_per_change(monkeypatch):
    # The first view is the watch's starting point; then versions 1, 1 again, 2, 3 (done).
    views = [batch_view(1, done=False), batch_view(1, done=False), batch_view(1, done=False),
             batch_view(2, done=False), batch_view(3, done=True)]
    text = _watched(views, monkeypatch, terminal=False)
    assert "\033" not in text
    assert text.count("data dir: /d") == 3  # one block each for versions 1, 2 and 3
    assert "b-1  1/1  done  (started 2026-12-07 14:00 UTC)" in text


def test_watch_on_a_terminal_repaints_in_place(monkeypatch):
    text = _watched([batch_view(1, done=False), batch_view(2, done=True)], monkeypatch,
                    terminal=True)
    assert text.startswith(REPAINT) and text.count(REPAINT) == 1


def test_the_batch_started_time_says_its_zone():
    from cli.status import render_status

    assert "(started 2026-12-07 14:00 UTC)" in render_status(
        batch_view().model_copy(update={"created_at": datetime(2026, 12, 7, 14, tzinfo=UTC)}),
        with_campaigns=False)
