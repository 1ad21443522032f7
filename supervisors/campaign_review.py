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
from supervisors.project import ProjectState
from supervisors.saga import SagaRun, Step, Verdict

S = ProjectState
REVIEW = "client_review"
DEFAULT_REVIEW_DAYS = 5.0


def review_policy(run: SagaRun) -> dict[str, Any]:
    """The batch's review settings, as logged at intake."""
    return {"policy": "client", "days": DEFAULT_REVIEW_DAYS, "on_timeout": "escalate",
            **run.input.get("review", {})}


def decisions(run: SagaRun) -> list[ReviewDecision]:
    return [run.results[f"feedback_{r}"] for r in range(c.MAX_CHANGE_ROUNDS + 1)
            if f"feedback_{r}" in run.results]


def review_days(run: SagaRun) -> float:
    """Days the client took to decide, summed over the rounds."""
    spans = [(d.decided_at - d.requested_at).total_seconds() for d in decisions(run)
             if d.decided_at is not None]
    return round(sum(spans) / 86_400, 3)


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
    policy = review_policy(run)
    return RequestReview(
        campaign_id=c.cid(run), round=round_, client_id=c.brief(run).client_id,
        client_name=c.brief(run).client_name, qc_score=c.report(run).score,
        preview=[_preview(a) for a in c.creative(run).assets],
        due_at=began + timedelta(days=float(policy["days"])), policy=policy["policy"])


def decided(run: SagaRun, result: ReviewDecision, round_: int) -> Verdict:
    status = result.status
    if status is ReviewStatus.PENDING:
        return Verdict(wait=True)
    if status is ReviewStatus.APPROVED:
        return Verdict(states=(S.CLIENT_APPROVED,))
    if status is ReviewStatus.CHANGES_REQUESTED:
        if round_ >= c.MAX_CHANGE_ROUNDS:
            return Verdict(failure=f"client review: changes requested in round {round_}, "
                                   f"past the {c.MAX_CHANGE_ROUNDS} change rounds a campaign "
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


def review_steps() -> list[Step]:
    steps: list[Step] = []
    for r in range(c.MAX_CHANGE_ROUNDS + 1):
        opens = (lambda run: True) if r == 0 else (lambda run, r=r: f"recheck_{r - 1}" in
                                                   run.results)
        steps += [
            Step(f"review_{r}", lambda run: REVIEW, lambda run, r=r: request(run, r),
                 lambda run, res: Verdict(states=(S.IN_CLIENT_REVIEW,)),
                 lambda run, why: WithdrawReview(campaign_id=c.cid(run), reason=why),
                 when=opens),
            Step(f"feedback_{r}", lambda run: REVIEW,
                 lambda run, r=r: GetReviewDecision(campaign_id=c.cid(run), round=r),
                 lambda run, res, r=r: decided(run, res, r),
                 when=lambda run, r=r: f"review_{r}" in run.results),
        ]
        if r < c.MAX_CHANGE_ROUNDS:
            steps += [
                Step(f"amend_{r}", c.production, lambda run, r=r: c.revise(
                         run, client_findings(run.results[f"feedback_{r}"].changes)),
                     lambda run, res: Verdict(states=(S.CREATIVE_GENERATED,)),
                     c.discard_assets, when=lambda run, r=r: _wants_changes(run, r)),
                Step(f"recheck_{r}", c.qc_shard,
                     lambda run: c.evaluate(run, c.revisions_done(run)), rechecked,
                     c.discard_evaluation, when=lambda run, r=r: f"amend_{r}" in run.results),
            ]
    return steps

