"""`ray job submit` of examples/submit_batch.py against a head started with `ray start
--head`, the way the README tells a user to do it, with token authentication on.

The head runs with `--block` in its own process group on free ports and its own temp dir,
and is stopped by signalling that group: `ray stop` would kill every Ray on the machine.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RAY = str(Path(sys.executable).parent / "ray")
pytestmark = pytest.mark.ray


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_dashboard(url: str, head: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if head.poll() is not None:
            raise RuntimeError(f"ray start exited with {head.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/api/version", timeout=2):
                return
        except urllib.error.HTTPError:  # it answers (401 without the token): it is up
            return
        except OSError:
            time.sleep(1)  # polling a server that is starting: nothing to wait on instead
    raise TimeoutError(f"the dashboard at {url} did not come up in {timeout}s")


@pytest.fixture
def head(tmp_path_factory) -> Iterator[tuple[str, dict[str, str]]]:
    # Every Ray process, `ray job submit` included, uses token authentication with the
    # token in ~/.ray/auth_token (created here if this machine has none yet).
    env = {**os.environ, "RAY_AUTH_MODE": "token"}
    subprocess.run([RAY, "get-auth-token", "--generate"], env=env, check=True,
                   capture_output=True)
    temp = Path("/tmp") / f"aicmo-job-{os.getpid()}"  # short: Ray's socket paths are limited
    dashboard = free_port()
    command = [RAY, "start", "--head", "--block", "--num-cpus=2",
               f"--port={free_port()}", f"--dashboard-port={dashboard}",
               "--dashboard-host=127.0.0.1", f"--ray-client-server-port={free_port()}",
               f"--dashboard-agent-listen-port={free_port()}",
               f"--dashboard-agent-grpc-port={free_port()}",
               f"--metrics-export-port={free_port()}", f"--temp-dir={temp}"]
    log = tmp_path_factory.mktemp("head") / "ray-start.log"
    with log.open("w") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    url = f"http://127.0.0.1:{dashboard}"
    try:
        wait_for_dashboard(url, process)
        yield url, env
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        shutil.rmtree(temp, ignore_errors=True)


def test_ray_job_submit_runs_the_example_driver(head, tmp_path):
    url, env = head
    out = tmp_path / "packs"
    entrypoint = [sys.executable, str(ROOT / "examples" / "submit_batch.py"), "--address",
                  "auto", "--out", str(out), "--data-dir", str(tmp_path / "data")]
    done = subprocess.run([RAY, "job", "submit", "--address", url, "--", *entrypoint], env=env,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "{'delivered': 17, 'rejected': 7, 'compensated': 2}" in done.stdout
    packs = [p for p in out.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))]
    assert len(packs) == 17
    assert (tmp_path / "data" / "billing.db").exists()  # every module's database is there
