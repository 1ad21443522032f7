"""`aicmo up` / `aicmo down`: the always-on service on a data dir.

`up` starts a Ray head of its own (runtime.head: every port on 127.0.0.1, token auth, its
own process group), deploys the actors and the web service (API and console), writes
D/service.json, points ~/.aicmo/service at D and returns, leaving it all running. While it
runs, every other command on D (or given no --data-dir) joins it instead of starting a Ray,
and the supervisor's timers (review deadlines, overdue invoices, follow-ups due) fire
between commands. `down` stops exactly the process group `up` started, never `ray stop`.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cli.options import (
    EXIT_OK,
    InputError,
    add_command,
    cli_settings,
    service_state,
)
from cli.output import emit
from infra.service_state import (
    HEAD_LOG,
    SERVICE_DIR,
    ServiceState,
    ServiceStateError,
    clear_pointer,
    ensure_secrets,
    point_at,
    read_state,
    remove_state,
    running_pointed_state,
    token_env,
    write_state,
)

DEFAULT_PORT = 8765
LOCK_FILE = ".up.lock"


class ServiceStartError(RuntimeError):
    """`up` failed half-way; what it had started is stopped again."""


def add_service(sub: Any) -> None:
    sp = add_command(sub, "up", help="start the always-on service: Ray, the actors, the API "
                                     "and console on 127.0.0.1 (stop it with aicmo down)")
    sp.add_argument("--port", type=int, default=DEFAULT_PORT,
                    help=f"the API's and console's HTTP port on 127.0.0.1 "
                         f"(default {DEFAULT_PORT})")
    sp.set_defaults(func=cmd_up)
    sp = add_command(sub, "down", help="stop the service `aicmo up` started on the data dir")
    sp.add_argument("--timeout", type=float, default=90.0,
                    help="seconds to let Ray stop before its processes are killed (default 90)")
    sp.set_defaults(func=cmd_down)


def cmd_up(args: argparse.Namespace) -> int:
    data_dir = Path(args.data_dir)
    if args.address:
        raise InputError("up starts a Ray of its own: --address joins one (drop it)")
    with _starting(data_dir):
        state = service_state(data_dir)
        if state is not None:
            _show_up(args, state, "already up")
            return EXIT_OK
        other = running_pointed_state()
        if other is not None and Path(other.data_dir) != data_dir:
            raise InputError(f"a service is already up on {other.data_dir} (pid {other.pid}, "
                             f"{other.url}): aicmo down --data-dir {other.data_dir} first")
        service_dir = data_dir / SERVICE_DIR
        ensure_secrets(service_dir)
        os.environ.update(token_env(service_dir))  # before this process imports Ray
        from runtime.head import port_in_use

        if port_in_use(args.port):
            raise InputError(f"port {args.port} on 127.0.0.1 is in use: choose another "
                             f"with --port")
        # A stale state file: its head is gone; what it left running (its actors on the
        # same database files) goes too, before a new head starts.
        _orphans_stopped(read_state(data_dir))
        remove_state(data_dir)
        state = _start(args, data_dir)
    _show_up(args, state, "up")
    return EXIT_OK


@contextmanager
def _starting(data_dir: Path) -> Iterator[None]:
    """One `up` at a time per data dir: a second one waits, then finds the first's
    service running."""
    service_dir = data_dir / SERVICE_DIR
    service_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    with (service_dir / LOCK_FILE).open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _start(args: argparse.Namespace, data_dir: Path) -> ServiceState:
    from runtime.head import settings_record, start_head, stop_session

    service_dir = data_dir / SERVICE_DIR
    settings = cli_settings(args)
    head = start_head(data_dir, service_dir, args.num_cpus)
    try:
        _deploy(head.gcs_address, settings, args, service_dir)
        state = ServiceState(pid=head.pid, pgid=head.pid, create_time=head.create_time,
                             gcs_address=head.gcs_address, http_port=args.port,
                             dashboard_port=head.dashboard_port, data_dir=str(data_dir),
                             temp_dir=head.temp_dir, settings=settings_record(settings),
                             started_at=datetime.now(UTC))
        write_state(state)
        point_at(data_dir)
        return state
    except BaseException as exc:
        stop_session(head.pid)
        remove_state(data_dir)
        if not isinstance(exc, Exception):
            raise  # Ctrl-C: stopped, nothing more to say
        raise ServiceStartError(f"the service did not start ({type(exc).__name__}: {exc}); "
                                f"stopped the Ray head it had started (its log: "
                                f"{service_dir / HEAD_LOG})") from exc


def _deploy(address: str, settings: Any, args: argparse.Namespace, service_dir: Path) -> None:
    """The actors (Runtime.connect deploys them) and the web service, as a driver that
    then disconnects: everything it made is detached and stays with the head."""
    from runtime import Runtime
    from runtime.serve import deploy_web

    runtime = Runtime.connect(address, settings, log_to_driver=args.verbose)
    try:
        deploy_web(runtime, http_port=args.port, secrets_dir=service_dir)
    finally:
        runtime.shutdown()


def _show_up(args: argparse.Namespace, state: ServiceState, status: str) -> None:
    token_file = state.service_dir / "api-token"
    if args.json:
        emit(json.dumps({"status": status.replace(" ", "_"), "pid": state.pid,
                         "url": state.url, "api_base": state.api_base,
                         "api_token_file": str(token_file),
                         "dashboard": f"http://127.0.0.1:{state.dashboard_port}/",
                         "data_dir": state.data_dir}))
        return
    emit("\n".join([
        f"aicmo service {status} on {state.data_dir} (pid {state.pid})",
        f"  console:   {state.url}",
        f"  API:       {state.api_base}  (Bearer token in {token_file})",
        f"  dashboard: http://127.0.0.1:{state.dashboard_port}/  (Ray)",
        "  stop it:   aicmo down" + ("" if _pointed(state) else f" --data-dir {state.data_dir}"),
    ]))


def _pointed(state: ServiceState) -> bool:
    other = running_pointed_state()
    return other is not None and other.data_dir == state.data_dir


def cmd_down(args: argparse.Namespace) -> int:
    from runtime.head import stop_session

    data_dir = Path(args.data_dir)
    try:
        state = read_state(data_dir)
    except ServiceStateError as exc:
        raise InputError(str(exc)) from exc
    if state is None or not state.running():
        left = _orphans_stopped(state)  # of a head that died
        remove_state(data_dir)
        clear_pointer(data_dir)
        _show_down(args, data_dir, None, left)
        return EXIT_OK
    stopped = stop_session(state.pid, timeout=args.timeout)
    remove_state(data_dir)
    clear_pointer(data_dir)
    shutil.rmtree(state.temp_dir, ignore_errors=True)  # Ray's session files of that head
    _show_down(args, data_dir, state, stopped)
    return EXIT_OK


def _orphans_stopped(state: ServiceState | None) -> int:
    from runtime.head import stop_orphans

    return stop_orphans(state.pid) if state is not None else 0


def _show_down(args: argparse.Namespace, data_dir: Path, state: ServiceState | None,
               stopped: int) -> None:
    if args.json:
        emit(json.dumps({"stopped": state is not None, "pid": state.pid if state else None,
                         "processes": stopped, "data_dir": str(data_dir)}))
    elif state is None:
        emit(f"no service running on {data_dir}"
             + (f" (stopped {stopped} processes its head left behind)" if stopped else ""))
    else:
        emit(f"stopped the service on {data_dir}: the Ray head (pid {state.pid}) and its "
             f"{stopped - 1} other processes; {state.url} is closed")
