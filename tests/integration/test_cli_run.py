"""`aicmo run --json` as a user runs it: a separate process with its own embedded Ray."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cli import EXAMPLES
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
    assert report["counts"] == {"delivered": 18, "rejected": 6, "compensated": 2}
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
    approved = aicmo(tmp_path, "review", "approve", campaign_id, "--note", "ship it")
    assert approved.returncode == 0 and "COMPLETED delivered" in approved.stdout, (
        approved.stdout + approved.stderr[-2000:])
    invoices = aicmo(tmp_path, "invoices", "--status", "sent", "--json")
    [invoice] = json.loads(invoices.stdout)["invoices"]
    assert invoice["campaign_id"] == campaign_id and invoice["number"].startswith("INV-")
    paid = aicmo(tmp_path, "pay", invoice["invoice_id"], invoice["total"], invoice["currency"])
    assert paid.returncode == 0 and paid.stdout.strip().endswith("balance 0.00, paid"), (
        paid.stdout + paid.stderr[-2000:])
    report = aicmo(tmp_path, "report", "cli-review", "--out", str(tmp_path / "reports"))
    assert report.returncode == 0 and (tmp_path / "reports" / "cli-review.html").exists()
