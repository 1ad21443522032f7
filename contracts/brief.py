"""The campaign brief a client hands the agency, and its normalized form."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import Field, StringConstraints, field_validator, model_validator

from contracts.common import Channel, Contract

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]

_URL = re.compile(r"^https?://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d{1,5})?(/\S*)?$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


class CampaignBrief(Contract):
    """What the client asked for. Validated at the boundary with messages a person can act on."""

    client_name: ShortText
    brand_name: ShortText | None = Field(default=None, description="defaults to client_name")
    website: ShortText
    industry: ShortText
    geography: ShortText = Field(description="country or region the campaign runs in")
    offer: Text = Field(description="the product, service or promotion being marketed")
    target_audience: Text
    objectives: list[ShortText] = Field(min_length=1, max_length=6)
    channels: list[Channel] = Field(min_length=1, max_length=len(Channel))
    budget: Decimal = Field(gt=0, max_digits=14, decimal_places=2)
    currency: str = "USD"
    tone: ShortText = "confident, clear"
    start_date: date
    duration_weeks: int = Field(ge=1, le=52)
    compliance_notes: str = Field(default="", max_length=2000)

    @field_validator("website")
    @classmethod
    def _website_is_url(cls, value: str) -> str:
        if not _URL.match(value):
            raise ValueError("website must be an http(s) URL such as https://acme.com")
        return value

    @field_validator("currency")
    @classmethod
    def _currency_code(cls, value: str) -> str:
        if not _CURRENCY.match(value):
            raise ValueError("currency must be a 3-letter ISO code such as USD")
        return value

    @field_validator("channels")
    @classmethod
    def _channels_unique(cls, value: list[Channel]) -> list[Channel]:
        if len(set(value)) != len(value):
            raise ValueError("channels must not repeat")
        return value

    @field_validator("start_date")
    @classmethod
    def _plausible_start(cls, value: date) -> date:
        if not date(2000, 1, 1) <= value <= date(2100, 12, 31):
            raise ValueError("start_date must be between 2000-01-01 and 2100-12-31")
        return value

    @model_validator(mode="after")
    def _objectives_unique(self) -> CampaignBrief:
        lowered = [o.lower() for o in self.objectives]
        if len(set(lowered)) != len(lowered):
            raise ValueError("objectives must not repeat")
        return self

    @property
    def brand(self) -> str:
        return self.brand_name or self.client_name


class NormalizedBrief(Contract):
    """A brief onboarding accepted: canonical casing, derived facts, nothing missing."""

    client_id: str = Field(description="stable id of the client, derived from its name")
    client_name: str
    brand: str
    website: str
    domain: str
    industry: str = Field(description="lower-case canonical industry")
    regulated: bool
    geography: str
    offer: str
    target_audience: str
    objectives: list[str]
    channels: list[Channel]
    budget: Decimal
    currency: str
    tone: str
    start_date: date
    duration_weeks: int
    compliance_notes: str
