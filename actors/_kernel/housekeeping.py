"""CompactHistory, which every module answers the same way (see supervisors.housekeeping).

Compacting keeps each processed message id, so a late redelivery is still recognised and
changes nothing; only the stored reply goes (such a redelivery is answered with a typed
error instead). Pruning deletes dedupe rows older than the horizon, and whatever else a
module keeps only as history (its `prune_history` hook: reporting's events).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, delete, update

from contracts.envelope import Envelope, ErrorCode, ErrorInfo
from contracts.housekeeping import CompactHistory, HistoryCompacted
from infra.store import Tx, chunks, count_of

PruneHook = Callable[[Tx, datetime], Awaitable[int]]


def compacted_reply_error(envelope: Envelope) -> ErrorInfo:
    """The answer to a redelivered message whose stored reply was compacted."""
    return ErrorInfo(code=ErrorCode.CONFLICT, retryable=False,
                     message=f"{envelope.type} {envelope.message_id} was applied before; its "
                             f"reply was compacted by the retention policy")


async def compact_history(tx: Tx, processed: Table, cmd: CompactHistory,
                          prune_history: PruneHook) -> HistoryCompacted:
    compacted = 0
    for chunk in chunks(cmd.campaign_ids, tx.in_list_size):
        where = (processed.c.correlation_id.in_(chunk), processed.c.reply != b"")
        compacted += await count(tx, processed, *where)
        tx.write(update(processed).where(*where).values(reply=b""), {})
    pruned = 0
    if cmd.prune_before is not None:
        old = processed.c.processed_at < cmd.prune_before.isoformat()
        pruned = await count(tx, processed, old) + await prune_history(tx, cmd.prune_before)
        tx.write(delete(processed).where(old), {})
    return HistoryCompacted(replies_compacted=compacted, rows_pruned=pruned)


async def count(tx: Tx, table: Table, *where: ColumnElement[bool]) -> int:
    return int((await tx.conn.execute(count_of(table, *where))).scalar_one())


async def keep_history(tx: Tx, before: datetime) -> int:
    """The default prune hook: a module whose rows are all its record prunes nothing."""
    return 0


def handler(actor: Any) -> Callable[[Tx, CompactHistory, Envelope], Awaitable[HistoryCompacted]]:
    async def compact(tx: Tx, cmd: CompactHistory, env: Envelope) -> HistoryCompacted:
        return await compact_history(tx, actor.processed, cmd, actor.prune_history)
    return compact
