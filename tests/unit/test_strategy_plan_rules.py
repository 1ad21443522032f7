"""Unit tests for the strategy's constraints: industry and geography decide the compliance
rules, the forbidden claims and which channels can run at all.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from actors.strategy._plan import derive_strategy
from contracts.common import Channel
from contracts.strategy import StrategyDoc
from tests.unit.test_strategy_plan import make_brief

BLOCKED_IN_CHINA = {Channel.INSTAGRAM, Channel.FACEBOOK, Channel.X, Channel.GOOGLE_ADS,
                    Channel.META_ADS}
GENERIC_CLAIMS = {"guaranteed results", "#1", "risk-free"}
PHARMA = {"industry": "pharma", "regulated": True, "geography": "Germany",
          "offer": "Nasivent allergy nasal spray, available without prescription",
          "target_audience": "Adult hay-fever sufferers who research remedies online",
          "compliance_notes": "Heilmittelwerbegesetz (HWG) applies; no comparisons."}
SAAS = {"industry": "b2b saas", "geography": "Germany",
        "offer": "Invoice automation: 30-day free pilot",
        "target_audience": "Finance teams at mid-sized companies"}


def compliance_text(doc: StrategyDoc) -> str:
    return " ".join(doc.constraints.compliance)


def planned(doc: StrategyDoc) -> set[Channel]:
    return {p.channel for p in doc.channel_plan}


@pytest.mark.parametrize("geography", ["China", "Shanghai, China", "Mainland China", "PRC"])
def test_china_plan_leaves_out_blocked_platforms(geography: str) -> None:
    brief = make_brief(geography=geography, channels=list(Channel), budget=Decimal("10000.01"))
    doc = derive_strategy(brief, 0)

    assert planned(doc).isdisjoint(BLOCKED_IN_CHINA)
    assert Channel.EMAIL in planned(doc) and Channel.LINKEDIN in planned(doc)
    excluded = " ".join(doc.constraints.excluded_channels).lower()
    for channel in BLOCKED_IN_CHINA:
        assert f"{channel.value}:" in excluded
    assert "china" in excluded
    assert sum(p.budget_share_pct for p in doc.channel_plan) == Decimal("100.00")
    assert sum(p.budget for p in doc.channel_plan) == Decimal("10000.01")
    assert "PIPL" in compliance_text(doc)


def test_china_brief_with_only_blocked_channels_falls_back_to_owned_channels() -> None:
    brief = make_brief(geography="Beijing, China",
                       channels=[Channel.INSTAGRAM, Channel.FACEBOOK, Channel.X])
    doc = derive_strategy(brief, 0)

    assert [p.channel for p in doc.channel_plan] == [Channel.EMAIL, Channel.BLOG]
    assert sum(p.budget_share_pct for p in doc.channel_plan) == Decimal("100.00")
    assert sum(p.budget for p in doc.channel_plan) == brief.budget
    assert any("owned channels: email and blog" in e for e in doc.constraints.excluded_channels)
    assert len(doc.constraints.excluded_channels) == 4
    assert "email and the blog" in doc.narrative.resolution


def test_instagram_plan_outside_china_is_kept() -> None:
    for geography in ("Hong Kong, China", "United Kingdom", "Kenya"):
        doc = derive_strategy(make_brief(geography=geography), 0)
        assert Channel.INSTAGRAM in planned(doc), geography
        assert doc.constraints.excluded_channels == []


def test_pharma_gets_regulatory_constraints_a_saas_brief_does_not() -> None:
    pharma = derive_strategy(make_brief(**PHARMA), 0)
    saas = derive_strategy(make_brief(**SAAS), 0)
    text = compliance_text(pharma).lower()

    for rule in ("no efficacy or safety claims", "fair balance", "adverse-event reporting",
                 "prescription-only medicines"):
        assert rule in text
        assert rule not in compliance_text(saas).lower()
    assert pharma.constraints.compliance != saas.constraints.compliance


def test_pharma_forbids_stricter_claims_than_saas() -> None:
    pharma = set(derive_strategy(make_brief(**PHARMA), 0).constraints.forbidden_claims)
    saas = set(derive_strategy(make_brief(**SAAS), 0).constraints.forbidden_claims)

    assert pharma >= GENERIC_CLAIMS and saas >= GENERIC_CLAIMS
    assert {"cure", "clinically proven", "no side effects"} <= pharma
    assert not {"cure", "clinically proven"} & saas
    assert len(pharma - saas) >= 5


@pytest.mark.parametrize(
    ("overrides", "rules", "claims"),
    [
        ({"industry": "fintech", "regulated": True}, ("risk warning", "no guaranteed returns"),
         {"guaranteed returns", "no risk"}),
        ({"industry": "crypto exchange", "regulated": True}, ("capital is at risk",),
         {"guaranteed returns", "safe investment"}),
        ({"industry": "gambling", "regulated": True}, ("age gating", "responsible gambling"),
         {"free money", "sure win"}),
        ({"industry": "legal services", "regulated": True}, ("no outcome guarantees",),
         {"guaranteed outcome"}),
        ({"industry": "healthcare clinic", "regulated": True}, ("no outcome promises",),
         {"cure", "no risk"}),
    ],
)
def test_regulated_industries_get_their_own_rules(overrides: dict[str, Any],
                                                  rules: tuple[str, ...],
                                                  claims: set[str]) -> None:
    doc = derive_strategy(make_brief(**overrides), 0)
    text = compliance_text(doc).lower()
    assert all(rule in text for rule in rules), text
    assert claims <= set(doc.constraints.forbidden_claims)
    assert any("evidence-first" in v for v in doc.constraints.brand_voice)


def test_a_brief_flagged_regulated_is_treated_as_regulated() -> None:
    doc = derive_strategy(make_brief(industry="vitamins", regulated=True), 0)
    assert "treated as regulated" in compliance_text(doc)
    assert "no risk" in doc.constraints.forbidden_claims
    assert any("compliance sign-off" in m.name.lower() for m in doc.timeline)


@pytest.mark.parametrize("geography", ["United Kingdom", "Manchester, UK", "Germany",
                                       "Paris, France", "Galway, Ireland", "European Union"])
def test_gdpr_applies_in_the_eu_and_uk(geography: str) -> None:
    doc = derive_strategy(make_brief(geography=geography), 0)
    assert "GDPR" in compliance_text(doc)
    assert "CAN-SPAM" not in compliance_text(doc)


def test_uk_brief_gets_asa_cap_rules() -> None:
    assert "ASA/CAP" in compliance_text(derive_strategy(make_brief(), 0))


def test_us_email_plan_gets_can_spam_and_ftc_rules() -> None:
    with_email = derive_strategy(make_brief(geography="United States"), 0)
    without = derive_strategy(make_brief(geography="United States", channels=[Channel.X]), 0)

    assert "CAN-SPAM" in compliance_text(with_email)
    assert "CAN-SPAM" not in compliance_text(without)
    assert "FTC endorsement" in compliance_text(with_email)
    assert "GDPR" not in compliance_text(with_email)


def test_two_markets_get_both_sets_of_rules() -> None:
    text = compliance_text(derive_strategy(make_brief(geography="United States and Germany"),
                                           0))
    assert "CAN-SPAM" in text and "GDPR" in text


def test_unknown_geography_still_gets_local_rules_named_for_it() -> None:
    text = compliance_text(derive_strategy(make_brief(geography="Nairobi, Kenya"), 0))
    assert "Data protection in Nairobi, Kenya" in text


def test_compliance_notes_are_included_verbatim() -> None:
    notes = "Paid creator posts must carry #ad per the ASA/CAP code; state the minimum spend."
    doc = derive_strategy(make_brief(compliance_notes=notes), 0)
    assert doc.constraints.compliance[0] == notes
    assert derive_strategy(make_brief(), 0).constraints.compliance[0] != notes


def test_generic_risky_claims_are_always_forbidden() -> None:
    for overrides in ({}, SAAS, {"industry": "bakery", "geography": "Kenya"}):
        claims = set(derive_strategy(make_brief(**overrides), 0).constraints.forbidden_claims)
        assert claims >= GENERIC_CLAIMS


def test_forbidden_claims_never_appear_in_the_strategy_s_own_pillars() -> None:
    for overrides in ({}, PHARMA, SAAS, {"industry": "fintech", "regulated": True}):
        doc = derive_strategy(make_brief(**overrides), 0)
        own = " ".join([*doc.narrative.pillars, *doc.narrative.taglines,
                        doc.call_to_action]).lower()
        assert not [c for c in doc.constraints.forbidden_claims if c.lower() in own]


def test_brand_voice_follows_the_tone() -> None:
    voice = derive_strategy(make_brief(tone="warm, understated, style-led"), 0)
    items = voice.constraints.brand_voice
    assert [v.split(":")[0] for v in items[:3]] == ["Warm", "Understated", "Style-led"]
    assert any("Acme" in v for v in items)
