"""reword(): the default generator leaves creative alone; an LLM rewords bodies only.

The brief, strategy and assets are built here by hand so these tests do not depend on
the strategy or copy writers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import date
from decimal import Decimal

import pytest

from actors._kernel.generation import DraftGenerator
from actors._kernel.llm import OpenAICompatibleGenerator
from actors.production._creative import Creative
from actors.production._reword import BODY_LIMITS, reword
from contracts.brief import NormalizedBrief
from contracts.common import Channel
from contracts.production import Asset, CalendarEntry
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
from tests.unit.chat_server import ChatServer, FakeTime, Reply

BRAND = "Northwind"
CTA = "Start your free trial"
FORBIDDEN = ["guaranteed results", "risk-free"]


def make_brief() -> NormalizedBrief:
    return NormalizedBrief(
        client_id="client-northwind", client_name="Northwind Analytics", brand=BRAND,
        website="https://northwind.io", domain="northwind.io", industry="b2b saas",
        regulated=False, geography="United States",
        offer="Usage-based analytics with a 30-day free trial",
        target_audience="Heads of data at mid-market retailers",
        objectives=["Generate qualified leads"], channels=[Channel.X, Channel.EMAIL],
        budget=Decimal("20000"), currency="USD", tone="confident, clear",
        start_date=date(2027, 1, 4), duration_weeks=4, compliance_notes="")


def make_persona(name: str) -> Persona:
    return Persona(name=name, role="Head of data", pains=["slow dashboards"],
                   motivations=["faster answers"], objections=["migration effort"])


def make_strategy() -> StrategyDoc:
    return StrategyDoc(
        brand=BRAND, audience="Heads of data at mid-market retailers",
        business=BusinessReality(model="subscription SaaS", offer="analytics platform",
                                 revenue_logic="trials convert to paid seats"),
        market=MarketTruth(category="analytics", alternatives=["spreadsheets"],
                           avoid=["feature dumps"]),
        personas=[make_persona("Dana"), make_persona("Lee")],
        value=ValueArchitecture(positioning="Answers in minutes", proof_points=["10x faster"],
                                differentiators=["usage-based pricing"]),
        narrative=Narrative(problem="Slow reporting", resolution="Instant answers",
                            pillars=["Speed", "Cost"], taglines=["Ask, then act"]),
        channel_plan=[ChannelPlan(channel=Channel.X, role="reach",
                                  budget_share_pct=Decimal(100), budget=Decimal(20000),
                                  posts_per_week=3)],
        constraints=Constraints(compliance=["FTC endorsement rules"],
                                forbidden_claims=FORBIDDEN, brand_voice=["plain"]),
        measurement=Measurement(kpis=[Kpi(name="trials", target=Decimal(200), unit="signups",
                                          timeframe_weeks=4)]),
        timeline=[Milestone(week=1, on=date(2027, 1, 4), name="launch"),
                  Milestone(week=4, on=date(2027, 1, 25), name="review")],
        call_to_action=CTA, hashtags=["#data"])


def make_assets() -> list[Asset]:
    common = {"cta": CTA, "pillar": "Speed", "strategy_id": "s-1", "strategy_version": 1}
    return [
        Asset(asset_id="x-1", channel=Channel.X, kind="post", hook="Still waiting?",
              body=f"Still waiting on reports? {BRAND} answers in minutes. {CTA}", **common),
        Asset(asset_id="email-1", channel=Channel.EMAIL, kind="email", sequence=1,
              subject=f"{BRAND}: answers in minutes", preheader="No more waiting",
              body=f"Hi,\n\n{BRAND} answers in minutes.\n\n{CTA}\n\nUnsubscribe", **common),
        Asset(asset_id="gads-1", channel=Channel.GOOGLE_ADS, kind="ad",
              headlines=[f"{BRAND} Analytics", "Answers In Minutes"],
              descriptions=[f"{BRAND}: answers in minutes. {CTA}"],
              body=f"{BRAND}: answers in minutes. {CTA}", **common),
    ]


def make_creative() -> Creative:
    return Creative(
        assets=make_assets(),
        calendar=[CalendarEntry(day=date(2027, 1, 4), channel=Channel.X, asset_id="x-1",
                                hook="Still waiting?")],
        hashtag_sets={"core": ["#data"]})


@pytest.fixture
def server() -> Iterator[ChatServer]:
    with ChatServer() as chat:
        yield chat


@pytest.fixture
async def llm(server: ChatServer, monkeypatch: pytest.MonkeyPatch
              ) -> AsyncIterator[OpenAICompatibleGenerator]:
    monkeypatch.setenv("AICMO_TEST_LLM_KEY", "sk-reword-test")
    time = FakeTime()  # the 2/s rate limit applies, on a clock that never really waits
    generator = OpenAICompatibleGenerator("gpt-test", server.base_url,
                                          api_key_env="AICMO_TEST_LLM_KEY",
                                          sleep=time.sleep, monotonic=time.monotonic)
    yield generator
    await generator.close()


def test_every_channel_has_a_body_limit():
    assert set(BODY_LIMITS) == set(Channel)


async def test_the_default_generator_changes_nothing_and_calls_nobody(server: ChatServer):
    creative = make_creative()

    result = await reword(DraftGenerator(), creative, make_brief(), make_strategy(), seed=3)

    assert result == make_creative()
    assert server.requests == []


async def test_an_llm_rewords_bodies_and_keeps_brand_and_cta(
        server: ChatServer, llm: OpenAICompatibleGenerator):
    answers = [f"Reports that take days? {BRAND} answers in minutes. {CTA}",
               f"Hello,\n\nWith {BRAND}, answers arrive in minutes.\n\n{CTA}\n\nUnsubscribe",
               f"{BRAND} answers fast. {CTA}"]
    server.script(*[Reply(answer) for answer in answers])
    before = make_creative()

    after = await reword(llm, before, make_brief(), make_strategy(), seed=3)

    assert [a.body for a in after.assets] == answers
    for old, new in zip(before.assets, after.assets, strict=True):
        assert BRAND in new.body and CTA in new.body
        assert new.model_copy(update={"body": old.body}) == old  # only the body changed
    assert (after.calendar, after.hashtag_sets) == (before.calendar, before.hashtag_sets)
    assert llm.fallbacks == 0


async def test_each_request_carries_the_channel_limit_and_the_strategy_rules(
        server: ChatServer, llm: OpenAICompatibleGenerator):
    server.script(*[Reply(f"{BRAND}. {CTA}")] * 3)

    await reword(llm, make_creative(), make_brief(), make_strategy(), seed=3)

    prompts = [seen.body["messages"][1]["content"] for seen in server.requests]
    limits = [BODY_LIMITS[Channel.X], BODY_LIMITS[Channel.EMAIL], BODY_LIMITS[Channel.GOOGLE_ADS]]
    for prompt, limit in zip(prompts, limits, strict=True):
        assert f"At most {limit} characters" in prompt
        assert all(claim in prompt for claim in FORBIDDEN)
        assert BRAND in prompt and CTA in prompt
    assert {seen.body["seed"] for seen in server.requests} == {3}


async def test_an_answer_without_the_brand_leaves_that_body_as_drafted(
        server: ChatServer, llm: OpenAICompatibleGenerator):
    server.script(Reply(f"Answers in minutes. {CTA}"), Reply(f"{BRAND} mail. {CTA}"),
                  Reply("x" * 200))  # over the 90-character RSA description limit
    before = make_creative()

    after = await reword(llm, before, make_brief(), make_strategy(), seed=3)

    assert after.assets[0].body == before.assets[0].body
    assert after.assets[1].body == f"{BRAND} mail. {CTA}"
    assert after.assets[2].body == before.assets[2].body
    assert llm.fallbacks == 2
