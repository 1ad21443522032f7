"""`aicmo run --json` keeps stdout to the JSON document even while Ray reports a worker it
lost: a separate CLI process with its own embedded Ray, one of whose actors is killed."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import psutil
import pytest

from cli.inputs import EXAMPLES
from tests.integration.checks import cli_env

pytestmark = [pytest.mark.ray, pytest.mark.usefixtures("each_store")]
VICTIM = "ray::StrategyActor"  # a module actor's worker, as Ray titles its process


class CliRun:
    """The CLI as a user starts it, and every process of its Ray that the test has seen."""

    def __init__(self, cli: subprocess.Popen):
        self.cli = cli
        self.seen: dict[int, psutil.Process] = {}

    def descendants(self) -> list[psutil.Process]:
        try:
            found = psutil.Process(self.cli.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            found = []
        self.seen.update((p.pid, p) for p in found)
        return found

    def worker(self, title: str) -> psutil.Process:
        """Wait (on the CLI process, a fifth of a second at a time) for its worker `title`."""
        while True:
            for process in self.descendants():
                try:
                    if " ".join(process.cmdline()).startswith(title):
                        return process
                except psutil.NoSuchProcess:
                    continue
            try:
                self.cli.wait(timeout=0.2)
            except subprocess.TimeoutExpired:
                continue
            raise AssertionError(f"the CLI exited ({self.cli.returncode}) before {title} ran")

    def end(self) -> None:
        """Stop the CLI if it still runs, then any process of its Ray left behind."""
        self.descendants()
        if self.cli.poll() is None:
            self.cli.kill()
            self.cli.wait()
        for process in self.seen.values():  # psutil refuses a pid reused since it was seen
            with suppress(psutil.NoSuchProcess):
                process.kill()


@contextmanager
def aicmo_run(tmp_path: Path, *args: str) -> Iterator[CliRun]:
    """`aicmo run ARGS` with its own embedded Ray; stdout and stderr go to files."""
    command = [str(Path(sys.executable).parent / "aicmo"), "run", *args, "--data-dir",
               str(tmp_path / "data"), "--num-cpus", "2"]
    with open(tmp_path / "stdout", "w") as out, open(tmp_path / "stderr", "w") as err:
        run = CliRun(subprocess.Popen(command, stdout=out, stderr=err,
                                      env=cli_env(tmp_path / "data")))
    try:
        yield run
    finally:
        run.end()


def test_json_output_stays_json_while_a_worker_is_killed(tmp_path):
    with aicmo_run(tmp_path, str(EXAMPLES), "--json", "--out", str(tmp_path / "out"),
                   "--batch-id", "killed", "--formats", "data", "--timeout", "300",
                   "--auto-approve") as run:
        run.worker(VICTIM).kill()
        assert run.cli.wait(timeout=600) == 0, (tmp_path / "stderr").read_text()[-2000:]
    report = json.loads((tmp_path / "stdout").read_text())  # nothing of Ray's in stdout
    assert report["batch_id"] == "killed"
    assert report["counts"] == {"delivered": 17, "rejected": 7, "compensated": 2}
    assert "A worker died or was killed" in (tmp_path / "stderr").read_text()  # Ray spoke
