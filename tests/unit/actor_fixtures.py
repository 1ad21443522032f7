"""The started_actor fixture (imported by this tier's conftest): the one place that builds an
in-process module actor for a test, starts it, and closes it when the test ends."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, Protocol, TypeVar

import pytest

from tests.stores import store_config
from tests.support import FakeClock

A = TypeVar("A")


class StartActor(Protocol):
    """What started_actor gives a test: build, start and return one module actor."""

    async def __call__(self, actor_class: type[A], name: str, *, data_dir: Path | None = None,
                       **options: Any) -> A: ...


@pytest.fixture
async def started_actor(tmp_path: Path) -> AsyncIterator[StartActor]:
    """Start module actors: `await started_actor(BillingActor, "billing")` builds one on the
    store the test runs on (tests.stores; its files under `data_dir`, the test's tmp_path by
    default) with its own FakeClock and any constructor `options`, starts it and returns it.
    Every actor it started is closed after the test, the last started first."""
    opened: list[Any] = []

    async def start(actor_class: type[A], name: str, *, data_dir: Path | None = None,
                    **options: Any) -> A:
        actor = actor_class(store_config(data_dir or tmp_path, name), FakeClock(), **options)
        await actor.start()  # type: ignore[attr-defined]
        opened.append(actor)
        return actor

    yield start
    for actor in reversed(opened):
        await actor.close()
