"""The production actor in-process: frames in, the campaign's creative stored and revised."""

from __future__ import annotations

import pytest

from actors.production import ProductionActor
from actors.production import _tables as production_t
from actors.production._copy import write_creative
from actors.production._revise import revise_creative
from actors.qc._rules import evaluate
from contracts.envelope import ErrorCode
from contracts.production import Asset, CalendarEntry, DiscardAssets, GetAssets
from tests.support import T0, call, envelope, rows
from tests.unit.factories.modules import (
    ASSETS,
    BLOCKED,
    BLOCKED_BRIEF,
    BLOCKED_DOC,
    BRIEF,
    CREATIVE,
    DOC,
    assert_redelivery_changes_nothing,
    blocked_findings,
    by_id,
    error_of,
    later,
    produce,
    revise,
)

pytestmark = pytest.mark.usefixtures("each_store")


@pytest.fixture
async def production(started_actor):
    return await started_actor(ProductionActor, "production-0")


def produce_blocked(campaign_id: str = "c-1"):
    return produce(campaign_id, strategy=BLOCKED_DOC, brief=BLOCKED_BRIEF)


def assets_of(reply) -> list[Asset]:
    return [Asset.model_validate(a) for a in reply.payload["assets"]]


def calendar_of(reply) -> list[CalendarEntry]:
    return [CalendarEntry.model_validate(e) for e in reply.payload["calendar"]]


async def stored_assets(production, campaign_id: str = "c-1") -> dict[str, Asset]:
    return {r["asset_id"]: Asset.model_validate_json(r["asset_json"])
            for r in await rows(production, production_t.assets)
            if r["campaign_id"] == campaign_id and r["status"] == "live"}


async def test_production_produces_and_answers_queries(production):
    [made] = await call(production, envelope(produce()))
    assert made.type == "AssetsProduced" and made.payload["generator"] == "deterministic"
    assert assets_of(made) == ASSETS
    assert calendar_of(made) == CREATIVE.calendar and CREATIVE.calendar
    assert made.payload["hashtag_sets"] == CREATIVE.hashtag_sets
    assert {(a.strategy_id, a.strategy_version) for a in assets_of(made)} == {("s-1", 1)}
    [view] = await call(production, envelope(GetAssets(campaign_id="c-1")))
    assert view.payload["status"] == "live"
    assert by_id(view.payload["assets"]) == by_id(made.payload["assets"])
    assert view.payload["calendar"] == made.payload["calendar"]
    [head] = await rows(production, production_t.productions)
    assert head["status"] == "live" and head["asset_count"] == len(ASSETS)
    assert head["rounds"] == 0
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
    assert head["status"] == "discarded" and head["calendar_json"] is None
    for row in await rows(production, production_t.assets):
        assert row["status"] == "discarded" and row["asset_json"] is None
    [late] = await call(production, envelope(produce()))
    assert error_of(late) == (ErrorCode.CONFLICT, False)
    [view] = await call(production, envelope(GetAssets(campaign_id="c-1")))
    assert view.payload == {"campaign_id": "c-1", "status": "discarded", "assets": [],
                            "calendar": [], "measures": {}}


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


NARROWER = DOC.model_copy(update={"channel_plan": DOC.channel_plan[:2]})
NARROWER_COUNT = len(write_creative("c-1", BRIEF, NARROWER, "s-2", 1, 0).assets)


async def test_production_reproduction_replaces_the_asset_set(production):
    assert 0 < NARROWER_COUNT < len(ASSETS)
    await call(production, envelope(produce()))
    [again] = await call(production, envelope(produce(strategy=NARROWER, strategy_id="s-2")))
    [view] = await call(production, envelope(GetAssets(campaign_id="c-1")))
    assert len(view.payload["assets"]) == len(again.payload["assets"]) == NARROWER_COUNT
    assert view.payload["calendar"] == again.payload["calendar"]


async def test_production_reproduction_in_one_frame_replaces_the_asset_set(production):
    await call(production, envelope(produce()),
               envelope(produce(strategy=NARROWER, strategy_id="s-2")))
    [view] = await call(production, envelope(GetAssets(campaign_id="c-1")))
    [head] = await rows(production, production_t.productions)
    assert len(view.payload["assets"]) == head["asset_count"] == NARROWER_COUNT


# --- revision ------------------------------------------------------------------------------

async def test_revision_applies_to_the_stored_creative(production):
    findings = blocked_findings()
    expected, changed = revise_creative(BLOCKED, findings, BLOCKED_BRIEF, BLOCKED_DOC, 0, 1)
    assert changed and {f.check_id for f in findings} == {"placeholder"}
    await call(production, envelope(produce_blocked()))

    [revised] = await call(production, envelope(revise(findings)))

    assert revised.type == "AssetsRevised" and revised.payload["round"] == 1
    assert revised.payload["changed"] == changed
    assert sorted(changed) == sorted({f.asset_id for f in findings})
    assert assets_of(revised) == expected.assets
    assert calendar_of(revised) == expected.calendar
    assert all("{{" not in a.body for a in expected.assets)
    stored = await stored_assets(production)
    assert [stored[a.asset_id] for a in BLOCKED.assets] == expected.assets
    [view] = await call(production, envelope(GetAssets(campaign_id="c-1")))
    assert view.payload["status"] == "live"
    assert by_id(view.payload["assets"]) == by_id(revised.payload["assets"])
    assert view.payload["calendar"] == revised.payload["calendar"]
    [head] = await rows(production, production_t.productions)
    assert (head["status"], head["rounds"], head["asset_count"]) == (
        "live", 1, len(BLOCKED.assets))
    report = evaluate(BLOCKED_BRIEF, BLOCKED_DOC, assets_of(view), calendar_of(view), 1)
    # The creative is clean now; only the strategy written from the residue brief still
    # fails, which no revision changes (and onboarding refuses such a brief).
    assert report.blockers == report.strategy_blockers


async def test_a_second_round_builds_on_the_first(production):
    # Round 2 names only what round 1 left: if it started from the produced creative
    # instead of the stored revision, round 1's fixes would be lost.
    findings = blocked_findings()
    assert len(findings) >= 2
    first, rest = findings[:1], findings[1:]
    await call(production, envelope(produce_blocked()))
    [r1] = await call(production, envelope(revise(first, 1)))
    [r2] = await call(production, envelope(revise(rest, 2)))
    assert r1.payload["changed"] == [first[0].asset_id]
    assert r2.payload["changed"] == sorted(f.asset_id for f in rest)
    assert all("{{" not in a.body for a in assets_of(r2))
    stored = await stored_assets(production)
    assert all("{{" not in a.body for a in stored.values())
    [head] = await rows(production, production_t.productions)
    assert head["rounds"] == 2


async def test_revision_in_the_same_frame_as_production_applies_to_it(production):
    findings = blocked_findings()
    expected, changed = revise_creative(BLOCKED, findings, BLOCKED_BRIEF, BLOCKED_DOC, 0, 1)
    [made, revised] = await call(production, envelope(produce_blocked()),
                                 envelope(revise(findings)))
    assert made.ok and revised.payload["changed"] == changed
    stored = await stored_assets(production)
    assert [stored[a.asset_id] for a in BLOCKED.assets] == expected.assets


async def test_revision_after_discard_is_a_conflict(production):
    await call(production, envelope(produce_blocked()))
    await call(production, envelope(DiscardAssets(campaign_id="c-1", reason="qc failed")))
    [late] = await call(production, envelope(revise(blocked_findings())))
    assert error_of(late) == (ErrorCode.CONFLICT, False)
    assert await stored_assets(production) == {}
    [head] = await rows(production, production_t.productions)
    assert (head["status"], head["rounds"]) == ("discarded", 0)


async def test_revision_of_an_unknown_campaign_is_not_found(production):
    [missing] = await call(production, envelope(revise(blocked_findings())))
    assert error_of(missing) == (ErrorCode.NOT_FOUND, False)
    assert await rows(production, production_t.productions) == []


async def test_revision_redelivery_returns_stored_reply(production):
    await call(production, envelope(produce_blocked()))
    env = envelope(revise(blocked_findings()))
    first = await assert_redelivery_changes_nothing(production, production_t.assets, env)
    assert first.ok and first.payload["changed"]
    [head] = await rows(production, production_t.productions)
    assert head["rounds"] == 1 and head["updated_at"] == T0.isoformat()  # not re-applied later
