"""Module actors and the supervisor hosted as Ray actors: named, detached, restartable, in
one namespace; frames between them on Ray; metrics on ray.util.metrics."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import ray
from ray.util import metrics as ray_metrics

from contracts.routing import Destination
from infra.metrics import SPECS, Metrics
from supervisors.ports import Transport
from wiring import (
    SUPERVISOR,
    Settings,
    build_module,
    build_supervisor,
    module_class_name,
    tune_gc,
)

NAMESPACE = "aicmo"


class RayMetrics(Metrics):
    """infra.metrics on ray.util.metrics: Prometheus via Ray's metrics agent, per process."""

    def __init__(self) -> None:
        self._made: dict[str, Any] = {}

    def record(self, name: str, value: float = 1.0, **tags: str) -> None:
        metric = self._made.get(name) or self._make(name)
        if SPECS[name].kind == "counter":
            metric.inc(value, tags=tags or None)
        elif SPECS[name].kind == "histogram":
            metric.observe(value, tags=tags or None)
        else:
            metric.set(value, tags=tags or None)

    def _make(self, name: str) -> Any:
        spec = SPECS[name]
        kinds = {"counter": ray_metrics.Counter, "gauge": ray_metrics.Gauge}
        if spec.kind == "histogram":
            metric = ray_metrics.Histogram(spec.name, description=spec.description,
                                           boundaries=list(spec.boundaries),
                                           tag_keys=spec.tags or None)
        else:
            metric = kinds[spec.kind](spec.name, description=spec.description,
                                      tag_keys=spec.tags or None)
        self._made[name] = metric
        return metric


class RayTransport(Transport):
    """Frames to named Ray actors; `await` on the ObjectRef, never a blocking ray.get."""

    def __init__(self) -> None:
        self._handles: dict[str, Any] = {}

    async def call(self, destination: str, frame: bytes) -> bytes:
        handle = self._handles.get(destination)
        if handle is None:
            handle = ray.get_actor(actor_name(destination), namespace=NAMESPACE)
            self._handles[destination] = handle
        try:
            return await handle.handle.remote(frame)
        except Exception:
            self._handles.pop(destination, None)  # it may have been replaced: look it up again
            raise


class _ModuleHost:
    """A module actor object inside a Ray actor; one frame-in, frame-out method."""

    async def __init__(self, destination: str, settings: dict[str, Any]) -> None:
        tune_gc()
        self._inner = build_module(destination, Settings(**settings), metrics=RayMetrics())
        await self._inner.start()  # a restarted actor reopens its database here

    async def handle(self, frame: bytes) -> bytes:
        return await self._inner.handle(frame)

    async def ready(self) -> bool:
        return True


class _SupervisorHost(_ModuleHost):
    async def __init__(self, destination: str, settings: dict[str, Any]) -> None:
        tune_gc()
        self._inner = build_supervisor(  # type: ignore[assignment]
            Settings(**settings), RayTransport(), metrics=RayMetrics())
        await self._inner.start()  # resumes every unfinished saga from the log


def actor_name(destination: str) -> str:
    """The Ray actor's name: the destination's slug ('qc-1', 'supervisor')."""
    return Destination.parse(destination).slug


def _remote_class(destination: str) -> Any:
    # One class per module so the dashboard's Actors view groups them by what they are.
    if destination == SUPERVISOR:
        return ray.remote(type("Supervisor", (_SupervisorHost,), {}))
    return ray.remote(type(module_class_name(destination), (_ModuleHost,), {}))


def _placement(destination: str, settings: Settings) -> dict[str, Any]:
    if Destination.parse(destination).pooled:
        # Shards go to different nodes where there are several: that is what a pool is for.
        # SPREAD ignores actors that ask for nothing (Ray places those at random), so a
        # shard asks for a sliver of the shard resource, or of a CPU where there is none.
        if settings.shard_resource:
            return {"scheduling_strategy": "SPREAD",
                    "resources": {settings.shard_resource: 0.001}}
        return {"scheduling_strategy": "SPREAD", "num_cpus": 0.001}
    if settings.state_resource:
        # A sliver of the resource: it marks where to run, it does not ration anything.
        return {"resources": {settings.state_resource: 0.001}}
    return {}


def deploy_actor(destination: str, settings: Settings) -> Any:
    """Get the named actor, or create it: detached, restartable, concurrency set explicitly.
    num_cpus=0: these actors wait on SQLite and peers far more than they compute, and the
    pools must fit a 2-CPU machine next to the driver."""
    options: dict[str, Any] = dict(
        name=actor_name(destination), namespace=NAMESPACE, lifetime="detached",
        get_if_exists=True, max_restarts=-1, max_task_retries=3, num_cpus=0,
        max_concurrency=256 if destination == SUPERVISOR else 64)
    options.update(_placement(destination, settings))
    return _remote_class(destination).options(**options).remote(destination, asdict(settings))
