"""The overhead job's system, wired as the real one is: its step modules and the real
reporting module behind destinations, the real BatchSupervisor over the overhead saga,
in one process (LocalTransport) or as Ray actors (RayTransport), each with its own store.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from actors._kernel import ModuleActor
from actors.reporting import ReportingActor
from bench.overhead_job import POOLED, STEPS, module_classes, overhead_saga
from contracts.common import Contract
from contracts.routing import Destination
from driver.requests import answer, request
from infra.clock import SystemClock
from supervisors.batch import BatchSupervisor
from supervisors.ports import LocalTransport, MessagePort, Transport
from supervisors.saga_log import SagaLog
from wiring import SUPERVISOR, LocalSystem, Settings, tune_gc

SHARDS = 2  # per pooled step, as the real pools on this 2-core machine
REPORTING = "reporting"  # the supervisor reports every outcome there, as it does for real

Ask = Callable[[Contract, type[Contract]], Awaitable[Any]]


def destinations() -> list[str]:
    steps = [str(Destination(s, i)) if s in POOLED else s
             for s in STEPS for i in (range(SHARDS) if s in POOLED else [0])]
    return [*steps, REPORTING]


def build_module(destination: str, data_dir: str) -> ModuleActor:
    store = Settings(data_dir=data_dir).store(destination)  # SQLite, WAL, synchronous FULL
    if destination == REPORTING:
        return ReportingActor(store)
    return module_classes()[Destination.parse(destination).module](store)


def build_supervisor(data_dir: str, transport: Transport, **port: int) -> BatchSupervisor:
    """`port`: max_batch and max_in_flight for its MessagePort; the runtime's by default."""
    settings = Settings(data_dir=data_dir, **port)  # type: ignore[arg-type]
    port = MessagePort(transport, max_batch=settings.max_batch,
                       max_in_flight=settings.max_in_flight)
    return BatchSupervisor(SagaLog(settings.store(SUPERVISOR)), port, SystemClock(),
                           pools={s: SHARDS for s in POOLED}, definition=overhead_saga(),
                           daily_sweeps=False)


class InProcess(LocalSystem):
    """Every module and the supervisor in this event loop (LocalSystem's start and close,
    over this system's modules)."""

    def __init__(self, data_dir: Path, **port: int) -> None:
        self.modules = {d: build_module(d, str(data_dir)) for d in destinations()}
        self.supervisor = build_supervisor(str(data_dir), LocalTransport(self.modules), **port)

    async def ask(self, message: Contract, expected: type[Contract]) -> Any:
        return answer(await self.supervisor.handle(request(message, "overhead")), expected)


class _Host:
    """A module (or the supervisor) inside a Ray actor: frame in, frame out."""

    async def __init__(self, destination: str, data_dir: str, port: dict[str, int]) -> None:
        from runtime.hosting import RayTransport

        tune_gc()
        self._inner: Any = (build_supervisor(data_dir, RayTransport(), **port)
                            if destination == SUPERVISOR else build_module(destination, data_dir))
        await self._inner.start()

    async def handle(self, frame: bytes) -> bytes:
        return await self._inner.handle(frame)

    async def ready(self) -> bool:
        return True


def _class_name(destination: str) -> str:
    if destination == SUPERVISOR:
        return "Supervisor"
    if destination == REPORTING:
        return ReportingActor.__name__
    return module_classes()[Destination.parse(destination).module].__name__


@contextmanager
def on_ray(data_dir: Path, **port: int) -> Iterator[Ask]:
    """A private local Ray (every port on loopback, 2 CPUs) hosting the system as the
    runtime hosts the real one: named actors, num_cpus=0, the same concurrency limits.
    Yields `ask`, a coroutine function sending one request to the supervisor."""
    import ray

    from runtime.head import loopback_only
    from runtime.hosting import NAMESPACE, actor_name

    root = str(Path(__file__).resolve().parent.parent)  # the workers import bench.*
    # The bench's own Ray listens on loopback only and lives for the run: no token.
    os.environ["RAY_AUTH_MODE"] = "disabled"
    with loopback_only():
        ray.init(address="local", num_cpus=2, namespace=NAMESPACE, include_dashboard=False,
                 runtime_env={"env_vars": {"PYTHONPATH": root}})
    try:
        handles = {}
        for destination in [*destinations(), SUPERVISOR]:
            cls = ray.remote(type(_class_name(destination), (_Host,), {}))
            handles[destination] = cls.options(
                name=actor_name(destination), namespace=NAMESPACE, num_cpus=0,
                max_concurrency=256 if destination == SUPERVISOR else 64,
            ).remote(destination, str(data_dir), port)
        ray.get([h.ready.remote() for h in handles.values()])
        supervisor = handles[SUPERVISOR]

        async def ask(message: Contract, expected: type[Contract]) -> Any:
            return answer(await supervisor.handle.remote(request(message, "overhead")),
                          expected)

        yield ask
    finally:
        ray.shutdown()
