"""Driver-side frames: build a request, read its answer, shape briefs into a batch.

No Ray here: drivers on Ray (runtime.Runtime) and in-process callers both use these.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from contracts.codec import decode_replies, encode_request
from contracts.common import Contract, derived_id, new_id
from contracts.envelope import Envelope
from contracts.supervisor import CampaignSubmission
from driver.errors import driver_error
from infra.clock import SystemClock


def request(message: Contract, correlation_id: str, ttl: float = 60.0) -> bytes:
    """A one-envelope request frame from a driver."""
    now = SystemClock().now()
    return encode_request(Envelope(
        message_id=new_id(), type=type(message).__name__, correlation_id=correlation_id,
        sent_at=now, deadline=now + timedelta(seconds=ttl),
        payload=message.model_dump(mode="python")))


def answer(frame: bytes, expected: type[Contract]) -> Any:
    """The reply's result as `expected`; an error reply raises its DriverError subclass."""
    [reply] = decode_replies(frame)
    if reply.error is not None:
        raise driver_error(reply.error)
    return expected.model_validate(reply.payload)


def submissions(briefs: Iterable[Any], batch_id: str) -> list[CampaignSubmission]:
    """Accept briefs as dicts, {"campaign_id", "brief"} records, or CampaignSubmissions.
    A brief without an id gets one derived from the batch id and its position."""
    out = []
    for position, item in enumerate(briefs):
        if isinstance(item, CampaignSubmission):
            out.append(item)
        elif isinstance(item, dict) and "brief" in item:
            cid = item.get("campaign_id") or derived_id(batch_id, position)
            out.append(CampaignSubmission(campaign_id=cid, brief=item["brief"]))
        else:
            brief = item.model_dump(mode="json") if isinstance(item, Contract) else dict(item)
            out.append(CampaignSubmission(campaign_id=derived_id(batch_id, position), brief=brief))
    return out
