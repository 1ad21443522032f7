"""Housekeeping: the retention policy, sent by the supervisor to every module.

Every module answers CompactHistory (actors._kernel handles it for all of them), and the
supervisor answers CollectGarbage from a driver (`aicmo gc`) or its own daily sweep.
"""

from __future__ import annotations

from pydantic import AwareDatetime, Field

from contracts.common import Contract


class CompactHistory(Contract):
    """Drop the stored replies of these campaigns' messages: each message id stays
    recorded as applied, so a late redelivery is still recognised and changes nothing,
    but its reply payload is gone. With `prune_before`, also delete what the module keeps
    only as history from before then (compacted dedupe rows; reporting's events)."""

    campaign_ids: list[str] = Field(default=[], max_length=2000)
    prune_before: AwareDatetime | None = None


class HistoryCompacted(Contract):
    replies_compacted: int
    rows_pruned: int


class CollectGarbage(Contract):
    """Apply the retention policy now. Unset fields take the policy's defaults."""

    older_than_days: float | None = Field(
        default=None, ge=0, description="compact sagas finished at least this long ago")
    prune_older_than_days: float | None = Field(
        default=None, ge=0, description="delete history older than this")


class GarbageCollected(Contract):
    sagas_compacted: int = Field(description="finished sagas whose step results and "
                                             "message replies were compacted")
    replies_compacted: int = Field(description="stored replies dropped across the modules")
    rows_pruned: int = Field(description="history rows deleted (saga steps, resolved dead "
                                         "letters, module history)")


MODULE_COMMANDS = (CompactHistory,)
SUPERVISOR_COMMANDS = (CollectGarbage,)
REPLIES = (HistoryCompacted, GarbageCollected)
