"""The wire codec's frames: batch and single shapes, size limits, one error type for bad input."""

from __future__ import annotations

import re

import pytest

import contracts.codec as codec
from contracts.codec import (
    CodecError,
    decode_replies,
    decode_request,
    decode_value,
    encode_replies,
    encode_request,
    encode_value,
    parse_envelope,
)
from contracts.envelope import reply_to
from contracts.onboarding import GetBrief
from tests.support import T0, envelope
from tests.unit.factories import CID
from tests.unit.factories.contracts import FACTORIES


def test_batch_frame_decodes_to_every_envelope_in_order():
    sent = [envelope(GetBrief(campaign_id=f"c-{i}"), f"c-{i}") for i in range(7)]
    raws, batch = decode_request(encode_request(sent))
    assert batch is True
    assert [parse_envelope(r).message_id for r in raws] == [e.message_id for e in sent]


def test_one_envelope_in_a_list_is_still_a_batch():
    raws, batch = decode_request(encode_request([envelope(GetBrief(campaign_id=CID))]))
    assert batch is True and len(raws) == 1


def test_reply_frame_mirrors_the_request_shape():
    replies = [reply_to(envelope(GetBrief(campaign_id=CID)), FACTORIES["BriefDiscarded"](), T0)
               for _ in range(3)]
    assert isinstance(decode_value(encode_replies(replies[:1], batch=False)), dict)
    as_batch = decode_value(encode_replies(replies, batch=True))
    assert isinstance(as_batch, list) and len(as_batch) == 3
    assert decode_replies(encode_replies(replies, batch=True)) == replies


@pytest.mark.parametrize(("frame", "needle"), [
    ("not bytes", "a frame is bytes"),
    (None, "a frame is bytes"),
    (b"\xc1", "not a msgpack frame"),
    (b"", "not a msgpack frame"),
    (b"\x01\x02", "not a msgpack frame"),  # trailing data after one value
    (encode_value([]), "empty batch"),
    (encode_value([{}] * (codec.MAX_BATCH + 1)), "exceeds"),
    (encode_value(42), "got int"),
    (encode_value("hello"), "got str"),
    (encode_value({1: "non-string key"}), "not a msgpack frame"),
])
def test_bad_frames_raise_codec_error(frame, needle):
    with pytest.raises(CodecError, match=needle):
        decode_request(frame)


def test_a_full_batch_is_accepted():
    raws, batch = decode_request(encode_value([{}] * codec.MAX_BATCH))
    assert batch and len(raws) == codec.MAX_BATCH


def test_oversize_frame_is_refused(monkeypatch):
    frame = encode_request(envelope(GetBrief(campaign_id=CID)))
    monkeypatch.setattr(codec, "MAX_FRAME_BYTES", len(frame) - 1)
    with pytest.raises(CodecError, match="exceeds"):
        decode_request(frame)
    with pytest.raises(CodecError, match="exceeds"):
        decode_replies(frame)
    monkeypatch.setattr(codec, "MAX_FRAME_BYTES", len(frame))
    assert decode_request(frame)[1] is False


def test_unencodable_value_is_a_codec_error():
    with pytest.raises(CodecError, match="cannot encode"):
        encode_value({"x": object()})


def test_malformed_envelope_names_the_field():
    raw = envelope(GetBrief(campaign_id=CID)).model_dump(mode="python")
    with pytest.raises(CodecError, match="message_id"):
        parse_envelope({**raw, "message_id": ""})
    with pytest.raises(CodecError, match=re.escape("(root)")):
        parse_envelope(["not", "a", "map"])
