"""The wire codec: every contract survives a frame, bad frames get one error type."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from pydantic import ValidationError

import contracts.codec as codec
from contracts import registry
from contracts.brief import CampaignBrief, NormalizedBrief
from contracts.codec import (
    CodecError,
    decode_replies,
    decode_request,
    decode_value,
    encode_replies,
    encode_request,
    encode_value,
    parse_envelope,
)
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
from contracts.envelope import Envelope, reply_to
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
    EvaluateAssets,
    EvaluationDiscarded,
    EvaluationView,
    GetEvaluation,
    QcCheck,
    QcReport,
    QcStatus,
)
from contracts.routing import shard_for
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
from contracts.supervisor import (
    BatchAccepted,
    BatchList,
    BatchView,
    CampaignOutcome,
    CampaignSubmission,
    CancelAccepted,
    CancelCampaigns,
    GetBatch,
    ListBatches,
    Outcome,
    SubmitBatch,
)
from tests.support import T0, brief_dict, envelope, strategy_doc

CID = "c-1"
CEST = timezone(timedelta(hours=2))  # a non-UTC offset: the instant must survive, not the tz


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


def batch_view() -> BatchView:
    return BatchView(
        batch_id="b-1", total=2, finished=1, counts={"delivered": 1, "in_flight": 1},
        states={"DELIVERED": 1, "QC_APPROVED": 1}, done=False, version=7,
        created_at=datetime(2027, 1, 4, 11, 0, tzinfo=CEST),
        campaigns=[CampaignOutcome(campaign_id=CID, state="DELIVERED", step=None,
                                   outcome=Outcome.DELIVERED, pack_dir="/packs/c-1", qc_score=91,
                                   started_at=T0, finished_at=T0 + timedelta(minutes=3))])


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
    "AssetsView": lambda: AssetsView(campaign_id=CID, status="live", assets=[asset()],
                                     calendar=calendar()),
    # qc
    "EvaluateAssets": lambda: EvaluateAssets(
        campaign_id=CID, brand="Northwind", brief=brief(), strategy=doc(),
        assets=[asset(), ad()], calendar=calendar(), round=1),
    "DiscardEvaluation": lambda: DiscardEvaluation(campaign_id=CID, reason="client rejected"),
    "GetEvaluation": lambda: GetEvaluation(campaign_id=CID),
    "AssetsEvaluated": lambda: AssetsEvaluated(campaign_id=CID, report=report()),
    "EvaluationDiscarded": lambda: EvaluationDiscarded(campaign_id=CID, was_live=False),
    "EvaluationView": lambda: EvaluationView(campaign_id=CID, status="live", report=report()),
    # delivery
    "BuildPack": lambda: BuildPack(
        campaign_id=CID, out_dir="/srv/packs",
        prepared_at=datetime(2027, 1, 4, 11, 0, tzinfo=CEST), seed=7, brief=brief(),
        strategy_id="s-1", strategy_version=2, strategy=doc(), assets=[asset(), ad()],
        calendar=calendar(), hashtag_sets={"core": ["#Northwind"]}, generator="deterministic",
        formats="data", qc=report()),
    "RevokePack": lambda: RevokePack(campaign_id=CID, reason="invoice voided"),
    "GetPack": lambda: GetPack(campaign_id=CID),
    "PackBuilt": lambda: PackBuilt(campaign_id=CID, pack_dir="/srv/packs/c-1",
                                   zip_path="/srv/packs/c-1.zip", files=[pack_file()],
                                   manifest_sha256="cd" * 32),
    "PackRevoked": lambda: PackRevoked(campaign_id=CID, files_removed=5),
    "PackView": lambda: PackView(campaign_id=CID, status="delivered", pack_dir="/srv/packs/c-1",
                                 zip_path="/srv/packs/c-1.zip", files=[pack_file()],
                                 manifest_sha256="cd" * 32, updated_at=T0),
    # supervisor
    "SubmitBatch": lambda: SubmitBatch(
        batch_id="b-1", out_dir="/srv/packs", window=8, seed=1, qc_rounds=3,
        pack_formats="data",
        campaigns=[CampaignSubmission(campaign_id=CID, brief=brief_dict())]),
    "GetBatch": lambda: GetBatch(batch_id="b-1", wait_seconds=2.5, include_campaigns=True),
    "ListBatches": lambda: ListBatches(limit=5),
    "CancelCampaigns": lambda: CancelCampaigns(target="b-1", reason="client paused"),
    "CancelAccepted": lambda: CancelAccepted(target="b-1", cancelling=3, already_finished=2),
    "BatchAccepted": lambda: BatchAccepted(batch_id="b-1", total=2, created=True),
    "BatchView": batch_view,
    "BatchList": lambda: BatchList(batches=[batch_view()]),
}


def all_contracts() -> dict[str, type[Contract]]:
    found = dict(registry.reply_types())
    for module in registry.modules():
        found.update(registry.accepted_by(module))
    return found


def test_every_registered_contract_has_a_factory():
    assert set(FACTORIES) == set(all_contracts())


@pytest.mark.parametrize("name", sorted(all_contracts()))
def test_contract_round_trips_inside_an_envelope(name):
    original = FACTORIES[name]()
    model = all_contracts()[name]
    assert type(original) is model
    sent = envelope(original, CID, now=datetime(2027, 1, 4, 11, 0, tzinfo=CEST))
    raws, batch = decode_request(encode_request(sent))
    assert batch is False and len(raws) == 1
    received = parse_envelope(raws[0])
    assert received.model_dump(exclude={"payload"}) == sent.model_dump(exclude={"payload"})
    assert model.model_validate(received.payload) == original


@pytest.mark.parametrize("name", sorted(registry.reply_types()))
def test_reply_round_trips_through_a_reply_frame(name):
    original = FACTORIES[name]()
    reply = reply_to(envelope(GetBrief(campaign_id=CID)), original, T0)
    [back] = decode_replies(encode_replies([reply], batch=False))
    assert back.ok and back.type == name and back.in_reply_to == reply.in_reply_to
    assert registry.reply_types()[name].model_validate(back.payload) == original


def test_decimal_date_and_aware_datetime_survive():
    at = datetime(2027, 1, 4, 11, 15, 30, 123456, tzinfo=CEST)
    value = {"money": Decimal("0.10"), "on": date(2027, 2, 1), "at": at}
    back = decode_value(encode_value(value))
    assert back["money"] == "0.10" and Decimal(back["money"]) == Decimal("0.10")
    assert back["on"] == "2027-02-01"
    assert back["at"] == at and back["at"].utcoffset() == timedelta(0)


def test_naive_datetime_is_rejected_everywhere():
    naive = datetime(2027, 1, 4, 9, 0)
    with pytest.raises(ValidationError, match="timezone"):
        Envelope(message_id="m", type="GetBrief", correlation_id=CID, sent_at=naive,
                 deadline=T0, payload={})
    raw = envelope(GetBrief(campaign_id=CID)).model_dump(mode="python")
    with pytest.raises(CodecError, match="sent_at"):
        parse_envelope({**raw, "sent_at": naive})
    with pytest.raises(CodecError, match="cannot encode"):
        encode_value({"at": naive})


def test_batch_frame_decodes_to_every_envelope_in_order():
    sent = [envelope(GetBrief(campaign_id=f"c-{i}"), f"c-{i}") for i in range(7)]
    raws, batch = decode_request(encode_request(sent))
    assert batch is True
    assert [parse_envelope(r).message_id for r in raws] == [e.message_id for e in sent]


def test_one_envelope_in_a_list_is_still_a_batch():
    raws, batch = decode_request(encode_request([envelope(GetBrief(campaign_id=CID))]))
    assert batch is True and len(raws) == 1


def test_reply_frame_mirrors_the_request_shape():
    replies = [reply_to(envelope(GetBrief(campaign_id=CID)), FACTORIES["BriefDiscarded"](), T0)
               for _ in range(3)]
    assert isinstance(decode_value(encode_replies(replies[:1], batch=False)), dict)
    as_batch = decode_value(encode_replies(replies, batch=True))
    assert isinstance(as_batch, list) and len(as_batch) == 3
    assert decode_replies(encode_replies(replies, batch=True)) == replies


@pytest.mark.parametrize(("frame", "needle"), [
    ("not bytes", "a frame is bytes"),
    (None, "a frame is bytes"),
    (b"\xc1", "not a msgpack frame"),
    (b"", "not a msgpack frame"),
    (b"\x01\x02", "not a msgpack frame"),  # trailing data after one value
    (encode_value([]), "empty batch"),
    (encode_value([{}] * (codec.MAX_BATCH + 1)), "exceeds"),
    (encode_value(42), "got int"),
    (encode_value("hello"), "got str"),
    (encode_value({1: "non-string key"}), "not a msgpack frame"),
])
def test_bad_frames_raise_codec_error(frame, needle):
    with pytest.raises(CodecError, match=needle):
        decode_request(frame)


def test_a_full_batch_is_accepted():
    raws, batch = decode_request(encode_value([{}] * codec.MAX_BATCH))
    assert batch and len(raws) == codec.MAX_BATCH


def test_oversize_frame_is_refused(monkeypatch):
    frame = encode_request(envelope(GetBrief(campaign_id=CID)))
    monkeypatch.setattr(codec, "MAX_FRAME_BYTES", len(frame) - 1)
    with pytest.raises(CodecError, match="exceeds"):
        decode_request(frame)
    with pytest.raises(CodecError, match="exceeds"):
        decode_replies(frame)
    monkeypatch.setattr(codec, "MAX_FRAME_BYTES", len(frame))
    assert decode_request(frame)[1] is False


def test_unencodable_value_is_a_codec_error():
    with pytest.raises(CodecError, match="cannot encode"):
        encode_value({"x": object()})


def test_malformed_envelope_names_the_field():
    raw = envelope(GetBrief(campaign_id=CID)).model_dump(mode="python")
    with pytest.raises(CodecError, match="message_id"):
        parse_envelope({**raw, "message_id": ""})
    with pytest.raises(CodecError, match=re.escape("(root)")):
        parse_envelope(["not", "a", "map"])


# Pinned once: shard_for must give the same answer in every process and every release,
# or a restarted pool would look for a campaign's rows on the wrong shard.
@pytest.mark.parametrize(("campaign_id", "shards", "expected"), [
    ("c-1", 4, 2),
    ("c-2", 4, 2),
    ("campaign-0001", 4, 1),
    ("00000000-0000-0000-0000-000000000000", 4, 2),
    ("c-1", 16, 2),
    ("c-1", 1000, 186),
])
def test_shard_for_is_stable(campaign_id, shards, expected):
    assert shard_for(campaign_id, shards) == expected


def test_shard_for_stays_in_range_and_spreads():
    ids = [f"campaign-{i:04d}" for i in range(1000)]
    counts = [0] * 4
    for cid in ids:
        shard = shard_for(cid, 4)
        assert 0 <= shard < 4
        counts[shard] += 1
    assert all(150 <= c <= 350 for c in counts), counts
    assert {shard_for(cid, 1) for cid in ids} == {0}


def test_shard_for_needs_a_shard():
    with pytest.raises(ValueError, match="at least one shard"):
        shard_for("c-1", 0)


@pytest.mark.parametrize(("overrides", "field", "needle"), [
    ({"website": "northwind dot io"}, "website", "website must be an http(s) URL"),
    ({"website": "ftp://northwind.io"}, "website", "website must be an http(s) URL"),
    ({"currency": "usd"}, "currency", "currency must be a 3-letter ISO code"),
    ({"currency": "DOLLARS"}, "currency", "currency must be a 3-letter ISO code"),
    ({"channels": ["x", "email", "x"]}, "channels", "channels must not repeat"),
    ({"objectives": ["Leads", " leads "]}, None, "objectives must not repeat"),
    ({"channels": ["tiktok"]}, "channels.0",
     "'linkedin', 'x', 'instagram', 'email', 'facebook', 'google_ads', 'meta_ads', 'blog' or "
     "'short_video'"),
    ({"budget": "0"}, "budget", "greater than 0"),
    ({"budget": "-500"}, "budget", "greater than 0"),
    ({"duration_weeks": 0}, "duration_weeks", "greater than or equal to 1"),
])
def test_brief_validation_messages_are_clear(overrides, field, needle):
    with pytest.raises(ValidationError) as info:
        CampaignBrief.model_validate(brief_dict(**overrides))
    [error] = info.value.errors()
    assert ".".join(str(p) for p in error["loc"]) == (field or "")
    assert needle in error["msg"]
