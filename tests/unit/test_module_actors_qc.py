"""The QC actor in-process: frames in, one evaluation row per campaign out."""

from __future__ import annotations

import pytest

from actors.qc import QcActor
from actors.qc import _tables as qc_t
from actors.qc._rules import evaluate
from contracts.envelope import ErrorCode
from contracts.qc import DiscardEvaluation, GetEvaluation, QcReport, QcStatus
from tests.support import call, envelope, rows
from tests.unit.factories.modules import (
    ASSETS,
    BRIEF,
    CREATIVE,
    DOC,
    REPORT,
    assert_redelivery_changes_nothing,
    error_of,
    evaluate_cmd,
)

pytestmark = pytest.mark.usefixtures("each_store")


@pytest.fixture
async def qc(started_actor):
    return await started_actor(QcActor, "qc-0")


async def test_qc_evaluates_and_answers_queries(qc):
    [done] = await call(qc, envelope(evaluate_cmd()))
    assert done.type == "AssetsEvaluated" and QcReport.model_validate(done.payload["report"]) == (
        REPORT)
    assert REPORT.status is QcStatus.PASS and REPORT.round == 0
    [view] = await call(qc, envelope(GetEvaluation(campaign_id="c-1")))
    assert view.payload["status"] == "live" and view.payload["report"] == done.payload["report"]
    [row] = await rows(qc, qc_t.evaluations)
    assert (row["status"], row["qc_status"], row["score"], row["round"]) == (
        "live", REPORT.status.value, REPORT.score, 0)


async def test_qc_stores_the_round_it_evaluated(qc):
    await call(qc, envelope(evaluate_cmd()))
    [again] = await call(qc, envelope(evaluate_cmd(round_=2)))
    report = QcReport.model_validate(again.payload["report"])
    assert report == evaluate(BRIEF, DOC, ASSETS, CREATIVE.calendar, 2) and report.round == 2
    [row] = await rows(qc, qc_t.evaluations)
    assert (row["round"], QcReport.model_validate_json(row["report_json"]).round) == (2, 2)
    [view] = await call(qc, envelope(GetEvaluation(campaign_id="c-1")))
    assert view.payload["report"]["round"] == 2


async def test_qc_failing_assets_are_a_result_not_an_error(qc):
    broken = [ASSETS[0].model_copy(update={"body": "[INSERT OFFER] is here. Lorem ipsum."}),
              *ASSETS[1:]]
    [done] = await call(qc, envelope(evaluate_cmd(assets=broken)))
    assert done.ok and done.payload["report"]["status"] == QcStatus.FAIL
    blockers = QcReport.model_validate(done.payload["report"]).blockers
    assert {c.asset_id for c in blockers} == {ASSETS[0].asset_id}
    assert "placeholder" in {c.check_id for c in blockers}
    [row] = await rows(qc, qc_t.evaluations)
    assert row["qc_status"] == "FAIL"


async def test_qc_redelivery_returns_stored_reply(qc):
    await assert_redelivery_changes_nothing(qc, qc_t.evaluations, envelope(evaluate_cmd()))


async def test_qc_discard_is_idempotent_and_final(qc):
    await call(qc, envelope(evaluate_cmd(round_=1)))
    discard = DiscardEvaluation(campaign_id="c-1", reason="client rejected")
    [d1] = await call(qc, envelope(discard))
    [d2] = await call(qc, envelope(discard))
    assert d1.payload["was_live"] is True
    assert d2.ok and d2.payload["was_live"] is False
    [row] = await rows(qc, qc_t.evaluations)
    assert row["status"] == "discarded" and row["report_json"] is None and row["round"] == 1
    [late] = await call(qc, envelope(evaluate_cmd()))
    assert error_of(late) == (ErrorCode.CONFLICT, False)
    [view] = await call(qc, envelope(GetEvaluation(campaign_id="c-1")))
    assert error_of(view) == (ErrorCode.NOT_FOUND, False)


async def test_qc_query_for_unknown_campaign(qc):
    [missing] = await call(qc, envelope(GetEvaluation(campaign_id="nope")))
    assert error_of(missing) == (ErrorCode.NOT_FOUND, False)


async def test_qc_batch_commits_the_good_and_rejects_the_bad(qc):
    no_assets = {**evaluate_cmd("c-2").model_dump(), "assets": []}
    replies = await call(
        qc,
        envelope(evaluate_cmd("c-1"), "c-1"),
        envelope(evaluate_cmd("c-2"), "c-2", payload=no_assets),
        envelope(evaluate_cmd("c-3"), "c-3"),
    )
    assert [error_of(r) for r in replies] == [None, (ErrorCode.BAD_PAYLOAD, False), None]
    assert sorted(r["campaign_id"] for r in await rows(qc, qc_t.evaluations)) == ["c-1", "c-3"]
