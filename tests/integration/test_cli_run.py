"""`aicmo run --json` as a user runs it: a separate process with its own embedded Ray."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cli import EXAMPLES
from tests.integration.checks import assert_pack_intact

pytestmark = pytest.mark.ray


def test_run_prints_json_outcomes_and_writes_packs(tmp_path):
    aicmo = Path(sys.executable).parent / "aicmo"
    done = subprocess.run(
        [str(aicmo), "run", str(EXAMPLES), "--json", "--out", str(tmp_path / "out"),
         "--data-dir", str(tmp_path / "data"), "--num-cpus", "2", "--timeout", "300"],
        capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["counts"] == {"delivered": 18, "rejected": 6, "compensated": 2}
    for campaign in report["campaigns"]:
        if campaign["outcome"] == "delivered":
            assert_pack_intact(campaign["pack_dir"])
        else:
            assert campaign["reason"]
