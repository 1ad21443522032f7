"""The `aicmo up` service's state file, the user's pointer to it and its secrets, without
Ray: a state file is believed only while the process it names is the one recorded, and
commands find the service's data dir through the pointer."""

from __future__ import annotations

import stat
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psutil
import pytest

from cli.main import main
from cli.options import resolve_data_dir, running_service_data_dir
from infra.service_state import (
    API_TOKEN,
    LINK_SECRET,
    RAY_TOKEN,
    ServiceState,
    ServiceStateError,
    clear_pointer,
    ensure_secrets,
    point_at,
    pointed_data_dir,
    pointer_path,
    read_state,
    remove_state,
    running_state,
    state_path,
    token_env,
    write_state,
)


@pytest.fixture(autouse=True)
def _home(monkeypatch, tmp_path):
    """A home of its own: the pointer lives in ~/.aicmo."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("AICMO_DATA_DIR", raising=False)
    monkeypatch.delenv("AICMO_ADDRESS", raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def head() -> Iterator[psutil.Process]:
    """A live process standing in for the head (a real one: pids and create times are
    what the state file is checked against)."""
    process = subprocess.Popen(["sleep", "300"], start_new_session=True)
    try:
        yield psutil.Process(process.pid)
    finally:
        process.kill()
        process.wait()


def state_of(process: psutil.Process, data_dir: Path, **changes) -> ServiceState:
    fields = dict(pid=process.pid, pgid=process.pid, create_time=process.create_time(),
                  gcs_address="127.0.0.1:6379", http_port=8765, dashboard_port=8265,
                  data_dir=str(data_dir), temp_dir="/tmp/aicmo-test",
                  settings={"data_dir": str(data_dir), "production_shards": 3},
                  started_at=datetime(2026, 12, 7, tzinfo=UTC))
    return ServiceState(**{**fields, **changes})


def test_the_state_file_round_trips_and_is_private(tmp_path, head):
    state = state_of(head, tmp_path)
    path = write_state(state)
    assert path == tmp_path / "service.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # the settings may hold a DB URL
    assert read_state(tmp_path) == state
    assert state.url == "http://127.0.0.1:8765/"
    assert state.api_base == "http://127.0.0.1:8765/api/v1"
    assert list(tmp_path.glob(".service.json*")) == []  # no temp file left behind


def test_a_live_head_is_running(tmp_path, head):
    write_state(state_of(head, tmp_path))
    assert running_state(tmp_path) == read_state(tmp_path)


def test_a_reused_pid_is_not_the_head(tmp_path, head):
    """Same pid, another process (it started at another time): not the service."""
    write_state(state_of(head, tmp_path, create_time=head.create_time() - 3600))
    assert read_state(tmp_path) is not None
    assert running_state(tmp_path) is None


def test_a_dead_head_is_not_running(tmp_path):
    gone = subprocess.Popen(["true"])
    process = psutil.Process(gone.pid)
    state = state_of(process, tmp_path)
    gone.wait()
    write_state(state)
    assert not state.running()
    assert running_state(tmp_path) is None


def test_no_state_file_is_no_service(tmp_path):
    assert read_state(tmp_path) is None and running_state(tmp_path) is None
    remove_state(tmp_path)  # removing what is not there is fine


def test_a_file_that_is_not_a_state_file_is_a_typed_error(tmp_path):
    state_path(tmp_path).write_text('{"pid": "many"}')
    with pytest.raises(ServiceStateError, match="not a service state file"):
        read_state(tmp_path)


def test_the_pointer_names_the_data_dir_and_only_its_own_service_clears_it(tmp_path):
    assert pointed_data_dir() is None
    point_at(tmp_path / "data")
    assert pointer_path() == tmp_path / "home" / ".aicmo" / "service"
    assert pointed_data_dir() == (tmp_path / "data").resolve()
    clear_pointer(tmp_path / "other")  # another service's `down`: not ours to clear
    assert pointed_data_dir() == (tmp_path / "data").resolve()
    clear_pointer(tmp_path / "data")
    assert pointed_data_dir() is None


def test_commands_find_a_running_services_data_dir(tmp_path, head):
    data_dir = tmp_path / "served"
    data_dir.mkdir()
    assert running_service_data_dir() is None
    assert resolve_data_dir(None) == (tmp_path / ".aicmo" / "data").resolve()
    write_state(state_of(head, data_dir))
    point_at(data_dir)
    assert running_service_data_dir() == data_dir
    assert resolve_data_dir(None) == data_dir
    assert resolve_data_dir(tmp_path / "mine") == tmp_path / "mine"  # the flag still wins


def test_a_stale_pointer_finds_nothing(tmp_path, head):
    write_state(state_of(head, tmp_path, create_time=0.0))
    point_at(tmp_path)
    assert running_service_data_dir() is None
    state_path(tmp_path).write_text("garbage")  # unreadable counts as gone, for the hint
    assert running_service_data_dir() is None


def test_secrets_are_made_once_private_and_kept(tmp_path):
    service_dir = tmp_path / "data" / "service"
    ensure_secrets(service_dir)
    assert stat.S_IMODE(service_dir.stat().st_mode) == 0o700
    first = {}
    for name in (RAY_TOKEN, API_TOKEN, LINK_SECRET):
        assert stat.S_IMODE((service_dir / name).stat().st_mode) == 0o600
        first[name] = (service_dir / name).read_text()
        assert len(first[name]) >= 40
    assert len(set(first.values())) == 3
    ensure_secrets(service_dir)  # a restart keeps the tokens and links handed out
    assert {n: (service_dir / n).read_text() for n in first} == first
    assert token_env(service_dir) == {"RAY_AUTH_MODE": "token",
                                      "RAY_AUTH_TOKEN_PATH": str(service_dir / RAY_TOKEN)}


def test_down_with_no_service_says_so(tmp_path, capsys):
    assert main(["down", "--data-dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == f"no service running on {tmp_path}"


def test_down_removes_a_stale_state_file_and_pointer(tmp_path, capsys):
    gone = subprocess.Popen(["true"])
    state = state_of(psutil.Process(gone.pid), tmp_path)
    gone.wait()
    write_state(state)
    point_at(tmp_path)
    assert main(["down", "--data-dir", str(tmp_path)]) == 0
    assert "no service running" in capsys.readouterr().out
    assert read_state(tmp_path) is None and pointed_data_dir() is None


def test_up_refuses_address_and_a_second_service(tmp_path, head, capsys):
    assert main(["up", "--data-dir", str(tmp_path / "a"), "--address", "x:1"]) == 2
    assert "--address" in capsys.readouterr().err
    (tmp_path / "running").mkdir()
    write_state(state_of(head, tmp_path / "running"))
    point_at(tmp_path / "running")
    assert main(["up", "--data-dir", str(tmp_path / "b")]) == 2
    assert f"already up on {tmp_path / 'running'}" in capsys.readouterr().err


def test_up_on_a_running_service_reports_it(tmp_path, head, capsys):
    (tmp_path / "d").mkdir()
    write_state(state_of(head, tmp_path / "d"))
    assert main(["up", "--data-dir", str(tmp_path / "d")]) == 0
    out = capsys.readouterr().out
    assert f"aicmo service already up on {tmp_path / 'd'} (pid {head.pid})" in out
    assert "console:   http://127.0.0.1:8765/" in out


def test_up_refuses_a_port_in_use(tmp_path, capsys, monkeypatch):
    import socket

    for name in ("RAY_AUTH_MODE", "RAY_AUTH_TOKEN_PATH"):  # `up` sets them: restore after
        monkeypatch.setenv(name, "")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["up", "--data-dir", str(tmp_path / "d"), "--port", str(port)]) == 2
    assert f"port {port} on 127.0.0.1 is in use" in capsys.readouterr().err
    assert not state_path(tmp_path / "d").exists()


def test_the_demo_does_not_clear_the_data_dir_a_service_runs_on(tmp_path, head, capsys):
    data = tmp_path / "data"
    data.mkdir()
    (data / "billing.db").write_bytes(b"the service's database")
    write_state(state_of(head, data))
    assert main(["demo", "--data-dir", str(data), "--out", str(tmp_path / "packs")]) == 2
    assert "the service (aicmo up) runs on" in capsys.readouterr().err
    assert (data / "billing.db").read_bytes() == b"the service's database"
