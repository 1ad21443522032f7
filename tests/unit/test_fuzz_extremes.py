"""Input the contracts accept but the receivers cannot use: integers past SQLite's 64-bit
range, and pack paths delivery refuses. Each must get a final answer of its own, without
sinking the valid command next to it in the frame, and a refusal must write nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from contracts.codec import encode_value
from contracts.envelope import ErrorCode
from tests.unit.test_fuzz_receivers import (
    RECEIVERS,
    assert_refused,
    cheap_command,
    real_command,
    receiver,
)

pytestmark = pytest.mark.usefixtures("each_store")

LARGEST_MSGPACK_INT = 2**64 - 1  # msgpack carries it, pydantic's int takes it, SQLite cannot


def int_fields() -> list[tuple[str, str]]:
    kinds = [d.split("/", 1)[0] for d in RECEIVERS]
    return [(kind, name) for kind in kinds
            for name, field in type(real_command(kind, Path("/tmp"))[0]).model_fields.items()
            if field.annotation is int]


# qc.round and supervisor.seed once overflowed SQLite; contracts now bound every int.
INT_CASES = [pytest.param(kind, name, id=f"{kind}.{name}") for kind, name in int_fields()]


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


@pytest.mark.parametrize(("name", "value"), UNSAFE_PACK_PATHS.items(), ids=UNSAFE_PACK_PATHS)
def test_delivery_refuses_an_unsafe_pack_path_without_writing(name, value):
    with receiver("delivery/0") as subject:
        raw = subject.raw(subject.command)
        raw["payload"][name] = value
        assert_refused(subject.replies(encode_value(raw)), [{ErrorCode.BAD_PAYLOAD}])
        subject.assert_unharmed()
