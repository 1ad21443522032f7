"""Checking one raw envelope against what a receiver accepts: the typed-error rules
every receiver (module actor or supervisor) applies the same way."""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from contracts.codec import CodecError, encode_replies, parse_envelope
from contracts.common import IGNORE_UNKNOWN, Contract
from contracts.envelope import (
    SCHEMA_VERSION,
    SUPPORTED_MAJOR,
    SUPPORTED_MINOR,
    VERSION_PATTERN,
    Envelope,
    ErrorCode,
    ErrorInfo,
    ReplyEnvelope,
    error_reply,
)

log = logging.getLogger("aicmo.contracts")
# (message type, fields) already warned about in this process: a newer sender's every
# message would otherwise log the same line. Bounded, since senders choose the names.
_warned: set[tuple[str, frozenset[str]]] = set()
_warned_lock = threading.Lock()
MAX_WARNED = 256


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
        return error_reply(echoable(raw_id), echoable(raw_corr),
                           ErrorInfo(code=code, message=message, retryable=retryable), now)

    # Read before the envelope is validated: a newer envelope may have fields of its own.
    ignored: set[str] | None = set() if _newer_minor(raw) else None
    try:
        envelope = parse_envelope(raw, ignored)
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
        message = parse_payload(model, envelope.payload, ignored)
    except ValidationError as exc:
        return fail(ErrorCode.BAD_PAYLOAD, describe(envelope.type, exc))
    if ignored:
        _warn_once(envelope, frozenset(ignored))
    if enforce_deadline and envelope.deadline <= now:
        return fail(ErrorCode.DEADLINE_EXCEEDED, late(envelope), retryable=True)
    return Checked(envelope, message)


def echoable(raw_id: Any) -> str | None:
    """A sender's id as the reply may echo it: text a reply envelope can hold, else None."""
    if isinstance(raw_id, str) and len(raw_id) <= 64 and "\x00" not in raw_id:
        return raw_id
    return None


def _newer_minor(raw: Any) -> bool:
    """Whether a raw envelope says it is of a newer minor version than ours, same major."""
    version = raw.get("schema_version") if isinstance(raw, dict) else None
    if version == SCHEMA_VERSION:  # nearly every message: no pattern to match
        return False
    if not isinstance(version, str) or not re.fullmatch(VERSION_PATTERN, version):
        return False
    major, minor = (int(part) for part in version.split("."))
    return major == SUPPORTED_MAJOR and minor > SUPPORTED_MINOR


def parse_payload(model: type[Contract], payload: dict[str, Any],
                  ignored: set[str] | None) -> Contract:
    """A payload as `model`, by the minor-version rule.

    A message of a newer minor version than ours (`ignored` is a set) may hold fields added
    since, at any depth: they are dropped (see Contract) and named in `ignored`. One of our
    version or older (`ignored` is None) is held to the contract exactly: a field we do not
    know there is its sender's bug and refused. Fields an older sender lacks take their
    defaults either way, and a required one missing is refused either way."""
    if ignored is None:
        return model.model_validate(payload)
    return model.model_validate(payload, context={IGNORE_UNKNOWN: ignored})


def _warn_once(envelope: Envelope, fields: frozenset[str], shown: int = 10) -> None:
    key = (envelope.type, fields)
    with _warned_lock:
        if key in _warned or len(_warned) >= MAX_WARNED:
            return
        _warned.add(key)
    names = sorted(fields)
    more = f" (+{len(names) - shown} more)" if len(names) > shown else ""
    log.warning("%s of schema %s (newer than our %d.%d): ignored fields we do not know: %s%s",
                envelope.type, envelope.schema_version, SUPPORTED_MAJOR, SUPPORTED_MINOR,
                ", ".join(repr(name[:80]) for name in names[:shown]), more)


def printable(text: str) -> str:
    """`text` with control characters as Python escapes ("\\x00"), for messages and logs."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


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
        # Field names can come from the sender: control characters are shown escaped.
        where = ".".join(printable(str(p)) for p in err["loc"]) or "(payload)"
        problems.append(f"{where}: {err['msg']}")
    more = len(exc.errors()) - limit
    suffix = f" (+{more} more)" if more > 0 else ""
    return f"invalid {type_name}: " + "; ".join(problems) + suffix
