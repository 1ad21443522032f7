"""Driver-side helpers: build a request frame, read its answer, shape briefs into a batch.

No Ray here: drivers on Ray (runtime.Runtime) and in-process callers both use these.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from contracts.codec import decode_replies, encode_request
from contracts.common import Contract, derived_id, new_id
from contracts.envelope import Envelope, ErrorCode, ErrorInfo
from contracts.supervisor import CampaignSubmission
from infra.clock import SystemClock


class DriverError(Exception):
    """The supervisor or a module refused a request. `code` is the contract's ErrorCode
    value; the subclass says what kind of refusal it is, so a caller (the CLI) can word it
    and pick an exit code without reading the message."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    def __reduce__(self) -> Any:  # pickles (Ray ships exceptions) with all its fields
        return type(self), (self.code, self.message)


class NotFound(DriverError):
    """The request named something (a batch, a campaign, an invoice) that does not exist."""


class Conflict(DriverError):
    """The request contradicts what exists (a campaign id taken, a batch submitted with
    other briefs, a review already decided)."""


class Invalid(DriverError):
    """The request itself is malformed or too large: fix it before sending it again."""


class Unavailable(DriverError):
    """A fault on the far side (unreachable, too slow, failed I/O, an internal error): the
    same request may succeed later."""


class CampaignTaken(Conflict):
    """A submission's campaign id already belongs to another batch: resume that batch by
    submitting the same briefs under its id, or give the briefs new campaign ids."""

    def __init__(self, code: str, message: str, campaign_id: str, batch_id: str):
        super().__init__(code, message)
        self.campaign_id = campaign_id
        self.batch_id = batch_id

    def __reduce__(self) -> Any:
        return type(self), (self.code, self.message, self.campaign_id, self.batch_id)


_KINDS: dict[ErrorCode, type[DriverError]] = {
    ErrorCode.NOT_FOUND: NotFound, ErrorCode.CONFLICT: Conflict,
    ErrorCode.BAD_PAYLOAD: Invalid, ErrorCode.BAD_FRAME: Invalid,
    ErrorCode.UNKNOWN_TYPE: Invalid, ErrorCode.UNSUPPORTED_VERSION: Invalid,
    ErrorCode.TOO_LARGE: Invalid}
# The supervisor words a taken campaign id with `campaign_taken` and the driver reads the
# two ids back from it: the error reply carries a message, not fields.
_TAKEN = re.compile(
    r"^campaign (?P<campaign>[\w.-]+) already belongs to batch (?P<batch>[\w.-]+):")


def campaign_taken(campaign_id: str, batch_id: str) -> str:
    """The refusal of a submission whose campaign id belongs to batch `batch_id`."""
    return (f"campaign {campaign_id} already belongs to batch {batch_id}: to resume that "
            f"batch, submit the same briefs with batch id {batch_id}; to start a new one, "
            "give the briefs new campaign ids")


def driver_error(error: ErrorInfo) -> DriverError:
    """The typed exception for an error reply."""
    taken = _TAKEN.match(error.message) if error.code is ErrorCode.CONFLICT else None
    if taken:
        return CampaignTaken(error.code.value, error.message, taken["campaign"],
                             taken["batch"])
    return _KINDS.get(error.code, Unavailable)(error.code.value, error.message)


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
