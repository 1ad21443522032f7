"""The strategy actor in-process: frames in, versioned strategy rows out."""

from __future__ import annotations

import gc

import pytest

from actors.strategy import StrategyActor
from actors.strategy import _tables as strategy_t
from contracts.envelope import ErrorCode
from contracts.strategy import (
    ApproveStrategy,
    DiscardStrategy,
    GenerateStrategy,
    GetStrategy,
    StrategyDoc,
)
from infra.rows import Journal, Rows
from infra.store import Tx
from tests.support import call, envelope, rows, send
from tests.unit.factories.modules import (
    BRIEF,
    DOC,
    assert_redelivery_changes_nothing,
    error_of,
    later,
)

pytestmark = pytest.mark.usefixtures("each_store")


@pytest.fixture
async def strategy(started_actor):
    return await started_actor(StrategyActor, "strategy")


def generate(campaign_id: str = "c-1", seed: int = 0) -> GenerateStrategy:
    return GenerateStrategy(campaign_id=campaign_id, brief=BRIEF, seed=seed)


async def test_strategy_generate_approve_and_query(strategy):
    [gen] = await call(strategy, envelope(generate()))
    assert gen.ok and gen.type == "StrategyGenerated" and gen.payload["version"] == 1
    assert StrategyDoc.model_validate(gen.payload["strategy"]) == DOC
    sid = gen.payload["strategy_id"]
    later(strategy)
    approve = ApproveStrategy(campaign_id="c-1", strategy_id=sid, approved_by="cmo@northwind.io")
    [ok] = await call(strategy, envelope(approve))
    assert ok.type == "StrategyApproved" and ok.payload["approved_at"] == strategy.clock.now()
    [view] = await call(strategy, envelope(GetStrategy(campaign_id="c-1")))
    assert view.payload["status"] == "approved" and view.payload["strategy_id"] == sid
    assert view.payload["approved_by"] == "cmo@northwind.io"
    assert view.payload["approved_at"] == strategy.clock.now()
    assert StrategyDoc.model_validate(view.payload["strategy"]) == DOC
    [row] = await rows(strategy, strategy_t.strategies)
    assert row["status"] == "approved" and row["approved_at"] == strategy.clock.now().isoformat()


async def test_strategy_redelivery_returns_stored_reply(strategy):
    first = await assert_redelivery_changes_nothing(
        strategy, strategy_t.strategies, envelope(generate()))
    approve = ApproveStrategy(campaign_id="c-1", strategy_id=first.payload["strategy_id"],
                              approved_by="cmo")
    await assert_redelivery_changes_nothing(strategy, strategy_t.strategies, envelope(approve))


async def test_strategy_regeneration_makes_version_two(strategy):
    [v1] = await call(strategy, envelope(generate()))
    [v2] = await call(strategy, envelope(generate(seed=1)))
    assert v2.payload["version"] == 2 and v2.payload["strategy_id"] != v1.payload["strategy_id"]
    stale = ApproveStrategy(campaign_id="c-1", strategy_id=v1.payload["strategy_id"],
                            approved_by="cmo")
    [refused] = await call(strategy, envelope(stale))
    assert error_of(refused) == (ErrorCode.NOT_FOUND, False)
    [view] = await call(strategy, envelope(GetStrategy(campaign_id="c-1")))
    assert view.payload["version"] == 2 and view.payload["status"] == "generated"
    assert sorted(r["version"] for r in await rows(strategy, strategy_t.strategies)) == [1, 2]


async def test_strategy_discard_is_idempotent_and_final(strategy):
    await call(strategy, envelope(generate()))
    await call(strategy, envelope(generate(seed=1)))
    discard = DiscardStrategy(campaign_id="c-1", reason="qc failed")
    [d1] = await call(strategy, envelope(discard))
    [d2] = await call(strategy, envelope(discard))
    assert d1.payload["versions_discarded"] == 2 and d2.ok
    assert d2.payload["versions_discarded"] == 0
    for row in await rows(strategy, strategy_t.strategies):
        assert row["status"] == "discarded" and row["doc_json"] is None
        assert row["reason"] == "qc failed"
    [late] = await call(strategy, envelope(generate()))
    assert error_of(late) == (ErrorCode.CONFLICT, False)
    [view] = await call(strategy, envelope(GetStrategy(campaign_id="c-1")))
    assert view.error.code is ErrorCode.NOT_FOUND
    assert len(await rows(strategy, strategy_t.strategies)) == 2


async def test_strategy_approve_after_discard_is_refused(strategy):
    [gen] = await call(strategy, envelope(generate()))
    await call(strategy, envelope(DiscardStrategy(campaign_id="c-1", reason="cancelled")))
    approve = ApproveStrategy(campaign_id="c-1", strategy_id=gen.payload["strategy_id"],
                              approved_by="cmo")
    [refused] = await call(strategy, envelope(approve))
    assert error_of(refused) == (ErrorCode.CONFLICT, False)


async def test_strategy_discard_before_generate_blocks_a_late_generate(strategy):
    # The saga compensates the in-flight step too: a GenerateStrategy that timed out may
    # arrive after its DiscardStrategy.
    await call(strategy, envelope(DiscardStrategy(campaign_id="c-1", reason="timed out")))
    [late] = await call(strategy, envelope(generate()))
    assert error_of(late) == (ErrorCode.CONFLICT, False)


async def test_strategy_query_for_unknown_campaign(strategy):
    [missing] = await call(strategy, envelope(GetStrategy(campaign_id="nope")))
    assert error_of(missing) == (ErrorCode.NOT_FOUND, False)


async def test_strategy_batch_commits_the_good_and_rejects_the_bad(strategy):
    replies = await call(
        strategy,
        envelope(generate("c-1"), "c-1"),
        envelope(generate("c-2"), "c-2", payload={"campaign_id": "c-2", "brief": {}}),
        envelope(generate("c-3"), "c-3"),
        envelope(ApproveStrategy(campaign_id="c-4", strategy_id="s", approved_by="x"), "c-4"),
    )
    assert [error_of(r) for r in replies] == [
        None, (ErrorCode.BAD_PAYLOAD, False), None, (ErrorCode.NOT_FOUND, False)]
    assert sorted(r["campaign_id"] for r in await rows(strategy, strategy_t.strategies)) == [
        "c-1", "c-3"]


async def test_a_frame_leaves_no_reference_cycle_holding_its_rows(strategy):
    """Runtimes raise the collector's thresholds (wiring.tune_gc), so a full collection can
    be thousands of frames away: a frame's unit of work kept alive by a reference cycle
    would hold every row it read or wrote (each strategy document) until then."""
    await send(strategy, generate("c-0"))  # first-use caches are not garbage
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        replies = await send(strategy, generate("c-1"), generate("c-2"))
        gc.collect()
        left = [type(o).__name__ for o in gc.garbage if isinstance(o, Tx | Rows | Journal)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert all(r.ok for r in replies)
    assert left == []
