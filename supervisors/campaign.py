"""The campaign saga: which steps, which compensations, which project states (DESIGN §5).

onboard -> strategy -> approve strategy -> produce assets -> QC -> build pack.
Strategy approval is by the batch's policy (auto-approve) until client review lands.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from contracts.brief import CampaignBrief
from contracts.delivery import BuildPack, PackBuilt, RevokePack
from contracts.onboarding import BriefNormalized, BriefRejected, DiscardBrief, NormalizeBrief
from contracts.production import DiscardAssets, ProduceAssets
from contracts.qc import AssetsEvaluated, DiscardEvaluation, EvaluateAssets, QcStatus
from contracts.strategy import (
    ApproveStrategy,
    DiscardStrategy,
    GenerateStrategy,
    StrategyGenerated,
)
from contracts.supervisor import Outcome
from supervisors.saga import SagaDefinition, SagaRun, Step, Verdict

AUTO_APPROVER = "policy:auto-approve"


class ProjectState(StrEnum):
    CREATED = "CREATED"
    INTAKE_COMPLETE = "INTAKE_COMPLETE"
    STRATEGY_GENERATED = "STRATEGY_GENERATED"
    STRATEGY_APPROVED = "STRATEGY_APPROVED"
    CAMPAIGN_DEFINED = "CAMPAIGN_DEFINED"
    CREATIVE_GENERATED = "CREATIVE_GENERATED"
    QC_FAILED = "QC_FAILED"
    QC_APPROVED = "QC_APPROVED"
    DELIVERED = "DELIVERED"
    COMPENSATED = "COMPENSATED"
    CANCELLED = "CANCELLED"
    # Not in DESIGN §5's list: an unwind whose compensation kept failing must not be
    # reported as COMPENSATED. It is terminal and needs an operator.
    COMPENSATION_FAILED = "COMPENSATION_FAILED"


S = ProjectState
TERMINAL = frozenset({S.DELIVERED, S.COMPENSATED, S.CANCELLED, S.COMPENSATION_FAILED})
_FORWARD: dict[ProjectState, set[ProjectState]] = {
    S.CREATED: {S.INTAKE_COMPLETE},
    S.INTAKE_COMPLETE: {S.STRATEGY_GENERATED},
    S.STRATEGY_GENERATED: {S.STRATEGY_APPROVED},
    S.STRATEGY_APPROVED: {S.CAMPAIGN_DEFINED},
    S.CAMPAIGN_DEFINED: {S.CREATIVE_GENERATED},
    S.CREATIVE_GENERATED: {S.QC_FAILED, S.QC_APPROVED},
    S.QC_FAILED: {S.CREATIVE_GENERATED},  # a revision round
    S.QC_APPROVED: {S.DELIVERED},
}
TRANSITIONS: dict[str, frozenset[str]] = {
    state.value: frozenset(_FORWARD.get(state, set())
                           | ({S.COMPENSATED, S.COMPENSATION_FAILED, S.CANCELLED}
                              if state not in TERMINAL else set()))
    for state in ProjectState
}


def _cid(run: SagaRun) -> str:
    return run.saga_id


def _brief(run: SagaRun) -> Any:
    return run.results["onboard"].brief


def _strategy(run: SagaRun) -> StrategyGenerated:
    return run.results["strategy"]


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
    blockers = "; ".join(f"{c.check_id}@{c.asset_id}: {c.evidence}" for c in report.blockers)
    return Verdict(states=(S.QC_FAILED,),
                   failure=f"qc failed (score {report.score}): {blockers}")


def _built(run: SagaRun, result: PackBuilt) -> Verdict:
    return Verdict(states=(S.DELIVERED,), outcome=Outcome.DELIVERED)


def _summarize(run: SagaRun) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    if "qc" in run.results:
        summary["qc_score"] = run.results["qc"].report.score
    if "pack" in run.results and run.outcome == Outcome.DELIVERED:
        summary["pack_dir"] = run.results["pack"].pack_dir
    return summary


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
                                     strategy=_strategy(r).strategy, seed=r.input["seed"]),
             lambda r, res: Verdict(states=(S.CREATIVE_GENERATED,)),
             lambda r, why: DiscardAssets(campaign_id=_cid(r), reason=why)),
        Step("qc", lambda r: r.input["routes"]["qc"],
             lambda r: EvaluateAssets(campaign_id=_cid(r), brand=_brief(r).brand,
                                      assets=r.results["produce"].assets),
             _evaluated, lambda r, why: DiscardEvaluation(campaign_id=_cid(r), reason=why)),
        Step("pack", lambda r: "delivery",
             lambda r: BuildPack(campaign_id=_cid(r), out_dir=r.input["out_dir"],
                                 client_name=_brief(r).client_name, brand=_brief(r).brand,
                                 seed=r.input["seed"], strategy=_strategy(r).strategy,
                                 assets=r.results["produce"].assets,
                                 qc=r.results["qc"].report),
             _built, lambda r, why: RevokePack(campaign_id=_cid(r), reason=why)),
    )
    return SagaDefinition(
        steps=steps, initial_state=S.CREATED, transitions=TRANSITIONS,
        compensated=(S.COMPENSATED, Outcome.COMPENSATED),
        compensation_failed=(S.COMPENSATION_FAILED, Outcome.COMPENSATION_FAILED),
        summarize=_summarize)
