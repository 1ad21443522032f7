"""Checking one raw envelope against what a receiver accepts: the typed-error rules
every receiver (module actor or supervisor) applies the same way."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from contracts.codec import CodecError, encode_replies, parse_envelope
from contracts.common import Contract
from contracts.envelope import (
    SUPPORTED_MAJOR,
    Envelope,
    ErrorCode,
    ErrorInfo,
    ReplyEnvelope,
    error_reply,
)


@dataclass(frozen=True)
class Checked:
    envelope: Envelope
    message: Any


def check(raw: Any, accepted: dict[str, type[Contract]], receiver: str,
          now: datetime, *, enforce_deadline: bool = True) -> Checked | ReplyEnvelope:
    """The validated message, or the typed error reply that answers it.

    A receiver that deduplicates passes enforce_deadline=False and checks the deadline
    itself after dedupe: an already-applied message gets its stored reply, late or not."""
    raw_id = raw.get("message_id") if isinstance(raw, dict) else None
    raw_corr = raw.get("correlation_id") if isinstance(raw, dict) else None

    def fail(code: ErrorCode, message: str, retryable: bool = False) -> ReplyEnvelope:
        return error_reply(
            raw_id if isinstance(raw_id, str) and len(raw_id) <= 64 else None,
            raw_corr if isinstance(raw_corr, str) and len(raw_corr) <= 64 else None,
            ErrorInfo(code=code, message=message, retryable=retryable), now)

    try:
        envelope = parse_envelope(raw)
    except CodecError as exc:
        return fail(ErrorCode.BAD_FRAME, str(exc))
    if envelope.major_version != SUPPORTED_MAJOR:
        return fail(ErrorCode.UNSUPPORTED_VERSION, f"schema {envelope.schema_version} not "
                    f"supported; {receiver} speaks {SUPPORTED_MAJOR}.x")
    model = accepted.get(envelope.type)
    if model is None:
        return fail(ErrorCode.UNKNOWN_TYPE,
                    f"{receiver} does not handle {envelope.type!r}; it handles {sorted(accepted)}")
    try:
        message = model.model_validate(envelope.payload)
    except ValidationError as exc:
        return fail(ErrorCode.BAD_PAYLOAD, describe(envelope.type, exc))
    if enforce_deadline and envelope.deadline <= now:
        return fail(ErrorCode.DEADLINE_EXCEEDED, late(envelope), retryable=True)
    return Checked(envelope, message)


def late(envelope: Envelope) -> str:
    return f"deadline {envelope.deadline.isoformat()} passed"


def refuse_frame(exc: CodecError, now: datetime) -> bytes:
    """The reply to a frame that cannot even be split into envelopes."""
    info = ErrorInfo(code=ErrorCode(exc.code), message=str(exc), retryable=False)
    return encode_replies([error_reply(None, None, info, now)], batch=False)


def describe(type_name: str, exc: ValidationError, limit: int = 5) -> str:
    """A validation error as one line a person can act on."""
    problems = []
    for err in exc.errors()[:limit]:
        where = ".".join(str(p) for p in err["loc"]) or "(payload)"
        problems.append(f"{where}: {err['msg']}")
    more = len(exc.errors()) - limit
    suffix = f" (+{more} more)" if more > 0 else ""
    return f"invalid {type_name}: " + "; ".join(problems) + suffix
