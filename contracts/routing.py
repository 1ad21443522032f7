"""Where a message goes: a module, or one shard of a module's pool, and which shard of a
pool owns a campaign (a stable hash, the same in every process)."""

from __future__ import annotations

import hashlib
from typing import NamedTuple


def shard_for(campaign_id: str, shards: int) -> int:
    if shards < 1:
        raise ValueError("a pool has at least one shard")
    digest = hashlib.blake2b(campaign_id.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % shards


class Destination(NamedTuple):
    """A module actor: a singleton ("strategy") or one shard of a pool ("qc/1"). The string
    form is what travels and what the saga log stores; `slug` names its actor and store."""

    module: str
    shard: int | None = None  # None: the module's one actor

    @classmethod
    def parse(cls, text: str) -> Destination:
        """'strategy' or 'qc/1' as a Destination; ValueError when it is neither."""
        module, slash, shard = text.partition("/")
        if not module or (slash and not shard.isdigit()):
            raise ValueError(f"not a destination: {text!r}")
        return cls(module, int(shard) if slash else None)

    @classmethod
    def owning(cls, pool: str, campaign_id: str, shards: int) -> Destination:
        """The shard of `pool` (of `shards` shards) that owns the campaign's rows."""
        return cls(pool, shard_for(campaign_id, shards))

    @property
    def pooled(self) -> bool:
        return self.shard is not None

    @property
    def slug(self) -> str:
        """The name of its actor and of its store: 'qc-1' (no slash)."""
        return self.module if self.shard is None else f"{self.module}-{self.shard}"

    def __str__(self) -> str:
        return self.module if self.shard is None else f"{self.module}/{self.shard}"
