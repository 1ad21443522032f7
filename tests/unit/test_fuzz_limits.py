"""Size limits at every receiver: a frame over MAX_FRAME_BYTES or a batch over MAX_BATCH is
refused whole with one too_large error that names the limit, even when every envelope in it
is a valid command; nothing in it is applied. The limits are patched small to keep the
frames small; one test per receiver checks the real batch limit."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import contracts.codec as codec
from contracts.codec import decode_replies, encode_request
from contracts.envelope import ErrorCode, ReplyEnvelope
from tests.unit.test_fuzz_receivers import (
    FUZZ,
    RECEIVERS,
    Receiver,
    assert_refused,
    cheap_command,
    receiver,
)

pytestmark = pytest.mark.usefixtures("each_store")


def send_under(subject: Receiver, frame: bytes, **limits: int) -> list[ReplyEnvelope]:
    """Send with the codec's limits patched; the reply is decoded under the real limits."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in limits.items():
            patch.setattr(codec, name, value)
        answer = subject.send(frame)
    return decode_replies(answer)


def frame_of(subject: Receiver, ids: list[Any], batch: bool, cheap: bool = False) -> bytes:
    """Valid commands: any of them would be applied, and write, if the frame were let in."""
    def command(i: int) -> Any:
        return cheap_command(subject.kind, subject.root, f"c-{i}") if cheap else subject.command
    envelopes = [subject.envelope(command(i), str(message_id))
                 for i, message_id in enumerate(ids)]
    return encode_request(envelopes if batch else envelopes[0])


@pytest.mark.parametrize("destination", RECEIVERS)
def test_a_frame_over_the_byte_limit_is_refused_whole(destination):
    with receiver(destination) as subject:
        @FUZZ
        @given(ids=st.lists(st.uuids(), min_size=1, max_size=3, unique=True),
               batch=st.booleans(), data=st.data())
        def oversized(ids: list[Any], batch: bool, data: st.DataObject) -> None:
            frame = frame_of(subject, ids, batch)
            limit = data.draw(st.integers(0, len(frame) - 1), label="limit")
            [reply] = send_under(subject, frame, MAX_FRAME_BYTES=limit)
            assert_refused([reply], [{ErrorCode.TOO_LARGE}])
            assert f"{len(frame)} bytes exceeds {limit}" in reply.error.message

        oversized()
        subject.assert_unharmed()


@pytest.mark.parametrize("destination", RECEIVERS)
def test_a_batch_over_the_envelope_limit_is_refused_whole(destination):
    with receiver(destination) as subject:
        @FUZZ
        @given(limit=st.integers(1, 6), over=st.integers(1, 4), data=st.data())
        def overfull(limit: int, over: int, data: st.DataObject) -> None:
            ids = data.draw(st.lists(st.uuids(), min_size=limit + over,
                                     max_size=limit + over, unique=True), label="ids")
            frame = frame_of(subject, ids, batch=True, cheap=True)
            [reply] = send_under(subject, frame, MAX_BATCH=limit)
            assert_refused([reply], [{ErrorCode.TOO_LARGE}])
            assert f"batch of {limit + over} envelopes exceeds {limit}" in reply.error.message

        overfull()
        subject.assert_unharmed()


@pytest.mark.parametrize("destination", RECEIVERS)
def test_the_real_batch_limit_refuses_one_envelope_more(destination):
    with receiver(destination) as subject:
        frame = frame_of(subject, list(range(codec.MAX_BATCH + 1)), batch=True, cheap=True)
        [reply] = subject.replies(frame)
        assert_refused([reply], [{ErrorCode.TOO_LARGE}])
        assert f"exceeds {codec.MAX_BATCH}" in reply.error.message
        subject.assert_unharmed()


@pytest.mark.parametrize("destination", RECEIVERS)
def test_a_frame_of_exactly_the_limit_is_let_in(destination):
    with receiver(destination) as subject:
        frame = frame_of(subject, ["at-the-limit"], batch=False)
        [reply] = send_under(subject, frame, MAX_FRAME_BYTES=len(frame))
        assert reply.ok and reply.type == subject.reply_type, reply.error
