"""The always-on service's Ray head: its ports, starting it on loopback with token auth (its
secrets: infra.service_state) as its own process group, and stopping exactly that group.

The head is `ray start --head --block` in a new session (its pid is its process group and
session id): every Ray process it starts (GCS, raylet, dashboard, agents, workers) stays in
that session, so stopping the service signals that group and nothing else. Never
`ray stop`, which stops every Ray of the machine's user.
"""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import psutil
import ray._private.ray_constants as ray_constants

from contracts.common import AgencyIdentity
from infra.service_state import HEAD_LOG, token_env
from wiring import Settings

RAY = str(Path(sys.executable).parent / "ray")
# Off, Ray takes 127.0.0.1 as the node's address and every Ray process binds its ports
# there; on (Linux's default) they listen on all interfaces. The name is Ray's.
LOOPBACK_VAR = "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"
START_TIMEOUT = 120.0  # a cold start on a busy 2-core machine takes 20-40 s
# `ray start --block` takes 10-45 s to stop its processes after SIGTERM.
STOP_TIMEOUT = 90.0


class HeadError(RuntimeError):
    """The head did not start, or did not stop."""


@dataclass(frozen=True)
class Head:
    """A started head: its process (leader of its own session) and where it listens."""

    pid: int
    create_time: float
    gcs_address: str
    dashboard_port: int
    temp_dir: str


@contextmanager
def loopback_only() -> Iterator[None]:
    """Within: a Ray started (or a driver connected) here listens on 127.0.0.1 only. The
    variable reaches the Ray processes this starts; Ray read it into a constant when it was
    imported, so that is set too. Both are restored after: a multi-node test cluster
    started later in the same process needs its real address."""
    before_env, before_constant = os.environ.get(LOOPBACK_VAR), ray_constants.ENABLE_RAY_CLUSTER
    os.environ[LOOPBACK_VAR] = "0"
    ray_constants.ENABLE_RAY_CLUSTER = False
    try:
        yield
    finally:
        ray_constants.ENABLE_RAY_CLUSTER = before_constant
        if before_env is None:
            os.environ.pop(LOOPBACK_VAR, None)
        else:
            os.environ[LOOPBACK_VAR] = before_env


def is_loopback(address: str) -> bool:
    """A Ray address ('127.0.0.1:6379', 'ray://localhost:10001') on this machine only."""
    host = address.split("://", 1)[-1].rsplit(":", 1)[0].strip("[]")
    return host in ("127.0.0.1", "localhost", "::1")


def free_port() -> int:
    """A port free on loopback now (Ray is told each one; none is left to its defaults)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_in_use(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def temp_dir_for(data_dir: Path) -> Path:
    """Ray's temp dir for the service on `data_dir`: short (Ray's socket paths must fit in
    108 bytes), one per user and data dir."""
    digest = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:10]
    return Path("/tmp") / f"aicmo-{os.getuid()}-{digest}"


def start_head(data_dir: Path, service_dir: Path, num_cpus: int | None) -> Head:
    """Start the head and wait until its dashboard answers; HeadError (the head stopped
    again) if it exits or does not come up in time."""
    gcs_port, dashboard_port, temp = free_port(), free_port(), temp_dir_for(data_dir)
    command = [RAY, "start", "--head", "--block", "--node-ip-address=127.0.0.1",
               f"--port={gcs_port}", "--dashboard-host=127.0.0.1",
               f"--dashboard-port={dashboard_port}",
               f"--ray-client-server-port={free_port()}",
               f"--dashboard-agent-listen-port={free_port()}",
               f"--dashboard-agent-grpc-port={free_port()}",
               f"--metrics-export-port={free_port()}", f"--temp-dir={temp}",
               f"--num-cpus={num_cpus or os.cpu_count() or 1}"]
    env = {**os.environ, **token_env(service_dir), LOOPBACK_VAR: "0"}
    with (service_dir / HEAD_LOG).open("ab") as log:
        process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    head = Head(pid=process.pid, create_time=psutil.Process(process.pid).create_time(),
                gcs_address=f"127.0.0.1:{gcs_port}", dashboard_port=dashboard_port,
                temp_dir=str(temp))
    try:
        _wait_ready(process, dashboard_port, service_dir / HEAD_LOG)
    except BaseException:
        stop_session(head.pid)
        raise
    return head


def _wait_ready(process: subprocess.Popen, dashboard_port: int, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    url = f"http://127.0.0.1:{dashboard_port}/api/version"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise HeadError(f"ray start exited with {process.returncode} (see {log})")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:  # it answers (401 without the token): it is up
            return
        except OSError:
            time.sleep(0.5)  # a server that is starting: there is nothing to wait on instead
    raise HeadError(f"the Ray head did not come up in {START_TIMEOUT:.0f}s (see {log})")


def session_members(sid: int) -> list[psutil.Process]:
    """Every live process of session `sid`. A pid is never reused while a session or
    group still carries its id, so these are the head's processes and nothing else."""
    members = []
    for process in psutil.process_iter():
        try:
            if os.getsid(process.pid) == sid and process.status() != psutil.STATUS_ZOMBIE:
                members.append(process)
        except (OSError, psutil.Error):
            continue  # it ended meanwhile
    return members


def stop_session(sid: int, timeout: float = STOP_TIMEOUT) -> int:
    """SIGTERM the head's process group (the head stops its Ray processes), wait up to
    `timeout`, then SIGKILL whatever of its session is left. Returns how many processes
    the session had."""
    members = session_members(sid)
    if not members:
        return 0
    _signal_group(sid, signal.SIGTERM)
    _, alive = psutil.wait_procs(members, timeout=timeout)
    if alive:
        _signal_group(sid, signal.SIGKILL)
        for process in alive:  # one that left the group is still in the session
            with suppress(psutil.Error):
                process.kill()
        psutil.wait_procs(alive, timeout=10)
    return len(members)


def stop_orphans(sid: int) -> int:
    """Stop what a head that died left in its session. The session id marks them as the
    head's only while no live process holds that pid (then nobody can have taken it)."""
    if psutil.pid_exists(sid):
        return 0
    return stop_session(sid)


def _signal_group(pgid: int, signum: int) -> None:
    with suppress(ProcessLookupError):  # the group is gone already
        os.killpg(pgid, signum)


# --- the settings the service deployed its actors with ---------------------------------------

def settings_record(settings: Settings) -> dict[str, Any]:
    """Settings as JSON-able data, for the state file."""
    record = asdict(settings)
    record["agency"] = settings.agency.model_dump(mode="json") if settings.agency else None
    return record


def settings_from_record(record: dict[str, Any]) -> Settings:
    """The Settings a record was made from (fields this version does not know ignored)."""
    known = {f.name for f in fields(Settings)}
    values = {k: v for k, v in record.items() if k in known}
    agency = values.get("agency")
    values["agency"] = AgencyIdentity.model_validate(agency) if agency else None
    return Settings(**values)
