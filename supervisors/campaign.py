"""The campaign saga: which steps, which compensations, which project states (DESIGN §5).

onboard -> strategy -> approve strategy -> produce -> QC, then while QC fails and revision
rounds remain: revise -> QC again; then build the pack. The revision loop is unrolled
into conditional steps (revise_1, qc_1, revise_2, ...) so every round has its own step
name, message ids and log rows. Strategy approval follows the batch's policy
(auto-approve) until client review lands.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from contracts.brief import CampaignBrief
from contracts.delivery import BuildPack, RevokePack
from contracts.onboarding import BriefNormalized, BriefRejected, DiscardBrief, NormalizeBrief
from contracts.production import DiscardAssets, Finding, ProduceAssets, ReviseAssets
from contracts.qc import AssetsEvaluated, DiscardEvaluation, EvaluateAssets, QcStatus
from contracts.strategy import (
    ApproveStrategy,
    DiscardStrategy,
    GenerateStrategy,
    StrategyGenerated,
)
from contracts.supervisor import Outcome
from supervisors.project import TRANSITIONS, ProjectState
from supervisors.saga import SagaDefinition, SagaRun, Step, Verdict

S = ProjectState
AUTO_APPROVER = "policy:auto-approve"
MAX_ROUNDS = 5  # the most revision rounds a batch may ask for (SubmitBatch.qc_rounds)


def _cid(run: SagaRun) -> str:
    return run.saga_id


def _brief(run: SagaRun) -> Any:
    return run.results["onboard"].brief


def _strategy(run: SagaRun) -> StrategyGenerated:
    return run.results["strategy"]


def _rounds_done(run: SagaRun) -> int:
    return sum(1 for k in range(1, MAX_ROUNDS + 1) if f"revise_{k}" in run.results)


def _creative(run: SagaRun) -> Any:
    """The latest creative: the last revision's, or production's first set."""
    done = _rounds_done(run)
    return run.results[f"revise_{done}"] if done else run.results["produce"]


def _report(run: SagaRun) -> Any:
    done = _rounds_done(run)
    return run.results[f"qc_{done}" if done else "qc"].report


def _onboarded(run: SagaRun, result: Any) -> Verdict:
    if isinstance(result, BriefRejected):
        return Verdict(states=(S.CANCELLED,), outcome=Outcome.REJECTED,
                       reason="brief rejected: " + "; ".join(result.problems))
    assert isinstance(result, BriefNormalized)
    return Verdict(states=(S.INTAKE_COMPLETE,))


def _evaluated(run: SagaRun, result: AssetsEvaluated) -> Verdict:
    report = result.report
    if report.status is not QcStatus.FAIL:
        return Verdict(states=(S.QC_APPROVED,))
    if report.round < run.input.get("qc_rounds", 2):
        return Verdict(states=(S.QC_FAILED,))  # the next revise step takes the findings
    # The first few blockers say why; the whole list is in the QC report and the log.
    shown = report.blockers[:3]
    blockers = "; ".join(f"{c.check_id}@{c.asset_id}: {c.evidence}" for c in shown)
    more = len(report.blockers) - len(shown)
    blockers += f"; and {more} more blocker(s)" if more > 0 else ""
    return Verdict(states=(S.QC_FAILED,), failure=(
        f"qc failed after {report.round} revision round(s) (score {report.score}): {blockers}"))


def _summarize(run: SagaRun) -> dict[str, Any]:
    summary: dict[str, Any] = {"revision_rounds": _rounds_done(run)}
    if "qc" in run.results:
        summary["qc_score"] = _report(run).score
    if "pack" in run.results and run.outcome == Outcome.DELIVERED:
        summary["pack_dir"] = run.results["pack"].pack_dir
        summary["zip_path"] = run.results["pack"].zip_path
    return summary


def _evaluate(run: SagaRun, round_: int) -> EvaluateAssets:
    creative = _creative(run)
    return EvaluateAssets(campaign_id=_cid(run), brand=_brief(run).brand, brief=_brief(run),
                          strategy=_strategy(run).strategy, assets=creative.assets,
                          calendar=creative.calendar, round=round_)


def _revise(run: SagaRun, round_: int) -> ReviseAssets:
    findings = [Finding(check_id=c.check_id, asset_id=c.asset_id, severity=c.severity,
                        evidence=c.evidence, fix=c.fix) for c in _report(run).failures]
    strategy = _strategy(run)
    return ReviseAssets(campaign_id=_cid(run), brief=_brief(run),
                        strategy_id=strategy.strategy_id, strategy_version=strategy.version,
                        strategy=strategy.strategy, seed=run.input["seed"], round=round_,
                        findings=findings)


def _pack(run: SagaRun) -> BuildPack:
    strategy, creative = _strategy(run), _creative(run)
    return BuildPack(campaign_id=_cid(run), out_dir=run.input["out_dir"],
                     prepared_at=datetime.fromisoformat(run.input["prepared_at"]),
                     seed=run.input["seed"], brief=_brief(run),
                     strategy_id=strategy.strategy_id, strategy_version=strategy.version,
                     strategy=strategy.strategy, assets=creative.assets,
                     calendar=creative.calendar, hashtag_sets=creative.hashtag_sets,
                     generator=creative.generator,
                     formats=run.input.get("pack_formats", "full"), qc=_report(run))


def _revision_steps() -> list[Step]:
    steps = []
    for k in range(1, MAX_ROUNDS + 1):
        steps.append(Step(
            f"revise_{k}", lambda r: r.input["routes"]["production"],
            lambda r, k=k: _revise(r, k), lambda r, res: Verdict(states=(S.CREATIVE_GENERATED,)),
            lambda r, why: DiscardAssets(campaign_id=_cid(r), reason=why),
            when=lambda r, k=k: (_rounds_done(r) == k - 1 and _report(r).status is QcStatus.FAIL
                                 and k <= r.input.get("qc_rounds", 2))))
        steps.append(Step(
            f"qc_{k}", lambda r: r.input["routes"]["qc"], lambda r, k=k: _evaluate(r, k),
            _evaluated, lambda r, why: DiscardEvaluation(campaign_id=_cid(r), reason=why),
            when=lambda r, k=k: f"revise_{k}" in r.results))
    return steps


def campaign_saga() -> SagaDefinition:
    """The saga definition. Shard destinations come from the saga's input (fixed at intake,
    so a resumed saga reaches the shard that owns its rows even if pool sizes changed)."""
    steps = (
        Step("onboard", lambda r: "onboarding",
             lambda r: NormalizeBrief(campaign_id=_cid(r),
                                      brief=CampaignBrief.model_validate(r.input["brief"])),
             _onboarded, lambda r, why: DiscardBrief(campaign_id=_cid(r), reason=why)),
        Step("strategy", lambda r: "strategy",
             lambda r: GenerateStrategy(campaign_id=_cid(r), brief=_brief(r),
                                        seed=r.input["seed"]),
             lambda r, res: Verdict(states=(S.STRATEGY_GENERATED,)),
             lambda r, why: DiscardStrategy(campaign_id=_cid(r), reason=why)),
        Step("approve", lambda r: "strategy",
             lambda r: ApproveStrategy(campaign_id=_cid(r), strategy_id=_strategy(r).strategy_id,
                                       approved_by=AUTO_APPROVER),
             lambda r, res: Verdict(states=(S.STRATEGY_APPROVED, S.CAMPAIGN_DEFINED))),
        Step("produce", lambda r: r.input["routes"]["production"],
             lambda r: ProduceAssets(campaign_id=_cid(r), brief=_brief(r),
                                     strategy_id=_strategy(r).strategy_id,
                                     strategy_version=_strategy(r).version,
                                     strategy=_strategy(r).strategy, seed=r.input["seed"]),
             lambda r, res: Verdict(states=(S.CREATIVE_GENERATED,)),
             lambda r, why: DiscardAssets(campaign_id=_cid(r), reason=why)),
        Step("qc", lambda r: r.input["routes"]["qc"], lambda r: _evaluate(r, 0),
             _evaluated, lambda r, why: DiscardEvaluation(campaign_id=_cid(r), reason=why)),
        *_revision_steps(),
        Step("pack", lambda r: r.input["routes"]["delivery"], _pack,
             lambda r, res: Verdict(states=(S.DELIVERED,), outcome=Outcome.DELIVERED),
             lambda r, why: RevokePack(campaign_id=_cid(r), reason=why)),
    )
    return SagaDefinition(
        steps=steps, initial_state=S.CREATED, transitions=TRANSITIONS,
        compensated=(S.COMPENSATED, Outcome.COMPENSATED),
        compensation_failed=(S.COMPENSATION_FAILED, Outcome.COMPENSATION_FAILED),
        cancelled=(S.CANCELLED, Outcome.CANCELLED),
        summarize=_summarize)
