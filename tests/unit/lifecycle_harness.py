"""Shared harness for the lifecycle tests (client review, deals, invoices, follow-ups,
reports): an in-process LocalSystem on a fake clock, driven the way a user drives it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from contracts.codec import decode_replies, encode_request
from contracts.common import Contract
from contracts.dead_letters import DeadLetterList, ListDeadLetters
from contracts.envelope import ReplyEnvelope
from contracts.supervisor import (
    BatchAccepted,
    BatchView,
    CampaignOutcome,
    GetBatch,
    ReviewSettings,
    SubmitBatch,
)
from driver.requests import answer
from supervisors.ports import LocalTransport, Transport
from tests.stores import query
from tests.support import FakeClock, brief_dict, envelope
from tests.unit.batch_harness import campaigns, settings_for
from wiring import LocalSystem, build_supervisor


class Lifecycle:
    """A LocalSystem whose every actor reads one fake clock."""

    def __init__(self, tmp_path: Path):
        self.root = tmp_path
        self.clock = FakeClock()
        self.system = LocalSystem(settings_for(tmp_path), self.clock)

    async def start(self) -> Lifecycle:
        await self.system.start()
        return self

    async def restart(self) -> None:
        """Every actor and the supervisor go away; new ones start from the same files."""
        await self.system.close()
        self.system = LocalSystem(settings_for(self.root), self.clock)
        await self.system.start()

    async def reply(self, message: Contract) -> ReplyEnvelope:
        frame = encode_request(envelope(message, "driver", now=self.clock.now()))
        [reply] = decode_replies(await self.system.supervisor.handle(frame))
        return reply

    async def ask(self, message: Contract, expected: type[Contract]) -> Any:
        frame = encode_request(envelope(message, "driver", now=self.clock.now()))
        return answer(await self.system.supervisor.handle(frame), expected)

    async def module(self, name: str, message: Contract) -> ReplyEnvelope:
        """A query straight to a module actor, as the CLI's list commands do."""
        frame = encode_request(envelope(message, "driver", now=self.clock.now()))
        [reply] = decode_replies(await self.system.modules[name].handle(frame))
        return reply

    async def submit(self, batch_id: str, n: int = 1, *, review: str = "client",
                     on_timeout: str = "escalate", days: float = 5.0,
                     briefs: list[dict[str, Any]] | None = None) -> BatchAccepted:
        items = campaigns(batch_id, briefs or [brief_dict(client_name=f"Client {batch_id} {i}")
                                               for i in range(n)])
        return await self.ask(SubmitBatch(
            batch_id=batch_id, out_dir=str(self.root / "packs"), window=4, pack_formats="data",
            review=ReviewSettings(policy=review, on_timeout=on_timeout, days=days),
            campaigns=items), BatchAccepted)

    async def settled(self, batch_id: str, timeout: float = 60) -> BatchView:
        """Wait until every campaign has an outcome or awaits its client."""
        async def poll() -> BatchView:
            query = GetBatch(batch_id=batch_id, wait_seconds=1.0, include_campaigns=True)
            view = await self.ask(query, BatchView)
            while not view.settled:
                view = await self.ask(query, BatchView)
            return view
        return await asyncio.wait_for(poll(), timeout)

    async def campaign(self, batch_id: str, index: int = 0) -> CampaignOutcome:
        return (await self.settled(batch_id)).campaigns[index]

    def rows(self, database: str, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        """Rows of `sql` on store `database` ("cam", "production-*"), read behind its back."""
        return query(self.root / "data", database, sql, args)

    async def close(self) -> None:
        await self.system.close()


async def behind(tmp_path: Path, wrap: Callable[[Transport], Transport]) -> tuple[Lifecycle, Any]:
    """A started Lifecycle whose supervisor reaches the real actors through the transport
    `wrap` puts around them (to inject faults), with batch "b" of one campaign submitted
    and review approved by policy. Returns the lifecycle and that transport."""
    life = Lifecycle(tmp_path)
    transport = wrap(LocalTransport(life.system.modules))
    life.system.supervisor = build_supervisor(life.system.settings, transport, life.clock)
    await life.start()
    await life.submit("b", review="auto")
    return life, transport


async def only_letter(life: Lifecycle, batch_id: str = "b") -> dict[str, Any]:
    """The batch's one campaign parked on its one dead letter: that letter, as a dict."""
    view = await life.settled(batch_id)
    assert view.counts == {"dead_letter": 1} and view.campaigns[0].dead_lettered
    [letter] = (await life.ask(ListDeadLetters(), DeadLetterList)).letters
    return letter.model_dump()
