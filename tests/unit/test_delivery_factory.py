"""A complete BuildPack built by hand, and helpers to write it, shared by the delivery tests.

Built here rather than by the strategy, production and QC actors so the delivery tests pin
what the pack renders, whatever those modules generate.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from actors.delivery._pack import manifest_fields, write_pack
from contracts.brief import NormalizedBrief
from contracts.common import Channel, Severity
from contracts.delivery import BuildPack, PackFile
from contracts.production import Asset, CalendarEntry
from contracts.qc import CheckStatus, QcCheck, QcReport, QcStatus
from contracts.strategy import (
    BusinessReality,
    ChannelPlan,
    Constraints,
    Kpi,
    MarketTruth,
    Measurement,
    Milestone,
    Narrative,
    Persona,
    StrategyDoc,
    ValueArchitecture,
)

CAMPAIGN = "cmp-0001"
CLIENT = "Northwind Ltd"
PREPARED_AT = datetime(2025, 2, 28, 16, 30, tzinfo=UTC)
START = date(2025, 3, 3)
PILLARS = ["Close in days, not weeks", "Calm, audit-ready control", "Finance teams grow"]


def brief() -> NormalizedBrief:
    return NormalizedBrief(
        client_id="northwind-ltd", client_name=CLIENT, brand="Northwind",
        website="https://northwind.example", domain="northwind.example", industry="finance",
        regulated=True, geography="United Kingdom",
        offer="Northwind Close, a reconciliation platform for mid-size finance teams",
        target_audience="Finance leads at 50-500 person companies",
        objectives=["Book 120 demos", "Grow the newsletter"],
        channels=[Channel.LINKEDIN, Channel.X, Channel.EMAIL, Channel.GOOGLE_ADS,
                  Channel.BLOG, Channel.SHORT_VIDEO],
        budget=Decimal("40000.00"), currency="GBP", tone="calm, precise", start_date=START,
        duration_weeks=8, compliance_notes="FCA financial promotion rules apply to any claim.",
    )


def _personas() -> list[Persona]:
    return [
        Persona(name="Priya", role="Financial controller",
                pains=["Month-end overtime", "Spreadsheet reconciliations break silently"],
                motivations=["Home on time at month-end", "Clean audits"],
                objections=["Another tool to learn", "Will it work with our ERP?"]),
        Persona(name="Tom", role="CFO",
                pains=["Late numbers for the board"],
                motivations=["Faster, trusted reporting"],
                objections=["Implementation cost", "Security review takes months"]),
    ]


def _plans() -> list[ChannelPlan]:
    rows = [(Channel.LINKEDIN, "Thought leadership for controllers", "30", 3),
            (Channel.X, "Fast commentary | month-end tips", "10", 5),
            (Channel.EMAIL, "Nurture sign-ups to a demo", "15", 1),
            (Channel.GOOGLE_ADS, "Capture reconciliation-software searches", "25", 0),
            (Channel.BLOG, "Search-led education", "10", 1),
            (Channel.SHORT_VIDEO, "Show the close in 30 seconds", "10", 2)]
    return [ChannelPlan(channel=ch, role=role, tactics=[f"{role} — weekly theme", "Reuse proof"],
                        cadence=f"{ppw} per week" if ppw else "always on",
                        budget_share_pct=Decimal(share),
                        budget=Decimal("40000") * Decimal(share) / 100, posts_per_week=ppw)
            for ch, role, share, ppw in rows]


def strategy() -> StrategyDoc:
    return StrategyDoc(
        brand="Northwind", audience="Finance leads at 50-500 person companies",
        business=BusinessReality(model="Subscription SaaS billed per entity",
                                 offer="Northwind Close with a 30-day guided pilot",
                                 revenue_logic="Demos convert to pilots; pilots to annual plans"),
        market=MarketTruth(category="Financial close and reconciliation software",
                           alternatives=["BlackLine", "Spreadsheets", "ERP add-ons"],
                           avoid=["Fear-based audit messaging", "Feature lists without proof"]),
        personas=_personas(),
        value=ValueArchitecture(
            positioning="For finance leads who dread month-end, Northwind Close is the "
                        "reconciliation platform that turns the close into a review.",
            proof_points=["Customers close in 4 days on average", "SOC 2 Type II"],
            differentiators=["Live matching", "Set up in a week"]),
        narrative=Narrative(problem="Month-end is a rescue mission run on spreadsheets.",
                            resolution="Continuous reconciliation makes it a review.",
                            pillars=PILLARS, taglines=["Close calmly.", "Month-end, handled."]),
        channel_plan=_plans(),
        constraints=Constraints(compliance=["FCA: fair, clear and not misleading"],
                                forbidden_claims=["guaranteed savings", "risk-free"],
                                brand_voice=["calm", "precise", "no hype"],
                                excluded_channels=["instagram: audience not there"]),
        measurement=Measurement(
            kpis=[Kpi(name="Demo bookings", target=Decimal("120"), unit="demos",
                      timeframe_weeks=8),
                  Kpi(name="Landing-page CTR", target=Decimal("2.5"), unit="%",
                      timeframe_weeks=4, kind="leading")],
            leading_indicators=["CTR", "Email opens"], lagging_indicators=["Pilots started"],
            review_cadence="Weekly performance review every Monday"),
        timeline=[Milestone(week=1, on=START, name="Launch"),
                  Milestone(week=4, on=START + timedelta(weeks=3), name="Mid-point review"),
                  Milestone(week=8, on=START + timedelta(weeks=7), name="Wrap-up report")],
        call_to_action="Book a demo at northwind.example/demo",
        hashtags=["#FinOps", "#MonthEnd"],
    )


def _post(asset_id: str, channel: Channel, n: int, words: int) -> Asset:
    pillar = PILLARS[n % len(PILLARS)]
    hook = f"{channel.value} hook {n}: month-end number {n} is a choice, not a fate."
    text = " ".join(f"Northwind note {n}.{i} on {pillar.lower()} — café-calm closing."
                    for i in range(words // 10))
    return Asset(asset_id=asset_id, channel=channel, kind="post", hook=hook,
                 body=f"{hook}\n\n{text}\n\nBook a demo. #FinOps", hashtags=["#FinOps"],
                 cta="Book a demo", pillar=pillar, strategy_id="st-1", strategy_version=2)


def _emails() -> list[Asset]:
    return [Asset(asset_id=f"em-{i}", channel=Channel.EMAIL, kind="email", sequence=i,
                  subject=f"Month-end, handled: step {i}", preheader=f"Part {i} of 3",
                  body=f"Hi Priya,\n\nStep {i}: " + " ".join(
                      f"Reconciliation habit {i}.{j} keeps the close calm." for j in range(12))
                  + "\n\nBook a demo.\n\nUnsubscribe at any time.",
                  cta="Book a demo", pillar=PILLARS[i % 3], strategy_id="st-1",
                  strategy_version=2) for i in (1, 2, 3)]


def _other_assets() -> list[Asset]:
    ad = Asset(asset_id="gad-1", channel=Channel.GOOGLE_ADS, kind="ad",
               headlines=["Close Month-End in Days", "Reconciliation, Handled", "Book a Demo"],
               descriptions=["Live matching for finance teams. See it in a 20-minute demo.",
                             "Set up in a week. SOC 2 Type II. Book your demo today."],
               body="Close Month-End in Days | Live matching for finance teams.",
               cta="Book a demo", pillar=PILLARS[0], strategy_id="st-1", strategy_version=2)
    blog = Asset(asset_id="blog-1", channel=Channel.BLOG, kind="outline",
                 title="The four-day close: a field guide",
                 body="\n".join(f"H2 {i}: Stage {i} of the close\n- What breaks\n- What to fix"
                                for i in range(1, 6)) + "\nCTA: Book a demo",
                 cta="Book a demo", pillar=PILLARS[1], strategy_id="st-1", strategy_version=2)
    video = Asset(asset_id="vid-1", channel=Channel.SHORT_VIDEO, kind="script",
                  title="Month-end in 30 seconds", hook="What if month-end took one coffee?",
                  body="HOOK (0-3s): What if month-end took one coffee?\nSCENE (3-20s): "
                       "Priya matches 4,000 lines live.\nCTA (20-30s): Book a demo.",
                  cta="Book a demo", pillar=PILLARS[2], strategy_id="st-1", strategy_version=2)
    return [ad, blog, video]


def assets() -> list[Asset]:
    posts = [_post(f"li-{n}", Channel.LINKEDIN, n, 120) for n in range(1, 5)]
    posts += [_post(f"x-{n}", Channel.X, n, 20) for n in range(1, 5)]
    return posts + _emails() + _other_assets()


def calendar() -> list[CalendarEntry]:
    cycle = [a for a in assets() if a.channel is not Channel.GOOGLE_ADS]
    return [CalendarEntry(day=START + timedelta(days=d), channel=cycle[d % len(cycle)].channel,
                          asset_id=cycle[d % len(cycle)].asset_id, hook=f"Day {d + 1} hook, "
                          f"{cycle[d % len(cycle)].channel.value}") for d in range(30)]


def qc_report() -> QcReport:
    checks = [QcCheck(check_id=f"limit.{a.channel.value}", asset_id=a.asset_id,
                      severity=Severity.BLOCKER, status=CheckStatus.PASS,
                      evidence=f"{len(a.body)} characters, within the limit") for a in assets()]
    checks += [
        QcCheck(check_id="readability", asset_id="li-1", severity=Severity.MINOR,
                status=CheckStatus.FAIL, evidence="Average sentence 27 words <long>",
                fix="Split the second paragraph into two sentences."),
        QcCheck(check_id="near_duplicate", asset_id=None, severity=Severity.MAJOR,
                status=CheckStatus.WARN, evidence="x-2 and x-3 share 62% of their words",
                fix="Give x-3 its own example."),
    ]
    return QcReport(status=QcStatus.WARN, score=92, round=1, checks=checks)


def build_pack(out_dir: Path | str = "/tmp/packs", campaign_id: str = CAMPAIGN) -> BuildPack:
    return BuildPack(
        campaign_id=campaign_id, out_dir=str(out_dir), prepared_at=PREPARED_AT, seed=7,
        brief=brief(), strategy_id="st-1", strategy_version=2, strategy=strategy(),
        assets=assets(), calendar=calendar(),
        hashtag_sets={"core": ["#FinOps", "#MonthEnd"], "community": ["#CFO", "#Controllers"]},
        qc=qc_report(),
    )


EXPECTED_FILES = [
    "README.txt", "assets.json", "calendar.csv", "calendar.ics", "channels/blog.md",
    "channels/email.md", "channels/google_ads.md", "channels/linkedin.md",
    "channels/short_video.md", "channels/x.md", "deck.pptx", "index.html", "qc_report.html",
    "qc_report.json", "strategy.md", "strategy.pdf",
]


def deliver(out_dir: Path, files: dict[str, bytes]) -> tuple[str, str, list[PackFile], str]:
    cmd = build_pack(out_dir)
    return write_pack(cmd.out_dir, cmd.campaign_id, files, manifest_fields(cmd))


def read_tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def leftovers(root: Path) -> list[str]:
    return [p.name for p in root.rglob(".*") if ".tmp-" in p.name or ".old-" in p.name]


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_factory_builds_a_consistent_campaign() -> None:
    cmd = build_pack()
    assert sum(p.budget_share_pct for p in cmd.strategy.channel_plan) == 100
    assert {e.asset_id for e in cmd.calendar} <= {a.asset_id for a in cmd.assets}
    assert len({(e.day, e.channel) for e in cmd.calendar}) == len(cmd.calendar)
