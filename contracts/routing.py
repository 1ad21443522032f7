"""Which shard of a pool owns a campaign: a stable hash, the same in every process."""

from __future__ import annotations

import hashlib


def shard_for(campaign_id: str, shards: int) -> int:
    if shards < 1:
        raise ValueError("a pool has at least one shard")
    digest = hashlib.blake2b(campaign_id.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % shards
