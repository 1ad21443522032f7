"""The campaign saga: which steps, which compensations, which project states.

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

from functools import cache
from typing import Any

from contracts.onboarding import BriefNormalized, BriefRejected, DiscardBrief, NormalizeBrief
from contracts.production import ProduceAssets
from contracts.strategy import ApproveStrategy, DiscardStrategy, GenerateStrategy
from contracts.supervisor import Outcome
from supervisors import campaign_creative as c
from supervisors.campaign_close import closing_steps, opening_step
from supervisors.campaign_reads import (
    brief,
    campaign_id,
    decisions,
    input_of,
    read_input,
    report,
    revisions_done,
    salvage_input,
    strategy,
)
from supervisors.campaign_review import review_steps
from supervisors.project import TRANSITIONS, ProjectState
from supervisors.saga import SagaDefinition, SagaRun, Step, Verdict

S = ProjectState
AUTO_APPROVER = "policy:auto-approve"


def _onboarded(run: SagaRun, result: Any) -> Verdict:
    if isinstance(result, BriefRejected):
        return c.rejected_at_intake("brief rejected: " + "; ".join(result.problems))
    assert isinstance(result, BriefNormalized)
    return Verdict(states=(S.INTAKE_COMPLETE,))


def _summarize(run: SagaRun) -> dict[str, Any]:
    """Facts kept with a finished saga: what progress views and reporting need."""
    summary: dict[str, Any] = {"revision_rounds": revisions_done(run),
                               "review_rounds": len(decisions(run)),
                               "undone": sorted(run.undone), "timings": run.timings,
                               "attempts": {step: n for (step, kind), n in run.attempts.items()
                                            if kind == "do"}}
    if isinstance(run.results.get("onboard"), BriefNormalized):
        summary["client_id"] = brief(run).client_id
        summary["client_name"] = brief(run).client_name
    if "qc" in run.results:
        summary["qc_score"] = report(run).score
    if "pack" in run.results and run.outcome == Outcome.DELIVERED:
        summary["pack_dir"] = run.results["pack"].pack_dir
        summary["zip_path"] = run.results["pack"].zip_path
    if "invoice" in run.results and run.outcome == Outcome.DELIVERED:
        issued = run.results["invoice"].invoice
        summary["invoice"] = {"total": str(issued.total), "currency": issued.currency}
    return summary


def _creation_steps() -> tuple[Step, ...]:
    return (
        Step(name="onboard", module="onboarding",
             command=lambda r: NormalizeBrief(campaign_id=campaign_id(r),
                                              brief=input_of(r).campaign_brief()),
             interpret=_onboarded,
             compensation=lambda r, why: DiscardBrief(campaign_id=campaign_id(r), reason=why)),
        Step(name="strategy", module="strategy",
             command=lambda r: GenerateStrategy(campaign_id=campaign_id(r), brief=brief(r),
                                                seed=input_of(r).seed),
             interpret=lambda r, res: Verdict(states=(S.STRATEGY_GENERATED,)),
             compensation=lambda r, why: DiscardStrategy(campaign_id=campaign_id(r),
                                                         reason=why)),
        Step(name="approve", module="strategy",
             command=lambda r: ApproveStrategy(campaign_id=campaign_id(r),
                                               strategy_id=strategy(r).strategy_id,
                                               approved_by=AUTO_APPROVER),
             interpret=lambda r, res: Verdict(states=(S.STRATEGY_APPROVED,
                                                      S.CAMPAIGN_DEFINED))),
        Step(name="produce", module="production", pooled=True,
             command=lambda r: ProduceAssets(
                 campaign_id=campaign_id(r), brief=brief(r),
                 strategy_id=strategy(r).strategy_id, strategy_version=strategy(r).version,
                 strategy=strategy(r).strategy, seed=input_of(r).seed),
             interpret=lambda r, res: Verdict(states=(S.CREATIVE_GENERATED,)),
             compensation=c.discard_assets),
        Step(name="qc", module="qc", pooled=True, command=lambda r: c.evaluate(r, 0),
             interpret=c.evaluated, compensation=c.discard_evaluation),
    )


@cache
def campaign_saga() -> SagaDefinition:
    """The saga definition. Shard destinations come from the saga's input (fixed at intake,
    so a resumed saga reaches the shard that owns its rows even if pool sizes changed)."""
    steps = (opening_step(), *_creation_steps(), *c.revision_steps(), *review_steps(),
             *closing_steps())
    return SagaDefinition(
        steps=steps, initial_state=S.CREATED, transitions=TRANSITIONS,
        compensated=(S.COMPENSATED, Outcome.COMPENSATED),
        compensation_failed=(S.COMPENSATION_FAILED, Outcome.COMPENSATION_FAILED),
        cancelled=(S.CANCELLED, Outcome.CANCELLED),
        rejected=(S.CANCELLED, Outcome.REJECTED),
        summarize=_summarize, read_input=read_input, salvage_input=salvage_input,
        shard_of=lambda run, pool: str(input_of(run).shard(pool)))

