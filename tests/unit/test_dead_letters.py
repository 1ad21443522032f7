"""Poison messages: a step whose retryable error outlasts every retry parks its saga on a
dead letter; an operator lists, retries or discards it, and nothing is lost meanwhile."""

from __future__ import annotations

import pytest

from contracts.codec import decode_request, encode_replies, parse_envelope
from contracts.dead_letters import DeadLetterResolved, DiscardDeadLetter, RetryDeadLetter
from contracts.envelope import ErrorCode, ErrorInfo, error_reply
from contracts.supervisor import CancelAccepted, CancelCampaigns
from supervisors.ports import Transport
from tests.unit.lifecycle_harness import behind, only_letter

pytestmark = pytest.mark.usefixtures("each_store")


class Poisoned(Transport):
    """Real actors behind it; while `poisoned`, every IssueInvoice fails as a fault would
    (retryable, never applied)."""

    def __init__(self, inner: Transport):
        self.inner = inner
        self.poisoned = True
        self.refused = 0

    async def call(self, destination: str, frame: bytes) -> bytes:
        raws, batch = decode_request(frame)
        envelopes = [parse_envelope(raw) for raw in raws]
        if self.poisoned and any(e.type == "IssueInvoice" for e in envelopes):
            self.refused += 1
            info = ErrorInfo(code=ErrorCode.INTERNAL, retryable=True,
                             message="KeyError: 'tax_rate'")
            return encode_replies([error_reply(e.message_id, e.correlation_id, info,
                                               e.sent_at) for e in envelopes], batch)
        return await self.inner.call(destination, frame)


@pytest.fixture
async def poisoned(tmp_path):
    life, transport = await behind(tmp_path, Poisoned)
    yield life, transport
    await life.close()


async def test_a_poison_message_parks_its_saga_with_the_error(poisoned):
    life, transport = poisoned
    letter = await only_letter(life)
    assert (letter["step"], letter["message_type"], letter["destination"]) == (
        "invoice", "IssueInvoice", "billing")
    assert letter["attempts"] == 6 and "KeyError: 'tax_rate'" in letter["error"]
    assert transport.refused == 6
    assert life.rows("delivery-*", "SELECT status FROM packs") == [("delivered",)]  # kept


async def test_retrying_a_dead_letter_sends_the_step_again(poisoned):
    life, transport = poisoned
    letter = await only_letter(life)
    transport.poisoned = False
    resolved = await life.ask(RetryDeadLetter(letter_id=letter["letter_id"]), DeadLetterResolved)
    assert resolved.letter.status == "retried"
    assert (await life.campaign("b")).outcome == "delivered"
    assert life.rows("billing", "SELECT count(*) FROM invoices") == [(1,)]
    again = await life.reply(RetryDeadLetter(letter_id=letter["letter_id"]))
    assert again.error is not None and again.error.code is ErrorCode.CONFLICT


async def test_discarding_a_dead_letter_cancels_and_undoes_the_campaign(poisoned):
    life, _ = poisoned
    letter = await only_letter(life)
    await life.ask(DiscardDeadLetter(letter_id=letter["letter_id"], reason="bad rate card"),
                   DeadLetterResolved)
    done = await life.campaign("b")
    assert (done.outcome, done.state) == ("cancelled", "CANCELLED")
    assert "dead letter discarded: bad rate card" in done.reason
    assert life.rows("delivery-*", "SELECT status FROM packs") == [("revoked",)]
    assert life.rows("cam", "SELECT status FROM campaigns") == [("cancelled",)]
    assert [s for (s,) in life.rows("supervisor", "SELECT status FROM dead_letters")] == [
        "discarded"]


async def test_a_dead_letter_stays_parked_across_a_restart_and_can_be_cancelled(poisoned):
    life, _ = poisoned
    await only_letter(life)
    await life.restart()  # the new supervisor talks to the modules directly: no poison
    view = await life.settled("b")
    assert view.counts == {"dead_letter": 1}  # not retried behind the operator's back
    assert (await life.ask(CancelCampaigns(target="b"), CancelAccepted)).cancelling == 1
    assert (await life.campaign("b")).outcome == "cancelled"
