"""Running the same file again, resuming a batch, and refusals that say what happened, as a
user meets them: separate `aicmo` processes, each with its own embedded Ray, over one data
dir. SQLite only: the resume checks are store-neutral and run on both stores in the unit
tier (test_batch_supervisor_resume.py); here each process costs a Ray start."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cli.inputs import EXAMPLES
from tests.integration.checks import cli_env

pytestmark = pytest.mark.ray


def aicmo(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).parent / "aicmo"), *args, "--data-dir",
               str(tmp_path / "data"), "--num-cpus", "2"]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, check=False,
                          env=cli_env(tmp_path / "data"))


def last_line(stderr: str) -> str:
    """The command's own last word: Ray logs its start on stderr before it."""
    return stderr.strip().splitlines()[-1]


def run(tmp_path: Path, briefs: Path, *args: str) -> subprocess.CompletedProcess:
    return aicmo(tmp_path, "run", str(briefs), "--out", str(tmp_path / "out"), "--formats",
                 "data", "--auto-approve", *args)


def test_the_same_file_twice_is_refused_with_the_way_to_resume_and_resumes(tmp_path):
    record = json.loads(EXAMPLES.read_text().splitlines()[0])
    briefs = tmp_path / "one.jsonl"
    briefs.write_text(json.dumps(record) + "\n")
    first = run(tmp_path, briefs, "--batch-id", "b-first")
    assert first.returncode == 0, first.stderr[-2000:]

    again = run(tmp_path, briefs)
    assert again.returncode == 2, again.stderr[-2000:]
    assert (f"campaign {record['campaign_id']} already belongs to batch b-first: see it with "
            f"`aicmo status b-first`, resume it with `aicmo run {briefs} --batch-id "
            "b-first`") in again.stderr

    resumed = run(tmp_path, briefs, "--batch-id", "b-first", "--json")
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert "resuming it" in resumed.stderr
    assert json.loads(resumed.stdout)["counts"] == {"delivered": 1}  # the batch as it finished

    changed = tmp_path / "changed.jsonl"
    changed.write_text(json.dumps({**record, "brief": {**record["brief"],
                                                       "budget": "12345"}}) + "\n")
    refused = run(tmp_path, changed, "--batch-id", "b-first")
    assert refused.returncode == 2
    assert "batch b-first was submitted with other briefs" in refused.stderr
    assert f"the brief of campaign {record['campaign_id']} differs in budget" in refused.stderr


def test_not_found_says_what_was_not_found_and_pay_takes_the_number(tmp_path):
    briefs = tmp_path / "one.jsonl"
    briefs.write_text(EXAMPLES.read_text().splitlines()[0] + "\n")
    assert run(tmp_path, briefs, "--batch-id", "b-pay").returncode == 0

    missing = aicmo(tmp_path, "report", "no-such-batch")
    assert (missing.returncode, last_line(missing.stderr)) == (
        2, "aicmo: no batch named no-such-batch")
    unknown = aicmo(tmp_path, "pay", "INV-1999-000001", "10.00", "USD")
    assert (unknown.returncode, last_line(unknown.stderr)) == (
        2, "aicmo: no invoice INV-1999-000001")

    listed = aicmo(tmp_path, "invoices", "--json")
    [invoice] = [json.loads(line) for line in listed.stdout.splitlines()]
    paid = aicmo(tmp_path, "pay", invoice["number"], invoice["total"], invoice["currency"])
    assert paid.returncode == 0, paid.stderr[-2000:]
    assert f"{invoice['number']}: recorded" in paid.stdout
