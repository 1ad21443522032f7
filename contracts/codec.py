"""The one wire codec: envelopes <-> msgpack frames. Nobody else calls msgpack.

A request frame holds one envelope (a map) or a batch (a list of maps); the reply frame
has the same shape and answers each envelope in order.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

import msgpack
from pydantic import ValidationError

from contracts.common import IGNORE_UNKNOWN
from contracts.envelope import Envelope, ReplyEnvelope

MAX_FRAME_BYTES = 16 * 1024 * 1024
MAX_BATCH = 1024
# The most a batch frame adds to its packed items: the msgpack array header.
FRAME_OVERHEAD = 5


class CodecError(Exception):
    """A frame could not be encoded or decoded. The message says why; `code` says which
    typed error answers it (too_large for size limits, bad_frame otherwise)."""

    def __init__(self, message: str, code: str = "bad_frame"):
        super().__init__(message)
        self.code = code


def _default(value: Any) -> Any:
    # msgpack packs aware datetimes itself (datetime=True); these are the rest.
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (UUID, Enum)):
        return str(value.value if isinstance(value, Enum) else value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot encode {type(value).__name__}")


def _pack(obj: Any) -> bytes:
    try:
        return msgpack.packb(obj, default=_default, datetime=True, use_bin_type=True)
    except (TypeError, ValueError, OverflowError) as exc:
        raise CodecError(f"cannot encode frame: {exc}") from exc


def _unpack(frame: bytes) -> Any:
    if not isinstance(frame, (bytes, bytearray, memoryview)):
        raise CodecError(f"a frame is bytes, got {type(frame).__name__}")
    if len(frame) > MAX_FRAME_BYTES:
        raise CodecError(f"frame of {len(frame)} bytes exceeds {MAX_FRAME_BYTES}", "too_large")
    try:
        return msgpack.unpackb(frame, raw=False, timestamp=3, strict_map_key=True)
    except Exception as exc:  # msgpack raises several unrelated types for bad input
        raise CodecError(f"not a msgpack frame: {exc}") from exc


_ENVELOPE_FIELDS = tuple(Envelope.model_fields)


def _envelope_map(envelope: Envelope) -> dict[str, Any]:
    # Shallow on purpose: the payload is already plain data, so no deep model_dump copy.
    return {name: getattr(envelope, name) for name in _ENVELOPE_FIELDS}


def encode_request(envelopes: Envelope | list[Envelope]) -> bytes:
    """A request frame: one envelope, or a batch of them."""
    if isinstance(envelopes, Envelope):
        return pack_envelope(envelopes)
    return frame_request([pack_envelope(e) for e in envelopes])


def pack_envelope(envelope: Envelope) -> bytes:
    """One envelope packed on its own: a sender measures it, then frames it as is."""
    return _pack(_envelope_map(envelope))


def frame_request(packed: list[bytes]) -> bytes:
    """A batch request frame from envelopes packed by `pack_envelope`, not packed again.
    Its size is the items' sizes plus at most FRAME_OVERHEAD."""
    return _array(packed)


def _array(packed: list[bytes]) -> bytes:
    # A msgpack array is its header followed by its items, so packed items frame as is.
    return msgpack.Packer().pack_array_header(len(packed)) + b"".join(packed)


def decode_request(frame: bytes) -> tuple[list[Any], bool]:
    """Split a request frame into raw envelope maps; True when it was a batch.

    Each map is validated separately by the receiver, so one bad envelope in a batch
    gets its own error reply instead of sinking the others.
    """
    body = _unpack(frame)
    if isinstance(body, dict):
        return [body], False
    if isinstance(body, list):
        if not body:
            raise CodecError("empty batch")
        if len(body) > MAX_BATCH:
            raise CodecError(f"batch of {len(body)} envelopes exceeds {MAX_BATCH}", "too_large")
        return body, True
    raise CodecError(f"a frame holds an envelope map or a list of them, got {type(body).__name__}")


def parse_envelope(raw: Any, ignore_unknown: set[str] | None = None) -> Envelope:
    """Validate one raw envelope map. With `ignore_unknown` (a message of a newer minor
    version: see contracts.dispatch), fields it does not know are dropped and named there."""
    context = None if ignore_unknown is None else {IGNORE_UNKNOWN: ignore_unknown}
    try:
        return Envelope.model_validate(raw, context=context)
    except ValidationError as exc:
        raise CodecError(f"malformed envelope: {_first_errors(exc)}") from exc


_REPLY_FIELDS = tuple(ReplyEnvelope.model_fields)


def pack_reply(reply: ReplyEnvelope | dict[str, Any]) -> bytes:
    """One reply packed on its own: what a receiver stores for dedupe and frames as is.
    A result reply may come as `result_fields` (contracts.envelope): the same bytes."""
    if isinstance(reply, dict):
        return _pack(reply)
    fields = {name: getattr(reply, name) for name in _REPLY_FIELDS}
    if reply.error is not None:
        fields["error"] = reply.error.model_dump(mode="python")
    return _pack(fields)


def frame_replies(packed: list[bytes], batch: bool) -> bytes:
    """A reply frame from packed replies: replies packed once (and stored) are framed
    without packing them again."""
    return _array(packed) if batch else packed[0]


def encode_replies(replies: list[ReplyEnvelope], batch: bool) -> bytes:
    """A reply frame shaped like the request frame it answers."""
    return frame_replies([pack_reply(r) for r in replies], batch)


def decode_replies(frame: bytes) -> list[ReplyEnvelope]:
    """Parse a reply frame into replies, in the order of the request's envelopes."""
    body = _unpack(frame)
    items = body if isinstance(body, list) else [body]
    try:
        return [ReplyEnvelope.model_validate(item) for item in items]
    except ValidationError as exc:
        raise CodecError(f"malformed reply: {_first_errors(exc)}") from exc


def encode_value(value: Any) -> bytes:
    """Pack a plain value (a stored reply, a saga result) with the same rules as frames."""
    return _pack(value)


def decode_value(data: bytes) -> Any:
    return _unpack(data)


def _first_errors(exc: ValidationError, limit: int = 3) -> str:
    parts = []
    for err in exc.errors()[:limit]:
        where = ".".join(str(p) for p in err["loc"]) or "(root)"
        parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)
