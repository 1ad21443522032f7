"""Where a running `aicmo up` service is written down: its state file, the user's pointer to
it, and its secrets.

`aicmo up --data-dir D` writes D/service.json (ServiceState: the head's process, its
ports, the settings the actors were deployed with) and points ~/.aicmo/service at D, so a
command given no --data-dir finds the service; D/service holds its secrets and the head's
log. A state file is only believed while the process it names is alive *and* is the
process recorded (same create time): a pid the system reused for something else is not the
service. Plain files and psutil: no Ray here."""

from __future__ import annotations

import os
import secrets
from datetime import datetime
from pathlib import Path
from typing import Any

import psutil
from pydantic import BaseModel, ConfigDict, ValidationError

STATE_FILE = "service.json"
SERVICE_DIR = "service"  # D/service: the secrets and the head's log, mode 0700
RAY_TOKEN, API_TOKEN, LINK_SECRET = "ray-token", "api-token", "link-secret"
HEAD_LOG = "ray-head.log"
# psutil's create time is computed from clock ticks and the boot time; the same process
# reads the same value, but allow for rounding.
_CREATE_TIME_SLACK = 0.5


class ServiceStateError(ValueError):
    """A state file exists but cannot be read as one (edited by hand, another version)."""


class ServiceState(BaseModel):
    """What `aicmo up` started and how to reach it."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    pid: int  # `ray start --head --block`, the leader of its own session and process group
    pgid: int
    create_time: float  # the head's psutil create time: tells it from a reused pid
    gcs_address: str  # 127.0.0.1:PORT, what a driver passes to ray.init
    http_port: int  # the web service (API and console)
    dashboard_port: int
    data_dir: str
    temp_dir: str  # the head's Ray temp dir (session logs)
    settings: dict[str, Any]  # the Settings the actors were deployed with, as a record
    started_at: datetime

    @property
    def url(self) -> str:
        """The web console."""
        return f"http://127.0.0.1:{self.http_port}/"

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/api/v1"

    @property
    def service_dir(self) -> Path:
        """The secrets (ray-token, api-token, link-secret) and the head's log."""
        return Path(self.data_dir) / SERVICE_DIR

    def running(self) -> bool:
        """The recorded head is alive and is the process recorded."""
        return process_matches(self.pid, self.create_time)


def process_matches(pid: int, create_time: float) -> bool:
    """`pid` is alive (not a zombie) and was created at `create_time`."""
    try:
        process = psutil.Process(pid)
        return (abs(process.create_time() - create_time) < _CREATE_TIME_SLACK
                and process.status() != psutil.STATUS_ZOMBIE)
    except psutil.Error:
        return False


def state_path(data_dir: Path | str) -> Path:
    return Path(data_dir) / STATE_FILE


def read_state(data_dir: Path | str) -> ServiceState | None:
    """The state file in `data_dir`, running or not; None when there is none."""
    path = state_path(data_dir)
    try:
        text = path.read_text()
    except FileNotFoundError:
        return None
    try:
        return ServiceState.model_validate_json(text)
    except ValidationError as exc:
        raise ServiceStateError(f"{path} is not a service state file ({exc.error_count()} "
                                f"problems): if no service runs, remove it") from exc


def running_state(data_dir: Path | str) -> ServiceState | None:
    """The state of the service running on `data_dir`, else None (no file, or stale)."""
    state = read_state(data_dir)
    return state if state is not None and state.running() else None


def write_state(state: ServiceState) -> Path:
    """Write the state file atomically (a reader never sees half of it), mode 0600: the
    settings may hold a database URL."""
    path = state_path(state.data_dir)
    _write_private(path, state.model_dump_json(indent=2) + "\n")
    return path


def remove_state(data_dir: Path | str) -> None:
    state_path(data_dir).unlink(missing_ok=True)


def pointer_path() -> Path:
    """~/.aicmo/service: the data dir of the user's running service, one line."""
    return Path.home() / ".aicmo" / "service"


def point_at(data_dir: Path | str) -> None:
    pointer = pointer_path()
    pointer.parent.mkdir(parents=True, exist_ok=True)
    _write_private(pointer, f"{Path(data_dir).resolve()}\n")


def pointed_data_dir() -> Path | None:
    """The data dir the pointer names, whether or not its service still runs."""
    try:
        text = pointer_path().read_text().strip()
    except FileNotFoundError:
        return None
    return Path(text) if text else None


def clear_pointer(data_dir: Path | str) -> None:
    """Remove the pointer if it names `data_dir` (another service's pointer stays)."""
    if pointed_data_dir() == Path(data_dir).resolve():
        pointer_path().unlink(missing_ok=True)


def running_pointed_state() -> ServiceState | None:
    """The running service the pointer names; None when there is no pointer, or its
    service is gone (an unreadable state file there counts as gone: the pointer is only
    a hint, and the data dir's own file is what `up` and `down` go by)."""
    data_dir = pointed_data_dir()
    if data_dir is None:
        return None
    try:
        return running_state(data_dir)
    except ServiceStateError:
        return None


def ensure_secrets(service_dir: Path) -> None:
    """The service's secrets, made once and kept: the Ray token every Ray process and
    driver presents, the API token HTTP clients send as Bearer, and the key that signs
    client review links. The dir is 0700 and each file 0600; an existing file is kept, so
    links and tokens handed out survive a restart."""
    service_dir.mkdir(parents=True, exist_ok=True)
    service_dir.chmod(0o700)
    made = {RAY_TOKEN: secrets.token_hex(32), API_TOKEN: secrets.token_urlsafe(32),
            LINK_SECRET: secrets.token_urlsafe(32)}
    for name, value in made.items():
        try:
            fd = os.open(service_dir / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(fd, "w") as out:
            out.write(value)


def token_env(service_dir: Path) -> dict[str, str]:
    """What every process of the service and every driver joining it needs in its
    environment: token auth, with the service's token. A driver must have it before it
    imports Ray, which reads it then."""
    return {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN_PATH": str(service_dir / RAY_TOKEN)}


def _write_private(path: Path, text: str) -> None:
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temp, path)
