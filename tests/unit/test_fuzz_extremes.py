"""Input the contracts accept but the receivers cannot use: integers past SQLite's 64-bit
range, and pack paths delivery refuses. Each must get a final answer of its own, without
sinking the valid command next to it in the frame, and a refusal must write nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from contracts.codec import encode_value
from contracts.envelope import ErrorCode
from tests.unit.test_fuzz_frames import (
    RECEIVERS,
    assert_refused,
    cheap_command,
    real_command,
    receiver,
)

LARGEST_MSGPACK_INT = 2**64 - 1  # msgpack carries it, pydantic's int takes it, SQLite cannot


def int_fields() -> list[tuple[str, str]]:
    kinds = [d.split("/", 1)[0] for d in RECEIVERS]
    return [(kind, name) for kind in kinds
            for name, field in type(real_command(kind, Path("/tmp"))[0]).model_fields.items()
            if field.annotation in (int, "int")]


def overflow_bug(kind: str, name: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=(
        f"BUG: {kind} takes {name}={LARGEST_MSGPACK_INT} (an unbounded int in its contract) "
        "and SQLite raises OverflowError on insert: "
        + ("the whole frame's transaction fails as io_failed (retryable), valid siblings too"
           if kind == "qc" else "answered as internal (retryable) instead of bad_payload")
        + f". Fix: bound it in the contract, e.g. Field(ge=0, lt=2**63) on {name}."))


KNOWN_OVERFLOWS = {("qc", "round"), ("supervisor", "seed")}
INT_CASES = [pytest.param(kind, name, id=f"{kind}.{name}",
                          marks=[overflow_bug(kind, name)] if (kind, name) in KNOWN_OVERFLOWS
                          else []) for kind, name in int_fields()]


@pytest.mark.parametrize(("kind", "name"), INT_CASES)
def test_an_integer_past_64_bits_gets_a_final_answer_and_spares_its_frame(kind, name):
    destination = next(d for d in RECEIVERS if d.split("/", 1)[0] == kind)
    with receiver(destination) as subject:
        extreme = subject.raw(subject.command)
        extreme["payload"][name] = LARGEST_MSGPACK_INT
        sibling = subject.raw(cheap_command(kind, subject.root))
        answer, spared = subject.replies(encode_value([extreme, sibling]))
        assert spared.ok, spared.error
        if answer.error is not None:
            assert answer.error.code not in (ErrorCode.INTERNAL, ErrorCode.IO_FAILED)
            assert not answer.error.retryable


UNSAFE_PACK_PATHS = {"campaign_id": "../escape", "out_dir": "relative/packs"}


@pytest.mark.xfail(strict=True, reason=(
    "BUG: delivery checks the pack path (safe campaign id, absolute out_dir) in its handler, "
    "after the envelope was accepted; the bad_payload refusal is final, so the kernel records "
    "it in processed_messages: a row for a bad message. Fix: put both rules in the BuildPack "
    "contract (campaign_id pattern as CampaignSubmission's, an out_dir validator), so check() "
    "refuses them before any transaction."))
@pytest.mark.parametrize(("name", "value"), UNSAFE_PACK_PATHS.items(), ids=UNSAFE_PACK_PATHS)
def test_delivery_refuses_an_unsafe_pack_path_without_writing(name, value):
    with receiver("delivery/0") as subject:
        raw = subject.raw(subject.command)
        raw["payload"][name] = value
        assert_refused(subject.replies(encode_value(raw)), [{ErrorCode.BAD_PAYLOAD}])
        subject.assert_unharmed()
