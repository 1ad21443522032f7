"""The ends of the campaign saga: the campaign record at client acquisition first, and
after the client approves: the pack, QC's check of the pack as rendered, the invoice, the
follow-ups, and closing the record."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

from contracts.billing import IssueInvoice, VoidInvoice
from contracts.cam import CancelCampaign, CompleteCampaign, RegisterCampaign
from contracts.delivery import BuildPack, PackBuilt, RevokePack
from contracts.qc import DiscardPackCheck, EvaluatePack, PackEvaluated, QcStatus
from contracts.retention import CancelFollowUps, ScheduleFollowUps
from contracts.supervisor import Outcome
from supervisors.campaign_creative import blockers
from supervisors.campaign_reads import (
    brief,
    campaign_id,
    creative,
    input_of,
    report,
    review_days,
    revisions_done,
    strategy,
)
from supervisors.project import ProjectState
from supervisors.saga import SagaRun, Step, Verdict

S = ProjectState


def register(run: SagaRun) -> RegisterCampaign:
    given = input_of(run)
    submitted = given.campaign_brief()
    return RegisterCampaign(campaign_id=campaign_id(run), batch_id=given.batch_id,
                            client_name=submitted.client_name, brand=submitted.brand,
                            lead_id=given.deal.lead_id, deal_id=given.deal.deal_id)


def pack(run: SagaRun) -> BuildPack:
    doc, latest, given = strategy(run), creative(run), input_of(run)
    return BuildPack(campaign_id=campaign_id(run), out_dir=given.out_dir,
                     prepared_at=given.prepared_at, seed=given.seed, brief=brief(run),
                     strategy_id=doc.strategy_id, strategy_version=doc.version,
                     strategy=doc.strategy, assets=latest.assets,
                     calendar=latest.calendar, hashtag_sets=latest.hashtag_sets,
                     generator=latest.generator,
                     formats=given.pack_formats, qc=report(run))


def check_pack(run: SagaRun) -> EvaluatePack:
    built: PackBuilt = run.results["pack"]
    return EvaluatePack(campaign_id=campaign_id(run), pack_dir=built.pack_dir,
                        files=built.files, brief=brief(run), strategy=strategy(run).strategy)


def pack_checked(run: SagaRun, result: PackEvaluated) -> Verdict:
    """A pack with a blocker is not delivered: the unwind revokes it, and the reason names
    the file and the phrase. Nothing here can fix it; a person decides what next."""
    qc = result.report
    if qc.status is QcStatus.FAIL:
        return Verdict(failure=f"pack check failed (score {qc.score}): {blockers(qc)}")
    # A saga logged before this step existed entered DELIVERED at the pack step.
    return Verdict(states=() if run.state == S.DELIVERED else (S.DELIVERED,))


def deliverables(run: SagaRun) -> dict[str, int]:
    """What was delivered, as billing's rate card counts it: one strategy, the calendar,
    and each asset by channel."""
    latest = creative(run)
    counts = Counter(a.channel.value for a in latest.assets)
    return {"strategy": 1, "calendar": 1 if latest.calendar else 0, **counts}


def invoice(run: SagaRun) -> IssueInvoice:
    normalized = brief(run)
    return IssueInvoice(campaign_id=campaign_id(run), client_id=normalized.client_id,
                        client_name=normalized.client_name, currency=normalized.currency,
                        geography=normalized.geography, country_code=normalized.country_code,
                        deliverables=deliverables(run),
                        revision_rounds=revisions_done(run), out_dir=input_of(run).out_dir)


def campaign_end(run: SagaRun) -> date:
    normalized = brief(run)
    return normalized.start_date + timedelta(weeks=normalized.duration_weeks)


def follow_ups(run: SagaRun) -> ScheduleFollowUps:
    normalized, doc = brief(run), strategy(run).strategy
    # Delivery time is when the pack step finished, as logged: a resumed saga sends the
    # same command.
    delivered_at = datetime.fromisoformat(run.timings["pack"][1] or run.timings["pack"][0])
    return ScheduleFollowUps(
        campaign_id=campaign_id(run), client_id=normalized.client_id,
        client_name=normalized.client_name, delivered_at=delivered_at,
        contract_end=input_of(run).deal.contract_end,
        campaign_start=normalized.start_date, campaign_end=campaign_end(run),
        channels_used=[plan.channel for plan in doc.channel_plan],
        channels_unavailable=list(doc.constraints.unavailable_channels),
        revision_rounds=revisions_done(run), review_days=review_days(run),
        qc_score=report(run).score)


def opening_step() -> Step:
    return Step(name="register", module="cam", command=register,
                interpret=lambda run, res: Verdict(),
                compensation=lambda run, why: CancelCampaign(campaign_id=campaign_id(run),
                                                             reason=why))


def closing_steps() -> list[Step]:
    return [
        # The pack is DELIVERED once QC has checked it as rendered (pack_check).
        Step(name="pack", module="delivery", pooled=True, command=pack,
             interpret=lambda run, res: Verdict(),
             compensation=lambda run, why: RevokePack(
                 campaign_id=campaign_id(run), out_dir=input_of(run).out_dir, reason=why)),
        Step(name="pack_check", module="qc", pooled=True, command=check_pack,
             interpret=pack_checked,
             compensation=lambda run, why: DiscardPackCheck(campaign_id=campaign_id(run),
                                                            reason=why)),
        Step(name="invoice", module="billing", command=invoice,
             interpret=lambda run, res: Verdict(states=(S.INVOICED,)),
             compensation=lambda run, why: VoidInvoice(
                 campaign_id=campaign_id(run), reason=why, out_dir=input_of(run).out_dir)),
        Step(name="follow_ups", module="retention", command=follow_ups,
             interpret=lambda run, res: Verdict(states=(S.IN_RETENTION,)),
             compensation=lambda run, why: CancelFollowUps(campaign_id=campaign_id(run),
                                                           reason=why)),
        Step(name="complete", module="cam",
             command=lambda run: CompleteCampaign(campaign_id=campaign_id(run)),
             interpret=lambda run, res: Verdict(states=(S.COMPLETED,),
                                                outcome=Outcome.DELIVERED)),
    ]
