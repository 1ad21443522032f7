"""The clock port. Handlers and the saga engine read time and wait only through here,
so tests can pin time and skip waits."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime


class Clock:
    def now(self) -> datetime:
        """Timezone-aware UTC now."""
        raise NotImplementedError

    async def sleep(self, seconds: float) -> None:
        raise NotImplementedError


class SystemClock(Clock):
    def now(self) -> datetime:
        return datetime.now(UTC)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)
