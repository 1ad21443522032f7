"""A module packs a result's reply from `result_fields`, without building the model: the
bytes must be those of `reply_to`'s reply, which are stored for dedupe and sent again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from contracts.codec import pack_reply
from contracts.envelope import Envelope, reply_to, result_fields
from tests.unit.factories.contracts import FACTORIES

NOW = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_result_fields_pack_as_reply_to(name):
    request = Envelope(message_id=f"m-{name}", type="Any", correlation_id="c-1",
                       sent_at=NOW, deadline=NOW + timedelta(hours=1), payload={})
    result = FACTORIES[name]()
    assert pack_reply(result_fields(request, result, NOW)) == pack_reply(
        reply_to(request, result, NOW))
