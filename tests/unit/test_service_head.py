"""Stopping the service's head by its session, without Ray: real processes in a session of
their own stand in for the head and its Ray processes. Also the settings record and the
loopback switch (restored after, for clusters started later in the same process)."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator

import pytest
import ray._private.ray_constants as ray_constants

from contracts.common import AgencyIdentity
from runtime.head import (
    LOOPBACK_VAR,
    is_loopback,
    loopback_only,
    session_members,
    settings_from_record,
    settings_record,
    stop_orphans,
    stop_session,
)
from wiring import Settings


def wait_for_members(sid: int, count: int, timeout: float = 10.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while (pids := sorted(p.pid for p in session_members(sid))) and len(pids) < count:
        if time.monotonic() > deadline:
            break
        time.sleep(0.05)  # the shell is forking its children: nothing to wait on instead
    return pids


@pytest.fixture
def session() -> Iterator[subprocess.Popen]:
    """A leader with two children, in a session of its own, like `ray start --block`."""
    leader = subprocess.Popen(["sh", "-c", "sleep 300 & sleep 300 & wait"],
                              start_new_session=True)
    assert len(wait_for_members(leader.pid, 3)) == 3
    try:
        yield leader
    finally:
        stop_session(leader.pid, timeout=1)
        leader.wait()


def test_stop_session_stops_the_leader_and_every_member(session):
    assert stop_session(session.pid, timeout=10) == 3
    session.wait(timeout=10)
    assert session_members(session.pid) == []


def test_a_member_that_ignores_sigterm_is_killed_after_the_timeout():
    leader = subprocess.Popen(["sh", "-c", "trap '' TERM; sleep 300 & wait; wait"],
                              start_new_session=True)
    wait_for_members(leader.pid, 2)
    started = time.monotonic()
    assert stop_session(leader.pid, timeout=1) >= 2
    assert time.monotonic() - started < 15
    leader.wait(timeout=10)
    assert session_members(leader.pid) == []


def test_orphans_of_a_dead_head_are_stopped_only_once_its_pid_is_free(session):
    os.kill(session.pid, 9)
    assert stop_orphans(session.pid) == 0  # a zombie still holds the pid: hands off
    session.wait()
    assert len(session_members(session.pid)) == 2  # its children live on
    assert stop_orphans(session.pid) == 2
    assert session_members(session.pid) == []


def test_nothing_to_stop():
    gone = subprocess.Popen(["true"], start_new_session=True)
    gone.wait()
    assert stop_session(gone.pid) == 0


def test_loopback_addresses():
    assert is_loopback("127.0.0.1:6379") and is_loopback("ray://localhost:10001")
    assert is_loopback("[::1]:6379")
    assert not is_loopback("10.0.0.5:6379") and not is_loopback("auto")
    assert not is_loopback("ray://head:10001")


def test_loopback_only_is_restored_after(monkeypatch):
    monkeypatch.setenv(LOOPBACK_VAR, "1")
    before = ray_constants.ENABLE_RAY_CLUSTER
    with loopback_only():
        assert os.environ[LOOPBACK_VAR] == "0" and ray_constants.ENABLE_RAY_CLUSTER is False
    assert os.environ[LOOPBACK_VAR] == "1" and ray_constants.ENABLE_RAY_CLUSTER is before
    monkeypatch.delenv(LOOPBACK_VAR)
    with pytest.raises(RuntimeError), loopback_only():
        raise RuntimeError("ray.init failed")
    assert LOOPBACK_VAR not in os.environ and ray_constants.ENABLE_RAY_CLUSTER is before


def test_the_settings_record_round_trips_through_json(tmp_path):
    import json

    settings = Settings(data_dir=str(tmp_path), production_shards=3, qc_shards=2,
                        delivery_shards=1, rate_card="/cards/eu.json",
                        agency=AgencyIdentity(name="Northwind", address="1 Road\nTown"),
                        generator={"provider": "openai-compatible", "model": "m"})
    record = json.loads(json.dumps(settings_record(settings)))
    assert settings_from_record(record) == settings
    assert settings_from_record({**record, "from_a_later_version": 1}) == settings
    assert settings_from_record({**record, "agency": None}).agency is None
