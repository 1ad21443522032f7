"""`aicmo up` / `aicmo down` as a user runs them: one service for the module, in a data
dir and a HOME of its own. Commands given no --data-dir find it and join it; its sockets
are on loopback only; its timers fire with no command running; `down` leaves no process
of it behind. Then the embedded mode's sockets, in a process of its own.

SQLite only: the service's store is whatever `up` is given, and one up/down cycle costs
close to a minute, so the store matrix stays with the shared-runtime tests.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from infra.service_state import API_TOKEN, RAY_TOKEN, ServiceState, read_state
from runtime.head import free_port, session_members, stop_session
from tests.integration.checks import good_briefs

pytestmark = pytest.mark.ray
AICMO = str(Path(sys.executable).parent / "aicmo")
LOOPBACK = {"127.0.0.1", "::ffff:127.0.0.1", "::1"}


def aicmo(env: dict[str, str], cwd: Path, *args: str, timeout: float = 600
          ) -> subprocess.CompletedProcess:
    return subprocess.run([AICMO, *args], capture_output=True, text=True, timeout=timeout,
                          check=False, env=env, cwd=cwd)


def briefs_file(path: Path, index: int) -> Path:
    """One good brief without a campaign id (each batch its own campaign)."""
    path.write_text(json.dumps(good_briefs(index + 1)[index]) + "\n")
    return path


def listening(processes: list[psutil.Process]) -> list[tuple[int, str, str, int]]:
    """(pid, name, ip, port) of every LISTEN socket the processes hold."""
    found = []
    for process in processes:
        try:
            found += [(process.pid, process.name(), c.laddr.ip, c.laddr.port)
                      for c in process.net_connections(kind="inet") if c.status == "LISTEN"]
        except psutil.NoSuchProcess:
            continue
    return found


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> Iterator[tuple[ServiceState, dict[str, str], Path]]:
    """`aicmo up` on a fresh data dir; the state it wrote, the environment of its user,
    and a working dir that holds no data (commands must find the service's)."""
    root = tmp_path_factory.mktemp("service")
    (root / "home").mkdir()
    (root / "elsewhere").mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AICMO_", "RAY_AUTH_", "RAY_ENABLE_WINDOWS"))}
    env["HOME"] = str(root / "home")
    data_dir = root / "data"
    up = aicmo(env, root / "elsewhere", "up", "--data-dir", str(data_dir), "--port",
               str(free_port()), "--num-cpus", "2", "--json")
    state = read_state(data_dir)
    try:
        assert up.returncode == 0, up.stdout + up.stderr[-3000:]
        assert state is not None and state.running()
        assert json.loads(up.stdout)["url"] == state.url
        yield state, env, root / "elsewhere"
    finally:
        if state is not None and state.running():  # the down test did not run or failed
            stop_session(state.pid)


def test_up_twice_is_one_service_and_status_says_it_is_up(service):
    state, env, cwd = service
    again = aicmo(env, cwd, "up", "--json")  # no --data-dir: the pointer finds it
    assert again.returncode == 0, again.stderr[-2000:]
    shown = json.loads(again.stdout)
    assert (shown["status"], shown["pid"], shown["url"]) == ("already_up", state.pid, state.url)
    status = aicmo(env, cwd, "status")
    assert status.returncode == 0, status.stderr[-2000:]
    lines = status.stdout.splitlines()
    assert lines[0] == f"data dir: {state.data_dir}"
    assert lines[1] == f"service: up at {state.url} (pid {state.pid}, API {state.api_base})"


def test_the_web_service_answers_with_the_api_token(service):
    state, _, _ = service
    token = (state.service_dir / API_TOKEN).read_text()
    request = urllib.request.Request(f"{state.api_base}/batches",
                                     headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as reply:
        assert reply.status == 200


def test_a_batch_run_joins_the_service(service, tmp_path):
    state, env, cwd = service
    raylets = [p.pid for p in session_members(state.pid) if p.name() == "raylet"]
    done = aicmo(env, cwd, "run", str(briefs_file(tmp_path / "one.jsonl", 0)), "--out",
                 str(tmp_path / "out"), "--batch-id", "joined", "--auto-approve", "--json")
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    assert json.loads(done.stdout)["counts"] == {"delivered": 1}
    # It ran as a driver of the service's Ray (the dashboard lists its job), not on a Ray
    # of its own: the service still has its one raylet, and the batch is in its data dir.
    token = (state.service_dir / RAY_TOKEN).read_text()
    request = urllib.request.Request(f"http://127.0.0.1:{state.dashboard_port}/api/jobs/",
                                     headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as reply:
        jobs = json.loads(reply.read())
    assert any("joined" in (job.get("entrypoint") or "") for job in jobs), jobs
    assert [p.pid for p in session_members(state.pid) if p.name() == "raylet"] == raylets
    assert "Started a local Ray instance" not in done.stderr
    with sqlite3.connect(f"file:{state.data_dir}/supervisor.db?mode=ro", uri=True) as db:
        assert db.execute("select count(*) from batches where batch_id = 'joined'"
                          ).fetchone() == (1,)


def test_every_socket_of_the_service_is_on_loopback(service):
    state, _, _ = service
    sockets = listening(session_members(state.pid))
    names = {name for _, name, _, _ in sockets}
    assert {"gcs_server", "raylet"} <= names, sockets
    assert any(port == state.http_port for *_, port in sockets), sockets
    assert [s for s in sockets if s[2] not in LOOPBACK] == []


def test_timers_fire_while_up_with_no_command_running(service, tmp_path):
    state, env, cwd = service
    # 0.0001 days is under 9 s: the review is overdue while nobody runs a command.
    done = aicmo(env, cwd, "run", str(briefs_file(tmp_path / "wait.jsonl", 1)), "--out",
                 str(tmp_path / "out"), "--batch-id", "timers", "--review-days", "0.0001",
                 "--json")
    assert done.returncode == 5, done.stdout + done.stderr[-3000:]  # awaiting its client
    [campaign] = json.loads(done.stdout)["campaigns"]
    escalated = _poll_escalation(Path(state.data_dir) / "client_review.db",
                                 campaign["campaign_id"], timeout=180)
    assert escalated is not None, "no escalation recorded within 180 s"


def _poll_escalation(db: Path, campaign_id: str, timeout: float) -> str | None:
    """client_review's escalated_at for the campaign, read-only, once it is set."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            row = conn.execute("select escalated_at from reviews where campaign_id = ?",
                               (campaign_id,)).fetchone()
        if row and row[0]:
            return row[0]
        time.sleep(1)  # another process's database: nothing here to wait on instead
    return None


def test_down_stops_every_process_of_the_service(service):
    state, env, cwd = service
    members = session_members(state.pid)
    assert len(members) > 5  # the head, GCS, raylet, dashboard, agents, the actors' workers
    down = aicmo(env, cwd, "down", timeout=300)
    assert down.returncode == 0, down.stderr[-2000:]
    assert f"the Ray head (pid {state.pid})" in down.stdout
    assert session_members(state.pid) == []
    assert not any(p.is_running() for p in members)
    assert read_state(state.data_dir) is None
    assert not (Path(env["HOME"]) / ".aicmo" / "service").exists()
    again = aicmo(env, cwd, "down", "--data-dir", state.data_dir)
    assert again.returncode == 0 and "no service running" in again.stdout


EMBEDDED = textwrap.dedent("""
    import json, os, sys
    import psutil
    from runtime import Runtime, Settings
    rt = Runtime.start(Settings(data_dir=sys.argv[1], production_shards=1, qc_shards=1,
                                delivery_shards=1), num_cpus=1, dashboard=True)
    assert len(rt.batches()) == 0  # the actors answer
    me = psutil.Process()
    found = []
    for p in [me, *me.children(recursive=True)]:
        try:
            found += [[p.pid, p.name(), c.laddr.ip, c.laddr.port]
                      for c in p.net_connections(kind="inet") if c.status == "LISTEN"]
        except psutil.NoSuchProcess:
            pass
    rt.shutdown()
    print(json.dumps(found))
""")


def test_embedded_mode_listens_on_loopback_only(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAY_ENABLE_WINDOWS")}
    done = subprocess.run([sys.executable, "-c", EMBEDDED, str(tmp_path / "data")],
                          capture_output=True, text=True, timeout=600, check=False,
                          env={**env, "RAY_AUTH_MODE": "disabled"},
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr[-3000:]
    sockets = json.loads(done.stdout.splitlines()[-1])
    assert {"gcs_server", "raylet"} <= {name for _, name, _, _ in sockets}, sockets
    assert [s for s in sockets if s[2] not in LOOPBACK] == []
