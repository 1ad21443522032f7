"""Client review in the campaign saga: open a round, wait for the client, and on changes
requested revise, check again and open the next round.

Round r is four steps: review_r (RequestReview; compensated by WithdrawReview),
feedback_r (a wait step: it asks client_review for the decision and parks the saga while
there is none), then on changes requested amend_r (production revises what the client
named) and recheck_r (QC again). The wait holds no task: a parked saga lives only in the
saga log and in client_review's database, so it survives restarts of every actor.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from typing import Any

from contracts.client_review import (
    ChangeKind,
    GetReviewDecision,
    PreviewItem,
    RequestedChange,
    RequestReview,
    ReviewDecision,
    ReviewStatus,
    WithdrawReview,
)
from contracts.common import Severity
from contracts.production import Asset, Finding
from contracts.qc import AssetsEvaluated, QcStatus
from supervisors import campaign_creative as c
from supervisors.campaign_reads import (
    MAX_CHANGE_ROUNDS,
    brief,
    campaign_id,
    creative,
    report,
    review_settings,
    revisions_done,
)
from supervisors.project import ProjectState
from supervisors.saga import SagaRun, Step, Verdict

S = ProjectState
REVIEW = "client_review"


def _preview(asset: Asset) -> PreviewItem:
    headline = (asset.hook or asset.title or asset.subject
                or (asset.headlines[0] if asset.headlines else "") or asset.body.split("\n")[0])
    excerpt = " ".join(asset.body.split())
    return PreviewItem(asset_id=asset.asset_id, channel=asset.channel, headline=headline[:200],
                       excerpt=excerpt[:280])


def request(run: SagaRun, round_: int) -> RequestReview:
    # The deadline counts from when this step began (logged), so a resumed saga sends the
    # same command; client_review keeps the first one anyway (same message id).
    began = datetime.fromisoformat(run.timings[f"review_{round_}"][0])
    settings = review_settings(run)
    return RequestReview(
        campaign_id=campaign_id(run), round=round_, client_id=brief(run).client_id,
        client_name=brief(run).client_name, qc_score=report(run).score,
        preview=[_preview(a) for a in creative(run).assets],
        due_at=began + timedelta(days=float(settings.days)), policy=settings.policy)


def decided(run: SagaRun, result: ReviewDecision, round_: int) -> Verdict:
    status = result.status
    if status is ReviewStatus.PENDING:
        return Verdict(wait=True)
    if status is ReviewStatus.APPROVED:
        return Verdict(states=(S.CLIENT_APPROVED,))
    if status is ReviewStatus.CHANGES_REQUESTED:
        if round_ >= MAX_CHANGE_ROUNDS:
            return Verdict(failure=f"client review: changes requested in round {round_}, "
                                   f"past the {MAX_CHANGE_ROUNDS} change rounds a campaign "
                                   f"allows")
        return Verdict(states=(S.CHANGES_REQUESTED,))
    who = result.reviewer or "the client"
    note = f": {result.note}" if result.note else ""
    return Verdict(failure=f"client review: {status.value} by {who} in round {round_}{note}")


def client_findings(changes: list[RequestedChange]) -> list[Finding]:
    """The client's requests as findings production's reviser knows ("client.<kind>")."""
    findings = []
    for change in changes:
        quoted = f' "{change.phrase}"' if change.kind is ChangeKind.REMOVE_PHRASE else ""
        findings.append(Finding(
            check_id=f"client.{change.kind.value}", asset_id=change.asset_id,
            severity=Severity.MAJOR, evidence=f"client asked: {change.kind.value}{quoted}",
            fix=change.note or f"apply the client's {change.kind.value} request{quoted}"))
    return findings


def rechecked(run: SagaRun, result: AssetsEvaluated) -> Verdict:
    qc = result.report
    if qc.status is QcStatus.FAIL:
        return Verdict(states=(S.QC_FAILED,), failure=(
            f"qc failed on the client's requested changes (score {qc.score}): "
            f"{c.blockers(qc)}"))
    return Verdict(states=(S.QC_APPROVED,))


def _wants_changes(run: SagaRun, round_: int) -> bool:
    result = run.results.get(f"feedback_{round_}")
    return result is not None and result.status is ReviewStatus.CHANGES_REQUESTED


def _opens(run: SagaRun, round_: int) -> bool:
    return round_ == 0 or f"recheck_{round_ - 1}" in run.results


def _ask_decision(run: SagaRun, round_: int) -> GetReviewDecision:
    return GetReviewDecision(campaign_id=campaign_id(run), round=round_)


def _amend(run: SagaRun, round_: int) -> Any:
    return c.revise(run, client_findings(run.results[f"feedback_{round_}"].changes))


def _after(step: str, run: SagaRun) -> bool:
    return step in run.results


def review_steps() -> list[Step]:
    # Each round's callables are bound to it with partial (a lambda's default argument
    # would do the same, but hides the types from the checker).
    steps: list[Step] = []
    for r in range(MAX_CHANGE_ROUNDS + 1):
        steps += [
            Step(name=f"review_{r}", module=REVIEW, command=partial(request, round_=r),
                 interpret=lambda run, res: Verdict(states=(S.IN_CLIENT_REVIEW,)),
                 compensation=lambda run, why: WithdrawReview(campaign_id=campaign_id(run),
                                                              reason=why),
                 when=partial(_opens, round_=r)),
            Step(name=f"feedback_{r}", module=REVIEW,
                 command=partial(_ask_decision, round_=r),
                 interpret=partial(decided, round_=r),
                 when=partial(_after, f"review_{r}")),
        ]
        if r < MAX_CHANGE_ROUNDS:
            steps += [
                Step(name=f"amend_{r}", module="production", pooled=True,
                     command=partial(_amend, round_=r),
                     interpret=lambda run, res: Verdict(states=(S.CREATIVE_GENERATED,)),
                     compensation=c.discard_assets,
                     when=partial(_wants_changes, round_=r)),
                Step(name=f"recheck_{r}", module="qc", pooled=True,
                     command=lambda run: c.evaluate(run, revisions_done(run)),
                     interpret=rechecked, compensation=c.discard_evaluation,
                     when=partial(_after, f"amend_{r}")),
            ]
    return steps
