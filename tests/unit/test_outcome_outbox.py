"""Reporting hears every outcome: the saga log is the outbox, so an outcome reporting
could not take is sent again later or by the next supervisor, and stored once."""

from __future__ import annotations

import pytest

from contracts.codec import decode_request, encode_replies, parse_envelope
from contracts.envelope import ErrorCode, ErrorInfo, error_reply
from supervisors.ports import LocalTransport, Transport
from tests.support import brief_dict
from tests.unit.lifecycle_harness import Lifecycle
from wiring import build_supervisor

pytestmark = pytest.mark.usefixtures("each_store")


class ReportingDown(Transport):
    def __init__(self, inner: Transport):
        self.inner = inner
        self.down = True

    async def call(self, destination: str, frame: bytes) -> bytes:
        if destination == "reporting" and self.down:
            raws, batch = decode_request(frame)
            info = ErrorInfo(code=ErrorCode.UNAVAILABLE, message="reporting is down",
                             retryable=True)
            return encode_replies([error_reply(e.message_id, e.correlation_id, info,
                                               e.sent_at) for e in map(parse_envelope, raws)],
                                  batch)
        return await self.inner.call(destination, frame)


async def test_outcomes_reporting_missed_are_sent_later_and_stored_once(tmp_path):
    life = Lifecycle(tmp_path)
    transport = ReportingDown(LocalTransport(life.system.modules))
    life.system.supervisor = build_supervisor(life.system.settings, transport, life.clock)
    await life.start()
    try:
        bad = brief_dict(budget=-5)  # refused at intake: an outcome too
        await life.submit("b", review="auto", briefs=[brief_dict(), bad])
        assert (await life.settled("b")).counts == {"delivered": 1, "rejected": 1}
        outbox = life.system.supervisor.outbox
        await outbox.idle()
        assert outbox.behind
        assert life.rows("reporting", "SELECT count(*) FROM outcomes") == [(0,)]
        unreported = "SELECT count(*) FROM sagas WHERE reported_at IS NULL"
        assert life.rows("supervisor", unreported) == [(2,)]

        transport.down = False
        outbox.kick()  # what the heartbeat does while the outbox is behind
        await outbox.idle()
        outbox.kick()  # a second drain finds nothing to send
        await outbox.idle()
    finally:
        await life.close()
    assert life.rows("supervisor", unreported) == [(0,)]
    assert sorted(life.rows("reporting", "SELECT outcome FROM outcomes")) == [
        ("delivered",), ("rejected",)]


async def test_a_new_supervisor_sends_what_the_old_one_could_not(tmp_path):
    life = Lifecycle(tmp_path)
    transport = ReportingDown(LocalTransport(life.system.modules))
    life.system.supervisor = build_supervisor(life.system.settings, transport, life.clock)
    await life.start()
    await life.submit("b", review="auto")
    await life.settled("b")
    await life.restart()  # the new supervisor reaches reporting directly
    try:
        await life.system.supervisor.outbox.idle()
    finally:
        await life.close()
    assert life.rows("reporting", "SELECT campaign_id, outcome FROM outcomes") == [
        ("b-00", "delivered")]
