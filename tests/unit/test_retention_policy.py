"""Nothing grows forever: finished batches leave the supervisor's memory, and the retention
policy compacts finished sagas' step results and stored replies (keeping each message id
as applied) and, past its horizon, prunes history."""

from __future__ import annotations

from datetime import timedelta

import pytest

from contracts.codec import decode_replies, encode_request
from contracts.envelope import ErrorCode
from contracts.housekeeping import CollectGarbage, GarbageCollected
from contracts.supervisor import BatchView, GetBatch
from tests.stores import stores
from tests.support import envelope
from tests.unit.lifecycle_harness import Lifecycle

pytestmark = pytest.mark.usefixtures("each_store")


@pytest.fixture
async def life(tmp_path):
    """Three campaigns delivered, and their outcomes reported."""
    life = await Lifecycle(tmp_path).start()
    await life.submit("b", 3, review="auto")
    view = await life.settled("b")
    assert view.counts == {"delivered": 3}
    await life.system.supervisor.outbox.idle()
    yield life
    await life.close()


def in_modules(life: Lifecycle, sql: str) -> int:
    """A count summed over every module's database (the saga log is not a module)."""
    names = [name for name in stores(life.root / "data") if name != "supervisor"]
    return sum(n for name in names for (n,) in life.rows(name, sql))


def stored_replies(life: Lifecycle) -> int:
    return in_modules(life, "SELECT count(*) FROM processed_messages "
                            "WHERE length(reply) > 0 AND correlation_id LIKE 'b-%'")


async def test_a_finished_batch_leaves_the_supervisors_memory_and_still_answers(life):
    supervisor = life.system.supervisor
    assert supervisor.book.progress == {} and supervisor.book.batch_of == {}
    assert supervisor._open_runs == {} and supervisor.windows.queues == {}
    await life.restart()  # nothing of the batch in memory at all
    view = await life.ask(GetBatch(batch_id="b", include_campaigns=True), BatchView)
    assert view.done and view.counts == {"delivered": 3}


async def test_compaction_drops_payloads_and_keeps_each_message_applied(life):
    before = stored_replies(life)
    assert before > 0
    done = await life.ask(CollectGarbage(older_than_days=0, prune_older_than_days=None),
                          GarbageCollected)
    assert done.sagas_compacted == 3 and done.replies_compacted == before
    assert stored_replies(life) == 0
    assert life.rows("supervisor", "SELECT count(*) FROM saga_steps "
                                   "WHERE result IS NOT NULL") == [(0,)]
    # the record stays: packs, invoices, reporting's events, the batch's outcomes
    assert life.rows("billing", "SELECT count(*) FROM invoices") == [(3,)]
    assert life.rows("reporting", "SELECT count(*) FROM outcomes") == [(3,)]
    view = await life.ask(GetBatch(batch_id="b", include_campaigns=True), BatchView)
    assert view.counts == {"delivered": 3}
    # a late redelivery of an applied command is recognised, not applied again
    [(message_id, cid)] = life.rows("billing", "SELECT message_id, correlation_id FROM "
                                               "processed_messages WHERE type = "
                                               "'IssueInvoice' LIMIT 1")
    again = await redeliver_invoice(life, message_id, cid)
    assert again.error is not None and again.error.code is ErrorCode.CONFLICT
    assert "compacted" in again.error.message
    assert life.rows("billing", "SELECT count(*) FROM invoices") == [(3,)]
    # a second run finds nothing left to compact
    twice = await life.ask(CollectGarbage(older_than_days=0), GarbageCollected)
    assert (twice.sagas_compacted, twice.replies_compacted) == (0, 0)


async def test_sagas_younger_than_the_policy_keep_everything(life):
    before = stored_replies(life)
    done = await life.ask(CollectGarbage(), GarbageCollected)  # 30 days by default
    assert (done.sagas_compacted, done.replies_compacted, done.rows_pruned) == (0, 0, 0)
    assert stored_replies(life) == before


async def test_past_the_horizon_history_is_pruned_and_the_index_stays(life):
    life.clock.current += timedelta(days=401)
    done = await life.ask(CollectGarbage(), GarbageCollected)
    assert done.sagas_compacted == 3 and done.rows_pruned > 0
    assert life.rows("supervisor", "SELECT count(*) FROM saga_steps") == [(0,)]
    assert life.rows("reporting", "SELECT count(*) FROM outcomes") == [(0,)]
    assert in_modules(life, "SELECT count(*) FROM processed_messages "
                            "WHERE correlation_id LIKE 'b-%'") == 0
    view = await life.ask(GetBatch(batch_id="b", include_campaigns=True), BatchView)
    assert view.counts == {"delivered": 3}  # the saga rows are the index of what ran
    assert life.rows("billing", "SELECT count(*) FROM invoices") == [(3,)]


async def redeliver_invoice(life: Lifecycle, message_id: str, campaign_id: str):
    from contracts.billing import IssueInvoice

    command = IssueInvoice(campaign_id=campaign_id, client_id="c", client_name="C",
                           currency="USD", geography="United States",
                           deliverables={"strategy": 1}, revision_rounds=0)
    frame = encode_request(envelope(command, campaign_id, message_id=message_id,
                                    now=life.clock.now()))
    [reply] = decode_replies(await life.system.modules["billing"].handle(frame))
    return reply
