"""The campaign saga's revision loop, driven by scripted module replies behind the port.

The creative modules are scripted; the lifecycle modules around them (cam, client review,
billing, retention, reporting) are the real actors in-process, so the saga runs whole."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from actors.onboarding._review import normalize
from contracts.brief import CampaignBrief
from contracts.codec import decode_request, encode_replies, encode_request, parse_envelope
from contracts.common import Severity
from contracts.delivery import PackBuilt, PackFile
from contracts.envelope import reply_to
from contracts.onboarding import BriefNormalized
from contracts.production import Asset, AssetsProduced, AssetsRevised
from contracts.qc import (
    AssetsEvaluated,
    CheckStatus,
    PackEvaluated,
    QcCheck,
    QcReport,
    QcStatus,
)
from contracts.strategy import StrategyApproved, StrategyGenerated
from contracts.supervisor import BatchAccepted, BatchView, GetBatch, ReviewSettings, SubmitBatch
from driver.requests import answer, submissions
from supervisors.batch import BatchSupervisor
from supervisors.ports import MessagePort, Transport
from supervisors.saga_log import SagaLog
from tests.stores import store_config, store_settings
from tests.support import T0, FakeClock, brief_dict, envelope, strategy_doc
from wiring import build_module

pytestmark = pytest.mark.usefixtures("each_store")

ASSET = Asset(asset_id="a-1", channel="x", kind="post", body="Northwind {{code}}",
              cta="Book a demo", pillar="Speed")
FAILED = QcCheck(check_id="placeholder", asset_id="a-1", severity=Severity.BLOCKER,
                 status=CheckStatus.FAIL, evidence='found "{{code}}"', fix="remove it")
IN_STRATEGY = QcCheck(check_id="strategy.claim", asset_id="strategy:positioning",
                      severity=Severity.BLOCKER, status=CheckStatus.FAIL,
                      evidence='forbidden claims: "risk-free"', fix="remove the claim")
IN_PACK = QcCheck(check_id="pack.claim", asset_id="pack:deck.pptx#slide-3-notes",
                  severity=Severity.BLOCKER, status=CheckStatus.FAIL,
                  evidence='forbidden claims: "guaranteed"', fix="remove the claim")


LIFECYCLE = ("cam", "client_review", "billing", "retention", "reporting")
CREATIVE = {"NormalizeBrief", "GenerateStrategy", "ApproveStrategy", "ProduceAssets",
            "ReviseAssets", "EvaluateAssets", "BuildPack", "EvaluatePack", "DiscardBrief",
            "DiscardStrategy", "DiscardAssets", "DiscardEvaluation", "RevokePack",
            "DiscardPackCheck"}


class ScriptedModules(Transport):
    """Answers each command like the module would; QC passes from round `passes_at` on.
    `failing` is the blocker a failing evaluation reports; `pack_blocker` one the pack check
    reports (it passes without)."""

    def __init__(self, passes_at: int, data_dir: Path, failing: QcCheck = FAILED,
                 pack_blocker: QcCheck | None = None):
        self.passes_at = passes_at
        self.failing, self.pack_blocker = failing, pack_blocker
        self.sent: list[tuple[str, Any]] = []
        settings = store_settings(data_dir, synchronous="OFF").provisioned()
        self.real = {name: build_module(name, settings, FakeClock()) for name in LIFECYCLE}

    async def call(self, destination: str, frame: bytes) -> bytes:
        raws, batch = decode_request(frame)
        for raw in raws:
            envelope = parse_envelope(raw)
            self.sent.append((envelope.type, envelope.payload))
        if destination in self.real:
            return await self.real[destination].handle(frame)
        replies = [reply_to(e, self._answer(e.type, e.payload), T0)
                   for e in map(parse_envelope, raws)]
        return encode_replies(replies, batch)

    def _answer(self, type_name: str, payload: dict) -> Any:
        cid = payload["campaign_id"]
        if type_name == "NormalizeBrief":
            brief = normalize(CampaignBrief.model_validate(payload["brief"]))
            return BriefNormalized(campaign_id=cid, brief=brief)
        if type_name == "GenerateStrategy":
            return StrategyGenerated(campaign_id=cid, strategy_id="s-1", version=1,
                                     strategy=strategy_doc())
        if type_name == "ApproveStrategy":
            return StrategyApproved(campaign_id=cid, strategy_id="s-1", version=1,
                                    approved_by=payload["approved_by"], approved_at=T0)
        if type_name == "ProduceAssets":
            return AssetsProduced(campaign_id=cid, assets=[ASSET])
        if type_name == "ReviseAssets":
            return AssetsRevised(campaign_id=cid, round=payload["round"], assets=[ASSET],
                                 changed=["a-1"])
        if type_name == "EvaluateAssets":
            passing = payload["round"] >= self.passes_at
            report = QcReport(status=QcStatus.PASS if passing else QcStatus.FAIL,
                              score=100 if passing else 70, round=payload["round"],
                              checks=[] if passing else [self.failing])
            return AssetsEvaluated(campaign_id=cid, report=report)
        if type_name == "BuildPack":
            return PackBuilt(campaign_id=cid, pack_dir="/out/c", zip_path="/out/c.zip",
                             files=[PackFile(path="strategy.md", sha256="0" * 64, bytes=1)],
                             manifest_sha256="0" * 64)
        if type_name == "EvaluatePack":
            blocked = self.pack_blocker
            report = QcReport(status=QcStatus.FAIL if blocked else QcStatus.PASS,
                              score=70 if blocked else 100, checks=[blocked] if blocked else [])
            return PackEvaluated(campaign_id=cid, report=report)
        return _compensated(type_name, cid)

    async def close(self) -> None:
        for actor in self.real.values():
            await actor.close()


def _compensated(type_name: str, cid: str) -> Any:
    from contracts import delivery, onboarding, production, qc, strategy

    replies = {"DiscardBrief": onboarding.BriefDiscarded(campaign_id=cid, was_live=True),
               "DiscardStrategy": strategy.StrategyDiscarded(campaign_id=cid,
                                                             versions_discarded=1),
               "DiscardAssets": production.AssetsDiscarded(campaign_id=cid, assets_discarded=1),
               "DiscardEvaluation": qc.EvaluationDiscarded(campaign_id=cid, was_live=True),
               "DiscardPackCheck": qc.PackCheckDiscarded(campaign_id=cid, was_live=True),
               "RevokePack": delivery.PackRevoked(campaign_id=cid, files_removed=1)}
    return replies[type_name]


async def run_one(tmp_path, passes_at: int, qc_rounds: int,
                  **script: Any) -> tuple[BatchView, list]:
    modules = ScriptedModules(passes_at, tmp_path / "data", **script)
    supervisor = BatchSupervisor(SagaLog(store_config(tmp_path, "supervisor")),
                                 MessagePort(modules), FakeClock(),
                                 pools={"production": 1, "qc": 1, "delivery": 1})
    await supervisor.start()
    try:
        command = SubmitBatch(batch_id="b", out_dir=str(tmp_path), qc_rounds=qc_rounds,
                              review=ReviewSettings(policy="auto"),
                              campaigns=submissions([{"brief": brief_dict()}], "b"))
        answer(await supervisor.handle(encode_request(envelope(command, "b"))), BatchAccepted)
        query = GetBatch(batch_id="b", wait_seconds=1.0, include_campaigns=True)
        async with asyncio.timeout(10):
            view = answer(await supervisor.handle(encode_request(envelope(query, "b"))), BatchView)
            while not view.done:
                view = answer(await supervisor.handle(encode_request(envelope(query, "b"))),
                              BatchView)
        await supervisor.outbox.idle()
        return view, modules.sent
    finally:
        await supervisor.close()
        await modules.close()


def sent_types(sent: list, only: set[str] = CREATIVE) -> list[str]:
    return [t for t, _ in sent if t in only]


async def test_a_failed_qc_is_revised_and_reevaluated_then_delivered(tmp_path):
    view, sent = await run_one(tmp_path, passes_at=1, qc_rounds=2)
    [campaign] = view.campaigns
    assert campaign.outcome == "delivered"
    assert sent_types(sent) == ["NormalizeBrief", "GenerateStrategy", "ApproveStrategy",
                                "ProduceAssets", "EvaluateAssets", "ReviseAssets",
                                "EvaluateAssets", "BuildPack", "EvaluatePack"]
    lifecycle = {"RegisterCampaign", "RequestReview", "GetReviewDecision", "IssueInvoice",
                 "ScheduleFollowUps", "CompleteCampaign", "RecordOutcome"}
    assert sent_types(sent, lifecycle) == ["RegisterCampaign", "RequestReview",
                                           "GetReviewDecision", "IssueInvoice",
                                           "ScheduleFollowUps", "CompleteCampaign",
                                           "RecordOutcome"]
    revise = dict(sent)["ReviseAssets"]
    assert revise["round"] == 1 and revise["findings"][0]["check_id"] == "placeholder"


@pytest.mark.parametrize("qc_rounds", [0, 1, 2])
async def test_qc_that_never_passes_compensates_every_round_in_reverse(tmp_path, qc_rounds):
    view, sent = await run_one(tmp_path, passes_at=99, qc_rounds=qc_rounds)
    [campaign] = view.campaigns
    assert campaign.outcome == "compensated" and campaign.state == "COMPENSATED"
    when = f"after revision round {qc_rounds}" if qc_rounds else "on the first draft"
    assert f"qc failed {when} (score" in campaign.reason
    types = sent_types(sent)
    assert types.count("ReviseAssets") == qc_rounds
    assert types.count("EvaluateAssets") == qc_rounds + 1
    undo = types[types.index("DiscardEvaluation"):]
    assert undo == ["DiscardEvaluation", "DiscardAssets"] * (qc_rounds + 1) + [
        "DiscardStrategy", "DiscardBrief"]
    assert sent_types(sent, {"CancelCampaign", "RequestReview"}) == ["CancelCampaign"]


async def test_a_strategy_blocker_compensates_at_once_without_revision_rounds(tmp_path):
    view, sent = await run_one(tmp_path, passes_at=99, qc_rounds=2, failing=IN_STRATEGY)
    [campaign] = view.campaigns
    assert (campaign.outcome, campaign.state) == ("compensated", "COMPENSATED")
    assert "qc failed on the strategy document" in campaign.reason
    assert 'strategy.claim@strategy:positioning: forbidden claims: "risk-free"' in \
        campaign.reason
    types = sent_types(sent)
    assert "ReviseAssets" not in types and types.count("EvaluateAssets") == 1
    assert types[types.index("EvaluateAssets") + 1:] == [
        "DiscardEvaluation", "DiscardAssets", "DiscardStrategy", "DiscardBrief"]


async def test_a_pack_blocker_revokes_the_pack_and_names_the_file_and_phrase(tmp_path):
    view, sent = await run_one(tmp_path, passes_at=0, qc_rounds=2, pack_blocker=IN_PACK)
    [campaign] = view.campaigns
    assert (campaign.outcome, campaign.state) == ("compensated", "COMPENSATED")
    assert campaign.reason.startswith("pack check failed (score 70): ")
    assert 'pack.claim@pack:deck.pptx#slide-3-notes: forbidden claims: "guaranteed"' in \
        campaign.reason
    assert campaign.pack_dir is None
    types = sent_types(sent)
    assert types[types.index("EvaluatePack") + 1:] == [
        "DiscardPackCheck", "RevokePack", "DiscardEvaluation", "DiscardAssets",
        "DiscardStrategy", "DiscardBrief"]
    lifecycle = sent_types(sent, {"IssueInvoice", "WithdrawReview", "CancelCampaign"})
    assert lifecycle == ["WithdrawReview", "CancelCampaign"]  # never invoiced


class GatedModules(ScriptedModules):
    """Holds ProduceAssets until the test opens the gate."""

    def __init__(self, data_dir: Path):
        super().__init__(passes_at=0, data_dir=data_dir)
        self.reached = asyncio.Event()
        self.gate = asyncio.Event()

    async def call(self, destination: str, frame: bytes) -> bytes:
        if b"ProduceAssets" in frame:
            self.reached.set()
            await self.gate.wait()
        return await super().call(destination, frame)


async def test_cancel_stops_at_the_next_step_and_undoes_what_was_done(tmp_path):
    from contracts.supervisor import CancelAccepted, CancelCampaigns

    modules = GatedModules(tmp_path / "data")
    supervisor = BatchSupervisor(SagaLog(store_config(tmp_path, "supervisor")),
                                 MessagePort(modules), FakeClock(),
                                 pools={"production": 1, "qc": 1, "delivery": 1})
    await supervisor.start()

    async def ask(message, expected):
        return answer(await supervisor.handle(encode_request(envelope(message, "b"))), expected)

    try:
        await ask(SubmitBatch(batch_id="b", out_dir=str(tmp_path),
                              review=ReviewSettings(policy="auto"),
                              campaigns=submissions([{"brief": brief_dict()}], "b")),
                  BatchAccepted)
        async with asyncio.timeout(10):
            await modules.reached.wait()
            accepted = await ask(CancelCampaigns(target="b", reason="client paused"),
                                 CancelAccepted)
            modules.gate.set()
            view = await ask(GetBatch(batch_id="b", include_campaigns=True), BatchView)
            while not view.done:
                view = await ask(GetBatch(batch_id="b", wait_seconds=1.0,
                                          include_campaigns=True), BatchView)
        again = await ask(CancelCampaigns(target="b"), CancelAccepted)
    finally:
        await supervisor.close()
        await modules.close()
    assert (accepted.cancelling, again.cancelling, again.already_finished) == (1, 0, 1)
    [campaign] = view.campaigns
    assert (campaign.outcome, campaign.state) == ("cancelled", "CANCELLED")
    assert campaign.reason == "cancelled: client paused"
    types = sent_types(modules.sent)
    assert "EvaluateAssets" not in types  # stopped after the step in flight
    assert types[types.index("ProduceAssets") + 1:] == [
        "DiscardAssets", "DiscardStrategy", "DiscardBrief"]
