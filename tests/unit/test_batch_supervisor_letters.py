"""A batch parked on a dead letter names the letter: its view lists each parked campaign
with the open letter's id, step and error, which is what `aicmo dlq retry` takes."""

from __future__ import annotations

import pytest

from contracts.codec import decode_request, encode_replies, parse_envelope
from contracts.dead_letters import DeadLetterResolved, RetryDeadLetter
from contracts.envelope import ErrorCode, ErrorInfo, error_reply
from contracts.supervisor import BatchView, GetBatch
from supervisors.ports import Transport
from tests.unit.lifecycle_harness import behind, only_letter


class RefusesInvoices(Transport):
    """Real actors behind it; while `refusing`, billing's IssueInvoice fails as a fault of
    billing's would (retryable), so the step outlasts its retries."""

    def __init__(self, inner: Transport):
        self.inner = inner
        self.refusing = True

    async def call(self, destination: str, frame: bytes) -> bytes:
        raws, batch = decode_request(frame)
        envelopes = [parse_envelope(raw) for raw in raws]
        if self.refusing and any(e.type == "IssueInvoice" for e in envelopes):
            info = ErrorInfo(code=ErrorCode.INTERNAL, retryable=True, message="rate card gone")
            return encode_replies([error_reply(e.message_id, e.correlation_id, info, e.sent_at)
                                   for e in envelopes], batch)
        return await self.inner.call(destination, frame)


@pytest.fixture
async def parked(tmp_path):
    life, transport = await behind(tmp_path, RefusesInvoices)
    yield life, transport
    await life.close()


async def test_a_parked_campaign_names_its_open_letter(parked):
    life, _ = parked
    letter = await only_letter(life)

    [campaign] = (await life.settled("b")).campaigns

    assert campaign.dead_lettered and campaign.dead_letter is not None
    assert campaign.dead_letter.letter_id == letter["letter_id"]
    assert (campaign.dead_letter.step, campaign.dead_letter.status) == ("invoice", "open")
    assert "rate card gone" in campaign.dead_letter.error


async def test_a_resolved_letter_leaves_the_view(parked):
    life, transport = parked
    letter = await only_letter(life)
    transport.refusing = False

    await life.ask(RetryDeadLetter(letter_id=letter["letter_id"]), DeadLetterResolved)
    [campaign] = (await life.settled("b")).campaigns

    assert (campaign.outcome, campaign.dead_lettered, campaign.dead_letter) == (
        "delivered", False, None)


async def test_a_view_without_campaigns_reads_no_letters(parked):
    life, _ = parked
    await only_letter(life)

    view = await life.ask(GetBatch(batch_id="b"), BatchView)

    assert view.counts == {"dead_letter": 1} and view.campaigns == []
