"""The reporting outbox under faults: a row reporting can never take is quarantined where an
operator sees it, a row refused for now waits, and neither keeps later outcomes from
reaching reporting. A wall clock that steps back mid-step still gives a valid outcome."""

from __future__ import annotations

import json
import logging
import random
from datetime import timedelta
from pathlib import Path

import pytest

from contracts.codec import (
    decode_replies,
    decode_request,
    encode_replies,
    encode_request,
    encode_value,
    parse_envelope,
)
from contracts.envelope import ErrorCode, ErrorInfo, error_reply
from supervisors import saga_log as tables
from supervisors.outbox import DRAIN_CHUNK, OutcomeOutbox
from supervisors.ports import FrameHandler, LocalTransport, MessagePort, Transport
from supervisors.saga_log import SagaLog
from tests.stores import query
from tests.support import T0, FakeClock
from tests.unit.batch_harness import settings_for
from tests.unit.lifecycle_harness import Lifecycle
from wiring import build_module, build_supervisor

pytestmark = pytest.mark.usefixtures("each_store")


class ReportingRefuses(Transport):
    """Reporting refuses the outcomes of the `refused` campaigns; the rest reach it."""

    def __init__(self, reporting: FrameHandler, refused: set[str], *, retryable: bool):
        self.reporting, self.refused = reporting, refused
        self.error = ErrorInfo(code=ErrorCode.IO_FAILED if retryable else ErrorCode.CONFLICT,
                               message="reporting refused it", retryable=retryable)

    async def call(self, destination: str, frame: bytes) -> bytes:
        raws, batch = decode_request(frame)
        envelopes = [parse_envelope(raw) for raw in raws]
        passed = [e for e in envelopes if e.correlation_id not in self.refused]
        answered = iter(decode_replies(await self.reporting.handle(encode_request(passed)))
                        if passed else [])
        return encode_replies([error_reply(e.message_id, e.correlation_id, self.error, e.sent_at)
                               if e.correlation_id in self.refused else next(answered)
                               for e in envelopes], batch)


class Outbox:
    """A saga log holding finished sagas, the real reporting actor, and the outbox between."""

    def __init__(self, tmp_path: Path):
        self.root = tmp_path
        self.clock = FakeClock()
        settings = settings_for(tmp_path).provisioned()  # built by hand, as a driver would
        self.log = SagaLog(settings.store("supervisor"))
        self.reporting = build_module("reporting", settings, self.clock)
        self.refused: set[str] = set()
        self.retryable = True

    async def start(self, rows: list[dict]) -> OutcomeOutbox:
        await self.reporting.start()
        await self.log.start()
        await self.log.write([(tables.insert_saga, row) for row in rows])
        transport = ReportingRefuses(self.reporting, self.refused, retryable=self.retryable)
        return OutcomeOutbox(self.log, MessagePort(transport), self.clock, random.Random(0))

    async def close(self) -> None:
        await self.log.close()
        await self.reporting.close()

    def recorded(self) -> list[str]:
        """Campaigns whose outcome reporting stored."""
        return sorted(r for (r,) in self.rows("reporting", "SELECT campaign_id FROM outcomes"))

    def marks(self) -> dict[str, str | None]:
        """Each saga's reported_at, as an operator reads it in the saga log."""
        return dict(self.rows("supervisor", "SELECT campaign_id, reported_at FROM sagas"))

    def rows(self, database: str, sql: str) -> list[tuple]:
        return query(self.root / "data", database, sql)


def finished(index: int, *, ended_before_start: bool = False) -> dict:
    """A delivered campaign's saga row, finished `index` seconds after T0."""
    began = T0 + timedelta(seconds=index)
    ended = began - timedelta(seconds=5) if ended_before_start else began + timedelta(seconds=1)
    summary = {"client_id": f"client-{index}", "client_name": f"Client {index}",
               "timings": {"strategy": [began.isoformat(), ended.isoformat()]}}
    return {"campaign_id": f"b-{index:04d}", "batch_id": "b", "position": index,
            "status": "done", "state": "COMPLETED", "step": None, "outcome": "delivered",
            "reason": None, "input": encode_value({}), "compensation_failures": "[]",
            "summary": json.dumps(summary), "started_at": T0.isoformat(),
            "finished_at": (began + timedelta(seconds=2)).isoformat(),
            "updated_at": T0.isoformat()}


async def test_a_row_that_is_no_valid_outcome_is_quarantined_and_the_others_are_reported(
        tmp_path, caplog):
    caplog.set_level(logging.ERROR, logger="aicmo.supervisor.outbox")
    harness = Outbox(tmp_path)
    outbox = await harness.start([finished(0), finished(1, ended_before_start=True),
                                  finished(2)])
    try:
        await outbox.drain()
        await outbox.drain()  # a second drain neither resends nor retries the bad row
    finally:
        await harness.close()
    assert harness.recorded() == ["b-0000", "b-0002"]
    marks = harness.marks()
    assert marks["b-0001"].startswith("quarantined:")
    assert not marks["b-0000"].startswith("quarantined:")
    assert outbox.quarantined == 1 and not outbox.behind
    [logged] = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert "b-0001" in logged and "finished before it started" in logged  # once, with why


async def test_outcomes_refused_for_now_do_not_keep_later_ones_from_reporting(tmp_path):
    harness = Outbox(tmp_path)
    rows = [finished(i) for i in range(DRAIN_CHUNK + 5)]
    harness.refused.update(r["campaign_id"] for r in rows[:DRAIN_CHUNK])  # the oldest
    outbox = await harness.start(rows)
    try:
        await outbox.drain()
        assert harness.recorded() == [r["campaign_id"] for r in rows[DRAIN_CHUNK:]]
        assert outbox.behind  # the refused ones wait for the next drain
        harness.refused.clear()
        await outbox.drain()
    finally:
        await harness.close()
    assert len(harness.recorded()) == DRAIN_CHUNK + 5
    assert None not in harness.marks().values() and not outbox.behind


async def test_an_outcome_reporting_refuses_for_good_is_quarantined(tmp_path):
    harness = Outbox(tmp_path)
    harness.retryable = False
    harness.refused.add("b-0000")
    outbox = await harness.start([finished(0), finished(1)])
    try:
        await outbox.drain()
    finally:
        await harness.close()
    assert harness.recorded() == ["b-0001"]
    assert harness.marks()["b-0000"].startswith("quarantined:")
    assert not outbox.behind


class ClockStepsBack(Transport):
    """The wall clock steps back an hour while strategy works (an NTP correction)."""

    def __init__(self, inner: Transport, clock: FakeClock):
        self.inner, self.clock, self.stepped = inner, clock, False

    async def call(self, destination: str, frame: bytes) -> bytes:
        reply = await self.inner.call(destination, frame)
        if destination == "strategy" and not self.stepped:
            self.stepped = True
            self.clock.current -= timedelta(hours=1)
        return reply


async def test_a_clock_stepping_back_mid_step_still_reports_a_valid_outcome(tmp_path):
    life = Lifecycle(tmp_path)
    transport = ClockStepsBack(LocalTransport(life.system.modules), life.clock)
    life.system.supervisor = build_supervisor(life.system.settings, transport, life.clock)
    await life.start()
    try:
        await life.submit("b", review="auto")
        assert (await life.settled("b")).counts == {"delivered": 1}
        await life.system.supervisor.outbox.idle()
    finally:
        await life.close()
    assert transport.stepped
    assert life.rows("reporting", "SELECT campaign_id, outcome FROM outcomes") == [
        ("b-00", "delivered")]
    [(started, ended)] = life.rows(
        "reporting", "SELECT started_at, finished_at FROM step_timings WHERE step = 'strategy'")
    assert ended >= started
