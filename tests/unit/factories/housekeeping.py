"""One filled-in instance of each housekeeping contract (merged into factories.contracts)."""

from __future__ import annotations

from collections.abc import Callable

from contracts.common import Contract
from contracts.housekeeping import (
    CollectGarbage,
    CompactHistory,
    GarbageCollected,
    HistoryCompacted,
)
from tests.support import T0

FACTORIES: dict[str, Callable[[], Contract]] = {
    "CompactHistory": lambda: CompactHistory(campaign_ids=["c-1", "c-2"], prune_before=T0),
    "HistoryCompacted": lambda: HistoryCompacted(replies_compacted=12, rows_pruned=3),
    "CollectGarbage": lambda: CollectGarbage(older_than_days=30, prune_older_than_days=400),
    "GarbageCollected": lambda: GarbageCollected(sagas_compacted=2, replies_compacted=24,
                                                 rows_pruned=0),
}
