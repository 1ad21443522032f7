"""The campaign saga: which steps, which compensations, which project states (DESIGN §5).

register (cam) -> onboard -> strategy -> approve strategy -> produce -> QC, with revise ->
QC again while QC fails and rounds remain -> client review (a durable wait; on changes
requested: revise -> QC -> review again) -> pack -> pack check (QC reads the rendered pack
back from disk) -> invoice -> follow-ups -> close the campaign record. QC also checks the
strategy document; a blocker there compensates at once, since revising the creative cannot
change it. Loops are unrolled into conditional steps (campaign_creative,
campaign_review), so every round has its own step name, message ids and log rows.
Strategy approval is the agency's own sign-off, given by policy; the client's approval is
the review step.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from contracts.brief import CampaignBrief
from contracts.onboarding import BriefNormalized, BriefRejected, DiscardBrief, NormalizeBrief
from contracts.production import ProduceAssets
from contracts.strategy import ApproveStrategy, DiscardStrategy, GenerateStrategy
from contracts.supervisor import Outcome, ReviewSettings
from supervisors import campaign_creative as c
from supervisors.campaign_close import closing_steps, opening_step
from supervisors.campaign_review import decisions, review_steps
from supervisors.project import TRANSITIONS, ProjectState
from supervisors.saga import SagaDefinition, SagaRun, Step, Verdict
from supervisors.saga_run import StoredDataError

S = ProjectState
AUTO_APPROVER = "policy:auto-approve"
MAX_ROUNDS = c.MAX_ROUNDS
# What the steps read from a saga's input without a default (see intake.saga_row).
INPUT_KEYS = ("brief", "seed", "batch_id", "out_dir", "routes", "prepared_at")


def _onboarded(run: SagaRun, result: Any) -> Verdict:
    if isinstance(result, BriefRejected):
        return c.rejected_at_intake("brief rejected: " + "; ".join(result.problems))
    assert isinstance(result, BriefNormalized)
    return Verdict(states=(S.INTAKE_COMPLETE,))


def _check_input(data: Mapping[str, Any]) -> None:
    """A stored input the steps can still run on: its keys are there, and the brief and the
    review settings validate as the contracts stand now (they may have tightened since the
    batch was submitted)."""
    missing = [key for key in INPUT_KEYS if key not in data]
    if missing:
        raise StoredDataError(f"{', '.join(missing)} missing")
    CampaignBrief.model_validate(data["brief"])
    ReviewSettings.model_validate(data.get("review", {}))


def _summarize(run: SagaRun) -> dict[str, Any]:
    """Facts kept with a finished saga: what progress views and reporting need."""
    summary: dict[str, Any] = {"revision_rounds": c.revisions_done(run),
                               "review_rounds": len(decisions(run)),
                               "undone": sorted(run.undone), "timings": run.timings,
                               "attempts": {step: n for (step, kind), n in run.attempts.items()
                                            if kind == "do"}}
    if isinstance(run.results.get("onboard"), BriefNormalized):
        summary["client_id"] = c.brief(run).client_id
        summary["client_name"] = c.brief(run).client_name
    if "qc" in run.results:
        summary["qc_score"] = c.report(run).score
    if "pack" in run.results and run.outcome == Outcome.DELIVERED:
        summary["pack_dir"] = run.results["pack"].pack_dir
        summary["zip_path"] = run.results["pack"].zip_path
    if "invoice" in run.results and run.outcome == Outcome.DELIVERED:
        issued = run.results["invoice"].invoice
        summary["invoice"] = {"total": str(issued.total), "currency": issued.currency}
    return summary


def campaign_saga() -> SagaDefinition:
    """The saga definition. Shard destinations come from the saga's input (fixed at intake,
    so a resumed saga reaches the shard that owns its rows even if pool sizes changed)."""
    steps = (
        opening_step(),
        Step("onboard", lambda r: "onboarding",
             lambda r: NormalizeBrief(campaign_id=c.cid(r),
                                      brief=CampaignBrief.model_validate(r.input["brief"])),
             _onboarded, lambda r, why: DiscardBrief(campaign_id=c.cid(r), reason=why)),
        Step("strategy", lambda r: "strategy",
             lambda r: GenerateStrategy(campaign_id=c.cid(r), brief=c.brief(r),
                                        seed=r.input["seed"]),
             lambda r, res: Verdict(states=(S.STRATEGY_GENERATED,)),
             lambda r, why: DiscardStrategy(campaign_id=c.cid(r), reason=why)),
        Step("approve", lambda r: "strategy",
             lambda r: ApproveStrategy(campaign_id=c.cid(r),
                                       strategy_id=c.strategy(r).strategy_id,
                                       approved_by=AUTO_APPROVER),
             lambda r, res: Verdict(states=(S.STRATEGY_APPROVED, S.CAMPAIGN_DEFINED))),
        Step("produce", c.production,
             lambda r: ProduceAssets(
                 campaign_id=c.cid(r), brief=c.brief(r),
                 strategy_id=c.strategy(r).strategy_id, strategy_version=c.strategy(r).version,
                 strategy=c.strategy(r).strategy, seed=r.input["seed"]),
             lambda r, res: Verdict(states=(S.CREATIVE_GENERATED,)), c.discard_assets),
        Step("qc", c.qc_shard, lambda r: c.evaluate(r, 0), c.evaluated, c.discard_evaluation),
        *c.revision_steps(),
        *review_steps(),
        *closing_steps(),
    )
    return SagaDefinition(
        steps=steps, initial_state=S.CREATED, transitions=TRANSITIONS,
        compensated=(S.COMPENSATED, Outcome.COMPENSATED),
        compensation_failed=(S.COMPENSATION_FAILED, Outcome.COMPENSATION_FAILED),
        cancelled=(S.CANCELLED, Outcome.CANCELLED),
        rejected=(S.CANCELLED, Outcome.REJECTED),
        summarize=_summarize, check_input=_check_input)
