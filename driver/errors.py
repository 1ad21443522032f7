"""The driver's typed refusals: one exception class per kind of error reply, so a caller
(the CLI, the web service) can word it and pick an exit code without reading the message."""

from __future__ import annotations

from typing import Any

from contracts.envelope import ErrorCode, ErrorInfo
from contracts.supervisor import CAMPAIGN_TAKEN


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


def driver_error(error: ErrorInfo) -> DriverError:
    """The typed exception for an error reply."""
    taken = CAMPAIGN_TAKEN.match(error.message) if error.code is ErrorCode.CONFLICT else None
    if taken:
        return CampaignTaken(error.code.value, error.message, taken["campaign"],
                             taken["batch"])
    return _KINDS.get(error.code, Unavailable)(error.code.value, error.message)
