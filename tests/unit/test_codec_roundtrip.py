"""The wire codec: every contract survives a frame, inside an envelope and as a reply."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from pydantic import ValidationError

from contracts import registry
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
from contracts.envelope import Envelope, reply_to
from contracts.onboarding import GetBrief
from tests.support import T0, envelope
from tests.unit.factories import CEST, CID
from tests.unit.factories.contracts import FACTORIES, all_contracts


def test_every_registered_contract_has_a_factory():
    assert set(FACTORIES) == set(all_contracts())


@pytest.mark.parametrize("name", sorted(all_contracts()))
def test_contract_round_trips_inside_an_envelope(name):
    original = FACTORIES[name]()
    model = all_contracts()[name]
    assert type(original) is model
    sent = envelope(original, CID, now=datetime(2027, 1, 4, 11, 0, tzinfo=CEST))
    raws, batch = decode_request(encode_request(sent))
    assert batch is False and len(raws) == 1
    received = parse_envelope(raws[0])
    assert received.model_dump(exclude={"payload"}) == sent.model_dump(exclude={"payload"})
    assert model.model_validate(received.payload) == original


@pytest.mark.parametrize("name", sorted(registry.reply_types()))
def test_reply_round_trips_through_a_reply_frame(name):
    original = FACTORIES[name]()
    reply = reply_to(envelope(GetBrief(campaign_id=CID)), original, T0)
    [back] = decode_replies(encode_replies([reply], batch=False))
    assert back.ok and back.type == name and back.in_reply_to == reply.in_reply_to
    assert registry.reply_types()[name].model_validate(back.payload) == original


def test_decimal_date_and_aware_datetime_survive():
    at = datetime(2027, 1, 4, 11, 15, 30, 123456, tzinfo=CEST)
    value = {"money": Decimal("0.10"), "on": date(2027, 2, 1), "at": at}
    back = decode_value(encode_value(value))
    assert back["money"] == "0.10" and Decimal(back["money"]) == Decimal("0.10")
    assert back["on"] == "2027-02-01"
    assert back["at"] == at and back["at"].utcoffset() == timedelta(0)


def test_naive_datetime_is_rejected_everywhere():
    naive = datetime(2027, 1, 4, 9, 0)
    with pytest.raises(ValidationError, match="timezone"):
        Envelope(message_id="m", type="GetBrief", correlation_id=CID, sent_at=naive,
                 deadline=T0, payload={})
    raw = envelope(GetBrief(campaign_id=CID)).model_dump(mode="python")
    with pytest.raises(CodecError, match="sent_at"):
        parse_envelope({**raw, "sent_at": naive})
    with pytest.raises(CodecError, match="cannot encode"):
        encode_value({"at": naive})
