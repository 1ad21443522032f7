"""Per-contract factories for the wire codec tests: one filled-in instance of every contract.

FACTORIES must cover every contract the registry knows (test_codec_roundtrip checks it), with
decimals, dates and non-UTC datetimes that a frame has to carry intact.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

from contracts import registry
from contracts.brief import CampaignBrief, NormalizedBrief
from contracts.common import Channel, Contract, Severity
from contracts.delivery import (
    BuildPack,
    GetPack,
    PackBuilt,
    PackFile,
    PackRevoked,
    PackView,
    RevokePack,
)
from contracts.onboarding import (
    BriefDiscarded,
    BriefNormalized,
    BriefRejected,
    BriefView,
    DiscardBrief,
    GetBrief,
    NormalizeBrief,
)
from contracts.production import (
    Asset,
    AssetMeasure,
    AssetsDiscarded,
    AssetsProduced,
    AssetsRevised,
    AssetsView,
    CalendarEntry,
    DiscardAssets,
    Finding,
    GetAssets,
    ProduceAssets,
    ReviseAssets,
)
from contracts.qc import (
    AssetsEvaluated,
    CheckStatus,
    DiscardEvaluation,
    DiscardPackCheck,
    EvaluateAssets,
    EvaluatePack,
    EvaluationDiscarded,
    EvaluationView,
    GetEvaluation,
    GetPackCheck,
    PackCheckDiscarded,
    PackEvaluated,
    QcCheck,
    QcReport,
    QcStatus,
)
from contracts.strategy import (
    ApproveStrategy,
    ChannelPlan,
    DiscardStrategy,
    GenerateStrategy,
    GetStrategy,
    Kpi,
    Milestone,
    StrategyApproved,
    StrategyDiscarded,
    StrategyDoc,
    StrategyGenerated,
    StrategyView,
)
from tests.support import T0, brief_dict, strategy_doc
from tests.unit.factories import (
    CEST,
    CID,
    batches,
    billing,
    cam,
    client_review,
    desk,
    housekeeping,
    reporting,
    retention,
)


def brief() -> NormalizedBrief:
    return NormalizedBrief(
        client_id="northwind-analytics", client_name="Northwind Analytics", brand="Northwind",
        website="https://northwind.io", domain="northwind.io", industry="b2b saas",
        regulated=False, geography="United States", offer="Usage-based analytics",
        target_audience="Heads of data", objectives=["Generate qualified leads"],
        channels=[Channel.LINKEDIN, Channel.EMAIL], budget=Decimal("40000.50"), currency="USD",
        tone="confident", start_date=date(2027, 2, 1), duration_weeks=8, compliance_notes="")


def doc() -> StrategyDoc:
    """All eight sections, with money and targets that must keep their decimal places."""
    base = strategy_doc()
    return StrategyDoc.model_validate({
        **base.model_dump(),
        "channel_plan": [
            ChannelPlan(channel=Channel.LINKEDIN, role="lead", tactics=["carousel"],
                        cadence="3 a week", budget_share_pct=Decimal("66.67"),
                        budget=Decimal("26667.00"), posts_per_week=3),
            ChannelPlan(channel=Channel.EMAIL, role="nurture", budget_share_pct=Decimal("33.33"),
                        budget=Decimal("13333.50"), posts_per_week=1),
        ],
        "measurement": base.measurement.model_copy(update={
            "kpis": [Kpi(name="Demos", target=Decimal("120.5"), unit="demos",
                         timeframe_weeks=8, kind="lagging")],
            "leading_indicators": ["demo page visits"], "review_cadence": "weekly"}),
        "timeline": [Milestone(week=1, on=date(2027, 2, 1), name="Launch"),
                     Milestone(week=8, on=date(2027, 3, 22), name="Wrap-up")],
        "constraints": base.constraints.model_copy(
            update={"excluded_channels": ["instagram: not in the plan"]}),
    })


def asset() -> Asset:
    return Asset(asset_id="a-1", channel=Channel.EMAIL, kind="email", subject="Month-end, sorted",
                 preheader="Close in days", body="Book a demo today. #Northwind",
                 hook="Month-end, sorted.", hashtags=["#Northwind"], cta="Book a demo",
                 pillar="Speed", strategy_id="s-1", strategy_version=2, sequence=1)


def ad() -> Asset:
    return Asset(asset_id="a-2", channel=Channel.GOOGLE_ADS, kind="ad",
                 headlines=["Month-end in days", "Northwind analytics"],
                 descriptions=["Book a demo and see your own data in a day."],
                 body="Book a demo", cta="Book a demo", pillar="Control")


def calendar() -> list[CalendarEntry]:
    return [CalendarEntry(day=date(2027, 2, 1), channel=Channel.EMAIL, asset_id="a-1",
                          hook="Month-end, sorted.")]


def finding() -> Finding:
    return Finding(check_id="cta", asset_id="a-1", severity=Severity.MINOR,
                   evidence="weak verb", fix="lead with the verb")


def report() -> QcReport:
    return QcReport(status=QcStatus.WARN, score=92, round=1, checks=[
        QcCheck(check_id="cta", asset_id="a-1", severity=Severity.MINOR,
                status=CheckStatus.FAIL, evidence="weak verb", fix="lead with the verb"),
        QcCheck(check_id="readability", asset_id="a-1", severity=Severity.MINOR,
                status=CheckStatus.WARN, evidence="long sentences", fix="split them"),
        QcCheck(check_id="duplicate", asset_id=None, severity=Severity.BLOCKER,
                status=CheckStatus.PASS, evidence="no duplicates")])


def pack_file() -> PackFile:
    return PackFile(path="channels/linkedin.md", sha256="ab" * 32, bytes=1234,
                    media_type="text/markdown")


FACTORIES: dict[str, Callable[[], Contract]] = {
    # onboarding
    "NormalizeBrief": lambda: NormalizeBrief(
        campaign_id=CID, brief=CampaignBrief.model_validate(brief_dict(budget="40000.25"))),
    "DiscardBrief": lambda: DiscardBrief(campaign_id=CID, reason="qc failed"),
    "GetBrief": lambda: GetBrief(campaign_id=CID),
    "BriefNormalized": lambda: BriefNormalized(campaign_id=CID, brief=brief()),
    "BriefRejected": lambda: BriefRejected(campaign_id=CID, problems=["offer is a placeholder"]),
    "BriefDiscarded": lambda: BriefDiscarded(campaign_id=CID, was_live=True),
    "BriefView": lambda: BriefView(campaign_id=CID, status="live", brief=brief(), problems=[],
                                   updated_at=datetime(2027, 1, 4, 10, 30, tzinfo=CEST)),
    # strategy
    "GenerateStrategy": lambda: GenerateStrategy(campaign_id=CID, brief=brief(), seed=7),
    "ApproveStrategy": lambda: ApproveStrategy(campaign_id=CID, strategy_id="s-1",
                                               approved_by="client"),
    "DiscardStrategy": lambda: DiscardStrategy(campaign_id=CID, reason="qc failed"),
    "GetStrategy": lambda: GetStrategy(campaign_id=CID),
    "StrategyGenerated": lambda: StrategyGenerated(campaign_id=CID, strategy_id="s-1", version=1,
                                                   strategy=doc()),
    "StrategyApproved": lambda: StrategyApproved(
        campaign_id=CID, strategy_id="s-1", version=1, approved_by="client",
        approved_at=datetime(2027, 1, 4, 11, 15, 30, 123456, tzinfo=CEST)),
    "StrategyDiscarded": lambda: StrategyDiscarded(campaign_id=CID, versions_discarded=2),
    "StrategyView": lambda: StrategyView(campaign_id=CID, strategy_id="s-1", version=1,
                                         status="approved", strategy=doc(), approved_by="client",
                                         approved_at=T0),
    # production
    "ProduceAssets": lambda: ProduceAssets(campaign_id=CID, brief=brief(), strategy_id="s-1",
                                           strategy_version=2, strategy=doc(), seed=3),
    "DiscardAssets": lambda: DiscardAssets(campaign_id=CID, reason="qc failed"),
    "GetAssets": lambda: GetAssets(campaign_id=CID),
    "ReviseAssets": lambda: ReviseAssets(campaign_id=CID, brief=brief(), strategy_id="s-1",
                                         strategy_version=2, strategy=doc(), seed=3, round=1,
                                         findings=[finding()]),
    "AssetsProduced": lambda: AssetsProduced(
        campaign_id=CID, assets=[asset(), ad()], calendar=calendar(),
        hashtag_sets={"core": ["#Northwind"]}, generator="deterministic"),
    "AssetsRevised": lambda: AssetsRevised(
        campaign_id=CID, round=1, assets=[asset(), ad()], calendar=calendar(),
        hashtag_sets={"core": ["#Northwind"]}, changed=["a-1"]),
    "AssetsDiscarded": lambda: AssetsDiscarded(campaign_id=CID, assets_discarded=4),
    "AssetsView": lambda: AssetsView(
        campaign_id=CID, status="live", assets=[asset()], calendar=calendar(),
        measures={"a-1": [AssetMeasure(field="subject", length=17, limit=60)]}),
    # qc
    "EvaluateAssets": lambda: EvaluateAssets(
        campaign_id=CID, brand="Northwind", brief=brief(), strategy=doc(),
        assets=[asset(), ad()], calendar=calendar(), round=1),
    "DiscardEvaluation": lambda: DiscardEvaluation(campaign_id=CID, reason="client rejected"),
    "GetEvaluation": lambda: GetEvaluation(campaign_id=CID),
    "AssetsEvaluated": lambda: AssetsEvaluated(campaign_id=CID, report=report()),
    "EvaluationDiscarded": lambda: EvaluationDiscarded(campaign_id=CID, was_live=False),
    "EvaluationView": lambda: EvaluationView(campaign_id=CID, status="live", report=report()),
    "EvaluatePack": lambda: EvaluatePack(campaign_id=CID, pack_dir="/srv/packs/c-1",
                                         files=[pack_file()], brief=brief(), strategy=doc()),
    "PackEvaluated": lambda: PackEvaluated(campaign_id=CID, report=report()),
    "DiscardPackCheck": lambda: DiscardPackCheck(campaign_id=CID, reason="pack revoked"),
    "PackCheckDiscarded": lambda: PackCheckDiscarded(campaign_id=CID, was_live=True),
    "GetPackCheck": lambda: GetPackCheck(campaign_id=CID),
    # delivery
    "BuildPack": lambda: BuildPack(
        campaign_id=CID, out_dir="/srv/packs",
        prepared_at=datetime(2027, 1, 4, 11, 0, tzinfo=CEST), seed=7, brief=brief(),
        strategy_id="s-1", strategy_version=2, strategy=doc(), assets=[asset(), ad()],
        calendar=calendar(), hashtag_sets={"core": ["#Northwind"]}, generator="deterministic",
        formats="data", qc=report()),
    "RevokePack": lambda: RevokePack(campaign_id=CID, out_dir="/srv/packs",
                                     reason="invoice voided"),
    "GetPack": lambda: GetPack(campaign_id=CID),
    "PackBuilt": lambda: PackBuilt(campaign_id=CID, pack_dir="/srv/packs/c-1",
                                   zip_path="/srv/packs/c-1.zip", files=[pack_file()],
                                   manifest_sha256="cd" * 32),
    "PackRevoked": lambda: PackRevoked(campaign_id=CID, files_removed=5,
                                       kept=["/srv/packs/c-1.zip"]),
    "PackView": lambda: PackView(campaign_id=CID, status="delivered", pack_dir="/srv/packs/c-1",
                                 zip_path="/srv/packs/c-1.zip", files=[pack_file()],
                                 manifest_sha256="cd" * 32, updated_at=T0),
}


def all_contracts() -> dict[str, type[Contract]]:
    found = dict(registry.reply_types())
    for module in registry.modules():
        found.update(registry.accepted_by(module))
    return found


# The lifecycle modules' factory files also build nested models; only messages count here.
FACTORIES.update({name: make for module in (batches, cam, client_review, billing,
                                            retention, reporting, desk, housekeeping)
                  for name, make in module.FACTORIES.items() if name in all_contracts()})
