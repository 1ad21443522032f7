"""CampaignBrief validation: every refusal names the field and says what is wrong."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from contracts.brief import CampaignBrief
from tests.support import brief_dict


@pytest.mark.parametrize(("overrides", "field", "needle"), [
    ({"website": "northwind dot io"}, "website", "website must be an http(s) URL"),
    ({"website": "ftp://northwind.io"}, "website", "website must be an http(s) URL"),
    ({"currency": "usd"}, "currency", "currency must be a 3-letter ISO code"),
    ({"currency": "DOLLARS"}, "currency", "currency must be a 3-letter ISO code"),
    ({"currency": "ABC"}, "currency", "'ABC' is not an ISO 4217 currency; use one of AED"),
    ({"currency": "XAU"}, "currency", "'XAU' is not an ISO 4217 currency"),  # gold: no one pays
    ({"currency": "JPY", "budget": "250000.50"}, None,
     "budget 250000.50 JPY must be a whole number: JPY has 0 minor-unit digits"),
    ({"currency": "USD", "budget": "2500.125"}, None,
     "budget 2500.125 USD must be at most 2 decimals"),
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


def test_a_dinar_budget_may_have_three_decimals():
    brief = CampaignBrief.model_validate(brief_dict(currency="KWD", budget="2500.125"))
    assert str(brief.budget) == "2500.125"
