"""A compensation that keeps failing is not a dead end: the unwind parks on a dead letter,
an operator retries it (same message ids) until the campaign ends compensated, or gives
that undo up and the campaign ends compensation_failed with the rest undone."""

from __future__ import annotations

import pytest

from contracts.codec import decode_request, encode_replies, parse_envelope
from contracts.dead_letters import DeadLetterResolved, DiscardDeadLetter, RetryDeadLetter
from contracts.envelope import ErrorCode, ErrorInfo, error_reply
from supervisors.ports import Transport
from tests.unit.lifecycle_harness import behind, only_letter

pytestmark = pytest.mark.usefixtures("each_store")


class BillingDown(Transport):
    """Real actors behind it. Follow-ups are refused for good, so the saga unwinds after
    its invoice was sent; while `down`, billing cannot be reached, so VoidInvoice fails
    as a lost actor's calls do (retryable). Records every VoidInvoice id it saw."""

    def __init__(self, inner: Transport):
        self.inner = inner
        self.down = True
        self.void_ids: list[str] = []

    async def call(self, destination: str, frame: bytes) -> bytes:
        raws, batch = decode_request(frame)
        envelopes = [parse_envelope(raw) for raw in raws]
        self.void_ids += [e.message_id for e in envelopes if e.type == "VoidInvoice"]
        if any(e.type == "ScheduleFollowUps" for e in envelopes):
            return self._refuse(envelopes, batch, ErrorCode.CONFLICT, False)
        if self.down and destination == "billing" and any(
                e.type == "VoidInvoice" for e in envelopes):
            return self._refuse(envelopes, batch, ErrorCode.UNAVAILABLE, True)
        return await self.inner.call(destination, frame)

    @staticmethod
    def _refuse(envelopes, batch, code, retryable) -> bytes:
        info = ErrorInfo(code=code, retryable=retryable, message=f"refused: {code.value}")
        return encode_replies([error_reply(e.message_id, e.correlation_id, info, e.sent_at)
                               for e in envelopes], batch)


@pytest.fixture
async def unwinding(tmp_path):
    life, transport = await behind(tmp_path, BillingDown)
    yield life, transport
    await life.close()


async def test_a_compensation_that_keeps_failing_parks_on_a_dead_letter(unwinding):
    life, _ = unwinding
    letter = await only_letter(life)
    assert (letter["step"], letter["message_type"], letter["destination"]) == (
        "invoice", "VoidInvoice", "billing")
    assert "unavailable" in letter["error"]
    assert life.rows("billing", "SELECT status FROM invoices") == [("sent",)]
    # earlier steps wait, undone, in reverse order behind the invoice
    assert life.rows("delivery-*", "SELECT status FROM packs") == [("delivered",)]
    assert (await life.campaign("b")).outcome is None


async def test_retrying_an_undo_letter_finishes_the_unwind_with_the_same_ids(unwinding):
    life, transport = unwinding
    letter = await only_letter(life)
    sent_while_down = set(transport.void_ids)
    transport.down = False
    resolved = await life.ask(RetryDeadLetter(letter_id=letter["letter_id"]), DeadLetterResolved)
    assert resolved.letter.status == "retried"
    done = await life.campaign("b")
    assert (done.outcome, done.state) == ("compensated", "COMPENSATED")
    assert done.compensation_failures == []
    assert set(transport.void_ids) == sent_while_down == {letter["message_id"]}
    assert life.rows("billing", "SELECT status FROM invoices") == [("void",)]
    assert life.rows("delivery-*", "SELECT status FROM packs") == [("revoked",)]
    assert life.rows("cam", "SELECT status FROM campaigns") == [("cancelled",)]


async def test_discarding_an_undo_letter_gives_that_undo_up_and_undoes_the_rest(unwinding):
    life, _ = unwinding
    letter = await only_letter(life)
    await life.ask(DiscardDeadLetter(letter_id=letter["letter_id"], reason="voided by hand"),
                   DeadLetterResolved)
    done = await life.campaign("b")
    assert (done.outcome, done.state) == ("compensation_failed", "COMPENSATION_FAILED")
    [failure] = done.compensation_failures
    assert failure.startswith("invoice: given up: discarded by operator: voided by hand")
    assert life.rows("delivery-*", "SELECT status FROM packs") == [("revoked",)]
    assert life.rows("billing", "SELECT status FROM invoices") == [("sent",)]


async def test_an_undo_letter_stays_parked_across_a_restart_then_retries(unwinding):
    life, _ = unwinding
    letter = await only_letter(life)
    await life.restart()  # the new supervisor talks to the modules directly: billing is up
    view = await life.settled("b")
    assert view.counts == {"dead_letter": 1}  # not retried behind the operator's back
    await life.ask(RetryDeadLetter(letter_id=letter["letter_id"]), DeadLetterResolved)
    done = await life.campaign("b")
    assert (done.outcome, done.state) == ("compensated", "COMPENSATED")
    assert life.rows("billing", "SELECT status FROM invoices") == [("void",)]
