"""`aicmo run --json` as a user runs it: a separate process with its own embedded Ray."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from actors.billing._rate_data import DEFAULT_RATE_CARD
from cli.inputs import EXAMPLES
from tests.integration.checks import assert_pack_intact, cli_env

pytestmark = [pytest.mark.ray, pytest.mark.usefixtures("each_store")]


def test_run_prints_json_outcomes_and_writes_packs(tmp_path):
    aicmo = Path(sys.executable).parent / "aicmo"
    done = subprocess.run(
        [str(aicmo), "run", str(EXAMPLES), "--json", "--out", str(tmp_path / "out"),
         "--data-dir", str(tmp_path / "data"), "--num-cpus", "2", "--timeout", "300",
         "--auto-approve"],
        capture_output=True, text=True, timeout=600, check=False, env=cli_env(tmp_path / "data"))
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["counts"] == {"delivered": 17, "rejected": 7, "compensated": 2}
    for campaign in report["campaigns"]:
        if campaign["outcome"] == "delivered":
            assert_pack_intact(campaign["pack_dir"])
        else:
            assert campaign["reason"]


def aicmo(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """One CLI process, with its own embedded Ray over the same data directory."""
    command = [str(Path(sys.executable).parent / "aicmo"), *args, "--data-dir",
               str(tmp_path / "data"), "--num-cpus", "2"]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, check=False,
                          env=cli_env(tmp_path / "data"))


def test_a_client_decides_in_a_later_process_and_the_lifecycle_finishes(tmp_path):
    briefs = tmp_path / "one.jsonl"
    briefs.write_text(EXAMPLES.read_text().splitlines()[0] + "\n")
    first = aicmo(tmp_path, "run", str(briefs), "--json", "--out", str(tmp_path / "out"),
                  "--batch-id", "cli-review")
    assert first.returncode == 5, first.stderr[-2000:]  # waiting for the client
    assert json.loads(first.stdout)["counts"] == {"awaiting_review": 1}
    listed = aicmo(tmp_path, "review", "list")
    [campaign_id] = [line.split()[0] for line in listed.stdout.splitlines() if "pending" in line]
    # -v: billing's warning about an invoice it could not tax (this card taxes nowhere)
    # reaches stderr from the actor's process; stdout stays the command's output.
    card = tmp_path / "untaxed.json"
    card.write_text(json.dumps({**DEFAULT_RATE_CARD, "tax_rates": []}, default=str))
    approved = aicmo(tmp_path, "-v", "review", "approve", campaign_id, "--note", "ship it",
                     "--rate-card", str(card))
    assert approved.returncode == 0 and "COMPLETED delivered" in approved.stdout, (
        approved.stdout + approved.stderr[-2000:])
    assert f"invoice for campaign {campaign_id} issued without tax" in approved.stderr
    assert approved.stdout.strip() == f"{campaign_id}: COMPLETED delivered"
    invoices = aicmo(tmp_path, "invoices", "--status", "sent", "--json")
    [invoice] = [json.loads(line) for line in invoices.stdout.splitlines()]  # JSON lines
    assert invoice["campaign_id"] == campaign_id and invoice["number"].startswith("INV-")
    paid = aicmo(tmp_path, "pay", invoice["invoice_id"], invoice["total"], invoice["currency"])
    assert paid.returncode == 0 and paid.stdout.strip().endswith("balance 0.00, paid"), (
        paid.stdout + paid.stderr[-2000:])
    report = aicmo(tmp_path, "report", "cli-review", "--out", str(tmp_path / "reports"))
    assert report.returncode == 0 and (tmp_path / "reports" / "cli-review.html").exists()
    # The data dir from AICMO_DATA_DIR, shared options before the subcommand.
    status = subprocess.run(
        [str(Path(sys.executable).parent / "aicmo"), "--num-cpus", "2", "--json", "status",
         "cli-review"], capture_output=True, text=True, timeout=600, check=False,
        env={**cli_env(tmp_path / "data"), "AICMO_DATA_DIR": str(tmp_path / "data")})
    shown = json.loads(status.stdout)
    assert shown["data_dir"] == str(tmp_path / "data") and shown["done"], status.stderr[-2000:]


def test_a_reading_command_on_a_dir_without_data_creates_nothing(tmp_path):
    """No Ray starts: the check comes first, so this costs no more than the interpreter."""
    done = subprocess.run([str(Path(sys.executable).parent / "aicmo"), "review", "list"],
                          capture_output=True, text=True, timeout=120, check=False,
                          env={**_without_database_url(),
                               "AICMO_DATA_DIR": str(tmp_path / "nothing")},
                          cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert f"no AICMO data in {tmp_path / 'nothing'}" in done.stderr
    assert not (tmp_path / "nothing").exists() and not (tmp_path / ".aicmo").exists()


def _without_database_url() -> dict[str, str]:
    """This environment minus AICMO_DATABASE_URL: a cluster store would skip the check."""
    return {k: v for k, v in os.environ.items() if k != "AICMO_DATABASE_URL"}
