"""Raw lead rows -> validated leads, or the readable reasons a row was refused.

Rows come from CSV or JSONL as a driver read them, so every value may be a string, missing,
empty or the wrong type. Column names are matched loosely ("Company Size" is company_size);
empty strings and the usual "nothing here" markers (None, null, N/A, -) mean missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from contracts.cam import DuplicateRow, InvalidRow
from contracts.common import derived_id

from ._email import is_email, normalize_email

Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=500)]
OPTIONAL_FIELDS = ("title", "source", "industry", "company_size", "country", "phone",
                   "linkedin_url", "website")
_MISSING = {"", "none", "null", "nil", "n/a", "na", "-", "--"}
_NUMBER_SEPARATORS = re.compile(r"[,_\s]")
_URL = re.compile(r"^(https?://)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d{1,5})?(/\S*)?$")
_LINKEDIN = re.compile(r"^(https?://)?([a-z]{2,3}\.)?linkedin\.com/\S+$", re.IGNORECASE)


class LeadInput(BaseModel):
    """One lead row after cleaning: required fields present, optional ones well formed."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    name: Name
    email: str
    company: Name
    title: Name | None = None
    source: Name | None = None
    industry: Name | None = None
    company_size: int | None = Field(default=None, ge=1, le=10_000_000)
    country: Name | None = None
    phone: Annotated[str, StringConstraints(max_length=50)] | None = None
    linkedin_url: Text | None = None
    website: Text | None = None

    @field_validator("*")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        # No store keeps NUL in text (PostgreSQL refuses it), so the row is invalid here,
        # not a failed import later.
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("contains a NUL character (\\x00)")
        return value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if not is_email(value):
            raise ValueError("not an email address")
        return value

    @field_validator("linkedin_url")
    @classmethod
    def _linkedin(cls, value: str | None) -> str | None:
        if value is not None and not _LINKEDIN.match(value):
            raise ValueError("not a LinkedIn profile URL")
        return value

    @field_validator("website")
    @classmethod
    def _website(cls, value: str | None) -> str | None:
        if value is not None and not _URL.match(value):
            raise ValueError("not a web address")
        return value

    @property
    def normalized_email(self) -> str:
        return normalize_email(self.email)

    @property
    def completeness(self) -> float:
        """Share of the optional fields this row filled in."""
        present = sum(getattr(self, name) is not None for name in OPTIONAL_FIELDS)
        return present / len(OPTIONAL_FIELDS)


@dataclass(frozen=True)
class ParsedRow:
    index: int
    lead: LeadInput
    email: str  # normalized
    lead_id: str


def lead_id_for(normalized_email: str) -> str:
    return derived_id("lead", normalized_email)


def parse_rows(rows: list[dict[str, Any]]) -> tuple[list[ParsedRow], list[InvalidRow]]:
    """Validate every row; valid ones keep their index, invalid ones say what is wrong."""
    parsed: list[ParsedRow] = []
    invalid: list[InvalidRow] = []
    for index, raw in enumerate(rows):
        try:
            lead = LeadInput.model_validate(clean_row(raw))
        except ValidationError as exc:
            invalid.append(InvalidRow(index=index, problems=problems_of(exc)))
            continue
        email = lead.normalized_email
        parsed.append(ParsedRow(index, lead, email, lead_id_for(email)))
    return parsed, invalid


def clean_row(raw: dict[str, Any]) -> dict[str, Any]:
    """Loose column names to field names; blanks and "nothing here" markers to missing.
    The first non-missing value wins when two columns map to the same field."""
    cleaned: dict[str, Any] = {}
    for key, value in raw.items():
        field = re.sub(r"[\s\-]+", "_", str(key).strip().lower())
        value = _clean_value(field, value)
        if value is not None and field not in cleaned:
            cleaned[field] = value
    return cleaned


def _clean_value(field: str, value: Any) -> Any:
    if isinstance(value, bool):
        return str(value).lower()  # a flag is no name, title or head count
    if isinstance(value, (int, float)) and field != "company_size":
        value = str(value)  # JSONL phones and zip-like ids arrive as numbers
    if isinstance(value, str):
        value = " ".join(value.split())
        if value.lower() in _MISSING:
            return None
        if field == "company_size":
            value = _NUMBER_SEPARATORS.sub("", value)  # "1,200" employees
    return value


_MESSAGES = {
    "missing": "required",
    "string_type": "not text",
    "int_type": "not a whole number",
    "int_parsing": "not a whole number",
    "int_from_float": "not a whole number",
}


def problems_of(exc: ValidationError) -> list[str]:
    """One "field: what is wrong" line per error, in words a person fixing the file uses."""
    problems = []
    for error in exc.errors():
        field = ".".join(str(part) for part in error["loc"]) or "row"
        problems.append(f"{field}: {_message(error)}")
    return problems


def _message(error: Any) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "string_too_long":
        return f"longer than {ctx.get('max_length')} characters"
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"must be at most {ctx.get('le')}"
    return _MESSAGES.get(kind, str(error["msg"]).lower())


def dedupe(parsed: list[ParsedRow], known: set[str]) -> tuple[list[ParsedRow], list[DuplicateRow]]:
    """Split rows into new leads and duplicates of `known` lead ids or of an earlier row
    (the first row with an email wins)."""
    fresh: list[ParsedRow] = []
    duplicates: list[DuplicateRow] = []
    seen = set(known)
    for row in parsed:
        if row.lead_id in seen:
            duplicates.append(DuplicateRow(index=row.index, email=row.email, lead_id=row.lead_id))
        else:
            seen.add(row.lead_id)
            fresh.append(row)
    return fresh, duplicates
