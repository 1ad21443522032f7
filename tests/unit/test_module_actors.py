"""Strategy, production, QC and delivery actors in-process: frames in, rows and packs out."""

from __future__ import annotations

import importlib
import os
from datetime import timedelta

import pytest
from sqlalchemy import func, select

import contracts.codec as codec
from actors.delivery import DeliveryActor
from actors.delivery import _tables as delivery_t
from actors.delivery._pack import verify_pack
from actors.kernel import StoreConfig
from actors.onboarding import OnboardingActor
from actors.onboarding._review import normalize
from actors.production import ProductionActor
from actors.production import _tables as production_t
from actors.production._copy import write_assets
from actors.qc import QcActor
from actors.qc import _tables as qc_t
from actors.qc._rules import evaluate
from actors.strategy import StrategyActor
from actors.strategy import _tables as strategy_t
from actors.strategy._plan import derive_strategy
from contracts import registry
from contracts.brief import CampaignBrief
from contracts.codec import decode_replies, encode_request
from contracts.delivery import BuildPack, GetPack, RevokePack
from contracts.envelope import ErrorCode
from contracts.production import Asset, DiscardAssets, GetAssets, ProduceAssets
from contracts.qc import DiscardEvaluation, EvaluateAssets, GetEvaluation, QcReport, QcStatus
from contracts.strategy import (
    ApproveStrategy,
    DiscardStrategy,
    GenerateStrategy,
    GetStrategy,
    StrategyDoc,
)
from tests.support import FakeClock, brief_dict, call, envelope

BRIEF = normalize(CampaignBrief.model_validate(brief_dict()))
DOC = derive_strategy(BRIEF, 0)
ASSETS = write_assets("c-1", BRIEF, DOC, 0)
REPORT = evaluate(BRIEF.brand, ASSETS)


async def _started(actor):
    await actor.start()
    return actor


@pytest.fixture
async def strategy(tmp_path):
    a = await _started(StrategyActor(StoreConfig.sqlite_file(tmp_path, "strategy"), FakeClock()))
    yield a
    await a.close()


@pytest.fixture
async def production(tmp_path):
    a = await _started(
        ProductionActor(StoreConfig.sqlite_file(tmp_path, "production-0"), FakeClock()))
    yield a
    await a.close()


@pytest.fixture
async def qc(tmp_path):
    a = await _started(QcActor(StoreConfig.sqlite_file(tmp_path, "qc-0"), FakeClock()))
    yield a
    await a.close()


@pytest.fixture
async def delivery(tmp_path):
    a = await _started(DeliveryActor(StoreConfig.sqlite_file(tmp_path, "delivery"), FakeClock()))
    yield a
    await a.close()


async def rows(actor, table) -> list[dict]:
    async with actor.engine.connect() as conn:
        return [dict(r) for r in (await conn.execute(select(table))).mappings()]


async def processed_count(actor) -> int:
    async with actor.engine.connect() as conn:
        return (await conn.execute(select(func.count()).select_from(actor.processed))).scalar()


def later(actor, seconds: int = 20) -> None:
    """Move time on, but not past the 60 s deadline of envelopes sent at T0."""
    actor.clock.current += timedelta(seconds=seconds)


def error_of(reply):
    return (reply.error.code, reply.error.retryable) if reply.error else None


async def assert_redelivery_changes_nothing(actor, table, env):
    [first] = await call(actor, env)
    before, seen = await rows(actor, table), await processed_count(actor)
    later(actor)
    [again] = await call(actor, env)
    assert again == first
    assert await rows(actor, table) == before
    assert await processed_count(actor) == seen
    return first


# --- every module: routes and contracts agree, both directions ---------------------------

@pytest.mark.parametrize(("actor_class", "module"), [
    (OnboardingActor, "onboarding"), (StrategyActor, "strategy"),
    (ProductionActor, "production"), (QcActor, "qc"), (DeliveryActor, "delivery"),
])
def test_routes_match_the_module_contract(tmp_path, actor_class, module):
    actor = actor_class(StoreConfig.sqlite_file(tmp_path, module), FakeClock())
    routes = {r.model.__name__: r for r in actor.routes()}
    contract = importlib.import_module(f"contracts.{module}")
    assert {n: r.model for n, r in routes.items()} == registry.accepted_by(module)
    assert {n for n, r in routes.items() if r.is_query} == {q.__name__ for q in contract.QUERIES}
    assert len(routes) == len(actor.routes()), "a message type is routed twice"


# --- strategy ------------------------------------------------------------------------------

def generate(campaign_id: str = "c-1", seed: int = 0) -> GenerateStrategy:
    return GenerateStrategy(campaign_id=campaign_id, brief=BRIEF, seed=seed)


async def test_strategy_generate_approve_and_query(strategy):
    [gen] = await call(strategy, envelope(generate()))
    assert gen.ok and gen.type == "StrategyGenerated" and gen.payload["version"] == 1
    sid = gen.payload["strategy_id"]
    later(strategy)
    approve = ApproveStrategy(campaign_id="c-1", strategy_id=sid, approved_by="cmo@northwind.io")
    [ok] = await call(strategy, envelope(approve))
    assert ok.type == "StrategyApproved" and ok.payload["approved_at"] == strategy.clock.now()
    [view] = await call(strategy, envelope(GetStrategy(campaign_id="c-1")))
    assert view.payload["status"] == "approved" and view.payload["strategy_id"] == sid
    assert view.payload["approved_by"] == "cmo@northwind.io"
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


# --- production ----------------------------------------------------------------------------

def produce(campaign_id: str = "c-1", strategy=DOC, strategy_id: str = "s-1") -> ProduceAssets:
    return ProduceAssets(campaign_id=campaign_id, brief=BRIEF, strategy_id=strategy_id,
                         strategy=strategy)


def by_id(assets: list) -> list:
    return sorted(assets, key=lambda a: a["asset_id"])


async def test_production_produces_and_answers_queries(production):
    [made] = await call(production, envelope(produce()))
    assert made.type == "AssetsProduced"
    assert [Asset.model_validate(a) for a in made.payload["assets"]] == ASSETS
    [view] = await call(production, envelope(GetAssets(campaign_id="c-1")))
    assert view.payload["status"] == "live"
    assert by_id(view.payload["assets"]) == by_id(made.payload["assets"])
    [head] = await rows(production, production_t.productions)
    assert head["status"] == "live" and head["asset_count"] == len(ASSETS)
    stored = await rows(production, production_t.assets)
    assert len(stored) == len(ASSETS) and {r["status"] for r in stored} == {"live"}


async def test_production_redelivery_returns_stored_reply(production):
    env = envelope(produce())
    await assert_redelivery_changes_nothing(production, production_t.productions, env)
    later(production)
    before = await rows(production, production_t.assets)
    await call(production, env)
    assert await rows(production, production_t.assets) == before


async def test_production_discard_is_idempotent_and_final(production):
    await call(production, envelope(produce()))
    discard = DiscardAssets(campaign_id="c-1", reason="qc failed")
    [d1] = await call(production, envelope(discard))
    [d2] = await call(production, envelope(discard))
    assert d1.payload["assets_discarded"] == len(ASSETS)
    assert d2.ok and d2.payload["assets_discarded"] == 0
    [head] = await rows(production, production_t.productions)
    assert head["status"] == "discarded"
    for row in await rows(production, production_t.assets):
        assert row["status"] == "discarded" and row["asset_json"] is None
    [late] = await call(production, envelope(produce()))
    assert error_of(late) == (ErrorCode.CONFLICT, False)
    [view] = await call(production, envelope(GetAssets(campaign_id="c-1")))
    assert view.payload == {"campaign_id": "c-1", "status": "discarded", "assets": []}


async def test_production_discard_of_unseen_campaign_blocks_a_late_produce(production):
    [d] = await call(production, envelope(DiscardAssets(campaign_id="c-1", reason="timed out")))
    assert d.ok and d.payload["assets_discarded"] == 0
    [late] = await call(production, envelope(produce()))
    assert error_of(late) == (ErrorCode.CONFLICT, False)
    assert await rows(production, production_t.assets) == []


async def test_production_query_for_unknown_campaign(production):
    [missing] = await call(production, envelope(GetAssets(campaign_id="nope")))
    assert error_of(missing) == (ErrorCode.NOT_FOUND, False)


async def test_production_batch_commits_the_good_and_rejects_the_bad(production):
    replies = await call(
        production,
        envelope(produce("c-1"), "c-1"),
        envelope(produce("c-2"), "c-2", payload={**produce("c-2").model_dump(), "seed": "x"}),
        envelope(produce("c-3"), "c-3"),
    )
    assert [error_of(r) for r in replies] == [None, (ErrorCode.BAD_PAYLOAD, False), None]
    heads = await rows(production, production_t.productions)
    assert sorted(r["campaign_id"] for r in heads) == ["c-1", "c-3"]
    assert {r["campaign_id"] for r in await rows(production, production_t.assets)} == {
        "c-1", "c-3"}


async def test_production_reproduction_replaces_the_asset_set(production):
    narrower = DOC.model_copy(update={"channel_plan": DOC.channel_plan[:2]})
    await call(production, envelope(produce()))
    [again] = await call(production, envelope(produce(strategy=narrower, strategy_id="s-2")))
    [view] = await call(production, envelope(GetAssets(campaign_id="c-1")))
    assert len(view.payload["assets"]) == len(again.payload["assets"]) == 2


async def test_production_reproduction_in_one_frame_replaces_the_asset_set(production):
    narrower = DOC.model_copy(update={"channel_plan": DOC.channel_plan[:2]})
    await call(production, envelope(produce()),
               envelope(produce(strategy=narrower, strategy_id="s-2")))
    [view] = await call(production, envelope(GetAssets(campaign_id="c-1")))
    [head] = await rows(production, production_t.productions)
    assert len(view.payload["assets"]) == head["asset_count"] == 2


# --- qc ------------------------------------------------------------------------------------

def evaluate_cmd(campaign_id: str = "c-1", assets: list[Asset] = ASSETS) -> EvaluateAssets:
    return EvaluateAssets(campaign_id=campaign_id, brand=BRIEF.brand, assets=assets)


async def test_qc_evaluates_and_answers_queries(qc):
    [done] = await call(qc, envelope(evaluate_cmd()))
    assert done.type == "AssetsEvaluated" and QcReport.model_validate(done.payload["report"]) == (
        REPORT)
    [view] = await call(qc, envelope(GetEvaluation(campaign_id="c-1")))
    assert view.payload["status"] == "live" and view.payload["report"] == done.payload["report"]
    [row] = await rows(qc, qc_t.evaluations)
    assert (row["status"], row["qc_status"], row["score"]) == (
        "live", REPORT.status.value, REPORT.score)


async def test_qc_failing_assets_are_a_result_not_an_error(qc):
    broken = [ASSETS[0].model_copy(update={"body": "[INSERT OFFER] is here. Lorem ipsum."})]
    [done] = await call(qc, envelope(evaluate_cmd(assets=broken)))
    assert done.ok and done.payload["report"]["status"] == QcStatus.FAIL
    [row] = await rows(qc, qc_t.evaluations)
    assert row["qc_status"] == "FAIL"


async def test_qc_redelivery_returns_stored_reply(qc):
    await assert_redelivery_changes_nothing(qc, qc_t.evaluations, envelope(evaluate_cmd()))


async def test_qc_discard_is_idempotent_and_final(qc):
    await call(qc, envelope(evaluate_cmd()))
    discard = DiscardEvaluation(campaign_id="c-1", reason="client rejected")
    [d1] = await call(qc, envelope(discard))
    [d2] = await call(qc, envelope(discard))
    assert d1.payload["was_live"] is True
    assert d2.ok and d2.payload["was_live"] is False
    [row] = await rows(qc, qc_t.evaluations)
    assert row["status"] == "discarded" and row["report_json"] is None
    [late] = await call(qc, envelope(evaluate_cmd()))
    assert error_of(late) == (ErrorCode.CONFLICT, False)
    [view] = await call(qc, envelope(GetEvaluation(campaign_id="c-1")))
    assert error_of(view) == (ErrorCode.NOT_FOUND, False)


async def test_qc_query_for_unknown_campaign(qc):
    [missing] = await call(qc, envelope(GetEvaluation(campaign_id="nope")))
    assert error_of(missing) == (ErrorCode.NOT_FOUND, False)


async def test_qc_batch_commits_the_good_and_rejects_the_bad(qc):
    replies = await call(
        qc,
        envelope(evaluate_cmd("c-1"), "c-1"),
        envelope(evaluate_cmd("c-2"), "c-2",
                 payload={"campaign_id": "c-2", "brand": "Northwind", "assets": []}),
        envelope(evaluate_cmd("c-3"), "c-3"),
    )
    assert [error_of(r) for r in replies] == [None, (ErrorCode.BAD_PAYLOAD, False), None]
    assert sorted(r["campaign_id"] for r in await rows(qc, qc_t.evaluations)) == ["c-1", "c-3"]


# --- delivery ------------------------------------------------------------------------------

def build(out_dir, campaign_id: str = "c-1") -> BuildPack:
    return BuildPack(campaign_id=campaign_id, out_dir=str(out_dir), client_name=BRIEF.client_name,
                     brand=BRIEF.brand, seed=0, strategy=DOC, assets=ASSETS, qc=REPORT)


def snapshot(pack_dir: str) -> dict[str, tuple[int, int]]:
    found = {}
    for root, _, names in os.walk(pack_dir):
        for name in names:
            path = os.path.join(root, name)
            st = os.stat(path)
            found[os.path.relpath(path, pack_dir)] = (st.st_size, st.st_mtime_ns)
    return found


async def test_delivery_builds_a_verifiable_pack(delivery, tmp_path):
    [built] = await call(delivery, envelope(build(tmp_path / "packs")))
    assert built.type == "PackBuilt"
    pack_dir = built.payload["pack_dir"]
    assert pack_dir == str(tmp_path / "packs" / "c-1") and verify_pack(pack_dir) == []
    listed = {f["path"] for f in built.payload["files"]}
    assert set(snapshot(pack_dir)) == listed | {"manifest.json"}
    [view] = await call(delivery, envelope(GetPack(campaign_id="c-1")))
    assert view.payload["status"] == "delivered"
    assert view.payload["files"] == built.payload["files"]
    assert view.payload["manifest_sha256"] == built.payload["manifest_sha256"]


async def test_delivery_redelivery_returns_stored_reply_and_leaves_disk_alone(delivery, tmp_path):
    env = envelope(build(tmp_path / "packs"))
    [first] = await call(delivery, env)
    on_disk = snapshot(first.payload["pack_dir"])
    await assert_redelivery_changes_nothing(delivery, delivery_t.packs, env)
    assert snapshot(first.payload["pack_dir"]) == on_disk


async def test_delivery_revoke_is_idempotent_and_final(delivery, tmp_path):
    [built] = await call(delivery, envelope(build(tmp_path / "packs")))
    pack_dir = built.payload["pack_dir"]
    revoke = RevokePack(campaign_id="c-1", reason="invoice voided")
    [r1] = await call(delivery, envelope(revoke))
    [r2] = await call(delivery, envelope(revoke))
    assert r1.payload["files_removed"] == len(built.payload["files"]) + 1  # + manifest
    assert r2.ok and r2.payload["files_removed"] == 0
    assert not os.path.exists(pack_dir)
    [row] = await rows(delivery, delivery_t.packs)
    assert (row["status"], row["files_json"], row["manifest_sha256"]) == ("revoked", "[]", "")
    [late] = await call(delivery, envelope(build(tmp_path / "packs")))
    assert error_of(late) == (ErrorCode.CONFLICT, False)
    assert not os.path.exists(pack_dir)
    [view] = await call(delivery, envelope(GetPack(campaign_id="c-1")))
    assert view.payload["status"] == "revoked" and view.payload["files"] == []


async def test_delivery_query_for_unknown_campaign(delivery):
    [missing] = await call(delivery, envelope(GetPack(campaign_id="nope")))
    assert error_of(missing) == (ErrorCode.NOT_FOUND, False)


async def test_delivery_relative_out_dir_is_a_bad_payload(delivery):
    [refused] = await call(delivery, envelope(build("packs")))
    assert error_of(refused) == (ErrorCode.BAD_PAYLOAD, False)
    assert "absolute" in refused.error.message
    assert await rows(delivery, delivery_t.packs) == []


async def test_delivery_unwritable_out_dir_fails_for_good(delivery, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a regular file")
    env = envelope(build(blocker / "packs"))
    [failed] = await call(delivery, env)
    assert error_of(failed) == (ErrorCode.IO_FAILED, False)
    assert await rows(delivery, delivery_t.packs) == []
    # A non-retryable error is a final reply: recorded, and a redelivery gets it again.
    assert await processed_count(delivery) == 1
    later(delivery)
    [again] = await call(delivery, env)
    assert again == failed
    [fixed] = await call(delivery, envelope(build(tmp_path / "packs")))
    assert fixed.ok and verify_pack(fixed.payload["pack_dir"]) == []


async def test_delivery_unsafe_campaign_id_is_a_bad_payload(delivery, tmp_path):
    [refused] = await call(delivery, envelope(build(tmp_path / "packs", "acme q3")))
    assert error_of(refused) == (ErrorCode.BAD_PAYLOAD, False)


async def test_delivery_batch_commits_the_good_and_rejects_the_bad(delivery, tmp_path):
    out = tmp_path / "packs"
    replies = await call(
        delivery,
        envelope(build(out, "c-1"), "c-1"),
        envelope(build(out, "c-2"), "c-2", payload={"campaign_id": "c-2"}),
        envelope(build("relative", "c-3"), "c-3"),
        envelope(build(out, "c-4"), "c-4"),
    )
    assert [error_of(r) for r in replies] == [
        None, (ErrorCode.BAD_PAYLOAD, False), (ErrorCode.BAD_PAYLOAD, False), None]
    assert sorted(r["campaign_id"] for r in await rows(delivery, delivery_t.packs)) == [
        "c-1", "c-4"]
    assert sorted(os.listdir(out)) == ["c-1", "c-4"]


# --- the shared frame entry point ---------------------------------------------------------

async def test_late_redelivery_of_an_applied_command_gets_its_stored_reply(qc):
    env = envelope(evaluate_cmd())
    [first] = await call(qc, env)
    later(qc, 120)
    [again] = await call(qc, env)
    assert again == first


async def test_oversize_frame_is_reported_as_too_large(qc, monkeypatch):
    frame = encode_request([envelope(GetEvaluation(campaign_id="c-1"))])
    monkeypatch.setattr(codec, "MAX_FRAME_BYTES", len(frame) - 1)
    answer = await qc.handle(frame)
    monkeypatch.undo()
    [reply] = decode_replies(answer)
    assert error_of(reply) == (ErrorCode.TOO_LARGE, False)
