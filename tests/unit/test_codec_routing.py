"""Routing: shard_for is stable across processes and releases, in range, and spread."""

from __future__ import annotations

import pytest

from contracts.routing import shard_for


# Pinned once: shard_for must give the same answer in every process and every release,
# or a restarted pool would look for a campaign's rows on the wrong shard.
@pytest.mark.parametrize(("campaign_id", "shards", "expected"), [
    ("c-1", 4, 2),
    ("c-2", 4, 2),
    ("campaign-0001", 4, 1),
    ("00000000-0000-0000-0000-000000000000", 4, 2),
    ("c-1", 16, 2),
    ("c-1", 1000, 186),
])
def test_shard_for_is_stable(campaign_id, shards, expected):
    assert shard_for(campaign_id, shards) == expected


def test_shard_for_stays_in_range_and_spreads():
    ids = [f"campaign-{i:04d}" for i in range(1000)]
    counts = [0] * 4
    for cid in ids:
        shard = shard_for(cid, 4)
        assert 0 <= shard < 4
        counts[shard] += 1
    assert all(150 <= c <= 350 for c in counts), counts
    assert {shard_for(cid, 1) for cid in ids} == {0}


def test_shard_for_needs_a_shard():
    with pytest.raises(ValueError, match="at least one shard"):
        shard_for("c-1", 0)
