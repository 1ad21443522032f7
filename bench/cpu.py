"""CPU time and memory from the processes' own counters, for benchmarks.

A Ray started by the driver (`ray.init(address="local")`) is a tree of the driver's
child processes: GCS, raylet, agents and the workers, whose process titles name the
actor class they host ("ray::QcActor"). A snapshot of that tree before and after a run
gives the CPU the whole system spent, and which actor class spent it.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import psutil

DRIVER = "driver"
RAY_INTERNALS = "ray"  # its own processes: GCS, raylet, agents, idle workers
RAY_AGENTS = frozenset({"DashboardAgent", "RuntimeEnvAgent"})


@dataclass(frozen=True)
class Sample:
    label: str
    cpu_s: float


def label_of(proc: psutil.Process, me: int) -> str:
    """'driver', the actor class a Ray worker hosts, or which of Ray's own processes it is
    ('ray: raylet', 'ray: gcs_server', 'ray: log_monitor.py', 'ray: idle worker')."""
    if proc.pid == me:
        return DRIVER
    argv = proc.cmdline()
    title = " ".join(argv[:1])
    if title.startswith("ray::"):
        name = title.removeprefix("ray::").split(".", 1)[0].split("(", 1)[0].strip()
        # A worker that hosts no actor yet is titled ray::IDLE; Ray's agents are titled
        # as actors too.
        if name in ("", "IDLE"):
            return f"{RAY_INTERNALS}: idle worker"
        return f"{RAY_INTERNALS}: {name}" if name in RAY_AGENTS else name
    program = Path(argv[0]).name if argv else proc.name()
    if program.startswith("python"):  # a Ray script: name it by the script
        script = next((Path(a).name for a in argv[1:] if a.endswith(".py")), program)
        return f"{RAY_INTERNALS}: {script}"
    return f"{RAY_INTERNALS}: {program}"


def snapshot(others: dict[str, int] | None = None) -> dict[int, Sample]:
    """CPU seconds so far of this process and every process it started, by pid; with
    `others` ({label: pid}), also of those processes and their children under that label
    (a PostgreSQL server this process did not start as a child)."""
    me = psutil.Process()
    found: dict[int, Sample] = {}
    for proc, label in [*((p, None) for p in _tree(me)),
                        *((p, name) for name, pid in (others or {}).items()
                          for p in _tree(psutil.Process(pid)))]:
        try:
            times = proc.cpu_times()
            found[proc.pid] = Sample(label or label_of(proc, me.pid), times.user + times.system)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue  # it ended between listing and reading: its CPU is lost to both sides
    return found


def _tree(root: psutil.Process) -> list[psutil.Process]:
    try:
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def spent(before: dict[int, Sample], after: dict[int, Sample]) -> Counter[str]:
    """CPU seconds spent between two snapshots, by label (a process that started in
    between counts from zero). Labels are the later snapshot's: a worker hosts its actor
    by then."""
    out: Counter[str] = Counter()
    for pid, now in after.items():
        was = before.get(pid)
        out[now.label] += now.cpu_s - (was.cpu_s if was else 0.0)
    return out


def pss_bytes() -> int:
    """Proportional set size of this process and every process it started: shared pages
    are split between the processes that share them, so the sum is the system's memory."""
    return sum(pss_by_label().values())


def pss_by_label() -> Counter[str]:
    """The same PSS, by label (`label_of`): an actor class's shards together."""
    me = psutil.Process()
    out: Counter[str] = Counter()
    for proc in _tree(me):
        try:
            out[label_of(proc, me.pid)] += proc.memory_full_info().pss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return out


class PeakPss:
    """Samples the summed PSS of this process and every process it started (the Ray it
    embeds) while running: shared pages count once in the sum, as they do in memory."""

    def __init__(self) -> None:
        self.peak = 0
        self.cpu_s = 0.0  # its own CPU (reading every process's smaps is not free)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            started = time.thread_time()
            self.peak = max(self.peak, pss_bytes())
            self.cpu_s += time.thread_time() - started

    def __enter__(self) -> PeakPss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
