"""The ends of the campaign saga: the campaign record at client acquisition first, and
after the client approves: the pack, QC's check of the pack as rendered, the invoice, the
follow-ups, and closing the record."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

from contracts.billing import IssueInvoice, VoidInvoice
from contracts.brief import CampaignBrief
from contracts.cam import CancelCampaign, CompleteCampaign, RegisterCampaign
from contracts.delivery import BuildPack, PackBuilt, RevokePack
from contracts.qc import DiscardPackCheck, EvaluatePack, PackEvaluated, QcStatus
from contracts.retention import CancelFollowUps, ScheduleFollowUps
from contracts.supervisor import Outcome
from supervisors import campaign_creative as c
from supervisors.campaign_review import review_days
from supervisors.project import ProjectState
from supervisors.saga import SagaRun, Step, Verdict

S = ProjectState


def register(run: SagaRun) -> RegisterCampaign:
    brief = CampaignBrief.model_validate(run.input["brief"])
    deal = run.input.get("deal", {})
    return RegisterCampaign(campaign_id=c.cid(run), batch_id=run.input["batch_id"],
                            client_name=brief.client_name, brand=brief.brand,
                            lead_id=deal.get("lead_id"), deal_id=deal.get("deal_id"))


def pack(run: SagaRun) -> BuildPack:
    doc, latest = c.strategy(run), c.creative(run)
    return BuildPack(campaign_id=c.cid(run), out_dir=run.input["out_dir"],
                     prepared_at=datetime.fromisoformat(run.input["prepared_at"]),
                     seed=run.input["seed"], brief=c.brief(run),
                     strategy_id=doc.strategy_id, strategy_version=doc.version,
                     strategy=doc.strategy, assets=latest.assets,
                     calendar=latest.calendar, hashtag_sets=latest.hashtag_sets,
                     generator=latest.generator,
                     formats=run.input.get("pack_formats", "full"), qc=c.report(run))


def check_pack(run: SagaRun) -> EvaluatePack:
    built: PackBuilt = run.results["pack"]
    return EvaluatePack(campaign_id=c.cid(run), pack_dir=built.pack_dir, files=built.files,
                        brief=c.brief(run), strategy=c.strategy(run).strategy)


def pack_checked(run: SagaRun, result: PackEvaluated) -> Verdict:
    """A pack with a blocker is not delivered: the unwind revokes it, and the reason names
    the file and the phrase. Nothing here can fix it; a person decides what next."""
    qc = result.report
    if qc.status is QcStatus.FAIL:
        return Verdict(failure=f"pack check failed (score {qc.score}): {c.blockers(qc)}")
    # A saga logged before this step existed entered DELIVERED at the pack step.
    return Verdict(states=() if run.state == S.DELIVERED else (S.DELIVERED,))


def deliverables(run: SagaRun) -> dict[str, int]:
    """What was delivered, as billing's rate card counts it: one strategy, the calendar,
    and each asset by channel."""
    latest = c.creative(run)
    counts = Counter(a.channel.value for a in latest.assets)
    return {"strategy": 1, "calendar": 1 if latest.calendar else 0, **counts}


def invoice(run: SagaRun) -> IssueInvoice:
    brief = c.brief(run)
    return IssueInvoice(campaign_id=c.cid(run), client_id=brief.client_id,
                        client_name=brief.client_name, currency=brief.currency,
                        geography=brief.geography, country_code=brief.country_code,
                        deliverables=deliverables(run),
                        revision_rounds=c.revisions_done(run), out_dir=run.input["out_dir"])


def campaign_end(run: SagaRun) -> date:
    brief = c.brief(run)
    return brief.start_date + timedelta(weeks=brief.duration_weeks)


def follow_ups(run: SagaRun) -> ScheduleFollowUps:
    brief, doc = c.brief(run), c.strategy(run).strategy
    # Delivery time is when the pack step finished, as logged: a resumed saga sends the
    # same command.
    delivered_at = datetime.fromisoformat(run.timings["pack"][1] or run.timings["pack"][0])
    contract_end = run.input.get("deal", {}).get("contract_end")
    return ScheduleFollowUps(
        campaign_id=c.cid(run), client_id=brief.client_id, client_name=brief.client_name,
        delivered_at=delivered_at,
        contract_end=date.fromisoformat(contract_end) if contract_end else None,
        campaign_start=brief.start_date, campaign_end=campaign_end(run),
        channels_used=[plan.channel for plan in doc.channel_plan],
        channels_unavailable=list(doc.constraints.unavailable_channels),
        revision_rounds=c.revisions_done(run), review_days=review_days(run),
        qc_score=c.report(run).score)


def _pool(name: str) -> Any:
    return lambda run: run.input["routes"][name]


def opening_step() -> Step:
    return Step("register", lambda run: "cam", register, lambda run, res: Verdict(),
                lambda run, why: CancelCampaign(campaign_id=c.cid(run), reason=why))


def closing_steps() -> list[Step]:
    return [
        # The pack is DELIVERED once QC has checked it as rendered (pack_check).
        Step("pack", _pool("delivery"), pack, lambda run, res: Verdict(),
             lambda run, why: RevokePack(campaign_id=c.cid(run), out_dir=run.input["out_dir"],
                                         reason=why)),
        Step("pack_check", c.qc_shard, check_pack, pack_checked,
             lambda run, why: DiscardPackCheck(campaign_id=c.cid(run), reason=why)),
        Step("invoice", lambda run: "billing", invoice,
             lambda run, res: Verdict(states=(S.INVOICED,)),
             lambda run, why: VoidInvoice(campaign_id=c.cid(run), reason=why,
                                          out_dir=run.input["out_dir"])),
        Step("follow_ups", lambda run: "retention", follow_ups,
             lambda run, res: Verdict(states=(S.IN_RETENTION,)),
             lambda run, why: CancelFollowUps(campaign_id=c.cid(run), reason=why)),
        Step("complete", lambda run: "cam",
             lambda run: CompleteCampaign(campaign_id=c.cid(run)),
             lambda run, res: Verdict(states=(S.COMPLETED,), outcome=Outcome.DELIVERED)),
    ]
