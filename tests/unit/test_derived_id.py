"""derived_id is uuid.uuid5 in the project's namespace over the '/'-joined parts: ids
stored by earlier releases (message ids, client ids, invoice ids) must keep matching."""

import uuid

import pytest

from contracts.common import AICMO_NAMESPACE, derived_id

PARTS = [("campaign-1", "strategy", "do"), ("client", "acme"), ("x",), ("", ""),
         ("café", 3, None), ("emoji 🎉", 1.5), tuple(str(i) for i in range(40)), ()]


@pytest.mark.parametrize("parts", PARTS)
def test_derived_id_is_uuid5_of_the_joined_parts(parts: tuple[object, ...]) -> None:
    expected = str(uuid.uuid5(AICMO_NAMESPACE, "/".join(str(p) for p in parts)))
    assert derived_id(*parts) == expected


def test_a_known_id_is_unchanged() -> None:
    assert derived_id("a", 1, "b") == "0a4fc21f-7ed7-5138-be80-94e75ef6dcd8"
