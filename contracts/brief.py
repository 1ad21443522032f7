"""The campaign brief a client hands the agency, and its normalized form.

Money in a brief is in an ISO 4217 currency (contracts.money) and in that currency's
minor unit: a JPY budget is whole yen, a KWD one may have 3 decimals. The geography stays
the client's own words; the normalized brief adds the ISO countries it names
(contracts.geography), resolved once at intake, which strategy and billing read.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import Field, StringConstraints, field_validator, model_validator

from contracts.common import Channel, Contract
from contracts.geography import is_country_code, resolve_place
from contracts.money import check_currency, minor_units, to_minor_unit

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]

_URL = re.compile(r"^https?://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d{1,5})?(/\S*)?$")


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
    budget: Decimal = Field(gt=0, max_digits=14, decimal_places=3,
                            description="in the currency's minor unit: whole yen, cents, fils")
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
        if not (len(value) == 3 and value.isascii() and value.isalpha() and value.isupper()):
            raise ValueError("currency must be a 3-letter ISO code such as USD")
        return check_currency(value)  # UnknownCurrency is a ValueError naming the codes

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
    def _budget_in_minor_unit(self) -> CampaignBrief:
        if self.budget != to_minor_unit(self.budget, self.currency):
            units = minor_units(self.currency)
            unit = "a whole number" if units == 0 else f"at most {units} decimals"
            raise ValueError(f"budget {self.budget} {self.currency} must be {unit}: "
                             f"{self.currency} has {units} minor-unit digits")
        return self

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
    country_codes: list[str] = Field(
        default_factory=list,
        description="ISO 3166-1 alpha-2 countries the geography names, in order; empty when "
                    "it names none (a broad region such as APAC, or a place nobody knows)")
    country_code: str | None = Field(
        default=None, description="the one country the campaign runs in (what billing taxes); "
                                  "None when the geography names none or several")

    @model_validator(mode="before")
    @classmethod
    def _resolve_old_briefs(cls, data: object) -> object:
        """A brief stored before countries were resolved gets them from its geography, by
        the same resolver onboarding uses."""
        if (isinstance(data, dict) and "geography" in data
                and "country_codes" not in data and "country_code" not in data):
            place = resolve_place(str(data["geography"]))
            return {**data, "country_codes": list(place.countries),
                    "country_code": place.country}
        return data

    @field_validator("country_codes")
    @classmethod
    def _known_countries(cls, value: list[str]) -> list[str]:
        unknown = [code for code in value if not is_country_code(code)]
        if unknown:
            raise ValueError(f"not ISO 3166-1 alpha-2 country codes: {unknown}")
        return value
