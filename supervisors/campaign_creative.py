"""The creative half of the campaign saga: produce, QC, and the revision rounds after a
failed QC. Also the readers every later step uses: the brief, the strategy, and the
latest creative and QC report, whichever step produced them."""

from __future__ import annotations

from typing import Any

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
from contracts.strategy import StrategyGenerated
from supervisors.project import ProjectState
from supervisors.saga import SagaRun, Step, Verdict

S = ProjectState
MAX_ROUNDS = 5  # the most revision rounds a batch may ask for (SubmitBatch.qc_rounds)
MAX_CHANGE_ROUNDS = 3  # the most times a client may send the creative back for changes

# Steps that write creative, and steps that report on it, in the order they can run: the
# latest one present in a saga's results is the current creative / report.
CREATIVE_STEPS = ("produce", *(f"revise_{k}" for k in range(1, MAX_ROUNDS + 1)),
                  *(f"amend_{r}" for r in range(MAX_CHANGE_ROUNDS)))
REPORT_STEPS = ("qc", *(f"qc_{k}" for k in range(1, MAX_ROUNDS + 1)),
                *(f"recheck_{r}" for r in range(MAX_CHANGE_ROUNDS)))


def cid(run: SagaRun) -> str:
    return run.saga_id


def brief(run: SagaRun) -> Any:
    return run.results["onboard"].brief


def strategy(run: SagaRun) -> StrategyGenerated:
    return run.results["strategy"]


def qc_rounds_done(run: SagaRun) -> int:
    return sum(1 for k in range(1, MAX_ROUNDS + 1) if f"revise_{k}" in run.results)


def revisions_done(run: SagaRun) -> int:
    """Every revision so far: after failed QCs and after the client's change requests."""
    return sum(1 for name in CREATIVE_STEPS[1:] if name in run.results)


def creative(run: SagaRun) -> Any:
    """The latest creative: the last revision's, or production's first set."""
    return run.results[next(s for s in reversed(CREATIVE_STEPS) if s in run.results)]


def report(run: SagaRun) -> QcReport:
    return run.results[next(s for s in reversed(REPORT_STEPS) if s in run.results)].report


def evaluate(run: SagaRun, round_: int) -> EvaluateAssets:
    latest = creative(run)
    return EvaluateAssets(campaign_id=cid(run), brand=brief(run).brand, brief=brief(run),
                          strategy=strategy(run).strategy, assets=latest.assets,
                          calendar=latest.calendar, round=round_)


def revise(run: SagaRun, findings: list[Finding]) -> ReviseAssets:
    doc = strategy(run)
    return ReviseAssets(campaign_id=cid(run), brief=brief(run), strategy_id=doc.strategy_id,
                        strategy_version=doc.version, strategy=doc.strategy,
                        seed=run.input["seed"], round=revisions_done(run) + 1,
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
    if qc.round < run.input.get("qc_rounds", 2):
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


def production(run: SagaRun) -> str:
    return run.input["routes"]["production"]


def qc_shard(run: SagaRun) -> str:
    return run.input["routes"]["qc"]


def discard_assets(run: SagaRun, why: str) -> DiscardAssets:
    return DiscardAssets(campaign_id=cid(run), reason=why)


def discard_evaluation(run: SagaRun, why: str) -> DiscardEvaluation:
    return DiscardEvaluation(campaign_id=cid(run), reason=why)


def revision_steps() -> list[Step]:
    """The QC revision loop, unrolled: revise_k and qc_k run while QC fails and rounds
    remain, so every round has its own step name, message ids and log rows."""
    steps = []
    for k in range(1, MAX_ROUNDS + 1):
        steps.append(Step(
            f"revise_{k}", production, lambda r: revise(r, qc_findings(r)),
            lambda r, res: Verdict(states=(S.CREATIVE_GENERATED,)), discard_assets,
            when=lambda r, k=k: (qc_rounds_done(r) == k - 1
                                 and report(r).status is QcStatus.FAIL
                                 and k <= r.input.get("qc_rounds", 2))))
        steps.append(Step(
            f"qc_{k}", qc_shard, lambda r, k=k: evaluate(r, k), evaluated, discard_evaluation,
            when=lambda r, k=k: f"revise_{k}" in r.results))
    return steps
