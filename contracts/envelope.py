"""The envelope every message travels in, and the reply that answers it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import AwareDatetime, Field, field_validator

from contracts.common import Contract, derived_id

# major.minor. A receiver refuses another major version; within its major, a newer minor
# version may carry fields it does not know (ignored) and an older one may lack optional
# fields (their defaults apply). See contracts.dispatch.
SCHEMA_VERSION = "1.0"
SUPPORTED_MAJOR, SUPPORTED_MINOR = (int(part) for part in SCHEMA_VERSION.split("."))
# ASCII digits only: \d would admit any Unicode digit, which int() then cannot read.
VERSION_PATTERN = r"^[0-9]{1,4}\.[0-9]{1,4}$"


class ErrorCode(StrEnum):
    """Why a message was not applied. `retryable` on the error says if resending may help."""

    BAD_FRAME = "bad_frame"  # not msgpack, or not an envelope / list of envelopes
    UNKNOWN_TYPE = "unknown_type"  # the receiver has no handler for this type
    UNSUPPORTED_VERSION = "unsupported_version"  # major schema version not understood
    BAD_PAYLOAD = "bad_payload"  # payload failed validation
    TOO_LARGE = "too_large"  # frame or batch exceeds the receiver's limits
    DEADLINE_EXCEEDED = "deadline_exceeded"  # arrived after its deadline
    NOT_FOUND = "not_found"  # a query or command named something the module does not own
    CONFLICT = "conflict"  # the command contradicts the module's current state
    IO_FAILED = "io_failed"  # a file or database operation failed
    UNAVAILABLE = "unavailable"  # the receiver could not be reached (transport level)
    INTERNAL = "internal"  # an unexpected fault inside the receiver


class ErrorInfo(Contract):
    """A typed error: what went wrong and whether resending the same message may help."""

    code: ErrorCode
    message: str
    retryable: bool

    @field_validator("message", mode="before")
    @classmethod
    def _escape_nul(cls, value: Any) -> Any:
        # Messages quote what the sender sent (a field name, say): a reply must always be
        # buildable, and storable, so a NUL in it is shown escaped.
        return value.replace("\x00", "\\x00") if isinstance(value, str) else value


class Envelope(Contract):
    """One message. `payload` is the body of the model named by `type`."""

    message_id: str = Field(min_length=1, max_length=64)
    type: str = Field(min_length=1, max_length=64)
    schema_version: str = Field(default=SCHEMA_VERSION, pattern=VERSION_PATTERN)
    correlation_id: str = Field(min_length=1, max_length=64, description="the campaign / saga id")
    causation_id: str | None = Field(default=None, max_length=64)
    sent_at: AwareDatetime
    deadline: AwareDatetime
    payload: dict[str, Any]

    @property
    def major_version(self) -> int:
        return int(self.schema_version.split(".", 1)[0])

    @property
    def minor_version(self) -> int:
        return int(self.schema_version.split(".", 1)[1])


class ReplyEnvelope(Contract):
    """The answer to one envelope: either a result payload or an error, never both."""

    message_id: str
    in_reply_to: str | None
    correlation_id: str | None
    type: str
    schema_version: str = SCHEMA_VERSION
    sent_at: AwareDatetime
    payload: dict[str, Any] | None = None
    error: ErrorInfo | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def reply_to(request: Envelope, result: Contract, now: datetime) -> ReplyEnvelope:
    """A result reply; its id is derived from the request so a replay is byte-identical.
    Built from an already-validated result, so it is constructed without re-validation."""
    return ReplyEnvelope.model_construct(**result_fields(request, result, now))


def result_fields(request: Envelope, result: Contract, now: datetime) -> dict[str, Any]:
    """The fields of `reply_to`'s reply, in ReplyEnvelope's order, as plain data: what a
    module packs (contracts.codec.pack_reply) without building the model, which costs
    more than the rest of the reply together."""
    return {
        "message_id": derived_id(request.message_id, "reply"),
        "in_reply_to": request.message_id,
        "correlation_id": request.correlation_id,
        "type": type(result).__name__,
        "schema_version": SCHEMA_VERSION,
        "sent_at": now,
        "payload": result.model_dump(mode="python"),
        "error": None,
    }


def error_reply(
    request_id: str | None, correlation_id: str | None, error: ErrorInfo, now: datetime
) -> ReplyEnvelope:
    """An error reply to a message (or to an undecodable frame when `request_id` is None)."""
    return ReplyEnvelope(
        message_id=derived_id(request_id or "frame", "error", error.code),
        in_reply_to=request_id,
        correlation_id=correlation_id,
        type="Error",
        sent_at=now,
        error=error,
    )
