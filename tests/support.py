"""Test helpers shared by the tiers: a fake clock, envelope builders, and sending to and
reading from an in-process module actor."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, select

from contracts.codec import decode_replies, encode_request
from contracts.common import Contract, new_id
from contracts.envelope import Envelope, ReplyEnvelope
from infra.clock import Clock

T0 = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)


class FakeClock(Clock):
    """Time moves only when a test (or a backoff sleep) moves it."""

    def __init__(self, start: datetime = T0):
        self.current = start
        self.slept: list[float] = []

    def now(self) -> datetime:
        return self.current

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.current += timedelta(seconds=seconds)
        await asyncio.sleep(0)


def envelope(message: Contract, correlation_id: str = "c-1", *, message_id: str | None = None,
             type_name: str | None = None, version: str = "1.0", now: datetime = T0,
             ttl: float = 60, payload: dict[str, Any] | None = None) -> Envelope:
    return Envelope(
        message_id=message_id or new_id(),
        type=type_name or type(message).__name__,
        schema_version=version,
        correlation_id=correlation_id,
        sent_at=now,
        deadline=now + timedelta(seconds=ttl),
        payload=payload if payload is not None else message.model_dump(mode="python"),
    )


async def call(actor: Any, *envelopes: Envelope) -> list[ReplyEnvelope]:
    """Send envelopes to an in-process actor as one batch frame."""
    return decode_replies(await actor.handle(encode_request(list(envelopes))))


async def send(actor: Any, *messages: Contract, now: datetime | None = None
               ) -> list[ReplyEnvelope]:
    """Send messages to an in-process actor as one frame, each in a fresh envelope stamped at
    the actor's own (fake) clock, so none is late. `now` first moves that clock there."""
    if now is not None:
        actor.clock.current = now
    stamp = actor.clock.now()
    return await call(actor, *(envelope(m, now=stamp) for m in messages))


async def rows(actor: Any, query: Any) -> list[dict[str, Any]]:
    """The rows of `query` (a table, or a select for a filter or an order) in the in-process
    actor's own database, as dicts."""
    statement = query if isinstance(query, Select) else select(query)
    async with actor.engine.connect() as conn:
        return [dict(r) for r in (await conn.execute(statement)).mappings()]


def brief_dict(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "client_name": "Northwind Analytics",
        "website": "https://northwind.io",
        "industry": "B2B SaaS",
        "geography": "United States",
        "offer": "Usage-based analytics platform with a 30-day free trial",
        "target_audience": "Heads of data at mid-market retailers",
        "objectives": ["Generate qualified leads", "Build brand awareness"],
        "channels": ["linkedin", "x", "instagram", "email"],
        "budget": "40000",
        "currency": "USD",
        "tone": "confident, plain-spoken",
        "start_date": date(2027, 2, 1).isoformat(),
        "duration_weeks": 8,
        "compliance_notes": "",
    }
    base.update(overrides)
    return base


def strategy_doc(brand: str = "Northwind") -> Any:
    """A small but complete StrategyDoc for tests that need one but not a real plan."""
    from datetime import date as _date
    from decimal import Decimal

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

    persona = Persona(name="Dana", role="Head of data", pains=["slow reports"],
                      motivations=["faster decisions"], objections=["migration effort"])
    return StrategyDoc(
        brand=brand, audience="Heads of data at mid-market retailers",
        business=BusinessReality(model="subscription", offer="analytics platform",
                                 revenue_logic="trials convert to paid seats"),
        market=MarketTruth(category="analytics", alternatives=["spreadsheets"],
                           avoid=["feature lists"]),
        personas=[persona, persona.model_copy(update={"name": "Sam"})],
        value=ValueArchitecture(positioning=f"{brand} makes data fast", proof_points=["2x"],
                                differentiators=["usage pricing"]),
        narrative=Narrative(problem="slow data", resolution="fast data",
                            pillars=["Speed", "Clarity"], taglines=[f"{brand}: fast"]),
        channel_plan=[ChannelPlan(channel="linkedin", role="lead generation",
                                  budget_share_pct=Decimal("100.00"), budget=Decimal("40000"),
                                  posts_per_week=3)],
        constraints=Constraints(compliance=["GDPR consent"], forbidden_claims=["guaranteed"],
                                brand_voice=["plain"]),
        measurement=Measurement(kpis=[Kpi(name="leads", target=Decimal(100), unit="leads",
                                          timeframe_weeks=8)]),
        timeline=[Milestone(week=0, on=_date(2027, 2, 1), name="kickoff"),
                  Milestone(week=8, on=_date(2027, 3, 29), name="report")],
        call_to_action="Book a demo at northwind.io", hashtags=["#Northwind"])
