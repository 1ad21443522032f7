"""The creative half of the campaign saga: QC, and the revision rounds after a failed QC
(each round a revise step and a QC step), and the commands they send."""

from __future__ import annotations

from functools import partial

from contracts.production import DiscardAssets, Finding, ReviseAssets
from contracts.qc import (
    STRATEGY_TARGET,
    AssetsEvaluated,
    DiscardEvaluation,
    EvaluateAssets,
    QcCheck,
    QcReport,
    QcStatus,
)
from contracts.supervisor import MAX_QC_ROUNDS
from supervisors.campaign_reads import (
    brief,
    campaign_id,
    creative,
    input_of,
    qc_rounds_done,
    report,
    revisions_done,
    strategy,
)
from supervisors.project import ProjectState
from supervisors.saga import SagaRun, Step, Verdict

S = ProjectState


def evaluate(run: SagaRun, round_: int) -> EvaluateAssets:
    latest = creative(run)
    return EvaluateAssets(campaign_id=campaign_id(run), brand=brief(run).brand, brief=brief(run),
                          strategy=strategy(run).strategy, assets=latest.assets,
                          calendar=latest.calendar, round=round_)


def revise(run: SagaRun, findings: list[Finding]) -> ReviseAssets:
    doc = strategy(run)
    return ReviseAssets(campaign_id=campaign_id(run), brief=brief(run), strategy_id=doc.strategy_id,
                        strategy_version=doc.version, strategy=doc.strategy,
                        seed=input_of(run).seed, round=revisions_done(run) + 1,
                        findings=findings)


def qc_findings(run: SagaRun) -> list[Finding]:
    """The failed checks production can act on: the creative's. (A strategy blocker ends the
    campaign before any revision; see `evaluated`.)"""
    return [Finding(check_id=c.check_id, asset_id=c.asset_id, severity=c.severity,
                    evidence=c.evidence, fix=c.fix) for c in report(run).failures
            if not (c.asset_id or "").startswith(STRATEGY_TARGET)]


def evaluated(run: SagaRun, result: AssetsEvaluated) -> Verdict:
    qc = result.report
    if qc.status is not QcStatus.FAIL:
        return Verdict(states=(S.QC_APPROVED,))
    if qc.strategy_blockers:  # production revises assets only: rounds would all fail alike
        return Verdict(states=(S.QC_FAILED,), failure=(
            f"qc failed on the strategy document, which no revision of the creative changes "
            f"(score {qc.score}): {blockers(qc, qc.strategy_blockers)}"))
    if qc.round < input_of(run).qc_rounds:
        return Verdict(states=(S.QC_FAILED,))  # the next revise step takes the findings
    when = f"after revision round {qc.round}" if qc.round else "on the first draft"
    return Verdict(states=(S.QC_FAILED,), failure=(
        f"qc failed {when} (score {qc.score}): {blockers(qc)}"))


def blockers(qc: QcReport, among: list[QcCheck] | None = None) -> str:
    """The first few blockers (of `among`, else of the report) say why; the whole list is
    in the QC report and the log."""
    found = qc.blockers if among is None else among
    shown = found[:3]
    text = "; ".join(f"{c.check_id}@{c.asset_id}: {c.evidence}" for c in shown)
    more = len(found) - len(shown)
    return text + (f"; and {more} more in the QC report" if more > 0 else "")


def rejected_at_intake(reason: str) -> Verdict:
    return Verdict(failure=reason, rejected=True)


def discard_assets(run: SagaRun, why: str) -> DiscardAssets:
    return DiscardAssets(campaign_id=campaign_id(run), reason=why)


def discard_evaluation(run: SagaRun, why: str) -> DiscardEvaluation:
    return DiscardEvaluation(campaign_id=campaign_id(run), reason=why)


def _revision_due(run: SagaRun, k: int) -> bool:
    """Round k revises when round k-1's QC failed and the batch allows k rounds."""
    return (qc_rounds_done(run) == k - 1 and report(run).status is QcStatus.FAIL
            and k <= input_of(run).qc_rounds)


def _revised(run: SagaRun, k: int) -> bool:
    return f"revise_{k}" in run.results


def revision_steps() -> list[Step]:
    """The QC revision loop, unrolled: revise_k and qc_k run while QC fails and rounds
    remain, so every round has its own step name, message ids and log rows."""
    steps = []
    for k in range(1, MAX_QC_ROUNDS + 1):
        steps.append(Step(
            name=f"revise_{k}", module="production", pooled=True,
            command=lambda r: revise(r, qc_findings(r)),
            interpret=lambda r, res: Verdict(states=(S.CREATIVE_GENERATED,)),
            compensation=discard_assets, when=partial(_revision_due, k=k)))
        steps.append(Step(
            name=f"qc_{k}", module="qc", pooled=True, command=partial(evaluate, round_=k),
            interpret=evaluated, compensation=discard_evaluation,
            when=partial(_revised, k=k)))
    return steps
