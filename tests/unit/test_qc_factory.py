"""A clean campaign built by hand for the QC tests: every channel, a calendar, a brief and a
strategy. Other QC tests import it and seed one defect at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from actors.qc._rules import evaluate
from contracts.brief import NormalizedBrief
from contracts.common import Channel
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

BRAND = "Northwind"
START = date(2027, 2, 1)
PILLARS = [
    "Close in days, not weeks",
    "A live demo on your own ledger",
    "A free trial on your own data",
    "Peer advice for finance leaders",
]
OBJECTIVES = [
    "Book 120 qualified demos",
    "Grow free trial sign-ups by 40%",
    "Build an audience of finance leaders",
]
FOOTER = "\n\nThe Northwind team\nYou get this because you asked for updates. Unsubscribe any time."


def brief(**changes: object) -> NormalizedBrief:
    base = NormalizedBrief(
        client_id="northwind-ltd", client_name="Northwind Ltd", brand=BRAND,
        website="https://northwind.io", domain="northwind.io", industry="b2b saas",
        regulated=False, geography="United States",
        offer="Bank reconciliation software for mid-market finance teams",
        target_audience="Controllers at US companies with 200-2,000 staff",
        objectives=OBJECTIVES, channels=list(Channel), budget=Decimal("48000"),
        currency="USD", tone="plain, practical", start_date=START, duration_weeks=4,
        compliance_notes="",
    )
    return base.model_copy(update=changes)


def _persona(name: str, role: str) -> Persona:
    return Persona(name=name, role=role, pains=["a week-long close"],
                   motivations=["time back"], objections=["switching cost"])


def strategy(**constraints: object) -> StrategyDoc:
    rules = Constraints(
        compliance=["FTC: substantiate every performance claim"],
        forbidden_claims=["Never claim 'zero errors'", "fastest close in the industry"],
        brand_voice=["plain", "practical"],
    ).model_copy(update=constraints)
    return StrategyDoc(
        brand=BRAND, audience="Controllers at mid-market companies",
        business=BusinessReality(model="subscription SaaS", offer="reconciliation software",
                                 revenue_logic="demos turn into annual contracts"),
        market=MarketTruth(category="finance automation", alternatives=["spreadsheets"],
                           avoid=["fear-based messaging"]),
        personas=[_persona("Casey", "Controller"), _persona("Morgan", "VP Finance")],
        value=ValueArchitecture(positioning="The close, in days", proof_points=["5 days saved"],
                                differentiators=["matches as lines land"]),
        narrative=Narrative(problem="The close takes a week", resolution="Match as you go",
                            pillars=PILLARS, taglines=["Close in days"]),
        channel_plan=[ChannelPlan(channel=Channel.LINKEDIN, role="reach",
                                  budget_share_pct=Decimal("100"), budget=Decimal("48000"),
                                  posts_per_week=3)],
        constraints=rules,
        measurement=Measurement(kpis=[Kpi(name="demos", target=Decimal("120"), unit="demos",
                                          timeframe_weeks=12)]),
        timeline=[Milestone(week=1, on=START, name="launch"),
                  Milestone(week=4, on=START + timedelta(weeks=3), name="review")],
        call_to_action="Book a demo", hashtags=["FinOps"],
    )


def _email(n: int, subject: str, preheader: str, text: str, cta: str, pillar: str) -> Asset:
    return Asset(asset_id=f"em-{n}", channel=Channel.EMAIL, kind="email", subject=subject,
                 preheader=preheader, body=f"Hi there,\n\n{text}{FOOTER}", cta=cta,
                 pillar=pillar, sequence=n)


def emails() -> list[Asset]:
    return [
        _email(1, "Close the books in days with Northwind",
               "A calm month-end starts with matched bank lines.",
               "Your team should not spend a week chasing bank lines. Northwind matches them "
               "as they land. Month-end becomes a short review.\n\nBook a demo and we will "
               "walk through your own numbers.", "Book a demo", PILLARS[1]),
        _email(2, "How one team got five days back",
               "Their controller now ends each month by Wednesday.",
               "Last year a retail group closed its books in eight days. With Northwind it "
               "takes three. Their staff now spend that time on forecasts.\n\nRead the case "
               "study to see what changed.", "Read the case study", PILLARS[3]),
        _email(3, "Try Northwind free for 30 days",
               "Connect one bank account and see it match in minutes.",
               "You have seen how a calm close works. Now try it on your own books. Setup "
               "takes one call and no code.\n\nStart a free trial today.",
               "Start a free trial", PILLARS[2]),
    ]


def posts() -> list[Asset]:
    return [
        Asset(asset_id="x-1", channel=Channel.X, kind="post",
              hook="Month-end should not take a week.",
              body="Month-end should not take a week. Northwind matches each bank line as it "
                   "lands, so your close takes days. Book a demo. #FinOps",
              hashtags=["FinOps"], cta="Book a demo", pillar=PILLARS[0]),
        Asset(asset_id="li-1", channel=Channel.LINKEDIN, kind="post",
              hook="Your finance team is not slow. Your tools are.",
              body="Your finance team is not slow. Your tools are.\n\nMost teams lose five "
                   "days a month to matching bank lines by hand. Northwind matches them as "
                   "they land. The close turns into a short review.\n\nBook a demo and see "
                   "your own ledger, live.",
              cta="Book a demo", pillar=PILLARS[1]),
        Asset(asset_id="li-2", channel=Channel.LINKEDIN, kind="post",
              hook="We asked forty controllers what they would drop first.",
              body="We asked forty controllers what they would drop first. Most said the "
                   "spreadsheet that ties bank lines to the ledger.\n\nNorthwind does that "
                   "part for them. Finance leaders get their evenings back.\n\nRead the "
                   "report for the full answers.",
              cta="Read the report", pillar=PILLARS[3]),
        Asset(asset_id="ig-1", channel=Channel.INSTAGRAM, kind="caption",
              hook="No more spreadsheet marathons.",
              body="No more spreadsheet marathons. Northwind keeps the books matched every "
                   "day, so Friday stays free. Start a free trial from the link in bio. "
                   "#FinOps #Accounting #MonthEnd",
              hashtags=["FinOps", "Accounting", "MonthEnd"], cta="Start a free trial",
              pillar=PILLARS[2]),
        Asset(asset_id="fb-1", channel=Channel.FACEBOOK, kind="post",
              hook="What would your team do with five spare days?",
              body="What would your team do with five spare days? Northwind gives finance "
                   "teams that time back each month. It matches bank lines for you and flags "
                   "the few that need a look. Read the guide to see how a calm close works.",
              cta="Read the guide", pillar=PILLARS[0]),
    ]


def ads() -> list[Asset]:
    descriptions = ["Northwind matches bank lines as they land. Book a demo to see your ledger.",
                    "Finance teams close in days, not weeks. Start with your own data."]
    return [
        Asset(asset_id="gads-1", channel=Channel.GOOGLE_ADS, kind="ad",
              headlines=["Northwind Reconciliation", "Close the Books in Days",
                         "Book a Demo Today"],
              descriptions=descriptions, body=" ".join(descriptions), cta="Book a demo",
              pillar=PILLARS[1]),
        Asset(asset_id="meta-1", channel=Channel.META_ADS, kind="ad",
              headlines=["Close the books in days with Northwind"],
              body="Month-end without the chase. Northwind matches every bank line for you. "
                   "Start a free trial today.",
              cta="Start a free trial", pillar=PILLARS[2]),
    ]


def long_form() -> list[Asset]:
    return [
        Asset(asset_id="blog-1", channel=Channel.BLOG, kind="outline",
              title="How to close the books in three days",
              body="How to close the books in three days with Northwind\n"
                   "- Why the close takes a week today\n"
                   "- What changes when bank lines match as they land\n"
                   "- A three-day plan for finance leaders\n"
                   "- Where Northwind fits in your stack\n"
                   "Call to action: Book a demo",
              cta="Book a demo", pillar=PILLARS[0]),
        Asset(asset_id="vid-1", channel=Channel.SHORT_VIDEO, kind="script",
              title="Five days back", hook="Stop chasing bank lines.",
              body="[Hook] Stop chasing bank lines.\n[B-roll] A finance team at month-end.\n"
                   "VO: Most teams spend five days a month matching lines by hand. Northwind "
                   "does it as they land. Your close becomes a review, not a rescue.\n"
                   "[End card] Start a free trial at northwind.io.",
              cta="Start a free trial", pillar=PILLARS[2]),
    ]


def assets() -> list[Asset]:
    return [*posts(), *ads(), *emails(), *long_form()]


def entry(day: int, channel: Channel, asset_id: str, hook: str) -> CalendarEntry:
    return CalendarEntry(day=START + timedelta(days=day), channel=channel, asset_id=asset_id,
                         hook=hook)


def calendar(items: list[Asset] | None = None) -> list[CalendarEntry]:
    """One entry per organic asset (ads run continuously), never two per channel per day."""
    days = {"x-1": 0, "li-1": 0, "ig-1": 1, "fb-1": 2, "em-1": 3, "blog-1": 4, "vid-1": 5,
            "em-2": 10, "li-2": 10, "em-3": 17}
    return [entry(days[a.asset_id], a.channel, a.asset_id, a.hook or a.subject or a.title or "")
            for a in items or assets() if a.asset_id in days]


@dataclass(frozen=True)
class Campaign:
    brief: NormalizedBrief = field(default_factory=brief)
    strategy: StrategyDoc = field(default_factory=strategy)
    assets: list[Asset] = field(default_factory=assets)
    calendar: list[CalendarEntry] = field(default_factory=calendar)

    def run(self, round: int = 0) -> QcReport:
        return evaluate(self.brief, self.strategy, self.assets, self.calendar, round)

    def with_asset(self, asset_id: str, **changes: object) -> Campaign:
        """The campaign with one asset changed, everything else untouched."""
        swapped = [a.model_copy(update=changes) if a.asset_id == asset_id else a
                   for a in self.assets]
        return replace(self, assets=swapped)

    def asset(self, asset_id: str) -> Asset:
        [found] = [a for a in self.assets if a.asset_id == asset_id]
        return found


def not_passed(report: QcReport) -> list[tuple[str, str | None]]:
    return [(c.check_id, c.asset_id) for c in report.checks if c.status is not CheckStatus.PASS]


def find(report: QcReport, check_id: str, asset_id: str | None = None) -> QcCheck:
    [found] = [c for c in report.checks if (c.check_id, c.asset_id) == (check_id, asset_id)]
    return found


def test_clean_campaign_covers_every_channel() -> None:
    assert {a.channel for a in assets()} == set(Channel)
    assert [a.sequence for a in assets() if a.channel is Channel.EMAIL] == [1, 2, 3]


def test_clean_campaign_passes_every_check_with_full_score() -> None:
    report = Campaign().run()

    assert not_passed(report) == []
    assert (report.status, report.score) == (QcStatus.PASS, 100)
